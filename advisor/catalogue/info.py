"""catalogue.yaml: who publishes the catalogue, its version and date."""

from __future__ import annotations

from typing import Any

from advisor.catalogue import values
from advisor.catalogue.problems import FILE_FIELD, Problems
from advisor.catalogue.records import YamlRecord
from advisor.catalogue.sources import YNode
from advisor.domain.catalogue import NATIONS

FILE = "catalogue.yaml"
REQUIRED = ("name", "publisher", "version", "updated", "nations")
# Extensions the model accepts beyond the format's own optional `contact_url`.
OPTIONAL = ("contact_url", "demo", "description")


def check_info(root: YNode | None, problems: Problems) -> dict[str, Any]:
    """The fields for `CatalogueInfo`, reporting every problem."""
    if root is None:
        problems.add(FILE, 1, FILE_FIELD, "is empty: it needs name, publisher, version, updated and nations")
        return {}
    if root.kind != "map":
        problems.add(FILE, root.line, FILE_FIELD, "must be a mapping of keys (name: ..., publisher: ...)")
        return {}
    record = YamlRecord(root, FILE, problems, required=REQUIRED, optional=OPTIONAL)
    nations = record.text_items("nations", lambda v: values.choice(v, NATIONS), non_empty=True)
    fields: dict[str, Any] = {
        "name": record.text("name"),
        "publisher": record.text("publisher"),
        "version": record.text("version"),
        "updated": record.date("updated"),
        "nations": tuple(n for n, _ in nations or ()),
        "contact_url": record.url("contact_url"),
        "demo": record.boolean("demo"),
        "description": record.text("description"),
    }
    return {key: value for key, value in fields.items() if value is not None}
