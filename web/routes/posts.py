"""The force's own posts, newest first a page at a time, each with where it is; and the calendar of what is due
to go out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from publish import desk as publishing
from publish.drafts import LONDON
from publish.records import Post
from web.access import CALENDAR, POSTS
from web.guards import DeskStore, require
from web.pages import render
from web.records import WebSession
from web.routes.review import PostId, queue_places, waiting_ids

router = APIRouter()

POSTS_PAGE = 50  # posts a page of the list shows, newest first; older ones are a link away

CALENDAR_DAYS = 14
CALENDAR_STATES = ("approved", "scheduled", "held")  # what may still go out (held: once released and approved)


@router.get("/posts")
def post_queue(
    request: Request,
    store: DeskStore,
    _: Annotated[WebSession, Depends(require(*POSTS.roles))],
    before: PostId = 0,
) -> HTMLResponse:
    """The posts older than post `before` (0: the newest), `POSTS_PAGE` of them, with a link to the next older."""
    read = store.posts_before(before or None, limit=POSTS_PAGE + 1)  # one more says whether older ones exist
    posts = read[:POSTS_PAGE]
    waiting = waiting_ids(store)
    where = where_it_is(posts, queue_places(waiting), waiting=len(waiting))
    pages = [("/posts", "Newest posts")] if before else []
    if len(read) > POSTS_PAGE:
        pages.append((f"/posts?before={posts[-1].id}", "Older posts"))
    return render(
        request,
        "posts.html",
        title=POSTS.title,
        posts=posts,
        where=where,
        before=before,
        pages=pages,
        pages_of="the force's posts",
    )


def where_it_is(posts: Iterable[Post], places: Mapping[int, int], *, waiting: int) -> dict[int, str]:
    """post id → where it is, in words: its place in the review queue while it waits, else what comes next."""
    said = {}
    for post in posts:
        if post.id in places:
            blocked = "; a finding blocks approval" if post.blocking else ""
            said[post.id] = f"number {places[post.id]} of {waiting} waiting for review{blocked}"
        else:
            said[post.id] = publishing.next_step(post)
    return said


# -- the calendar ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Day:
    """One London day of the calendar and the posts due on it, in time order, each with its London time."""

    day: date
    posts: list[tuple[str, Post]]

    @property
    def heading(self) -> str:
        return f"{self.day:%A} {self.day.day} {self.day:%B %Y}"


def calendar_days(posts: Iterable[Post], *, now: datetime, days: int = CALENDAR_DAYS) -> list[Day]:
    """The `days` London days from `now`'s, each with the posts due on it from `now` on; a post without a
    time or already past it is left out (see `without_a_time`)."""
    today = now.astimezone(LONDON).date()
    due: dict[date, list[Post]] = {today + timedelta(days=n): [] for n in range(days)}
    for post in posts:
        if post.scheduled_at is None or post.scheduled_at < now:
            continue
        local = post.scheduled_at.astimezone(LONDON).date()
        if local in due:
            due[local].append(post)
    return [
        Day(day, [(_clock(p), p) for p in sorted(found, key=lambda p: (p.scheduled_at, p.id))])
        for day, found in due.items()
    ]


def without_a_time(posts: Iterable[Post]) -> list[Post]:
    """Posts that go out as soon as they are approved (or released), oldest first."""
    return sorted((p for p in posts if p.scheduled_at is None), key=lambda p: p.id)


def _clock(post: Post) -> str:
    local = post.scheduled_at.astimezone(LONDON) if post.scheduled_at else None
    return f"{local:%H:%M} {local.tzname()}" if local else ""


@router.get("/calendar")
def calendar(
    request: Request, store: DeskStore, _: Annotated[WebSession, Depends(require(*CALENDAR.roles))]
) -> HTMLResponse:
    """What is due to go out in the next 14 days, London day by day."""
    now = store.clock()
    # a day past the span: London's days are read from UTC times, and `calendar_days` keeps exactly its own
    outgoing = store.posts_going_out(CALENDAR_STATES, start=now, end=now + timedelta(days=CALENDAR_DAYS + 1))
    return render(
        request,
        "calendar.html",
        title=CALENDAR.title,
        days=calendar_days(outgoing, now=now),
        unscheduled=without_a_time(outgoing),
        span=CALENDAR_DAYS,
    )
