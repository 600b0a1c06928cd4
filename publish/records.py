"""Plain records for the force's own posts: who may act, what a post holds, what happened to it.

Frozen dataclasses with no I/O, so the life-cycle table, the draft checks and the store can all be
tested without a database or a network. Times are UTC; Europe/London is only for entering and
showing them (see `publish.drafts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from policy_checks.records import Finding

ROLES = ("officer", "reviewer", "senior", "duty", "admin")
SYSTEM_ROLE = "system"  # the scheduler's own moves; never granted to a person
PLATFORMS = ("x", "facebook", "youtube")
# Characters a platform accepts in one post: X counts weighted characters (see policy_checks x-length);
# on YouTube we only ever reply to comments, which take 10,000.
LIMITS: Mapping[str, int] = MappingProxyType({"x": 280, "facebook": 63_206, "youtube": 10_000})

STATES = (
    "draft",
    "submitted",
    "approved",
    "scheduled",
    "publishing",
    "published",
    "rejected",
    "held",
    "needs_reschedule",
    "failed",
)


@dataclass(frozen=True, slots=True)
class User:
    """A person (or the scheduler) acting on posts; what they may do follows from their roles."""

    name: str
    roles: frozenset[str] = frozenset()
    email: str = ""  # where the desk tells them about their posts (a failure, a rejection)

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a user needs a name")
        object.__setattr__(self, "roles", frozenset(self.roles))
        unknown = self.roles - {*ROLES, SYSTEM_ROLE}
        if unknown:
            raise ValueError(f"unknown role(s) {', '.join(sorted(unknown))}: expected {', '.join(ROLES)}")

    def has(self, *roles: str) -> bool:
        """True when the user holds any of `roles`."""
        return bool(self.roles & set(roles))


SCHEDULER = User("scheduler", frozenset({SYSTEM_ROLE}))


@dataclass(frozen=True, slots=True)
class Account:
    """One of the force's own accounts a post goes out on: an X username, a Page id, a channel id."""

    platform: str
    name: str

    def __post_init__(self) -> None:
        if self.platform not in PLATFORMS:
            raise ValueError(f"unknown platform {self.platform!r}: expected one of {', '.join(PLATFORMS)}")

    def __str__(self) -> str:
        return f"{self.platform}:{self.name}"


@dataclass(frozen=True, slots=True)
class MediaItem:
    """An attached image or video: alt text is required (accessibility); source/licence for copyright."""

    path: str
    alt_text: str = ""
    source: str = ""
    licence: str = ""


@dataclass(frozen=True, slots=True)
class ReplyTo:
    """The mention (in the store) a post answers."""

    platform: str
    mention_id: str


@dataclass(frozen=True, slots=True)
class Post:
    """One post or reply on one or more of the force's accounts, as it stands at `version`.

    `texts` holds the text per platform; `findings` the policy findings per platform for this version.
    `last_edited_by` is kept so the four-eyes rule covers edits too: nobody approves words they wrote.
    `published` maps each account ("x:NorthshirePolice") to the link of what went out on it; it fills
    one account at a time while the post is publishing, so a crash part-way never posts twice.
    """

    id: int
    author: str
    state: str
    texts: Mapping[str, str]
    accounts: tuple[Account, ...]
    scheduled_at: datetime | None = None
    campaign: str = ""
    in_reply_to: ReplyTo | None = None
    incident_id: int | None = None
    media: tuple[MediaItem, ...] = ()
    thread: bool = False  # a long X text goes out as a thread (the publisher splits it)
    version: int = 1
    findings: Mapping[str, tuple[Finding, ...]] = field(default_factory=lambda: MappingProxyType({}))
    last_edited_by: str = ""
    reviewed_by: str = ""
    reviewer_comment: str = ""
    override_reason: str = ""
    held_reason: str = ""
    published: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    failure_reason: str = ""
    publishing_since: datetime | None = None  # when it was marked "publishing": where `find` starts looking
    template: str = ""  # the pre-approved holding statement it was filled from, if any
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(f"unknown post state {self.state!r}")
        object.__setattr__(self, "texts", MappingProxyType(dict(self.texts)))
        object.__setattr__(self, "accounts", tuple(self.accounts))
        object.__setattr__(self, "media", tuple(self.media))
        object.__setattr__(self, "findings", MappingProxyType({k: tuple(v) for k, v in self.findings.items()}))
        object.__setattr__(self, "published", MappingProxyType(dict(self.published)))

    @property
    def platforms(self) -> tuple[str, ...]:
        """The platforms the post goes out on, in the standard order."""
        chosen = {a.platform for a in self.accounts}
        return tuple(p for p in PLATFORMS if p in chosen)

    @property
    def verdict(self) -> str:
        """The worst finding over every platform: block, warn or pass."""
        severities = {f.severity for found in self.findings.values() for f in found}
        return "block" if "block" in severities else "warn" if "warn" in severities else "pass"

    @property
    def blocking(self) -> tuple[tuple[str, Finding], ...]:
        """(platform, finding) for each blocking finding: what stops approval."""
        return tuple((p, f) for p, found in self.findings.items() for f in found if f.severity == "block")

    def findings_summary(self) -> dict[str, int]:
        """How many findings of each severity, over every platform."""
        counts = {"block": 0, "warn": 0, "info": 0}
        for found in self.findings.values():
            for f in found:
                counts[f.severity] += 1
        return counts


@dataclass(frozen=True, slots=True)
class Transition:
    """One move of a post from one state to another: who, when, and what the move changed."""

    post_id: int
    action: str
    from_state: str
    to_state: str
    by: str
    at: datetime
    changes: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One append-only audit row; `hash` chains it to the row before (sha256 of prev hash + row)."""

    seq: int
    at: datetime
    by: str
    action: str
    post_id: int | None
    changes: Mapping[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class AuditProblem:
    """The first audit row that does not verify, and why (edited, deleted, out of order)."""

    seq: int
    reason: str
