"""The shared collector machinery: bounded retries, and a sweep that never loses or doubles.

A fake newest-first stream stands in for a platform, so faults and crashes can be placed
anywhere; the sandbox tests do the same through the real clients.
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commsdesk.records import Mention
from commsdesk.store import Store
from ingest.base import (
    Collection,
    CursorRejected,
    Page,
    RateLimited,
    RetryPolicy,
    SourceDegraded,
    TransientFault,
    run_collector,
    sweep,
)

T0 = datetime(2026, 11, 20, tzinfo=UTC)
NO_WAIT = RetryPolicy(max_retries=3, base_delay=0.0, max_wait=5)


class FakeStream:
    """Posts 1..n, served newest first in pages, failing when told to."""

    def __init__(self, n: int, page_size: int = 3) -> None:
        self.posts = list(range(1, n + 1))
        self.page_size = page_size
        self.failures: list[Exception | None] = []
        self.calls = 0

    def fetch(self, floor: str | None, cursor: str | None) -> Page:
        self.calls += 1
        if self.failures:
            failure = self.failures.pop(0)
            if failure is not None:
                raise failure
        below = int(cursor) if cursor else max(self.posts, default=0) + 1
        eligible = [p for p in reversed(self.posts) if p < below and p > int(floor or 0)]
        page = eligible[: self.page_size]
        more = len(eligible) > self.page_size
        mentions = [
            Mention(platform="x", id=str(p), text=f"post {p}", created_at=T0 + timedelta(seconds=p)) for p in page
        ]
        return Page(
            mentions,
            [],
            str(page[-1]) if more else None,
            fetched=len(page),
            newest=str(page[0]) if page else None,
        )


class FakeCollector:
    source = "x"

    def __init__(self, stream: FakeStream) -> None:
        self.stream = stream

    def collect(self, collection: Collection) -> None:
        sweep(collection, "search", self.stream.fetch, order=int)


def stored_ids(store: Store) -> list[int]:
    return sorted(int(m.id) for m in store.mentions())


def test_a_sweep_stores_everything_and_moves_the_floor(tmp_path: Path) -> None:
    stream = FakeStream(10)
    with Store(tmp_path / "s.sqlite") as store:
        run = run_collector(FakeCollector(stream), store, policy=NO_WAIT, sleep=lambda s: None)
        assert (run.status, run.fetched, run.new) == ("ok", 10, 10)
        assert store.checkpoint("x")["search"] == {"floor": "10", "cursor": None, "top": None}
        stream.posts += [11, 12]
        run = run_collector(FakeCollector(stream), store, policy=NO_WAIT, sleep=lambda s: None)
        assert (run.fetched, run.new, run.skipped) == (2, 2, 0)
        assert stored_ids(store) == list(range(1, 13))


def test_transient_faults_are_retried_with_a_bound(tmp_path: Path) -> None:
    stream = FakeStream(5)
    stream.failures = [TransientFault("503", kind="server_error")] * 2
    waits: list[float] = []
    with Store(tmp_path / "s.sqlite") as store:
        run = run_collector(FakeCollector(stream), store, policy=NO_WAIT, sleep=waits.append)
        assert run.status == "ok" and run.faults == ["server_error", "server_error"]
        assert len(waits) == 2
    stream = FakeStream(5)
    stream.failures = [TransientFault("503", kind="server_error")] * 10
    with Store(tmp_path / "t.sqlite") as store:
        run = run_collector(FakeCollector(stream), store, policy=NO_WAIT, sleep=lambda s: None)
        assert run.status == "failed" and stream.calls == NO_WAIT.max_retries + 1
        assert store.health(["x"])[0].last_error


def test_a_long_rate_limit_ends_the_run_and_keeps_the_checkpoint(tmp_path: Path) -> None:
    stream = FakeStream(9)
    far = datetime.now(UTC) + timedelta(minutes=15)
    stream.failures = [None, RateLimited("429", reset_at=far)]
    with Store(tmp_path / "s.sqlite") as store:
        run = run_collector(FakeCollector(stream), store, policy=NO_WAIT, sleep=lambda s: None)
        assert run.status == "rate-limited"
        assert store.checkpoint("x")["search"]["cursor"] == "7"
        run = run_collector(FakeCollector(stream), store, policy=NO_WAIT, sleep=lambda s: None)
        assert run.status == "ok" and stored_ids(store) == list(range(1, 10))
        assert run.skipped == 0


def test_a_degraded_source_says_why_and_waits_until_it_may_go_on(tmp_path: Path) -> None:
    stream = FakeStream(3)
    until = T0 + timedelta(hours=8)
    stream.failures = [SourceDegraded("quota used up", until=until, kind="quota")]
    now = [T0]
    with Store(tmp_path / "s.sqlite", clock=lambda: now[0]) as store:
        run = run_collector(FakeCollector(stream), store, clock=lambda: now[0])
        assert run.status == "degraded" and "quota" in run.message
        calls = stream.calls
        assert run_collector(FakeCollector(stream), store, clock=lambda: now[0]).status == "skipped"
        assert stream.calls == calls  # not retried before the quota resets
        now[0] = until + timedelta(minutes=1)
        assert run_collector(FakeCollector(stream), store, clock=lambda: now[0]).status == "ok"
        assert not store.health(["x"])[0].degraded


def test_a_rejected_cursor_restarts_from_the_floor(tmp_path: Path) -> None:
    stream = FakeStream(9)
    with Store(tmp_path / "s.sqlite") as store:
        store.set_checkpoint("x", {"search": {"floor": None, "cursor": "stale", "top": None}})
        stream.failures = [CursorRejected("bad token")]
        run = run_collector(FakeCollector(stream), store, policy=NO_WAIT, sleep=lambda s: None)
        assert run.status == "ok" and stored_ids(store) == list(range(1, 10))


def test_an_unexpected_bug_in_one_collector_is_recorded_not_raised(tmp_path: Path) -> None:
    stream = FakeStream(3)
    stream.failures = [ZeroDivisionError("bug")]
    with Store(tmp_path / "s.sqlite") as store:
        run = run_collector(FakeCollector(stream), store, policy=NO_WAIT)
        assert run.status == "failed" and "ZeroDivisionError" in run.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    batches=st.lists(st.integers(0, 12), min_size=1, max_size=4),
    failures=st.lists(st.sampled_from(["ok", "transient", "long-429", "crash"]), max_size=12),
    page_size=st.integers(1, 5),
)
def test_whatever_fails_and_whenever_it_crashes_nothing_is_lost_or_doubled(
    tmp_path_factory: pytest.TempPathFactory,
    batches: list[int],
    failures: list[str],
    page_size: int,
) -> None:
    """Posts arrive in batches; between them runs fail, hit limits or die; in the end all are stored once."""
    far = datetime.now(UTC) + timedelta(hours=1)
    made = {
        "ok": None,
        "transient": TransientFault("503"),
        "long-429": RateLimited("429", reset_at=far),
        "crash": KeyboardInterrupt(),  # the process dying between two pages
    }
    stream = FakeStream(0, page_size)
    path = tmp_path_factory.mktemp("prop") / "s.sqlite"
    with Store(path) as store:
        for batch in batches:
            start = len(stream.posts)
            stream.posts += list(range(start + 1, start + batch + 1))
            stream.failures = [made[f] for f in failures]
            for _ in range(len(failures) + 3):
                try:
                    run_collector(FakeCollector(stream), store, policy=NO_WAIT, sleep=lambda s: None)
                except KeyboardInterrupt:
                    continue
            stream.failures = []
        run_collector(FakeCollector(stream), store, policy=NO_WAIT, sleep=lambda s: None)
        assert stored_ids(store) == stream.posts
