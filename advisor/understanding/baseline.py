"""The old ordered keyword rules (first match wins, one intent per message), kept only as the baseline the
reader is measured against in `advisor eval-understanding`. Nothing answers users with this."""

from __future__ import annotations

import re

from advisor.understanding.rules import ABUSE, HANDOFF, INJECTION

_I = re.IGNORECASE
_BYE = re.compile(r"^\s*(bye|goodbye|see you|cheers,? bye|that'?s all|quit|exit)\b", _I)
_THANKS = re.compile(r"^\s*(thanks|thank you|thx|ta|cheers|great,? thanks|brilliant)\b", _I)
_GREETING = re.compile(r"^\s*(hi|hello|hey|hiya|good (?:morning|afternoon|evening)|alright)\b[\s!.,?]*$", _I)
_GREETING_START = re.compile(r"^\s*(hi|hello|hey|hiya|good (?:morning|afternoon|evening))\b", _I)
_COMPARE = re.compile(
    r"\b(compare|comparison|difference between|differences|which is better|versus|vs\.?)\b", _I
)
_ROUTE = re.compile(
    r"(add up to|adds up to|stack|stacking|towards? (?:a|an|the) (?:qualification|award|hnc|hnd|degree|diploma)|"
    r"count towards|build (?:up )?to|how (?:do|can|would) i (?:get|earn|achieve|gain|work towards) (?:a|an|the)\b|"
    r"route to|path to|pathway|full qualification|get (?:a|an) (?:hnc|hnd|certhe|diphe|degree|qualification))",
    _I,
)
_RPL = re.compile(
    r"\b(rpl|prior learning|my experience count|experience (?:count|counts|towards)|(?:count|use) my experience|"
    r"years of experience count|recogni[sz]e? (?:my|what i)|already know|skip (?:a|some) (?:module|course)s?|"
    r"credit for (?:my )?(?:experience|work))\b",
    _I,
)
_FUNDING = re.compile(
    r"\b(help (?:with )?pay(?:ing)?|fund(?:ing|ed)?|afford|loan|grant|bursar(?:y|ies)|free\b|pay for|paying for|"
    r"cost me|financial|money|lle|skills bootcamps?|levy|citb|discount|cheaper|subsid|learning account|"
    r"training account|pla|ita|skill up|entitlement)",
    _I,
)
_TEAM = re.compile(
    r"\b(my (?:team|staff|employees|workers|workforce|engineers|electricians|apprentices)|our (?:team|staff|"
    r"employees|workers|people)|train(?:ing)? (?:my|our) |upskill (?:my|our)|team plan|"
    r"\d+\s+(?:staff|employees|people|workers))",
    _I,
)
_DETAIL = re.compile(
    r"(tell me (?:more|about)|more (?:about|on|info)|details?|what does (?:it|that|the .+?) (?:cost|involve)|"
    r"how much (?:is|does|for)|how long|when does|when can i start|start date|what will i learn|"
    r"what(?:'s| is) (?:it|that|the .+? one) like|the (?:first|second|third|fourth|fifth|last|\w+) one|"
    r"entry requirements|where is it|is it online|price of|cost of)",
    _I,
)
_UPDATE = re.compile(
    r"(\bactually\b|only (?:do|manage|study) |can only|only (?:in the )?evenings?|online only|only online|"
    r"in person only|weekends? only|can'?t (?:do|travel|manage|afford)|no more than|at most|"
    r"change (?:my|that)|instead|my budget)",
    _I,
)
_GENERAL = re.compile(
    r"^\s*(what(?:'s| is| are| does)|how (?:does|do|many|much)|why|explain|define|meaning of|is an?|are)\b",
    _I,
)
_SUGGEST = re.compile(
    r"(what courses|which courses?|courses? (?:for|that|to|would)|suit(?:s|able)? (?:me|for me)|recommend|"
    r"what (?:should|could|can) i (?:do|study|take|learn)|options|show me|find me|looking for (?:a )?course|"
    r"want to (?:learn|train|study|get into|move into|become|work)|get into|move into|career change|retrain|"
    r"any courses|something (?:in|for))",
    _I,
)
_DESCRIBE = re.compile(
    r"\b(i'?m an? |i am an? |i work (?:as|in)|i'?ve been (?:an? |working)|my job|i have \d+ years|"
    r"years? (?:as an?|in)|i used to|currently (?:an? |work)|i'?m (?:\d+|currently|unemployed|retired))",
    _I,
)


def old_rules_act(text: str, role: str = "learner", courses_shown: bool = False) -> str:
    """The act the old first-match rules gave a message."""
    text = text.strip()
    ordered: list[tuple[bool, str]] = [
        (not text, "off_topic"),
        (bool(ABUSE.search(text)), "abuse"),
        (bool(HANDOFF.search(text)), "handoff"),
        (bool(_BYE.search(text)), "bye"),
        (bool(_THANKS.search(text)) and len(text.split()) <= 6, "thanks"),
        (
            bool(_GREETING.search(text) or (_GREETING_START.search(text) and len(text.split()) <= 3)),
            "greeting",
        ),
        (bool(INJECTION.search(text)), "injection"),
        (bool(_COMPARE.search(text)), "compare"),
        (bool(_RPL.search(text)), "ask_rpl"),
        (bool(_ROUTE.search(text)), "ask_route"),
        (
            bool(_TEAM.search(text))
            or (role == "employer" and bool(re.search(r"\b\d+\b", text)) and bool(_SUGGEST.search(text))),
            "team_plan",
        ),
        (bool(_FUNDING.search(text)), "ask_funding"),
        (
            bool(_DETAIL.search(text))
            or (courses_shown and bool(re.search(r"\b(first|second|third|last)\b", text, _I))),
            "ask_detail",
        ),
        (bool(_UPDATE.search(text)), "update_limits"),
        (bool(_SUGGEST.search(text)), "ask_courses"),
        (bool(_DESCRIBE.search(text) or _GREETING_START.search(text)), "describe_self"),
        (bool(_GENERAL.search(text)) or text.endswith("?"), "ask_rule"),
    ]
    return next((act for holds, act in ordered if holds), "off_topic")
