"""`load_catalogue`: read a catalogue folder, check everything, and build the models only when it is all
valid, so a running service never holds a partly loaded catalogue."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from advisor.catalogue import awards, courses, funding, info
from advisor.catalogue.crossrefs import Links, check_links
from advisor.catalogue.guides import GUIDES_DIR, guide_fields
from advisor.catalogue.problems import FILE_FIELD, CatalogueInvalid, Problem, Problems
from advisor.catalogue.sources import YNode, read_csv, read_text, read_yaml
from advisor.domain.catalogue import Award, Catalogue, CatalogueInfo, Course, Guide, Scheme

FILE_ORDER = [info.FILE, courses.FILE, awards.FILE, funding.FILE]


def load_catalogue(path: Path) -> Catalogue:
    """The catalogue in folder `path`; raises `CatalogueInvalid` listing every problem found."""
    try:
        return _load(path)
    except CatalogueInvalid:
        raise
    except Exception as error:  # a validator bug must still end as a problem report, never a traceback
        raise CatalogueInvalid(
            [
                Problem(
                    str(path),
                    0,
                    "validator",
                    f"could not check this folder ({type(error).__name__}: {error})",
                )
            ]
        ) from error


def _load(path: Path) -> Catalogue:
    problems = Problems()
    if not path.is_dir():
        what = "is not a folder" if path.exists() else "no such folder"
        problems.add(str(path), 0, "folder", what)
        raise CatalogueInvalid(problems.in_order([]))

    files = _read_files(path, problems)
    texts = {name: read_text(data, name, problems) for name, data in files.items()}

    links = Links()
    info_fields: dict[str, Any] = {}
    if (root := _parse_yaml(texts, info.FILE, problems)) is not None:
        info_fields = info.check_info(root.node, problems)
    course_text = texts.get(courses.FILE)
    table = read_csv(course_text, courses.FILE, problems) if course_text is not None else None
    if table is None or not table.complete:
        links.unreadable.add("course")
    course_fields = courses.check_courses(table, problems, links)
    award_fields: list[tuple[int, dict[str, Any]]] = []
    if (root := _parse_yaml(texts, awards.FILE, problems)) is not None:
        award_fields = awards.check_awards(root.node, problems, links)
    else:
        links.unreadable.add("award")
    scheme_fields: list[tuple[int, dict[str, Any]]] = []
    if (root := _parse_yaml(texts, funding.FILE, problems)) is not None:
        scheme_fields = funding.check_schemes(root.node, problems, links)
    else:
        links.unreadable.add("scheme")
    check_links(links, problems)
    guide_list = [
        guide_fields(name, text)
        for name, text in texts.items()
        if name.startswith(f"{GUIDES_DIR}/") and text is not None
    ]
    if problems:
        raise CatalogueInvalid(problems.in_order(FILE_ORDER))

    # Every rule above mirrors the models, so pydantic should accept what passed; if it still refuses
    # something, report it like any other problem rather than let a traceback out.
    catalogue_info = _build(CatalogueInfo, info_fields, info.FILE, 1, problems)
    course_models = [_build(Course, f, courses.FILE, line, problems) for line, f in course_fields]
    award_models = [_build(Award, f, awards.FILE, line, problems) for line, f in award_fields]
    scheme_models = [_build(Scheme, f, funding.FILE, line, problems) for line, f in scheme_fields]
    guide_models = [_build(Guide, f, f"{GUIDES_DIR}/{f['id']}.md", 1, problems) for f in guide_list]
    if problems or catalogue_info is None:
        raise CatalogueInvalid(problems.in_order(FILE_ORDER))
    try:
        return Catalogue(
            info=catalogue_info,
            courses={c.id: c for c in course_models if c is not None},
            awards={a.id: a for a in award_models if a is not None},
            schemes={s.id: s for s in scheme_models if s is not None},
            guides={g.id: g for g in guide_models if g is not None},
            content_hash=_content_hash(files),
        )
    except ValidationError as error:
        _report_validation(error, info.FILE, 0, problems)
        raise CatalogueInvalid(problems.in_order(FILE_ORDER)) from None


def _read_files(folder: Path, problems: Problems) -> dict[str, bytes]:
    """Every file of the format by its name relative to the folder; missing required files reported."""
    found: dict[str, bytes] = {}
    for name in FILE_ORDER:
        _read_one(folder, name, found, problems, required=True)
    guides_dir = folder / GUIDES_DIR
    if guides_dir.exists():
        if not guides_dir.is_dir():
            problems.add(GUIDES_DIR, 0, FILE_FIELD, "must be a folder of .md files")
        else:
            for guide in sorted(guides_dir.glob("*.md")):
                if guide.is_file():
                    _read_one(folder, f"{GUIDES_DIR}/{guide.name}", found, problems, required=False)
    return found


def _read_one(
    folder: Path, name: str, found: dict[str, bytes], problems: Problems, *, required: bool
) -> None:
    file = folder / name
    if not file.exists():
        if required:
            problems.add(name, 0, FILE_FIELD, "missing: every catalogue folder needs this file")
        return
    try:
        found[name] = file.read_bytes()
    except OSError as error:
        problems.add(name, 0, FILE_FIELD, f"cannot be read ({error.strerror or error})")


def _content_hash(files: dict[str, bytes]) -> str:
    """sha256 over (name, size, bytes) of every file in a fixed order: same folder content, same hash."""
    digest = hashlib.sha256()
    for name in sorted(files):
        data = files[name]
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(str(len(data)).encode())
        digest.update(b"\0")
        digest.update(data)
    return digest.hexdigest()


@dataclass(frozen=True)
class _Parsed:
    node: YNode | None  # None for an empty document


def _parse_yaml(texts: dict[str, str | None], name: str, problems: Problems) -> _Parsed | None:
    """The parsed document, or None when the file is missing or unreadable (already reported)."""
    text = texts.get(name)
    if text is None:
        return None
    problems_before = len(problems)
    node = read_yaml(text, name, problems)
    if node is None and len(problems) > problems_before:
        return None
    return _Parsed(node)


def _build(
    model: Callable[..., BaseModel], fields: dict[str, Any], file: str, line: int, problems: Problems
) -> Any:
    try:
        return model(**fields)
    except ValidationError as error:
        _report_validation(error, file, line, problems)
        return None


def _report_validation(error: ValidationError, file: str, line: int, problems: Problems) -> None:
    for detail in error.errors():
        field = ".".join(str(part) for part in detail["loc"]) or "record"
        problems.add(file, line, field, str(detail["msg"]))
