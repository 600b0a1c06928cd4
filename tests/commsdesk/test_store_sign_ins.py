"""Failed sign-ins at names that are no desk user's, counted in the store by the rule a user's follow, kept
by a hash of the name only, and bounded however many made-up names are tried."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commsdesk.store import MIGRATIONS, Store
from web.records import LOCK_FOR, MAX_FAILURES, Attempts

DAY = timedelta(days=1)


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store({"duty": ["duty"]})


def kept_names(store: Store) -> set[str]:
    """The hashes of the names the store holds counts for."""
    return {row["name_hash"] for row in store.db.query("SELECT name_hash FROM unknown_sign_ins")}


def key(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def test_the_table_comes_from_its_own_migration_appended_last(store: Store) -> None:
    assert "_migration_unknown_sign_ins" in [m.__name__ for m in MIGRATIONS]
    assert store.schema_version == len(MIGRATIONS)
    assert store.db["unknown_sign_ins"].exists()


def test_a_name_never_tried_has_no_failures(store: Store) -> None:
    assert store.unknown_sign_in_attempts("nobody") == Attempts()


def test_an_unknown_name_counts_and_locks_step_for_step_as_a_user_does(store: Store, ticking_clock: Any) -> None:
    for _ in range(MAX_FAILURES + 2):
        real, unknown = store.record_failed_sign_in("duty"), store.record_failed_unknown_sign_in("nobody")
        assert (unknown.failures, unknown.locked_until is None) == (real.failures, real.locked_until is None)
        assert store.unknown_sign_in_attempts("nobody") == unknown
    assert unknown.locked(ticking_clock.now)
    ticking_clock.skip(LOCK_FOR)
    assert not store.unknown_sign_in_attempts("nobody").locked(ticking_clock.now)
    assert store.record_failed_unknown_sign_in("nobody").failures == 1  # a lock that ran out starts afresh


def test_two_stores_on_one_file_share_the_count(make_store: Callable[..., Store], ticking_clock: Any) -> None:
    one, two = make_store({}), make_store({})  # as two worker processes would open it
    for store in ([one, two] * MAX_FAILURES)[:MAX_FAILURES]:
        store.record_failed_unknown_sign_in("nobody")
    assert two.unknown_sign_in_attempts("nobody").failures == MAX_FAILURES
    assert two.unknown_sign_in_attempts("nobody").locked(ticking_clock.now)


def test_only_a_hash_of_the_name_is_kept(store: Store) -> None:
    typed = "correct horse battery staple"  # a password typed in the name box
    store.record_failed_unknown_sign_in(typed)
    rows = list(store.db.query("SELECT * FROM unknown_sign_ins"))
    assert [row["name_hash"] for row in rows] == [key(typed)]
    assert "horse" not in str(rows)


def test_a_day_old_row_goes_with_the_next_failure(store: Store, ticking_clock: Any) -> None:
    store.record_failed_unknown_sign_in("yesterday")
    ticking_clock.skip(DAY)
    store.record_failed_unknown_sign_in("today")
    assert kept_names(store) == {key("today")}
    assert store.unknown_sign_in_attempts("yesterday") == Attempts()


def test_past_the_bound_the_oldest_go_first(store: Store) -> None:
    for name in ("a", "b", "c", "d"):
        store.record_failed_unknown_sign_in(name, keep=3)
    assert kept_names(store) == {key("b"), key("c"), key("d")}


def test_past_the_bound_a_locked_name_stays_locked(store: Store, ticking_clock: Any) -> None:
    """Trying many other names must not lift a lock early: a real name's lock holds whatever else is tried."""
    for _ in range(MAX_FAILURES):
        store.record_failed_unknown_sign_in("held", keep=3)
    for name in ("a", "b", "c", "d"):
        store.record_failed_unknown_sign_in(name, keep=3)
    assert kept_names(store) == {key("held"), key("c"), key("d")}
    assert store.unknown_sign_in_attempts("held").locked(ticking_clock.now)


@settings(max_examples=30, deadline=None)
@given(names=st.lists(st.text(), max_size=30), keep=st.integers(min_value=1, max_value=5))
def test_however_many_names_are_tried_at_most_keep_rows_are_kept_and_no_name(names: list[str], keep: int) -> None:
    with Store(":memory:") as store:
        for name in names:
            store.record_failed_unknown_sign_in(name, keep=keep)
        rows = list(store.db.query("SELECT * FROM unknown_sign_ins"))
    assert len(rows) <= keep
    assert {row["name_hash"] for row in rows} <= {key(name) for name in names}
    assert all(set(row) == {"name_hash", "failures", "locked_until", "last_failed_at"} for row in rows)
