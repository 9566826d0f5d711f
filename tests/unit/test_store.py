"""The store on a SQLite file, or on PostgreSQL when ADVISOR_TEST_DB_URL (or ADVISOR_TEST_PG_URL) names one.

    ADVISOR_TEST_DB_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test .venv/bin/pytest tests/unit -k store

Each PostgreSQL test runs in a schema of its own that is dropped afterwards, so runs never collide.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from db_targets import backend_name

from advisor.store import (
    InvalidRecord,
    SessionNotFound,
    Store,
    StoreUnavailable,
    head_revision,
)
from advisor.store.database import normalise_url
from advisor.store.tables import Base

# One backend per run: SQLite by default, PostgreSQL when ADVISOR_TEST_DB_URL names a server.
BACKEND = backend_name()
ALL_TABLES = {"sessions", "messages", "profile_snapshots", "plans", "feedback"}


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(
    params=[pytest.param(BACKEND, marks=[pytest.mark.postgres] if BACKEND == "postgresql" else [])]
)
def db_url(fresh_db_url: str) -> str:
    return fresh_db_url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(db_url: str, clock: FakeClock) -> Iterator[Store]:
    with Store(db_url, clock=clock) as migrated:
        migrated.migrate()
        yield migrated


def row_counts(store: Store, session_id: str) -> dict[str, int]:
    counts = {}
    with store.engine.connect() as connection:
        for table in sorted(ALL_TABLES):
            column = "id" if table == "sessions" else "session_id"
            query = sa.text(f"SELECT count(*) FROM {table} WHERE {column} = :sid")
            counts[table] = connection.execute(query, {"sid": session_id}).scalar_one()
    return counts


def a_turn(store: Store, session_id: str, n: int = 1) -> tuple[int, int]:
    return store.save_turn(
        session_id,
        user_text=f"question {n}",
        answer_text=f"answer {n}",
        answer_payload={"reply": f"answer {n}", "courses": [{"id": f"c{n}"}]},
        profile={"goal": f"goal {n}"},
        state={"courses_shown": [f"c{n}"]},
    )


# -- schema ---------------------------------------------------------------------------------


def test_migrate_creates_every_table_and_reaches_head(store: Store) -> None:
    tables = set(sa.inspect(store.engine).get_table_names())
    assert tables >= ALL_TABLES | {"alembic_version"}
    assert store.schema_revision() == head_revision() == "0002"  # 0002: advisor accounts (issue 7)
    assert store.is_migrated()


def test_migrating_twice_changes_nothing(store: Store) -> None:
    record, _ = store.create_session("learner")
    store.migrate()
    assert store.get_session(record.id) == record


def test_hand_written_migration_matches_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_new_database_reports_not_migrated(db_url: str) -> None:
    with Store(db_url) as fresh:
        assert fresh.schema_revision() is None
        assert not fresh.is_migrated()
        assert fresh.ping()


def test_sqlite_file_gets_foreign_keys_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "deeper" / "still" / "advisor.db"
    with Store(f"sqlite:///{path}") as sqlite_store:
        sqlite_store.migrate()
        assert path.exists()
        with sqlite_store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"


def test_in_memory_sqlite_is_shared_across_threads() -> None:
    with Store("sqlite://") as memory_store:
        memory_store.migrate()
        record, _ = memory_store.create_session("learner")
        seen: list[object] = []
        worker = threading.Thread(target=lambda: seen.append(memory_store.get_session(record.id)))
        worker.start()
        worker.join()
        assert seen == [record]


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg"),
        ("postgres://u@h/db", "postgresql+psycopg"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg"),
        ("sqlite:///x.db", "sqlite"),
    ],
)
def test_postgres_urls_use_psycopg3(given: str, driver: str) -> None:
    assert normalise_url(given).drivername == driver


# -- sessions and tokens --------------------------------------------------------------------


def test_session_token_verifies_and_only_its_hash_is_stored(store: Store) -> None:
    record, token = store.create_session("employer")
    assert record.role == "employer"
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    assert store.verify_token(record.id, token)
    with store.engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT * FROM sessions")).mappings().one()
    assert token not in {str(value) for value in stored.values()}


def test_wrong_missing_or_other_sessions_token_fails(store: Store) -> None:
    mine, my_token = store.create_session("learner")
    theirs, their_token = store.create_session("learner")
    assert not store.verify_token(mine.id, their_token)
    assert not store.verify_token(mine.id, my_token[:-1])
    assert not store.verify_token(mine.id, "")
    assert not store.verify_token("no-such-session", my_token)
    assert mine.id != theirs.id and my_token != their_token


def test_unknown_role_is_refused(store: Store) -> None:
    with pytest.raises(InvalidRecord, match="role"):
        store.create_session("admin")


def test_timestamps_are_timezone_aware_utc(store: Store, clock: FakeClock) -> None:
    record, _ = store.create_session("learner")
    clock.advance(minutes=5)
    a_turn(store, record.id)
    loaded = store.get_session(record.id)
    assert loaded is not None
    assert loaded.created_at == datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    assert loaded.updated_at == datetime(2025, 3, 1, 9, 35, tzinfo=UTC)
    assert loaded.updated_at.utcoffset() == timedelta(0)
    assert all(message.created_at.tzinfo is not None for message in store.history(record.id))


def test_get_session_of_unknown_id_is_none(store: Store) -> None:
    assert store.get_session("nope") is None


# -- turns ----------------------------------------------------------------------------------


def test_turns_are_saved_in_order_with_profile_and_state(store: Store) -> None:
    record, _ = store.create_session("learner")
    first = a_turn(store, record.id, 1)
    second = a_turn(store, record.id, 2)

    history = store.history(record.id)
    assert [(m.turn_index, m.role, m.text) for m in history] == [
        (0, "user", "question 1"),
        (1, "assistant", "answer 1"),
        (2, "user", "question 2"),
        (3, "assistant", "answer 2"),
    ]
    assert [m.id for m in history] == [*first, *second]
    assert history[0].payload is None
    assert history[3].payload == {"reply": "answer 2", "courses": [{"id": "c2"}]}

    loaded = store.get_session(record.id)
    assert loaded is not None
    assert loaded.profile == {"goal": "goal 2"}
    assert loaded.state == {"courses_shown": ["c2"]}
    assert [(s.turn_index, s.profile) for s in store.snapshots(record.id)] == [
        (1, {"goal": "goal 1"}),
        (3, {"goal": "goal 2"}),
    ]
    assert store.count_messages() == 4


def test_a_turn_that_fails_midway_leaves_nothing_behind(store: Store) -> None:
    record, _ = store.create_session("learner")
    a_turn(store, record.id, 1)
    before = row_counts(store, record.id)

    # Fail on the last write of the turn, after the session update and both messages went in.
    def fail_on_snapshot(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO PROFILE_SNAPSHOTS"):
            raise RuntimeError("disk on fire")

    sa.event.listen(store.engine, "before_cursor_execute", fail_on_snapshot)
    try:
        with pytest.raises(RuntimeError, match="disk on fire"):
            a_turn(store, record.id, 2)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", fail_on_snapshot)

    assert row_counts(store, record.id) == before
    assert [m.text for m in store.history(record.id)] == ["question 1", "answer 1"]
    loaded = store.get_session(record.id)
    assert loaded is not None
    assert loaded.profile == {"goal": "goal 1"}
    # And the store still works afterwards: the next turn continues the numbering.
    a_turn(store, record.id, 3)
    assert [m.turn_index for m in store.history(record.id)] == [0, 1, 2, 3]


def test_a_new_session_and_its_first_turn_are_saved_together(store: Store) -> None:
    session_id = store.new_session_id()
    token, user_id, assistant_id = store.save_first_turn(
        session_id,
        "employer",
        "we need retrofit skills",
        "here are three courses",
        {"courses": []},
        {"a": 1},
        {},
    )
    assert store.verify_token(session_id, token)
    record = store.get_session(session_id)
    assert record is not None and record.role == "employer" and record.profile == {"a": 1}
    assert [(m.id, m.turn_index) for m in store.history(session_id)] == [(user_id, 0), (assistant_id, 1)]
    a_turn(store, session_id, 2)  # later turns continue the numbering
    assert [m.turn_index for m in store.history(session_id)] == [0, 1, 2, 3]


def test_a_first_turn_that_fails_leaves_no_session_behind(store: Store) -> None:
    def fail_on_snapshot(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO PROFILE_SNAPSHOTS"):
            raise RuntimeError("disk on fire")

    session_id = store.new_session_id()
    sa.event.listen(store.engine, "before_cursor_execute", fail_on_snapshot)
    try:
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.save_first_turn(session_id, "learner", "hello", "hi", {}, {}, {})
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", fail_on_snapshot)
    assert store.get_session(session_id) is None
    assert row_counts(store, session_id) == dict.fromkeys(ALL_TABLES, 0)
    with pytest.raises(InvalidRecord):
        store.save_first_turn(session_id, "wizard", "hello", "hi", {}, {}, {})
    assert store.get_session(session_id) is None


def test_turn_on_unknown_session_writes_nothing(store: Store) -> None:
    with pytest.raises(SessionNotFound):
        a_turn(store, "ghost")
    assert store.count_messages() == 0


def test_text_with_nul_is_refused_before_writing(store: Store) -> None:
    record, _ = store.create_session("learner")
    with pytest.raises(InvalidRecord, match="user_text"):
        store.save_turn(record.id, "bad\x00text", "answer", {}, {}, {})
    assert store.history(record.id) == []


def test_json_round_trips_with_unicode(store: Store) -> None:
    record, _ = store.create_session("learner")
    payload: dict[str, Any] = {
        "reply": "Croeso! Cwrs Lefel 3 — £1,250 ✓ 🎓",
        "courses": [{"id": "kvc-weld-01", "title": "Weldio – MIG/MAG", "cost_gbp": 1250.5, "level": 3}],
        "route": None,
        "questions": ["Ydych chi'n byw yng Nghymru?", "Gàidhlig: Ciamar a tha thu?"],
        "nested": {"empty": [], "flag": True, "quote": 'say "hi"\n\ttab'},
    }
    profile = {"name_given": "Siân Ní Bhriain", "hours_per_week": 7.5, "tags": ["ŵ", "ŷ"]}
    state = {"courses_shown": ["kvc-weld-01"], "award": None, "pending": ["employment_status"]}
    store.save_turn(record.id, "Helô, dw i eisiau weldio 👋", payload["reply"], payload, profile, state)

    user, assistant = store.history(record.id)
    assert user.text == "Helô, dw i eisiau weldio 👋"
    assert assistant.payload == payload
    loaded = store.get_session(record.id)
    assert loaded is not None
    assert (loaded.profile, loaded.state) == (profile, state)


def test_concurrent_turns_on_one_session_get_distinct_turn_numbers(store: Store) -> None:
    record, _ = store.create_session("learner")
    errors: list[BaseException] = []

    def talk(n: int) -> None:
        try:
            for i in range(5):
                a_turn(store, record.id, n * 100 + i)
        except BaseException as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)

    threads = [threading.Thread(target=talk, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [m.turn_index for m in store.history(record.id)] == list(range(40))


# -- erasure and retention ------------------------------------------------------------------


def test_delete_session_erases_everything_of_that_session_only(store: Store) -> None:
    doomed, _ = store.create_session("learner")
    kept, _ = store.create_session("learner")
    for session_id in (doomed.id, kept.id):
        _, reply_id = a_turn(store, session_id)
        store.save_plan(session_id, "kvc-hnc-eng", {"done": []}, {"complete": False})
        store.add_feedback(session_id, reply_id, "up", "helpful")
    anonymous_plan = store.save_plan(None, "kvc-hnc-eng", {"done": []}, {"complete": False})

    assert all(count > 0 for count in row_counts(store, doomed.id).values())
    assert store.delete_session(doomed.id) is True

    assert row_counts(store, doomed.id) == dict.fromkeys(sorted(ALL_TABLES), 0)
    assert store.get_session(doomed.id) is None
    assert all(count > 0 for count in row_counts(store, kept.id).values())
    assert anonymous_plan > 0
    assert store.delete_session(doomed.id) is False


def test_purge_erases_sessions_idle_longer_than_the_retention(store: Store, clock: FakeClock) -> None:
    stale, _ = store.create_session("learner")
    a_turn(store, stale.id)
    old_anonymous_plan = store.save_plan(None, "kvc-hnc-eng", {}, {})
    clock.advance(days=20)
    active, _ = store.create_session("learner")
    revived, _ = store.create_session("learner")
    clock.advance(days=9)
    a_turn(store, revived.id)  # a turn moves updated_at forward
    clock.advance(days=2)  # stale: 31 days idle; active: 11; revived: 2

    assert store.purge_older_than(30) == 1
    assert store.get_session(stale.id) is None
    assert row_counts(store, stale.id) == dict.fromkeys(sorted(ALL_TABLES), 0)
    assert store.get_session(active.id) is not None
    assert store.get_session(revived.id) is not None
    with store.engine.connect() as connection:
        plan_ids = connection.execute(sa.text("SELECT id FROM plans")).scalars().all()
    assert old_anonymous_plan not in plan_ids
    assert store.purge_older_than(30) == 0


def test_purge_rejects_negative_days(store: Store) -> None:
    with pytest.raises(InvalidRecord, match="days"):
        store.purge_older_than(-1)


# -- plans and feedback ---------------------------------------------------------------------


def test_plans_are_kept_with_their_session_or_alone(store: Store) -> None:
    record, _ = store.create_session("advisor")
    request = {"award_id": "kvc-hnc-eng", "done": ["c1"], "rpl_credits": 15}
    result = {"credits_remaining": 105, "complete": False, "suggested": ["c2", "c3"]}
    plan_id = store.save_plan(record.id, "kvc-hnc-eng", request, result)
    assert store.save_plan(None, "kvc-hnc-eng", request, result) != plan_id
    [plan] = store.plans(record.id)
    assert (plan.id, plan.award_id, plan.request, plan.result) == (plan_id, "kvc-hnc-eng", request, result)
    with pytest.raises(SessionNotFound):
        store.save_plan("ghost", "kvc-hnc-eng", request, result)


def test_feedback_on_a_reply_is_recorded(store: Store) -> None:
    record, _ = store.create_session("learner")
    _, reply_id = a_turn(store, record.id)
    longest = "é" * 2000
    first = store.add_feedback(record.id, reply_id, "down", longest)
    second = store.add_feedback(record.id, None, "up", None)
    assert [(f.id, f.message_id, f.rating, f.comment) for f in store.feedback(record.id)] == [
        (first, reply_id, "down", longest),
        (second, None, "up", None),
    ]


def test_feedback_is_validated(store: Store) -> None:
    mine, _ = store.create_session("learner")
    theirs, _ = store.create_session("learner")
    my_question, my_reply = a_turn(store, mine.id)
    _, their_reply = a_turn(store, theirs.id)

    with pytest.raises(InvalidRecord, match="rating"):
        store.add_feedback(mine.id, my_reply, "meh", None)
    with pytest.raises(InvalidRecord, match="2001 characters"):
        store.add_feedback(mine.id, my_reply, "up", "x" * 2001)
    with pytest.raises(InvalidRecord, match="not part of this session") as someone_elses:
        store.add_feedback(mine.id, their_reply, "up", None)
    with pytest.raises(InvalidRecord, match="not part of this session"):
        store.add_feedback(mine.id, 999_999, "up", None)
    with pytest.raises(InvalidRecord, match="replies"):
        store.add_feedback(mine.id, my_question, "up", None)
    with pytest.raises(SessionNotFound):
        store.add_feedback("ghost", None, "up", None)

    assert isinstance(someone_elses.value, ValueError)
    assert someone_elses.value.field == "message_id"
    assert store.feedback(mine.id) == [] and store.feedback(theirs.id) == []


# -- faults ---------------------------------------------------------------------------------


def test_unreachable_database_raises_store_unavailable() -> None:
    with Store("postgresql://postgres@127.0.0.1:1/test?connect_timeout=2") as unreachable:
        assert unreachable.ping() is False
        with pytest.raises(StoreUnavailable, match="unavailable"):
            unreachable.create_session("learner")
        with pytest.raises(StoreUnavailable):
            unreachable.migrate()
        with pytest.raises(StoreUnavailable):
            unreachable.verify_token("any", "token")


def test_unmigrated_sqlite_database_is_unavailable_not_a_crash(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'empty.db'}") as empty, pytest.raises(StoreUnavailable):
        empty.create_session("learner")


def test_an_id_with_a_nul_character_is_simply_not_found(store: Store) -> None:
    # PostgreSQL refuses NUL in text; a made-up id must still be "no such session", not a crash.
    assert store.get_session("abc\x00def") is None
    assert store.verify_token("abc\x00def", "token") is False
    # Deeper down it is refused as bad input (a 4xx), never a driver error (a 500).
    with pytest.raises((SessionNotFound, InvalidRecord)):
        store.add_feedback("abc\x00def", None, "up", None)
