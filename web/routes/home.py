"""The home page of a signed-in user, and the health check for monitoring."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from web.access import HOME, pages_for
from web.guards import DeskStore, require
from web.pages import render
from web.records import WebSession

router = APIRouter()


@router.get("/")
def home(request: Request, session: Annotated[WebSession, Depends(require(*HOME.roles))]) -> HTMLResponse:
    return render(request, "home.html", title=HOME.title, session=session, pages=pages_for(session.user))


@router.get("/healthz")
def healthz(store: DeskStore) -> dict[str, str]:
    """Open to monitoring without signing in; says only that the app answers and its store opens."""
    store.schema_version  # noqa: B018 - reads the database: a store that will not open fails the check
    return {"status": "ok"}
