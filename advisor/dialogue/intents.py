"""What a message is asking for, without an LLM: ordered keyword rules, then references to courses.

The rules are deliberately simple and ordered by how costly a mistake is: abuse and hand-off first (a person
asking for a human must never get a course list), then the specific questions, then the general ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from advisor.dialogue.answer import Intent
from advisor.dialogue.state import ConversationState
from advisor.domain.catalogue import Award, Catalogue

_ABUSE = re.compile(
    r"\b(fuck\w*|shit\w*|bastard|bitch|cunt|wanker|twat|dickhead|arsehole|asshole|piss off|"
    r"you(?:'re| are) (?:stupid|useless|an idiot|rubbish|thick)|idiot|moron|stupid bot|shut up)\b",
    re.IGNORECASE,
)
_INJECTION = re.compile(
    r"(ignore (?:all |any |your |the |previous |prior )*(?:instructions|rules|prompt)|"
    r"disregard (?:your|the|all) |system prompt|you are now|pretend (?:to be|that)|"
    r"say (?:it|that|the course) (?:is|costs?) |(?:now )?costs? £0|is (?:now )?free now|"
    r"new price|price (?:is|has) changed|override|jailbreak|developer mode)",
    re.IGNORECASE,
)
_HANDOFF = re.compile(
    r"\b(speak|talk|chat)\s+(?:to|with)\s+(?:a |an |some |a real |a human )?(?:person|human|someone|somebody|"
    r"advis[eo]r|adviser|member of staff|real person|careers adviser)|real person|human being|"
    r"call me( back)?|phone (?:me|someone)|book an? (?:appointment|advisor|adviser)|"
    r"can i (?:see|meet) (?:an? )?(?:advis[eo]r|person)",
    re.IGNORECASE,
)
_BYE = re.compile(r"^\s*(bye|goodbye|see you|cheers,? bye|that'?s all|quit|exit)\b", re.IGNORECASE)
_THANKS = re.compile(r"^\s*(thanks|thank you|thx|ta|cheers|great,? thanks|brilliant)\b", re.IGNORECASE)
_GREETING = re.compile(
    r"^\s*(hi|hello|hey|hiya|good (?:morning|afternoon|evening)|alright)\b[\s!.,?]*$", re.I
)
_GREETING_START = re.compile(r"^\s*(hi|hello|hey|hiya|good (?:morning|afternoon|evening))\b", re.IGNORECASE)
_COMPARE = re.compile(
    r"\b(compare|comparison|difference between|differences|which is better|versus|vs\.?)\b", re.I
)
_ROUTE = re.compile(
    r"(add up to|adds up to|stack|stacking|"
    r"towards? (?:a|an|the) (?:qualification|award|hnc|hnd|degree|diploma)|"
    r"count towards|build (?:up )?to|"
    r"how (?:do|can|would) i (?:get|earn|achieve|gain|work towards) (?:a|an|the)\b|"
    r"route to|path to|pathway|full qualification|"
    r"get (?:a|an) (?:hnc|hnd|certhe|diphe|degree|qualification))",
    re.IGNORECASE,
)
_RPL = re.compile(
    r"\b(rpl|prior learning|my experience count|experience (?:count|counts|towards)|"
    r"(?:count|use) my experience|years of experience count|recogni[sz]e? (?:my|what i)|"
    r"already know|skip (?:a|some) (?:module|course)s?|credit for (?:my )?(?:experience|work))\b",
    re.IGNORECASE,
)
_FUNDING = re.compile(
    r"\b(help (?:with )?pay(?:ing)?|fund(?:ing|ed)?|afford|loan|grant|bursar(?:y|ies)|free\b|"
    r"pay for|paying for|cost me|financial|money|lle|skills bootcamps?|levy|citb|discount|cheaper|subsid|"
    r"learning account|training account|pla|ita|skill up|entitlement)",
    re.IGNORECASE,
)
_TEAM = re.compile(
    r"\b(my (?:team|staff|employees|workers|workforce|engineers|electricians|apprentices)|our (?:team|staff|"
    r"employees|workers|people)|train(?:ing)? (?:my|our) |upskill (?:my|our)|team plan|"
    r"\d+\s+(?:staff|employees|people|workers))",
    re.IGNORECASE,
)
_DETAIL = re.compile(
    r"(tell me (?:more|about)|more (?:about|on|info)|details?|what does (?:it|that|the .+?) (?:cost|involve)|"
    r"how much (?:is|does|for)|how long|when does|when can i start|start date|what will i learn|"
    r"what(?:'s| is) (?:it|that|the .+? one) like|the (?:first|second|third|fourth|fifth|last|\w+) one|"
    r"entry requirements|where is it|is it online|price of|cost of)",
    re.IGNORECASE,
)
_UPDATE = re.compile(
    r"(\bactually\b|only (?:do|manage|study) |can only|only (?:in the )?evenings?|online only|only online|"
    r"in person only|weekends? only|can'?t (?:do|travel|manage|afford)|no more than|at most|"
    r"change (?:my|that)|instead|my budget)",
    re.IGNORECASE,
)
_GENERAL = re.compile(
    r"^\s*(what(?:'s| is| are| does)|how (?:does|do|many|much)|why|explain|define|meaning of|is an?|are)\b",
    re.IGNORECASE,
)
_SUGGEST = re.compile(
    r"(what courses|which courses?|courses? (?:for|that|to|would)|suit(?:s|able)? (?:me|for me)|recommend|"
    r"what (?:should|could|can) i (?:do|study|take|learn)|options|show me|find me|looking for (?:a )?course|"
    r"want to (?:learn|train|study|get into|move into|become|work)|get into|move into|career change|retrain|"
    r"any courses|something (?:in|for))",
    re.IGNORECASE,
)
_DESCRIBE = re.compile(
    r"\b(i'?m an? |i am an? |i work (?:as|in)|i'?ve been (?:an? |working)|my job|i have \d+ years|"
    r"years? (?:as an?|in)|i used to|currently (?:an? |work)|i'?m (?:\d+|currently|unemployed|retired))",
    re.IGNORECASE,
)

_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "sixth": 6,
    "6th": 6,
}
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}

# Words that appear in many course titles and say nothing about which course is meant.
_GENERIC_TITLE_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "for",
        "to",
        "with",
        "on",
        "one",
        "course",
        "courses",
        "level",
        "award",
        "certificate",
        "diploma",
        "introduction",
        "intro",
        "skills",
        "skill",
        "essentials",
        "essential",
        "foundations",
        "foundation",
        "fundamentals",
        "basics",
        "practical",
        "professional",
        "advanced",
        "about",
        "more",
        "tell",
        "me",
        "what",
        "does",
        "cost",
        "how",
        "much",
        "is",
        "it",
        "that",
        "this",
        "those",
        "these",
        "which",
        "compare",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "last",
        "both",
        "two",
        "three",
        "me",
        "i",
        "my",
        "can",
        "do",
        "get",
        "help",
        "paying",
        "pay",
        "module",
        "unit",
        "short",
        "qualification",
        "qualifications",
        "hnc",
        "hnd",
    ]
)


@dataclass(frozen=True)
class DetectedIntent:
    kind: Intent
    # Also true: the message tried to change the rules or a figure (answered, never obeyed).
    injection: bool = False
    # Other things the message asked for besides `kind` (e.g. a course request that also set a constraint).
    also: tuple[Intent, ...] = field(default_factory=tuple)


def detect_intent(message: str, state: ConversationState) -> DetectedIntent:
    """The main intent of `message` given the conversation so far."""
    text = message.strip()
    injection = bool(_INJECTION.search(text))
    if not text:
        return DetectedIntent("off_topic")
    if _ABUSE.search(text):
        return DetectedIntent("abusive", injection)
    if _HANDOFF.search(text):
        return DetectedIntent("handoff", injection)
    if _BYE.search(text):
        return DetectedIntent("bye", injection)
    if _THANKS.search(text) and len(text.split()) <= 6:
        return DetectedIntent("thanks", injection)
    if _GREETING.search(text) or (_GREETING_START.search(text) and len(text.split()) <= 3):
        return DetectedIntent("greeting", injection)
    if injection:
        return DetectedIntent("injection", True)
    if _COMPARE.search(text):
        return DetectedIntent("compare")
    if _RPL.search(text):
        return DetectedIntent("rpl")
    if _ROUTE.search(text):
        return DetectedIntent("route")
    if _TEAM.search(text) or (
        state.role == "employer" and re.search(r"\b\d+\b", text) and _SUGGEST.search(text)
    ):
        return DetectedIntent("team_plan")
    if _FUNDING.search(text):
        return DetectedIntent("funding")
    if _DETAIL.search(text) or (mentions_ordinal(text) and state.shown_courses):
        return DetectedIntent("course_detail")
    if _UPDATE.search(text):
        return DetectedIntent("profile_update")
    if _SUGGEST.search(text):
        return DetectedIntent("suggest_courses")
    if _DESCRIBE.search(text) or _GREETING_START.search(text):
        return DetectedIntent("describe_self")
    if _GENERAL.search(text) or text.endswith("?"):
        return DetectedIntent("general_question")
    return DetectedIntent("off_topic")


def mentions_ordinal(text: str) -> bool:
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(word)}\b", lowered) for word in _ORDINALS) or bool(
        re.search(r"\b(last one|both|number \d|option \d|course \d)\b", lowered)
    )


def _ordinal_positions(text: str, shown: int) -> list[int]:
    """1-based positions named in `text`: "the second one" -> [2], "the first two" -> [1, 2]."""
    lowered = text.lower()
    first_n = re.search(r"\b(?:first|top) (two|three|four|five|\d)\b", lowered)
    if first_n:
        word = first_n.group(1)
        count = int(word) if word.isdigit() else _COUNT_WORDS[word]
        return list(range(1, min(count, shown) + 1))
    if re.search(r"\bboth\b", lowered) and shown >= 2:
        return [1, 2]
    found: list[tuple[int, int]] = []
    for word, position in _ORDINALS.items():
        for hit in re.finditer(rf"\b{re.escape(word)}\b", lowered):
            found.append((hit.start(), position))
    for hit in re.finditer(r"\b(?:number|option|course|no\.?)\s*(\d)\b", lowered):
        found.append((hit.start(), int(hit.group(1))))
    for hit in re.finditer(r"\blast(?: one)?\b", lowered):
        if shown:
            found.append((hit.start(), shown))
    positions: list[int] = []
    for _, position in sorted(found):
        if position <= shown and position not in positions:
            positions.append(position)
    return positions


def _words(text: str) -> set[str]:
    return {
        w for w in re.findall(r"[a-z0-9+#]+", text.lower()) if w not in _GENERIC_TITLE_WORDS and len(w) > 1
    }


def resolve_courses(message: str, state: ConversationState, catalogue: Catalogue) -> list[str]:
    """Course ids the message refers to, in the order it names them: by position in the last list shown,
    by id, or by distinctive words of the title ("the Power BI one"). Courses shown win over the rest."""
    shown = [cid for cid in state.shown_courses if cid in catalogue.courses]
    lowered = message.lower()
    resolved: list[str] = [shown[p - 1] for p in _ordinal_positions(message, len(shown))]
    for course_id in catalogue.courses:
        if re.search(rf"\b{re.escape(course_id)}\b", lowered) and course_id not in resolved:
            resolved.append(course_id)
    if resolved:
        return resolved
    message_words = _words(message)
    if not message_words:
        return []

    def overlap(course_id: str) -> int:
        return len(message_words & _words(catalogue.courses[course_id].title))

    scored = sorted(((overlap(cid), cid) for cid in shown), key=lambda pair: -pair[0])
    if scored and scored[0][0] > 0:
        return [cid for score, cid in scored if score == scored[0][0]][:3]

    # A course not shown yet must be named more fully: two and half of its distinctive title words, so
    # "a personal learning account" does not mean "Machine Learning Fundamentals".
    def named_fully(course_id: str) -> bool:
        wanted = len(_words(catalogue.courses[course_id].title))
        hits = overlap(course_id)
        return hits >= min(2, wanted) and hits * 2 >= wanted

    others = [(overlap(cid), cid) for cid in catalogue.courses if cid not in shown and named_fully(cid)]
    if not others:
        return []
    best = max(score for score, _ in others)
    return [cid for score, cid in sorted(others, key=lambda pair: -pair[0]) if score == best][:3]


def resolve_award(message: str, state: ConversationState, catalogue: Catalogue) -> str | None:
    """The award a message names ("an HNC", "the HNC in construction management"), else the one discussed,
    else the best award for the courses shown (the one that most of them could count towards)."""
    named = named_award(message, state, catalogue)
    if named is not None:
        return named
    if state.award_id:
        return state.award_id
    nation = state.profile.learner.nation or state.profile.employer.nation
    offered = [a for a in catalogue.awards.values() if not nation or not a.nations or nation in a.nations]
    if offered:
        return _best_award_for(offered, message, state, catalogue).id
    return None


def named_award(message: str, state: ConversationState, catalogue: Catalogue) -> str | None:
    """The award a message names by its title, id or short name ("an HNC"), if it names one."""
    lowered = message.lower()
    named = [a for a in catalogue.awards.values() if re.search(rf"\b{re.escape(a.short.lower())}\b", lowered)]
    by_title = [a for a in catalogue.awards.values() if a.id in lowered or a.title.lower() in lowered]
    candidates = by_title or named
    if len(candidates) == 1:
        return candidates[0].id
    if len(candidates) > 1:
        return _best_award_for(candidates, message, state, catalogue).id
    return None


def _best_award_for(
    awards: list[Award], message: str, state: ConversationState, catalogue: Catalogue
) -> Award:
    courses = [
        catalogue.courses[c] for c in (*state.shown_courses, *state.done_courses) if c in catalogue.courses
    ]
    sectors = {c.sector for c in courses} | set(state.profile.sectors)
    message_words = _words(message)

    def fit(award: Award) -> tuple[int, int, int]:
        pools = [g.pool for g in award.choose] + ([award.electives] if award.electives else [])
        course_hits = sum(
            1
            for c in courses
            if c.id in award.required or any(p.admits(c, award.level_framework) for p in pools if p.sectors)
        )
        sector_hits = sum(1 for p in pools if p.sectors and sectors & set(p.sectors))
        word_hits = len(message_words & _words(award.title))
        return (word_hits, course_hits, sector_hits)

    return max(awards, key=fit)
