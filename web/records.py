"""Plain records of signing in to the web desk, and the rules about time that go with them.

No I/O and no web framework: the store imports these (as it imports the post and alert life-cycles),
so lock-out and session expiry are tested without a database or a browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from publish.records import User

# Five wrong passwords in a row lock a name for fifteen minutes: enough for a person who mistypes,
# far too few for guessing (NCSC's advice: throttle, rather than force ever more complex passwords).
MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
# A session ends after 8 hours unused or 12 hours after sign-in, whichever comes first: one shift.
IDLE_TIMEOUT = timedelta(hours=8)
MAX_LIFETIME = timedelta(hours=12)
# How stale `last_seen_at` may get before a request writes it: reading a page should not be a write.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Attempts:
    """Failed sign-ins in a row for one name, and until when the name is locked after too many."""

    failures: int = 0
    locked_until: datetime | None = None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_failure(self, now: datetime) -> Attempts:
        """One more failure. Attempts while locked neither count nor lengthen the lock (so nobody can
        keep a colleague locked out for ever by retrying); a lock that has run out starts the count afresh."""
        if self.locked(now):
            return self
        failures = 1 if self.locked_until is not None else self.failures + 1
        return Attempts(failures, now + LOCK_FOR if failures >= MAX_FAILURES else None)


@dataclass(frozen=True, slots=True)
class Credentials:
    """What a sign-in as `user` is checked against: the argon2 hash ('' before a password is set).
    `password_temporary` when someone else set it (an admin): only its owner should know a password."""

    user: User
    password_hash: str
    attempts: Attempts
    password_temporary: bool = False


@dataclass(frozen=True, slots=True)
class WebSession:
    """A signed-in browser. `user` carries the roles as they are now (read with the session on every
    request), so a role taken away takes effect on the next click. `csrf_token` goes in its forms.
    `must_change_password` while the user's password is one someone else set: read with the session too,
    so the desk opens again on the click after they choose their own."""

    user: User
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime
    must_change_password: bool = False

    @property
    def expires_at(self) -> datetime:
        return min(self.last_seen_at + IDLE_TIMEOUT, self.created_at + MAX_LIFETIME)

    def alive(self, now: datetime) -> bool:
        return now < self.expires_at

    def due_touch(self, now: datetime) -> bool:
        return now - self.last_seen_at >= TOUCH_EVERY
