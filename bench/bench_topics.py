"""Benchmark `commsdesk topics --since 24h` on a real 30-day store: 1,000,000 mentions and their analyses on disk.

    python -m bench.bench_topics [--per-day 33333] [--days 30] [--store PATH] [--repeat 2]

Built first, not timed, in a separate process (so the figures below carry none of its memory): an
on-disk Store in a temporary folder (or at ``--store``, kept and reused when it already holds the
same data) with ``--per-day`` synthetic mentions a day for ``--days`` days, saved as the collectors
would (`Store.save_mentions`, batches of 10,000) with their analyses saved as `analyse_pending` would
(`Store.save_analyses` with `count_features(records, feature_keys)`). The records have Zipf-spread
words, hashtags, places, retweets (shared dup_key), and a burst ("warehouse fire", #nclfire) in the
last quarter-hour.

Timed, in a freshly opened Store: the production call `analyse.views.topics_in(store, Window(now - 24h,
now))` end to end (what `commsdesk topics --since 24h` runs before printing), then its parts:
`store.analysed` for the window, `baseline_for`, `hot_topics`. Wall and CPU seconds (the machine is
shared), peak RSS of this process, the store's size on disk, and whether the burst is emerging.
Target: < 5 s end to end on this 2-core machine.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from analyse.records import Analysed
from analyse.run import count_features
from analyse.topics import feature_keys, hot_topics
from analyse.views import Window, baseline_for, topics_in
from commsdesk.records import Mention
from commsdesk.store import Store

TARGET_SECONDS = 5.0
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
VOCABULARY = 100_000
BATCH = 10_000
BURST_KEYS = {"warehouse", "fire", "#nclfire"}
PLACES = ["Byker", "Heaton", "Jesmond", "Gosforth", "Walker", "Fenham", "Benwell", "Elswick", "Wallsend", "Quayside"]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def words(rng: np.random.Generator, n: int) -> np.ndarray:
    """Word ids with a Zipf-like spread (a few very common, a long tail)."""
    return np.minimum(rng.zipf(1.15, n), VOCABULARY) - 1


def key_of(word: int) -> str:
    return f"#tag{word}" if word % 17 == 0 else f"word{word}"


def day_mentions(rng: np.random.Generator, n: int, *, end: datetime, first_id: int, burst: bool) -> list[Analysed]:
    """A day of mentions up to `end`: 6 words each, a third of them copies (retweets), a burst at the end if asked."""
    out: list[Analysed] = []
    drawn = words(rng, n * 6).reshape(n, 6)
    seconds = np.sort(rng.uniform(0, 86400, n))
    for i in range(n):
        ident = first_id + i
        at = end - timedelta(seconds=86400 - float(seconds[i]))
        if out and rng.random() < 0.33:
            source = out[int(rng.integers(max(0, len(out) - 500), len(out)))]
            terms, tags, dup = source.terms, source.hashtags, source.dup_key
        elif burst and i > n - 300 and rng.random() < 0.5:
            terms, tags, dup = ("warehouse", "fire", f"street{i % 40}"), ("nclfire",), f"fire{ident}"
        else:
            keys = [key_of(int(w)) for w in drawn[i]]
            terms = tuple(dict.fromkeys(k for k in keys if not k.startswith("#")))
            tags = tuple(dict.fromkeys(k[1:] for k in keys if k.startswith("#")))
            dup = f"d{ident}"
        out.append(
            Analysed(
                platform="x",
                id=str(ident),
                created_at=at,
                text=" ".join([*terms, *(f"#{t}" for t in tags)]),
                url=f"https://x.com/i/status/{ident}",
                author_id=f"u{int(rng.integers(0, 20000))}",
                lang="en",
                sentiment=("negative", "neutral", "positive")[i % 3],
                confidence=0.7,
                sentiment_by="model",
                terms=terms,
                hashtags=tags,
                places=(PLACES[i // 5 % len(PLACES)],) if i % 5 == 0 else (),
                community=f"x:conversation:{int(rng.integers(0, 3000))}",
                dup_key=dup,
            )
        )
    return out


def mention_of(a: Analysed) -> Mention:
    """The stored mention an analysed record came from (what `store.analysed` joins back)."""
    return Mention(
        platform=a.platform,
        id=a.id,
        text=a.text,
        created_at=a.created_at,
        author_id=a.author_id,
        author_handle=a.author_id,
        author_name=a.author_id,
        url=a.url,
        lang="en",
        conversation_id=a.community.rsplit(":", 1)[-1],
        source="bench",
    )


def batches(days: int, per_day: int) -> Iterator[list[Analysed]]:
    """Every synthetic record, oldest day first, in batches of at most BATCH; the last day ends in the burst."""
    rng = np.random.default_rng(0)
    for day in range(days):
        end = NOW - timedelta(days=days - 1 - day)
        records = day_mentions(rng, per_day, end=end, first_id=day * per_day, burst=day == days - 1)
        for start in range(0, len(records), BATCH):
            yield records[start : start + BATCH]


def build(path: Path, days: int, per_day: int) -> None:
    """Fill a store at `path` as collection and analysis would: mentions saved, then their analyses and counts."""
    started = time.perf_counter()
    saved = 0
    with Store(path, clock=lambda: NOW) as store:
        for records in batches(days, per_day):
            saved += store.save_mentions(mention_of(a) for a in records).new  # rowids 1..saved, in order
            store.save_analyses(records, features=count_features(records, feature_keys), upto=saved)
            if saved % (10 * BATCH) < len(records):
                elapsed = time.perf_counter() - started
                print(f"  built {saved:>9,} of {days * per_day:,} ({saved / elapsed:,.0f}/s)", flush=True)
    print(f"built in {time.perf_counter() - started:.0f} s, peak RSS of the builder {peak_rss_mb():.0f} MB", flush=True)


def store_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def timed(label: str, since: tuple[float, float]) -> tuple[float, float]:
    """Print wall and CPU seconds since `since`; return a fresh start."""
    wall, cpu = time.perf_counter() - since[0], time.process_time() - since[1]
    print(f"{label:<52} {wall:6.2f} s wall {cpu:6.2f} s CPU")
    return time.perf_counter(), time.process_time()


def clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--per-day", type=int, default=33_333)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--store", type=Path, help="build the store here and keep it (reused when already built)")
    parser.add_argument("--repeat", type=int, default=2, help="end-to-end runs, each in a freshly opened store")
    args = parser.parse_args(argv)
    total = args.per_day * args.days

    folder = None if args.store else Path(tempfile.mkdtemp(prefix="bench_topics_"))
    path: Path = args.store or Path(str(folder)) / "commsdesk.sqlite"
    try:
        with Store(path) as existing:
            built = existing.count_mentions() == total and existing.analysis_backlog() == 0
        if built:
            print(f"reusing the store at {path}")
        else:
            print(f"building {total:,} mentions over {args.days} days into {path} (not timed) ...", flush=True)
            # spawned, so this process's peak RSS is the query's alone
            builder = multiprocessing.get_context("spawn").Process(target=build, args=(path, args.days, args.per_day))
            builder.start()
            builder.join()
            if builder.exitcode:
                raise SystemExit(f"building the store failed ({builder.exitcode})")
        print(f"store on disk: {store_bytes(path) / 2**20:,.0f} MB for {total:,} mentions and their analyses")
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (shared machine: see CPU seconds)")
        rss_start = peak_rss_mb()

        window = Window(NOW - timedelta(hours=24), NOW)
        for run in range(1, args.repeat + 1):
            start = clock()
            with Store(path) as store:
                topics, records = topics_in(store, window)
            wall, cpu = time.perf_counter() - start[0], time.process_time() - start[1]
            verdict = "ok" if wall < TARGET_SECONDS else "SLOW"
            print(
                f"topics_in, 24 h window, fresh Store (run {run}): {wall:.2f} s wall {cpu:.2f} s CPU "
                f"(target < {TARGET_SECONDS:.0f} s: {verdict}) -> {len(topics)} topics from {len(records):,} mentions"
            )

        print("its parts, in one freshly opened store:")
        with Store(path) as store:
            start = clock()
            records = store.analysed(since=window.since, until=window.until)
            start = timed(f"  store.analysed ({len(records):,} mentions)", start)
            baseline = baseline_for(store, window)
            start = timed(f"  baseline_for ({len(baseline.counts):,} keys over {baseline.days} days)", start)
            topics = hot_topics(records, now=window.until, window=window.length, baseline=baseline)
            timed(f"  hot_topics ({len(topics)} topics)", start)

        emerging = [t for t in topics if t.emerging]
        burst = [t.label for t in emerging if BURST_KEYS & set(t.keys)]
        others = [t.label for t in emerging if not BURST_KEYS & set(t.keys)]
        print(f"burst emerging: {'yes' if burst else 'NO'} {burst}; other emerging topics: {len(others)} {others[:5]}")
        print(f"peak RSS of this process: {peak_rss_mb():.0f} MB ({rss_start:.0f} MB before the first query)")
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
