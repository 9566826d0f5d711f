"""Turning the facts a funding rule still needs into plain questions, asked one or two at a time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from advisor.compose.answer import FundingItem

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
    # Facts added for the funding rules checked on 1 December 2026.
    "learner.contract": "Are you on a zero-hours contract, or do you work through an agency?",
    "learner.at_risk_of_redundancy": "Has your employer told you that your job is at risk of redundancy?",
    "learner.has_gcse_english": "Do you have a GCSE in English at grade 4 (C) or above, or an equivalent?",
    "learner.has_gcse_maths": "Do you have a GCSE in maths at grade 4 (C) or above, or an equivalent?",
    "learner.english_assessed_below_gcse": (
        "Has a college checked your English and found it below GCSE grade 4? If you have not been checked "
        "yet, the college can do it when you enrol."
    ),
    "learner.maths_assessed_below_gcse": (
        "Has a college checked your maths and found it below GCSE grade 4? If you have not been checked "
        "yet, the college can do it when you enrol."
    ),
    "learner.digital_assessed_below_level_1": (
        "Has a college checked your computer skills and found them below level 1? If you have not been "
        "checked yet, the college can do it when you enrol."
    ),
    "employer.levy_funds_left": "Does your business still have apprenticeship levy funds left to spend?",
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
    "learner.has_gcse_english",
    "learner.has_gcse_maths",
    "learner.contract",
    "learner.at_risk_of_redundancy",
    "employer.levy_funds_left",
    "learner.english_assessed_below_gcse",
    "learner.maths_assessed_below_gcse",
    "learner.digital_assessed_below_level_1",
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
