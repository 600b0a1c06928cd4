"""Passwords and sign-in attempts, without the web: what `commsdesk users password` and the page call."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from commsdesk.store import Store
from web.auth import PasswordRefused, Passwords, SignIn, password_problems, set_password, sign_in
from web.records import LOCK_FOR, MAX_FAILURES

Attempt = Callable[..., SignIn]


@pytest.fixture
def attempt(store: Store, passwords: Passwords) -> Attempt:
    """`attempt(name, password)`: one sign-in attempt, as the sign-in page makes it."""

    def sign_in_as(name: str, password: str) -> SignIn:
        return sign_in(store, name, password, passwords=passwords)

    return sign_in_as


@pytest.mark.parametrize(
    ("candidate", "problem"),
    [
        ("short", "password: use at least 12 characters"),
        ("x" * 1025, "password: use at most 1024 characters"),
        ("Duty        ", "password: must not be the user's name"),
    ],
)
def test_a_password_that_will_not_do_is_refused_naming_the_field(candidate: str, problem: str) -> None:
    assert any(found.startswith(problem) for found in password_problems("duty", candidate))


def test_a_refused_password_saves_nothing(store: Store, passwords: Passwords) -> None:
    before = store.credentials("duty")
    token, _ = store.start_web_session("duty")
    with pytest.raises(PasswordRefused, match="at least 12"):
        set_password(store, "duty", "too short", by="admin", passwords=passwords)
    assert store.credentials("duty") == before
    assert store.resume_web_session(token) is not None


def test_a_password_is_stored_as_an_argon2id_hash(store: Store, passwords: Passwords) -> None:
    set_password(store, "duty", "a new long passphrase", by="admin", passwords=passwords)
    stored = store.credentials("duty").password_hash  # type: ignore[union-attr]
    assert stored.startswith("$argon2id$")
    assert "a new long passphrase" not in stored
    assert passwords.verify(stored, "a new long passphrase")


def test_no_password_for_someone_who_is_not_a_desk_user(store: Store, passwords: Passwords) -> None:
    with pytest.raises(KeyError, match="nobody"):
        set_password(store, "nobody", "a new long passphrase", by="admin", passwords=passwords)


def test_the_right_password_starts_a_session(store: Store, attempt: Attempt, password: str) -> None:
    result = attempt("duty", password)
    assert result.session is not None
    assert result.session.user.name == "duty"
    assert store.resume_web_session(result.token) == result.session


def test_a_wrong_password_and_an_unknown_name_are_refused_alike(store: Store, attempt: Attempt, password: str) -> None:
    wrong, unknown = attempt("duty", "not the password"), attempt("nobody", password)
    assert wrong == unknown
    assert (wrong.session, wrong.token, wrong.locked) == (None, "", False)
    assert store.credentials("duty").attempts.failures == 1  # type: ignore[union-attr]


def test_someone_with_no_password_yet_cannot_sign_in(store: Store, attempt: Attempt) -> None:
    store.add_user("new.starter", ["officer"])
    assert attempt("new.starter", "").session is None
    assert attempt("new.starter", "anything at all").session is None


def test_a_locked_name_is_refused_even_with_the_right_password_until_the_lock_runs_out(
    store: Store, attempt: Attempt, clock, password: str
) -> None:
    results = [attempt("duty", "guess") for _ in range(MAX_FAILURES)]
    assert [r.locked for r in results] == [False] * (MAX_FAILURES - 1) + [True]
    refused = attempt("duty", password)
    assert (refused.session, refused.locked) == (None, True)
    clock.now += LOCK_FOR - timedelta(seconds=1)
    assert attempt("duty", password).locked
    clock.now += timedelta(seconds=1)
    assert attempt("duty", password).session is not None
    assert store.credentials("duty").attempts.failures == 0  # type: ignore[union-attr]


def test_names_that_do_not_exist_lock_exactly_as_real_ones_do(attempt: Attempt, clock, password: str) -> None:
    def story(name: str, password: str) -> list[bool]:
        start = clock.now
        seen = [attempt(name, "guess").locked for _ in range(MAX_FAILURES + 1)]
        clock.now += LOCK_FOR
        seen.append(attempt(name, password).locked)
        clock.now = start
        return seen

    assert story("nobody", "whatever it is") == story("duty", password)


@pytest.mark.parametrize("name", ["duty", "nobody"])
def test_every_worker_process_and_a_restart_see_the_same_count_for_any_name(
    store: Store, passwords: Passwords, clock, name: str
) -> None:
    """Two worker processes each have their own store on the one file: a guesser spreading attempts over
    them is locked out after five in all, known name or not, and still after the desk restarts."""
    with Store(store.path, clock=clock) as other_worker:
        workers = [store, other_worker] * MAX_FAILURES
        results = [sign_in(worker, name, "guess", passwords=passwords) for worker in workers[:MAX_FAILURES]]
    assert [r.locked for r in results] == [False] * (MAX_FAILURES - 1) + [True]
    with Store(store.path, clock=clock) as restarted:
        assert sign_in(restarted, name, "guess", passwords=passwords).locked


def test_a_hash_made_with_older_parameters_is_replaced_at_sign_in(store: Store, password: str) -> None:
    stronger = Passwords(PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    old = store.credentials("duty").password_hash  # type: ignore[union-attr]
    assert stronger.needs_rehash(old)
    result = sign_in(store, "duty", password, passwords=stronger)
    assert result.session is not None
    new = store.credentials("duty").password_hash  # type: ignore[union-attr]
    assert new != old
    assert not stronger.needs_rehash(new)
    assert stronger.verify(new, password)
