"""The long-running collection service (`commsdesk run`) on APScheduler 3.

Each collector is a job on its own interval: at most one instance at a time, missed runs
coalesced into one, jobs (and their next run times) kept in a job store across restarts. On
SIGTERM or Ctrl-C the running collectors finish the page in hand, save the checkpoint and stop.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from commsdesk.records import CollectorRun
from commsdesk.store import Store
from config.settings import Settings
from ingest.base import Collector, RetryPolicy, run_collector, wall_clock

log = logging.getLogger("commsdesk.service")

ANALYSE_JOB = "analyse"
ANALYSE_EVERY = 30.0  # seconds: a safety net; a collection with anything new wakes it at once
DELIVER_JOB = "deliver"
DELIVER_EVERY = 10.0  # seconds: what the outbox holds (alerts, reports) goes out within this
INCIDENT_JOB = "incident-watch"
REPORT_JOB = "daily-report"  # at [report] at, in the force's time zone
INCIDENT_EVERY = 15.0  # seconds between looks at whether a critical incident was declared or ended
PUBLISH_JOB = "publish"
PUBLISH_EVERY = 30.0  # seconds: an approved post goes out within this of its time (publish.run)


def build_collectors(settings: Settings) -> dict[str, tuple[Collector, float]]:
    """The enabled collectors and their intervals, by source name."""
    from ingest.facebook import FacebookCollector
    from ingest.x import XCollector
    from ingest.youtube import YouTubeCollector

    collectors: dict[str, tuple[Collector, float]] = {}
    if settings.x.enabled:
        collectors["x"] = (XCollector.from_settings(settings), settings.x.interval)
    if settings.facebook.enabled:
        collectors["facebook"] = (
            FacebookCollector.from_settings(settings),
            settings.facebook.interval,
        )
    if settings.youtube.enabled:
        collectors["youtube"] = (
            YouTubeCollector.from_settings(settings),
            settings.youtube.interval,
        )
    return collectors


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(max_retries=settings.platforms.max_retries, max_wait=settings.platforms.max_wait)


@dataclass
class Service:
    """The collectors of one force, run on their intervals until told to stop."""

    settings: Settings
    clock: Callable[[], datetime] = wall_clock
    stop: threading.Event = field(default_factory=threading.Event)
    collectors: dict[str, tuple[Collector, float]] = field(default_factory=dict)
    analysis: bool = True
    publishing: bool = True
    _scheduler: BackgroundScheduler | None = field(default=None, init=False, repr=False)
    _analyser: Any = field(default=None, init=False, repr=False)
    _publishers: Any = field(default=None, init=False, repr=False)
    _new: threading.Event = field(default_factory=threading.Event, init=False, repr=False)  # stored, not analysed
    channels: list[Any] = field(default_factory=list)  # delivery channels [delivery] enables

    def __post_init__(self) -> None:
        from commsdesk.delivery import configured_channels

        self.collectors = self.collectors or build_collectors(self.settings)
        self.channels = self.channels or configured_channels(self.settings)

    @property
    def store_path(self) -> Path:
        return Path(self.settings.store.path)

    def collect(self, source: str) -> CollectorRun:
        """One run of one collector, with its own store connection (jobs run in threads)."""
        collector, _ = self.collectors[source]
        with Store(self.store_path, clock=self.clock) as store:
            run = run_collector(
                collector,
                store,
                policy=retry_policy(self.settings),
                stop=self.stop,
                clock=self.clock,
            )
        if run.new and self.analysis:
            # The flag is what guarantees the analysis: a wake-up sent while it runs is skipped by
            # the scheduler (one instance at a time), so the running one looks at the flag before it ends.
            self._new.set()
            if self._scheduler is not None:
                self._scheduler.modify_job(ANALYSE_JOB, next_run_time=datetime.now(self._scheduler.timezone))
        return run

    def analyse(self) -> Any:
        """Analyse what was stored since the last analysis (the analyser is built once, on first use)."""
        from analyse.pipeline import Analyser
        from analyse.run import AnalysisRun, analyse_pending
        from analyse.topics import feature_keys
        from publish.replies.queue import queue_new

        if self._analyser is None:
            self._analyser = Analyser.from_settings(self.settings)
        total = AnalysisRun()
        while True:
            self._new.clear()
            with Store(self.store_path, clock=self.clock) as store:
                run = analyse_pending(store, self._analyser.analyse, feature_keys)
                if run.analysed:
                    queue_new(store, self.settings, now=self.clock())  # mentions that need a reply
            if run.analysed:
                self.check_alerts()
            total.analysed += run.analysed
            total.seconds += run.seconds
            if not self._new.is_set():  # nothing stored while we worked: done until the next wake-up
                return total

    def check_alerts(self) -> Any:
        """A round of the alert detectors; anything staff must hear about goes to the outbox at once."""
        from analyse.alerts.run import check_alerts
        from commsdesk.delivery import alert_channels

        with Store(self.store_path, clock=self.clock) as store:
            changes = check_alerts(store, self.settings, now=self.clock(), channels=alert_channels(self.channels))
        if any(change.notify for change in changes) and self._scheduler is not None and self.channels:
            self._scheduler.modify_job(DELIVER_JOB, next_run_time=datetime.now(self._scheduler.timezone))
        return changes

    def deliver(self) -> Any:
        """Send what the outbox holds that is due (retries, rate limits and digests: see delivery)."""
        from commsdesk.delivery import deliver_due

        with Store(self.store_path, clock=self.clock) as store:
            return deliver_due(store, self.channels, self.clock(), per_minute=self.settings.delivery.rate_limit)

    def publish(self) -> Any:
        """Publish what is due, once per account (`publish.run`); failures are told to their authors."""
        from commsdesk.delivery import alert_channels
        from publish.run import publish_due, publishers_from_settings

        if self._publishers is None:
            self._publishers = publishers_from_settings(self.settings)
        with Store(self.store_path, clock=self.clock) as store:
            done = publish_due(
                store,
                self._publishers,
                channels=alert_channels(self.channels),
                policy=retry_policy(self.settings),
                stop=self.stop,
            )
        if (done.failed or done.expired) and self._scheduler is not None and self.channels:
            self._scheduler.modify_job(DELIVER_JOB, next_run_time=datetime.now(self._scheduler.timezone))
        return done

    def intervals(self, *, incident: bool) -> dict[str, float]:
        """Each collector's interval now: the incident cadence while a critical incident is declared."""
        fast = {
            "x": self.settings.incident.x_interval,
            "facebook": self.settings.incident.facebook_interval,
            "youtube": self.settings.incident.youtube_interval,
        }
        return {
            source: min(float(fast.get(source, usual)), usual) if incident else usual
            for source, (_, usual) in self.collectors.items()
        }

    def follow_incident(self) -> bool:
        """Put the collectors on the cadence the store's incident state asks for; True during an incident."""
        with Store(self.store_path, clock=self.clock) as store:
            active = store.active_incident()
        if self._scheduler is None:
            return active is not None
        for source, seconds in self.intervals(incident=active is not None).items():
            job = self._scheduler.get_job(f"collect:{source}")
            if job is not None and job.trigger.interval.total_seconds() != seconds:
                self._scheduler.reschedule_job(job.id, trigger="interval", seconds=seconds)
                state = f"incident {active.id} ({active.reason})" if active else "no incident"
                log.warning("%s: collecting every %gs (%s)", source, seconds, state)
        return active is not None

    def collect_all(self) -> list[CollectorRun]:
        return [self.collect(source) for source in self.collectors]

    def scheduler(self) -> BackgroundScheduler:
        """A scheduler with one job per collector, reusing the jobs kept from the last run."""
        jobs_path = self.store_path.with_name(self.store_path.stem + ".jobs.sqlite")
        jobs_path.parent.mkdir(parents=True, exist_ok=True)
        scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{jobs_path}")},
            executors={"default": ThreadPoolExecutor(max_workers=len(self.collectors) + 4)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=str(self.settings.force.timezone),
        )
        scheduler.start(paused=True)
        wanted = {f"collect:{source}": interval for source, (_, interval) in self.collectors.items()}
        if self.analysis:
            wanted[ANALYSE_JOB] = ANALYSE_EVERY
        wanted[INCIDENT_JOB] = INCIDENT_EVERY
        if self.publishing:
            wanted[PUBLISH_JOB] = PUBLISH_EVERY
        if self.channels:
            wanted[DELIVER_JOB] = DELIVER_EVERY
        daily = self._daily_report_trigger(scheduler)
        for job in scheduler.get_jobs():
            if job.id not in wanted and not (job.id == REPORT_JOB and daily is not None):
                job.remove()
        for job_id, interval in wanted.items():
            job = scheduler.get_job(job_id)
            if job is not None and job.trigger.interval.total_seconds() == interval:
                continue  # kept from the last run, with its next run time
            function, args = _JOBS.get(job_id, ("ingest.service:collect_job", [job_id.split(":")[-1]]))
            scheduler.add_job(
                function,
                trigger="interval",
                seconds=interval,
                args=args,
                id=job_id,
                name=job_id,
                replace_existing=True,
                next_run_time=datetime.now(scheduler.timezone),
            )
        kept = scheduler.get_job(REPORT_JOB)
        if daily is not None and (kept is None or repr(kept.trigger) != repr(daily)):
            scheduler.add_job(
                "ingest.service:report_job", trigger=daily, id=REPORT_JOB, name=REPORT_JOB, replace_existing=True
            )
        return scheduler

    def _daily_report_trigger(self, scheduler: BackgroundScheduler) -> CronTrigger | None:
        report = self.settings.report
        if not report.enabled:
            return None
        return CronTrigger(hour=report.at.hour, minute=report.at.minute, timezone=scheduler.timezone)

    def daily_report(self) -> Any:
        """Write the report on the last 24 hours; email it to the report's list, if it has one."""
        from analyse.report.send import daily_report

        with Store(self.store_path, clock=self.clock) as store:
            paths = daily_report(
                store, self.settings, now=self.clock(), channels=[channel.name for channel in self.channels]
            )
        log.info("daily report written: %s", paths.pdf or paths.html)
        if self._scheduler is not None and self.channels:
            self._scheduler.modify_job(DELIVER_JOB, next_run_time=datetime.now(self._scheduler.timezone))
        return paths

    def run_forever(self) -> None:
        """Run until SIGTERM or Ctrl-C; then let running collectors save their page and stop."""
        global _current
        _current = self
        scheduler = self._scheduler = self.scheduler()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: self.stop.set())
        scheduler.resume()
        log.info("collecting from %s; Ctrl-C or SIGTERM stops", ", ".join(self.collectors) or "nothing")
        try:
            while not self.stop.wait(1.0):
                pass
        finally:
            log.info("stopping: waiting for running collectors to save their page")
            scheduler.shutdown(wait=True)
            self._scheduler = None
            _current = None


#: The service in this process. Persisted APScheduler jobs refer to a function by name, so the
#: job function finds the live collectors here rather than in its pickled arguments.
_current: Service | None = None


def collect_job(source: str) -> Any:
    if _current is None or source not in _current.collectors:
        log.warning("job for %s ran with no service to run it", source)
        return None
    return _current.collect(source)


def incident_job() -> Any:
    return _current.follow_incident() if _current is not None else None


#: Jobs other than the collectors: the function each runs (by name, as persisted) and its arguments.
_JOBS: dict[str, tuple[str, list[Any]]] = {
    ANALYSE_JOB: ("ingest.service:analyse_job", []),
    INCIDENT_JOB: ("ingest.service:incident_job", []),
    DELIVER_JOB: ("ingest.service:deliver_job", []),
    PUBLISH_JOB: ("ingest.service:publish_job", []),
}


def report_job() -> Any:
    return _current.daily_report() if _current is not None else None


def publish_job() -> Any:
    return _current.publish() if _current is not None else None


def deliver_job() -> Any:
    return _current.deliver() if _current is not None else None


def analyse_job() -> Any:
    if _current is None:
        log.warning("analysis job ran with no service to run it")
        return None
    return _current.analyse()
