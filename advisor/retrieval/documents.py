"""What gets embedded and searched: several short views of each course, each award, and guide chunks.

Separate views (title; summary and outcomes; skills and occupations) keep one long field from drowning
out a short, precise one; a course's dense score is the best of its views.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from advisor.domain.catalogue import Award, Catalogue, Course, Guide
from advisor.domain.levels import describe_level

DocKind = Literal["course", "award", "guide"]
GUIDE_CHUNK_CHARS = 800


@dataclass(frozen=True)
class IndexDocument:
    doc_id: str  # unique per vector, e.g. "course:ev-charge-points#skills"
    kind: DocKind
    ref_id: str  # the course, award or guide id
    title: str
    text: str
    heading: str = ""  # the guide section a chunk comes from


def course_views(course: Course) -> list[IndexDocument]:
    def doc(view: str, text: str) -> IndexDocument:
        return IndexDocument(f"course:{course.id}#{view}", "course", course.id, course.title, text)

    sector = course.sector.replace("-", " ")
    views = [
        doc("title", f"{course.title}. {sector}."),
        doc("about", f"{course.title}. {course.summary} You will: {'; '.join(course.learning_outcomes)}."),
    ]
    who = "; ".join(course.skills)
    if course.occupations:
        who += (". " if who else "") + "For: " + "; ".join(course.occupations)
    if who:
        views.append(doc("skills", f"{course.title}. {who}."))
    return views


def lexical_course_text(course: Course) -> str:
    """One text per course for BM25, with the short, precise fields repeated so they weigh more."""
    return " ".join(
        [
            course.title,
            course.title,
            course.summary,
            " ".join(course.learning_outcomes),
            " ".join(course.skills),
            " ".join(course.skills),
            " ".join(course.occupations),
            " ".join(course.occupations),
            course.sector.replace("-", " "),
            course.entry_requirements,
        ]
    )


def award_document(award: Award) -> IndexDocument:
    text = (
        f"{award.title} ({award.short}). {award.summary or ''} {award.credits} credits at "
        f"{describe_level(award.level, award.level_framework)}."
    )
    return IndexDocument(f"award:{award.id}", "award", award.id, award.title, text)


_HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.MULTILINE)


def guide_chunks(guide: Guide, max_chars: int = GUIDE_CHUNK_CHARS) -> list[IndexDocument]:
    """Split a guide at its headings, then pack paragraphs into chunks of about `max_chars`."""
    sections: list[tuple[str, str]] = []
    last_end, heading = 0, ""
    for hit in _HEADING.finditer(guide.body):
        sections.append((heading, guide.body[last_end : hit.start()]))
        heading, last_end = hit.group(2).strip(), hit.end()
    sections.append((heading, guide.body[last_end:]))

    chunks: list[IndexDocument] = []
    for heading, body in sections:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
        current = ""
        for paragraph in paragraphs:
            if current and len(current) + len(paragraph) > max_chars:
                chunks.append(_chunk(guide, heading, current, len(chunks)))
                current = ""
            current = f"{current}\n\n{paragraph}" if current else paragraph
        if current:
            chunks.append(_chunk(guide, heading, current, len(chunks)))
    return chunks


def _chunk(guide: Guide, heading: str, body: str, number: int) -> IndexDocument:
    context = guide.title if not heading or heading == guide.title else f"{guide.title}: {heading}"
    return IndexDocument(
        f"guide:{guide.id}#{number}", "guide", guide.id, guide.title, f"{context}. {body}", heading
    )


def build_documents(catalogue: Catalogue) -> list[IndexDocument]:
    documents: list[IndexDocument] = []
    for course in sorted(catalogue.courses.values(), key=lambda c: c.id):
        documents.extend(course_views(course))
    documents.extend(award_document(a) for a in sorted(catalogue.awards.values(), key=lambda a: a.id))
    for guide in sorted(catalogue.guides.values(), key=lambda g: g.id):
        documents.extend(guide_chunks(guide))
    return documents


def documents_digest(documents: list[IndexDocument]) -> str:
    """Changes whenever any embedded text changes, including when the way documents are made changes."""
    digest = hashlib.sha256()
    for doc in documents:
        digest.update(doc.doc_id.encode())
        digest.update(b"\0")
        digest.update(doc.text.encode())
        digest.update(b"\1")
    return digest.hexdigest()
