"""`make demo`: the bundled day in Northshire, played through the sandbox and the real clients.

The sandbox clock is stepped through the scenario's day five minutes at a time; each collector
runs when its interval is due, exactly as the service would, while faults are injected on a
timetable. After each step the analysis reads what is new and the hot topics are worked out as the
desk would see them at that moment, so the demo can say when each of the day's incidents first
showed as an emerging topic. At the end: what was collected, what emerged when, the day's topics.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from analyse.alerts.records import Alert, Change
from analyse.alerts.run import check_alerts
from analyse.pipeline import Analyser
from analyse.pseudonyms import Pseudonymiser
from analyse.records import Analysed
from analyse.report.data import gather
from analyse.report.render import write_report
from analyse.run import AnalysisRun, analyse_pending
from analyse.tables import topics_table
from analyse.topics import Topic, feature_keys, hot_topics
from analyse.views import Window, baseline_for, scrubber, topics_in
from commsdesk.delivery import alert_channels, configured_channels, deliver_due
from commsdesk.demo_desk import DeskPlay
from commsdesk.demo_web import PORT, serve_demo
from commsdesk.receivers import LocalMailbox, WebhookReceiver
from commsdesk.records import CollectorRun
from commsdesk.status import status_table
from commsdesk.store import Store
from config.secrets import Secret
from config.settings import EmailDelivery, Settings, WebhookDelivery, example_path, load
from config.settings import Store as StoreSettings
from ingest.base import RetryPolicy, run_collector
from ingest.service import build_collectors
from policy_checks.records import Draft
from publish import desk
from publish.records import AuditProblem
from publish.replies.queue import queue_new
from publish.run import publishers_from_settings
from sandbox.scenario import Incident
from sandbox.scenarios import NORTHSHIRE_DAY
from sandbox.server import Sandbox

STEP = timedelta(minutes=5)
DAY = timedelta(hours=24)

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


@dataclass
class TopicWatch:
    """The hot topics as the desk would have seen them at each step, and when each first emerged."""

    incidents: tuple[Incident, ...]
    previous: list[Topic] = field(default_factory=list)
    recent: list[Analysed] = field(default_factory=list)  # the last day's analysed mentions, kept as they come
    emerged: dict[str, tuple[datetime, Topic]] = field(default_factory=dict)
    noticed: dict[str, tuple[datetime, Topic]] = field(default_factory=dict)  # incident name -> first flag
    analysis: AnalysisRun = field(default_factory=AnalysisRun)
    alerted: list[tuple[datetime, Change]] = field(default_factory=list)  # every change staff were told of
    warned: dict[str, tuple[datetime, Alert]] = field(default_factory=dict)  # incident name -> first alert sent

    def alerts(self, changes: list[Change], now: datetime) -> None:
        for change in changes:
            if not change.notify:
                continue
            self.alerted.append((now, change))
            about = {k.lower() for k in change.alert.keys} | set(change.alert.title.lower().split())
            for incident in self.incidents:
                if incident.start <= now and ({*incident.terms, incident.place.lower()} & about):
                    self.warned.setdefault(incident.name, (now, change.alert))

    def saved(self, records: list[Analysed]) -> None:
        self.recent.extend(records)

    def step(self, store: Store, now: datetime) -> None:
        window = Window(now - DAY, now)
        self.recent = [a for a in self.recent if a.created_at > window.since]
        topics = hot_topics(
            self.recent, now=now, window=DAY, baseline=baseline_for(store, window), previous=self.previous
        )
        self.previous = topics
        for topic in topics:
            if not topic.emerging:
                continue
            self.emerged.setdefault(topic.id, (now, topic))
            for incident in self.incidents:
                if incident.start <= now and set(incident.terms) & set(topic.keys):
                    self.noticed.setdefault(incident.name, (now, topic))

    def add(self, run: AnalysisRun) -> None:
        self.analysis.analysed += run.analysed
        self.analysis.seconds += run.seconds
        self.analysis.modelled += run.modelled
        self.analysis.languages.update(run.languages)


def demo_settings(url: str, store_path: Path, mailbox: LocalMailbox, hook: WebhookReceiver) -> Settings:
    """The example force on the sandbox, delivering alerts to the demo's own mailbox and Slack stand-in."""
    settings = load(example_path(), environ={}).with_sandbox(url)
    email = EmailDelivery(
        enabled=True,
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,
        security="none",
        sender="Northshire comms desk <commsdesk@northshire.invalid>",
        to=["duty-inspector@northshire.invalid"],
    )
    delivery = replace(settings.delivery, email=email, slack=WebhookDelivery(enabled=True))
    secrets = replace(settings.secrets, slack_webhook_url=Secret(f"{hook.url}/services/demo/slack"))
    return replace(settings, store=StoreSettings(path=str(store_path)), delivery=delivery, secrets=secrets)


def run_demo(*, store_path: Path, pause: float = 0.0, console: Console, serve: bool = False, port: int = PORT) -> int:
    """Play the day and print its account; then, with `serve`, serve the web desk on its store until Ctrl-C."""
    if not console.is_terminal:  # a log or a CI page: tables of topics need the room
        console.width = max(console.width, 120)
    for suffix in ("", "-wal", "-shm", ".jobs.sqlite"):
        Path(str(store_path) + suffix).unlink(missing_ok=True)
    started = time.monotonic()
    with (
        Sandbox(NORTHSHIRE_DAY, speed=0.0, limits=DEMO_LIMITS) as sandbox,
        LocalMailbox() as mailbox,
        WebhookReceiver() as hook,
    ):
        scenario = sandbox.scenario.meta
        settings = demo_settings(sandbox.url, store_path, mailbox, hook)
        collectors = build_collectors(settings)
        channels = configured_channels(settings)
        policy = RetryPolicy(max_retries=4, base_delay=0.05, max_delay=1.0, max_wait=5.0)
        faults = sorted(
            (_at(scenario.start, when), platform, kind, options) for when, platform, kind, options in FAULTS
        )
        tallies = {source: Tally() for source in collectors}
        with console.status("loading the language model"):
            analyser = Analyser.from_settings(settings)
        watch = TopicWatch(scenario.incidents)
        fire = next(incident.name for incident in scenario.incidents if "fire" in incident.name)
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
            with console.status("loading the policy checks"):
                checker = desk.checks_for(settings)
                checker.check(Draft("warming up", platform="x"))
            desk_play = DeskPlay(
                store, settings, checker, publishers_from_settings(settings), channels=alert_channels(channels)
            )
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
                watch.add(analyse_pending(store, analyser.analyse, feature_keys, on_saved=watch.saved))
                queue_new(store, settings, now=now)
                watch.step(store, now)
                names = alert_channels(channels)
                watch.alerts(
                    check_alerts(store, settings, now=now, channels=names, records=watch.recent, topics=watch.previous),
                    now,
                )
                desk_play.step(now, scenario.start, fire_alerted=fire in watch.warned)
                deliver_due(store, channels, now, per_minute=settings.delivery.rate_limit)
                progress.update(task, advance=1, description=f"playing the day: {now:%H:%M} UTC")
                if pause:
                    time.sleep(pause)
            # After the day: once the YouTube quota has reset, catch up on what it missed.
            sandbox.clock.set(scenario.end + timedelta(hours=9))
            finished = sandbox.clock.now()
            for source, (collector, _) in collectors.items():
                tallies[source].add(run_collector(collector, store, policy=policy, clock=sandbox.clock.now))
            watch.add(analyse_pending(store, analyser.analyse, feature_keys))
            audit, posts = store.verify_audit(), desk_play.table()
            stored = store.counts_by_platform()
            quarantined = len(store.quarantined())
            health = status_table(store, list(collectors), settings.force.timezone, now=sandbox.clock.now())
            day_topics, day_records = topics_in(store, Window(scenario.start, scenario.end))
            scrub = scrubber(Pseudonymiser(store.pseudonym_key()), settings, day_records)
            with console.status("writing the day's report"):
                day = Window(scenario.start, scenario.end)
                report = write_report(gather(store, settings, day, now=scenario.end), store_path.parent / "reports")
        console.print(_summary(tallies, stored))
        console.print(
            f"{quarantined} malformed item(s) quarantined with their reasons; "
            f"played {steps} five-minute steps in {time.monotonic() - started:.1f}s."
        )
        console.print(health)
        _print_analysis(console, watch, day_topics, ZoneInfo(scenario.timezone), scrub)
        _print_alerts(console, watch, ZoneInfo(scenario.timezone), len(mailbox.messages), len(hook.received))
        _print_desk(console, desk_play.events, posts, ZoneInfo(scenario.timezone), audit)
    console.print(f"the day's report: {report.html}" + (f" and {report.pdf}" if report.pdf else ""))
    if serve:
        serve_demo(settings, since=finished, console=console, port=port)
    return 0


def _print_desk(
    console: Console, events: list[tuple[datetime, str]], posts: Table, tz: ZoneInfo, audit: AuditProblem | None
) -> None:
    console.print("[bold]the publishing desk[/bold]")
    for at, what in events:
        console.print(f"{at.astimezone(tz):%H:%M} {what}", highlight=False)
    console.print(posts)
    trail = "verified: every row chained to the one before" if audit is None else f"BROKEN at row {audit.seq}"
    console.print(f"audit trail {trail} (`commsdesk audit verify`)")


def _print_alerts(console: Console, watch: TopicWatch, tz: ZoneInfo, emails: int, posts: int) -> None:
    table = Table(title="alerts sent to duty staff (a new story, a reopened one, or one that grew or turned serious)")
    for column in ("sent", "alert", "severity", "what", "why"):
        table.add_column(column, overflow="fold")
    for at, change in watch.alerted:
        alert = change.alert
        table.add_row(
            f"{at.astimezone(tz):%H:%M}", f"{alert.id} {change.change}", alert.severity, alert.title, alert.reason
        )
    console.print(table)
    console.print(
        f"delivered through the real SMTP and webhook code: {emails} emails to the demo's mailbox, {posts} Slack posts "
        "(the demo collects every 5 minutes; `make bench` measures the service at incident cadence)"
    )
    found = {
        name: (at, f"alert {alert.id} sent to duty staff", alert.title) for name, (at, alert) in watch.warned.items()
    }
    _print_incidents(console, watch.incidents, found, tz, missed="no alert sent")


def _print_analysis(
    console: Console, watch: TopicWatch, day_topics: list[Topic], tz: ZoneInfo, scrub: Callable[[str, str], str]
) -> None:
    run = watch.analysis
    others = sum(n for lang, n in run.languages.items() if lang != "en")
    console.print(
        f"analysed {run.analysed:,} mentions as they arrived ({run.per_second:,.0f}/s): sentiment for "
        f"{run.modelled:,}; {others:,} in other languages kept and counted"
    )
    emerged = Table(title="topics as they emerged through the day (checked every five minutes)")
    for column in ("flagged", "topic", "mentions then", "last hour", "example"):
        emerged.add_column(column, overflow="fold")
    for at, topic in sorted(watch.emerged.values(), key=lambda pair: pair[0]):
        emerged.add_row(
            f"{at.astimezone(tz):%H:%M}",
            topic.label,
            str(topic.volume),
            str(topic.recent),
            scrub(topic.representative.text, topic.representative.platform)[:90],
        )
    console.print(emerged)
    found = {name: (at, "flagged as emerging", topic.label) for name, (at, topic) in watch.noticed.items()}
    _print_incidents(console, watch.incidents, found, tz, missed="never flagged as emerging")
    title = "the day's topics (`commsdesk topics` shows any range)"
    console.print(topics_table(day_topics[:8], title=title, scrub=scrub))


def _print_incidents(
    console: Console,
    incidents: tuple[Incident, ...],
    found: dict[str, tuple[datetime, str, str]],
    tz: ZoneInfo,
    *,
    missed: str,
) -> None:
    """A line per staged incident: its first post, and when (and as what) the desk noticed it."""
    for incident in incidents:
        first = f"[bold]{incident.name}[/bold]: first post {incident.start.astimezone(tz):%H:%M}"
        if incident.name not in found:
            console.print(f"{first}, {missed}")
            continue
        at, what, label = found[incident.name]
        minutes = (at - incident.start).total_seconds() / 60
        console.print(f"{first}, {what} at {at.astimezone(tz):%H:%M} ({_minutes(minutes)} later): “{label}”")


def _minutes(minutes: float) -> str:
    return "1 minute" if round(minutes) == 1 else f"{minutes:.0f} minutes"


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
