"""Rate limits and quotas, with the real platforms' numbers as defaults.

X and Graph limits run in fixed wall-clock windows (clients sleep on wall-clock epochs). The
YouTube quota is per scenario-clock day and, as on the real API, resets at midnight Pacific time
(a window other than a day, set for tests, counts from the epoch instead).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

# name -> (calls allowed, window in seconds). X: per token per 15 minutes (POST: per user).
DEFAULT_LIMITS: dict[str, tuple[int, float]] = {
    "x.search": (450, 900.0),
    "x.mentions": (450, 900.0),
    "x.user_tweets": (900, 900.0),
    "x.tweet_lookup": (450, 900.0),
    "x.user_lookup": (300, 900.0),
    "x.create_tweet": (100, 900.0),
    # Graph: one budget per token; the real Page limit is 4800 calls x engaged users / 24 h.
    "facebook": (4800, 3600.0),
    # YouTube: quota units per scenario-clock day (window in scenario seconds, from UTC midnight).
    "youtube.quota": (10_000, 86_400.0),
}
# YouTube quota cost per call kind.
DEFAULT_COSTS: dict[str, int] = {
    "youtube.cost.list": 1,
    "youtube.cost.search": 100,
    "youtube.cost.insert": 50,
}


@dataclass(frozen=True, slots=True)
class Window:
    """The state of one counter after a call: what the rate-limit headers report."""

    limit: int
    used: int
    reset_epoch: int

    @property
    def remaining(self) -> int:
        """Calls left in this window (never negative)."""
        return max(self.limit - self.used, 0)

    @property
    def exceeded(self) -> bool:
        """True when this call went over the limit."""
        return self.used > self.limit


class Limits:
    """Per-(endpoint, key) fixed-window counters, plus the YouTube daily quota."""

    def __init__(self, overrides: Mapping[str, tuple[int, float] | int] | None = None) -> None:
        self.windows = dict(DEFAULT_LIMITS)
        self.costs = dict(DEFAULT_COSTS)
        for name, value in (overrides or {}).items():
            if name in self.costs:
                self.costs[name] = int(value)  # type: ignore[arg-type]
            elif name in self.windows:
                if isinstance(value, int):
                    value = (value, self.windows[name][1])
                limit, window = value
                self.windows[name] = (int(limit), float(window))
            else:
                known = sorted([*self.windows, *self.costs])
                raise ValueError(f"unknown limit {name!r}; known: {', '.join(known)}")
        self._lock = threading.Lock()
        self._counters: dict[tuple[str, str], tuple[float, int]] = {}
        self._quota: dict[tuple[str, int], int] = {}

    def hit(self, name: str, key: str, now: float | None = None) -> Window:
        """Count one call against `name` for `key` (a token or user) in wall-clock time."""
        limit, length = self.windows[name]
        moment = time.time() if now is None else now
        with self._lock:
            start, used = self._counters.get((name, key), (moment, 0))
            if moment >= start + length:
                start, used = moment, 0
            used += 1
            self._counters[(name, key)] = (start, used)
        return Window(limit=limit, used=used, reset_epoch=int(start + length))

    def peek(self, name: str, key: str, now: float | None = None) -> Window:
        """The current window without counting a call."""
        limit, length = self.windows[name]
        moment = time.time() if now is None else now
        with self._lock:
            start, used = self._counters.get((name, key), (moment, 0))
        if moment >= start + length:
            start, used = moment, 0
        return Window(limit=limit, used=used, reset_epoch=int(start + length))

    def spend(self, key: str, cost_name: str, scenario_now: datetime) -> tuple[bool, int]:
        """Spend YouTube quota for `key`; returns (allowed, units used today incl. this call)."""
        limit, length = self.windows["youtube.quota"]
        cost = self.costs[cost_name]
        day = quota_day(scenario_now, length)
        with self._lock:
            used = self._quota.get((key, day), 0)
            if used + cost > limit:
                return False, used
            self._quota[(key, day)] = used + cost
            return True, used + cost

    def quota_used(self, key: str, scenario_now: datetime) -> int:
        """Units spent by `key` in the current scenario day."""
        _, length = self.windows["youtube.quota"]
        with self._lock:
            return self._quota.get((key, quota_day(scenario_now, length)), 0)


PACIFIC = ZoneInfo("America/Los_Angeles")


def quota_day(moment: datetime, length: float) -> int:
    """Which quota day `moment` falls in: the Pacific date for a day-long window."""
    if length == 86_400:
        return moment.astimezone(PACIFIC).date().toordinal()
    return int(moment.timestamp() // length)
