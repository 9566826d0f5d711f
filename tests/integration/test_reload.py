"""Catalogue reload over the real app (real model, real index): a broken catalogue changes nothing and
says why; a good one is swapped in whole, with its own index."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hardening_support import add_advisor, add_api_key, bearer, client_with

from advisor.api.services import Services
from advisor.config import PROJECT_ROOT

EXAMPLE_CATALOGUE = PROJECT_ROOT / "docs" / "example-catalogue"
URL = "/api/admin/catalogue/reload"


@pytest.fixture
def client(real_services: Services) -> Iterator[TestClient]:
    with client_with(real_services) as test_client:
        yield test_client


@pytest.fixture
def admin_key(real_services: Services) -> str:
    return add_api_key(real_services, add_advisor(real_services, admin=True))[1]


def copy_of_example(tmp_path: Path) -> Path:
    folder = tmp_path / "catalogue"
    shutil.copytree(EXAMPLE_CATALOGUE, folder)
    return folder


def test_a_catalogue_that_fails_validation_leaves_the_running_one_in_place(
    client: TestClient, admin_key: str, real_services: Services, tmp_path: Path
) -> None:
    folder = copy_of_example(tmp_path)
    courses = folder / "courses.csv"
    lines = courses.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",RQF,3,10,", ",RQF,42,10,", 1)  # a level that does not exist
    courses.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = client.get("/api/courses").json()["count"]
    running = client.app.state.services  # type: ignore[attr-defined]

    refused = client.post(URL, json={"path": str(folder)}, headers=bearer(admin_key))

    assert refused.status_code == 422
    body = refused.json()
    assert "the running catalogue is unchanged" in body["detail"]
    assert any(problem.startswith("courses.csv:2:") for problem in body["problems"]), body["problems"]
    assert client.app.state.services is running  # type: ignore[attr-defined]
    assert client.get("/api/courses").json()["count"] == before == len(real_services.catalogue.courses)
    assert client.post("/api/chat", json={"message": "I want to learn welding"}).status_code == 200


def test_a_valid_catalogue_is_swapped_in_with_its_index_and_conversation(
    client: TestClient, admin_key: str, real_services: Services, tmp_path: Path
) -> None:
    folder = copy_of_example(tmp_path)
    old = client.app.state.services  # type: ignore[attr-defined]

    swapped = client.post(URL, json={"path": str(folder)}, headers=bearer(admin_key))

    assert swapped.status_code == 200, swapped.text
    answer = swapped.json()
    assert answer["catalogue"] == {"name": "Example College", "version": "2026.11", "courses": 5}
    assert answer["previous_version"] == real_services.catalogue.info.version
    new = client.app.state.services  # type: ignore[attr-defined]
    assert new is not old and new.store is old.store
    assert new.index.folder != old.index.folder and new.index.folder.exists()
    # Everything now answers from the new catalogue...
    assert client.get("/api/courses").json()["count"] == 5
    assert client.get("/api/courses/spreadsheet-skills").status_code == 200
    assert client.get("/readyz").json()["checks"]["catalogue"] == "Example College 2026.11"
    reply = client.post("/api/chat", json={"message": "I want to get better at spreadsheets"}).json()
    assert {course["id"] for course in reply["courses"]} <= set(new.catalogue.courses)
    metrics = client.get("/metrics").text
    assert "advisor_catalogue_info{" in metrics and 'version="2026.11"' in metrics
    # ...while the services a request already held stay whole (requests in flight finish on them).
    assert old.catalogue is real_services.catalogue and old.matcher is real_services.matcher


def test_reload_without_a_path_reloads_the_configured_folder(
    client: TestClient, admin_key: str, real_services: Services
) -> None:
    answer = client.post(URL, headers=bearer(admin_key))
    assert answer.status_code == 200, answer.text
    assert answer.json()["catalogue"]["version"] == real_services.catalogue.info.version
    assert answer.json()["index"]["rebuilt"] is False  # same catalogue, same index
