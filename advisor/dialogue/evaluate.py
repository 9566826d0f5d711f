"""The labelled dialogue set (interfaces.md, "Labelled dialogue set"): conversations played through a
`Conversation`, each checked for what a good answer must contain.

One JSON object per line:

    {"id": "d1", "role": "employer", "turns": ["We're a 12-person building firm ...", "what would we pay?"],
     "checks": [{"turn": 0, "courses_any": ["a-course"], "profile": {"employer.size": 12}},
                {"turn": 1, "reply_re": "\\b1,?050\\b", "reply_not_re": "how many (staff|people)"}]}

Every conversation is played in a new session; each check is evaluated on the answer to turn `turn` (0-based,
-1 = the last) and on the session after it. Every key of a check object other than `turn` is one check:

- `courses_any` / `courses_all` / `courses_none`: course ids among those the answer puts on the table
  (its `courses`, the `route`'s suggested and placed courses, the `team_plan` lines): at least one / all /
  none;
- `route_award`: the award of the answer's `route` (an id, or a list of acceptable ids);
- `funding`: {scheme_id: status}: the answer gives that verdict for the scheme (for at least one course when
  it checks several);
- `reply_re` / `reply_not_re`: a case-insensitive regular expression that must / must not be found in the
  reply (`reply_not_re` is also searched in the answer's `questions`);
- `profile`: {dotted path: value} in the session's profile after the turn (numbers compare as numbers, text
  without regard to case; a scalar expected where the profile holds a list must be in that list);
- `no_question`: true: the answer asks nothing (no `questions`, no sentence of the reply ending in "?");
  false: it asks at least one question.

A case passes when every one of its checks passes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from advisor.compose.answer import Answer
from advisor.dialogue.state import ConversationState
from advisor.domain.catalogue import Catalogue
from advisor.domain.profile import ROLES, Profile, Role

CHECK_KINDS: tuple[str, ...] = (
    "courses_any",
    "courses_all",
    "courses_none",
    "route_award",
    "funding",
    "reply_re",
    "reply_not_re",
    "profile",
    "no_question",
)
STATUSES = ("eligible", "not_eligible", "unknown")
_FLAGS = re.IGNORECASE
_QUESTION = re.compile(r"\?(?=[\s\"')\]]|$)")
_SHOWN_REPLY = 160


class DialogueSetError(ValueError):
    """The dialogue set cannot be used; str() is one line naming the file and line."""


class ConversationLike(Protocol):
    """What the evaluation needs from `advisor.dialogue.turn.Conversation` (tests pass fakes)."""

    def respond(self, state: ConversationState, message: str) -> tuple[Answer, ConversationState]: ...


@dataclass(frozen=True)
class Check:
    """One thing a good answer to turn `turn` must (or must not) contain."""

    turn: int
    kind: str
    expected: Any

    def describe(self) -> str:
        return f"{self.kind} {json.dumps(self.expected, ensure_ascii=False)}"


@dataclass(frozen=True)
class DialogueCase:
    id: str
    role: Role
    turns: tuple[str, ...]
    checks: tuple[Check, ...]
    line: int = 0

    def turn_index(self, turn: int) -> int:
        return turn if turn >= 0 else len(self.turns) + turn


@dataclass(frozen=True)
class CheckFailure:
    case_id: str
    role: Role
    turn: int  # resolved, 0-based
    check: Check
    detail: str

    def line(self) -> str:
        return f"{self.case_id} ({self.role}) turn {self.turn}: {self.check.describe()}: {self.detail}"

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case_id,
            "role": self.role,
            "turn": self.turn,
            "check": self.check.kind,
            "expected": self.check.expected,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class CaseResult:
    case_id: str
    role: Role
    turns: int
    checks: int
    failures: tuple[CheckFailure, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.failures

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.case_id,
            "role": self.role,
            "turns": self.turns,
            "passed": self.passed,
            "checks": self.checks,
            "checks_failed": len(self.failures),
        }


@dataclass(frozen=True)
class Tally:
    passed: int
    total: int

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def text(self) -> str:
        return f"{self.passed} / {self.total} ({self.rate:.1%})"

    def to_json(self) -> dict[str, Any]:
        return {"passed": self.passed, "total": self.total, "pass_rate": round(self.rate, 4)}


@dataclass
class DialogueReport:
    catalogue: str
    results: list[CaseResult] = field(default_factory=list)

    @property
    def cases(self) -> Tally:
        return Tally(sum(r.passed for r in self.results), len(self.results))

    @property
    def checks(self) -> Tally:
        total = sum(r.checks for r in self.results)
        return Tally(total - sum(len(r.failures) for r in self.results), total)

    def per_role(self) -> dict[str, Tally]:
        """Cases passed / total for each role present in the set, in the order of ROLES."""
        tallies: dict[str, Tally] = {}
        for role in ROLES:
            mine = [r for r in self.results if r.role == role]
            if mine:
                tallies[role] = Tally(sum(r.passed for r in mine), len(mine))
        return tallies

    @property
    def failures(self) -> list[CheckFailure]:
        return [f for r in self.results for f in r.failures]

    def summary_line(self) -> str:
        """One line for this catalogue: cases passed overall and per role."""
        roles = ", ".join(f"{role} {t.passed}/{t.total}" for role, t in self.per_role().items())
        return f"catalogue {self.catalogue}: {self.cases.text()} cases passed ({roles})"

    def to_json(self) -> dict[str, Any]:
        return {
            "catalogue": self.catalogue,
            "cases": self.cases.to_json(),
            "roles": {role: t.to_json() for role, t in self.per_role().items()},
            "checks": self.checks.to_json(),
            "failures": [f.to_json() for f in self.failures],
            "results": [r.to_json() for r in self.results],
        }


def format_report(report: DialogueReport) -> str:
    """Each failed check on its own line, then cases passed / total, per role, and the catalogue line."""
    lines = [f.line() for f in report.failures]
    if lines:
        lines.append("")
    lines.append(f"cases passed: {report.cases.text()}")
    lines += [f"  {role:<9} {t.text()}" for role, t in report.per_role().items()]
    lines.append(f"checks passed: {report.checks.text()}")
    lines.append(report.summary_line())
    return "\n".join(lines)


# --- reading the set ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownIds:
    """The ids a set may name (from the catalogue it is played on); None = anything goes."""

    courses: frozenset[str] | None = None
    awards: frozenset[str] | None = None
    schemes: frozenset[str] | None = None

    @classmethod
    def of(cls, catalogue: Catalogue) -> KnownIds:
        return cls(frozenset(catalogue.courses), frozenset(catalogue.awards), frozenset(catalogue.schemes))


def load_cases(path: Path, known: KnownIds | None = None) -> list[DialogueCase]:
    """Read a dialogue set; every problem raises DialogueSetError naming the file and line."""
    if not path.is_file():
        raise DialogueSetError(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DialogueSetError(f"{path}: cannot be read ({exc})") from exc
    return parse_cases(text.splitlines(), path.name, known)


def parse_cases(
    lines: Iterable[str], name: str = "<set>", known: KnownIds | None = None
) -> list[DialogueCase]:
    known = known or KnownIds()
    cases: list[DialogueCase] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        case = _parse_line(line, where, number, known)
        if case.id in seen:
            raise DialogueSetError(f"{where}: id: {case.id!r} is already used on line {seen[case.id]}")
        seen[case.id] = number
        cases.append(case)
    if not cases:
        raise DialogueSetError(f"{name}: no conversations")
    return cases


def _parse_line(line: str, where: str, number: int, known: KnownIds) -> DialogueCase:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DialogueSetError(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})") from exc
    if not isinstance(raw, dict):
        raise DialogueSetError(f"{where}: expected a JSON object")
    unknown_keys = set(raw) - {"id", "role", "turns", "checks", "note"}
    if unknown_keys:
        raise DialogueSetError(f"{where}: unknown key(s) {', '.join(sorted(unknown_keys))}")
    case_id = raw.get("id", f"line{number}")
    if not isinstance(case_id, str) or not case_id.strip():
        raise DialogueSetError(f"{where}: id: must be a non-empty string")
    role = raw.get("role", "learner")
    if role not in ROLES:
        raise DialogueSetError(f"{where}: role: must be one of {', '.join(ROLES)}")
    turns = raw.get("turns")
    if not isinstance(turns, list) or not turns or not all(isinstance(t, str) and t.strip() for t in turns):
        raise DialogueSetError(f"{where}: turns: must be a non-empty list of non-empty strings")
    checks_raw = raw.get("checks")
    if not isinstance(checks_raw, list) or not checks_raw:
        raise DialogueSetError(f"{where}: checks: must be a non-empty list of objects")
    checks: list[Check] = []
    for i, item in enumerate(checks_raw):
        checks += _parse_check(item, f"{where}: checks[{i}]", len(turns), known)
    return DialogueCase(case_id, role, tuple(turns), tuple(checks), number)


def _parse_check(item: Any, where: str, turns: int, known: KnownIds) -> list[Check]:
    if not isinstance(item, dict):
        raise DialogueSetError(f"{where}: must be an object")
    turn = item.get("turn", -1)
    if isinstance(turn, bool) or not isinstance(turn, int) or not -turns <= turn < turns:
        raise DialogueSetError(f"{where}: turn: must be an integer from {-turns} to {turns - 1}")
    kinds = [k for k in item if k != "turn"]
    if not kinds:
        raise DialogueSetError(f"{where}: has no check (one of {', '.join(CHECK_KINDS)})")
    checks = []
    for kind in kinds:
        if kind not in CHECK_KINDS:
            raise DialogueSetError(f"{where}: unknown check {kind!r} (one of {', '.join(CHECK_KINDS)})")
        expected = item[kind]
        _validate(kind, expected, f"{where}: {kind}", known)
        checks.append(Check(turn, kind, expected))
    return checks


def _validate(kind: str, expected: Any, where: str, known: KnownIds) -> None:
    if kind.startswith("courses_"):
        if not _string_list(expected):
            raise DialogueSetError(f"{where}: must be a non-empty list of course ids")
        _known_ids(expected, known.courses, "course", where)
    elif kind == "route_award":
        awards = [expected] if isinstance(expected, str) else expected
        if not _string_list(awards):
            raise DialogueSetError(f"{where}: must be an award id or a list of award ids")
        _known_ids(awards, known.awards, "award", where)
    elif kind == "funding":
        if not isinstance(expected, dict) or not expected:
            raise DialogueSetError(f"{where}: must be an object {{scheme_id: status}}")
        _known_ids(list(expected), known.schemes, "scheme", where)
        bad = [s for s, status in expected.items() if status not in STATUSES]
        if bad:
            raise DialogueSetError(f"{where}: {bad[0]}: status must be one of {', '.join(STATUSES)}")
    elif kind in ("reply_re", "reply_not_re"):
        if not isinstance(expected, str) or not expected:
            raise DialogueSetError(f"{where}: must be a non-empty regular expression")
        try:
            re.compile(expected, _FLAGS)
        except re.error as exc:
            raise DialogueSetError(f"{where}: not a valid regular expression ({exc})") from exc
    elif kind == "profile":
        if not isinstance(expected, dict) or not expected:
            raise DialogueSetError(f"{where}: must be an object {{dotted path: value}}")
        for path in expected:
            problem = _profile_path_problem(path)
            if problem:
                raise DialogueSetError(f"{where}: {path}: {problem}")
    elif kind == "no_question" and not isinstance(expected, bool):
        raise DialogueSetError(f"{where}: must be true or false")


def _string_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v for v in value)


def _known_ids(ids: Sequence[str], known: frozenset[str] | None, what: str, where: str) -> None:
    if known is None:
        return
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise DialogueSetError(f"{where}: unknown {what} id(s) {', '.join(unknown)}")


def _profile_path_problem(path: str) -> str:
    """Why `path` cannot name a profile field ("" when it can). Team roles (`team.<role>`) are free."""
    parts = path.split(".")
    fields = Profile.model_fields
    if not all(parts) or parts[0] not in fields:
        return f"not a profile field (one of {', '.join(fields)})"
    if parts[0] == "team":
        return "" if len(parts) <= 2 else "team takes one role name (team.<role>)"
    annotation = fields[parts[0]].annotation
    nested = getattr(annotation, "model_fields", None)
    if nested is None:
        return "" if len(parts) == 1 else f"{parts[0]} has no sub-fields"
    if len(parts) != 2 or parts[1] not in nested:
        return f"not a field of {parts[0]} (one of {', '.join(nested)})"
    return ""


# --- playing and checking ----------------------------------------------------------------------------------


def evaluate(
    conversation: ConversationLike, cases: Sequence[DialogueCase], *, catalogue: str = ""
) -> DialogueReport:
    """Play every case in a new session and check each answer; a turn that raises fails its case's checks."""
    report = DialogueReport(catalogue=catalogue)
    for case in cases:
        report.results.append(play_case(conversation, case))
    return report


def play_case(conversation: ConversationLike, case: DialogueCase) -> CaseResult:
    state = ConversationState.new(f"eval-{case.id}", case.role)
    answers: list[tuple[Answer, ConversationState]] = []
    error = ""
    for message in case.turns:
        try:
            answer, state = conversation.respond(state, message)
        except Exception as exc:  # an evaluation reports a crash as a failure, it does not stop
            error = f"turn {len(answers)} raised {type(exc).__name__}: {exc}"
            break
        answers.append((answer, state))
    failures: list[CheckFailure] = []
    for check in case.checks:
        turn = case.turn_index(check.turn)
        if turn >= len(answers):
            failures.append(CheckFailure(case.id, case.role, turn, check, error or "no answer"))
            continue
        answer, after = answers[turn]
        detail = run_check(check, answer, after.profile)
        if detail:
            failures.append(CheckFailure(case.id, case.role, turn, check, detail))
    return CaseResult(case.id, case.role, len(case.turns), len(case.checks), tuple(failures))


def run_check(check: Check, answer: Answer, profile: Profile) -> str:
    """ "" when the answer passes `check`, else one line saying what was found instead."""
    kind, expected = check.kind, check.expected
    if kind.startswith("courses_"):
        return _courses(kind, expected, courses_on_table(answer))
    if kind == "route_award":
        wanted = [expected] if isinstance(expected, str) else list(expected)
        got = (answer.route or {}).get("award_id")
        return "" if got in wanted else f"route award is {got or 'none'}"
    if kind == "funding":
        return _funding(expected, answer)
    if kind == "reply_re":
        return "" if re.search(expected, answer.reply, _FLAGS) else f"not in reply {_shown(answer.reply)}"
    if kind == "reply_not_re":
        for where, text in [("reply", answer.reply)] + [("question", q) for q in answer.questions]:
            found = re.search(expected, text, _FLAGS)
            if found:
                return f"found {found.group(0)!r} in {where} {_shown(text)}"
        return ""
    if kind == "profile":
        return _profile(expected, profile)
    if kind == "no_question":
        asked = asks_question(answer)
        if expected and asked:
            return f"asked {_shown(asked)}"
        if not expected and not asked:
            return f"no question in reply {_shown(answer.reply)}"
        return ""
    raise ValueError(f"unknown check {kind!r}")  # parse_cases never lets one through


def courses_on_table(answer: Answer) -> list[str]:
    """Course ids the answer puts forward: cards, the route's suggested and placed courses, the team plan."""
    ids = [c.id for c in answer.courses]
    route = answer.route or {}
    ids += [str(c) for c in route.get("suggested") or []]
    ids += [str(p["course_id"]) for p in route.get("placements") or [] if isinstance(p, Mapping)]
    if answer.team_plan is not None:
        ids += [line.course_id for line in answer.team_plan.lines if line.course_id]
    return list(dict.fromkeys(ids))


def asks_question(answer: Answer) -> str:
    """The first question the answer asks ("" when none): its `questions`, else a reply sentence with "?"."""
    if answer.questions:
        return answer.questions[0]
    match = _QUESTION.search(answer.reply)
    if not match:
        return ""
    start = max(answer.reply.rfind(s, 0, match.start()) for s in (". ", "! ", "? ", "\n")) + 1
    return answer.reply[start : match.end()].strip()


def _courses(kind: str, expected: list[str], got: list[str]) -> str:
    shown = ", ".join(got) if got else "no courses"
    if kind == "courses_any":
        return "" if set(expected) & set(got) else f"got {shown}"
    if kind == "courses_all":
        missing = [c for c in expected if c not in got]
        return f"missing {', '.join(missing)}; got {shown}" if missing else ""
    unwanted = [c for c in expected if c in got]
    return f"shown {', '.join(unwanted)}" if unwanted else ""


def _funding(expected: Mapping[str, str], answer: Answer) -> str:
    problems = []
    for scheme_id, status in expected.items():
        statuses = [f.status for f in answer.funding if f.scheme_id == scheme_id]
        if status not in statuses:
            problems.append(f"{scheme_id} is {'/'.join(dict.fromkeys(statuses)) or 'not checked'}")
    return "; ".join(problems)


def _profile(expected: Mapping[str, Any], profile: Profile) -> str:
    data = profile.model_dump(mode="json")
    problems = []
    for path, want in expected.items():
        got = _at(data, path)
        if not _same(want, got):
            problems.append(f"{path} is {json.dumps(got, ensure_ascii=False)}")
    return "; ".join(problems)


def _at(data: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _same(want: Any, got: Any) -> bool:
    if isinstance(want, list):
        return isinstance(got, list) and sorted(map(_norm, want), key=str) == sorted(map(_norm, got), key=str)
    if isinstance(got, list) and want is not None:
        return any(_same(want, item) for item in got)
    return _norm(want) == _norm(got)


def _norm(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return value.strip().casefold()
    return value


def _shown(text: str) -> str:
    flat = " ".join(text.split())
    return json.dumps(
        flat if len(flat) <= _SHOWN_REPLY else flat[: _SHOWN_REPLY - 1] + "…", ensure_ascii=False
    )
