"""Alerts for duty staff: the open ones, most urgent first, kept live by polling; one alert with its
history; acknowledging and resolving.

Who may act: `commsdesk alerts ack|resolve` is the duty staff's command ("duty staff follow, own and
close alerts") and records the person who owns or closes an alert. The desk gives the same two moves to
duty staff and to senior officers, who stand in for them and declare incidents with them (as
`INCIDENT_ROLES`); reviewers and admins read alerts but leave owning them to the people on duty.

Live without websockets: the page keeps the store's `alert_marker` (the newest alert event) and its
script asks `/alerts/latest?after=<marker>` every few seconds. Nothing new costs one indexed `max(id)`
and an empty 204; otherwise the answer is the changed alerts' cards as this page's own escaped HTML.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from analyse.alerts.lifecycle import IllegalMove
from analyse.alerts.records import Alert, severity_rank
from analyse.pseudonyms import Pseudonymiser, safe_url
from analyse.views import scrubber
from commsdesk.store import Store
from web.access import ALERTS
from web.guards import DeskStore, check_csrf, desk, require
from web.pages import render
from web.records import WebSession

router = APIRouter()

OWNERS = ("duty", "senior")  # who acknowledges and resolves (see the module's docstring)
POLL_SECONDS = 5
MAX_CHANGED = 50  # alerts one poll redraws; a page further behind than this is told to reload
MAX_EVENTS = 1_000  # alert events one poll reads at most (ids only grow, so `marker - after` bounds them)
DONE = {"acknowledged": "acknowledged", "resolved": "resolved"}

Reader = Annotated[WebSession, Depends(require(*ALERTS.roles))]
Owner = Annotated[WebSession, Depends(require(*OWNERS))]


def most_urgent_first(alerts: list[Alert]) -> list[Alert]:
    """The order of the page: the most severe first, then the most recently changed."""
    return sorted(alerts, key=lambda a: (-severity_rank(a.severity), -a.updated_at.timestamp(), -a.id))


@router.get("/alerts")
def open_alerts(request: Request, store: DeskStore, session: Reader, done: str = "", alert: int = 0) -> HTMLResponse:
    """Open alerts, the most urgent first. The marker is read before the alerts, so a change made in
    between reaches the page at its first poll rather than never."""
    marker = store.alert_marker()
    alerts = most_urgent_first(store.open_alerts())
    return render(
        request,
        "alerts.html",
        title="Open alerts",
        alerts=alerts,
        marker=marker,
        poll_seconds=POLL_SECONDS,
        can_act=session.user.has(*OWNERS),
        notice=_notice(store, done, alert),
        severity_rank=severity_rank,
        **_shown(request, store),
    )


@router.get("/alerts/latest")
def latest_alerts(request: Request, store: DeskStore, session: Reader, after: int = 0) -> Response:
    """What changed since the page's marker: 204 when nothing did (the common case, and one indexed
    read), else the changed alerts' cards (resolved ones as empty stubs the page removes)."""
    marker = store.alert_marker()
    if after >= marker:
        return Response(status_code=204)
    behind = marker - after > MAX_EVENTS
    changed = [] if behind else store.alerts_changed_after(after, limit=MAX_CHANGED)
    return render(
        request,
        "alert_latest.html",
        title="Changed alerts",
        alerts=most_urgent_first(changed),
        marker=marker,
        behind=behind or len(changed) >= MAX_CHANGED,
        can_act=session.user.has(*OWNERS),
        severity_rank=severity_rank,
        **_shown(request, store),
    )


@router.get("/alerts/{ident}")
def one_alert(request: Request, store: DeskStore, session: Reader, ident: int, done: str = "") -> HTMLResponse:
    """One alert, open or resolved, with every change and move: who did what, when."""
    alert = _alert_or_404(store, ident)
    return _alert_page(request, store, session, alert, notice=_notice(store, done, alert.id))


@router.post("/alerts/{ident}/acknowledge")
def acknowledge(
    request: Request,
    store: DeskStore,
    session: Owner,
    _: Annotated[WebSession, Depends(check_csrf)],
    ident: int,
    back: Annotated[str, Form()] = "",
) -> Response:
    """The signed-in user owns the alert now."""
    _alert_or_404(store, ident)
    try:
        store.acknowledge_alert(ident, session.user.name)
    except IllegalMove as error:
        return _refused(request, store, session, ident, ("", str(error)), status_code=409)
    return _back(back, ident, "acknowledged")


@router.post("/alerts/{ident}/resolve")
def resolve(
    request: Request,
    store: DeskStore,
    session: Owner,
    _: Annotated[WebSession, Depends(check_csrf)],
    ident: int,
    note: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
) -> Response:
    """Closes an acknowledged alert with a note saying what happened, for the next shift."""
    _alert_or_404(store, ident)
    if not note.strip():
        problem = (f"note-{ident}", "Note: say what happened, for the record, to resolve the alert.")
        return _refused(request, store, session, ident, problem, status_code=400)
    try:
        store.resolve_alert(ident, session.user.name, note)
    except IllegalMove as error:
        return _refused(request, store, session, ident, ("", str(error)), status_code=409, note=note)
    return _back(back, ident, "resolved")


def _shown(request: Request, store: Store) -> dict[str, Any]:
    """How the evidence's public posts may be shown, as `commsdesk alerts show` shows them: private
    people's @handles as their pseudonyms, links that do not name the author."""
    scrub = scrubber(Pseudonymiser(store.pseudonym_key()), desk(request).settings, [])
    return {
        "scrub": lambda post: scrub(post.text, post.platform),
        "post_link": lambda post: safe_url(post.platform, post.id, post.url),
    }


def _alert_or_404(store: Store, ident: int) -> Alert:
    found = store.get_alert(ident)
    if found is None:
        raise HTTPException(404)
    return found


def _alert_page(
    request: Request,
    store: Store,
    session: WebSession,
    alert: Alert,
    *,
    errors: list[tuple[str, str]] | None = None,
    note: str = "",
    notice: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "alert.html",
        title=f"Alert {alert.id}: {alert.title}",
        status_code=status_code,
        alert=alert,
        history=store.alert_history(alert.id),
        can_act=session.user.has(*OWNERS),
        errors=errors or [],
        note=note,
        notice=notice,
        **_shown(request, store),
    )


def _refused(
    request: Request,
    store: Store,
    session: WebSession,
    ident: int,
    problem: tuple[str, str],
    *,
    status_code: int,
    note: str = "",
) -> HTMLResponse:
    """The alert again, as it is now, with why the move did not happen (the field, the reason) and the
    note as typed."""
    alert = _alert_or_404(store, ident)
    return _alert_page(request, store, session, alert, errors=[problem], note=note, status_code=status_code)


def _back(back: str, ident: int, done: str) -> RedirectResponse:
    """To the page the form was on (only ever one of these two), saying what was done."""
    if back == "alert":
        return RedirectResponse(f"/alerts/{ident}?done={done}", status_code=303)
    return RedirectResponse(f"/alerts?done={done}&alert={ident}#alert-{ident}", status_code=303)


def _notice(store: Store, done: str, ident: int) -> str:
    """ "Alert 3 acknowledged by duty" after a move, read back from the store (not from the address)."""
    if done not in DONE or not ident:
        return ""
    alert = store.get_alert(ident)
    if alert is None or alert.state != DONE[done]:
        return ""
    who = alert.resolved_by if done == "resolved" else alert.acknowledged_by
    return f"Alert {alert.id} {done} by {who}: {alert.title}"
