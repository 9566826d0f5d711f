"""Measure the reader on labelled data: facts exact-match on a phrasing table, and acts (per-act precision,
recall, F1 and a confusion table) on utterances never used as examples, beside the old ordered rules.

    advisor eval-understanding --facts tests/data/facts_table.jsonl --acts tests/data/acts_labelled.jsonl
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.understanding.reader import MessageReader, ReadContext
from advisor.understanding.reading import ACTS

TABLE_TODAY = dt.date(2026, 12, 1)


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from exc
    return rows


def _same(expected: Any, got: Any) -> bool:
    if isinstance(got, dt.date):
        got = got.isoformat()
    if isinstance(expected, list) or isinstance(got, tuple | list):
        return list(expected or []) == list(got or []) if isinstance(expected, list) else False
    if isinstance(expected, dict):
        return isinstance(got, dict) and {k: v for k, v in got.items()} == expected
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected is got
    if isinstance(expected, int | float) and isinstance(got, int | float):
        return abs(float(expected) - float(got)) < 0.01
    return bool(expected == got)


@dataclass
class FactsReport:
    rows: int = 0
    exact: int = 0
    by_path: Counter[str] = field(default_factory=Counter)
    wrong_by_path: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    @property
    def exact_rate(self) -> float:
        return self.exact / self.rows if self.rows else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "exact": self.exact,
            "exact_rate": round(self.exact_rate, 4),
            "paths": {
                p: {"checked": n, "wrong": self.wrong_by_path[p]} for p, n in sorted(self.by_path.items())
            },
            "failures": self.failures,
        }


def evaluate_facts(reader: MessageReader, rows: Iterable[dict[str, Any]]) -> FactsReport:
    report = FactsReport()
    for row in rows:
        asked = (row["asked"],) if row.get("asked") else ()
        context = ReadContext(role=row.get("role", "learner"), asked=asked, today=TABLE_TODAY)
        got = {f.path: f.value for f in reader.read_facts(row["text"], context)}
        problems = []
        for path, value in (row.get("expect") or {}).items():
            report.by_path[path] += 1
            if not _same(value, got.get(path)):
                report.wrong_by_path[path] += 1
                problems.append(f"{path}: expected {value!r}, got {got.get(path)!r}")
        for path in row.get("unknown") or []:
            report.by_path[path] += 1
            if got.get(path) is not None:
                report.wrong_by_path[path] += 1
                problems.append(f"{path}: expected unknown, got {got[path]!r}")
        report.rows += 1
        if problems:
            report.failures.append(f"{row.get('id', '?')} {row['text']!r}: " + "; ".join(problems))
        else:
            report.exact += 1
    return report


@dataclass
class ActsReport:
    name: str
    rows: int = 0
    true_pos: Counter[str] = field(default_factory=Counter)
    false_pos: Counter[str] = field(default_factory=Counter)
    false_neg: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    primary_right: int = 0

    def per_act(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for act in ACTS:
            tp, fp, fn = self.true_pos[act], self.false_pos[act], self.false_neg[act]
            if tp + fn == 0:
                continue
            precision = tp / (tp + fp) if tp + fp else 0.0
            recall = tp / (tp + fn)
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            out[act] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                        "support": tp + fn}  # fmt: skip
        return out

    @property
    def macro_f1(self) -> float:
        scores = [v["f1"] for v in self.per_act().values()]
        return sum(scores) / len(scores) if scores else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "rows": self.rows,
            "macro_f1": round(self.macro_f1, 4),
            "primary_accuracy": round(self.primary_right / self.rows, 4) if self.rows else 0.0,
            "per_act": self.per_act(),
            "confusion": {f"{g} -> {p}": n for (g, p), n in self.confusion.most_common()},
        }


Predict = Callable[[dict[str, Any]], Sequence[str]]


def evaluate_acts(name: str, predict: Predict, rows: Iterable[dict[str, Any]]) -> ActsReport:
    report = ActsReport(name)
    for row in rows:
        gold = set(row["acts"])
        predicted = list(dict.fromkeys(predict(row)))
        got = set(predicted)
        for act in got & gold:
            report.true_pos[act] += 1
        for act in got - gold:
            report.false_pos[act] += 1
        for act in gold - got:
            report.false_neg[act] += 1
        first = predicted[0] if predicted else "(none)"
        report.confusion[(row["acts"][0], first)] += 1
        report.primary_right += first in gold
        report.rows += 1
    return report


def row_context(row: dict[str, Any], reader: MessageReader) -> ReadContext:
    """The conversation a labelled line assumes: courses on the table, or a question just asked."""
    shown: tuple[str, ...] = ()
    if row.get("context") == "courses_shown":
        shown = tuple(sorted(reader.catalogue.courses))[:3]
    asked: tuple[str, ...] = ()
    if row.get("context") == "question_asked":
        asked = ("learner.age",) if row.get("role") != "employer" else ("employer.size",)
    return ReadContext(role=row.get("role", "learner"), asked=asked, shown=shown, focus=shown[0] if shown else None,
                       today=TABLE_TODAY)  # fmt: skip


def reader_predict(reader: MessageReader) -> Predict:
    return lambda row: reader.read(row["text"], row_context(row, reader)).act_names


def format_report(facts: FactsReport | None, acts: Sequence[ActsReport]) -> str:
    lines: list[str] = []
    if facts is not None:
        lines.append(f"facts: {facts.exact}/{facts.rows} rows exact ({facts.exact_rate:.1%})")
        for path, checked in sorted(facts.by_path.items()):
            wrong = facts.wrong_by_path[path]
            lines.append(f"  {path:34} {checked - wrong:4}/{checked:<4} right")
        lines += [f"  MISS {f}" for f in facts.failures]
    for report in acts:
        lines.append(
            f"acts [{report.name}]: macro-F1 {report.macro_f1:.3f}, primary act right "
            f"{report.primary_right}/{report.rows} ({report.primary_right / max(report.rows, 1):.1%})"
        )
        lines.append(f"  {'act':15} {'prec':>6} {'recall':>6} {'F1':>6} {'n':>4}")
        for act, m in report.per_act().items():
            lines.append(
                f"  {act:15} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['support']:4}"
            )
    if acts:
        lines.append(f"confusion (first gold act -> first predicted act, off-diagonal) [{acts[0].name}]:")
        for (gold, got), n in acts[0].confusion.most_common():
            if gold != got:
                lines.append(f"  {gold:15} -> {got:15} {n}")
    return "\n".join(lines)
