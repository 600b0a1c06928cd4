"""Today's hot topics (the last 24 hours), emerging first, and one topic's page with its chart.

The window runs from the start of this hour yesterday to this minute: a story that began ten minutes ago
is already in it, and the chart's bars are whole clock hours (the last one the hour so far).

Working out the topics reads the whole day's analysed mentions: about 130 ms for the demo's 4,200, and
it grows with the day (a busy day of 30,000 is about 1.5 s). So each worker process keeps the result, and
works it out again only when the analysis has saved mentions since (the collectors bring them every few
minutes), or after `REFRESH` even if not, as the day's window moves on: everyone opening the page
meanwhile shares one computation. The next is given the last one's topics as `previous`, so a topic keeps
its id (and its address) while it lasts. Sample posts leave through the same scrubber as the daily report
and `topics --json`.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from analyse.pseudonyms import Pseudonymiser
from analyse.report.data import distinct_samples
from analyse.topics import Topic
from analyse.views import Window, scrubber, topic_record, topics_in
from commsdesk.records import parse_time
from commsdesk.status import NAMES
from commsdesk.store import Store
from config.settings import Settings
from web.access import TOPICS
from web.guards import DeskStore, desk, require
from web.pages import render
from web.records import WebSession

router = APIRouter()

Reader = Annotated[WebSession, Depends(require(*TOPICS.roles))]

DAY = timedelta(hours=24)
SAMPLES = 3  # different posts shown for a topic
REFRESH = timedelta(minutes=5)  # topics are worked out again at least this often, new mentions or not
STALE = timedelta(minutes=5)  # the oldest topics shown while the current minute's are worked out
_PYPLOT = threading.Lock()  # matplotlib's pyplot keeps global state: one chart drawn at a time
_MAKING_CACHE = threading.Lock()


@dataclass(frozen=True, slots=True)
class HotTopics:
    """One computation: the window, the topics (kept to pass on as `previous`) and their records as shown
    (`topic_record`s, private people pseudonymised), emerging first; `upto` is how far the analysis had
    got (`Store.analysed_upto`), to tell when there is something new."""

    window: Window
    topics: tuple[Topic, ...]
    records: tuple[dict[str, Any], ...]
    upto: int = 0

    def holds(self, until: datetime, upto: int) -> bool:
        """Whether these are still the topics to `until`: nothing analysed since, and not `REFRESH` old."""
        return upto == self.upto and timedelta(0) <= until - self.window.until < REFRESH

    def record(self, ident: str) -> dict[str, Any] | None:
        return next((record for record in self.records if record["id"] == ident), None)


@dataclass
class TopicsCache:
    """The latest `HotTopics` and the charts drawn from it. When they no longer hold (`HotTopics.holds`),
    the new minute is worked out once, in a thread started by the first request to need it; every request
    meanwhile is shown the last result (if it is at most `STALE` old), so nobody waits for the computation
    but the very first (or after a long idle)."""

    latest: HotTopics | None = None
    charts: dict[str, bytes] = field(default_factory=dict)
    computing: bool = False
    lock: threading.Condition = field(default_factory=threading.Condition)

    def hot(self, store: Store, settings: Settings) -> HotTopics:
        until = store.clock().replace(second=0, microsecond=0)
        upto = store.analysed_upto()
        with self.lock:
            while True:
                latest = self.latest
                if latest is not None and latest.holds(until, upto):
                    return latest
                recent = latest is not None and abs(until - latest.window.until) <= STALE
                if not self.computing:
                    self.computing = True
                    if latest is not None and recent:  # nobody waits: a thread works out the new minute
                        worker = threading.Thread(
                            target=self._refresh_in_thread,
                            args=(store.path, store.clock, settings, until, latest.topics),
                            name="topics-refresh",
                            daemon=True,
                        )
                        worker.start()
                        return latest
                    break
                if latest is not None and recent:
                    return latest
                self.lock.wait()  # nothing recent to show: wait for the one computing
        return self._refresh(store, settings, until, latest.topics if latest else ())

    def _refresh(self, store: Store, settings: Settings, until: datetime, previous: tuple[Topic, ...]) -> HotTopics:
        try:
            fresh = compute(store, settings, window_to(until), previous)
        finally:
            with self.lock:
                self.computing = False
                self.lock.notify_all()
        with self.lock:
            self.latest, self.charts = fresh, {}
        return fresh

    def _refresh_in_thread(
        self,
        path: Path,
        clock: Callable[[], datetime],
        settings: Settings,
        until: datetime,
        previous: tuple[Topic, ...],
    ) -> None:
        """The background refresh, with its own store (a store serves one thread at a time)."""
        with Store(path, clock=clock) as own:
            self._refresh(own, settings, until, previous)

    def chart(self, hot: HotTopics, ident: str, timezone: str) -> bytes | None:
        """The PNG of one topic's mentions over the window (None when there is nothing to draw)."""
        with self.lock:
            if hot is self.latest and ident in self.charts:
                return self.charts[ident]
        found = hot.record(ident)
        png = topic_png(found, hot.window, timezone) if found else None
        if png is not None:
            with self.lock:
                if hot is self.latest:
                    self.charts[ident] = png
        return png


def window_to(until: datetime) -> Window:
    """From the start of `until`'s hour a day before, to `until`."""
    return Window(until.replace(minute=0, second=0, microsecond=0) - DAY, until)


def compute(store: Store, settings: Settings, window: Window, previous: tuple[Topic, ...]) -> HotTopics:
    upto = store.analysed_upto()  # read first: mentions analysed while this runs count as new next time
    topics, records = topics_in(store, window, previous=previous)
    scrub = scrubber(Pseudonymiser(store.pseudonym_key()), settings, records)
    return HotTopics(window, tuple(topics), tuple(topic_record(topic, scrub) for topic in topics), upto)


def topic_png(record: dict[str, Any], window: Window, timezone: str) -> bytes | None:
    """The report's own topic chart (`analyse.report.charts.topic_chart`), as PNG bytes."""
    from analyse.report.charts import topic_chart  # matplotlib: loaded when a chart is first asked for

    over_time = record["volume_over_time"]
    with _PYPLOT:
        uri = topic_chart(over_time["counts"], over_time["bucket_minutes"], window.since, ZoneInfo(timezone))
    return base64.b64decode(uri.partition(",")[2]) if uri else None


def cache(request: Request) -> TopicsCache:
    """The app's one `TopicsCache`, made on first use."""
    state = request.app.state
    with _MAKING_CACHE:
        if not hasattr(state, "topics_cache"):
            state.topics_cache = TopicsCache()
    return state.topics_cache


# -- what the pages show --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hour:
    """One bar of a topic's chart, for the table that says what the chart shows."""

    start: datetime
    end: datetime
    mentions: int


def hours(record: dict[str, Any], window: Window) -> list[Hour]:
    over_time = record["volume_over_time"]
    size = timedelta(minutes=over_time["bucket_minutes"])
    starts = [window.since + i * size for i in range(len(over_time["counts"]))]
    return [
        Hour(start, min(start + size, window.until), n) for start, n in zip(starts, over_time["counts"], strict=True)
    ]


def chart_description(record: dict[str, Any], window: Window, timezone: str) -> str:
    """The chart in words, for its alt text: what it counts, the total and the busiest stretch."""
    bars = hours(record, window)
    zone = ZoneInfo(timezone)
    busiest = max(bars, key=lambda bar: (bar.mentions, bar.start), default=None)
    unit = "hour" if record["volume_over_time"]["bucket_minutes"] == 60 else "period"
    since, until = window.since.astimezone(zone), window.until.astimezone(zone)
    text = (
        f"Bar chart of mentions of {record['label']} per {unit} from {since:%H:%M %A} to {until:%H:%M %A}:"
        f" {record['volume']:,} in all"
    )
    if busiest is None or not busiest.mentions:
        return text + "."
    start, end = busiest.start.astimezone(zone), busiest.end.astimezone(zone)
    return f"{text}; the busiest {unit} was {start:%H:%M} to {end:%H:%M} with {busiest.mentions:,}."


def shown(record: dict[str, Any]) -> dict[str, Any]:
    """A topic record with what the templates need: rated counts, names, samples with their times parsed."""
    sentiment = record["sentiment"]
    samples = distinct_samples([record["representative"], *record["samples"]], SAMPLES)
    return {
        **record,
        "rated": sum(sentiment.get(s, 0) for s in ("negative", "neutral", "positive")),
        "platform_names": [(NAMES.get(name, name), n) for name, n in record["platforms"].items()],
        "shown_samples": [
            {**s, "created_at": parse_time(s["created_at"]), "platform_name": NAMES.get(s["platform"], s["platform"])}
            for s in samples
        ],
    }


@router.get("/topics")
def topics_page(request: Request, store: DeskStore, _: Reader) -> HTMLResponse:
    hot = cache(request).hot(store, desk(request).settings)
    return render(
        request,
        "topics.html",
        title=TOPICS.title,
        window=hot.window,
        topics=[shown(record) for record in hot.records],
        emerging=sum(record["emerging"] for record in hot.records),
    )


# Before the topic's page: its id is a path (an entity may hold a "/"), which would swallow "/chart.png".
@router.get("/topics/{ident:path}/chart.png")
def topic_chart_png(request: Request, store: DeskStore, _: Reader, ident: str) -> Response:
    settings = desk(request).settings
    topics = cache(request)
    png = topics.chart(topics.hot(store, settings), ident, settings.force.timezone)
    if png is None:
        raise HTTPException(404)
    return Response(png, media_type="image/png")


@router.get("/topics/{ident:path}")
def topic_page(request: Request, store: DeskStore, _: Reader, ident: str) -> HTMLResponse:
    settings = desk(request).settings
    hot = cache(request).hot(store, settings)
    record = hot.record(ident)
    if record is None:
        return render(
            request,
            "error.html",
            title="Topic not found",
            status_code=404,
            message="That topic is not among the last 24 hours' hot topics (any more). "
            "The hot topics page lists those there are now.",
        )
    return render(
        request,
        "topic.html",
        title=f"Topic: {record['label']}",
        window=hot.window,
        topic=shown(record),
        hours=hours(record, hot.window),
        chart_alt=chart_description(record, hot.window, settings.force.timezone),
    )
