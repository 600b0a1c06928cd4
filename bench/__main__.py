"""`make bench`: run every benchmark and print its figures (never a pass/fail test)."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = [
    "bench.bench_import",
    "bench.bench_collect",
    "bench.bench_policy",
    "bench.bench_sentiment",
    "bench.bench_topics",
    "bench.bench_analyse",
    "bench.bench_report",
    "bench.bench_alerts",
]


def main(argv: list[str]) -> int:
    chosen = [name for name in BENCHMARKS if not argv or any(arg in name for arg in argv)]
    for name in chosen:
        print(f"\n== {name} ==", flush=True)
        importlib.import_module(name).main([])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
