"""Collection through the real clients from the sandbox: mentions stored per second, per platform.

Target (issue 2): at least 2,000 mentions/s. The sandbox serves a synthetic day of posts; each
collector makes one full first run (all pages) into a fresh store.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from commsdesk.store import Store
from config.settings import Store as StoreSettings
from config.settings import example_path, load
from ingest.base import RetryPolicy, run_collector
from ingest.service import build_collectors
from sandbox.scenarios import NORTHSHIRE_DAY
from sandbox.scenarios.generate import generate_bulk
from sandbox.server import Sandbox

DAY = datetime(2026, 11, 20, tzinfo=UTC)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=60_000, help="posts in the synthetic day")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        scenario = Path(folder) / "bulk.jsonl"
        with NORTHSHIRE_DAY.open(encoding="utf-8") as bundled:
            header = json.loads(bundled.readline())
        with scenario.open("w", encoding="utf-8") as out:
            out.write(json.dumps(header) + "\n")
            for post in generate_bulk(args.n, seed=7, start=DAY):
                out.write(json.dumps(post) + "\n")
        with Sandbox(scenario=scenario, speed=0.0, start=DAY + timedelta(days=1)) as sandbox:
            base = load(example_path(), environ={}).with_sandbox(sandbox.url)
            settings = replace(base, store=StoreSettings(path=str(Path(folder) / "bench.sqlite")))
            policy = RetryPolicy(base_delay=0.01)
            total_new, total_time = 0, 0.0
            print(f"{'platform':<10}{'stored':>10}{'seconds':>10}{'mentions/s':>12}{'requests':>10}")
            with Store(settings.store.path, clock=sandbox.clock.now) as store:
                for source, (collector, _) in build_collectors(settings).items():
                    requests_before = sandbox.stats[source]["requests"]
                    started = time.perf_counter()
                    run = run_collector(collector, store, policy=policy, clock=sandbox.clock.now)
                    elapsed = time.perf_counter() - started
                    total_new += run.new
                    total_time += elapsed
                    calls = sandbox.stats[source]["requests"] - requests_before
                    print(f"{source:<10}{run.new:>10,}{elapsed:>10.2f}{run.new / elapsed:>12,.0f}{calls:>10}")
            print(
                f"{'all':<10}{total_new:>10,}{total_time:>10.2f}{total_new / total_time:>12,.0f}"
                "   (target: at least 2,000 mentions/s)"
            )


def _bundled() -> str:
    return str(Path(__file__).resolve().parents[1] / "sandbox" / "scenarios" / "northshire_day.jsonl")


if __name__ == "__main__":
    main()
