"""Benchmark the policy checks: time per 280-character draft over the labelled corpus.

    python -m bench.bench_policy            # or: python bench/bench_policy.py

Loads the spaCy model once (not timed), then checks every corpus draft cut to 280 characters,
each with a cold entity cache (so repeated texts are not flattered), and prints p50/p95/p99 per
draft, the share of time in the entity model, and the slowest rules. Target: p95 < 20 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from policy_checks.engine import Checker
from policy_checks.evaluate import load_corpus
from policy_checks.nlp import SpacyEntities
from policy_checks.records import Draft

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "policy"
TARGET_P95_MS = 20.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def drafts(corpus: Path) -> list[Draft]:
    out = []
    for directory in (corpus, corpus / "holdout"):
        for example in load_corpus(directory):
            d = example.draft
            out.append(Draft(d.text[:280], platform=d.platform, media=d.media, incident=d.incident))
    return out


class TimedEntities:
    """Wraps the real entity finder to measure the time spent in the model."""

    def __init__(self, inner: SpacyEntities) -> None:
        self.inner = inner
        self.seconds = 0.0
        self.calls = 0

    def load(self) -> object:
        return self.inner.load()

    def __call__(self, text: str):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return self.inner(text)
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes over the corpus")
    args = parser.parse_args(argv)

    inner = SpacyEntities()
    started = time.perf_counter()
    inner.load()
    load_seconds = time.perf_counter() - started
    entities = TimedEntities(inner)
    checker = Checker(entity_finder=entities)
    items = drafts(CORPUS)
    for draft in items[:20]:  # warm up caches and lazy imports (not timed)
        checker.check(draft)
    checker.timings.clear()
    entities.seconds = 0.0
    entities.calls = 0

    times: list[float] = []
    for _ in range(args.rounds):
        for draft in items:
            inner.clear_cache()
            t0 = time.perf_counter()
            checker.check(draft, timed=True)
            times.append((time.perf_counter() - t0) * 1000)

    total = sum(times) / 1000
    p50, p95, p99 = (percentile(times, q) for q in (50, 95, 99))
    print(f"policy checks: {len(items)} drafts x {args.rounds} rounds, model load {load_seconds:.1f} s")
    print(
        f"per draft (<=280 chars): p50 {p50:.2f} ms  p95 {p95:.2f} ms  p99 {p99:.2f} ms  "
        f"mean {statistics.fmean(times):.2f} ms  max {max(times):.2f} ms"
    )
    share = entities.seconds / total if total else 0.0
    print(f"entity model: ran on {entities.calls / args.rounds:.0f} of {len(items)} drafts, {share:.0%} of the time")
    print(
        f"slowest rule by wall time (it pays for the model when it asks first): "
        f"{max(checker.timings, key=checker.timings.__getitem__)}"
    )

    # The rules' own cost: the same drafts again with every entity result already cached.
    inner._cache_size = len(items) + 1
    for draft in items:
        checker.check(draft)
    checker.timings.clear()
    for draft in items:
        checker.check(draft, timed=True)
    slowest = sorted(checker.timings.items(), key=lambda kv: -kv[1])
    print("slowest rules without the model (mean ms per draft):")
    for slug, seconds in slowest[:5]:
        print(f"  {slug:28} {seconds * 1000 / len(items):6.3f} ms")
    verdict = "met" if p95 < TARGET_P95_MS else "MISSED"
    print(f"target p95 < {TARGET_P95_MS:.0f} ms: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
