"""Alerts: read-only for now; acknowledging and resolving come with the duty staff's pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from analyse.alerts.records import severity_rank
from web.access import ALERTS
from web.guards import DeskStore, require
from web.pages import render
from web.records import WebSession

router = APIRouter()


@router.get("/alerts")
def open_alerts(
    request: Request, store: DeskStore, _: Annotated[WebSession, Depends(require(*ALERTS.roles))]
) -> HTMLResponse:
    """Open alerts, the most urgent first, then the most recently changed."""
    alerts = sorted(store.open_alerts(), key=lambda a: (-severity_rank(a.severity), -a.updated_at.timestamp()))
    return render(request, "alerts.html", title="Open alerts", alerts=alerts)
