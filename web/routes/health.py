"""Collector health: each source's last success and error, what it collected in the last hour, its rate
limits, whether it is degraded; whether a critical incident is active; how far behind the analysis is.

The same reading of the store as `commsdesk status` (`commsdesk.status`), so silence on the page is
never mistaken for calm: a source that stopped is shown as failing, not as quiet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from commsdesk.records import PLATFORMS, CollectorRun, SourceHealth
from commsdesk.status import NAMES, ago, limits_text, state_of
from commsdesk.store import Store
from config.settings import Settings
from web.access import HEALTH
from web.guards import DeskStore, desk, require
from web.pages import render
from web.records import WebSession

router = APIRouter()

Reader = Annotated[WebSession, Depends(require(*HEALTH.roles))]

# The words of `state_of`'s labels as the page says them, and whether each is a problem (not colour alone).
PROBLEMS = frozenset({"degraded", "failing"})


@dataclass(frozen=True, slots=True)
class Source:
    """One source's row: its health record, the state in words, and the last run."""

    name: str
    health: SourceHealth
    state: str
    last_success: str
    last_error: str
    limits: str
    last_run: CollectorRun | None

    @property
    def problem(self) -> bool:
        return self.state in PROBLEMS


def sources(store: Store, settings: Settings, now: datetime) -> list[Source]:
    enabled = [p for p in PLATFORMS if getattr(settings, p).enabled]
    zone = ZoneInfo(settings.force.timezone)
    rows = []
    for health in store.health(enabled):
        label, _ = state_of(health, now)
        runs = store.runs(health.source, limit=1)
        rows.append(
            Source(
                name=NAMES.get(health.source, health.source),
                health=health,
                state=label.lower() if label == "DEGRADED" else label,
                last_success=ago(health.last_success, now),
                last_error=ago(health.last_error_at, now) if health.last_error_at else "none",
                limits=limits_text(health, zone),
                last_run=runs[0] if runs else None,
            )
        )
    return rows


@router.get("/health")
def health_page(request: Request, store: DeskStore, _: Reader) -> HTMLResponse:
    settings = desk(request).settings
    now = store.clock()
    return render(
        request,
        "health.html",
        title=HEALTH.title,
        now=now,
        sources=sources(store, settings, now),
        incident=store.active_incident(),
        backlog=store.analysis_backlog(),
    )
