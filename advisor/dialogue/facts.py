"""Facts a person states in chat that the funding rules and filters need: age, nation, work, income,
qualifications, benefits, study limits and (for employers) team and organisation details.

The retrieval extractor reads occupations, skills and goals; this module reads the short factual answers
a conversation produces ("34", "Sheffield", "I'm on Universal Credit"). A bare number is only read as an
age or a count when that is the question we just asked, never guessed otherwise.
"""

from __future__ import annotations

import re
from typing import Any

from advisor.domain.profile import Constraints, EmployerFacts, LearnerFacts, Profile
from advisor.retrieval.extract import NUMBER_WORDS, place_in

_QUALIFICATION_LEVELS: list[tuple[str, int, bool]] = [
    (r"\b(no qualifications|none|nothing)\b", 0, False),
    (r"\bgcses?\b|\blevel 2\b|\bnvq (?:level )?2\b", 2, False),
    (r"\ba[- ]levels?\b|\blevel 3\b|\bbtec\b|\bnvq (?:level )?3\b|\bt[- ]levels?\b", 3, False),
    (r"\bhnc\b|\blevel 4\b", 4, False),
    (r"\bhnd\b|\bfoundation degree\b|\blevel 5\b", 5, False),
    (r"\b(?:a |my |have a |got a )?(?:bachelor'?s|degree|ba|bsc)\b|\blevel 6\b", 6, True),
    (r"\bmaster'?s\b|\bmsc\b|\bma\b|\blevel 7\b", 7, True),
    (r"\bphd\b|\bdoctorate\b|\blevel 8\b", 8, True),
]

_TEAM_ROLE = re.compile(
    r"\b(\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+"
    r"((?:[a-z]+\s){0,2}?(?:electricians?|engineers?|technicians?|installers?|plumbers?|carers?|"
    r"care workers?|"
    r"nurses?|supervisors?|managers?|team leaders?|analysts?|administrators?|admin staff|developers?|"
    r"apprentices?|operatives?|fitters?|builders?|joiners?|labourers?|staff|drivers?|assistants?|"
    r"support workers?|site managers?|surveyors?|designers?|clerks?|officers?|workers?|people))\b",
    re.IGNORECASE,
)


def _number(token: str) -> int | None:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token)


def _money(text: str) -> float | None:
    match = re.search(r"£\s?(\d[\d,]*(?:\.\d+)?)\s*(k|thousand)?", text, re.IGNORECASE) or re.search(
        r"\b(\d[\d,]*(?:\.\d+)?)\s*(k|thousand|pounds|a year|per year|pa)\b", text, re.IGNORECASE
    )
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    if match.group(2) and match.group(2).lower() in {"k", "thousand"}:
        value *= 1000
    return value


def extract_learner_facts(text: str, pending: tuple[str, ...] = ()) -> LearnerFacts:
    lowered = text.lower()
    found: dict[str, Any] = {}
    age = re.search(
        r"\b(?:i'?m|i am|aged?|age is|age:?)\s*(\d{2,3})\b(?!\s*(?:years? (?:of|in|as)|hours|credits|%))",
        lowered,
    ) or re.search(r"\b(\d{2,3})\s*(?:years? old|yrs? old|y/?o)\b", lowered)
    if age is None and "learner.age" in pending:
        age = re.fullmatch(r"\D*(\d{2,3})\D*", lowered)
    if age and 14 <= int(age.group(1)) <= 120:
        found["age"] = int(age.group(1))
    nation = place_in(text)[1]
    if nation is not None:
        found["nation"] = nation
    if re.search(
        r"\b(unemployed|out of work|not working|no job|between jobs|jobseeker|lost my job)\b", lowered
    ):
        found["employment_status"] = "unemployed"
    elif re.search(r"\bself[- ]employed|freelanc|my own business|sole trader\b", lowered):
        found["employment_status"] = "self_employed"
    elif re.search(r"\bretired\b", lowered):
        found["employment_status"] = "retired"
    elif re.search(r"\b(i'?m a student|full[- ]time student)\b", lowered):
        found["employment_status"] = "student"
    elif re.search(
        r"\b(employed|i work|working (?:full|part)|in work|i have a job|my job|my employer)\b", lowered
    ) or ("learner.employment_status" in pending and re.search(r"\b(yes|yeah|yep)\b", lowered)):
        found["employment_status"] = "employed"
    if (
        re.search(r"\b(earn|salary|income|paid|wage|make)\b", lowered)
        or "learner.annual_income_gbp" in pending
    ):
        income = _money(text)
        if income is None and "learner.annual_income_gbp" in pending:
            bare = re.fullmatch(r"\D*(\d[\d,]{3,})\D*", lowered)
            income = float(bare.group(1).replace(",", "")) if bare else None
        if income is not None:
            found["annual_income_gbp"] = income
    if re.search(
        r"\b(qualification|gcse|a[- ]level|degree|hnc|hnd|level \d|nvq|btec|master|phd)", lowered
    ) or ("learner.highest_level" in pending):
        for pattern, level, degree in reversed(_QUALIFICATION_LEVELS):
            if re.search(pattern, lowered) and not re.search(
                rf"(?:no|not|without|don'?t have) (?:an? )?{pattern}", lowered
            ):
                found["highest_level"] = level
                found["has_degree"] = degree
                break
    if re.search(r"\b(no|not|don'?t have|without)\s+(?:a\s+)?degree\b", lowered) or (
        "learner.has_degree" in pending and re.search(r"^\s*(no|nope|not)\b", lowered)
    ):
        found["has_degree"] = False
    elif "learner.has_degree" in pending and re.search(r"^\s*(yes|yeah|yep)\b", lowered):
        found["has_degree"] = True
    if re.search(
        r"\b(universal credit|on benefits|jobseeker'?s allowance|jsa|esa|income support)\b", lowered
    ):
        found["benefits"] = True
    elif re.search(r"\b(no|not on|don'?t (?:get|claim|receive)) (?:any )?benefits?\b", lowered) or (
        "learner.benefits" in pending and re.search(r"^\s*(no|nope)\b", lowered)
    ):
        found["benefits"] = False
    elif "learner.benefits" in pending and re.search(r"^\s*(yes|yeah|yep)\b", lowered):
        found["benefits"] = True
    years = re.search(
        r"\b(?:lived|living|been) (?:in (?:the uk|britain|england|wales|scotland) )?"
        r"(?:for )?(\d{1,3}|all my life|my whole life)",
        lowered,
    )
    if years and ("uk" in lowered or "here" in lowered or "learner.uk_resident_years" in pending):
        value = years.group(1)
        if value.isdigit():
            found["uk_resident_years"] = int(value)
        elif "age" in found:
            found["uk_resident_years"] = found["age"]
    elif "learner.uk_resident_years" in pending:
        bare = re.fullmatch(r"\D*(\d{1,3})\D*", lowered)
        if bare and "age" not in found:
            found["uk_resident_years"] = int(bare.group(1))
    return LearnerFacts(**found)


def extract_employer_facts(text: str, pending: tuple[str, ...] = ()) -> EmployerFacts:
    lowered = text.lower()
    found: dict[str, Any] = {}
    size = re.search(r"\b(\d{1,6})\s+(?:staff|employees|people|workers)\b(?! (?:need|who|to))", lowered)
    size = size or re.search(
        r"\b(?:we have|we employ|employ|team of|company of|business of)\s+(\d{1,6})\b", lowered
    )
    if size is None and "employer.size" in pending:
        size = re.fullmatch(r"\D*(\d{1,6})\D*", lowered)
    if size and int(size.group(1)) >= 1:
        found["size"] = int(size.group(1))
    if re.search(r"\b(pay ?bill|payroll|wage bill)\b", lowered) or "employer.annual_paybill_gbp" in pending:
        paybill = _money(text)
        if paybill is None:
            million = re.search(r"£?\s?(\d+(?:\.\d+)?)\s*(?:m|million)\b", lowered)
            paybill = float(million.group(1)) * 1_000_000 if million else None
        if paybill is not None:
            found["annual_paybill_gbp"] = paybill
    if re.search(r"\b(not|aren'?t|isn'?t|no)\b.{0,20}\bcitb\b|\bcitb\b.{0,20}\b(no|not)\b", lowered):
        found["citb_registered"] = False
    elif re.search(r"\b(citb[- ]registered|registered with (?:the )?citb|pay the citb levy)\b", lowered) or (
        "employer.citb_registered" in pending and re.search(r"^\s*(yes|yeah|yep|we are)\b", lowered)
    ):
        found["citb_registered"] = True
    elif "employer.citb_registered" in pending and re.search(r"^\s*(no|nope)\b", lowered):
        found["citb_registered"] = False
    nation = place_in(text)[1]
    if nation is not None:
        found["nation"] = nation
    sector = _employer_sector(lowered)
    if sector:
        found["sector"] = sector
    return EmployerFacts(**found)


def _employer_sector(lowered: str) -> str | None:
    for pattern, sector in (
        (
            r"\b(construction|building firm|builders|contractor|electrical contractor|electricians)\b",
            "construction",
        ),
        (r"\b(care home|care provider|social care|domiciliary)\b", "social-care"),
        (r"\b(nhs|hospital|clinic|health)\b", "health-care"),
        (r"\b(software|it company|tech firm|digital agency)\b", "digital"),
        (r"\b(manufactur\w*|factory|engineering firm)\b", "engineering"),
    ):
        if re.search(pattern, lowered):
            return sector
    return None


def extract_constraints(text: str, pending: tuple[str, ...] = ()) -> Constraints:
    lowered = text.lower()
    found: dict[str, Any] = {}
    hours = re.search(r"\b(\d{1,2}(?:\.\d)?)\s*(?:hours?|hrs?)\s*(?:a|per|each)\s*week\b", lowered)
    if hours is None and "constraints.hours_per_week" in pending:
        # We just asked for hours a week, so "10" or "about 6 hours" answers it.
        hours = re.fullmatch(r"\D{0,20}?(\d{1,2}(?:\.\d)?)\s*(?:hours?|hrs?|h)?\b.{0,30}", lowered.strip())
    if hours and 0 < float(hours.group(1)) <= 80:
        found["hours_per_week"] = float(hours.group(1))
    if re.search(
        r"\b(online only|only online|fully online|from home|remote(?:ly)? only|online)\b", lowered
    ) and (re.search(r"\b(only|can'?t travel|from home|fully)\b", lowered)):
        found["delivery_modes"] = ("online",)
    elif re.search(r"\b(evenings?|after work|nights?)\b", lowered) and re.search(r"\b(only|can)\b", lowered):
        # Evening study means the course must not need daytime attendance: online or blended.
        found["delivery_modes"] = ("online", "blended")
    elif re.search(r"\b(in person only|only in person|face to face|on campus)\b", lowered):
        found["delivery_modes"] = ("in_person", "blended")
    if re.search(r"\b(budget|afford|spend|up to)\b", lowered):
        budget = _money(text)
        if budget is not None:
            found["budget_gbp"] = budget
    return Constraints(**found)


def extract_team(text: str) -> dict[str, int]:
    """Staff roles and head counts: "6 electricians and 2 supervisors" -> {electricians: 6, ...}."""
    team: dict[str, int] = {}
    for hit in _TEAM_ROLE.finditer(text):
        count = _number(hit.group(1))
        role = hit.group(2).strip().lower()
        if count and role not in {"staff", "people", "workers"}:
            team[role] = count
    return team


def extract_facts(text: str, role: str, pending: tuple[str, ...] = ()) -> Profile:
    """A profile holding only the facts stated in `text` (to merge into the conversation's profile)."""
    employer = extract_employer_facts(text, pending) if role == "employer" else EmployerFacts()
    learner = extract_learner_facts(text, pending) if role != "employer" else LearnerFacts()
    team = extract_team(text) if role == "employer" or re.search(r"\b(team|staff)\b", text, re.I) else {}
    return Profile(
        learner=learner, employer=employer, constraints=extract_constraints(text, pending), team=team
    )
