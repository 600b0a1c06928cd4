"""`make demo`: the bundled day in Northshire, played through the sandbox and the real clients.

The sandbox clock is stepped through the scenario's day five minutes at a time; each collector
runs when its interval is due, exactly as the service would, while faults are injected on a
timetable. At the end a table per platform shows what was fetched, stored, skipped and survived.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from commsdesk.records import CollectorRun
from commsdesk.status import status_table
from commsdesk.store import Store
from config.settings import Settings, example_path, load
from config.settings import Store as StoreSettings
from ingest.base import RetryPolicy, run_collector
from ingest.service import build_collectors
from sandbox.scenarios import NORTHSHIRE_DAY
from sandbox.server import Sandbox

STEP = timedelta(minutes=5)

#: (hour:minute UTC, platform, fault kind, options): one of each kind the collectors must survive.
FAULTS: list[tuple[str, str, str, dict[str, object]]] = [
    ("03:00", "x", "server_error", {"count": 2}),
    ("05:00", "x", "rate_limit", {"reset_in": 1}),
    ("06:00", "x", "rate_limit_no_reset", {}),
    ("07:00", "facebook", "rate_limit", {}),
    ("08:00", "youtube", "drop", {}),
    ("09:00", "x", "malformed_json", {}),
    ("10:00", "facebook", "malformed_item", {}),
    ("11:00", "youtube", "malformed_item", {}),
    ("12:00", "x", "slow", {"delay": 0.5}),
    ("13:00", "facebook", "server_error", {}),
    ("15:30", "x", "drop", {}),
    ("16:00", "facebook", "expired_token", {}),
    ("18:00", "x", "expired_token", {}),
    ("21:00", "youtube", "quota_exceeded", {}),
]


#: The platforms' allowances with their windows shrunk as the day is (a day plays in about a minute).
DEMO_LIMITS = {
    "x.search": (450, 2),
    "x.mentions": (450, 2),
    "x.user_lookup": (300, 2),
    "facebook": (4800, 10),
}


@dataclass
class Tally:
    fetched: int = 0
    new: int = 0
    skipped: int = 0
    quarantined: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)

    def add(self, run: CollectorRun) -> None:
        self.fetched += run.fetched
        self.new += run.new
        self.skipped += run.skipped
        self.quarantined += run.quarantined
        self.faults.update(run.faults)
        self.statuses[run.status] += 1


def demo_settings(url: str, store_path: Path) -> Settings:
    settings = load(example_path(), environ={}).with_sandbox(url)
    return replace(settings, store=StoreSettings(path=str(store_path)))


def run_demo(*, store_path: Path, pause: float = 0.0, console: Console) -> int:
    for suffix in ("", "-wal", "-shm", ".jobs.sqlite"):
        Path(str(store_path) + suffix).unlink(missing_ok=True)
    started = time.monotonic()
    with Sandbox(NORTHSHIRE_DAY, speed=0.0, limits=DEMO_LIMITS) as sandbox:
        scenario = sandbox.scenario.meta
        settings = demo_settings(sandbox.url, store_path)
        collectors = build_collectors(settings)
        policy = RetryPolicy(max_retries=4, base_delay=0.05, max_delay=1.0, max_wait=5.0)
        faults = sorted(
            (_at(scenario.start, when), platform, kind, options) for when, platform, kind, options in FAULTS
        )
        tallies = {source: Tally() for source in collectors}
        last_run: dict[str, datetime] = {}
        console.print(
            f"[bold]commsdesk demo[/bold]: {scenario.name}, {scenario.start:%A %d %B %Y}, "
            f"sandbox at {sandbox.url}, store {store_path}"
        )
        steps = int((scenario.end - scenario.start) / STEP)
        with (
            Store(store_path, clock=sandbox.clock.now) as store,
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                transient=True,
                console=console,
            ) as progress,
        ):
            task = progress.add_task("playing the day", total=steps + 1)
            for step in range(steps + 1):
                now = scenario.start + step * STEP
                sandbox.clock.set(now)
                while faults and faults[0][0] <= now:
                    _, platform, kind, options = faults.pop(0)
                    sandbox.inject(platform, kind, **options)
                for source, (collector, interval) in collectors.items():
                    if source in last_run and (now - last_run[source]).total_seconds() < interval:
                        continue
                    last_run[source] = now
                    tallies[source].add(run_collector(collector, store, policy=policy, clock=sandbox.clock.now))
                progress.update(task, advance=1, description=f"playing the day: {now:%H:%M} UTC")
                if pause:
                    time.sleep(pause)
            # After the day: once the YouTube quota has reset, catch up on what it missed.
            sandbox.clock.set(scenario.end + timedelta(hours=9))
            for source, (collector, _) in collectors.items():
                tallies[source].add(run_collector(collector, store, policy=policy, clock=sandbox.clock.now))
            stored = store.counts_by_platform()
            quarantined = len(store.quarantined())
            health = status_table(store, list(collectors), settings.force.timezone, now=sandbox.clock.now())
        console.print(_summary(tallies, stored))
        console.print(
            f"{quarantined} malformed item(s) quarantined with their reasons; "
            f"played {steps} five-minute steps in {time.monotonic() - started:.1f}s."
        )
        console.print(health)
    return 0


def _at(day_start: datetime, hhmm: str) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return day_start + timedelta(hours=hours, minutes=minutes)


def _summary(tallies: dict[str, Tally], stored: dict[str, int]) -> Table:
    table = Table(title="collection over the day, per platform", caption=_faults_caption(tallies))
    for column in ("platform", "fetched", "new", "duplicates", "quarantined", "stored", "faults", "runs ok"):
        table.add_column(column, justify="left" if column == "platform" else "right")
    for source, tally in tallies.items():
        runs = sum(tally.statuses.values())
        table.add_row(
            source,
            f"{tally.fetched:,}",
            f"{tally.new:,}",
            f"{tally.skipped:,}",
            str(tally.quarantined),
            f"{stored.get(source, 0):,}",
            str(sum(tally.faults.values())),
            f"{tally.statuses['ok']}/{runs}",
        )
    return table


def _faults_caption(tallies: dict[str, Tally]) -> str:
    """One line per platform naming each fault survived, so nothing hides in a number."""
    lines = []
    for source, tally in tallies.items():
        kinds = ", ".join(f"{kind} ×{n}" for kind, n in sorted(tally.faults.items())) or "none"
        others = {status: n for status, n in tally.statuses.items() if status != "ok"}
        ended = ", ".join(f"{status} {n}" for status, n in sorted(others.items()))
        lines.append(f"{source}: faults survived: {kinds}" + (f"; runs {ended}" if ended else ""))
    return "\n".join(lines)
