"""The `when` tree of a funding scheme: all / any / not / leaf, with each leaf's field, operator and value
checked against the fields the format allows and the values those fields take."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, get_args

from advisor.catalogue import values
from advisor.catalogue.problems import Bad, Problems
from advisor.catalogue.sources import YNode
from advisor.domain.catalogue import DELIVERY_MODES, NATIONS, OPERATORS
from advisor.domain.levels import FRAMEWORKS
from advisor.domain.profile import EmploymentStatus, WorkContract

EMPLOYMENT_STATUSES: tuple[str, ...] = get_args(EmploymentStatus)
WORK_CONTRACTS: tuple[str, ...] = get_args(WorkContract)


@dataclass(frozen=True)
class FieldType:
    kind: str  # "int" | "number" | "bool" | "slug" | "choice"
    choices: tuple[str, ...] = ()
    is_list: bool = False  # the field holds a list: only `contains` applies

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "number")


FIELDS: dict[str, FieldType] = {
    "learner.age": FieldType("int"),
    "learner.nation": FieldType("choice", NATIONS),
    "learner.uk_resident_years": FieldType("int"),
    "learner.employment_status": FieldType("choice", EMPLOYMENT_STATUSES),
    "learner.annual_income_gbp": FieldType("number"),
    "learner.highest_level": FieldType("int"),
    "learner.has_degree": FieldType("bool"),
    "learner.benefits": FieldType("bool"),
    # Extensions (catalogue-format-guide.md, section 5): additive, so every catalogue valid before still is.
    "learner.contract": FieldType("choice", WORK_CONTRACTS),
    "learner.at_risk_of_redundancy": FieldType("bool"),
    "learner.has_gcse_english": FieldType("bool"),
    "learner.has_gcse_maths": FieldType("bool"),
    "learner.english_assessed_below_gcse": FieldType("bool"),
    "learner.maths_assessed_below_gcse": FieldType("bool"),
    "learner.digital_assessed_below_level_1": FieldType("bool"),
    "employer.size": FieldType("int"),
    "employer.annual_paybill_gbp": FieldType("number"),
    "employer.sector": FieldType("slug"),
    "employer.citb_registered": FieldType("bool"),
    "employer.nation": FieldType("choice", NATIONS),
    "employer.levy_funds_left": FieldType("bool"),  # extension
    "course.id": FieldType("slug"),
    "course.level": FieldType("int"),
    "course.level_framework": FieldType("choice", FRAMEWORKS),
    "course.credits": FieldType("int"),
    "course.sector": FieldType("slug"),
    "course.delivery_mode": FieldType("choice", DELIVERY_MODES),
    "course.cost_gbp": FieldType("number"),
    "course.schemes": FieldType("slug", is_list=True),
    "course.nations": FieldType("choice", NATIONS, is_list=True),
}
ORDERING = ("lt", "le", "gt", "ge", "between")
BRANCHES = ("all", "any", "not")
LEAF_KEYS = ("field", "op", "value")


class ConditionChecker:
    """Checks one scheme's `when` (or another condition, named by `name`); problems name fields
    `when.<key>` at the line of the key at fault."""

    def __init__(self, file: str, problems: Problems, name: str = "when") -> None:
        self.file = file
        self.problems = problems
        self.name = name

    def report(self, line: int, key: str, message: str) -> None:
        self.problems.add(self.file, line, f"{self.name}.{key}" if key else self.name, message)

    def check(self, node: YNode) -> Any:
        """The condition as plain data for the model (values normalised), or None when it is broken."""
        if node.kind != "map":
            self.report(node.line, "", "a condition must be a mapping: all, any, not, or {field, op, value}")
            return None
        keys = set(node.value)
        branches = keys & set(BRANCHES)
        if branches:
            if len(keys) != 1:
                others = ", ".join(sorted(str(k) for k in keys))
                self.report(node.line, "", f"a condition has exactly one of all, any, not; found {others}")
                return None
            key = next(iter(branches))
            child = node.value[key]
            if key == "not":
                inner = self.check(child)
                return None if inner is None else {"not": inner}
            if child.kind != "list":
                self.report(child.key_line, key, f"`{key}` must be a list of conditions")
                return None
            parts = [self.check(item) for item in child.value]
            return None if any(part is None for part in parts) else {key: parts}
        return self._leaf(node)

    def _leaf(self, node: YNode) -> dict[str, Any] | None:
        entries: dict[Any, YNode] = node.value
        ok = True
        for key, child in entries.items():
            if key not in LEAF_KEYS:
                self.report(
                    child.key_line, str(key), "unknown key in a condition (a leaf has field, op, value)"
                )
                ok = False
        for key in LEAF_KEYS:
            if key not in entries or (key != "value" and entries[key].is_null):
                self.report(node.line, key, "is required in a condition leaf {field, op, value}")
                ok = False
        if not ok:
            return None
        field_node, op_node, value_node = entries["field"], entries["op"], entries["value"]
        field_type = FIELDS.get(field_node.raw.strip()) if field_node.kind == "scalar" else None
        if field_type is None:
            self.report(
                field_node.key_line,
                "field",
                f"`{field_node.raw or field_node.plain()}` is not a field a condition may read"
                f" (allowed: {', '.join(FIELDS)})",
            )
            return None
        field = field_node.raw.strip()
        op = op_node.raw.strip() if op_node.kind == "scalar" else ""
        if op not in OPERATORS:
            self.report(
                op_node.key_line,
                "op",
                f"`{op or op_node.plain()}` is not an operator ({', '.join(OPERATORS)})",
            )
            return None
        try:
            _check_op_fits(field, field_type, op)
        except Bad as bad:
            self.report(op_node.key_line, "op", bad.message)
            return None
        try:
            value = _value(field, field_type, op, value_node)
        except Bad as bad:
            self.report(value_node.key_line, "value", bad.message)
            return None
        return {"field": field, "op": op, "value": value}


def _check_op_fits(field: str, field_type: FieldType, op: str) -> None:
    if field_type.is_list and op != "contains":
        raise Bad(f"`{field}` is a list: use op `contains` (wrap it in `not` for 'does not contain')")
    if op == "contains" and not field_type.is_list:
        lists = ", ".join(name for name, kind in FIELDS.items() if kind.is_list)
        raise Bad(f"`contains` needs a list field ({lists}); `{field}` is not a list")
    if op in ORDERING and not field_type.numeric:
        raise Bad(f"`{op}` compares numbers, and `{field}` is not a number")


def _value(field: str, field_type: FieldType, op: str, node: YNode) -> Any:
    if op == "contains":
        return _one(field, field_type, node)
    if op in ("in", "not_in"):
        if node.kind != "list":
            raise Bad(f"`{op}` needs a list of values, e.g. [a, b]")
        return [_one(field, field_type, item) for item in node.value]
    if op == "between":
        if node.kind != "list" or len(node.value) != 2:
            found = f"{len(node.value)} values" if node.kind == "list" else "one value"
            raise Bad(f"`between` needs a list of two values [low, high], found {found}")
        low, high = (_one(field, field_type, item) for item in node.value)
        if low > high:
            raise Bad(f"`between` needs [low, high] with low <= high, found [{low}, {high}]")
        return [low, high]
    return _one(field, field_type, node)


def _one(field: str, field_type: FieldType, node: YNode) -> Any:
    """One value of the field's type; text fields take the text as written (so `123` stays a string)."""
    if node.kind != "scalar" or node.is_null:
        raise Bad(f"`{field}` takes one value here, found {values.kind_of(node.plain())}")
    value = node.value
    if field_type.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise Bad(f"`{field}` is a whole number, found {values.kind_of(value)} `{node.raw}`")
        return value
    if field_type.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise Bad(f"`{field}` is a number, found {values.kind_of(value)} `{node.raw}`")
        return value
    if field_type.kind == "bool":
        if not isinstance(value, bool):
            raise Bad(f"`{field}` is true or false, found {values.kind_of(value)} `{node.raw}`")
        return value
    text = node.raw.strip()
    if field_type.kind == "choice":
        if text not in field_type.choices:
            raise Bad(f"`{field}` is one of {', '.join(field_type.choices)}, found `{text}`")
        return text
    try:
        return values.slug(text)
    except Bad as bad:
        raise Bad(f"`{field}`: {bad.message}") from None
