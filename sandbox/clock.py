"""The sandbox's own clock: scenario time that runs at a chosen speed, or stands still.

Everything the sandbox shows (which posts are visible, timestamps of new posts, the YouTube quota
day) follows this clock, so a test can freeze it and step it, and a demo can play a day in minutes.
Rate-limit windows are the one exception: they follow the wall clock, as the clients' own
back-off code does (tweepy sleeps until a wall-clock epoch second).
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta


def _aware_utc(moment: datetime) -> datetime:
    """Refuse naive datetimes rather than guess their zone."""
    if moment.tzinfo is None:
        raise ValueError(f"the sandbox clock needs a time zone: {moment.isoformat()}")
    return moment.astimezone(UTC)


class SandboxClock:
    """Scenario time = start + wall-clock seconds elapsed × speed (speed 0 freezes it)."""

    def __init__(self, start: datetime, speed: float = 1.0) -> None:
        if speed < 0:
            raise ValueError("clock speed must be >= 0")
        self._lock = threading.Lock()
        self._start = _aware_utc(start)
        self._speed = float(speed)
        self._anchor = time.monotonic()

    @property
    def speed(self) -> float:
        """How many scenario seconds pass per wall-clock second."""
        return self._speed

    def now(self) -> datetime:
        """The current scenario time, aware and in UTC."""
        with self._lock:
            elapsed = (time.monotonic() - self._anchor) * self._speed
            return self._start + timedelta(seconds=elapsed)

    def set(self, moment: datetime) -> None:
        """Jump to `moment`; the clock keeps running from there at the same speed."""
        moment = _aware_utc(moment)
        with self._lock:
            self._start = moment
            self._anchor = time.monotonic()

    def advance(self, seconds: float) -> None:
        """Move scenario time forward (or back, if negative) by `seconds`."""
        with self._lock:
            self._start += timedelta(seconds=seconds)

    def set_speed(self, speed: float) -> None:
        """Change speed without a jump in the current time."""
        if speed < 0:
            raise ValueError("clock speed must be >= 0")
        current = self.now()
        with self._lock:
            self._start = current
            self._anchor = time.monotonic()
            self._speed = float(speed)
