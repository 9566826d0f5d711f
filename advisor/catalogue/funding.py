"""funding.yaml: funding schemes and who or what they apply to."""

from __future__ import annotations

from typing import Any

from advisor.catalogue import values
from advisor.catalogue.conditions import ConditionChecker
from advisor.catalogue.crossrefs import Declared, Links, Reference
from advisor.catalogue.problems import FILE_FIELD, Problems
from advisor.catalogue.records import YamlRecord
from advisor.catalogue.sources import YNode
from advisor.domain.catalogue import NATIONS, SCHEME_KINDS

FILE = "funding.yaml"
REQUIRED = (
    "id",
    "name",
    "kind",
    "for",
    "nations",
    "when",
    "covers",
    "summary",
    "how_to_apply",
    "source_url",
    "last_verified",
)
# Extensions the model accepts.
OPTIONAL = ("combines_with", "check_with_advisor", "covers_when")
AUDIENCES = ("learner", "employer")
# The format's keys, then the extensions (catalogue-format-guide.md, section 5).
COVERS_KEYS = ("percent_of_fee", "amount_gbp", "max_gbp", "percent_of_market_rate", "amount_unknown")
COVER_RULE_KEYS = ("when", "covers")


def check_schemes(root: YNode | None, problems: Problems, links: Links) -> list[tuple[int, dict[str, Any]]]:
    """The fields for each `Scheme`, reporting every problem and recording ids and references."""
    if root is None:
        return []  # an empty file: no schemes
    if root.kind != "list":
        problems.add(
            FILE, root.line, FILE_FIELD, "must be a list of schemes (each starting with `- id: ...`)"
        )
        links.unreadable.add("scheme")
        return []
    schemes = []
    for item in root.value:
        if item.kind != "map":
            problems.add(
                FILE, item.line, "scheme", "each scheme must be a mapping of keys (id: ..., name: ...)"
            )
            continue
        record = YamlRecord(item, FILE, problems, required=REQUIRED, optional=OPTIONAL)
        schemes.append((item.line, _check_scheme(record, problems, links)))
    return schemes


def _check_scheme(scheme: YamlRecord, problems: Problems, links: Links) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": scheme.slug("id"),
        "name": scheme.text("name"),
        "kind": scheme.choice("kind", SCHEME_KINDS),
        "for": scheme.choice("for", AUDIENCES),
        "summary": scheme.text("summary"),
        "how_to_apply": scheme.text("how_to_apply"),
        "source_url": scheme.url("source_url"),
        "last_verified": scheme.date("last_verified"),
        "check_with_advisor": scheme.text("check_with_advisor"),
    }
    if fields["id"] is not None:
        links.declared.append(Declared("scheme", fields["id"], FILE, scheme.line("id")))
    nations = scheme.text_items("nations", lambda v: values.choice(v, NATIONS), non_empty=True)
    if nations is not None:
        fields["nations"] = tuple(n for n, _ in nations)
    combines = scheme.text_items("combines_with", values.slug)
    if combines is not None:
        fields["combines_with"] = tuple(s for s, _ in combines)
        links.references.extend(Reference(FILE, line, "combines_with", "scheme", s) for s, line in combines)
    when = scheme.get("when")
    if when is not None:
        fields["when"] = ConditionChecker(FILE, problems).check(when)
    fields["covers"] = _covers(scheme)
    fields["covers_when"] = _covers_when(scheme, problems)
    return {key: value for key, value in fields.items() if value is not None}


def _covers(scheme: YamlRecord) -> dict[str, Any] | None:
    node = scheme.get("covers")
    if node is None:
        return None
    if node.kind != "map":
        scheme.problem("covers", f"must be a mapping with any of {', '.join(COVERS_KEYS)}", node)
        return None
    covers = YamlRecord(
        node,
        scheme.file,
        scheme.problems,
        required=(),
        optional=COVERS_KEYS,
        prefix=f"{scheme.field('covers')}.",
        what="covers",
    )
    amounts: dict[str, Any] = {
        "percent_of_fee": covers.number("percent_of_fee", minimum=0, maximum=100),
        "amount_gbp": covers.number("amount_gbp", minimum=0),
        "max_gbp": covers.number("max_gbp", minimum=0),
        "percent_of_market_rate": covers.number("percent_of_market_rate", minimum=0, maximum=100),
        "amount_unknown": covers.boolean("amount_unknown"),
    }
    if not any(covers.has(key) for key in COVERS_KEYS):
        scheme.problem("covers", f"must give at least one of {', '.join(COVERS_KEYS)}", node)
    return {key: value for key, value in amounts.items() if value is not None}


def _covers_when(scheme: YamlRecord, problems: Problems) -> list[dict[str, Any]] | None:
    """The optional `covers_when` list: each entry a `when` condition and the `covers` that then apply."""
    nodes = scheme.items("covers_when")
    if nodes is None:
        return None
    rules: list[dict[str, Any]] = []
    broken = False
    for item in nodes:
        if item.kind != "map":
            scheme.problem(
                "covers_when", "each entry must be a mapping {when: ..., covers: ...}", item, item=True
            )
            broken = True
            continue
        entry = YamlRecord(
            item,
            FILE,
            problems,
            required=COVER_RULE_KEYS,
            optional=(),
            prefix="covers_when.",
            what="covers_when",
        )
        when_node = entry.get("when")
        when = (
            ConditionChecker(FILE, problems, name="covers_when.when").check(when_node) if when_node else None
        )
        covers = _covers(entry)
        if when is None or covers is None:
            broken = True
            continue
        rules.append({"when": when, "covers": covers})
    return None if broken else rules
