"""How fast each crisis event raises an alert, and how many alerts the background alone raises a day.

    python -m analyse.alerts.evaluate DIR      # DIR: JSON Lines files (id, text, created_at, on_topic)

The replay is the hot-topics one (`analyse.topics.evaluate`: the same timeline, burst clock and
baseline): every ``--step`` minutes the detectors see the window and the baseline, and grouping turns
their detections into alerts, as the service would. An event is **alerted** at the first step that
notifies staff (new, reopened or grown) of an alert most of whose mentions are on-topic. Every alert
the background alone raises (new or reopened) is **false**; they are listed by kind. The crisis files
carry no sentiment, places or authors, so negative surges and place spikes cannot fire here.

The last line is ``alerted=N/M median_delay_min=X false_per_day=Y``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from analyse.alerts.detectors import detect
from analyse.alerts.grouping import update
from analyse.alerts.records import Alert, Change
from analyse.alerts.settings import ALERTS
from analyse.topics.evaluate import (
    BURST_MINUTES,
    BURST_POSTS,
    ORIGIN,
    Result,
    Stream,
    analysed,
    burst_time,
    load,
    mostly_on_topic,
    result_row,
)


def replay(
    stream: Stream, start: datetime, end: datetime, step: timedelta, watch_words: list[str]
) -> Iterator[tuple[datetime, list[Change]]]:
    """Each step's saved changes, alerts kept between steps as the store would keep them."""
    alerts: dict[int, Alert] = {}
    for now, topics in stream.replay(start, end, step, ALERTS.window):
        mentions = stream.window(now - ALERTS.window, now)
        found = detect(mentions, now=now, baseline=stream.baseline(now), watch_words=watch_words, topics=topics)
        changes = []
        for change in update(list(alerts.values()), found, now):
            alert = change.alert if change.alert.id else replace(change.alert, id=len(alerts) + 1)
            alerts[alert.id] = alert
            changes.append(replace(change, alert=alert))
        yield now, changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analyse.alerts.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--lead-days", type=int, default=4, help="days of background before each event")
    parser.add_argument("--baseline-days", type=int, default=7)
    parser.add_argument("--step", type=float, default=5.0, help="minutes between steps")
    parser.add_argument("--give-up", type=float, default=12.0, help="hours after the burst")
    parser.add_argument("--watch-words", default="", help="comma-separated watch-words (none by default)")
    args = parser.parse_args(argv)
    events = load(args.folder)
    if not events:
        print(f"no *.jsonl files in {args.folder}", file=sys.stderr)
        return 2
    step, lead = timedelta(minutes=args.step), timedelta(days=args.lead_days)
    watch = [w.strip() for w in args.watch_words.split(",") if w.strip()]
    background = [
        analysed(p, ORIGIN + (p.at - e.midnight), i) for i, e in enumerate(events) for p in e.posts if not p.on_topic
    ]
    results = []
    print(f"{'event':32} {'burst (UTC)':17} {'alerted (UTC)':17} {'delay_min':>9}  alert")
    for i, event in enumerate(events):
        shift = ORIGIN + lead - event.midnight
        incident = [analysed(p, p.at + shift, i) for p in event.posts if p.on_topic]
        on_topic = {a.key for a in incident}
        burst = burst_time([a.created_at for a in incident], BURST_POSTS, BURST_MINUTES)
        result = Result(event.name, None if burst is None else burst - shift, None)
        if burst is not None:
            stream = Stream(background + incident, args.baseline_days)
            first = incident[0].created_at.replace(second=0, microsecond=0)
            for now, changes in replay(stream, first, burst + timedelta(hours=args.give_up), step, watch):
                hit = next((c for c in changes if c.notify and mostly_on_topic(c.alert.mentions, on_topic)), None)
                if hit is not None:
                    result = Result(event.name, burst - shift, now - shift, f"{hit.alert.kind}: {hit.alert.reason}")
                    break
        results.append(result)
        print(result_row(result, 100), flush=True)

    stream = Stream(background, args.baseline_days)
    start, end = ORIGIN + lead, stream.times[-1]
    false: list[tuple[datetime, Change]] = [
        (now, c) for now, changes in replay(stream, start, end, step, watch) for c in changes if c.change != "updated"
    ]
    days = (end - start) / timedelta(days=1)
    kinds = dict(Counter(c.alert.kind for _, c in false))
    print(f"\nbackground: {days:.1f} days replayed, {len(false)} false alerts {kinds}")
    for now, c in false:
        print(f"  day {(now - ORIGIN).days} {now:%H:%M}  {c.change} {c.alert.kind}: {c.alert.reason}")
    delays = [r.delay for r in results if r.delay is not None]
    median = statistics.median(delays) if delays else float("nan")
    print(f"alerted={len(delays)}/{len(results)} median_delay_min={median:.1f} false_per_day={len(false) / days:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
