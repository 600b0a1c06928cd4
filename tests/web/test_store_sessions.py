"""The store's side of signing in: password hashes, failure counts, and sessions kept hashed."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from commsdesk.store import MIGRATIONS, Store
from web.records import IDLE_TIMEOUT, MAX_FAILURES, MAX_LIFETIME, Attempts


def test_the_sessions_table_comes_from_its_own_migration(store: Store) -> None:
    assert "_migration_web_sessions" in [m.__name__ for m in MIGRATIONS]
    assert store.schema_version == len(MIGRATIONS)
    assert store.db["web_sessions"].exists()


def test_only_a_hash_of_the_session_token_is_stored(store: Store) -> None:
    token, started = store.start_web_session("duty")
    rows = list(store.db.query("SELECT * FROM web_sessions"))
    assert [row["token_hash"] for row in rows] == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in str(rows)
    assert store.resume_web_session(token) == started
    assert store.resume_web_session(token + "x") is None


def test_each_session_gets_its_own_token_and_csrf_token(store: Store) -> None:
    (one, first), (two, second) = store.start_web_session("duty"), store.start_web_session("duty")
    assert one != two
    assert first.csrf_token != second.csrf_token
    assert len(one) >= 43  # 32 random bytes


def test_a_resumed_session_carries_the_roles_as_they_are_now(store: Store) -> None:
    token, _ = store.start_web_session("duty")
    store.add_user("duty", ["officer"])
    resumed = store.resume_web_session(token)
    assert resumed is not None
    assert resumed.user.roles == {"officer"}


def test_an_idle_session_ends_and_is_deleted(store: Store, clock) -> None:
    token, _ = store.start_web_session("duty")
    clock.now += IDLE_TIMEOUT
    assert store.resume_web_session(token) is None
    assert store.db["web_sessions"].count == 0


def test_a_session_in_use_ends_at_its_lifetime(store: Store, clock) -> None:
    token, started = store.start_web_session("duty")
    while clock.now + timedelta(hours=1) < started.created_at + MAX_LIFETIME:
        clock.now += timedelta(hours=1)
        assert store.resume_web_session(token) is not None
    clock.now = started.created_at + MAX_LIFETIME
    assert store.resume_web_session(token) is None


def test_last_seen_is_written_at_most_once_a_minute(store: Store, clock) -> None:
    token, started = store.start_web_session("duty")
    clock.now += timedelta(seconds=59)
    assert store.resume_web_session(token).last_seen_at == started.last_seen_at  # type: ignore[union-attr]
    clock.now += timedelta(seconds=1)
    assert store.resume_web_session(token).last_seen_at == clock.now  # type: ignore[union-attr]
    (row,) = store.db.query("SELECT last_seen_at FROM web_sessions")
    assert row["last_seen_at"] == "2026-11-20T09:01:00Z"


def test_starting_a_session_clears_out_expired_ones(store: Store, clock) -> None:
    store.start_web_session("duty")
    clock.now += IDLE_TIMEOUT
    store.start_web_session("officer")
    assert [row["user_name"] for row in store.db.query("SELECT user_name FROM web_sessions")] == ["officer"]


def test_ending_sessions_one_browser_or_everywhere(store: Store) -> None:
    one, _ = store.start_web_session("duty")
    two, _ = store.start_web_session("duty")
    other, _ = store.start_web_session("officer")
    store.end_web_session(one)
    assert store.resume_web_session(one) is None
    assert store.resume_web_session(two) is not None
    assert store.end_web_sessions("duty") == 1
    assert store.resume_web_session(two) is None
    assert store.resume_web_session(other) is not None


def test_a_session_needs_a_desk_user(store: Store) -> None:
    with pytest.raises(KeyError, match="nobody"):
        store.start_web_session("nobody")


def test_failures_are_counted_until_the_lock_and_cleared_by_a_sign_in(store: Store, clock) -> None:
    for count in range(1, MAX_FAILURES):
        assert store.record_failed_sign_in("duty") == Attempts(count, None)
    locked = store.record_failed_sign_in("duty")
    assert locked.locked(clock.now)
    assert store.credentials("duty").attempts == locked  # type: ignore[union-attr]
    store.record_sign_in("duty")
    assert store.credentials("duty").attempts == Attempts()  # type: ignore[union-attr]


def test_a_sign_in_stores_a_rehashed_password_only_when_given_one(store: Store) -> None:
    before = store.credentials("duty").password_hash  # type: ignore[union-attr]
    store.record_sign_in("duty")
    assert store.credentials("duty").password_hash == before  # type: ignore[union-attr]
    store.record_sign_in("duty", rehashed="$argon2id$new")
    assert store.credentials("duty").password_hash == "$argon2id$new"  # type: ignore[union-attr]


def test_a_new_password_ends_sessions_clears_the_lock_and_is_audited_without_the_hash(store: Store) -> None:
    token, _ = store.start_web_session("duty")
    for _ in range(MAX_FAILURES):
        store.record_failed_sign_in("duty")
    store.set_password_hash("duty", "$argon2id$secret-hash", by="admin")
    assert store.resume_web_session(token) is None
    assert store.credentials("duty").attempts == Attempts()  # type: ignore[union-attr]
    entry = store.audit()[-1]
    assert (entry.by, entry.action, dict(entry.changes)) == ("admin", "password", {"user": "duty"})
    assert "secret-hash" not in store.export_audit()
    assert store.verify_audit() is None


def test_no_password_for_someone_who_is_not_a_desk_user(store: Store) -> None:
    before = store.audit()
    with pytest.raises(KeyError, match="nobody"):
        store.set_password_hash("nobody", "$argon2id$x", by="admin")
    with pytest.raises(KeyError, match="nobody"):
        store.record_failed_sign_in("nobody")
    assert store.audit() == before
    assert store.credentials("nobody") is None
