"""The HTTP API over the real pipeline: bundled catalogue, real model and FAISS index, real SQLite."""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest
from fastapi.testclient import TestClient

from advisor.api.services import Services


@pytest.fixture(scope="module")
def client(unlimited_client: TestClient) -> TestClient:
    return unlimited_client


def start_chat(client: TestClient, message: str, **extra: Any) -> dict[str, Any]:
    response = client.post("/api/chat", json={"message": message, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready"
    assert ready["checks"]["database"] == "ok"


def test_first_chat_turn_answers_with_catalogue_figures_and_a_session_token(
    client: TestClient, real_services: Services
) -> None:
    answer = start_chat(client, "I'm a sparky, 15 yrs in, want to get into car chargers")
    assert {"session_id", "reply", "courses", "route", "funding", "questions", "citations"} <= answer.keys()
    assert answer["session_token"] and answer["session_id"]
    ids = [c["id"] for c in answer["courses"]]
    assert "ev-charge-point-installation-l3" in ids
    catalogue = real_services.catalogue
    for card in answer["courses"]:
        course = catalogue.courses[card["id"]]
        assert card["cost_gbp"] == course.cost_gbp
        assert card["credits"] == course.credits
        assert course.title in answer["reply"]
        assert card["why"]


def test_a_later_turn_needs_the_sessions_own_token(client: TestClient) -> None:
    first = start_chat(client, "hello")
    session = first["session_id"]
    no_token = client.post("/api/chat", json={"message": "hi again", "session_id": session})
    assert no_token.status_code == 401
    wrong = client.post(
        "/api/chat", json={"message": "hi again", "session_id": session}, headers=bearer("not-the-token")
    )
    assert wrong.status_code == 403
    unknown = client.post("/api/chat", json={"message": "hi", "session_id": "nope"}, headers=bearer("x"))
    assert unknown.status_code == 404
    ok = client.post(
        "/api/chat",
        json={"message": "hi again", "session_id": session},
        headers=bearer(first["session_token"]),
    )
    assert ok.status_code == 200
    assert "session_token" not in ok.json()


def test_every_turn_is_saved_and_the_learner_can_read_and_erase_it(client: TestClient) -> None:
    first = start_chat(client, "I work in a care home and want to become a manager")
    token, session = first["session_token"], first["session_id"]
    client.post(
        "/api/chat",
        json={"message": "tell me more about the first one", "session_id": session},
        headers=bearer(token),
    )
    history = client.get(f"/api/sessions/{session}", headers=bearer(token)).json()
    texts = [(m["role"], m["text"]) for m in history["messages"]]
    assert texts[0] == ("user", "I work in a care home and want to become a manager")
    assert [role for role, _ in texts] == ["user", "assistant", "user", "assistant"]
    assert history["messages"][1]["answer"]["reply"] == first["reply"]

    assert client.get(f"/api/sessions/{session}").status_code == 401
    assert client.delete(f"/api/sessions/{session}", headers=bearer("wrong")).status_code == 403
    assert client.delete(f"/api/sessions/{session}", headers=bearer(token)).json()["erased"] is True
    assert client.get(f"/api/sessions/{session}", headers=bearer(token)).status_code == 404


def test_chat_streams_as_server_sent_events_ending_in_the_full_answer(client: TestClient) -> None:
    with client.stream(
        "POST", "/api/chat", json={"message": "what is an HNC?"}, headers={"Accept": "text/event-stream"}
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        body = "".join(response.iter_text())
    events = [block for block in body.split("\n\n") if block.strip()]
    kinds = [block.split("\n")[0].removeprefix("event: ") for block in events]
    assert kinds[-1] == "answer" and set(kinds[:-1]) == {"delta"}
    streamed = "".join(json.loads(b.split("data: ", 1)[1])["text"] for b in events[:-1])
    final = json.loads(events[-1].split("data: ", 1)[1])
    assert streamed == final["reply"]
    assert any(c["kind"] == "guide" for c in final["citations"])
    saved = client.get(f"/api/sessions/{final['session_id']}", headers=bearer(final["session_token"])).json()
    assert saved["messages"][-1]["text"] == final["reply"]


def test_feedback_on_a_reply_is_saved_and_checked(client: TestClient) -> None:
    first = start_chat(client, "hi")
    token, session = first["session_token"], first["session_id"]
    saved = client.post(
        "/api/feedback",
        json={"session_id": session, "message_id": first["message_id"], "rating": "up", "comment": "clear"},
        headers=bearer(token),
    )
    assert saved.status_code == 201
    other = start_chat(client, "hello")
    foreign = client.post(
        "/api/feedback",
        json={"session_id": session, "message_id": other["message_id"], "rating": "down"},
        headers=bearer(token),
    )
    assert foreign.status_code == 422
    assert foreign.json()["detail"][0]["field"] == "message_id"
    no_token = client.post("/api/feedback", json={"session_id": session, "rating": "up"})
    assert no_token.status_code == 401


def test_match_returns_the_same_ranking_as_the_matcher(client: TestClient, real_services: Services) -> None:
    text = "office admin, good with excel, want to learn power bi, online only"
    body = client.post("/api/match", json={"message": text, "k": 5}).json()
    expected = [m.course.id for m in real_services.matcher.match(text, k=5).matches]
    assert [r["id"] for r in body["results"]] == expected
    assert all(real_services.catalogue.courses[r["id"]].delivery_mode == "online" for r in body["results"])
    assert {"id", "title", "score", "why"} <= body["results"][0].keys()


def test_plan_gives_the_engines_route(client: TestClient) -> None:
    request = {"award_id": "pgcert-leadership-management", "done": [], "rpl_credits": 100}
    body = client.post("/api/plan", json={**request, "hours_per_week": 25}).json()
    assert body["credits_required"] == 60
    assert body["rpl_credits_used"] == 30  # floor(0.5 x 60), though 100 were claimed
    assert body["credits_counted"] == body["rpl_credits_used"]
    assert body["credits_remaining"] == 30
    assert body["complete"] is False
    assert "strategic-leadership-l7" in body["suggested"]  # the award's required course
    assert body["cost_gbp"] > 0 and body["weeks_to_finish"] > 0

    too_busy = client.post("/api/plan", json={**request, "hours_per_week": 10}).json()
    assert too_busy["suggested"] == [] and too_busy["weeks_to_finish"] is None
    assert any("strategic-leadership-l7" in reason for reason in too_busy["reasons"])


def test_funding_is_three_valued_and_names_missing_facts(client: TestClient) -> None:
    unknown = client.post("/api/funding", json={"course_id": "ev-charge-point-installation-l3"}).json()
    statuses = {s["scheme_id"]: s for s in unknown["schemes"]}
    assert statuses["advanced-learner-loan"]["status"] == "unknown"
    assert "learner.age" in statuses["advanced-learner-loan"]["needs"]
    known = client.post(
        "/api/funding",
        json={"learner": {"age": 61, "nation": "England"}, "course_id": "ev-charge-point-installation-l3"},
    ).json()
    lle = next(s for s in known["schemes"] if s["scheme_id"] == "lle")
    assert lle["status"] == "not_eligible" and lle["reasons"]


def test_course_filters_really_filter(client: TestClient) -> None:
    online_cheap = client.get("/api/courses", params={"mode": "online", "max_cost": 100}).json()
    assert online_cheap["count"] == len(online_cheap["courses"]) > 0
    assert all(c["delivery_mode"] == "online" and c["cost_gbp"] <= 100 for c in online_cheap["courses"])
    nothing = client.get("/api/courses", params={"sector": "cyber", "level": 2, "q": "forklift"}).json()
    assert nothing == {"count": 0, "courses": []}
    assert client.get("/api/courses/ev-charge-point-installation-l3").json()["credits"] == 9
    assert client.get("/api/courses/no-such-course").status_code == 404
    assert client.get("/api/awards/hnc-construction-management").json()["credits"] == 120
    assert len(client.get("/api/schemes").json()["schemes"]) == 18


def test_official_openai_client_talks_to_the_completions_endpoint(client: TestClient) -> None:
    ai = openai.OpenAI(base_url="http://testserver/v1", api_key="unused", http_client=client)
    reply = ai.chat.completions.create(
        model="advisor", messages=[{"role": "user", "content": "I'm a plumber and want to fit heat pumps"}]
    )
    text = reply.choices[0].message.content or ""
    assert "heat pump" in text.lower()
    stream = ai.chat.completions.create(
        model="advisor", messages=[{"role": "user", "content": "what is an HNC?"}], stream=True
    )
    streamed = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert "HNC" in streamed


BAD_BODIES = [
    ("/api/chat", {"message": ""}, "message"),
    ("/api/chat", {"message": "   "}, "message"),
    ("/api/chat", {"message": "x" * 4001}, "message"),
    ("/api/chat", {"message": "hi", "role": "wizard"}, "role"),
    ("/api/chat", {"text": "hi"}, "message"),
    ("/api/match", {"message": "care", "k": 0}, "k"),
    ("/api/match", {}, "message"),
    ("/api/match", {"profile": {"age": 7}}, "profile.learner.age"),
    ("/api/plan", {"done": []}, "award_id"),
    ("/api/plan", {"award_id": "no-such-award"}, "award_id"),
    ("/api/plan", {"award_id": "hnc-construction-management", "done": ["nope"]}, "done"),
    ("/api/plan", {"award_id": "hnc-construction-management", "rpl_credits": -5}, "rpl_credits"),
    ("/api/plan", {"award_id": "hnc-construction-management", "hours_per_week": 0}, "hours_per_week"),
    ("/api/funding", {"learner": {"nation": "France"}}, "learner.nation"),
    ("/api/funding", {"learner": {"shoe_size": 9}}, "learner.shoe_size"),
    ("/api/funding", {"employer": {"size": 0}}, "employer.size"),
    ("/api/funding", {"course_id": "nope"}, "course_id"),
    ("/api/feedback", {"session_id": "x", "rating": "meh"}, "rating"),
    ("/v1/chat/completions", {"messages": []}, "messages"),
    ("/v1/chat/completions", {"messages": [{"role": "system", "content": "hi"}]}, "messages"),
]


@pytest.mark.parametrize("path,body,field", BAD_BODIES, ids=[f"{p}:{f}" for p, _, f in BAD_BODIES])
def test_bad_bodies_get_a_4xx_naming_the_field(client: TestClient, path: str, body: Any, field: str) -> None:
    response = client.post(path, json=body)
    assert 400 <= response.status_code < 500, response.text
    fields = [item.get("field") for item in response.json()["detail"]]
    assert field in fields


def test_malformed_json_is_a_4xx_not_a_500(client: TestClient) -> None:
    response = client.post("/api/chat", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422


def test_course_details_stay_grounded_when_a_course_names_another(client: TestClient) -> None:
    first = start_chat(client, "plumber thinking about heat pumps")
    headers = bearer(first["session_token"])
    for ordinal in ("first", "second", "third")[: len(first["courses"])]:
        detail = client.post(
            "/api/chat",
            json={"message": f"tell me more about the {ordinal} one", "session_id": first["session_id"]},
            headers=headers,
        ).json()
        assert detail["intent"] == "course_detail"
        assert detail["grounded"] is True, detail["reply"]
        assert "None." not in detail["reply"]


def test_asking_about_a_scheme_by_its_short_name_gets_its_rules(client: TestClient) -> None:
    answer = start_chat(client, "Can I get the LLE for a 15 credit course?")
    # The direct answer first: no, and why, from the scheme's own rule.
    assert answer["intent"] in {"funding", "knowledge"} and answer["grounded"] is True
    assert answer["reply"].startswith("No")
    assert "at least 30 credits" in answer["reply"]
    assert any(c["kind"] == "scheme" and c["id"] == "lle" for c in answer["citations"])
