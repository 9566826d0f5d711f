"""The only acts read by rule: abuse, a request for a person, and attempts to change the rules or figures.
Their signals are exact and a mistake is costly (a person asking for a human must never get a course list)."""

from __future__ import annotations

import re

_I = re.IGNORECASE
ABUSE = re.compile(
    r"\b(fuck\w*|shit\w*|bastard|bitch|cunt|wanker|twat|dickhead|arsehole|asshole|piss off|"
    r"you(?:'re| are) (?:stupid|useless|an idiot|rubbish|thick|a joke|pathetic)|idiot|moron|stupid bot|shut up|"
    r"waste of space|crap bot|useless bot)\b",
    _I,
)
INJECTION = re.compile(
    r"(ignore (?:all |any |your |the |previous |prior |earlier )*(?:instructions|rules|prompt|guidelines)|"
    r"disregard (?:your|the|all) |system prompt|you are now|from now on you|pretend (?:to be|that|you)|"
    r"act as (?:if|a|an)\b|say (?:it|that|the course|this course) (?:is|costs?) |(?:now )?costs? £0\b|"
    r"is (?:now )?free now|new price|price (?:is|has) changed|override|jailbreak|developer mode|"
    r"reveal your (?:prompt|instructions)|print your (?:prompt|instructions))",
    _I,
)
_ASKS_IF_PERSON = re.compile(
    r"\bare you (?:a |an )?(?:real |actual |live )?(?:person|human|bot|robot|ai|computer|machine)\b|"
    r"\bam i (?:talking|speaking|chatting) (?:to|with) (?:a |an )?(?:real )?(?:person|human|bot|robot|ai)\b|"
    r"\bis this (?:a |an )?(?:real )?(?:person|human|bot|robot|ai)\b",
    _I,
)
HANDOFF = re.compile(
    r"\b(?:speak|talk|chat)\s+(?:to|with)\s+(?:a |an |some |a real |a human |an actual |someone\s+)?"
    r"(?:person|human|someone|somebody|advis[eo]rs?|member of staff|real person|careers advis[eo]r|staff|"
    r"tutor|people|an? adult)|"
    r"\b(?:want|need|like|get|put me through to|connect me (?:to|with)|pass me (?:to|on))\s+(?:to\s+)?"
    r"(?:a |an )?(?:real |actual )?(?:human|person|advis[eo]r)\b|"
    r"\bcall me(?: back)?\b|\bring me\b|\bphone (?:me|someone)\b|\bbook (?:an? |in )?(?:appointment|advis[eo]r|"
    r"meeting|call)\b|\bcan i (?:see|meet) (?:an? )?(?:advis[eo]r|person)\b|\bhuman please\b|"
    r"\breal person please\b|\bcontact (?:an? )?advis[eo]r\b",
    _I,
)


def is_abuse(text: str) -> bool:
    return bool(ABUSE.search(text))


def is_injection(text: str) -> bool:
    return bool(INJECTION.search(text))


def asks_for_person(text: str) -> bool:
    """A request to be put through to a person; asking whether this is a person is not one."""
    if _ASKS_IF_PERSON.search(text) and not re.search(r"\b(?:speak|talk|want|need|put me)\b", text, _I):
        return False
    return bool(HANDOFF.search(text))
