"""`make bench`: run every benchmark and print its figures (never a pass/fail test).

`python -m bench web alerts` runs those whose names hold a word given; options after the names go to each
chosen benchmark (`python -m bench web --quick`).
"""

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
    "bench.bench_web",
]


def main(argv: list[str]) -> int:
    first_option = next((i for i, arg in enumerate(argv) if arg.startswith("-")), len(argv))
    names, options = argv[:first_option], argv[first_option:]
    chosen = [name for name in BENCHMARKS if not names or any(arg in name for arg in names)]
    for name in chosen:
        print(f"\n== {name} ==", flush=True)
        importlib.import_module(name).main(options)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
