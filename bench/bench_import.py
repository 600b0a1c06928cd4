"""Benchmark: JSON Lines import into the store (target: 20,000 mentions/s, flat memory).

Generates N X API v2 post objects into a temporary JSONL file (streamed, never all in memory),
imports it with `import_file` into a fresh temporary store and prints the rate, the time, the CPU
time per mention and the peak RSS. Run two sizes (`--n 200000` and the default 1,000,000): when
the import streams, the peak RSS is the same for both.

    python -m bench.bench_import [--n 1000000] [--batch 5000] [--keep DIR]

The machine is shared: the load average is printed with the figures, and CPU µs per mention is
steadier than the wall-clock rate when something else is running.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from commsdesk.store import Store
from ingest.importer import import_file

START = datetime(2026, 11, 1, tzinfo=UTC)
WORDS = [
    *("police", "road", "closed", "collision", "Quayside", "Byker", "thanks", "officers", "appeal"),
    *("witnesses", "missing", "person", "traffic", "delays", "fire", "crews", "scene", "update"),
    *("safe", "stay", "away", "station", "arrest", "parking", "town", "centre"),
]
FIRST_ID = 1_850_000_000_000_000_000


def posts(n: int) -> Iterator[dict[str, Any]]:
    """N plausible X posts: varied text, replies, metrics, and an author expansion on a third."""
    for i in range(n):
        ident = str(FIRST_ID + i)
        words = " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(12 + i % 9))
        post: dict[str, Any] = {
            "id": ident,
            "text": f"@NorthshirePolice {words} #{i % 997}",
            "created_at": (START + timedelta(seconds=i * 2.5)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "author_id": str(100_000 + i % 20_000),
            "lang": "en",
            "conversation_id": ident if i % 4 else str(FIRST_ID + i - i % 50),
            "edit_history_tweet_ids": [ident],
            "public_metrics": {
                "retweet_count": i % 7,
                "reply_count": i % 3,
                "like_count": i % 31,
                "quote_count": i % 2,
            },
        }
        if i % 4 == 0:
            post["referenced_tweets"] = [{"type": "replied_to", "id": post["conversation_id"]}]
        if i % 3 == 0:
            handle = f"resident{i % 20_000}"
            post["author"] = {"id": post["author_id"], "username": handle, "name": handle.title()}
        yield post


def write_jsonl(path: Path, n: int) -> int:
    """Write N posts, one per line, as they are made; returns the file's size in bytes."""
    with path.open("w", encoding="utf-8") as out:
        for post in posts(n):
            out.write(json.dumps(post) + "\n")
    return path.stat().st_size


def peak_rss_mib() -> float:
    """The process's peak resident set so far, in MiB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="posts to generate")
    parser.add_argument("--batch", type=int, default=5000, help="mentions per transaction")
    parser.add_argument("--keep", type=Path, default=None, help="work in DIR and keep the files")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-import-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        source, database = work / "posts.jsonl", work / "store.sqlite"
        for stale in (database, work / "store.sqlite-wal", work / "store.sqlite-shm"):
            stale.unlink(missing_ok=True)

        began = time.perf_counter()
        size = write_jsonl(source, args.n)
        print(
            f"generated {args.n:,} posts ({size / 2**20:,.0f} MiB) in"
            f" {time.perf_counter() - began:.1f}s; peak RSS so far {peak_rss_mib():,.1f} MiB"
        )

        before_rss, before_cpu, load = peak_rss_mib(), cpu_seconds(), os.getloadavg()[0]
        with Store(database) as store:
            report = import_file(store, source, batch=args.batch)
            stored = store.count_mentions()
        cpu = cpu_seconds() - before_cpu

        print(
            f"imported {report.read:,} lines: new {report.new:,}, duplicates"
            f" {report.duplicates:,}, bad {report.bad_count:,}; {stored:,} in the store"
        )
        print(
            f"elapsed {report.seconds:.2f}s  rate {report.rate:,.0f} mentions/s"
            f"  cpu {cpu / max(report.read, 1) * 1e6:.1f} µs/mention"
        )
        print(
            f"peak RSS {peak_rss_mib():,.1f} MiB (the process's peak, ru_maxrss;"
            f" {before_rss:,.1f} MiB before the import)"
        )
        after = os.getloadavg()[0]
        print(f"load average before/after: {load:.2f} / {after:.2f} on {os.cpu_count()} CPUs")
    return 0 if stored == args.n and report.bad_count == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
