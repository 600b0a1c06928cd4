"""The records alerts are made of: plain, frozen, built of tuples so they compare, hash and serialise.

A `Detection` is what one detector saw at one moment; an `Alert` is the story duty staff follow, built
from the detections grouped into it; a `Change` is what one round of grouping did to an alert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

KINDS = ("spike", "topic-spike", "place-spike", "watch-word", "negative-surge", "priority")
SEVERITIES = ("medium", "high", "critical")  # least to most urgent
STATES = ("new", "acknowledged", "resolved")
CHANGES = ("new", "updated", "reopened")


def severity_rank(severity: str) -> int:
    """Where a severity stands in `SEVERITIES` (higher is more urgent)."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True, slots=True)
class Post:
    """One post shown as evidence, with the link to read it on the platform."""

    platform: str
    id: str
    url: str
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a person needs to judge an alert: counts now against normal, what grows, where, the posts."""

    count: int  # mentions in `span` up to the moment of detection
    expected: float  # what a normal day has in that span (0 when there is nothing to compare with)
    span: timedelta
    first_seen: datetime
    last_seen: datetime
    terms: tuple[str, ...] = ()  # fastest-growing terms first
    places: tuple[tuple[str, int], ...] = ()  # (neighbourhood, mentions), most first
    posts: tuple[Post, ...] = ()  # the most representative first
    mentions: tuple[tuple[str, str], ...] = ()  # (platform, id) of every mention counted


@dataclass(frozen=True, slots=True)
class Detection:
    """What one detector found now. ``story`` names what it is about, for grouping ("place:Elswick",
    "watch:stabbing", "topic:flood"); ``keys`` are the words and places that define the story."""

    kind: str
    severity: str
    reason: str  # one sentence a person can read: "27 posts mention Elswick in the last 30 min; usually 2"
    story: str
    title: str
    evidence: Evidence
    keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Alert:
    """One developing story, as duty staff see it. ``id`` is 0 until the store has saved it.

    ``size`` is how many mentions it covers; ``notified_size`` what it covered when staff were last
    told, so repeats stay quiet until the story grows meaningfully.
    """

    id: int
    story: str
    kind: str
    severity: str
    title: str
    reason: str
    evidence: Evidence
    state: str
    opened_at: datetime
    updated_at: datetime
    stories: tuple[str, ...] = ()  # every detection story merged into it, the first being `story`
    keys: tuple[str, ...] = ()
    acknowledged_by: str = ""
    acknowledged_at: datetime | None = None
    resolved_by: str = ""
    resolved_at: datetime | None = None
    resolved_note: str = ""
    updates: int = 0  # updates staff were told about
    notified_size: int = 0
    mentions: tuple[tuple[str, str], ...] = ()

    @property
    def size(self) -> int:
        return len(self.mentions)

    @property
    def open(self) -> bool:
        return self.state != "resolved"


@dataclass(frozen=True, slots=True)
class Change:
    """What grouping did to one alert: ``new``, ``updated`` or ``reopened``; ``notify`` when staff should hear."""

    change: str
    alert: Alert
    notify: bool


@dataclass(frozen=True, slots=True)
class AlertEvent:
    """One line of an alert's history: new, updated or reopened by grouping; acknowledged or resolved by a person."""

    alert_id: int
    at: datetime
    event: str
    by: str = ""
    note: str = ""
    severity: str = ""
    notify: bool = False
