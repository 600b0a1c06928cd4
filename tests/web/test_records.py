"""The rules of signing in, as plain records: when a name locks and unlocks, when a session ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from publish.records import User
from web.records import IDLE_TIMEOUT, LOCK_FOR, MAX_FAILURES, MAX_LIFETIME, TOUCH_EVERY, Attempts, WebSession

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def fail(times: int, attempts: Attempts | None = None, at: datetime = NOW) -> Attempts:
    attempts = attempts or Attempts()
    for _ in range(times):
        attempts = attempts.after_failure(at)
    return attempts


def test_four_failures_do_not_lock_and_the_fifth_locks_for_fifteen_minutes() -> None:
    assert not fail(MAX_FAILURES - 1).locked(NOW)
    locked = fail(MAX_FAILURES)
    assert locked == Attempts(5, NOW + timedelta(minutes=15))
    assert locked.locked(NOW + timedelta(minutes=14, seconds=59))
    assert not locked.locked(NOW + timedelta(minutes=15))


def test_failures_while_locked_neither_count_nor_lengthen_the_lock() -> None:
    locked = fail(MAX_FAILURES)
    assert fail(10, locked, NOW + timedelta(minutes=10)) == locked


def test_once_a_lock_has_run_out_the_count_starts_again() -> None:
    after = fail(1, fail(MAX_FAILURES), NOW + LOCK_FOR)
    assert after == Attempts(1, None)
    assert not fail(MAX_FAILURES - 1, fail(MAX_FAILURES), NOW + LOCK_FOR).locked(NOW + LOCK_FOR)


@given(st.lists(st.integers(min_value=0, max_value=30 * 60), max_size=60))
def test_a_lock_only_ever_comes_at_the_fifth_failure_and_lasts_exactly_fifteen_minutes(gaps: list[int]) -> None:
    attempts, now = Attempts(), NOW
    for gap in gaps:
        now += timedelta(seconds=gap)
        after = attempts.after_failure(now)
        if attempts.locked(now):
            assert after == attempts
            continue
        assert 1 <= after.failures <= MAX_FAILURES
        assert after.locked(now) == (after.failures == MAX_FAILURES)
        if after.locked(now):
            assert after.locked_until == now + LOCK_FOR
        attempts = after


def session(created: datetime = NOW, seen: datetime = NOW) -> WebSession:
    return WebSession(User("duty", frozenset({"duty"})), "csrf", created_at=created, last_seen_at=seen)


def test_a_session_ends_after_eight_idle_hours() -> None:
    assert session().alive(NOW + IDLE_TIMEOUT - timedelta(seconds=1))
    assert not session().alive(NOW + IDLE_TIMEOUT)


def test_a_session_in_use_still_ends_twelve_hours_after_sign_in() -> None:
    busy = session(seen=NOW + MAX_LIFETIME - timedelta(minutes=1))
    assert busy.expires_at == NOW + MAX_LIFETIME
    assert not busy.alive(NOW + MAX_LIFETIME)


def test_last_seen_is_written_at_most_once_a_minute() -> None:
    assert not session().due_touch(NOW + TOUCH_EVERY - timedelta(seconds=1))
    assert session().due_touch(NOW + TOUCH_EVERY)
