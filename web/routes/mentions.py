"""Search over every stored mention: words, platform, neighbourhood, sentiment and time, newest first.

`Store.search_mentions` does the searching, a bounded stretch of mentions per page (see there): a page
may come back short with a cursor to older ones, and says so. Results are shown as `shown_mentions`
makes them, so a private author is a pseudonym here as in the daily report, and a link to the original
is only ever an http(s) address.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from analyse.pseudonyms import Pseudonymiser
from analyse.records import SENTIMENTS, Analysed
from analyse.views import ShownMention, shown_mentions
from commsdesk.records import PLATFORMS, Mention
from commsdesk.status import NAMES
from commsdesk.store import Store
from config.settings import Settings
from publish.drafts import DraftRefused, london_to_utc
from web.access import MENTIONS
from web.guards import DeskStore, desk, require
from web.pages import render
from web.records import WebSession

router = APIRouter()

Reader = Annotated[WebSession, Depends(require(*MENTIONS.roles))]

PAGE = 50
MAX_WORDS = 200  # characters of search words: a sentence, not a document


@dataclass(frozen=True, slots=True)
class Search:
    """The search form as typed (kept to fill the form again and to build the link to older results)."""

    q: str = ""
    platform: str = ""
    place: str = ""
    sentiment: str = ""
    since: str = ""  # London times as the datetime-local inputs send them: 2026-11-20T09:30
    until: str = ""

    def problems(self, settings: Settings) -> list[tuple[str, str]]:
        """Every field filled in wrongly, as (the field's id, a message naming it)."""
        found = []
        if len(self.q) > MAX_WORDS:
            found.append(("mentions-q", f"Words: at most {MAX_WORDS} characters"))
        if self.platform and self.platform not in PLATFORMS:
            found.append(("mentions-platform", "Platform: choose X, Facebook or YouTube"))
        if self.place and self.place not in places(settings):
            found.append(("mentions-place", "Place: choose one of the force's neighbourhoods"))
        if self.sentiment and self.sentiment not in SENTIMENTS:
            found.append(("mentions-sentiment", "Sentiment: choose negative, neutral or positive"))
        times = {}
        for ident, label, value in (("mentions-since", "From", self.since), ("mentions-until", "Before", self.until)):
            try:
                times[ident] = london_to_utc(value) if value.strip() else None
            except DraftRefused as refused:
                found.append((ident, f"{label}: {'; '.join(refused.reasons)}"))
        since, until = times.get("mentions-since"), times.get("mentions-until")
        if since and until and since >= until:
            found.append(("mentions-until", "Before: the end of the time range comes before its start"))
        return found

    def run(self, store: Store, *, before: str) -> tuple[list[tuple[Mention, Analysed | None]], str]:
        """The mentions this search finds on one page, and the cursor to older ones (checked first: `problems`)."""
        return store.search_mentions(
            self.q,
            platform=self.platform or None,
            place=self.place or None,
            sentiment=self.sentiment or None,
            since=_utc(self.since),
            until=_utc(self.until),
            limit=PAGE,
            before_cursor=before,
        )

    @property
    def filtered(self) -> bool:
        return any(asdict(self).values())

    def query(self, **more: str) -> str:
        """This search as a query string (fields left empty are left out), with `more` added."""
        return urlencode({k: v for k, v in {**asdict(self), **more}.items() if v})


def _utc(value: str) -> datetime | None:
    return london_to_utc(value) if value.strip() else None


def places(settings: Settings) -> list[str]:
    return [area.name for area in settings.neighbourhoods]


@router.get("/mentions")
def search_page(
    request: Request,
    store: DeskStore,
    _: Reader,
    q: Annotated[str, Query()] = "",
    platform: Annotated[str, Query()] = "",
    place: Annotated[str, Query()] = "",
    sentiment: Annotated[str, Query()] = "",
    since: Annotated[str, Query()] = "",
    until: Annotated[str, Query()] = "",
    before: Annotated[str, Query()] = "",
) -> HTMLResponse:
    settings = desk(request).settings
    search = Search(q.strip(), platform, place, sentiment, since.strip(), until.strip())
    errors = search.problems(settings)
    results: list[ShownMention] = []
    cursor = ""
    if not errors:
        try:
            found, cursor = search.run(store, before=before)
        except ValueError:  # a cursor not from this search: an edited or stale link
            errors = [("", "That page of results no longer matches the search: start again from the newest.")]
        else:
            results = shown_mentions(settings, Pseudonymiser(store.pseudonym_key()), found)
    return render(
        request,
        "mentions.html",
        title=MENTIONS.title,
        status_code=400 if errors else 200,
        search=search,
        errors=errors,
        results=results,
        older=search.query(before=cursor) if cursor else "",
        paged=bool(before),
        full=len(results) == PAGE,
        window=store.SEARCH_WINDOW,
        platforms=[(p, NAMES.get(p, p)) for p in PLATFORMS],
        places=places(settings),
        sentiments=SENTIMENTS,
        names=NAMES,
    )
