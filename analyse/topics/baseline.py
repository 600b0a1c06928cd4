"""What is normal: how many mentions carry each feature key in each hour of the day, over previous days.

The store keeps one row per (key, hour) as mentions are analysed, so `hot_topics` never reads 30 days
of mentions: it reads the window's mentions and this small summary. ``feature_keys`` says exactly
which keys a mention counts under, so the store counts what the topics read.

Recommended query (the store sums by hour of day, so Python sees at most 24 rows per key)::

    SELECT key, CAST(substr(hour, 12, 2) AS INTEGER), SUM(mentions) FROM feature_hours
    WHERE hour >= :first_day AND hour < :day_of_window [AND key IN (:window_keys)]
    GROUP BY 1, 2

then ``Baseline.from_rows(rows, days=N)`` with N the number of whole days in that range.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from scipy.special import pdtrc

from analyse.records import Analysed

ALL = "*"  # every mention counts under this key too, so the baseline knows the traffic
HOURS = 24
Row = tuple[str, "datetime | str | int", int]


def feature_keys(a: Analysed) -> tuple[str, ...]:
    """The keys one mention is counted under: all, its terms, #hashtags, entities and place:Name.

    Entities are lower case phrases ("boston marathon"); a one-word entity that is also a term is
    counted once.
    """
    keys = dict.fromkeys((ALL, *a.terms))
    for tag in a.hashtags:
        keys["#" + tag] = None
    for entity in a.entities:
        keys[entity.lower()] = None
    for place in a.places:
        keys["place:" + place] = None
    return tuple(keys)


def _hour_of_day(hour: datetime | str | int) -> int:
    if isinstance(hour, int):
        return hour
    if isinstance(hour, str):
        hour = datetime.fromisoformat(hour.replace("Z", "+00:00"))
    if hour.tzinfo is not None:
        hour = hour.astimezone(UTC)
    return hour.hour


@dataclass(frozen=True, slots=True)
class Baseline:
    """Mentions per key in each UTC hour of the day (index 0-23), summed over ``days`` previous days."""

    days: int = 0
    counts: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[Row], *, days: int) -> Baseline:
        """From the store's ``(key, hour, mentions)`` rows: hour is an hour start (datetime or ISO
        string, UTC) or already an hour of the day (0-23) when the store summed by it."""
        sums: dict[str, list[int]] = {}
        for key, hour, mentions in rows:
            per_hour = sums.get(key)
            if per_hour is None:
                per_hour = sums[key] = [0] * HOURS
            per_hour[_hour_of_day(hour)] += int(mentions)
        return cls(days=days, counts={key: tuple(values) for key, values in sums.items()})

    @classmethod
    def from_mentions(cls, mentions: Iterable[Analysed], *, start: datetime, days: int) -> Baseline:
        """Count mentions from ``start`` for ``days`` days the way the store does (for tests and evaluation)."""
        end = start + timedelta(days=days)
        rows: dict[tuple[str, int], int] = {}
        for a in mentions:
            if start <= a.created_at < end:
                hour = a.created_at.astimezone(UTC).hour
                for key in feature_keys(a):
                    rows[key, hour] = rows.get((key, hour), 0) + 1
        return cls.from_rows(((key, hour, n) for (key, hour), n in rows.items()), days=days)

    def per_day(self, key: str, start: datetime, end: datetime) -> float:
        """Mentions with ``key`` expected between ``start`` and ``end`` on a typical previous day."""
        per_hour = self.counts.get(key)
        if not per_hour or self.days <= 0:
            return 0.0
        return sum(per_hour[h] * share for h, share in _hours(start, end)) / self.days

    def total(self, key: str) -> int:
        return sum(self.counts.get(key, ()))


def surprise(count: int, mean: float) -> float:
    """-log10 P(X >= count) for X ~ Poisson(mean): how unusual `count` is where `mean` is normal.

    The one test behind emerging topics and alert spikes, so both call the same thing unusual.
    """
    if count <= 0:
        return 0.0
    p = float(pdtrc(count - 1, mean))
    return 300.0 if p <= 0 else -math.log10(p)


def _hours(start: datetime, end: datetime) -> list[tuple[int, float]]:
    """(hour of day, share of that hour covered) for each hour the span touches; whole days wrap."""
    out: list[tuple[int, float]] = []
    start = start.astimezone(UTC)
    end = end.astimezone(UTC)
    at = start
    while at < end:
        next_hour = at.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        stop = min(end, next_hour)
        out.append((at.hour, (stop - at).total_seconds() / 3600))
        at = stop
    return out
