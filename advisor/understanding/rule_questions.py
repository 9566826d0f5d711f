"""A message that asks a rule question -> a `RuleQuestion` the domain answers (`answer_rule_question`).

    question = rule_question_from_text("Is 15 UK credits the same as 15 ECTS?", catalogue)
    answer = answer_rule_question(question, catalogue)   # "No: 15 UK credits are 7.5 ECTS credits ..."

What is read here is grammar and national terms (numbers with their units, frameworks and nations, kinds of
qualification such as HNC or PgCert, the national schemes' own abbreviations); the names of awards and
schemes come from the catalogue's records. Small typos in the words that matter ("etcs", "scotish",
"degre", "laon") are corrected first. A message that only mentions these things ("show me level 4 courses in
Scotland", "I have 120 credits") is not a rule question: the reader returns None and the dialogue carries on.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from advisor.domain.catalogue import Catalogue, Nation
from advisor.domain.knowledge import AskedKind, RuleQuestion, find_scheme
from advisor.domain.levels import Framework, is_valid_level
from advisor.domain.national_rules import SCHEME_NAMES, SHORT_TO_KEY
from advisor.understanding.facts import FactContext, read_facts
from advisor.understanding.facts.lexicon import general_lexicon

# --- typos ---------------------------------------------------------------------------------------------------

# Short words and shorthand, replaced as whole words.
_SHORTHAND: dict[str, str] = {
    "wat": "what", "wot": "what", "wht": "what", "whta": "what", "whats": "what is", "wats": "what is",
    "what's": "what is", "hw": "how", "howmany": "how many", "meny": "many", "mnay": "many", "manny": "many",
    "hrs": "hours", "hr": "hours", "hrs.": "hours", "creds": "credits", "cred": "credit", "cr": "credits",
    "etcs": "ects", "ecst": "ects", "ects's": "ects", "ect": "ects", "ecs": "ects", "laon": "loan",
    "lona": "loan", "loann": "loan", "lonn": "loan", "grnat": "grant", "smae": "same", "sam": "same",
    "sise": "size", "siz": "size", "szie": "size", "isnt": "is not", "dont": "do not", "doesnt": "does not",
    "cant": "can not", "im": "i am", "i'm": "i am", "u": "you", "r": "are", "thats": "that is",
    "that's": "that is", "it's": "it is", "microcredential": "micro credential",
    "microcredentials": "micro credentials", "degre": "degree", "degee": "degree", "dgree": "degree",
    "lvl": "level", "lvel": "level", "levle": "level", "leve": "level", "scotish": "scottish",
    "scottisch": "scottish", "englsh": "english", "eng": "english", "yr": "year", "yrs": "years",
    "masters'": "masters", "pgcert's": "pgcert", "hnc's": "hnc", "hnd's": "hnd", "hons": "honours",
    "honors": "honours", "uni": "university", "empolyer": "employer", "apprentise": "apprentice",
}  # fmt: skip
# Words worth correcting when misspelt (one slip in 5-7 letters, two in longer words).
_KEY_TERMS: tuple[str, ...] = (
    "hours", "credit", "credits", "scottish", "scotland", "english", "england", "welsh", "degree", "micro",
    "credential", "credentials", "study", "equivalent", "entitlement", "lifelong", "apprentice",
    "apprenticeship", "network", "unemployed", "postgraduate", "masters", "master", "certificate", "diploma",
    "recognition", "prior", "whole", "entire", "grant", "honours", "points", "module", "level", "levels",
    "learning", "national", "higher", "employer", "qualification", "scheme", "microcredential",
    "microcredentials",
)  # fmt: skip
# Real words one slip away from a key term: never "corrected".
_PROTECTED = frozenset(
    [
        "source", "curse", "employee", "employees", "faster", "matter", "mister", "muster", "while", "whale",
        "pints", "joints", "paints", "house", "prion", "revel", "bevel", "lever", "grand", "giant", "grunt",
        "graft", "welch", "wells", "modules", "model", "horse", "hour", "ours", "sure", "studys", "studio",
        "steady", "sturdy", "nation", "ration", "rational", "notional", "mastery", "mastered", "credited",
        "degrees", "diplomas", "levelled", "lovely", "hearing", "leaning", "learnt", "yearning", "earning",
        "warning", "courses", "scheme", "schemes", "entirely", "wholly",
    ]
)  # fmt: skip
_WORD = re.compile(r"[a-z][a-z']*")


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters is one slip), stopping above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]


@functools.lru_cache(maxsize=8192)
def _correct(word: str) -> str:
    """A typo of a key term corrected ("etcs" -> "ects"); words repeat across messages, so answers are kept."""
    if word in _SHORTHAND:
        return _SHORTHAND[word]
    if len(word) < 5 or word in _KEY_TERMS or word in _PROTECTED:
        return word
    limit = 1 if len(word) <= 7 else 2
    best, best_distance = word, limit + 1
    for term in _KEY_TERMS:
        d = _distance(word, term, limit)
        if d < best_distance:
            best, best_distance = term, d
    return _SHORTHAND.get(best, best)


def normalise(text: str) -> str:
    """Lower case, curly quotes straightened, '10-credit' -> '10 credit', thousands commas dropped, and
    misspelt key words corrected."""
    t = text.lower().replace("’", "'").replace("‘", "'").replace("–", "-")
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)
    t = re.sub(r"(?<=[a-z0-9])-(?=[a-z0-9])", " ", t)
    t = re.sub(r"(?<=\d)(?=[a-z]{2,})(?!st\b|nd\b|rd\b|th\b|k\b)", " ", t)  # "10credits" -> "10 credits"
    return _WORD.sub(lambda m: _correct(m.group(0)), t)


# --- national terms --------------------------------------------------------------------------------------------

_N = r"(\d+(?:\.\d+)?)"
_CREDITS = re.compile(
    rf"{_N}\s*(?:uk\s+|english\s+|british\s+)?(?P<unit>scqf\s+credit\s+points?|scqf\s+points?|scqf\s+credits?|"
    r"credit\s+points?|credits?|points?)\b"
)
_ECTS_NUMBER = re.compile(rf"{_N}\s*(?:european\s+)?ects\b|\bects\s*(?:credits?\s*)?(?:of\s+)?{_N}")
_HOURS = re.compile(rf"{_N}\s*(?:hours?|h)\b(?!\s*(?:a|per|each|every|/)\s*(?:week|wk|day|night|month))")
_LEVEL = re.compile(
    r"\b(?P<fw>scqf|rqf|fheq|cqfw|nvq)?\s*(?:level|lvl|lv|l)\s*(?P<n>\d{1,2})\b"
    r"|\b(?P<fw2>scqf|rqf|fheq|cqfw)\s*(?P<n2>\d{1,2})\b"
    r"|\b(?P<entry>entry)\s+level\b"
)
_FRAMEWORK_WORDS: tuple[tuple[Framework, re.Pattern[str]], ...] = (
    ("SCQF", re.compile(r"\bscqf\b|\bscotland\b|\bscottish\b|\bscots\b")),
    ("CQFW", re.compile(r"\bcqfw\b|\bwales\b|\bwelsh\b")),
    ("FHEQ", re.compile(r"\bfheq\b|\buniversity\b|\bhigher education\b")),
    ("RQF", re.compile(r"\brqf\b|\bengland\b|\benglish\b|\bnorthern ireland\b|\bni\b")),
)
_NATIONS: tuple[tuple[Nation, re.Pattern[str]], ...] = (
    ("Scotland", re.compile(r"\bscotland\b|\bscottish\b|\bscots\b")),
    ("England", re.compile(r"\bengland\b|\benglish\b")),
    ("Wales", re.compile(r"\bwales\b|\bwelsh\b")),
    ("Northern Ireland", re.compile(r"\bnorthern ireland\b|\bnorthern irish\b")),
)
# Kinds of qualification, in the order to try (longer names first).
_AWARD_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("integrated_masters", re.compile(r"\bintegrated masters?'?s?\b(?:\s+degrees?)?")),
    ("professional_doctorate", re.compile(r"\bprofessional doctorates?\b")),
    ("foundation_degree", re.compile(r"\bfoundation degrees?\b|\bfd(?:a|sc)\b")),
    ("ordinary_degree", re.compile(r"\bordinary (?:bachelor'?s?\s+)?degrees?\b")),
    ("pgcert", re.compile(r"\bpg ?certs?\b|\bpostgrad(?:uate)? cert(?:ificate)?s?\b|\bpost ?grad cert\w*")),
    ("pgce", re.compile(r"\bpgce\b")),
    ("pgdip", re.compile(r"\bpg ?dips?\b|\bpostgrad(?:uate)? dip(?:loma)?s?\b")),
    ("certhe", re.compile(r"\bcert ?he\b|\bcertificate of higher education\b")),
    ("diphe", re.compile(r"\bdip ?he\b|\bdiploma of higher education\b")),
    ("hnc", re.compile(r"\bhncs?\b|\bhigher national certificates?\b")),
    ("hnd", re.compile(r"\bhnds?\b|\bhigher national diplomas?\b")),
    ("masters", re.compile(r"\bmasters?'?s?\b(?:\s+degrees?)?|\bmsc\b|\bmba\b|\bma degree\b")),
    ("honours_degree", re.compile(r"\bhonours(?: degree)?\b|\bbachelor'?s?(?: degrees?)?\b|\bbsc\b|\bba\b|\bdegrees?\b")),
)  # fmt: skip
# National schemes by the names and abbreviations people use for them (keys of national_rules.SCHEME_NAMES).
_SCHEME_ALIASES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("lle", re.compile(r"\blle\b|\blifelong learning (?:entitlement|loan)\b|\blifelong learning\b")),
    ("wales-pla", re.compile(r"\bpla\b|\bpersonal learning account\b")),
    ("free-courses-for-jobs", re.compile(r"\bfcfj\b|\bfree courses for jobs\b")),
    ("advanced-learner-loan", re.compile(r"\badvanced learner loans?\b|\ball loan\b")),
    ("citb-employer-network", re.compile(r"\bemployer networks?\b")),
    ("citb-achievement-grant", re.compile(r"\bachievement grants?\b")),
    ("citb-large-employer-fund", re.compile(r"\blarge employer fund\b")),
    ("scotland-ita", re.compile(r"\bita\b|\bindividual training account\b")),
    ("ni-skill-up", re.compile(r"\bskill up\b")),
    ("skills-bootcamp-individual", re.compile(r"\bskills? boot ?camps?\b|\bboot ?camps?\b")),
)
_DEFINITION_TERMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("micro-credential", re.compile(r"\bmicro\s*credentials?\b")),
    ("ects", re.compile(r"\bects\b")),
    ("rpl", re.compile(r"\brpl\b|\brecognition of prior learning\b|\bapel\b|\bapl\b")),
    ("scqf", re.compile(r"\bscqf\b")),
    ("rqf", re.compile(r"\brqf\b")),
    ("fheq", re.compile(r"\bfheq\b")),
    ("cqfw", re.compile(r"\bcqfw\b")),
    ("credit", re.compile(r"\b(?:a |uk )?credits?\b")),
)
_MONTHS = {m.lower(): i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}  # fmt: skip

# --- question shapes ---------------------------------------------------------------------------------------

_ASKS = re.compile(
    r"\?|^\W*(?:so\s+|and\s+|but\s+|ok\s+|okay\s+|hi\s+|quick question\W+)?(?:what|how|is|are|can|could|does|"
    r"do|did|will|would|should|if|which|whats|when|am i|tell me|explain)\b|\bsame as\b|\bequivalent\b|"
    r"\bequal\b|\bmean\b|\bwonder\w*\b|"
    r"\b(?:do|can|could|will|would|should) (?:we|i)\b|\b(?:does|is) (?:it|that|this)\b|\bare they\b"
)
_SEARCH = re.compile(
    r"\b(?:show|find|list|search|looking for|look for|recommend|suggest|want to (?:do|study|take)|"
    r"courses|options|any (?:\w+ )?courses?)\b"
)
_SAME = re.compile(
    r"\bsame\b|\bequivalent\b|\bequal\b|\bas (?:big|large|long|much)\b|\bdifferent\b|\bdiffer\b|\bcompare\b|"
    r"\bvs\.?\b|\bversus\b|=|\bworth the same\b|\bequals\b|\b(?:more|fewer|less|bigger|smaller) (?:credits|points)?\s*than\b"
)
_HOW_BIG = re.compile(
    r"\bhow (?:many|much) (?:credits?|points?|scqf|hours?)\b|\bhow (?:big|large)\b|\bsize\b|"
    r"\bcredits? (?:do i need|is it|are needed|needed)\b|\bhow many credits\b|\bworth\b|\bwhat level\b"
)
_DEGREE_Q = re.compile(r"\bdegree\b|\bbachelor'?s?\b|\bba\b|\bbsc\b")
_COUNTS_AS = re.compile(
    r"\b(?:is|are|does|do|would|will|count|counts|same|equal|equivalent|make|makes|give|gives|get|become|"
    r"add up|=|\+|plus|and then|then)\b|[=+]"
)
_LOAN = re.compile(r"\bloans?\b|\bpay\b[\w\s]{0,25}\bback\b|\brepay\w*\b|\bpaid back\b|\bborrow\w*\b")
_GRANT = re.compile(
    r"\bgrants?\b|\bfree money\b|\bdon'?t (?:have to|need to) pay\b|\bdo not (?:have|need) to pay\b"
)
_WHAT_PAYS = re.compile(
    r"\bwhat (?:does|do|will|would) (?:the |a |an )?[\w\s()-]{0,40}?(?:pay|cover|give)\b|"
    r"\bhow much (?:does|do|will|would|can) (?:the |a |an )?[\w\s()-]{0,40}?(?:pay|cover|give)\b|"
    r"\bwho (?:is|are|can get) (?:the |a |an )?[\w\s()-]{0,40}?(?:for)?\b|\bwhat is (?:the |a |an )?\w+\W*$|"
    r"\bwhat kind of\b|\bwhat type of\b|\bloan or (?:a )?grant\b|\bgrant or (?:a )?loan\b"
)
_DEFINE = re.compile(
    r"\bwhat (?:is|are) (?:a |an |the )?|\bwhat does (?:a |an |the )?[\w\s-]{1,30}\bmean\b|\bmeaning of\b|"
    r"\bdefine\b|\bdefinition\b|\bexplain\b|\bwhat do you mean by\b|\bstand for\b|\bnever heard of\b"
)
_RPL = re.compile(r"\brpl\b|\bapel\b|\bapl\b|\brecognition of prior learning\b|\bprior (?:learning|experience)\b|"
                  r"\bexperience (?:count|counts|instead)\b|\bcredit for (?:my )?experience\b|"
                  r"\b(?:from|through|with|by|for|on) (?:my |our )?(?:work |job |past |previous )?experience\b")  # fmt: skip
_WHOLE = re.compile(r"\bwhole\b|\bentire\b|\bentirely\b|\ball of (?:it|the|an?)\b|\bfull (?:award|qualification|hnc|hnd|degree)\b|"
                    r"\bwithout (?:doing|taking|studying) any\b|\bjust (?:from|with|by|through)\b|\bcompletely\b")  # fmt: skip
_HOW_MUCH_RPL = re.compile(r"\bhow (?:much|many)\b|\bmax\w*\b|\blimit\b|\bcap\b|\bmost\b|\bup to\b")


@dataclass
class _Found:
    """What the reader saw in a message (all optional)."""

    text: str
    credits: list[tuple[float, str]] = field(default_factory=list)  # (amount, unit word)
    ects: list[float] = field(default_factory=list)
    hours: list[float] = field(default_factory=list)
    levels: list[tuple[int, Framework | None]] = field(default_factory=list)
    nations: list[Nation] = field(default_factory=list)
    award_types: list[str] = field(default_factory=list)
    schemes: list[str] = field(default_factory=list)  # catalogue scheme ids
    national_schemes: list[str] = field(default_factory=list)  # national keys ("lle")
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def asks(self) -> bool:
        return bool(_ASKS.search(self.text))


class RuleQuestionReader:
    """Built once per catalogue: the catalogue's award titles and scheme names as patterns."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._scheme_patterns: list[tuple[re.Pattern[str], str]] = []
        for scheme in catalogue.schemes.values():
            base = re.sub(r"\s*\([^)]*\)", "", scheme.name).strip()
            names = {normalise(scheme.name), normalise(base), scheme.id}
            names |= {normalise(a) for a in re.findall(r"\(([A-Z]{2,6})\)", scheme.name)}
            pattern = "|".join(rf"\b{re.escape(n)}\b" for n in sorted(names, key=len, reverse=True) if n)
            self._scheme_patterns.append((re.compile(pattern), scheme.id))
        self._scheme_words: dict[str, frozenset[str]] = {
            scheme.id: frozenset(re.findall(r"[a-z]+", normalise(scheme.name))) - _NAME_FILLER
            for scheme in catalogue.schemes.values()
        }
        self._award_titles: list[tuple[re.Pattern[str], str]] = [
            (re.compile(rf"\b{re.escape(normalise(a.title))}\b|\b{re.escape(a.id)}\b"), a.id)
            for a in catalogue.awards.values()
        ]
        self._award_words: dict[str, frozenset[str]] = {
            a.id: frozenset(w for w in re.findall(r"[a-z]+", normalise(a.title)) if w not in _TITLE_FILLER)
            for a in catalogue.awards.values()
        }

    # --- reading ----------------------------------------------------------------------------------------------

    def read(self, text: str) -> RuleQuestion | None:
        t = normalise(text)
        found = self._find(text, t)
        for rule in (
            self._trap,
            self._ects,
            self._degree,
            self._size_comparison,
            self._hours,
            self._level,
            self._rpl,
            self._scheme_kind,
            self._award_size,
            self._definition,
        ):
            question = rule(found)
            if question is not None:
                return question
        return None

    def _find(self, original: str, t: str) -> _Found:
        found = _Found(t)
        ects_spans: list[tuple[int, int]] = []
        for hit in _ECTS_NUMBER.finditer(t):
            found.ects.append(float(hit.group(1) or hit.group(2)))
            ects_spans.append(hit.span())
        for hit in _CREDITS.finditer(t):
            if any(s <= hit.start() < e for s, e in ects_spans):
                continue
            if re.match(r"\s*ects\b", t[hit.end() :]):
                continue
            found.credits.append((float(hit.group(1)), hit.group("unit")))
        found.hours = [float(h.group(1)) for h in _HOURS.finditer(t)]
        for hit in _LEVEL.finditer(t):
            if hit.group("entry"):
                found.levels.append((0, None))
                continue
            number = int(hit.group("n") or hit.group("n2"))
            fw = (hit.group("fw") or hit.group("fw2") or "").upper()
            found.levels.append((number, fw if fw in ("SCQF", "RQF", "FHEQ", "CQFW") else None))  # type: ignore[arg-type]
        found.nations = [n for n, p in sorted(_NATIONS, key=lambda np: _first(np[1], t)) if p.search(t)]
        found.award_types = _award_types(t)
        found.schemes = [sid for pattern, sid in self._scheme_patterns if pattern.search(t)]
        for key, pattern in _SCHEME_ALIASES:
            if pattern.search(t):
                found.national_schemes.append(key)
                scheme = find_scheme(self.catalogue, key)
                if scheme is not None and scheme.id not in found.schemes:
                    found.schemes.append(scheme.id)
        if not found.schemes:
            found.schemes = self._schemes_by_words(t)
        for scheme_id in found.schemes:
            for key in _national_keys(self.catalogue, scheme_id):
                if key not in found.national_schemes:
                    found.national_schemes.append(key)
        facts = read_facts(FactContext(original, role="learner", lexicon=general_lexicon()))
        found.facts = {f.path: f.value for f in facts}
        if "learner.age" not in found.facts:
            age = re.search(r"\b(?:at|aged?|age)\s+(\d{2})\b(?!\s*(?:%|credits?|hours?|staff|k\b))", t)
            if age:
                found.facts["learner.age"] = int(age.group(1))
        return found

    # --- the reference's trap questions ---------------------------------------------------------------------

    def _trap(self, f: _Found) -> RuleQuestion | None:
        t = f.text
        if not f.asks:
            return None
        if "lle" in f.national_schemes:
            question = self._lle_trap(f)
            if question is not None:
                return question
        if re.search(r"\bcitb\b", t) and re.search(r"\bfirst aid\b", t):
            return self._q(f, "trap", trap=14)
        if re.search(r"£\s?600\b|\b600 (?:pounds?|grant)\b", t) or (
            "citb-achievement-grant" in f.national_schemes and re.search(r"\bshort|\bone day|\bplant\b", t)
        ):
            return self._q(f, "trap", trap=16)
        if "citb-employer-network" in f.national_schemes:
            staff = self._staff(f)
            if staff is not None or re.search(r"\blarge\b|\bbig\b", t):
                return self._q(f, "trap", trap=18, staff=staff)
        if "wales-pla" in f.national_schemes:
            status = f.facts.get("learner.employment_status")
            if status is None and re.search(r"\bunemployed\b|\bout of work\b|\bjobless\b|\bno job\b", t):
                status = "unemployed"
            if status is not None and not _LOAN.search(t) and not _GRANT.search(t):
                return self._q(f, "trap", trap=15, employment_status=status)
        if re.search(r"\bapprentice", t) and re.search(
            r"\d+\s*%|\bper ?cent\b|\bpay\b|\bcost\b|\bcontribut|\bfree\b|\bco[- ]?invest", t
        ):
            percent = re.search(r"(\d+(?:\.\d+)?)\s*(?:%|per ?cent)", t)
            age = f.facts.get("learner.age") or _apprentice_age(t)
            if age is not None or percent is not None:
                return self._q(
                    f, "trap", trap=13, age=age, percent=float(percent.group(1)) if percent else None
                )
        if _is_first_level_3(f):
            income = f.facts.get("learner.annual_income_gbp")
            return self._q(
                f,
                "trap",
                trap=7,
                age=f.facts.get("learner.age"),
                income_gbp=income,
                employment_status=f.facts.get("learner.employment_status"),
            )
        if "pgcert" in f.award_types and (
            re.search(r"\b(?:all|only|entirely|just|whole(?:ly)?|made up)\b", t) and f.levels
        ):
            level = next((lv for lv, fw in f.levels if fw in (None, "RQF", "FHEQ", "CQFW")), None)
            return self._q(f, "trap", trap=9, level=level, award_id=self._award_id(f, "pgcert"))
        return None

    def _lle_trap(self, f: _Found) -> RuleQuestion | None:
        t = f.text
        age = f.facts.get("learner.age")
        if age is not None and re.search(r"\b(?:age|aged|old|year old|yo|i am|over|older)\b|\d{2}\b", t):
            return self._q(f, "trap", trap=4, age=age)
        if re.search(r"\b(?:second|another|2nd|new) degree\b|\balready (?:have|got|did|done) a degree\b", t):
            return self._q(f, "trap", trap=6)
        start = _start_date(t)
        if start is not None or re.search(r"\bstart(?:ing)?\b.*\b(?:2026|this year|september|sept)\b", t):
            return self._q(f, "trap", trap=3, start=start)
        post = [k for k in f.award_types if k in ("pgcert", "masters", "pgdip", "pgce", "integrated_masters")]
        if post or re.search(r"\bpostgrad", t):
            return self._q(f, "trap", trap=5, award_types=tuple(post) or ("pgcert",))
        if re.search(
            r"\bany\b.{0,30}\b(?:degree|ba|bsc|module|course)\b|\bevery module\b|\bsingle module\b", t
        ):
            return self._q(f, "trap", trap=2)
        levels = [lv for lv, fw in f.levels if fw in (None, "RQF", "FHEQ", "CQFW")]
        credits = f.credits[0][0] if f.credits else None
        if credits is not None or levels or re.search(r"\bmicro credential|\bshort course|\bmodule\b", t):
            level = levels[0] if levels else None
            trap = 1 if (credits is not None and credits < 30) or (credits is None and level is None) else 17
            return self._q(f, "trap", trap=trap, credits=credits, level=level)
        return None

    # --- the general kinds -------------------------------------------------------------------------------------

    def _ects(self, f: _Found) -> RuleQuestion | None:
        if not re.search(r"\bects\b|\beuropean credits?\b", f.text):
            return None
        credits = next((c for c, unit in f.credits if "point" not in unit and "scqf" not in unit), None)
        ects = f.ects[0] if f.ects else None
        if credits is None and ects is None:
            if _SAME.search(f.text) and f.asks:
                # "Are UK credits the same as ECTS?": the reference's own example, 15 and 15.
                return self._q(f, "ects", credits=15.0, ects=15.0)
            if re.search(r"\bconvert|\bhow many\b|\bworth\b", f.text):
                return self._q(f, "ects")
            return self._q(f, "definition", term="ects") if _DEFINE.search(f.text) else None
        if credits is not None and ects is not None and not _SAME.search(f.text) and not f.asks:
            return None
        return self._q(f, "ects", credits=credits, ects=ects)

    def _degree(self, f: _Found) -> RuleQuestion | None:
        sub = [k for k in f.award_types if k in ("hnc", "hnd", "certhe", "diphe", "foundation_degree")]
        if not sub or not f.asks:
            return None
        t = f.text
        rest = t
        for _, pattern in _AWARD_TYPES[:-1]:
            rest = pattern.sub(" ", rest)  # "foundation degree" is not a mention of a degree
        if not _DEGREE_Q.search(rest) or not _COUNTS_AS.search(t):
            return None
        if re.search(r"\b(?:top ?up|after|then do|next)\b.*\bcourses?\b", t) and not re.search(
            r"\bis (?:that|it|this)\b", t
        ):
            return None
        nation = f.nations[0] if f.nations == ["Scotland"] else None
        return self._q(f, "degree_equivalence", award_types=tuple(sub), nations=(nation,) if nation else ())

    def _size_comparison(self, f: _Found) -> RuleQuestion | None:
        if not f.award_types or not f.asks or not _SAME.search(f.text):
            return None
        nations = list(f.nations)
        if len(nations) == 1 and re.search(r"\bone\b|\bone in\b|\bhere\b|\belsewhere\b|\bother\b", f.text):
            nations.append("England" if nations[0] == "Scotland" else "Scotland")
        if len(nations) < 2:
            return None
        return self._q(f, "award_size", award_types=(f.award_types[0],), nations=tuple(nations[:2]))

    def _hours(self, f: _Found) -> RuleQuestion | None:
        t = f.text
        if not f.asks or _per_week_only(t):
            return None
        credit_words = re.search(r"\bcredits?\b|\bpoints?\b", t)
        hour_words = re.search(r"\bhours?\b|\bhow long\b|\bhow much (?:time|work|study)\b|\bworkload\b", t)
        if f.credits and hour_words and not f.hours:
            amount, unit = f.credits[0]
            framework = _credit_framework(unit, f)
            return self._q(f, "credits_to_hours", credits=amount, framework=framework)
        if f.hours and credit_words and not f.credits:
            framework = "SCQF" if re.search(r"\bscqf\b|\bpoints?\b", t) else None
            return self._q(f, "credits_to_hours", hours=f.hours[0], framework=framework)
        if (
            credit_words
            and hour_words
            and re.search(r"\b(?:one|a|1|each|per) (?:uk |scqf )?(?:credit|point)\b", t)
            and not f.award_types
        ):
            framework = "SCQF" if re.search(r"\bscqf\b|\bpoints?\b", t) else None
            return self._q(f, "credits_to_hours", credits=1, framework=framework)
        return None

    def _level(self, f: _Found) -> RuleQuestion | None:
        t = f.text
        if not f.levels or _SEARCH.search(t):
            return None
        if f.award_types and not re.search(r"\bwhat level\b", t):
            return None
        level, framework = f.levels[0]
        others = [fw for fw, pattern in _FRAMEWORK_WORDS if pattern.search(t)]
        target: Framework | None = None
        if framework is None:
            # "level 9 in Scotland": only SCQF has levels above 8.
            framework = "SCQF" if level > 8 and "SCQF" in others else "RQF"
        # The framework the question asks about: one named other than the level's own.
        for candidate in others:
            if candidate != framework:
                target = candidate
                break
        other_level: int | None = None
        if len(f.levels) > 1:
            other_level, other_framework = f.levels[1]
            if other_framework is None:
                other_framework = "RQF" if framework == "SCQF" else "SCQF"
            if other_framework != framework:
                target = other_framework
            else:
                other_level = None
        if target is None and not re.search(r"\bequivalent\b|\bsame\b|\bequal\b|\bcompare\b|\bmatch", t):
            return None
        if not (f.asks or _SAME.search(t)):
            return None
        if not is_valid_level(framework, level):
            return None
        if other_level is not None and (target is None or not is_valid_level(target, other_level)):
            other_level = None
        return self._q(
            f, "level_map", level=level, framework=framework, target_framework=target, other_level=other_level
        )

    def _rpl(self, f: _Found) -> RuleQuestion | None:
        t = f.text
        if not _RPL.search(t) or not f.asks:
            return None
        award_id = self._award_id(f)
        if _WHOLE.search(t):
            return self._q(f, "trap", trap=10, award_id=award_id, award_types=tuple(f.award_types))
        if _HOW_MUCH_RPL.search(t):
            return self._q(f, "rpl_cap", award_id=award_id, award_types=tuple(f.award_types))
        return None

    def _scheme_kind(self, f: _Found) -> RuleQuestion | None:
        if not f.schemes or not f.asks:
            return None
        t = f.text
        for pattern, scheme_id in self._scheme_patterns:
            if scheme_id in f.schemes:
                t = pattern.sub(" ", t)  # "is the Advanced Learner Loan a grant?" asks about a grant
        for _, pattern in _SCHEME_ALIASES:
            t = pattern.sub(" ", t)
        asked: AskedKind | None = None
        loan, grant = bool(_LOAN.search(t)), bool(_GRANT.search(t))
        if loan and not grant:
            asked = "loan"
        elif grant and not loan:
            asked = "grant"
        elif not (loan and grant) and not _WHAT_PAYS.search(t):
            return None
        return self._q(f, "scheme_kind", scheme_id=f.schemes[0], asked_kind=asked)

    def _award_size(self, f: _Found) -> RuleQuestion | None:
        t = f.text
        if not f.asks:
            return None
        award_id = self._award_id(f)
        defines = bool(
            re.search(
                r"\bwhat(?: is|'s| are) (?:an? |the )?(?:hnc|hnd|pg ?cert|pg ?dip|cert ?he|dip ?he)\w*\W*$", t
            )
        )
        if not (_HOW_BIG.search(t) or defines):
            return None
        if award_id is not None and not (f.nations and f.award_types):
            return self._q(f, "award_size", award_id=award_id)
        if f.award_types:
            return self._q(f, "award_size", award_types=(f.award_types[0],), nations=tuple(f.nations[:1]))
        return None

    def _definition(self, f: _Found) -> RuleQuestion | None:
        if not _DEFINE.search(f.text):
            return None
        for term, pattern in _DEFINITION_TERMS:
            if pattern.search(f.text):
                if term == "credit" and (f.credits or f.award_types or f.schemes):
                    return None
                return self._q(f, "definition", term=term)
        return None

    # --- helpers ------------------------------------------------------------------------------------------------

    def _q(self, f: _Found, kind: Any, **values: Any) -> RuleQuestion:
        return RuleQuestion(kind=kind, text=f.text, **values)

    def _staff(self, f: _Found) -> int | None:
        size = f.facts.get("employer.size")
        if size is not None:
            return int(size)
        hit = re.search(r"\b(\d+)\s*(?:person|people|staff|employees|workers|strong)\b", f.text)
        return int(hit.group(1)) if hit else None

    def _schemes_by_words(self, t: str) -> list[str]:
        """A scheme named by part of its name ("the fee waiver"): two of its distinctive words, and more of
        them than any other scheme."""
        said = set(re.findall(r"[a-z]+", t))
        hits = sorted(((len(said & words), sid) for sid, words in self._scheme_words.items()), reverse=True)
        if not hits or hits[0][0] < 2 or (len(hits) > 1 and hits[1][0] == hits[0][0]):
            return []
        return [hits[0][1]]

    def _award_id(self, f: _Found, kind: str | None = None) -> str | None:
        """A catalogue award the message names: by title or id, or by its kind plus a word of its title
        ("the construction HNC")."""
        for pattern, award_id in self._award_titles:
            if pattern.search(f.text):
                return award_id
        said = set(re.findall(r"[a-z]+", f.text))
        words = said - _TITLE_FILLER
        best: tuple[int, str] | None = None
        for award in self.catalogue.awards.values():
            key = SHORT_TO_KEY.get(award.short.lower())
            if kind is not None and key != kind:
                continue
            # Its kind ("HNC", national) or, for a college's own kind of award, its short name ("PDA").
            if not (key in f.award_types if key else award.short.lower() in said):
                continue
            overlap = len(words & self._award_words[award.id])
            if overlap and (best is None or overlap > best[0]):
                best = (overlap, award.id)
        return best[1] if best else None


_TITLE_FILLER = frozenset(
    [
        "a", "an", "and", "the", "of", "in", "for", "to", "with", "on", "at", "by", "higher", "national",
        "certificate", "diploma", "education", "postgraduate", "college", "professional", "development",
        "award", "level", "degree", "foundation", "arts", "science", "applied", "practice", "skills", "ma",
        "msc", "ba", "bsc", "hnc", "hnd", "pgcert", "pgdip", "certhe", "diphe", "fda", "scotland", "wales",
    ]
)  # fmt: skip


# Words in many scheme names that do not say which scheme is meant.
_NAME_FILLER = frozenset(
    [
        "a", "an", "and", "the", "of", "in", "for", "to", "with", "on", "at", "by", "scheme", "fund", "funding",
        "grant", "grants", "loan", "loans", "free", "account", "help", "people", "course", "courses", "england",
        "wales", "scotland", "northern", "ireland", "employer", "employers", "learner", "learners", "citb",
        "skills", "level", "full", "first", "own", "staff", "training", "local", "support",
    ]
)  # fmt: skip


def _first(pattern: re.Pattern[str], text: str) -> int:
    hit = pattern.search(text)
    return hit.start() if hit else len(text)


def _award_types(t: str) -> list[str]:
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for key, pattern in _AWARD_TYPES:
        for hit in pattern.finditer(t):
            if any(s < hit.end() and hit.start() < e for s, e in taken):
                continue
            taken.append(hit.span())
            found.append((hit.start(), key))
    return list(dict.fromkeys(key for _, key in sorted(found)))


def _national_keys(catalogue: Catalogue, scheme_id: str) -> list[str]:
    return [
        key for key in SCHEME_NAMES if (s := find_scheme(catalogue, key)) is not None and s.id == scheme_id
    ]


def _credit_framework(unit: str, f: _Found) -> Framework | None:
    if "scqf" in unit or "point" in unit or "Scotland" in f.nations:
        return "SCQF"
    return None


def _per_week_only(t: str) -> bool:
    """'10 hours a week' is a study limit, not a question about credit."""
    return bool(re.search(r"\bhours? (?:a|per|each|every) week\b", t)) and not re.search(
        r"\bcredits?\b.*\bhours?\b(?!\s*(?:a|per))", t
    )


def _apprentice_age(t: str) -> int | None:
    hit = re.search(
        r"\b(?:aged?|age)\s*(\d{2})\b|\b(\d{2})\s*(?:year old|yo|years old)\b|\b(\d{2})\s*(?:-|to)\s*\d{2}\b",
        t,
    )
    if not hit:
        return None
    return int(next(g for g in hit.groups() if g))


def _is_first_level_3(f: _Found) -> bool:
    t = f.text
    level_3 = any(level == 3 for level, _ in f.levels) or re.search(r"\ba levels?\b|\bl3\b", t)
    free = re.search(r"\bfree\b|\bfunded\b|\bpay(?: for)?\b|\bcost\b|\bfund", t)
    situation = (
        f.facts.get("learner.age") or f.facts.get("learner.annual_income_gbp") or re.search(r"\bfirst\b", t)
    )
    # "is the level 3 electrical course free?" asks about one course: the funding check answers that.
    one_course = re.search(
        r"\b(?:the|this|that)\b[^?.!]{0,40}\b(?:course|one|diploma|certificate|award)\b", t
    )
    return bool(level_3 and free and situation and f.asks and not _SEARCH.search(t) and not one_course)


def _start_date(t: str) -> dt.date | None:
    hit = re.search(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(20\d{2})\b", t)
    if hit:
        return dt.date(int(hit.group(2)), _MONTHS[hit.group(1)], 1)
    return None


# --- one reader per catalogue --------------------------------------------------------------------------------

_READERS: dict[int, tuple[Catalogue, RuleQuestionReader]] = {}


def rule_question_from_text(text: str, catalogue: Catalogue) -> RuleQuestion | None:
    """The rule question `text` asks, or None when it asks none. The catalogue's patterns are built once."""
    entry = _READERS.get(id(catalogue))
    if entry is None or entry[0] is not catalogue:
        if len(_READERS) > 8:
            _READERS.clear()
        entry = (catalogue, RuleQuestionReader(catalogue))
        _READERS[id(catalogue)] = entry
    return entry[1].read(text)
