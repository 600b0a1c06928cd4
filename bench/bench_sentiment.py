"""Benchmark the sentiment model: load time, texts/s for `predict` in batches, peak memory.

    python -m bench.bench_sentiment [--n 20000] [--batch 512]

Texts are distinct SemEval training tweets when ../shared is beside the checkout,
otherwise made-up mention-like texts. One process, no parallelism. Target: >= 3,000 texts/s
(the whole analysis stage must keep >= 1,000 mentions/s on 2 cores), load in a few seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "sentiment" / "train.jsonl"
TARGET = 3000.0


def sample_texts(n: int) -> tuple[list[str], str]:
    if SHARED.exists():
        base = [json.loads(line)["text"] for line in SHARED.open(encoding="utf-8") if line.strip()]
        source = f"{SHARED.name} (distinct tweets, cold caches)" if len(base) >= n else f"{SHARED.name}, repeated"
    else:
        rng = random.Random(0)
        words = ["police", "thanks", "great", "awful", "road", "closed", "tonight", "slow", "response", "love", "hate"]
        base = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 30))) for _ in range(2000)]
        source = "made-up texts"
    return [base[i % len(base)] for i in range(n)], source


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="texts per timed pass")
    parser.add_argument("--batch", type=int, default=512, help="texts per predict call")
    args = parser.parse_args(argv)

    rss_before = peak_rss_mb()
    started = time.perf_counter()
    from analyse.sentiment import SentimentModel
    from analyse.sentiment.model import DEFAULT_PATH

    model = SentimentModel.load()
    load_seconds = time.perf_counter() - started
    rss_loaded = peak_rss_mb()
    texts, source = sample_texts(args.n)
    started = time.perf_counter()
    model.predict(["first call"])  # VADER's lexicon is read on first use
    first_seconds = time.perf_counter() - started

    results = {}
    for batch in (args.batch, 64, 4096, 1):  # the first pass runs with cold per-word caches
        count = min(len(texts), 2000) if batch == 1 else len(texts)
        t0 = time.perf_counter()
        for i in range(0, count, batch):
            model.predict(texts[i : i + batch])
        results[batch] = count / (time.perf_counter() - t0)

    size_mb = DEFAULT_PATH.stat().st_size / 1e6
    print(
        f"sentiment model: {DEFAULT_PATH.name} {size_mb:.1f} MB, load {load_seconds:.2f} s (import + read), "
        f"first predict {first_seconds:.2f} s"
    )
    print(f"texts: {args.n} from {source}")
    for batch, rate in results.items():
        mark = "" if batch == 1 else ("  (target >= 3,000)" if rate < TARGET else "  ok")
        note = " (cold caches)" if batch == args.batch else ""
        print(f"predict, batch {batch:>5}: {rate:>8,.0f} texts/s{mark}{note}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB (before import {rss_before:.0f} MB, after load {rss_loaded:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
