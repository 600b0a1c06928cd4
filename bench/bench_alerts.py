"""Benchmark alerting: seconds from a post appearing on X to the alert reaching duty staff, and detector cost.

    python -m bench.bench_alerts [--runs 5] [--burst 20] [--rounds 5] [--busy 20000] [--skip-latency] [--skip-cost]

Latency (target <= 60 s, median and worst over runs): per run a fresh store and an in-process
`Sandbox` at real-time speed playing the bundled Northshire day shifted so that its quiet 09:30 is
now (9.5 hours of ordinary posts before it, the burst-free morning), and the real `Service` (its
APScheduler jobs on the wall clock, in a background thread as `run_forever` runs them, but
stoppable) with a critical incident declared beforehand (`store.start_incident`), so the incident
watcher puts X on its 30 s cadence, and delivery by email and Slack to a `LocalMailbox` and a
`WebhookReceiver` on 127.0.0.1 (`demo_settings`). The Analyser is loaded once before the runs and
handed to each service (warm: its ~5 s model load is timed and printed apart). Once the service has
collected and analysed the background, at a random moment within one X interval, a burst of posts
from different people mentioning @NorthshirePolice and the watch-word "shots fired" in Heaton is
added on X, created when they appear (the first at once, the rest over a minute). Measured: wall
time from adding the first post to the first message about an alert holding its posts (not the
spike in all mentions, which takes in anything) reaching each receiver, and where it went (waiting
for the next X poll, the collection, analysis + `check_alerts`; job times from scheduler events).

Detector cost: a store holding a day of analysed mentions (the Northshire day, 4,488; and a busy
synthetic day from `generate_bulk`), then rounds each adding 1,000 new analysed mentions (analysis
not timed) and timing, from the same state, the store read (`analysed` + `baseline_for`), `detect`
(the topics it works out itself, as the service calls it, shown apart), `update`, and the full
`check_alerts` round the service runs (read, detect, group, save, queue messages): wall and CPU ms.
"""

from __future__ import annotations

import argparse
import email.message
import json
import logging
import os
import random
import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from analyse.pipeline import Analyser
from commsdesk.records import Mention
from commsdesk.store import Store
from config.settings import Settings, example_path, load

TARGET = 60.0  # seconds, post on the platform -> alert delivered
MARK = "shots fired"  # a watch-word of the example force: one post makes an alert
BROAD = frozenset({"spike", "negative-surge"})  # alerts on everything said: not news of this story
ALERT = re.compile(r"(?:NEW|REOPENED|GROWING) alert (\d+) \([a-z]+\): [^\"\\]*")
BACKGROUND_AT = timedelta(hours=9, minutes=30)  # the scenario's time of day that becomes "now"
X_EPOCH_MS = 1_288_834_974_657
OPENERS = (
    "Shots fired on {street} in Heaton just now",
    "Just heard shots fired near {street}, Heaton",
    "Think that was shots fired by {street} in Heaton??",
    "Police everywhere on {street} Heaton after shots fired",
    "Neighbours saying shots fired outside {street} in Heaton",
)
STREETS = ("Shields Road", "Heaton Park Road", "Chillingham Road", "Heaton Road", "Cartington Terrace")
CLOSERS = ("@NorthshirePolice are you aware", "stay inside @NorthshirePolice", "@NorthshirePolice what is going on")


# -- latency ----------------------------------------------------------------------------------------


@dataclass
class LatencyRun:
    """One burst: seconds from its first post appearing to each step, None when it never came."""

    warmup: float  # service start -> background collected and analysed
    delay: float  # then waited this long (random) before the burst
    poll: float | None = None  # burst -> the first X collection after it started
    collected: float | None = None  # ... that collection finished
    alerted: float | None = None  # ... the analysis job (analysis + check_alerts) before the first message ended
    arrived: dict[str, float] = field(default_factory=dict)  # receiver -> seconds
    subject: str = ""  # of the first message about the burst
    before: int = 0  # messages delivered before the burst (background alerts)
    dropped: Counter[str] = field(default_factory=Counter)  # job runs skipped at max_instances, after the burst
    dropped_warmup: Counter[str] = field(default_factory=Counter)  # ... before it

    @property
    def first(self) -> float | None:
        return min(self.arrived.values(), default=None)


def x_id(moment: datetime, seq: int) -> str:
    ms = int(moment.timestamp() * 1000)
    return str(((ms - X_EPOCH_MS) << 22) + seq)


def burst_posts(start: datetime, shift: timedelta, n: int, spread: float, run: int) -> list[dict[str, Any]]:
    """`n` X posts from different people, the first at `start`, the rest over `spread` seconds.

    X ids are made from the unshifted scenario time (as the shifted scenario's are), so they sort
    after everything already collected and since_id paging sees them.
    """
    posts = []
    for i in range(n):
        moment = start + timedelta(seconds=spread * i / n)
        opener = OPENERS[i % len(OPENERS)].format(street=STREETS[(i // len(OPENERS)) % len(STREETS)])
        posts.append(
            {
                "platform": "x",
                "id": x_id(moment - shift, 3000 + i),
                "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "kind": "post",
                "author": {
                    "id": str(7_700_000_000 + 100 * run + i),
                    "handle": f"heaton_resident_{run}_{i}",
                    "name": f"Heaton Resident {i}",
                    "verified": False,
                    "type": "person",
                },
                "text": f"{opener}, {CLOSERS[i % len(CLOSERS)]}",
                "reply_to": None,
                "lang": "en",
                "place": "Heaton",
            }
        )
    return posts


def subject_of(message: object) -> str:
    """The subject of a message as a receiver got it: a mail's header, or the first alert line of a webhook body."""
    if isinstance(message, email.message.Message):
        return str(message.get("Subject", ""))
    found = ALERT.search(json.dumps(message, ensure_ascii=False))
    return found[0] if found else ""


def burst_alert(path: Path, ids: set[tuple[str, str]], message: object) -> bool:
    """Whether a message is about the burst's story: an alert holding its posts (perhaps an older one they
    joined), not the broad ones (a spike in all mentions), which take in whatever was said."""
    found = ALERT.search(subject_of(message))
    if found is None:
        return False
    with Store(path) as store:
        alert = store.get_alert(int(found[1]))
    return alert is not None and alert.kind not in BROAD and bool(ids & set(alert.mentions))


def _wait(predicate: Callable[[], bool], seconds: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def _warm(path: Path, sources: Sequence[str]) -> bool:
    """Every collector has finished a run and everything stored is analysed."""
    with Store(path) as store:
        done = all(any(r.finished_at for r in store.runs(source, limit=5)) for source in sources)
        return done and store.analysis_backlog() == 0 and bool(store.analysed(limit=1))


def latency_run(index: int, analyser: Analyser, *, burst: int, spread: float, timeout: float) -> LatencyRun:
    """One fresh sandbox, store and service; one burst; its timings."""
    from apscheduler.events import (
        EVENT_JOB_ERROR,
        EVENT_JOB_EXECUTED,
        EVENT_JOB_MAX_INSTANCES,
        EVENT_JOB_SUBMITTED,
        JobEvent,
        JobSubmissionEvent,
    )

    import ingest.service as service_module
    from commsdesk.demo import demo_settings
    from commsdesk.receivers import LocalMailbox, WebhookReceiver
    from ingest.service import Service
    from sandbox.scenario import load_scenario
    from sandbox.scenarios import NORTHSHIRE_DAY
    from sandbox.server import Sandbox

    now = datetime.now(UTC)
    day = load_scenario(NORTHSHIRE_DAY)
    shift = now - (day.meta.start + BACKGROUND_AT)
    with (
        tempfile.TemporaryDirectory(prefix="bench_alerts_") as folder,
        Sandbox(day.shifted(shift), speed=1.0, start=now) as sandbox,
        LocalMailbox() as mailbox,
        WebhookReceiver() as hook,
    ):
        path = Path(folder) / "force.sqlite"
        settings = demo_settings(sandbox.url, path, mailbox, hook)
        with Store(path) as store:
            store.start_incident(reason="benchmark: incident cadence", by="bench")
        service = Service(settings)
        service._analyser = analyser  # warm: loaded once before the runs
        skipped: dict[str, Counter[str]] = {"warm-up": Counter(), "burst": Counter()}
        phase = ["warm-up"]

        events: list[tuple[float, int, str]] = []  # (monotonic, event code, job id)

        def dropped(event: JobSubmissionEvent) -> None:
            skipped[phase[0]][event.job_id] += 1  # a wake-up (modify_job to now) lost: next run on its interval

        def job(event: JobEvent) -> None:
            events.append((time.monotonic(), event.code, event.job_id))

        started = time.monotonic()
        service_module._current = service  # what run_forever does, without its signal handlers and loop
        scheduler = service._scheduler = service.scheduler()
        scheduler.add_listener(dropped, EVENT_JOB_MAX_INSTANCES)
        scheduler.add_listener(job, EVENT_JOB_SUBMITTED | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        scheduler.resume()
        try:
            if not _wait(lambda: _warm(path, list(service.collectors)), 120):
                raise RuntimeError("the service did not collect and analyse the background within 120 s")
            run = LatencyRun(warmup=time.monotonic() - started, delay=random.uniform(0, settings.incident.x_interval))
            phase[0] = "burst"
            time.sleep(run.delay)
            run.before = len(hook.received) + len(mailbox.messages)
            boxes: dict[str, list[Any]] = {"slack": hook.received, "email": mailbox.messages}
            seen = {name: len(box) for name, box in boxes.items()}
            at = sandbox.clock.now()
            first_at = at.replace(microsecond=at.microsecond // 1000 * 1000)  # on the platform at once
            posts = burst_posts(first_at, shift, burst, spread, index)
            ids = {("x", str(post["id"])) for post in posts}
            t0 = time.monotonic()
            sandbox.add_posts(posts)
            deadline = t0 + timeout
            while time.monotonic() < deadline and len(run.arrived) < len(boxes):
                for name, box in boxes.items():
                    for message in list(box)[seen[name] :]:
                        seen[name] += 1
                        if name not in run.arrived and burst_alert(path, ids, message):
                            run.arrived[name] = time.monotonic() - t0
                            run.subject = run.subject or subject_of(message)
                time.sleep(0.02)
        finally:
            service.stop.set()
            scheduler.shutdown(wait=True)
            service._scheduler = None
            service_module._current = None
        run.dropped_warmup, run.dropped = skipped["warm-up"], skipped["burst"]
        after = [(at - t0, code, job_id) for at, code, job_id in events if at >= t0]
        run.poll = next((at for at, code, j in after if j == "collect:x" and code == EVENT_JOB_SUBMITTED), None)
        run.collected = next((at for at, code, j in after if j == "collect:x" and code != EVENT_JOB_SUBMITTED), None)
        if run.first is not None:
            ended = [at for at, code, j in after if j == "analyse" and code != EVENT_JOB_SUBMITTED and at <= run.first]
            run.alerted = max(ended, default=None)
        return run


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def latency(analyser: Analyser, *, runs: int, burst: int, spread: float, timeout: float) -> None:
    print(
        f"latency: {runs} runs; each a fresh store, sandbox at speed 1.0 (the Northshire day from 09:30), the real "
        f"Service with a critical incident declared (X every 30 s), then {burst} posts over {spread:.0f} s "
        f'with "{MARK}" in Heaton; seconds from the first post appearing on X (target <= {TARGET:.0f} s)',
        flush=True,
    )
    header = f"{'run':>3} {'warm-up':>7} {'delay':>5} {'poll':>5} {'stored':>6} {'alerted':>7}"
    print(f"{header} {'slack':>6} {'email':>6} {'before':>6}  first message about the burst", flush=True)
    print(
        "  (seconds after the first post appeared: poll/stored = the X collection that saw it started/finished, "
        "alerted = the analysis job (analysis, then check_alerts queueing the message) before it ended, "
        "slack/email = the first message about an alert holding the burst's posts reached that receiver; "
        "warm-up = service start to background collected and analysed, delay = random wait before the burst, "
        "before = background alerts delivered before it)",
        flush=True,
    )
    results = []
    load0 = os.getloadavg()[0]
    for index in range(1, runs + 1):
        run = latency_run(index, analyser, burst=burst, spread=spread, timeout=timeout)
        results.append(run)
        row = f"{index:>3} {run.warmup:>7.1f} {run.delay:>5.1f} {_s(run.poll):>5} {_s(run.collected):>6}"
        row += f" {_s(run.alerted):>7} {_s(run.arrived.get('slack')):>6}"
        print(f"{row} {_s(run.arrived.get('email')):>6} {run.before:>6}  {run.subject or '(none)'}", flush=True)
        for when, counts in (("warm-up", run.dropped_warmup), ("after the burst", run.dropped)):
            if counts:
                jobs = ", ".join(f"{job} x{n}" for job, n in sorted(counts.items()))
                print(f"      job runs skipped (already running, max_instances=1) during the {when}: {jobs}")
    slow = [r for r in results if r.warmup > 10]
    if slow:
        skipped = sum(1 for r in slow if r.dropped_warmup.get("analyse"))
        print(
            f"warm-up over 10 s in {len(slow)} of {len(results)} runs ({skipped} of them with an analyse run skipped "
            "while one was running: what a collection stored then waited for the next wake-up)"
        )
    firsts = [run.first for run in results]
    got = [value for value in firsts if value is not None]
    if len(got) < len(firsts):
        print(f"NOT DELIVERED within {timeout:.0f} s in {len(firsts) - len(got)} of {len(firsts)} runs")
    if got:
        median, worst = statistics.median(got), max(got)
        verdict = "meets" if worst <= TARGET and len(got) == len(firsts) else "MISSES"
        print(
            f"post on X -> alert delivered (first receiver): median {median:.1f} s, worst {worst:.1f} s, "
            f"best {min(got):.1f} s over {len(got)} runs; {verdict} the {TARGET:.0f} s target"
        )
        waits = [r.poll for r in results if r.poll is not None]
        after = [f - r.poll for r, f in zip(results, firsts, strict=True) if f is not None and r.poll is not None]
        if waits and after:
            print(
                f"  of which waiting for the next X poll: median {statistics.median(waits):.1f} s (0-30 s by the "
                f"cadence); from that poll's start to delivery: median {statistics.median(after):.1f} s, "
                f"worst {max(after):.1f} s"
            )
    print(f"load average {load0:.2f} before, {os.getloadavg()[0]:.2f} after, on {os.cpu_count()} cores")


# -- detector cost ----------------------------------------------------------------------------------


def _unique_ids(mentions: Sequence[Mention], tag: str) -> list[Mention]:
    """Round mentions made unique in a store that may hold the same generator's ids."""
    return [replace(m, id=f"{m.id}{tag}") for m in mentions]


def _timed(function: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, wall ms, CPU ms)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def cost(
    analyser: Analyser, settings: Settings, name: str, day: Sequence[Mention], rounds: Sequence[Sequence[Mention]]
) -> list[float]:
    """Rounds of alerting over a store holding `day`, after adding each round's mentions; full-round ms each."""
    from analyse.alerts.detectors import detect
    from analyse.alerts.grouping import update
    from analyse.alerts.run import alert_settings, check_alerts
    from analyse.run import analyse_pending
    from analyse.topics import feature_keys, hot_topics
    from analyse.views import Window, baseline_for

    clock = [max(m.created_at for m in day)]
    full_ms: list[float] = []
    with (
        tempfile.TemporaryDirectory(prefix="bench_alerts_") as folder,
        Store(Path(folder) / "cost.sqlite", clock=lambda: clock[0]) as store,
    ):
        store.save_mentions(day)
        fresh = Analyser(analyser.config, nlp=analyser.nlp, sentiment=analyser.sentiment)
        analyse_pending(store, fresh.analyse, feature_keys)
        now = clock[0] + timedelta(seconds=1)
        check_alerts(store, settings, now=now, channels=["email", "slack"])  # the alerts the day itself raised
        print(f"{name}: {len(day):,} mentions analysed; alerts the day left: {len(store.alerts(limit=1000))}")
        print(
            f"{'round':>5} {'new':>5} {'window':>6} {'read':>6} {'detect':>7} {'topics':>7} {'update':>6} "
            f"{'full round':>10} {'CPU':>6} {'found':>5} {'told':>4}  (ms; full round = check_alerts as the service "
            "calls it; found = detections, told = changes staff are told of)"
        )
        for k, batch in enumerate(rounds, start=1):
            saved = store.save_mentions(batch)
            analyse_pending(store, fresh.analyse, feature_keys)
            now = clock[0] = max(m.created_at for m in batch) + timedelta(seconds=1)
            thresholds = alert_settings(store)
            window = Window(now - thresholds.window, now)

            def read(w: Window = window) -> tuple[list[Any], Any]:
                return store.analysed(since=w.since, until=w.until), baseline_for(store, w)

            (records, baseline), read_ms, _ = _timed(read)
            _, topics_ms, _ = _timed(
                lambda: hot_topics(records, now=now, window=thresholds.window, baseline=baseline)  # noqa: B023
            )
            detections, detect_ms, _ = _timed(
                lambda: detect(
                    records,  # noqa: B023
                    now=now,  # noqa: B023
                    baseline=baseline,  # noqa: B023
                    watch_words=settings.force.watch_words,
                    settings=thresholds,  # noqa: B023
                )
            )
            current = store.open_alerts(resolved_since=now - thresholds.reopen_within)
            _, update_ms, _ = _timed(lambda: update(current, detections, now, settings=thresholds))  # noqa: B023
            changes, round_ms, round_cpu = _timed(
                lambda: check_alerts(store, settings, now=now, channels=["email", "slack"])  # noqa: B023
            )
            full_ms.append(round_ms)
            print(
                f"{k:>5} {saved.new:>5} {len(records):>6,} {read_ms:>6.0f} {detect_ms:>7.0f} {topics_ms:>7.0f} "
                f"{update_ms:>6.1f} {round_ms:>10.0f} {round_cpu:>6.0f} {len(detections):>5} "
                f"{sum(c.notify for c in changes):>4}"
            )
        # An idle round: nothing new, the same window: what a round costs whatever arrived.
        _, idle_ms, idle_cpu = _timed(lambda: check_alerts(store, settings, now=now, channels=["email", "slack"]))
        print(f"{'idle':>5} {0:>5} {'':>6} {'':>6} {'':>7} {'':>7} {'':>6} {idle_ms:>10.0f} {idle_cpu:>6.0f}")
    return full_ms


def detector_cost(analyser: Analyser, *, rounds: int, per_round: int, busy: int) -> None:
    from bench.bench_analyse import mention_of, scenario_mentions
    from sandbox.scenarios.generate import generate_bulk

    settings = load(example_path(), environ={})
    print(
        f"\ndetector cost: {rounds} rounds of {per_round:,} new mentions each (analysis not timed); "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (shared machine: see CPU ms)",
        flush=True,
    )
    day = scenario_mentions()
    days: dict[str, list[Mention]] = {"the Northshire day": day}
    if busy:
        start = min(m.created_at for m in day)
        generated = generate_bulk(busy, 7, start, per_hour=busy / 24)
        days[f"a busy day ({busy:,} generated)"] = [mention_of(p) for p in generated]
    for name, mentions in days.items():
        end = max(m.created_at for m in mentions)
        stream = [mention_of(p) for p in generate_bulk(rounds * per_round, 11, end, per_hour=6 * per_round)]
        batches = [_unique_ids(stream[i * per_round : (i + 1) * per_round], f"r{i}") for i in range(rounds)]
        full = cost(analyser, settings, name, mentions, batches)
        mean = statistics.mean(full)
        print(
            f"{name}: a check_alerts round after {per_round:,} new mentions: mean {mean:.0f} ms, worst "
            f"{max(full):.0f} ms; per 1,000 new mentions {mean / per_round * 1000:.0f} ms",
            flush=True,
        )


# -- main -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="latency runs (each about 45-75 s)")
    parser.add_argument("--burst", type=int, default=20, help="posts in the burst")
    parser.add_argument("--spread", type=float, default=60.0, help="seconds over which the burst's posts appear")
    parser.add_argument("--timeout", type=float, default=180.0, help="give up on a run after this many seconds")
    parser.add_argument("--rounds", type=int, default=5, help="detector-cost rounds")
    parser.add_argument("--per-round", type=int, default=1000, help="new mentions per detector-cost round")
    parser.add_argument("--busy", type=int, default=20000, help="mentions in the busy day (0: leave it out)")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-cost", action="store_true")
    parser.add_argument("--seed", type=int, default=None, help="seed the burst moments")
    args = parser.parse_args(argv)
    random.seed(args.seed)
    logging.getLogger("commsdesk.service").setLevel(logging.ERROR)  # "x: collecting every 30s" each run
    logging.getLogger("apscheduler").setLevel(logging.ERROR)  # skipped runs are counted and shown in the table

    settings = load(example_path(), environ={})
    started = time.perf_counter()
    analyser = Analyser.from_settings(settings)
    print(
        f"Analyser load: {time.perf_counter() - started:.1f} s (a service loads it on its first analysis; "
        f"here it is loaded once and handed to each run, so the runs are warm)",
        flush=True,
    )
    if not args.skip_latency:
        latency(analyser, runs=args.runs, burst=args.burst, spread=args.spread, timeout=args.timeout)
    if not args.skip_cost:
        detector_cost(analyser, rounds=args.rounds, per_round=args.per_round, busy=args.busy)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
