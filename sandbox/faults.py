"""Faults on request: each injected fault spoils the next matching API call(s).

Collectors must survive throttling, outages, slow or cut connections and bad data; the sandbox
makes each of these happen on cue so the handling code can be tested rather than hoped for.
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

FAULT_KINDS = (
    "rate_limit",  # the platform's throttle answer (X 429 with reset, Graph code 32, YouTube 429)
    "rate_limit_no_reset",  # X 429 without x-rate-limit-reset (tweepy would retry at once)
    "server_error",  # 5xx with the platform's error body; option status (default 503)
    "slow",  # sleep `delay` seconds, then answer normally
    "drop",  # close the connection without any response
    "malformed_json",  # 200 with a truncated JSON body
    "malformed_item",  # a normal page in which one item is broken
    "expired_token",  # the platform's expired-credentials answer
    "quota_exceeded",  # YouTube quotaExceeded, X UsageCapExceeded, Graph code 4
)
FAULT_PLATFORMS = ("x", "facebook", "youtube", "*")
_OPTIONS: dict[str, dict[str, type]] = {
    "rate_limit": {"reset_in": float, "code": int},
    "rate_limit_no_reset": {"code": int},
    "server_error": {"status": int},
    "slow": {"delay": float},
    "drop": {},
    "malformed_json": {},
    "malformed_item": {"breakage": str, "index": int},
    "expired_token": {},
    "quota_exceeded": {},
}
BREAKAGES = ("bad_time", "missing_id")


@dataclass(slots=True)
class Fault:
    """One injected fault and how many more calls it will spoil."""

    id: int
    platform: str
    kind: str
    remaining: int
    path: str | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def option(self, name: str, default: Any) -> Any:
        """An option with its default."""
        return self.options.get(name, default)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape for /_sandbox/state."""
        return {
            "id": self.id,
            "platform": self.platform,
            "kind": self.kind,
            "remaining": self.remaining,
            "path": self.path,
            "options": dict(self.options),
        }


def _coerce(kind: str, options: dict[str, Any]) -> dict[str, Any]:
    """Check option names and types for a fault kind."""
    allowed = _OPTIONS[kind]
    clean: dict[str, Any] = {}
    for name, value in options.items():
        if name not in allowed:
            raise ValueError(f"fault {kind!r} takes no option {name!r} (allowed: {sorted(allowed)})")
        try:
            clean[name] = allowed[name](value)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"fault option {name}={value!r} is not {allowed[name].__name__}") from exc
    if kind == "server_error" and not 500 <= clean.get("status", 503) <= 599:
        raise ValueError("server_error status must be 5xx")
    if clean.get("breakage", "bad_time") not in BREAKAGES:
        raise ValueError(f"malformed_item breakage must be one of {BREAKAGES}")
    if clean.get("delay", 0.0) < 0 or clean.get("reset_in", 0.0) < 0:
        raise ValueError("delay and reset_in must be >= 0")
    return clean


class FaultBook:
    """Pending faults, consumed first-in first-out by matching requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._ids = itertools.count(1)

    def inject(self, platform: str, kind: str, count: int = 1, path: str | None = None, **options: Any) -> Fault:
        """Queue a fault for the next `count` requests to `platform` whose path holds `path`."""
        if platform not in FAULT_PLATFORMS:
            raise ValueError(f"unknown platform {platform!r} (expected one of {FAULT_PLATFORMS})")
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r} (expected one of {FAULT_KINDS})")
        if int(count) < 1:
            raise ValueError("count must be >= 1")
        fault = Fault(next(self._ids), platform, kind, int(count), path, _coerce(kind, options))
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, platform: str, path: str) -> Fault | None:
        """Consume one use of the oldest fault matching this request, if any."""
        with self._lock:
            for fault in self._faults:
                if fault.platform not in (platform, "*"):
                    continue
                if fault.path and fault.path not in path:
                    continue
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return Fault(fault.id, platform, fault.kind, fault.remaining, fault.path, dict(fault.options))
        return None

    def pending(self) -> list[dict[str, Any]]:
        """Faults still waiting, for /_sandbox/state."""
        with self._lock:
            return [fault.to_dict() for fault in self._faults]

    def clear(self) -> None:
        """Forget all pending faults."""
        with self._lock:
            self._faults.clear()


class Stats:
    """Per-platform counts of requests, statuses and faults delivered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: Counter[str] = Counter()
        self._faults: dict[str, Counter[str]] = defaultdict(Counter)
        self._statuses: dict[str, Counter[str]] = defaultdict(Counter)

    def request(self, platform: str) -> None:
        """Count one API request."""
        with self._lock:
            self._requests[platform] += 1

    def fault(self, platform: str, kind: str) -> None:
        """Count one delivered fault."""
        with self._lock:
            self._faults[platform][kind] += 1

    def status(self, platform: str, status: int | str) -> None:
        """Count one response status ('dropped' for a cut connection)."""
        with self._lock:
            self._statuses[platform][str(status)] += 1

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """{platform: {"requests": n, "faults": {kind: n}, "statuses": {code: n}}}."""
        with self._lock:
            return {
                platform: {
                    "requests": self._requests[platform],
                    "faults": dict(self._faults[platform]),
                    "statuses": dict(self._statuses[platform]),
                }
                for platform in ("x", "facebook", "youtube")
            }


GARBAGE_TIME = "2026-02-30T25:61:00Z"  # looks like a timestamp, parses as none


def spoil_item(payload: Any, list_key: str, time_paths: tuple[tuple[str, ...], ...], fault: Fault) -> Any:
    """Break one item of a page: its time becomes garbage, or its id goes missing."""
    if not isinstance(payload, dict) or not isinstance(payload.get(list_key), list):
        return payload
    items = list(payload[list_key])
    if not items:
        return payload
    index = min(max(fault.option("index", len(items) // 2), 0), len(items) - 1)
    item = copy.deepcopy(items[index])
    broken = False
    if fault.option("breakage", "bad_time") == "bad_time":
        for path in time_paths:
            holder = item
            for key in path[:-1]:
                holder = holder.get(key) if isinstance(holder, dict) else None
            if isinstance(holder, dict) and path[-1] in holder:
                holder[path[-1]] = GARBAGE_TIME
                broken = True
    if not broken:  # asked for missing_id, or the time field was not requested
        item.pop("id", None)
    items[index] = item
    return {**payload, list_key: items}
