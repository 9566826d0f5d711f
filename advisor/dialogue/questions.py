"""Turning the facts a funding rule still needs into plain questions, asked one or two at a time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from advisor.dialogue.answer import FundingItem

QUESTIONS: dict[str, str] = {
    "learner.nation": "Which part of the UK do you live in: England, Wales, Scotland or Northern Ireland?",
    "learner.age": "How old are you?",
    "learner.employment_status": "Are you working at the moment?",
    "learner.annual_income_gbp": "About how much do you earn in a year, before tax?",
    "learner.highest_level": "What is your highest qualification? For example GCSEs, A levels or a degree.",
    "learner.has_degree": "Do you have a degree already?",
    "learner.benefits": "Do you get any benefits, such as Universal Credit?",
    "learner.uk_resident_years": "How many years have you lived in the UK?",
    "employer.nation": "Which part of the UK is your business in?",
    "employer.size": "How many staff do you employ in total?",
    "employer.annual_paybill_gbp": "About how much is your yearly pay bill?",
    "employer.sector": "What does your business do? For example construction or care.",
    "employer.citb_registered": "Is your business registered with CITB, the construction training board?",
}

# Ask the facts that unlock most schemes first; nation gates nearly every scheme, so it comes first.
_PRIORITY = [
    "learner.nation",
    "employer.nation",
    "learner.age",
    "employer.size",
    "learner.employment_status",
    "learner.highest_level",
    "learner.annual_income_gbp",
    "employer.sector",
    "employer.citb_registered",
    "employer.annual_paybill_gbp",
    "learner.benefits",
    "learner.has_degree",
    "learner.uk_resident_years",
]


def facts_to_ask(verdicts: Iterable[FundingItem], limit: int = 2) -> list[str]:
    """The (at most `limit`) facts that would settle the most `unknown` verdicts."""
    wanted: Counter[str] = Counter()
    for verdict in verdicts:
        if verdict.status == "unknown":
            wanted.update(field for field in verdict.needs if field in QUESTIONS)
    ranked = sorted(wanted, key=lambda f: (_PRIORITY.index(f) if f in _PRIORITY else 99, -wanted[f]))
    return ranked[:limit]


def question_for(field: str) -> str:
    return QUESTIONS.get(field, f"Could you tell me your {field.split('.')[-1].replace('_', ' ')}?")
