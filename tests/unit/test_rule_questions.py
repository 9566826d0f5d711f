"""Reading rule questions from messages (advisor.understanding.rule_questions): the message -> a RuleQuestion
-> the domain's direct answer. Phrasings are written the way people type, typos included; messages that only
mention credits, levels or schemes are not rule questions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from catalogue_paths import SECOND_CATALOGUE

from advisor.catalogue import load_catalogue
from advisor.config import BUNDLED_CATALOGUE
from advisor.domain.catalogue import Catalogue
from advisor.domain.knowledge import TRAPS, RuleQuestion, answer_rule_question
from advisor.understanding.rule_questions import RuleQuestionReader, normalise, rule_question_from_text


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(BUNDLED_CATALOGUE)


@pytest.fixture(scope="module")
def glen() -> Catalogue:
    return load_catalogue(SECOND_CATALOGUE)


def fields(question: RuleQuestion) -> dict[str, Any]:
    return {k: v for k, v in question.__dict__.items() if k != "text" and v not in (None, (), "")}


# (message, the fields of the RuleQuestion it must give; fields not named must be empty)
QUESTIONS: list[tuple[str, dict[str, Any]]] = [
    # the examples of the brief
    ("How many hours of study is a 10-credit course?", {"kind": "credits_to_hours", "credits": 10}),
    ("Is 15 UK credits the same as 15 ECTS?", {"kind": "ects", "credits": 15, "ects": 15}),
    ("Is a Scottish HNC the same size as an English one?",
     {"kind": "award_size", "award_types": ("hnc",), "nations": ("Scotland", "England")}),
    ("If I get an HNC and then an HND, is that a degree?",
     {"kind": "degree_equivalence", "award_types": ("hnc", "hnd")}),
    ("is the PLA a loan?", {"kind": "scheme_kind", "scheme_id": "wales-pla", "asked_kind": "loan"}),
    ("what is level 4 in Scotland",
     {"kind": "level_map", "level": 4, "framework": "RQF", "target_framework": "SCQF"}),
    ("what's a micro-credential", {"kind": "definition", "term": "micro-credential"}),
    # the same with typos
    ("how many hours of studdy is a 10 credit cours?", {"kind": "credits_to_hours", "credits": 10}),
    ("hw many hrs is a 10credit course", {"kind": "credits_to_hours", "credits": 10}),
    ("is 15 uk credits the same as 15 etcs", {"kind": "ects", "credits": 15, "ects": 15}),
    ("is 15 uk creidts the same as 15 ecst?", {"kind": "ects", "credits": 15, "ects": 15}),
    ("is a scotish hnc the same sise as an english one",
     {"kind": "award_size", "award_types": ("hnc",), "nations": ("Scotland", "England")}),
    ("if i get a hnc then hnd is that a degre",
     {"kind": "degree_equivalence", "award_types": ("hnc", "hnd")}),
    ("is the pla a laon", {"kind": "scheme_kind", "scheme_id": "wales-pla", "asked_kind": "loan"}),
    ("wat is level 4 in scotland",
     {"kind": "level_map", "level": 4, "framework": "RQF", "target_framework": "SCQF"}),
    ("whats level 4 in scottland?",
     {"kind": "level_map", "level": 4, "framework": "RQF", "target_framework": "SCQF"}),
    ("whats a micro credential", {"kind": "definition", "term": "micro-credential"}),
    ("whats a microcredentail", {"kind": "definition", "term": "micro-credential"}),
    ("what is a microcredential?", {"kind": "definition", "term": "micro-credential"}),
    # credits and hours
    ("how many hours is a 15 credit module", {"kind": "credits_to_hours", "credits": 15}),
    ("10 credits = how many hours?", {"kind": "credits_to_hours", "credits": 10}),
    ("how much work is a 30 credit course in hours", {"kind": "credits_to_hours", "credits": 30}),
    ("how many hours of learning is 40 SCQF credit points",
     {"kind": "credits_to_hours", "credits": 40, "framework": "SCQF"}),
    ("if a course is 300 hours how many credits is it", {"kind": "credits_to_hours", "hours": 300}),
    ("how many hours is one credit", {"kind": "credits_to_hours", "credits": 1}),
    # ECTS
    ("how many ECTS is 60 credits?", {"kind": "ects", "credits": 60}),
    ("convert 30 ECTS to UK credits", {"kind": "ects", "ects": 30}),
    ("whats 20 uk credits in ects", {"kind": "ects", "credits": 20}),
    ("are UK credits and ECTS the same", {"kind": "ects", "credits": 15, "ects": 15}),
    ("what does ECTS stand for", {"kind": "definition", "term": "ects"}),
    # levels
    ("what's SCQF level 7 in England",
     {"kind": "level_map", "level": 7, "framework": "SCQF", "target_framework": "RQF"}),
    ("level 6 equivalent in scottish system",
     {"kind": "level_map", "level": 6, "framework": "RQF", "target_framework": "SCQF"}),
    ("is scqf 9 the same as level 6",
     {"kind": "level_map", "level": 9, "framework": "SCQF", "target_framework": "RQF", "other_level": 6}),
    ("is level 4 the same as scqf 7",
     {"kind": "level_map", "level": 4, "framework": "RQF", "target_framework": "SCQF", "other_level": 7}),
    ("what's a level 4 in wales",
     {"kind": "level_map", "level": 4, "framework": "RQF", "target_framework": "CQFW"}),
    ("what is level 11 in scotland in english terms",
     {"kind": "level_map", "level": 11, "framework": "SCQF", "target_framework": "RQF"}),
    # award sizes
    ("how many credits is an HNC", {"kind": "award_size", "award_types": ("hnc",)}),
    ("how big is a PgCert", {"kind": "award_size", "award_types": ("pgcert",)}),
    ("how many credits do I need for a degree", {"kind": "award_size", "award_types": ("honours_degree",)}),
    ("what is an HND", {"kind": "award_size", "award_types": ("hnd",)}),
    ("how many SCQF points is a Scottish HNC",
     {"kind": "award_size", "award_types": ("hnc",), "nations": ("Scotland",)}),
    ("how many credits is the HNC in Construction Management",
     {"kind": "award_size", "award_id": "hnc-construction-management"}),
    ("are scottish and english HNDs the same size",
     {"kind": "award_size", "award_types": ("hnd",), "nations": ("Scotland", "England")}),
    ("does a Scottish degree have more credits than an English one",
     {"kind": "award_size", "award_types": ("honours_degree",), "nations": ("Scotland", "England")}),
    # degrees
    ("HNC + HND = degree?", {"kind": "degree_equivalence", "award_types": ("hnc", "hnd")}),
    ("does hnc and hnd make a degree", {"kind": "degree_equivalence", "award_types": ("hnc", "hnd")}),
    ("will my HND count as a bachelors", {"kind": "degree_equivalence", "award_types": ("hnd",)}),
    ("Do a CertHE then DipHE, do I have a degree?",
     {"kind": "degree_equivalence", "award_types": ("certhe", "diphe")}),
    ("is a foundation degree a real degree?",
     {"kind": "degree_equivalence", "award_types": ("foundation_degree",)}),
    # RPL
    ("how much RPL can I use on the HNC in Construction Management",
     {"kind": "rpl_cap", "award_id": "hnc-construction-management", "award_types": ("hnc",)}),
    ("how much rpl can i claim on the engineering hnc",
     {"kind": "rpl_cap", "award_id": "hnc-engineering", "award_types": ("hnc",)}),
    ("what's the max rpl for the pgcert in leadership",
     {"kind": "rpl_cap", "award_id": "pgcert-leadership-management", "award_types": ("pgcert",)}),
    ("is there a limit on recognition of prior learning", {"kind": "rpl_cap"}),
    ("what is RPL", {"kind": "definition", "term": "rpl"}),
    # schemes
    ("is the LLE a loan or a grant?", {"kind": "scheme_kind", "scheme_id": "lle"}),
    ("do i have to pay the lle back", {"kind": "scheme_kind", "scheme_id": "lle", "asked_kind": "loan"}),
    ("Is Free Courses for Jobs a loan",
     {"kind": "scheme_kind", "scheme_id": "free-courses-for-jobs", "asked_kind": "loan"}),
    ("is the advanced learner loan a grant",
     {"kind": "scheme_kind", "scheme_id": "advanced-learner-loan", "asked_kind": "grant"}),
    ("is the ITA a grant", {"kind": "scheme_kind", "scheme_id": "scotland-ita", "asked_kind": "grant"}),
    ("what does the personal learning account pay for", {"kind": "scheme_kind", "scheme_id": "wales-pla"}),
    ("is the achievement grant a loan",
     {"kind": "scheme_kind", "scheme_id": "citb-achievement-grant", "asked_kind": "loan"}),
    # definitions
    ("what's the SCQF", {"kind": "definition", "term": "scqf"}),
    ("what is a credit", {"kind": "definition", "term": "credit"}),
]  # fmt: skip


@pytest.mark.parametrize("text,expected", QUESTIONS, ids=[q for q, _ in QUESTIONS])
def test_messages_become_rule_questions(catalogue: Catalogue, text: str, expected: dict[str, Any]) -> None:
    question = rule_question_from_text(text, catalogue)
    assert question is not None, text
    assert fields(question) == expected
    assert question.text  # kept for choosing the guide passage
    assert answer_rule_question(question, catalogue) is not None


# Each of the reference's 18 trap questions, asked as people ask it: (message, kind, trap, verdict, phrase)
TRAP_MESSAGES: list[tuple[str, str, int | None, str, str]] = [
    ("LLE for a 15-credit micro-credential?", "trap", 1, "no", "at least 30 credits"),
    (
        "will the lifelong learning entitlement pay for my 15-credit micro-credential",
        "trap",
        1,
        "no",
        "30 credits",
    ),
    ("Can I get an LLE loan for a 15 credit course?", "trap", 1, "no", "15-credit course is too small"),
    ("Can I use the LLE for one 30-credit module of any BA?", "trap", 2, "no", "only pays for some modules"),
    ("Can I start on LLE funding in Sept 2026?", "trap", 3, "no", "1 January 2027"),
    ("I want to start in September 2026, can I use the LLE?", "trap", 3, "no", "September 2026 is too early"),
    ("I'm 61, can I get an LLE tuition loan?", "trap", 4, "no", "over 60"),
    ("can a 63 year old get a lifelong learning entitlment loan", "trap", 4, "no", "over 60"),
    ("Can I use the LLE for a PgCert or a master's?", "trap", 5, "no", "levels 4 to 6"),
    ("does the LLE cover a masters", "trap", 5, "no", "master's is level 7"),
    ("Can I get the LLE for a second degree?", "trap", 6, "yes", "second degree"),
    ("I already have a degree, can I get LLE for another one?", "trap", 6, "yes", "what is left"),
    ("Is my first level 3 free? I'm 30 and earn £35,000", "trap", 7, "no", "19 to 23"),
    ("is a level 3 free for me? I'm 30 and on £35k", "trap", 7, "no", "£26,800"),
    ("Is HNC + HND a degree?", "degree_equivalence", None, "no", "120-credit top-up"),
    ("Can I do a PgCert entirely at level 6?", "trap", 9, "no", "at least 40 must be at level 7"),
    ("can my pgcert be all level 6 modules?", "trap", 9, "no", "level 7"),
    ("Can I get a whole award by RPL?", "trap", 10, "no", "two-thirds"),
    ("can I get a full award just from RPL", "trap", 10, "no", "limits"),
    (
        "can I get the whole HNC in Construction Management from my work experience",
        "trap",
        10,
        "no",
        "at most 60",
    ),
    ("15 UK credits = 15 ECTS?", "ects", None, "no", "7.5 ECTS"),
    ("Scottish HNC same size as English?", "award_size", None, "no", "96 SCQF credit points"),
    ("Does an SME pay 5% for an apprentice aged 22 from Aug 2026?", "trap", 13, "no", "pays nothing"),
    ("Do we pay 5% for a 23 year old apprentice? we're a small business", "trap", 13, "no", "not 5%"),
    ("as a small firm do we pay anything for an apprentice aged 22", "trap", 13, "yes", "pays nothing"),
    ("Is there a CITB grant for first aid in 2026?", "trap", 14, "no", "first aid"),
    ("will CITB fund first aid training", "trap", 14, "no", "no grants for first aid"),
    ("Can an unemployed Welsh adult get a PLA?", "trap", 15, "no", "employed or self-employed"),
    ("I'm unemployed in Wales, can I get a PLA?", "trap", 15, "no", "employed or self-employed"),
    ("Can we get the CITB £600 grant for a one-day plant course?", "trap", 16, "no", "long qualifications"),
    ("can we claim the £600 CITB grant for a one day plant course", "trap", 16, "no", "£600"),
    (
        "Can I get the LLE for a 30-credit level 4 module of a computing degree?",
        "trap",
        17,
        "depends",
        "level 4 to 6",
    ),
    (
        "LLE for a level 4 module of a computing degree (30 credits)?",
        "trap",
        17,
        "depends",
        "any of those levels",
    ),
    ("Can a 300-person firm use a CITB Employer Network?", "trap", 18, "no", "1 to 249 staff"),
    ("we're a 300 person company, can we use a CITB employer network?", "trap", 18, "no", "1 to 249 staff"),
]


@pytest.mark.parametrize("text,kind,trap,verdict,phrase", TRAP_MESSAGES, ids=[t[0] for t in TRAP_MESSAGES])
def test_trap_questions_asked_in_words(
    catalogue: Catalogue, text: str, kind: str, trap: int | None, verdict: str, phrase: str
) -> None:
    question = rule_question_from_text(text, catalogue)
    assert question is not None and question.kind == kind and question.trap == trap, question
    answer = answer_rule_question(question, catalogue)
    assert answer is not None and answer.verdict == verdict
    assert phrase in answer.reason, answer.reason


def test_every_trap_is_asked_in_words() -> None:
    numbers = {t for _, kind, t, _, _ in TRAP_MESSAGES if kind == "trap"} | {8, 11, 12}
    assert numbers == set(TRAPS)


@pytest.mark.parametrize(
    "text,facts",
    [
        ("I'm 61, can I get an LLE tuition loan?", {"age": 61}),
        ("Is my first level 3 free? I'm 30 and earn £35,000",
         {"age": 30, "income_gbp": 35_000, "employment_status": "employed"}),
        ("Can a 300-person firm use a CITB Employer Network?", {"staff": 300}),
        ("I'm unemployed in Wales, can I get a PLA?", {"employment_status": "unemployed"}),
        ("Does an SME pay 5% for an apprentice aged 22 from Aug 2026?", {"age": 22, "percent": 5}),
        ("Can I start on LLE funding in Sept 2026?", {"start": dt.date(2026, 9, 1)}),
        ("Can I get the LLE for a 30-credit level 4 module of a computing degree?",
         {"credits": 30, "level": 4}),
    ],
)  # fmt: skip
def test_trap_questions_carry_the_facts_they_state(
    catalogue: Catalogue, text: str, facts: dict[str, Any]
) -> None:
    question = rule_question_from_text(text, catalogue)
    assert question is not None
    for name, value in facts.items():
        assert getattr(question, name) == value


@pytest.mark.parametrize(
    "text",
    [
        "I'm a sparky, 15 yrs, want to do car chargers",
        "how much is the excel course?",
        "I'm 50 and on jobseekers. is the excel one free?",
        "show me level 4 courses in scotland",
        "I can do 10 hours a week",
        "any online courses about data?",
        "I want to do an HNC in construction",
        "how do I apply for the LLE?",
        "tell me about the LLE",
        "what funding is there for a 30 credit course",
        "hello",
        "thanks",
        "tell me about the HNC in construction management",
        "I have 120 credits from a previous course",
        "we have 300 staff",
        "we have 300 staff in construction",
        "is the PLA available in Cardiff?",
        "what's the next start date for the heat pump course",
        "can I study online for the pgcert",
        "I live in Scotland and want a level 7 course",
        "I did a level 3 diploma years ago",
        "are there any free level 3 courses",
        "I'm 45 and earn £22,000, what can I get?",
        "I'm 61 and want to learn Excel",
        "is the heat pump course free?",
        "I did an HNC years ago",
        "what level is the Excel course?",
        "how many hours a week is the heat pump course",
        "what's the cheapest level 3 course",
        "can I do my HNC online?",
        "is the LLE open for applications?",
        "I work 37 hours a week and want to retrain",
        "my budget is £500",
        "I'm in Scotland, level 6 please",
        "Are you a real person or a bot?",
        "How much will it cost me all in? any funding?",
        "what would we pay per person",
        "I want a degree eventually",
        "how long is the HNC course",
        "is the level 3 electrical course free? I'm 30 on 35k",
        "I'm 30, is this level 3 diploma free?",
    ],
)
def test_messages_that_ask_no_rule_question(catalogue: Catalogue, text: str) -> None:
    assert rule_question_from_text(text, catalogue) is None


@pytest.mark.parametrize(
    "text,verdict,phrase",
    [
        ("How many hours of study is a 10-credit course?", None, "100 hours"),
        ("Is 15 UK credits the same as 15 ECTS?", "no", "7.5 ECTS"),
        ("Is a Scottish HNC the same size as an English one?", "no", "96 SCQF credit points"),
        ("If I get an HNC and then an HND, is that a degree?", "no", "240 credits"),
        ("is the PLA a loan?", "no", "not a loan"),
        ("what is level 4 in Scotland", None, "SCQF level 7"),
        ("what's a micro-credential", None, "short course"),
        ("is scqf 9 the same as level 6", "yes", "level 6"),
        ("is level 5 the same as scqf 9?", "no", "SCQF level 8"),
        ("how much RPL can I use on the HNC in Construction Management", None, "at most 60 of the 120"),
    ],
)
def test_from_message_to_direct_answer(
    catalogue: Catalogue, text: str, verdict: str | None, phrase: str
) -> None:
    question = rule_question_from_text(text, catalogue)
    assert question is not None
    answer = answer_rule_question(question, catalogue)
    assert answer is not None and answer.verdict == verdict and phrase in answer.reason


def test_the_brief_examples_cite_a_guide_paragraph_not_an_opening(catalogue: Catalogue) -> None:
    for text in (
        "How many hours of study is a 10-credit course?",
        "Is 15 UK credits the same as 15 ECTS?",
        "Is a Scottish HNC the same size as an English one?",
        "If I get an HNC and then an HND, is that a degree?",
        "what's a micro-credential",
    ):
        question = rule_question_from_text(text, catalogue)
        assert question is not None
        answer = answer_rule_question(question, catalogue)
        assert answer is not None and answer.passage is not None, text
        assert not answer.passage.is_opening and answer.passage.guide_id in catalogue.guides


# --- another college's catalogue: names come from its records -----------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("is the SAAS part-time fee grant a loan?",
         {"kind": "scheme_kind", "scheme_id": "saas-part-time-fee-grant", "asked_kind": "loan"}),
        ("is the fee waiver a loan",
         {"kind": "scheme_kind", "scheme_id": "sfc-part-time-fee-waiver", "asked_kind": "loan"}),
        ("how much RPL can I use on the HNC Hospitality Management",
         {"kind": "rpl_cap", "award_id": "hnc-hospitality-management-s7", "award_types": ("hnc",)}),
        ("how many scqf points is the pda in aquaculture",
         {"kind": "award_size", "award_id": "pda-aquaculture-s6"}),
        ("is the PLA a loan?", None),  # no PLA in a Scottish college's catalogue
    ],
)  # fmt: skip
def test_a_second_catalogue(glen: Catalogue, text: str, expected: dict[str, Any] | None) -> None:
    question = rule_question_from_text(text, glen)
    if expected is None:
        assert question is None or question.scheme_id is None
        return
    assert question is not None and fields(question) == expected
    answer = answer_rule_question(question, glen)
    assert answer is not None


def test_rpl_cap_on_a_scottish_award(glen: Catalogue) -> None:
    question = rule_question_from_text("how much RPL can I use on the HNC Hospitality Management", glen)
    assert question is not None
    answer = answer_rule_question(question, glen)
    assert answer is not None and "48 of the 96 SCQF credit points" in answer.reason


def test_readers_are_built_once_per_catalogue(catalogue: Catalogue, glen: Catalogue) -> None:
    first = rule_question_from_text("is the PLA a loan?", catalogue)
    assert first is not None and first.scheme_id == "wales-pla"
    assert rule_question_from_text("is the ITA a grant", glen) == RuleQuestionReader(glen).read(
        "is the ITA a grant"
    )


# --- typo correction ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "said,read",
    [
        ("Is 15 UK credits the same as 15 ECTS?", "is 15 uk credits the same as 15 ects?"),
        ("etcs", "ects"),
        ("scotish", "scottish"),
        ("degre", "degree"),
        ("laon", "loan"),
        ("creidts", "credits"),
        ("10-credit", "10 credit"),
        ("micro-credential", "micro credential"),
        ("£35,000", "£35000"),
        ("whats", "what is"),
        ("lifelong learning entitlment", "lifelong learning entitlement"),
        ("postgradute certificate", "postgraduate certificate"),
    ],
)
def test_normalise_corrects_key_words(said: str, read: str) -> None:
    assert normalise(said) == read


@pytest.mark.parametrize(
    "word",
    ["employees", "faster", "while", "source", "house", "entirely", "earning", "wages", "some", "ours"],
)
def test_normalise_leaves_real_words_alone(word: str) -> None:
    assert normalise(word) == word
