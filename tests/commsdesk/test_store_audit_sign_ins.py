"""Who got in, who was kept out, who signed out and what left the desk: each an audit row the store writes in
the same transaction as the change it records, chained like every other row, and never holding a name that
is no desk user's (it may be a password typed in the wrong box)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commsdesk.records import iso
from commsdesk.store import Store
from publish.records import AuditEntry
from web.records import IDLE_TIMEOUT, LOCK_FOR, MAX_FAILURES, Attempts

TYPED = "correct horse battery staple"  # a password typed in the name box


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store({"duty": ["duty"], "admin": ["admin"]})


def rows(store: Store, action: str) -> list[tuple[str, dict[str, Any]]]:
    """(by, changes) of every audit row of `action`, oldest first."""
    return [(e.by, dict(e.changes)) for e in store.audit() if e.action == action]


def last(store: Store) -> AuditEntry:
    return store.audit()[-1]


def broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError("disk full")


# -- signing in ---------------------------------------------------------------------------------------


def test_a_sign_in_is_audited_by_the_user_and_a_renewed_hash_only_as_a_flag(store: Store) -> None:
    store.record_sign_in("duty")
    store.record_sign_in("duty", rehashed="$argon2id$renewed-hash")
    assert rows(store, "sign_in") == [("duty", {"user": "duty"}), ("duty", {"user": "duty", "rehashed": True})]
    assert "renewed-hash" not in store.export_audit("json") + store.export_audit("csv")


def test_a_sign_in_as_no_desk_user_is_refused_and_writes_nothing(store: Store) -> None:
    before = store.audit()
    with pytest.raises(KeyError, match="nobody"):
        store.record_sign_in("nobody")
    assert store.audit() == before


# -- refused sign-ins -------------------------------------------------------------------------------------


def test_each_failure_is_audited_with_its_count_and_the_lock_with_its_end(store: Store) -> None:
    for _ in range(MAX_FAILURES):
        attempts = store.record_failed_sign_in("duty")
    assert attempts.locked_until is not None
    assert rows(store, "sign_in_refused") == [
        *(("duty", {"user": "duty", "failures": n}) for n in range(1, MAX_FAILURES)),
        ("duty", {"user": "duty", "failures": MAX_FAILURES, "locked": True, "until": iso(attempts.locked_until)}),
    ]


def test_an_attempt_while_locked_is_audited_as_not_counted_and_the_lock_is_recorded_once(
    store: Store, ticking_clock: Any
) -> None:
    for _ in range(MAX_FAILURES):
        locked = store.record_failed_sign_in("duty")
    for _ in range(3):
        assert store.record_failed_sign_in("duty") == locked  # the lock is not lengthened
    refused = [changes for _, changes in rows(store, "sign_in_refused")]
    assert refused[-3:] == [{"user": "duty", "counted": False, "locked": True, "until": iso(locked.locked_until)}] * 3
    assert len([changes for changes in refused if changes.get("locked") and "failures" in changes]) == 1
    ticking_clock.skip(LOCK_FOR)
    store.record_failed_sign_in("duty")  # a lock that ran out: counted afresh
    assert last(store).changes == {"user": "duty", "failures": 1}


def test_a_name_that_is_no_users_is_never_written_to_the_trail(store: Store) -> None:
    for _ in range(MAX_FAILURES + 2):
        attempts = store.record_failed_unknown_sign_in(TYPED)
    refused = rows(store, "sign_in_refused")
    assert {by for by, _ in refused} == {"(unknown name)"}
    assert [changes for _, changes in refused] == [
        *({"failures": n} for n in range(1, MAX_FAILURES)),
        {"failures": MAX_FAILURES, "locked": True, "until": iso(attempts.locked_until)},  # type: ignore[arg-type]
        *[{"counted": False, "locked": True, "until": iso(attempts.locked_until)}] * 2,  # type: ignore[arg-type]
    ]
    exported = store.export_audit("json") + store.export_audit("csv")
    assert "horse" not in exported
    assert store._unknown_name_key(TYPED) not in exported  # not even its hash, which a guess could be checked against


@settings(max_examples=40, deadline=None)
@given(names=st.lists(st.text(min_size=1).filter(lambda name: name != "(unknown name)"), min_size=1, max_size=8))
def test_whatever_names_are_typed_no_audit_row_has_a_field_that_could_hold_one(names: list[str]) -> None:
    with Store(":memory:") as store:
        for name in names:
            store.record_failed_unknown_sign_in(name)
        entries = store.audit()
    assert len(entries) == len(names)
    assert all(e.by == "(unknown name)" and e.post_id is None for e in entries)
    assert all(set(e.changes) <= {"failures", "counted", "locked", "until"} for e in entries)
    assert all(name not in (e.by, *e.changes.values()) for e in entries for name in names)


# -- signing out ----------------------------------------------------------------------------------------


def test_signing_out_is_audited_with_the_users_name(store: Store) -> None:
    token, _ = store.start_web_session("duty")
    store.end_web_session(token)
    assert rows(store, "sign_out") == [("duty", {"user": "duty"})]
    store.end_web_session(token)  # already gone: nobody signed out
    store.end_web_session("a-token-that-was-never-issued")
    assert len(rows(store, "sign_out")) == 1


def test_a_session_that_ran_out_is_not_a_sign_out(store: Store, ticking_clock: Any) -> None:
    token, _ = store.start_web_session("duty")
    ticking_clock.skip(IDLE_TIMEOUT)
    assert store.resume_web_session(token) is None  # deleted on the way, at its time, by nobody
    assert rows(store, "sign_out") == []


def test_signing_someone_out_everywhere_is_audited_by_who_did_it(store: Store) -> None:
    store.start_web_session("duty")
    store.start_web_session("duty")
    assert store.end_web_sessions("duty", by="admin") == 2
    assert store.end_web_sessions("duty") == 0  # nothing left to end: no row
    store.start_web_session("duty")
    store.end_web_sessions("duty")
    assert rows(store, "sign_out") == [
        ("admin", {"user": "duty", "sessions": 2}),
        ("duty", {"user": "duty", "sessions": 1}),
    ]


# -- downloads ---------------------------------------------------------------------------------------------


def test_a_download_is_audited_as_what_was_taken(store: Store) -> None:
    store.record_download("duty", {"what": "report", "day": "2026-11-20", "format": "pdf"})
    assert (last(store).by, last(store).action, dict(last(store).changes)) == (
        "duty",
        "download",
        {"what": "report", "day": "2026-11-20", "format": "pdf"},
    )


def test_a_download_that_does_not_say_what_is_refused_and_writes_nothing(store: Store) -> None:
    before = store.audit()
    with pytest.raises(ValueError, match="what"):
        store.record_download("duty", {"format": "pdf"})
    assert store.audit() == before


# -- one transaction, one chain ------------------------------------------------------------------------------


def test_no_change_is_kept_without_its_audit_row(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.record_failed_sign_in("duty")
    store.record_failed_unknown_sign_in(TYPED)
    token, _ = store.start_web_session("duty")
    monkeypatch.setattr(store, "_append_audit", broken)
    for change in (
        lambda: store.record_failed_sign_in("duty"),
        lambda: store.record_failed_unknown_sign_in(TYPED),
        lambda: store.record_sign_in("duty"),
        lambda: store.end_web_session(token),
        lambda: store.end_web_sessions("duty"),
        lambda: store.record_download("duty", {"what": "audit", "format": "csv", "rows": 1}),
    ):
        with pytest.raises(RuntimeError, match="disk full"):
            change()
    assert store.credentials("duty").attempts == Attempts(1)  # type: ignore[union-attr]
    assert store.unknown_sign_in_attempts(TYPED) == Attempts(1)
    assert store.resume_web_session(token) is not None


def test_the_chain_holds_over_sign_ins_and_a_changed_sign_in_row_is_found(store: Store) -> None:
    store.record_failed_sign_in("duty")
    store.record_failed_unknown_sign_in(TYPED)
    store.record_sign_in("duty")
    token, _ = store.start_web_session("duty")
    store.end_web_session(token)
    store.record_download("admin", {"what": "audit", "format": "csv", "rows": 7})
    assert store.verify_audit() is None
    seq = next(e.seq for e in store.audit() if e.action == "sign_in")
    store.db.execute("DROP TRIGGER audit_no_update")  # what someone with the database file could do
    store.db.execute("UPDATE audit SET by = 'admin' WHERE seq = ?", [seq])
    problem = store.verify_audit()
    assert problem is not None and problem.seq == seq
