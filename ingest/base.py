"""What every collector shares: the fault classes, retries with backoff, and the sweep.

A collector turns a platform's pages into Mention records. The pieces here make every
collector behave the same under failure:

- `with_retries` (and `Collection.call`) retries transient faults with full-jitter backoff, waits out rate limits
  it can wait for, and never retries forever;
- `sweep` walks a newest-first stream down to the last run's high-water mark, saving each page
  with its checkpoint in one transaction, so a crash at any point loses and doubles nothing.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from commsdesk.records import CollectorRun, Mention, Quarantined, parse_time
from commsdesk.store import Store

T = TypeVar("T")
log = logging.getLogger("commsdesk.ingest")


class Fault(Exception):
    """A platform call that did not give a usable answer. `kind` names it in run records."""

    kind = "fault"

    def __init__(self, message: str, *, kind: str | None = None) -> None:
        super().__init__(message)
        if kind:
            self.kind = kind


class TransientFault(Fault):
    """Worth retrying: 5xx, timeouts, dropped connections, a truncated body."""

    kind = "transient"


class RateLimited(Fault):
    """The platform asked us to slow down; `reset_at` is when it says we may go on, if it says."""

    kind = "rate_limit"

    def __init__(self, message: str, *, reset_at: datetime | None = None, kind: str | None = None) -> None:
        super().__init__(message, kind=kind)
        self.reset_at = reset_at


class SourceDegraded(Fault):
    """Retrying will not help until a person acts or a quota resets: stop this source's run."""

    kind = "degraded"

    def __init__(self, message: str, *, until: datetime | None = None, kind: str | None = None) -> None:
        super().__init__(message, kind=kind)
        self.until = until


class CursorRejected(Fault):
    """A saved paging cursor is no longer accepted; the sweep restarts from its floor."""

    kind = "cursor_rejected"


class MalformedItem(ValueError):
    """One item of a page cannot become a Mention; it is quarantined, the page is kept."""


class Stopped(Exception):
    """The service is stopping; the current page was saved, the run ends cleanly."""


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_wait: float = 60.0

    def backoff(self, attempt: int, rng: Callable[[], float] = random.random) -> float:
        """Full jitter: a random wait up to base × 2^attempt, capped (AWS architecture blog)."""
        return rng() * min(self.max_delay, self.base_delay * 2**attempt)


def wall_clock() -> datetime:
    return datetime.now(UTC)


def with_retries(
    fetch: Callable[[], T],
    what: str,
    *,
    policy: RetryPolicy,
    pause: Callable[[float], None],
    on_fault: Callable[[Fault], None] = lambda fault: None,
) -> T:
    """Run one platform call, retrying transient faults and rate limits at most `policy.max_retries`
    times (collectors and publishers alike). A wait longer than `policy.max_wait` is not waited
    for: the fault is raised and the next run resumes. `pause` waits (and may raise `Stopped`)."""
    attempt = 0
    while True:
        try:
            return fetch()
        except (TransientFault, RateLimited) as fault:
            attempt += 1
            on_fault(fault)
            if attempt > policy.max_retries:
                log.error("%s: %s; gave up after %d tries", what, fault, attempt)
                raise
            if isinstance(fault, RateLimited) and fault.reset_at is not None:
                wait = max(0.0, (fault.reset_at - wall_clock()).total_seconds()) + 1.0
            else:
                wait = policy.backoff(attempt)
            if wait > policy.max_wait:
                log.warning("%s: %s; resuming next run (wait %.0fs)", what, fault, wait)
                raise
            log.warning("%s: %s; retry %d/%d in %.1fs", what, fault, attempt, policy.max_retries, wait)
            pause(wait)


@dataclass
class Collection:
    """One run of one collector: its store, counters, checkpoint state, clock and stop signal."""

    store: Store
    run: CollectorRun
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    stop: threading.Event = field(default_factory=threading.Event)
    clock: Callable[[], datetime] = wall_clock
    sleep: Callable[[float], None] | None = None
    state: dict[str, Any] = field(default_factory=dict)
    rate_limit: dict[str, Any] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)

    @property
    def source(self) -> str:
        return self.run.source

    def now(self) -> datetime:
        return self.clock()

    def stream(self, name: str, **defaults: Any) -> dict[str, Any]:
        """The checkpoint state of one stream, to read and change; saved with the next page."""
        self.changed.add(name)
        state = self.state.setdefault(name, {})
        for key, value in defaults.items():
            state.setdefault(key, value)
        return state

    def streams(self, prefix: str) -> dict[str, dict[str, Any]]:
        """Every stream whose name starts with `prefix`, by the rest of its name (read only)."""
        return {name[len(prefix) :]: state for name, state in self.state.items() if name.startswith(prefix)}

    def drop(self, name: str) -> None:
        """Forget a stream (a post out of its window); gone from the checkpoint with the next page."""
        self.state.pop(name, None)
        self.changed.add(name)

    def check_stop(self) -> None:
        if self.stop.is_set():
            raise Stopped(f"{self.source}: stopping")

    def pause(self, seconds: float) -> None:
        """Wait, but wake at once if the service is told to stop."""
        if self.sleep is not None:
            self.sleep(seconds)
            self.check_stop()
        elif self.stop.wait(max(0.0, seconds)):
            raise Stopped(f"{self.source}: stopping")

    def call(self, fetch: Callable[[], T], what: str) -> T:
        """Run one platform call, retrying what is worth retrying, at most `max_retries` times."""
        self.check_stop()
        return with_retries(
            fetch,
            f"{self.source}: {what}",
            policy=self.policy,
            pause=self.pause,
            on_fault=self._note_fault,
        )

    def _note_fault(self, fault: Fault) -> None:
        self.run.faults.append(fault.kind)
        if isinstance(fault, RateLimited) and fault.reset_at is not None:
            self.rate_limit["reset_at"] = fault.reset_at.isoformat()

    def save(self, mentions: Iterable[Mention], quarantined: Iterable[Quarantined] = (), *, fetched: int) -> None:
        """Store a page and the streams changed since the last page, in one transaction."""
        bad = list(quarantined)
        for item in bad:
            log.warning("%s: quarantined an item (%s): %s", self.source, item.where, item.reason)
        result = self.store.save_page(
            self.source, mentions, checkpoint=self.state, streams=sorted(self.changed), quarantined=bad
        )
        self.changed.clear()
        self.run.fetched += fetched
        self.run.new += result.new
        self.run.skipped += result.skipped
        self.run.quarantined += len(bad)


@dataclass
class Page:
    """One page of a newest-first stream, already turned into records."""

    mentions: list[Mention]
    quarantined: list[Quarantined]
    next_cursor: str | None
    fetched: int
    newest: str | None = None
    reached_floor: bool = False


def sweep(
    collection: Collection,
    stream: str,
    fetch: Callable[[str | None, str | None], Page],
    *,
    order: Callable[[str], Any] = str,
    initial_floor: str | None = None,
) -> None:
    """Walk a newest-first stream from its start down to the floor the last sweep reached.

    State kept per stream: `floor` (everything at or below it is stored), `cursor` and `top`
    (a sweep in progress: where to continue, and the newest item it has seen). The floor moves
    up only when a sweep completes, so a sweep cut short resumes where it stopped.
    """
    retried_cursor = False
    while True:
        collection.check_stop()
        state = collection.stream(stream, floor=initial_floor)
        floor, cursor = state.get("floor"), state.get("cursor")
        try:
            page = collection.call(lambda f=floor, c=cursor: fetch(f, c), f"{stream} page")
        except CursorRejected as fault:
            if retried_cursor or cursor is None:
                raise
            log.warning("%s: %s: %s; restarting the sweep from its floor", collection.source, stream, fault)
            state["cursor"], retried_cursor = None, True
            continue
        top = _newest(state.get("top"), page.newest, order)
        if page.next_cursor is None or page.reached_floor:
            state.update(floor=_newest(floor, top, order), cursor=None, top=None)
        else:
            state.update(cursor=page.next_cursor, top=top)
        collection.save(page.mentions, page.quarantined, fetched=page.fetched)
        if state["cursor"] is None:
            return


def _newest(a: str | None, b: str | None, order: Callable[[str], Any]) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=order)


def convert_all(
    items: Iterable[dict[str, Any]],
    convert: Callable[[dict[str, Any]], Mention],
    *,
    source: str,
    where: str,
) -> tuple[list[Mention], list[Quarantined]]:
    """Turn raw items into mentions; a broken item is quarantined with its reason, not fatal."""
    good, bad = [], []
    for index, item in enumerate(items):
        try:
            good.append(convert(item))
        except (MalformedItem, KeyError, TypeError, ValueError, AttributeError) as error:
            reason = str(error) if isinstance(error, MalformedItem) else f"{type(error).__name__}: {error}"
            payload = json.dumps(item, ensure_ascii=False, default=str)
            bad.append(Quarantined(source=source, reason=reason, payload=payload, where=f"{where} item {index}"))
    return good, bad


class Collector(Protocol):
    """Each platform module provides one: a name and a way to collect into a Collection."""

    source: str

    def collect(self, collection: Collection) -> None: ...


def due_again(seen: dict[str, str], now: datetime) -> bool:
    """Look at a post's replies again once a twelfth of its age has passed since the last look.

    `seen` holds ISO times `created` and `checked`. A post an hour old is looked at every run,
    one a day old every two hours: nothing is lost by waiting (replies are fetched from a
    high-water mark), and hundreds of watched posts stay far inside the platforms' allowances.
    """
    if not seen.get("checked"):
        return True
    age = now - parse_time(seen["created"])
    return now - parse_time(seen["checked"]) >= age / 12


def run_collector(
    collector: Collector,
    store: Store,
    *,
    policy: RetryPolicy | None = None,
    stop: threading.Event | None = None,
    clock: Callable[[], datetime] = wall_clock,
    sleep: Callable[[float], None] | None = None,
) -> CollectorRun:
    """Run one collector once and record the run and the source's health, whatever happens."""
    health = {h.source: h for h in store.health([collector.source])}[collector.source]
    run = store.start_run(collector.source)
    if health.degraded and health.degraded_until and health.degraded_until > clock():
        run.status, run.message = (
            "skipped",
            f"degraded until {health.degraded_until:%Y-%m-%d %H:%M}Z: {health.degraded_reason}",
        )
        store.finish_run(run)
        return run
    collection = Collection(
        store=store,
        run=run,
        policy=policy or RetryPolicy(),
        stop=stop or threading.Event(),
        clock=clock,
        sleep=sleep,
        state=store.checkpoint(collector.source),
    )
    started = time.monotonic()
    try:
        collector.collect(collection)
        run.status = "ok"
        store.record_health(collector.source, success=True, rate_limit=collection.rate_limit)
    except SourceDegraded as fault:
        run.status, run.message, run.errors = "degraded", str(fault), run.errors + 1
        run.faults.append(fault.kind)
        log.error("%s: degraded: %s", collector.source, fault)
        store.record_health(
            collector.source,
            success=False,
            error=str(fault),
            degraded_reason=str(fault),
            degraded_until=fault.until,
        )
    except RateLimited as fault:
        run.status, run.message = "rate-limited", str(fault)
        collection.rate_limit["limited"] = True
        store.record_health(collector.source, success=False, error=str(fault), rate_limit=collection.rate_limit)
    except Fault as fault:  # given up after retries; each try is already in run.faults
        run.status, run.message, run.errors = "failed", str(fault), run.errors + 1
        store.record_health(collector.source, success=False, error=str(fault))
    except Stopped:
        run.status, run.message = "stopped", "stopped by the service; resumes from the checkpoint"
    except Exception as error:  # a bug must not take the other sources down
        log.exception("%s: unexpected error", collector.source)
        run.status, run.message, run.errors = (
            "failed",
            f"{type(error).__name__}: {error}",
            run.errors + 1,
        )
        store.record_health(collector.source, success=False, error=run.message)
    finally:
        store.finish_run(run)
        log.info(
            "%s: %s in %.1fs: fetched %d, new %d, duplicates %d, quarantined %d%s",
            collector.source,
            run.status,
            time.monotonic() - started,
            run.fetched,
            run.new,
            run.skipped,
            run.quarantined,
            f" ({run.message})" if run.message else "",
        )
    return run
