"""How fast a real incident shows up as an emerging topic, and how often chatter raises a false one.

    python -m analyse.topics.evaluate DIR      # DIR: JSON Lines files (id, text, created_at, on_topic)

Each file is one event. The off-topic posts of every file are the background: each file's stream is
laid on one common timeline from its first midnight (UTC), keeping the time of day, and the streams
are added up. Each event's on-topic stream is then laid on that timeline ``--lead-days`` days later
(again keeping the time of day), so the detector has days of chatter as its baseline.

Time is replayed every ``--step`` minutes, as the scheduler would: at each step `hot_topics` sees the
last ``--window`` hours of posts and a baseline counted from up to ``--baseline-days`` whole days
before the current day (as the store's hourly counts would give).

- **Burst**: the first moment the event has had ``BURST_POSTS`` (20) on-topic posts within the last
  ``BURST_MINUTES`` (60) minutes: one every three minutes for an hour, against a background of a few
  per minute. Before that an incident is a trickle (a few posts an hour, which real streams carry for
  hours before the surge) that no one could tell from chatter; the delay is counted from here.
  Detection before it counts, with a negative delay. ``--burst 10/30`` gives a stricter clock.
- **Detected**: the first step with an emerging topic most of whose mentions (in the window) are
  on-topic. Replay starts at the event's first post and stops ``--give-up`` hours after the burst.
- **False emerging topics**: the background alone is replayed from ``--lead-days`` on; every
  emerging topic there is false. One counts once: the same topic (id, kept across steps via
  ``previous``) flagged again within 24 hours is not counted again.

The last line is ``detected=N/M median_delay_min=X false_per_day=Y``.
"""

from __future__ import annotations

import argparse
import bisect
import json
import statistics
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from analyse.records import ENGLISH, Analysed
from analyse.terms import text_features
from analyse.topics import SETTINGS, Baseline, Topic, TopicSettings, hot_topics

BURST_POSTS = 20
BURST_MINUTES = 60
ORIGIN = datetime(2030, 1, 7, tzinfo=UTC)  # a Monday; any midnight works


@dataclass(frozen=True, slots=True)
class Post:
    id: str
    text: str
    at: datetime  # original time
    on_topic: bool


@dataclass(slots=True)
class Event:
    name: str
    posts: list[Post]

    @property
    def midnight(self) -> datetime:
        first = self.posts[0].at
        return first.replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    burst: datetime | None  # original time
    detected: datetime | None
    label: str = ""

    @property
    def delay(self) -> float | None:
        if self.burst is None or self.detected is None:
            return None
        return (self.detected - self.burst).total_seconds() / 60


def load(folder: Path) -> list[Event]:
    events = []
    for path in sorted(folder.glob("*.jsonl")):
        posts = []
        with path.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if line.strip():
                    row = json.loads(line)
                    at = datetime.fromisoformat(str(row["created_at"]).replace("Z", "+00:00")).astimezone(UTC)
                    posts.append(Post(str(row["id"]), str(row.get("text") or ""), at, bool(row.get("on_topic"))))
        posts.sort(key=lambda p: (p.at, p.id))
        if posts:
            events.append(Event(path.stem, posts))
    return events


def analysed(post: Post, at: datetime, source: int) -> Analysed:
    """An `Analysed` record from raw text alone: the features the topics read, no model."""
    f = text_features(post.text)
    return Analysed(
        platform="x",
        id=f"{source}:{post.id}",
        created_at=at,
        text=post.text,
        url=f"https://x.com/i/status/{post.id}",
        lang=ENGLISH,
        terms=f.terms,
        hashtags=f.hashtags,
        handles=f.handles,
        dup_key=f.dup_key,
    )


def burst_time(times: list[datetime], posts: int = BURST_POSTS, minutes: int = BURST_MINUTES) -> datetime | None:
    """When ``posts`` on-topic posts first fall within ``minutes`` (the last of them)."""
    span = timedelta(minutes=minutes)
    for i in range(posts - 1, len(times)):
        if times[i] - times[i - posts + 1] <= span:
            return times[i]
    return None


class Stream:
    """Posts on the common timeline, sliced by time, with a baseline per day (cached)."""

    def __init__(self, mentions: list[Analysed], baseline_days: int, settings: TopicSettings = SETTINGS) -> None:
        self.settings = settings
        self.mentions = sorted(mentions, key=lambda a: a.created_at)
        self.times = [a.created_at for a in self.mentions]
        self.baseline_days = baseline_days
        self._baselines: dict[datetime, Baseline] = {}

    def window(self, start: datetime, end: datetime) -> list[Analysed]:
        return self.mentions[bisect.bisect_right(self.times, start) : bisect.bisect_right(self.times, end)]

    def baseline(self, now: datetime) -> Baseline:
        day = now.replace(hour=0, minute=0, second=0, microsecond=0)
        if day not in self._baselines:
            days = min(self.baseline_days, (day - ORIGIN).days)
            first = day - timedelta(days=days)
            self._baselines[day] = Baseline.from_mentions(
                self.window(first - timedelta(microseconds=1), day), start=first, days=days
            )
        return self._baselines[day]

    def replay(
        self, start: datetime, end: datetime, step: timedelta, window: timedelta
    ) -> Iterator[tuple[datetime, list[Topic]]]:
        previous: list[Topic] = []
        now = start
        while now <= end:
            previous = hot_topics(
                self.window(now - window, now), now=now, window=window, baseline=self.baseline(now), previous=previous
            )
            yield now, previous
            now += step


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analyse.topics.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--lead-days", type=int, default=4, help="days of background before each event")
    parser.add_argument("--baseline-days", type=int, default=7)
    parser.add_argument("--window", type=float, default=24.0, help="hours of posts each step sees")
    parser.add_argument("--step", type=float, default=5.0, help="minutes between steps")
    parser.add_argument("--burst", default=f"{BURST_POSTS}/{BURST_MINUTES}", help="posts/minutes that make a burst")
    parser.add_argument("--alpha", type=float, default=SETTINGS.alpha, help="emerging: chance on a normal day")
    parser.add_argument("--floor", type=float, default=SETTINGS.floor, help="expected mentions per hour, at least")
    parser.add_argument("--give-up", type=float, default=12.0, help="hours after the burst")
    args = parser.parse_args(argv)
    events = load(args.folder)
    if not events:
        print(f"no *.jsonl files in {args.folder}", file=sys.stderr)
        return 2
    step, window = timedelta(minutes=args.step), timedelta(hours=args.window)
    lead = timedelta(days=args.lead_days)
    posts, minutes = (int(n) for n in args.burst.split("/"))
    settings = replace(SETTINGS, alpha=args.alpha, floor=args.floor)

    background = [
        analysed(p, ORIGIN + (p.at - e.midnight), i) for i, e in enumerate(events) for p in e.posts if not p.on_topic
    ]
    on_topic_ids: set[tuple[str, str]] = set()
    results = []
    print(f"{'event':32} {'burst (UTC)':17} {'detected (UTC)':17} {'delay_min':>9}  topic")
    for i, event in enumerate(events):
        shift = ORIGIN + lead - event.midnight
        incident = [analysed(p, p.at + shift, i) for p in event.posts if p.on_topic]
        on_topic_ids.update(a.key for a in incident)
        burst = burst_time([a.created_at for a in incident], posts, minutes)
        result = Result(event.name, None if burst is None else burst - shift, None)
        if burst is not None:
            stream = Stream(background + incident, args.baseline_days, settings)
            first = incident[0].created_at.replace(second=0, microsecond=0)
            for now, topics in stream.replay(first, burst + timedelta(hours=args.give_up), step, window):
                hit = next((t for t in topics if t.emerging and mostly_on_topic(t.mentions, on_topic_ids)), None)
                if hit is not None:
                    result = Result(event.name, burst - shift, now - shift, hit.label)
                    break
        results.append(result)
        print(result_row(result), flush=True)

    stream = Stream(background, args.baseline_days, settings)
    start, end = ORIGIN + lead, stream.times[-1]
    last_flag: dict[str, datetime] = {}
    false_alarms: list[tuple[datetime, Topic]] = []
    for now, topics in stream.replay(start, end, step, window):
        for t in topics:
            if t.emerging:
                if t.id not in last_flag or now - last_flag[t.id] > timedelta(hours=24):
                    false_alarms.append((now, t))
                last_flag[t.id] = now
    days = (end - start) / timedelta(days=1)
    print(f"\nbackground: {days:.1f} days replayed, {len(false_alarms)} false emerging topics")
    for now, t in false_alarms:
        print(f"  day {(now - ORIGIN).days} {now:%H:%M}  {t.label}  (recent {t.recent}, expected {t.expected})")

    delays = [r.delay for r in results if r.delay is not None]
    median = statistics.median(delays) if delays else float("nan")
    per_day = len(false_alarms) / days
    print(f"detected={len(delays)}/{len(results)} median_delay_min={median:.1f} false_per_day={per_day:.2f}")
    return 0


def mostly_on_topic(keys: Sequence[tuple[str, str]], on_topic: set[tuple[str, str]]) -> bool:
    """Whether most of a flagged topic's (or alert's) mentions are the event's own posts."""
    return sum(key in on_topic for key in keys) * 2 > len(keys)


def result_row(r: Result, label_width: int | None = None) -> str:
    burst = "-" if r.burst is None else f"{r.burst:%Y-%m-%d %H:%M}"
    detected = "-" if r.detected is None else f"{r.detected:%Y-%m-%d %H:%M}"
    delay = "-" if r.delay is None else f"{r.delay:.0f}"
    return f"{r.name:32} {burst:17} {detected:17} {delay:>9}  {r.label[:label_width]}"


if __name__ == "__main__":
    sys.exit(main())
