"""Plain records passed between the collectors, the store and the analysis.

Records are frozen dataclasses: no behaviour beyond small conversions, so any layer can build
them in a test without a database or a network.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

PLATFORMS = ("x", "facebook", "youtube")


def utc(moment: datetime) -> datetime:
    """Return `moment` in UTC; a naive datetime is refused rather than guessed."""
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without a time zone: {moment.isoformat()}")
    return moment.astimezone(UTC)


def parse_time(text: str) -> datetime:
    """Parse an ISO 8601 timestamp with a zone (``Z`` or ``+00:00`` or Graph's ``+0000``)."""
    cleaned = text.strip()
    if cleaned.endswith("Z"):
        cleaned = cleaned[:-1] + "+00:00"
    elif re.search(r"T.*[+-]\d{4}$", cleaned):
        cleaned = f"{cleaned[:-2]}:{cleaned[-2:]}"  # Graph API: 2026-11-20T08:00:00+0000
    return utc(datetime.fromisoformat(cleaned))


def iso(moment: datetime) -> str:
    """The one text form of a time in the store: UTC, seconds, ``Z``."""
    m = utc(moment)  # formatted by hand: strftime is a third of the cost, on every row saved
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}Z"


# Made once: json.dumps with options builds a new encoder on every call.
_METRICS_JSON = json.JSONEncoder(sort_keys=True).encode
_RAW_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode


@dataclass(frozen=True, slots=True)
class Mention:
    """One public post, comment or reply about the force, on any platform."""

    platform: str
    id: str
    text: str
    created_at: datetime
    author_id: str = ""
    author_handle: str = ""
    author_name: str = ""
    url: str = ""
    lang: str = ""
    in_reply_to: str = ""
    conversation_id: str = ""
    metrics: dict[str, int] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    source: str = ""

    def __post_init__(self) -> None:
        if self.platform not in PLATFORMS:
            raise ValueError(f"unknown platform {self.platform!r}")
        if not self.id:
            raise ValueError("a mention needs an id")
        utc(self.created_at)

    @property
    def key(self) -> tuple[str, str]:
        return (self.platform, self.id)

    def to_row(self) -> dict[str, Any]:
        """The mention as a flat row, JSON for the nested parts (the store's shape)."""
        return {
            "platform": self.platform,
            "id": self.id,
            "text": self.text,
            "created_at": iso(self.created_at),
            "author_id": self.author_id,
            "author_handle": self.author_handle,
            "author_name": self.author_name,
            "url": self.url,
            "lang": self.lang,
            "in_reply_to": self.in_reply_to,
            "conversation_id": self.conversation_id,
            "metrics": _METRICS_JSON(self.metrics),
            "raw": _RAW_JSON(self.raw),
            "source": self.source,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Mention:
        return cls(
            platform=row["platform"],
            id=row["id"],
            text=row["text"],
            created_at=parse_time(row["created_at"]),
            author_id=row["author_id"] or "",
            author_handle=row["author_handle"] or "",
            author_name=row["author_name"] or "",
            url=row["url"] or "",
            lang=row["lang"] or "",
            in_reply_to=row["in_reply_to"] or "",
            conversation_id=row["conversation_id"] or "",
            metrics=json.loads(row["metrics"] or "{}"),
            raw=json.loads(row["raw"] or "{}"),
            source=row["source"] or "",
        )


@dataclass(frozen=True, slots=True)
class Quarantined:
    """An item a platform or a file sent that could not become a Mention, kept with the reason."""

    source: str
    reason: str
    payload: str
    where: str = ""


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What one call to save mentions did: how many were new and how many already stored."""

    new: int = 0
    skipped: int = 0

    def __add__(self, other: SaveResult) -> SaveResult:
        return SaveResult(self.new + other.new, self.skipped + other.skipped)


@dataclass(slots=True)
class CollectorRun:
    """One run of one collector, as recorded in the store."""

    source: str
    started_at: datetime
    finished_at: datetime | None = None
    fetched: int = 0
    new: int = 0
    skipped: int = 0
    quarantined: int = 0
    errors: int = 0
    status: str = "running"  # running / ok / degraded / failed / stopped
    message: str = ""
    faults: list[str] = field(default_factory=list)
    id: int | None = None


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """Everything `commsdesk status` shows about one source."""

    source: str
    last_success: datetime | None = None
    last_error_at: datetime | None = None
    last_error: str = ""
    degraded: bool = False
    degraded_reason: str = ""
    degraded_until: datetime | None = None
    rate_limit: dict[str, Any] = field(default_factory=dict)
    items_last_hour: int = 0


@dataclass(frozen=True, slots=True)
class Incident:
    """A critical incident declared by duty staff: collection speeds up, alerts sharpen, routine posts hold."""

    id: int
    started_at: datetime
    started_by: str
    reason: str
    place: str = ""
    terms: tuple[str, ...] = ()
    ended_at: datetime | None = None
    ended_by: str = ""
    end_note: str = ""

    @property
    def active(self) -> bool:
        return self.ended_at is None
