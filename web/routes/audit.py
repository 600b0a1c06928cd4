"""The audit trail in the browser: search it, verify its hash chain, download it for an inquiry.

Who: admins, and senior approvers too, who answer for what was published and are the people an inquiry
about a post turns to first (who wrote it, who approved it, who overrode what). Reading cannot change the
trail (it is append-only and chained). Downloading the whole trail is for admins only: it takes every
user's name and email, and every post's history, off the desk in one file; each download is itself a row
of the trail.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from commsdesk.records import iso
from commsdesk.store import AUDIT_PAGE, Store, count_audit, search_audit
from publish import lifecycle
from publish.desk import ACCESS_ACTIONS, history
from publish.drafts import LONDON
from publish.records import AuditEntry, AuditProblem
from publish.replies.records import MOVES as REPLY_MOVES
from web.access import AUDIT
from web.guards import DeskStore, require
from web.pages import render
from web.records import WebSession

log = logging.getLogger(__name__)
router = APIRouter()

EXPORTERS = ("admin",)
# The actions the trail records, offered as suggestions in the search form (any other may be typed).
ACTIONS = tuple(
    dict.fromkeys(
        (
            "create",
            "edit",
            "check",
            *lifecycle.ACTIONS,
            *(f"{a}_reply" for _, a in REPLY_MOVES),
            "user",
            "password",
            *ACCESS_ACTIONS,
        )
    )
)
# Cells a spreadsheet would read as a formula (OWASP's list: = + - @, and tab and carriage return).


@dataclass(frozen=True, slots=True)
class Search:
    """The search form as typed (kept to fill the form again) and what it means for the store."""

    post: str = ""
    by: str = ""
    action: str = ""
    since: str = ""  # London dates, as the date inputs send them: 2026-11-20
    until: str = ""

    def problems(self) -> list[str]:
        """Every field typed wrongly, each line naming its field."""
        found = []
        if self.post.strip() and _number(self.post) is None:
            found.append("post: give a post number, such as 12")
        dates = {"from": self.since, "to": self.until}
        for label, value in dates.items():
            if value.strip() and _day(value) is None:
                found.append(f"{label}: write the date as 2026-11-20")
        first, last = _day(self.since), _day(self.until)
        if first and last and first > last:
            found.append("to: the last day comes before the first")
        return found

    def entries(self, store: Store, *, before: int | None) -> list[AuditEntry]:
        """The rows this search finds, newest first, a page at most; dates are whole London days, `to` included."""
        first, last = _day(self.since), _day(self.until)
        return search_audit(
            store,
            post_id=_number(self.post),
            by=self.by.strip() or None,
            action=self.action.strip() or None,
            since=_london_midnight(first) if first else None,
            until=_london_midnight(last + timedelta(days=1)) if last else None,
            before=before,
        )

    def query(self, **more: object) -> str:
        """This search as a query string (for the next page's link), empty fields left out."""
        fields = {"post": self.post, "by": self.by, "action": self.action, "from": self.since, "to": self.until}
        return urlencode({k: v for k, v in {**fields, **more}.items() if v not in ("", None)})


@dataclass(frozen=True, slots=True)
class Row:
    """One audit row as the page shows it: the entry, a line saying what it did, its changes as JSON."""

    entry: AuditEntry
    what: str
    changes: str


@router.get("/audit")
def audit_page(
    request: Request,
    store: DeskStore,
    session: Annotated[WebSession, Depends(require(*AUDIT.roles))],
    post: str = "",
    by: str = "",
    action: str = "",
    since: Annotated[str, Query(alias="from")] = "",
    until: Annotated[str, Query(alias="to")] = "",
    before: str = "",
) -> HTMLResponse:
    """The trail newest first, a page at a time, narrowed by the search form (a GET form: a search can be
    bookmarked or sent to a colleague as a link)."""
    return _page(request, store, session, Search(post, by, action, since, until), before=before)


@router.get("/audit/verify")
def verify_page(
    request: Request, store: DeskStore, session: Annotated[WebSession, Depends(require(*AUDIT.roles))]
) -> HTMLResponse:
    """Check every row's hash against the row before it: the whole trail, so only when asked."""
    problem = store.verify_audit()
    return _page(request, store, session, Search(), verification=Verification(problem, count_audit(store)))


@router.get("/audit/export.csv")
def export_csv(store: DeskStore, session: Annotated[WebSession, Depends(require(*EXPORTERS))]) -> Response:
    """The whole trail as CSV, safe to open in a spreadsheet (`commsdesk.spreadsheets`)."""
    log.info("%s downloaded the audit trail as CSV", session.user.name)
    text = store.export_audit("csv")
    rows = sum(1 for _ in csv.reader(io.StringIO(text))) - 1  # the header; a cell may hold a line break
    return _download(store, session, text, "csv", "text/csv; charset=utf-8", rows=rows)


@router.get("/audit/export.json")
def export_json(store: DeskStore, session: Annotated[WebSession, Depends(require(*EXPORTERS))]) -> Response:
    """The whole trail as JSON, exactly as stored, with the head hash: the copy to check later."""
    log.info("%s downloaded the audit trail as JSON", session.user.name)
    text = store.export_audit("json")
    return _download(store, session, text, "json", "application/json", rows=json.loads(text)["count"])


@dataclass(frozen=True, slots=True)
class Verification:
    """What checking the chain found: no problem, or the first row that does not verify."""

    problem: AuditProblem | None
    rows: int


def _download(store: Store, session: WebSession, text: str, extension: str, media_type: str, *, rows: int) -> Response:
    """The trail as a file, audited as a download of the `rows` it holds: recorded after the export (the file
    does not hold its own row) and before anything is sent, so no copy leaves the desk unrecorded."""
    store.record_download(session.user.name, {"what": "audit", "format": extension, "rows": rows})
    stamp = iso(store.clock()).replace(":", "").replace("-", "")
    filename = f"commsdesk-audit-{stamp}.{extension}"
    return Response(
        text.encode("utf-8"),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _page(
    request: Request,
    store: Store,
    session: WebSession,
    search: Search,
    *,
    before: str = "",
    verification: Verification | None = None,
) -> HTMLResponse:
    problems = search.problems()
    if before.strip() and _number(before) is None:
        problems.append("before: give a row number, such as 120")
    entries = [] if problems else search.entries(store, before=_number(before))
    rows = [
        Row(entry, _what(entry, step.what), json.dumps(entry.changes, ensure_ascii=False, indent=2, sort_keys=True))
        for entry, step in zip(entries, history(entries), strict=True)
    ]
    older = search.query(before=entries[-1].seq) if len(entries) == AUDIT_PAGE else None
    broken = _row(store, verification.problem.seq) if verification and verification.problem else None
    return render(
        request,
        "audit.html",
        title=AUDIT.title,
        status_code=400 if problems else 200,
        search=search,
        errors=problems,
        rows=rows,
        paged=bool(before),
        older=older,
        newest=search.query(),
        verification=verification,
        broken=broken,
        actions=ACTIONS,
        users=[user.name for user in store.users()],
        may_export=session.user.has(*EXPORTERS),
    )


def _what(entry: AuditEntry, told: str) -> str:
    """What a row did, in words: `publish.desk.history`'s line for a post; for a user, whose roles or
    password changed and how."""
    changes = entry.changes
    if entry.action == "password":
        return f"set a new password for {changes.get('user')}"
    if entry.action != "user":
        return told
    parts = []
    for field in ("roles", "email"):
        if field in changes:
            before, after = changes[field]
            parts.append(f"{field} {_listed(before)} → {_listed(after)}")
    return f"{changes.get('user')}: " + "; ".join(parts)


def _listed(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value) if value else "none"


def _row(store: Store, seq: int) -> AuditEntry | None:
    """The row numbered `seq`, when it is still there (a deleted row is not)."""
    found = search_audit(store, before=seq + 1, limit=1)
    return found[0] if found and found[0].seq == seq else None


def _number(text: str) -> int | None:
    """A whole number as typed (a post or row number), or None: not one, or too long to be one."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def _day(value: str) -> date | None:
    """A date as a date input sends it (2026-11-20), or None; years a trail can hold only."""
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        return None
    return day if 2000 <= day.year <= 9000 else None


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LONDON)
