"""The daily reports: the list of those in `[report] folder`, newest first; each one's HTML to read and
its PDF to download.

A file is served only when the listing names it: a report's name is looked up among the files the
folder holds (regular files named as `analyse.report.render.file_stem` names them, never a link), so no
path typed into the address (`../`, an absolute path, a symlink) can reach anything else.

The report's HTML is a page of its own, made to be emailed: its style is inline and its charts are
``data:`` images, which the desk's Content-Security-Policy refuses. So it is served with a policy of its
own that allows exactly those and no script at all, in a sandbox (an origin of its own: even a script
that got in could not reach the desk's cookies or pages).

Every file served is a row of the audit trail (`download`): who took which report off the desk, when.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.exceptions import HTTPException

from web.access import REPORTS
from web.guards import DeskStore, desk, require
from web.pages import render
from web.records import WebSession

router = APIRouter()

Reader = Annotated[WebSession, Depends(require(*REPORTS.roles))]

# hot-topics-2026-11-20, or hot-topics-2026-11-20T0700-to-2026-11-21T0700 (`file_stem`), then .html or .pdf
NAME = re.compile(r"hot-topics-\d{4}-\d{2}-\d{2}(?:T\d{4}-to-\d{4}-\d{2}-\d{2}T\d{4})?\.(?:html|pdf)")
REPORT_POLICY = "; ".join(
    (
        "default-src 'none'",
        "img-src data:",
        "style-src 'unsafe-inline'",  # the report's own <style> and style attributes; its text is escaped
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "sandbox",  # no scripts, no forms, an origin of its own
    )
)


@dataclass(frozen=True, slots=True)
class Report:
    """One report period: its HTML and, when it was printed, its PDF (names within the folder)."""

    stem: str
    html: str | None
    pdf: str | None
    written_at: datetime

    @property
    def period(self) -> str:
        return period_of(self.stem)


def period_of(stem: str) -> str:
    """ "Friday 20 November 2026", or both ends of a period that is not one whole day (London time)."""
    first, _, last = stem.removeprefix("hot-topics-").partition("-to-")
    try:
        if not last:
            return f"{date.fromisoformat(first):%A %d %B %Y}"
        start, end = (datetime.strptime(part, "%Y-%m-%dT%H%M") for part in (first, last))
    except ValueError:  # named like a report, but not a real day
        return stem
    return f"{start:%a %d %b %Y %H:%M} to {end:%a %d %b %Y %H:%M}"


def downloaded(name: str) -> dict[str, str]:
    """What the audit trail keeps of a report file served (`Store.record_download`): its day and format, and
    for a period that is not one whole day, the period too (its first day is the day)."""
    stem, _, extension = name.rpartition(".")
    first, _, last = stem.removeprefix("hot-topics-").partition("-to-")
    what = {"what": "report", "day": first[:10], "format": extension}
    return {**what, "period": period_of(stem)} if last else what


def report_files(folder: Path) -> dict[str, Path]:
    """Every report file in `folder`, by name: regular files named as reports are, nothing else."""
    if not folder.is_dir():
        return {}
    return {
        path.name: path
        for path in folder.iterdir()
        if NAME.fullmatch(path.name) and not path.is_symlink() and path.is_file()
    }


def reports_in(files: dict[str, Path]) -> list[Report]:
    """The reports, newest period first (a name starts with its period's first day)."""
    stems = sorted({name.rsplit(".", 1)[0] for name in files}, reverse=True)
    reports = []
    for stem in stems:
        html, pdf = f"{stem}.html", f"{stem}.pdf"
        written = max(files[name].stat().st_mtime for name in (html, pdf) if name in files)
        reports.append(
            Report(
                stem,
                html if html in files else None,
                pdf if pdf in files else None,
                datetime.fromtimestamp(written, UTC),
            )
        )
    return reports


def _folder(request: Request) -> Path:
    return Path(desk(request).settings.report.folder)


@router.get("/reports")
def reports_page(request: Request, _: Reader) -> HTMLResponse:
    folder = _folder(request)
    return render(
        request, "reports.html", title=REPORTS.title, reports=reports_in(report_files(folder)), folder=str(folder)
    )


@router.get("/reports/{name}")
def report_file(request: Request, store: DeskStore, session: Reader, name: str) -> Response:
    """One file the listing names: the HTML to read in the browser, the PDF as a download; either way an
    audit row says who took which report off the desk (recorded before the file is sent)."""
    path = report_files(_folder(request)).get(name)
    if path is None:
        raise HTTPException(404)
    store.record_download(session.user.name, downloaded(name))
    if name.endswith(".pdf"):
        return FileResponse(path, media_type="application/pdf", filename=name)  # Content-Disposition: attachment
    return FileResponse(path, media_type="text/html; charset=utf-8", headers={"Content-Security-Policy": REPORT_POLICY})
