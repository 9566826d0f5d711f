"""The reference's 18 trap questions asked through POST /api/chat: each gets a direct yes/no (or "possibly")
first, with the figure that decides it, and passes the grounding check. Real model, index and database."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

# (trap number, question as a person asks it, first word of the answer, a phrase the answer must carry)
TRAPS = [
    (1, "Can I get the LLE for a 15-credit micro-credential?", "no", r"30 credits"),
    (2, "Can I use the LLE for one 30-credit module of any BA?", "no", r"module"),
    (3, "Can I start a course on LLE funding in September 2026?", "no", r"January 2027"),
    (4, "I'm 61, can I get an LLE tuition loan?", "no", r"60"),
    (5, "Can I use the LLE for a PgCert or a master's?", "no", r"level"),
    (6, "I already have a degree. Can I get the LLE for a second degree?", "yes", r"degree"),
    (7, "I'm 30 and earn £35,000. Is my first level 3 free?", "no", r"26,800|19 to 23"),
    (8, "If I get an HNC and then an HND, is that a degree?", "no", r"top-up"),
    (9, "Can I do a PgCert entirely at level 6?", "no", r"40"),
    (10, "Can I get a whole award by RPL?", "no", r"RPL|prior learning"),
    (11, "Is 15 UK credits the same as 15 ECTS?", "no", r"7\.5"),
    (12, "Is a Scottish HNC the same size as an English one?", "no", r"96"),
    (13, "Does an SME pay 5% for an apprentice aged 22 from August 2026?", "no", r"nothing"),
    (14, "Is there a CITB grant for first aid in 2026?", "no", r"first aid"),
    (15, "Can an unemployed adult in Wales get a PLA?", "no", r"employed"),
    (16, "Can we get the CITB £600 grant for a one-day plant course?", "no", r"600"),
    (17, "Can I get the LLE for a 30-credit level 4 module of a computing degree?", "possibly", r"level 4"),
    (18, "Can a 300-person firm use a CITB Employer Network?", "no", r"249"),
]


@pytest.mark.parametrize(
    ("trap", "question", "verdict", "phrase"), TRAPS, ids=[f"trap-{t[0]}" for t in TRAPS]
)
def test_trap_question_gets_a_direct_answer(
    unlimited_client: TestClient, trap: int, question: str, verdict: str, phrase: str
) -> None:
    response = unlimited_client.post("/api/chat", json={"message": question})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["grounded"] is True, answer["reply"]
    assert re.match(rf"\W*{verdict}\b", answer["reply"], re.IGNORECASE), answer["reply"]
    assert re.search(phrase, answer["reply"], re.IGNORECASE), answer["reply"]
