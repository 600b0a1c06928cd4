"""Signing in: argon2 passwords, the lock-out, what one sign-in attempt comes to, and changing one's own
password (a password someone else set is temporary until its owner does).

No web framework in here: `commsdesk users password NAME` calls `set_password` as the sign-in page calls
`sign_in` and the password page `change_password`. The store keeps the hashes, the failure counts (at names
that are no user's too) and the sessions, so every worker process of `commsdesk serve`, and the desk after a
restart, sees the same ones.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from commsdesk.store import Store
from web.records import WebSession

# Length over complexity rules (NCSC): three random words make a password people keep in their head.
MIN_LENGTH = 12
MAX_LENGTH = 1024  # hashing is the costly step; a megabyte "password" should not reach it
# The rule as a form states it beside a new password; `password_problems` holds the desk to it.
PASSWORD_RULE = (
    f"At least {MIN_LENGTH} characters, and not your name: three random words together are easy to remember."
)
# The fields of the form for changing one's own password, as its problems name them.
CURRENT, NEW, AGAIN = "current password", "new password", "new password again"


class PasswordRefused(ValueError):
    """A password that may not be set; the message names the field and says what would do."""


class Passwords:
    """argon2id with one set of parameters (argon2-cffi's defaults: RFC 9106's low-memory choice) and a
    dummy hash, so a name with no password is checked just as slowly as one with a wrong password.

    Each hash takes 64 MiB for a moment: at most `at_once` run together, so a burst of sign-in
    attempts queues rather than exhausting the server's memory."""

    def __init__(self, hasher: PasswordHasher | None = None, *, at_once: int = 4) -> None:
        self.hasher = hasher or PasswordHasher()
        self._slots = threading.BoundedSemaphore(at_once)
        self._dummy = self.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        with self._slots:
            return self.hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            with self._slots:
                return self.hasher.verify(password_hash or self._dummy, password) and bool(password_hash)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """True when `password_hash` was made with other parameters: sign-in then stores a fresh one."""
        return self.hasher.check_needs_rehash(password_hash)


@cache
def default_passwords() -> Passwords:
    """The desk's hashing, made on first use rather than at import (making the dummy hash takes a moment)."""
    return Passwords()


def password_problems(name: str, password: str, *, field: str = "password") -> list[str]:
    """Every reason `password` may not be user `name`'s (empty when it may), each naming the form's `field`."""
    found = []
    if len(password) < MIN_LENGTH:
        found.append(f"{field}: use at least {MIN_LENGTH} characters (three words together are easy to remember)")
    if len(password) > MAX_LENGTH:
        found.append(f"{field}: use at most {MAX_LENGTH} characters")
    if password.strip().casefold() == name.strip().casefold():
        found.append(f"{field}: must not be the user's name")
    return found


def set_password(store: Store, name: str, password: str, *, by: str, passwords: Passwords | None = None) -> bool:
    """Set user `name`'s web desk password (what `commsdesk users password NAME` does), which ends their
    sessions and any lock-out. True when it is temporary: set by another desk user, an admin, so `name` must
    choose their own at their next sign-in (`Store.set_password_hash`). `PasswordRefused` for a password that
    will not do, `KeyError` for no such user; either way nothing is saved."""
    problems = password_problems(name, password)
    if problems:
        raise PasswordRefused("; ".join(problems))
    return store.set_password_hash(name, (passwords or default_passwords()).hash(password), by=by)


@dataclass(frozen=True, slots=True)
class PasswordChange:
    """What changing one's own password came to: a fresh session for this browser and the token for its
    cookie when it changed; otherwise every reason it did not, each starting with the field it is about
    (`CURRENT`, `NEW`, `AGAIN`), or `locked` when the name is locked out."""

    session: WebSession | None
    token: str = ""
    problems: tuple[str, ...] = ()
    locked: bool = False


def change_password(
    store: Store, name: str, current: str, new: str, again: str, *, passwords: Passwords
) -> PasswordChange:
    """Signed-in user `name` chooses their own password, proving they know the current one.

    A wrong current password counts as a failed sign-in and a locked name is refused without looking at it,
    so a session left open (or stolen) cannot guess its way to a password the lock-out would have stopped at
    the sign-in page. On success every other session of theirs ends (`set_password`), a stolen one too, and
    the password is no longer temporary; this browser gets the fresh session returned. `KeyError` for no
    such user."""
    found = store.credentials(name)
    if found is None:
        raise KeyError(f"no desk user named {name!r}")
    now = store.clock()
    if found.attempts.locked(now):
        return PasswordChange(None, locked=True)
    problems, locked = [], False
    if not current:
        problems.append(f"{CURRENT}: type the password you use now")
    elif not passwords.verify(found.password_hash, current):
        locked = store.record_failed_sign_in(name).locked(now)
        problems.append(f"{CURRENT}: that is not your password; type it again")
    problems += password_problems(name, new, field=NEW)
    if new != again:
        problems.append(f"{AGAIN}: the two new passwords are not the same; type them again")
    if new and new == current:
        problems.append(f"{NEW}: must not be the same as your current password")
    if locked or problems:
        return PasswordChange(None, problems=tuple(problems), locked=locked)
    set_password(store, name, new, by=name, passwords=passwords)
    token, session = store.start_web_session(name)
    return PasswordChange(session, token)


@dataclass(frozen=True, slots=True)
class SignIn:
    """What a sign-in attempt came to: a session and the token for its cookie, or a refusal (`locked`
    when the name is locked out; otherwise the name or the password was wrong, and we do not say which)."""

    session: WebSession | None
    token: str = ""
    locked: bool = False


def sign_in(store: Store, name: str, password: str, *, passwords: Passwords) -> SignIn:
    """Check `name` and `password` and, when they match and the name is not locked, start a session.

    A locked name is refused whatever the password, so guessing on during a lock-out learns nothing; the
    password is still checked (and the result thrown away), so such attempts come no faster than others,
    and each is written to the audit trail as refused and not counted. A name that does not exist fails,
    counts and locks exactly as a wrong password does, so a lock-out never tells a guesser which names
    exist; its count is kept in the store too (by a hash of the name), so every worker process and a
    restart see the same count, as they do a real name's.
    """
    name = name.strip()
    now = store.clock()
    found = store.credentials(name) if name else None
    attempts = found.attempts if found else store.unknown_sign_in_attempts(name)
    verified = passwords.verify(found.password_hash if found else "", password)  # as slow for every name
    if attempts.locked(now):
        if found:
            store.record_failed_sign_in(name)
        else:
            store.record_failed_unknown_sign_in(name)
        return SignIn(None, locked=True)
    if found is None or not verified:
        attempts = store.record_failed_sign_in(name) if found else store.record_failed_unknown_sign_in(name)
        return SignIn(None, locked=attempts.locked(now))
    rehashed = passwords.hash(password) if passwords.needs_rehash(found.password_hash) else ""
    store.record_sign_in(name, rehashed=rehashed)
    token, session = store.start_web_session(name)
    return SignIn(session, token)
