"""The records `hot_topics` returns: plain, frozen, made of tuples so they compare and hash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class Sample:
    """One post shown for a topic, with the link to read it on the platform."""

    platform: str
    id: str
    url: str
    text: str
    created_at: datetime
    sentiment: str = ""
    copies: int = 1  # how many mentions in the window share its text (retweets, copies)


@dataclass(frozen=True, slots=True)
class Topic:
    """A group of mentions about one thing, with its volume, growth and who talks about it.

    ``keys`` are the feature keys that define it (see `feature_keys`), best first; ``growth`` is the
    recent volume over what previous days saw at the same hours (never below the quiet-topic floor).
    Counts such as ``platforms`` are (name, mentions) pairs, largest first.
    """

    id: str
    label: str
    keys: tuple[str, ...]
    volume: int
    buckets: tuple[int, ...]  # mentions per bucket across the window, oldest first
    bucket: timedelta
    recent: int  # mentions in the recent span the growth is measured on
    expected: float  # what previous days saw at those hours (after the floor)
    growth: float
    emerging: bool
    score: float  # -log10 of the chance of so many mentions on a normal day (0 when not tested)
    sentiment: tuple[tuple[str, int], ...]  # negative / neutral / positive / unknown
    platforms: tuple[tuple[str, int], ...]
    places: tuple[tuple[str, int], ...]
    communities: tuple[tuple[str, int], ...]  # most active first
    representative: Sample
    samples: tuple[Sample, ...]
    first_seen: datetime
    last_seen: datetime
    mentions: tuple[tuple[str, str], ...]  # (platform, id) of every mention in the topic

    @property
    def terms(self) -> tuple[str, ...]:
        """The keys as people read them: "#tag" stays, "place:Byker" shows as "Byker"."""
        return tuple(key.removeprefix("place:") for key in self.keys)
