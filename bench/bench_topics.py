"""Benchmark hot topics over a 30-day store: one 24-hour window of mentions plus 29 days of hourly counts.

    python -m bench.bench_topics [--per-day 33333] [--days 30]

Synthetic, made in-process (not timed): ``--per-day`` mentions a day (1,000,000 over 30 days by
default) with Zipf-distributed words, hashtags, places, retweets, and a burst in the last hour. The
29 earlier days exist only as the store keeps them: rows of ``feature_hours(key, hour, mentions)`` in
an in-memory SQLite table. Timed, as `commsdesk topics --since 24h` would run it: the baseline query
(summed by hour of day, only the window's keys), `Baseline.from_rows`, and `hot_topics`.
Target: < 5 s in total on this 2-core machine.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import time
from datetime import UTC, datetime, timedelta

import numpy as np

from analyse.records import Analysed
from analyse.topics import Baseline, feature_keys, hot_topics

TARGET_SECONDS = 5.0
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
VOCABULARY = 100_000
PLACES = ["Byker", "Heaton", "Jesmond", "Gosforth", "Walker", "Fenham", "Benwell", "Elswick", "Wallsend", "Quayside"]
BASELINE_SQL = """
SELECT h.key, CAST(substr(h.hour, 12, 2) AS INTEGER), SUM(h.mentions)
FROM feature_hours h JOIN temp.window_keys w ON w.key = h.key
WHERE h.hour >= ? AND h.hour < ?
GROUP BY 1, 2
"""


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def words(rng: np.random.Generator, n: int) -> np.ndarray:
    """Word ids with a Zipf-like spread (a few very common, a long tail)."""
    return np.minimum(rng.zipf(1.15, n), VOCABULARY) - 1


def key_of(word: int) -> str:
    return f"#tag{word}" if word % 17 == 0 else f"word{word}"


def window_mentions(rng: np.random.Generator, n: int) -> list[Analysed]:
    """A day of mentions: 6 words each, a third of them copies (retweets), a burst in the last hour."""
    out: list[Analysed] = []
    drawn = words(rng, n * 6).reshape(n, 6)
    seconds = np.sort(rng.uniform(0, 86400, n))
    for i in range(n):
        at = NOW - timedelta(seconds=86400 - float(seconds[i]))
        if out and rng.random() < 0.33:
            source = out[int(rng.integers(max(0, len(out) - 500), len(out)))]
            terms, tags, dup = source.terms, source.hashtags, source.dup_key
        elif i > n - 300 and rng.random() < 0.5:
            terms, tags, dup = ("warehouse", "fire", f"street{i % 40}"), ("nclfire",), f"fire{i}"
        else:
            keys = [key_of(int(w)) for w in drawn[i]]
            terms = tuple(dict.fromkeys(k for k in keys if not k.startswith("#")))
            tags = tuple(dict.fromkeys(k[1:] for k in keys if k.startswith("#")))
            dup = f"d{i}"
        out.append(
            Analysed(
                platform="x",
                id=str(i),
                created_at=at,
                text=" ".join(terms),
                url=f"https://x.com/i/status/{i}",
                author_id=f"u{int(rng.integers(0, 20000))}",
                sentiment=("negative", "neutral", "positive")[i % 3],
                terms=terms,
                hashtags=tags,
                places=(PLACES[i // 5 % len(PLACES)],) if i % 5 == 0 else (),
                community=f"x:conversation:{int(rng.integers(0, 3000))}",
                dup_key=dup,
            )
        )
    return out


def store(rng: np.random.Generator, days: int, per_day: int) -> sqlite3.Connection:
    """The store's hourly counts for the days before the window, as `feature_keys` would count them."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE feature_hours (key TEXT, hour TEXT, mentions INTEGER, PRIMARY KEY (key, hour))")
    per_hour = per_day // 24
    for h in range(days * 24):
        hour = (NOW.replace(minute=0) - timedelta(days=days + 1, hours=-h)).strftime("%Y-%m-%dT%H:00:00")
        ids, counts = np.unique(words(rng, per_hour * 6), return_counts=True)
        rows = [(key_of(int(w)), hour, int(c)) for w, c in zip(ids, counts, strict=True)]
        rows += [("*", hour, per_hour)] + [(f"place:{p}", hour, per_hour // 50) for p in PLACES]
        db.executemany("INSERT INTO feature_hours VALUES (?, ?, ?)", rows)
    db.execute("CREATE INDEX feature_hours_hour ON feature_hours (hour)")
    return db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-day", type=int, default=33_333)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)

    made = time.perf_counter()
    mentions = window_mentions(rng, args.per_day)
    db = store(rng, args.days - 1, args.per_day)
    n_rows = db.execute("SELECT COUNT(*) FROM feature_hours").fetchone()[0]
    print(
        f"synthetic store: {args.per_day * args.days:,} mentions over {args.days} days = {len(mentions):,} in the "
        f"24 h window + {n_rows:,} hourly rows for {args.days - 1} days (built in {time.perf_counter() - made:.1f} s)"
    )

    started = time.perf_counter()
    keys = {key for a in mentions for key in feature_keys(a)}
    db.execute("CREATE TEMP TABLE window_keys (key TEXT PRIMARY KEY)")
    db.executemany("INSERT INTO window_keys VALUES (?)", ((k,) for k in keys))
    first = (NOW - timedelta(days=args.days)).strftime("%Y-%m-%dT%H:00:00")
    last = (NOW - timedelta(days=1)).strftime("%Y-%m-%dT%H:00:00")
    rows = db.execute(BASELINE_SQL, (first, last)).fetchall()
    queried = time.perf_counter()
    baseline = Baseline.from_rows(rows, days=args.days - 1)
    built = time.perf_counter()
    topics = hot_topics(mentions, now=NOW, window=timedelta(hours=24), baseline=baseline)
    done = time.perf_counter()
    total = done - started

    print(f"baseline query ({len(rows):,} rows, {len(keys):,} window keys): {queried - started:.2f} s")
    print(f"Baseline.from_rows: {built - queried:.2f} s")
    print(f"hot_topics over {len(mentions):,} mentions: {done - built:.2f} s -> {len(topics)} topics")
    emerging = [t.label for t in topics if t.emerging]
    print(f"emerging: {emerging}")
    print(f"total {total:.2f} s (target < {TARGET_SECONDS:.0f} s): {'ok' if total < TARGET_SECONDS else 'SLOW'}")
    print(f"peak memory {peak_rss_mb():.0f} MB (includes the synthetic data)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
