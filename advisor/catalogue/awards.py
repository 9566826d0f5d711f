"""awards.yaml: the larger qualifications that micro-credentials stack into, with their rules."""

from __future__ import annotations

from typing import Any

from advisor.catalogue import values
from advisor.catalogue.crossrefs import Declared, Links, Reference
from advisor.catalogue.problems import FILE_FIELD, Bad, Problems
from advisor.catalogue.records import YamlRecord
from advisor.catalogue.sources import YNode
from advisor.domain.catalogue import NATIONS
from advisor.domain.levels import FRAMEWORKS

FILE = "awards.yaml"
REQUIRED = ("id", "title", "short", "level_framework", "level", "credits")
OPTIONAL = (
    "min_credits_at_level",
    "required",
    "choose",
    "electives",
    "rpl_max_fraction",
    "max_years",
    "leads_to",
    "source_url",
    # Extensions the model accepts.
    "summary",
    "nations",
)
POOL_KEYS = ("ids", "sectors", "min_level", "max_level")


def check_awards(root: YNode | None, problems: Problems, links: Links) -> list[tuple[int, dict[str, Any]]]:
    """The fields for each `Award`, reporting every problem and recording ids and references."""
    if root is None:
        return []  # an empty file: no awards
    if root.kind != "list":
        problems.add(FILE, root.line, FILE_FIELD, "must be a list of awards (each starting with `- id: ...`)")
        links.unreadable.add("award")
        return []
    awards = []
    for item in root.value:
        if item.kind != "map":
            problems.add(
                FILE, item.line, "award", "each award must be a mapping of keys (id: ..., title: ...)"
            )
            continue
        record = YamlRecord(item, FILE, problems, required=REQUIRED, optional=OPTIONAL)
        awards.append((item.line, _check_award(record, links)))
    return awards


def _check_award(award: YamlRecord, links: Links) -> dict[str, Any]:
    framework = award.choice("level_framework", FRAMEWORKS)
    fields: dict[str, Any] = {
        "id": award.slug("id"),
        "title": award.text("title"),
        "short": award.text("short"),
        "level_framework": framework,
        "level": _level(award, "level", framework),
        "credits": award.integer("credits", minimum=0, strict=True),
        "rpl_max_fraction": award.number("rpl_max_fraction", minimum=0, maximum=1),
        "max_years": award.integer("max_years", minimum=0, strict=True),
        "source_url": award.url("source_url"),
        "summary": award.text("summary"),
    }
    if fields["id"] is not None:
        links.declared.append(Declared("award", fields["id"], FILE, award.line("id")))
    nations = award.text_items("nations", lambda v: values.choice(v, NATIONS))
    if nations is not None:
        fields["nations"] = tuple(n for n, _ in nations)

    required = award.text_items("required", values.slug)
    if required is not None:
        fields["required"] = tuple(course for course, _ in required)
        links.references.extend(Reference(FILE, line, "required", "course", c) for c, line in required)
    leads_to = award.text_items("leads_to", values.slug)
    if leads_to is not None:
        fields["leads_to"] = tuple(a for a, _ in leads_to)
        links.references.extend(Reference(FILE, line, "leads_to", "award", a) for a, line in leads_to)

    fields["min_credits_at_level"] = _min_credits(award, framework)
    fields["choose"] = _choose(award, framework, links)
    electives = award.get("electives")
    if electives is not None:
        fields["electives"] = _pool(award, "electives", electives, framework, links)
    return {key: value for key, value in fields.items() if value is not None}


def _level(record: YamlRecord, key: str, framework: str | None) -> int | None:
    level = record.integer(key)
    if level is None:
        return None
    try:
        return values.level(framework, level)
    except Bad as bad:
        record.problem(key, bad.message, record.get(key))
        return None


def _min_credits(award: YamlRecord, framework: str | None) -> dict[int, int] | None:
    node = award.get("min_credits_at_level")
    if node is None:
        return None
    if node.kind != "map":
        award.problem("min_credits_at_level", "must be a mapping of level: credits, e.g. {4: 120}", node)
        return None
    result: dict[int, int] = {}
    for key, child in node.value.items():
        try:
            # A quoted "4" (as YAML generated from JSON writes it) is as clear as 4.
            as_int = int(key) if isinstance(key, str) and key.strip().isdigit() else key
            level = values.level(framework, values.yaml_int(as_int))
        except Bad as bad:
            award.problem("min_credits_at_level", f"level `{key}`: {bad.message}", child)
            continue
        try:
            credits = values.yaml_int(child.value if child.kind == "scalar" else child.plain())
            values.at_least(credits, 0)
        except Bad as bad:
            award.problem("min_credits_at_level", f"credits at level {level}: {bad.message}", child)
            continue
        result[level] = credits
    return result


def _choose(award: YamlRecord, framework: str | None, links: Links) -> tuple[dict[str, Any], ...] | None:
    groups = award.items("choose")
    if groups is None:
        return None
    result = []
    for group_node in groups:
        if group_node.kind != "map":
            award.problem(
                "choose", "each group must be a mapping: {credits: N, from: {...}}", group_node, item=True
            )
            continue
        group = YamlRecord(
            group_node,
            award.file,
            award.problems,
            required=("credits", "from"),
            optional=(),
            prefix="choose.",
            what="a choose group",
        )
        credits = group.integer("credits", minimum=0, strict=True)
        pool_node = group.get("from")
        pool = _pool(group, "from", pool_node, framework, links) if pool_node is not None else None
        result.append({"credits": credits, "from": pool})
    return tuple(result)


def _pool(
    parent: YamlRecord, key: str, node: YNode, framework: str | None, links: Links
) -> dict[str, Any] | None:
    if node.kind != "map":
        parent.problem(key, "a pool must be a mapping with any of ids, sectors, min_level, max_level", node)
        return None
    pool = YamlRecord(
        node,
        parent.file,
        parent.problems,
        required=(),
        optional=POOL_KEYS,
        prefix=f"{parent.prefix}{key}.",
        what="a pool",
    )
    fields: dict[str, Any] = {}
    ids = pool.text_items("ids", values.slug)
    if ids is not None:
        fields["ids"] = tuple(course for course, _ in ids)
        links.references.extend(Reference(pool.file, line, pool.field("ids"), "course", c) for c, line in ids)
    sectors = pool.text_items("sectors", values.slug)
    if sectors is not None:
        fields["sectors"] = tuple(sector for sector, _ in sectors)
    low = _level(pool, "min_level", framework)
    high = _level(pool, "max_level", framework)
    if low is not None and high is not None and low > high:
        pool.problem(
            "max_level",
            f"max_level {high} is below min_level {low}: no course could be in the pool",
            pool.get("max_level"),
        )
    if low is not None:
        fields["min_level"] = low
    if high is not None:
        fields["max_level"] = high
    return fields
