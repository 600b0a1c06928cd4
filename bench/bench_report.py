"""Benchmark the daily report on a day with 50,000 mentions: gather, charts, HTML and PDF.

    python -m bench.bench_report [--mentions 50000] [--repeat 1]

Built first, not timed: an on-disk Store in a temporary folder holding one day of synthetic
mentions on three platforms, with their analyses (terms, places, sentiment, threads), the force's
own posts with metrics, and a day of collector runs with a failure and a gap. Timed: `gather` (the
store reads, hot topics, communities, places, own posts, data health), `report_charts`,
`render_html` and `write_pdf`, then the total. Target: HTML and PDF in under 10 s.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from analyse.records import Analysed
from analyse.report.charts import report_charts
from analyse.report.data import gather
from analyse.report.render import render_html, write_pdf
from analyse.run import count_features
from analyse.topics import feature_keys
from analyse.views import Window
from commsdesk.records import Mention
from commsdesk.store import Store
from config.settings import Settings, example_path, load
from config.settings import Store as StoreSettings

TARGET_SECONDS = 10.0
DAY = Window(datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 11, 21, tzinfo=UTC))
FORCE_ID = "1500000000000000001"
WORDS = [f"word{i}" for i in range(3000)]
BURST = ["warehouse", "fire", "smoke", "elswick"]
SENTIMENTS = ("negative", "neutral", "positive", "")


def synthetic_day(n: int, places: list[str], rng: random.Random) -> tuple[list[Mention], list[Analysed]]:
    """`n` mentions over the day: Zipf-ish words, a burst in the evening, threads of replies, own posts."""
    mentions, records = [], []
    platforms = ("x",) * 6 + ("facebook",) * 3 + ("youtube",)
    kinds = {"x": "conversation", "facebook": "post", "youtube": "video"}
    for i in range(n):
        platform = platforms[i % len(platforms)]
        at = DAY.since + timedelta(seconds=rng.randrange(86_400))
        own = i % 2000 == 0
        burst = at.hour >= 17 and rng.random() < 0.3
        terms = tuple(dict.fromkeys(WORDS[min(int(rng.paretovariate(1.1)) - 1, 2999)] for _ in range(6)))
        if burst:
            terms = (*BURST[: rng.randint(2, 4)], *terms[:3])
        place = rng.choice(places) if rng.random() < 0.4 else ""
        ident = f"{platform}{i}"
        thread = f"{platform}{(i // 25) * 25}"
        author = FORCE_ID if own else str(10_000 + rng.randrange(20_000))
        handle = "NorthshirePolice" if own else f"resident_{author}"
        text = " ".join(terms) + f" @resident_{rng.randrange(20_000)} <b>{i}</b>"
        mentions.append(
            Mention(
                platform=platform,
                id=ident,
                text=text,
                created_at=at,
                author_id=author,
                author_handle=handle,
                author_name="Northshire Police" if own else f"Resident {author}",
                url=f"https://example.org/{ident}",
                lang="en",
                conversation_id=thread,
                metrics={"impression_count": rng.randrange(10_000), "like_count": rng.randrange(200)} if own else {},
            )
        )
        records.append(
            Analysed(
                platform=platform,
                id=ident,
                created_at=at,
                text=text,
                author_id=author,
                author_handle=handle,
                lang="en" if rng.random() < 0.95 else "cy",
                sentiment=rng.choice(SENTIMENTS),
                terms=terms,
                places=(place,) if place else (),
                community=f"{platform}:{kinds[platform]}:{thread}",
                dup_key=text if rng.random() < 0.8 else "copy",
            )
        )
    return mentions, records


def build(path: Path, settings: Settings, n: int) -> None:
    rng = random.Random(20261120)
    mentions, records = synthetic_day(n, [area.name for area in settings.neighbourhoods], rng)
    with Store(path) as store:
        for start in range(0, n, 10_000):
            store.save_mentions(mentions[start : start + 10_000])
            chunk = records[start : start + 10_000]
            store.save_analyses(chunk, features=count_features(chunk, feature_keys), upto=0)
        for source, every in (("x", 300), ("facebook", 300), ("youtube", 600)):
            for k in range(86_400 // every):
                at = DAY.since + timedelta(seconds=k * every)
                if source == "youtube" and at.hour >= 21:
                    continue  # a gap: the quota ran out
                run = store.start_run(source)
                status = "degraded" if (source == "x" and k == 200) else "ok"
                store.finish_run(
                    replace(run, started_at=at, finished_at=at + timedelta(seconds=5), status=status, fetched=10)
                )
                store.db.execute("UPDATE collector_runs SET started_at = ? WHERE id = ?", [_iso(at), run.id])


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        settings = load(example_path(), environ={})
        settings = replace(settings, store=StoreSettings(path=str(path)))
        started = time.perf_counter()
        build(path, settings, args.mentions)
        print(f"built a day of {args.mentions:,} mentions in {time.perf_counter() - started:.1f} s (not timed)")
        now = DAY.until + timedelta(hours=7)
        for attempt in range(args.repeat):
            times: dict[str, float] = {}
            clock = time.perf_counter()
            with Store(path) as store:
                data = gather(store, settings, DAY, now=now)
            times["gather"] = time.perf_counter() - clock
            mark = time.perf_counter()
            charts = report_charts(data)
            times["charts"] = time.perf_counter() - mark
            mark = time.perf_counter()
            html = render_html(data, charts)
            times["html"] = time.perf_counter() - mark
            mark = time.perf_counter()
            pdf = write_pdf(html, Path(folder) / "report.pdf")
            times["pdf"] = time.perf_counter() - mark
            total = time.perf_counter() - clock
            parts = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in times.items())
            verdict = "within" if total < TARGET_SECONDS else "OVER"
            print(
                f"run {attempt + 1}: {data.mentions:,} mentions, {data.topics_total} topics -> HTML "
                f"{len(html) / 1024:,.0f} KiB, PDF {pdf.stat().st_size / 1024:,.0f} KiB; {parts}; "
                f"total {total:.2f} s ({verdict} the {TARGET_SECONDS:.0f} s target)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
