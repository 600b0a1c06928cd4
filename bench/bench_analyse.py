"""Benchmark the analysis pipeline: mentions/s through `Analyser.analyse`, one process and two, peak memory.

    python -m bench.bench_analyse [--batch 1000] [--tweets 5000] [--skip-processes]

Inputs: the Northshire scenario's 4,488 posts as Mentions (what the collectors would store: X
posts with their author expansion and place, Facebook items with `from`, YouTube comments with
their video), and, when ../shared is beside the checkout, distinct SemEval tweets: twice as long and
full of names, the worst case for the entity recogniser. Each row starts from a fresh Analyser
(cold entity cache) sharing the loaded models: the default config, the entity cache off, and the
recogniser on every post with a name cue (`ner_share` 1.0). Two processes: spawned workers that
build their own Analyser from the picklable `AnalyserConfig`, mentions and records pickled both
ways. Then the full stage, as `commsdesk analyse` runs it: each input saved into a fresh on-disk
Store (not timed), and `analyse_pending(store, analyser.analyse, feature_keys)` timed in one process:
reading the mentions back, analysing, saving the analyses and the hourly feature counts.
Target: the whole stage >= 1,000 mentions/s on 2 cores, so `analyse` >= ~700/s on one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from analyse.pipeline import Analyser, AnalyserConfig
from analyse.run import AnalyserPool, analyse_pending
from analyse.topics import feature_keys
from commsdesk.records import Mention, parse_time
from commsdesk.store import Store
from config.settings import example_path, load

SCENARIO = Path(__file__).resolve().parents[1] / "sandbox" / "scenarios" / "northshire_day.jsonl"
TWEETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "sentiment" / "train.jsonl"


def mention_of(post: dict[str, Any]) -> Mention:
    """A scenario post as the collectors would store it (the fields the analysis reads)."""
    author = post["author"]
    platform, kind = post["platform"], post["kind"]
    raw: dict[str, Any]
    if platform == "x":
        raw = {"author": {"id": author["id"], "username": author["handle"], "name": author["name"]}}
        raw["author"]["verified"] = author["verified"]
        if post.get("place"):
            raw["place"] = {"full_name": post["place"], "name": post["place"]}
    elif platform == "facebook":
        raw = {"from": {"id": author["id"], "name": author["name"]}}
    else:
        raw = {"snippet": {"videoId": post["id"] if kind == "video" else post.get("reply_to") or ""}}
    text = "\n\n".join(p for p in (post.get("title"), post["text"]) if p)
    return Mention(
        platform=platform,
        id=post["id"],
        text=text,
        created_at=parse_time(post["time"]),
        author_id=author["id"],
        author_handle=author["handle"] if platform != "facebook" else "",
        author_name=author["name"],
        url=f"https://example.invalid/{platform}/{post['id']}",
        lang=post.get("lang", "") if platform == "x" else "",
        in_reply_to=post.get("reply_to") or "",
        conversation_id=post.get("reply_to") or post["id"],
        raw=raw,
    )


def scenario_mentions(path: Path = SCENARIO) -> list[Mention]:
    with path.open(encoding="utf-8") as lines:
        posts = [json.loads(line) for line in lines if line.strip()]
    return [mention_of(post) for post in posts if "platform" in post]


def tweet_mentions(n: int) -> list[Mention]:
    """Distinct English tweets as X mentions without a language (so it is detected), ids in file order."""
    start = datetime(2026, 11, 20, tzinfo=UTC)
    out = []
    with TWEETS.open(encoding="utf-8") as lines:
        for i, line in enumerate(lines):
            if i >= n:
                break
            text = json.loads(line)["text"]
            out.append(Mention("x", str(10**15 + i), text, start + timedelta(seconds=i)))
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rate(analyser: Analyser, mentions: Sequence[Mention], batch: int) -> tuple[float, float]:
    """(mentions/s wall clock, CPU µs per mention): the machine is shared, CPU time is steadier."""
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(mentions), batch):
        analyser.analyse(mentions[i : i + batch])
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return len(mentions) / wall, cpu / len(mentions) * 1e6


def rate_processes(config: AnalyserConfig, mentions: Sequence[Mention], batch: int, processes: int) -> float:
    """Mentions/s through `AnalyserPool` (what `commsdesk analyse --workers N` uses): mentions and records
    pickled both ways. Timed once every worker has loaded its models."""
    with AnalyserPool(config, processes) as pool:
        pool.analyse(mentions[: processes * 2])  # wait until every worker has loaded
        started = time.perf_counter()
        for i in range(0, len(mentions), batch):
            pool.analyse(mentions[i : i + batch])
        return len(mentions) / (time.perf_counter() - started)


def full_stage(analyser: Analyser, name: str, mentions: Sequence[Mention], batch: int, workers: int = 1) -> None:
    """Time what `commsdesk analyse` does: read from the store, analyse, save analyses and feature counts.

    The mentions are saved into a fresh on-disk Store first (not timed); the Analyser is fresh (cold
    entity cache) and shares the loaded models, as in the rows above. One process.
    """
    with tempfile.TemporaryDirectory(prefix="bench_analyse_") as folder, Store(Path(folder) / "c.sqlite") as store:
        store.save_mentions(mentions)
        if workers == 1:
            fresh = Analyser(analyser.config, nlp=analyser.nlp, sentiment=analyser.sentiment)
            started, cpu = time.perf_counter(), time.process_time()
            run = analyse_pending(store, fresh.analyse, feature_keys, batch_size=batch)
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        else:
            with AnalyserPool(analyser.config, workers) as pool:
                pool.analyse(mentions[: workers * 2])  # loaded before the clock starts
                started, cpu = time.perf_counter(), time.process_time()
                run = analyse_pending(store, pool.analyse, feature_keys, batch_size=batch)
                wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert store.analysis_backlog() == 0 and len(store.analysed()) == len(mentions)
        if workers > 1:
            print(
                f"full stage (analyse_pending into the store), {name}, {workers} processes: "
                f"{run.analysed / wall:,.0f} mentions/s ({run.analysed:,} in {wall:.2f} s wall)"
            )
            return
    print(
        f"full stage (analyse_pending into the store), {name}, 1 process: {run.analysed / wall:,.0f} mentions/s "
        f"({run.analysed:,} in {wall:.2f} s wall; {cpu / run.analysed * 1e6:,.0f} CPU µs each, so "
        f"{run.analysed / cpu:,.0f}/s on a core of its own; {run.modelled:,} given a sentiment)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--batch", type=int, default=1000, help="mentions per analyse() call")
    parser.add_argument("--tweets", type=int, default=5000, help="distinct SemEval tweets to time (0: none)")
    parser.add_argument("--skip-processes", action="store_true", help="leave out the two-process figures")
    args = parser.parse_args(argv)

    settings = load(example_path(), environ={})
    rss_before = peak_rss_mb()
    started = time.perf_counter()
    analyser = Analyser.from_settings(settings)
    analyser.analyse(scenario_mentions()[:1])  # first call: lazy parts of spaCy and VADER
    build = time.perf_counter() - started
    rss_built = peak_rss_mb()
    print(f"build: {build:.2f} s (spaCy entity recogniser + sentiment model), RSS {rss_built - rss_before:+.0f} MB")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (the machine is shared: see CPU µs)")

    inputs = {"scenario": scenario_mentions()}
    if args.tweets and TWEETS.exists():
        tweets = tweet_mentions(2 * args.tweets)
        inputs[f"{args.tweets} SemEval tweets"] = tweets[: args.tweets]
        # Per-word caches (sentiment n-grams, terms) warm up on other tweets, as in a long-running process.
        rate(Analyser(analyser.config, nlp=analyser.nlp, sentiment=analyser.sentiment), tweets[args.tweets :], 1000)
    base = _fields(analyser.config)
    variants = {
        "default": analyser.config,
        "no cache": AnalyserConfig(**{**base, "ner_cache_size": 0}),
        "ner_share 1.0": AnalyserConfig(**{**base, "ner_share": 1.0}),
    }
    print(f"{'input':<22} {'words':>5} {'procs':>5} {'variant':<14} {'mentions/s':>10} {'CPU µs each':>11}  recogniser")
    for name, mentions in inputs.items():
        words = sum(len(m.text.split()) for m in mentions) / len(mentions)
        for variant, config in variants.items():
            fresh = Analyser(config, nlp=analyser.nlp, sentiment=analyser.sentiment)
            wall, cpu = rate(fresh, mentions, args.batch)
            st = fresh.stats
            read = f"read {st.ner_run / len(mentions):.0%}, copies {st.ner_cached}, over budget {st.ner_over_budget}"
            row = f"{name:<22} {words:>5.0f} {1:>5} {variant:<14} {wall:>10,.0f} {cpu:>11,.0f}"
            print(f"{row}  {read}, failed {st.failed}")
        if not args.skip_processes:
            for variant in ("default", "ner_share 1.0"):
                wall = rate_processes(variants[variant], mentions, args.batch // 2, 2)
                print(f"{name:<22} {words:>5.0f} {2:>5} {variant:<14} {wall:>10,.0f} {'':>11}  (spawned workers)")
    for name, mentions in inputs.items():
        full_stage(analyser, name, mentions, args.batch)
        if not args.skip_processes:
            full_stage(analyser, name, mentions, args.batch, workers=2)
    print(f"peak RSS: {peak_rss_mb():.0f} MB in this process (each worker process holds about as much)")
    return 0


def _fields(config: AnalyserConfig) -> dict[str, Any]:
    return {name: getattr(config, name) for name in config.__dataclass_fields__}


if __name__ == "__main__":
    raise SystemExit(main())
