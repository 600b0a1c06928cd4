"""The daily report goes out at 07:00 London time, by email with its PDF, through the outbox."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from analyse.report.send import daily_report
from commsdesk.delivery import REPORT_CHANNEL, alert_channels, configured_channels, deliver_due
from commsdesk.receivers import LocalMailbox
from commsdesk.store import Store
from config.schema import TimeOfDay
from config.settings import DailyReport, EmailDelivery, Settings, load
from ingest.service import REPORT_JOB, Service

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def with_mail(settings: Settings, mailbox: LocalMailbox, folder: Path) -> Settings:
    email = EmailDelivery(
        enabled=True,
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,
        security="none",
        sender="desk@northshire.invalid",
        to=["duty@northshire.invalid"],
    )
    report = DailyReport(folder=str(folder), to=["comms-team@northshire.invalid"])
    return replace(settings, delivery=replace(settings.delivery, email=email), report=report)


def test_the_report_is_written_and_emailed_to_its_own_list_with_the_pdf(desk: Path, tmp_path: Path) -> None:
    with LocalMailbox() as mailbox:
        settings = with_mail(load(desk, environ={}), mailbox, tmp_path / "reports")
        channels = configured_channels(settings)
        assert alert_channels(channels) == ["email"]  # alerts never go to the report's list
        with Store(settings.store.path) as store:
            paths = daily_report(store, settings, now=NOW, channels=[c.name for c in channels])
            assert paths.pdf and paths.pdf.read_bytes().startswith(b"%PDF")
            (queued,) = store.outbox()
            assert queued.channel == REPORT_CHANNEL
            deliver_due(store, channels, NOW)
        (mail,) = mailbox.messages
        assert mail["To"] == "comms-team@northshire.invalid"
        assert "Hot topics to Friday 20 November 15:00: 77 mentions" in mail["Subject"]
        attached = [part.get_filename() for part in mail.walk() if part.get_filename()]
        assert attached == [paths.pdf.name]


def test_the_service_schedules_it_at_seven_london_time(settings: Settings) -> None:
    service = Service(replace(settings, report=DailyReport(at=TimeOfDay.parse("7:00"))))
    scheduler = service.scheduler()
    try:
        job = scheduler.get_job(REPORT_JOB)
        assert job is not None
        assert (job.trigger.fields[5].expressions[0].first, job.trigger.timezone.key) == (7, "Europe/London")
        assert job.next_run_time.astimezone(job.trigger.timezone).strftime("%H:%M") == "07:00"
    finally:
        scheduler.shutdown(wait=False)
    off = Service(replace(settings, report=DailyReport(enabled=False)))
    scheduler = off.scheduler()
    try:
        assert scheduler.get_job(REPORT_JOB) is None
    finally:
        scheduler.shutdown(wait=False)
