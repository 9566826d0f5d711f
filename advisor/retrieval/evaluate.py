"""Retrieval quality on a labelled set: Recall@k, nDCG@k, MRR and time per query, for the full system and
for BM25-only and dense-only baselines, measured the same way in the same run."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from advisor.domain.profile import ROLES, Profile, Role
from advisor.retrieval.search import Matcher


class EvalSetError(Exception):
    """The labelled set cannot be used; str() is one line naming the file and line."""


@dataclass(frozen=True)
class EvalCase:
    id: str
    message: str
    relevant: tuple[str, ...]
    profile: Profile | None = None
    role: Role | None = None


@dataclass(frozen=True)
class SystemScore:
    recall: float
    ndcg: float
    mrr: float
    ms_per_query: float

    def to_json(self) -> dict[str, float]:
        return {
            "recall": round(self.recall, 4),
            "ndcg": round(self.ndcg, 4),
            "mrr": round(self.mrr, 4),
            "ms_per_query": round(self.ms_per_query, 2),
        }


def load_cases(path: Path, known_ids: set[str]) -> list[EvalCase]:
    """Read a JSON Lines labelled set; every problem names its line."""
    if not path.is_file():
        raise EvalSetError(f"{path}: no such file")
    cases: list[EvalCase] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalSetError(f"{path.name}:{number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(raw, dict):
            raise EvalSetError(f"{path.name}:{number}: expected a JSON object")
        message, relevant = raw.get("message"), raw.get("relevant")
        if not isinstance(message, str) or not message.strip():
            raise EvalSetError(f"{path.name}:{number}: message: must be a non-empty string")
        if not isinstance(relevant, list) or not relevant or not all(isinstance(r, str) for r in relevant):
            raise EvalSetError(f"{path.name}:{number}: relevant: must be a non-empty list of course ids")
        unknown = [r for r in relevant if r not in known_ids]
        if unknown:
            raise EvalSetError(f"{path.name}:{number}: relevant: unknown course id(s) {', '.join(unknown)}")
        role = raw.get("role")
        if role is not None and role not in ROLES:
            raise EvalSetError(f"{path.name}:{number}: role: must be one of {', '.join(ROLES)}")
        profile = None
        if raw.get("profile") is not None:
            profile = _profile_from_case(raw["profile"], path.name, number)
        cases.append(EvalCase(str(raw.get("id", f"line{number}")), message, tuple(relevant), profile, role))
    if not cases:
        raise EvalSetError(f"{path}: no cases")
    return cases


def _profile_from_case(data: Any, name: str, number: int) -> Profile:
    """Case profiles use the catalogue-format field names (learner.* / employer.* without the prefix)."""
    if not isinstance(data, dict):
        raise EvalSetError(f"{name}:{number}: profile: expected an object")
    learner_fields = set(Profile.model_fields["learner"].annotation.model_fields)  # type: ignore[union-attr]
    employer_fields = set(Profile.model_fields["employer"].annotation.model_fields)  # type: ignore[union-attr]
    top_fields = set(Profile.model_fields)
    shaped: dict[str, Any] = {"learner": {}, "employer": {}}
    for key, value in data.items():
        if key in ("learner", "employer", "constraints") and isinstance(value, dict):
            shaped.setdefault(key, {}).update(value)
        elif key in learner_fields:
            shaped["learner"][key] = value
        elif key in employer_fields:
            shaped["employer"][key] = value
        elif key in top_fields:
            shaped[key] = value
        else:
            raise EvalSetError(f"{name}:{number}: profile: unknown field {key}")
    try:
        return Profile.model_validate(shaped)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise EvalSetError(f"{name}:{number}: profile.{where}: {first['msg']}") from exc


def recall_at_k(ranked: Sequence[str], relevant: Sequence[str], k: int) -> float:
    return len(set(ranked[:k]) & set(relevant)) / len(set(relevant))


def ndcg_at_k(ranked: Sequence[str], relevant: Sequence[str], k: int) -> float:
    wanted = set(relevant)
    dcg = sum(1 / math.log2(i + 2) for i, cid in enumerate(ranked[:k]) if cid in wanted)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(wanted), k)))
    return dcg / ideal if ideal else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: Sequence[str], k: int) -> float:
    for i, cid in enumerate(ranked[:k]):
        if cid in relevant:
            return 1 / (i + 1)
    return 0.0


Ranker = Callable[[EvalCase, int], list[str]]


def score_system(cases: Sequence[EvalCase], rank: Ranker, k: int) -> tuple[SystemScore, list[list[str]]]:
    rankings: list[list[str]] = []
    started = time.perf_counter()
    for case in cases:
        rankings.append(rank(case, k))
    elapsed = time.perf_counter() - started
    n = len(cases)
    return (
        SystemScore(
            recall=sum(recall_at_k(r, c.relevant, k) for r, c in zip(rankings, cases, strict=True)) / n,
            ndcg=sum(ndcg_at_k(r, c.relevant, k) for r, c in zip(rankings, cases, strict=True)) / n,
            mrr=sum(reciprocal_rank(r, c.relevant, k) for r, c in zip(rankings, cases, strict=True)) / n,
            ms_per_query=elapsed * 1000 / n,
        ),
        rankings,
    )


@dataclass(frozen=True)
class EvalReport:
    k: int
    cases: int
    systems: dict[str, SystemScore]
    rankings: dict[str, list[list[str]]]

    def to_json(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "cases": self.cases,
            "systems": {n: s.to_json() for n, s in self.systems.items()},
        }


def evaluate(matcher: Matcher, cases: Sequence[EvalCase], k: int = 5) -> EvalReport:
    """Run the three systems over the cases. Query caches are cleared between systems so each one pays
    for its own query embeddings."""

    def advisor(case: EvalCase, top: int) -> list[str]:
        result = matcher.match(case.message, profile=case.profile, role=case.role, k=top)
        return [m.course.id for m in result.matches]

    systems: dict[str, SystemScore] = {}
    rankings: dict[str, list[list[str]]] = {}
    for name, rank in (
        ("advisor", advisor),
        ("bm25", lambda case, top: matcher.rank_lexical_only(case.message, top)),
        ("dense", lambda case, top: matcher.rank_dense_only(case.message, top)),
    ):
        matcher.clear_cache()
        systems[name], rankings[name] = score_system(cases, rank, k)
    matcher.clear_cache()
    return EvalReport(k, len(cases), systems, rankings)
