"""`commsdesk status`: each source's health at a glance, so silence is never mistaken for calm."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.table import Table

from commsdesk.records import SourceHealth
from commsdesk.store import Store

NAMES = {"x": "X", "facebook": "Facebook", "youtube": "YouTube"}


def ago(moment: datetime | None, now: datetime) -> str:
    """'4 min ago', '2 h ago', 'never'."""
    if moment is None:
        return "never"
    seconds = max(0, int((now - moment).total_seconds()))
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return f"{seconds} s ago"


def state_of(health: SourceHealth, now: datetime) -> tuple[str, str]:
    """(label, rich style): degraded beats rate-limited beats failing beats healthy."""
    if health.degraded:
        return "DEGRADED", "bold red"
    if health.rate_limit.get("limited"):
        return "rate-limited", "yellow"
    if health.last_success is None:
        return ("failing", "red") if health.last_error_at else ("not yet run", "dim")
    if health.last_error_at and health.last_error_at > health.last_success:
        return "failing", "red"
    return "healthy", "green"


def limits_text(health: SourceHealth, zone: ZoneInfo) -> str:
    limit = health.rate_limit
    parts = []
    if "remaining" in limit:
        parts.append(f"{limit['remaining']}/{limit.get('limit', '?')} calls left")
    for header in ("x-app-usage", "x-page-usage"):
        if isinstance(limit.get(header), dict):
            used = max((v for v in limit[header].values() if isinstance(v, int | float)), default=0)
            parts.append(f"{header[2:-6]} {used}% used")
    if health.degraded_until:
        parts.append(f"until {health.degraded_until.astimezone(zone):%d %b %H:%M}")
    return "; ".join(parts) or "-"


def status_table(store: Store, sources: list[str], timezone: str, *, now: datetime) -> Table:
    zone = ZoneInfo(timezone)
    table = Table(title=f"commsdesk sources at {now.astimezone(zone):%d %b %Y %H:%M %Z}")
    for column in (
        "source",
        "state",
        "last success",
        "last error",
        "items last hour",
        "limits",
        "last run",
    ):
        table.add_column(column, overflow="fold")
    for health in store.health(sources):
        label, style = state_of(health, now)
        error = "-"
        if health.last_error_at:
            error = f"{ago(health.last_error_at, now)}: {health.degraded_reason or health.last_error}"
        runs = store.runs(health.source, limit=1)
        last_run = "-"
        if runs:
            run = runs[0]
            last_run = f"{run.status}: {run.fetched} fetched, {run.new} new, {run.skipped} dup"
        table.add_row(
            NAMES.get(health.source, health.source),
            f"[{style}]{label}[/{style}]",
            ago(health.last_success, now),
            error,
            str(health.items_last_hour),
            limits_text(health, zone),
            last_run,
        )
    return table
