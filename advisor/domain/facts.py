"""Learner and employer facts from plain dicts (API bodies, eval profiles), with errors that name the field.

Keys are the `learner.*` / `employer.*` field names of catalogue-format.md without the prefix (the prefixed
form is accepted too). `None` means "not known yet". A value of the wrong type or outside its range is an
error, never quietly turned into unknown: a funding answer built on a guessed fact would mislead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from advisor.domain.profile import EmployerFacts, LearnerFacts

FactsModel = TypeVar("FactsModel", LearnerFacts, EmployerFacts)


class FactsInvalid(ValueError):
    """One or more facts are wrong; `problems` maps each field (e.g. `learner.age`) to what is wrong."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{name}: {message}" for name, message in problems.items()))

    @property
    def fields(self) -> list[str]:
        return list(self.problems)


def learner_facts(data: Mapping[str, Any] | None) -> LearnerFacts:
    return _facts(LearnerFacts, "learner", data)


def employer_facts(data: Mapping[str, Any] | None) -> EmployerFacts:
    return _facts(EmployerFacts, "employer", data)


def _facts(model: type[FactsModel], prefix: str, data: Mapping[str, Any] | None) -> FactsModel:
    if data is None:
        return model()
    if not isinstance(data, Mapping):
        raise FactsInvalid({prefix: "must be an object of facts"})
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    known = list(model.model_fields)
    for key, value in data.items():
        name = key.removeprefix(f"{prefix}.") if isinstance(key, str) else key
        if name not in model.model_fields:
            problems[f"{prefix}.{key}"] = f"not a known fact (known: {', '.join(known)})"
            continue
        if value is not None and isinstance(value, bool) and _is_numeric(model, name):
            problems[f"{prefix}.{name}"] = f"must be a number, not {str(value).lower()}"
            continue
        values[name] = value
    if not problems:
        try:
            return model(**values)
        except ValidationError as error:
            problems.update(_problems(error, prefix, values))
    raise FactsInvalid(problems)


def _is_numeric(model: type[BaseModel], name: str) -> bool:
    annotation = str(model.model_fields[name].annotation)
    return "int" in annotation or "float" in annotation


def _problems(error: ValidationError, prefix: str, values: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else prefix
        shown = values.get(name, item.get("input"))
        message = str(item["msg"])
        message = message[0].lower() + message[1:] if message else "is not valid"
        out.setdefault(f"{prefix}.{name}", f"{message} (got {shown!r})")
    return out
