"""A small catalogue built in code for retrieval unit tests (no files, no model)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from advisor.domain.catalogue import Catalogue, CatalogueInfo, Course, Guide


def course(course_id: str, title: str, **fields: Any) -> Course:
    values: dict[str, Any] = {
        "id": course_id,
        "title": title,
        "provider": "Test College",
        "summary": fields.pop("summary", title),
        "learning_outcomes": fields.pop("learning_outcomes", (title,)),
        "sector": "construction",
        "level_framework": "RQF",
        "level": 3,
        "credits": 10,
        "notional_hours": 100,
        "delivery_mode": "online",
        "hours_per_week": 5,
        "duration_weeks": 20,
        "cost_gbp": 300,
        "rolling_start": True,
        "assessment": "test",
        "quality_assurance": "CPD certified",
        "nations": ("England", "Wales", "Scotland", "Northern Ireland"),
    }
    values.update(fields)
    return Course(**values)


COURSES = [
    course(
        "ev-charging",
        "EV Charge Point Installation",
        summary="Install electric vehicle charge points.",
        skills=("EV charge point installation", "electrical installation"),
        occupations=("electrician", "sparky"),
        sector="green-energy",
        level=3,
        delivery_mode="blended",
        hours_per_week=6,
        cost_gbp=480,
        nations=("England",),
    ),
    course(
        "ev-charging-wales",
        "EV Charge Point Installation (Wales)",
        summary="Install electric vehicle charge points.",
        skills=("EV charge point installation",),
        occupations=("electrician",),
        sector="green-energy",
        level_framework="CQFW",
        level=3,
        delivery_mode="blended",
        hours_per_week=6,
        cost_gbp=480,
        nations=("Wales",),
    ),
    course(
        "heat-pumps",
        "Heat Pump Installation",
        summary="Fit air source heat pumps in homes.",
        skills=("heat pump installation",),
        occupations=("plumber", "heating engineer"),
        sector="green-energy",
        level=3,
        delivery_mode="in_person",
        hours_per_week=20,
        cost_gbp=850,
        nations=("England",),
    ),
    course(
        "excel-basics",
        "Excel for Work",
        summary="Spreadsheets, formulas and charts in Excel.",
        skills=("Excel", "spreadsheets"),
        occupations=("administrator",),
        sector="data",
        level=2,
        cost_gbp=0,
        hours_per_week=3,
    ),
    course(
        "power-bi",
        "Power BI Dashboards",
        summary="Build dashboards and reports in Power BI.",
        skills=("Power BI", "data visualisation"),
        occupations=("data analyst",),
        sector="data",
        level=3,
        prerequisites=("excel-basics",),
        cost_gbp=300,
    ),
    course(
        "data-science-msc",
        "Statistical Modelling for Data Science",
        summary="Advanced statistical models.",
        skills=("statistics", "data science"),
        occupations=("data scientist",),
        sector="data",
        level_framework="FHEQ",
        level=7,
        cost_gbp=1600,
    ),
    course(
        "data-entry-l1",
        "Data Skills Level 1",
        summary="Basic data entry and spreadsheets.",
        skills=("data entry", "spreadsheets"),
        sector="data",
        level=1,
        cost_gbp=0,
    ),
    course(
        "data-analysis-l4",
        "Data Analysis",
        summary="Analyse data with spreadsheets and SQL.",
        skills=("data analysis", "SQL", "spreadsheets"),
        occupations=("data analyst",),
        sector="data",
        level_framework="FHEQ",
        level=4,
        cost_gbp=900,
    ),
    course(
        "dementia-care",
        "Dementia Awareness",
        summary="Understand dementia and support people living with it.",
        skills=("dementia care",),
        occupations=("care worker", "carer"),
        sector="social-care",
        level=2,
        cost_gbp=150,
        nations=("Scotland",),
    ),
]

GUIDES = [
    Guide(
        id="stacking",
        title="Stacking credits towards a qualification",
        body="# Stacking credits\n\nAn HNC is a Higher National Certificate worth 120 credits at level 4.\n\n"
        "## From one award to the next\n\nAn HND is 240 credits.",
    ),
    Guide(
        id="rpl",
        title="Recognition of prior learning",
        body="# Recognition of prior learning\n\nYour experience can count towards an award as RPL credits "
        "when you show evidence of what you already know.",
    ),
]


def catalogue(courses: list[Course] | None = None, content_hash: str = "test-hash-1") -> Catalogue:
    chosen = COURSES if courses is None else courses
    return Catalogue(
        info=CatalogueInfo(
            name="Test",
            publisher="Test",
            version="1",
            updated=dt.date(2026, 1, 1),
            nations=("England", "Wales", "Scotland"),
        ),
        courses={c.id: c for c in chosen},
        awards={},
        schemes={},
        guides={g.id: g for g in GUIDES},
        content_hash=content_hash,
    )
