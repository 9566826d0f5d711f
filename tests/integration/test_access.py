"""Sign-in, API keys and who may read which conversation, over the real app (real SQLite, real model).

Every refusal is checked for what it does not say: no messages, no profile, no token.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hardening_support import PASSWORD, add_advisor, add_api_key, bearer, client_with, sign_in, start_chat

from advisor.api.auth import COOKIE_NAME, accounts_for
from advisor.api.services import Services

SECRET_MESSAGE = "I work nights at the Meadowhall depot and want to move into solar installation"


@pytest.fixture(scope="module")
def client(real_services: Services) -> Iterator[TestClient]:
    with client_with(real_services, secret_key="access-tests-secret") as test_client:
        yield test_client


def assert_no_data(response_text: str) -> None:
    for leak in ('"messages"', '"profile"', "Meadowhall", '"session_token"', "solar"):
        assert leak not in response_text


def test_sign_in_gives_a_bearer_token_and_a_strict_httponly_secure_cookie(
    client: TestClient, real_services: Services
) -> None:
    advisor = add_advisor(real_services)
    response = client.post("/api/auth/login", json={"email": advisor.email.upper(), "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] > 0
    assert body["advisor"] == {"email": advisor.email, "name": "Test Advisor", "is_admin": False}
    cookie = response.headers["set-cookie"]
    assert f"{COOKIE_NAME}=" in cookie
    assert (
        "HttpOnly" in cookie
        and "Secure" in cookie
        and "SameSite=strict" in cookie.replace("Strict", "strict")
    )
    assert response.headers["cache-control"] == "no-store"
    assert client.get("/api/auth/me", headers=bearer(body["token"])).json()["email"] == advisor.email
    # The cookie alone works too (the desk pages), and signing out removes it.
    assert client.get("/api/auth/me").json()["email"] == advisor.email
    client.post("/api/auth/logout")
    assert client.get("/api/auth/me").status_code == 401


def test_wrong_password_and_unknown_email_get_the_same_401_and_nothing_else(
    client: TestClient, real_services: Services
) -> None:
    advisor = add_advisor(real_services)
    wrong = client.post("/api/auth/login", json={"email": advisor.email, "password": "not the password"})
    unknown = client.post(
        "/api/auth/login", json={"email": "nobody@kestrelvale.example", "password": PASSWORD}
    )
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert response.json() == {"detail": "wrong email or password"}
        assert "set-cookie" not in response.headers


def test_a_disabled_account_cannot_sign_in_and_its_token_and_key_stop_working(
    client: TestClient, real_services: Services
) -> None:
    advisor = add_advisor(real_services)
    token = sign_in(client, advisor)
    _, key = add_api_key(real_services, advisor)
    client.cookies.clear()
    accounts_for(real_services.store).set_disabled(advisor.email)
    refused = client.post("/api/auth/login", json={"email": advisor.email, "password": PASSWORD})
    assert refused.status_code == 401
    assert client.get("/api/auth/me", headers=bearer(token)).status_code == 401
    assert client.get("/api/auth/me", headers=bearer(key)).status_code == 401


def test_an_api_key_works_and_a_revoked_or_made_up_one_does_not(
    client: TestClient, real_services: Services
) -> None:
    client.cookies.clear()
    advisor = add_advisor(real_services)
    key_id, key = add_api_key(real_services, advisor)
    assert client.get("/api/auth/me", headers=bearer(key)).json()["email"] == advisor.email
    accounts_for(real_services.store).revoke_api_key(key_id)
    revoked = client.get("/api/auth/me", headers=bearer(key))
    assert revoked.status_code == 401 and revoked.headers["www-authenticate"].startswith("Bearer")
    assert client.get("/api/auth/me", headers=bearer("adv_" + "x" * 43)).status_code == 401
    assert client.get("/api/auth/me").status_code == 401


def test_an_advisor_can_read_and_erase_any_learners_conversation(
    client: TestClient, real_services: Services
) -> None:
    client.cookies.clear()
    learner = start_chat(client, SECRET_MESSAGE)
    session = learner["session_id"]
    advisor = add_advisor(real_services)
    _, key = add_api_key(real_services, advisor)
    read = client.get(f"/api/sessions/{session}", headers=bearer(key))
    assert read.status_code == 200
    assert read.json()["messages"][0]["text"] == SECRET_MESSAGE
    # ...and can export the learner's plan to hand over.
    pdf = client.get(f"/api/sessions/{session}/plan.pdf", headers=bearer(key))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The desk's cookie is enough as well.
    sign_in(client, advisor)
    assert client.get(f"/api/sessions/{session}").status_code == 200
    assert client.delete(f"/api/sessions/{session}").json() == {"session_id": session, "erased": True}
    client.cookies.clear()
    assert client.get(f"/api/sessions/{session}", headers=bearer(learner["session_token"])).status_code == 404


def test_a_learner_cannot_read_or_erase_another_learners_conversation(client: TestClient) -> None:
    client.cookies.clear()
    mine = start_chat(client, "hello")
    theirs = start_chat(client, SECRET_MESSAGE)
    url = f"/api/sessions/{theirs['session_id']}"
    for response in (
        client.get(url, headers=bearer(mine["session_token"])),
        client.get(url + "/plan.pdf", headers=bearer(mine["session_token"])),
        client.delete(url, headers=bearer(mine["session_token"])),
        client.get(url, headers=bearer("adt_forged.token")),
    ):
        assert response.status_code == 403
        assert_no_data(response.text)
    missing = client.get(url)
    assert missing.status_code == 401
    assert_no_data(missing.text)
    # Still there for its owner.
    assert client.get(url, headers=bearer(theirs["session_token"])).status_code == 200


def test_an_advisor_cannot_post_turns_into_a_learners_conversation(
    client: TestClient, real_services: Services
) -> None:
    client.cookies.clear()
    learner = start_chat(client, "hello")
    advisor = add_advisor(real_services)
    _, key = add_api_key(real_services, advisor)
    turn = client.post(
        "/api/chat", json={"message": "hi", "session_id": learner["session_id"]}, headers=bearer(key)
    )
    assert turn.status_code == 403


def test_admin_routes_need_an_admin(client: TestClient, real_services: Services) -> None:
    client.cookies.clear()
    staff = add_advisor(real_services)
    _, staff_key = add_api_key(real_services, staff)
    admin = add_advisor(real_services, admin=True)
    _, admin_key = add_api_key(real_services, admin)
    url = "/api/admin/catalogue/reload"
    body = {"path": "/no/such/catalogue"}
    assert client.post(url, json=body).status_code == 401
    assert client.post(url, json=body, headers=bearer("rubbish")).status_code == 401
    forbidden = client.post(url, json=body, headers=bearer(staff_key))
    assert forbidden.status_code == 403 and forbidden.json() == {"detail": "this needs an admin account"}
    allowed = client.post(url, json=body, headers=bearer(admin_key))
    assert allowed.status_code == 422 and "no catalogue folder" in allowed.text


def test_the_advisor_desk_page_sends_strangers_to_the_sign_in_page(
    client: TestClient, real_services: Services
) -> None:
    client.cookies.clear()
    stranger = client.get("/advisor", follow_redirects=False)
    assert stranger.status_code == 303 and stranger.headers["location"] == "/advisor/login"
    assert "Advisor desk" not in stranger.text
    login_page = client.get("/advisor/login")
    assert login_page.status_code == 200
    assert 'id="login-form"' in login_page.text and 'autocomplete="current-password"' in login_page.text
    assert client.get("/advisor/login.js").status_code == 200
    sign_in(client, add_advisor(real_services))
    desk = client.get("/advisor", follow_redirects=False)
    assert desk.status_code == 200
    client.cookies.clear()
