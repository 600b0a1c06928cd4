"""The daily report as the service makes it: write the files, then email the PDF to the report's list.

Sent through the same outbox as alerts (retried, never lost), on its own channel so it reaches
the comms team's list rather than duty staff. The email's text is the one-page summary in words,
for reading on a phone; the PDF carries the rest.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from analyse.report.data import ReportData, gather
from analyse.report.render import ReportPaths, write_report
from analyse.views import Window
from commsdesk.delivery import REPORT_CHANNEL, Message, enqueue
from commsdesk.store import Store
from config.settings import Settings

DAY = timedelta(hours=24)


def report_message(data: ReportData, paths: ReportPaths) -> Message:
    """The email: headline figures, the top topics, what to distrust, and the files."""
    tz = ZoneInfo(data.timezone)
    since, until = data.window.since.astimezone(tz), data.window.until.astimezone(tz)
    period = f"{since:%a %d %b %H:%M} to {until:%a %d %b %H:%M}"
    lines = [f"{data.force}: what people said, {period}.", ""]
    if data.empty:
        lines.append("Nothing was collected in this period (see data health in the report: this may be an outage).")
    else:
        by_platform = ", ".join(f"{name} {n:,}" for name, n in data.platforms)
        lines.append(f"{data.mentions:,} mentions ({by_platform}); {data.emerging} topics growing fast at the end.")
        lines.append("")
        lines.append("Top topics:")
        lines += [
            f"- {topic['label']}: {topic['volume']:,} mentions" + (" (emerging)" if topic.get("emerging") else "")
            for topic in data.topics[:5]
        ]
    if data.problems:
        lines += ["", "Data health: " + " ".join(note.text for note in data.problems)]
    lines += ["", f"The full report is attached; also at {paths.html}"]
    attachments = (str(paths.pdf),) if paths.pdf else ()
    return Message(
        subject=f"Hot topics to {until:%A %d %B %H:%M}: {data.mentions:,} mentions",
        text="\n".join(lines),
        severity="warning" if data.problems else "info",
        tags=("daily-report",),
        facts=(("mentions", f"{data.mentions:,}"), ("topics", str(data.topics_total))),
        attachments=attachments,
    )


def daily_report(store: Store, settings: Settings, *, now: datetime, channels: list[str]) -> ReportPaths:
    """Write the report on the 24 hours before `now`, and queue its email when the report has a list."""
    data = gather(store, settings, Window(now - DAY, now), now=now)
    paths = write_report(data, Path(settings.report.folder))
    if REPORT_CHANNEL in channels:
        enqueue(store, REPORT_CHANNEL, report_message(data, paths), now=now)
    return paths
