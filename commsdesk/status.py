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
    """One row per source; the last error of each, in full, under the table."""
    zone = ZoneInfo(timezone)
    table = Table(title=f"commsdesk sources at {now.astimezone(zone):%d %b %Y %H:%M %Z}")
    for column in ("source", "state", "last success", "items last hour", "limits", "last run"):
        table.add_column(column, justify="right" if column == "items last hour" else "left")
    notes = []
    for health in store.health(sources):
        label, style = state_of(health, now)
        name = NAMES.get(health.source, health.source)
        runs = store.runs(health.source, limit=1)
        last_run = f"{runs[0].status}: {runs[0].new} new of {runs[0].fetched}" if runs else "-"
        table.add_row(
            name,
            f"[{style}]{label}[/{style}]",
            ago(health.last_success, now),
            str(health.items_last_hour),
            limits_text(health, zone),
            last_run,
        )
        if health.last_error_at:
            reason = health.degraded_reason if health.degraded else health.last_error
            notes.append(f"{name}: last error {ago(health.last_error_at, now)}: {reason}")
    table.caption = "\n".join(notes) or "no errors recorded"
    table.caption_justify = "left"
    return table
