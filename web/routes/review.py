"""A post's own page and the review queue: the words with what the checks found marked in them, what
changed since the last version, who did what, and the moves the signed-in user may make right now.

Each move is a form posting to `/posts/{id}/move`, which calls `publish.desk.approve` / `override` (they
queue the post for the scheduler) or `store.move_post`; the life-cycle table decides, and its refusal
(four eyes, a blocking finding, a version changed since the page was read) comes back on the page the
form was on. A page offers a move only when the table would allow it, and says why when it would not,
so nobody presses a button that can only fail.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from commsdesk.records import parse_time
from commsdesk.store import Store
from policy_checks.records import SEVERITIES, Finding
from publish import desk as publishing
from publish import lifecycle
from publish.lifecycle import IllegalMove, NotAllowed
from publish.records import PLATFORMS, Post, User
from web.access import POSTS, REVIEW
from web.guards import DeskStore, check_csrf, require
from web.pages import render
from web.records import WebSession

router = APIRouter()

Reader = Annotated[WebSession, Depends(require(*POSTS.roles))]
Reviewer = Annotated[WebSession, Depends(require(*REVIEW.roles))]
Posted = Annotated[WebSession, Depends(check_csrf)]

REVIEW_PAGE = 20  # waiting posts a page of the review queue shows, oldest first; the next ones are a link away
# A post's id in an address (0: none), as a page's cursor too: the last post of the page before. Bounded so
# a made-up number is a bad request, not an integer SQLite cannot hold.
PostId = Annotated[int, Query(ge=0, le=2**63 - 1)]
PLATFORM_NAMES = {"x": "X", "facebook": "Facebook", "youtube": "YouTube"}
MOVES = tuple(action for action in publishing.PERSON_MOVES if action != "edit")  # edit has its own form
# What a page says after a move (or after saving), and the states the post is in when it happened: the
# notice is read back from the store, never taken from the address alone.
_APPROVED = frozenset({"approved", "scheduled"})
DONE: Mapping[str, tuple[str, frozenset[str]]] = {
    "create": ("saved as a draft", frozenset({"draft"})),
    "edit": ("saved as a new version", frozenset({"draft", "submitted"})),
    "submit": ("submitted for review", frozenset({"submitted"})),
    "withdraw": ("withdrawn to draft", frozenset({"draft"})),
    "approve": ("approved", _APPROVED),
    "override": ("approved over its blocking findings", _APPROVED),
    "reject": ("rejected", frozenset({"rejected"})),
    "hold": ("held", frozenset({"held"})),
    "release": ("released back to review", frozenset({"submitted"})),
}


# -- what the pages show --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Noted:
    """A finding as a page lists it: its number (shown after its words in the text) and the words."""

    number: int
    finding: Finding
    words: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a text: plain, or marked with the worst severity of the findings over it. `notes` are
    the numbers of the findings that end here, tying the words to their line in the list."""

    text: str
    severity: str = ""
    notes: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class PlatformText:
    """One platform's words, cut into pieces for marking, with their findings in text order."""

    platform: str
    name: str
    pieces: list[Piece]
    findings: list[Noted]


@dataclass(frozen=True, slots=True)
class Change:
    """A run of words the same in both versions (`same`), or only in the old (`del`) or the new (`ins`)."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class VersionDiff:
    """What changed from version `before` to `after`: each changed platform's words, word by word, and
    the names of the other things that changed."""

    before: int
    after: int
    texts: list[tuple[str, list[Change]]]
    other: list[str]


@dataclass(frozen=True, slots=True)
class PostView:
    """A post as the pages show it to one user: its words marked, what to do next, the moves open to
    them, its place in the review queue (0 when not waiting) and what its last edit changed."""

    post: Post
    texts: list[PlatformText]
    next_step: str
    moves: list[publishing.Move]
    place: int
    diff: VersionDiff | None


def marked(text: str, noted: Sequence[Noted]) -> list[Piece]:
    """`text` cut at every finding's start and end, each piece marked with the worst finding over it."""
    size = len(text)
    spans = [(min(max(n.finding.start, 0), size), min(max(n.finding.end, 0), size), n) for n in noted]
    cuts = sorted({0, size, *(start for start, _, _ in spans), *(end for _, end, _ in spans)})
    pieces = []
    for left, right in pairwise(cuts):
        over = [n.finding.severity for start, end, n in spans if start <= left and right <= end and start < end]
        notes = tuple(n.number for _, end, n in spans if end == right or (end == 0 and left == 0))
        worst = min(over, key=SEVERITIES.index, default="")
        pieces.append(Piece(text[left:right], worst, notes))
    return pieces


def platform_texts(post: Post) -> list[PlatformText]:
    """Each platform's text with its findings, numbered along the text."""
    shown = []
    for platform in PLATFORMS:
        if platform not in post.texts:
            continue
        text = post.texts[platform]
        found = sorted(post.findings.get(platform, ()), key=lambda f: (f.start, SEVERITIES.index(f.severity), f.end))
        noted = [Noted(number, f, text[f.start : f.end]) for number, f in enumerate(found, start=1)]
        shown.append(PlatformText(platform, PLATFORM_NAMES[platform], marked(text, noted), noted))
    return shown


_WORDS = re.compile(r"^\s+|\S+\s*")  # each word with the space after it (and any space before the first)


def word_diff(before: str, after: str) -> list[Change]:
    """What changed from `before` to `after`, word by word; the runs joined give back either text."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    changes = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            changes.append(Change("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            changes.append(Change("del", "".join(old[i1:i2])))
        if j2 > j1:
            changes.append(Change("ins", "".join(new[j1:j2])))
    return changes


# The parts of a saved version other than its words, as a person names them.
_OTHER_PARTS = (
    ("accounts", "accounts"),
    ("scheduled_at", "time"),
    ("campaign", "campaign"),
    ("in_reply_to", "the mention it answers"),
    ("media", "media"),
    ("thread", "thread"),
)


def version_diff(versions: Sequence[Mapping[str, Any]]) -> VersionDiff | None:
    """What the last saved version (`store.post_versions`) changed from the one before; None for a
    post never edited."""
    if len(versions) < 2:
        return None
    old, new = versions[-2]["content"], versions[-1]["content"]
    texts = [
        (PLATFORM_NAMES[p], word_diff(old["texts"].get(p, ""), new["texts"].get(p, "")))
        for p in PLATFORMS
        if old["texts"].get(p, "") != new["texts"].get(p, "")
    ]
    other = [label for key, label in _OTHER_PARTS if old.get(key) != new.get(key)]
    return VersionDiff(versions[-2]["version"], versions[-1]["version"], texts, other)


def waiting_ids(store: Store) -> list[int]:
    """The ids of the posts waiting for review, oldest first: the whole queue's order, without reading a post."""
    return store.post_ids("submitted")


def queue_places(waiting: Sequence[int]) -> dict[int, int]:
    """post id → its place in the review queue (`waiting_ids`), from 1."""
    return {ident: place for place, ident in enumerate(waiting, start=1)}


@dataclass(frozen=True, slots=True)
class QueueWindow:
    """The waiting posts a page of the review queue shows: `ids`, oldest first, the first of them number `first`
    of the `waiting`. `earlier` and `later` are the cursors of the pages either side (None: there is none; 0:
    the start), and `coming` how many posts the later one shows."""

    ids: list[int]
    first: int
    waiting: int
    earlier: int | None
    later: int | None
    coming: int

    @property
    def last(self) -> int:
        """The place of the last post shown (`first` - 1 when none is)."""
        return self.first + len(self.ids) - 1


def queue_window(waiting: Sequence[int], *, after: int = 0, size: int = REVIEW_PAGE) -> QueueWindow:
    """The `size` posts of `waiting` (ids, oldest first) that come after post `after`. A cursor by id, not a
    count: approving a post on one page moves no other post onto or off the next."""
    start = bisect_right(waiting, after)
    end = min(start + size, len(waiting))
    back = start - size  # where the page before this one starts (from 0 or below: the start)
    earlier = None if start == 0 else waiting[back - 1] if back > 0 else 0
    later = waiting[end - 1] if end < len(waiting) else None
    coming = min(size, len(waiting) - end)
    return QueueWindow(list(waiting[start:end]), start + 1, len(waiting), earlier, later, coming)


def review_back(after: int) -> str:
    """What a review page's forms send as `back`: the queue, and the page they are on (`from_review`)."""
    return f"review:{after}" if after else "review"


def from_review(back: str) -> int | None:
    """The cursor of the review page a form was on (0: the first), or None when it was not on the queue."""
    found = re.fullmatch(r"review(?::(\d{1,18}))?", back)
    return int(found.group(1) or 0) if found else None


def post_view(
    store: Store, post: Post, user: User, *, places: Mapping[int, int], versions: Sequence[Mapping[str, Any]]
) -> PostView:
    return PostView(
        post=post,
        texts=platform_texts(post),
        next_step=publishing.next_step(post),
        moves=publishing.moves_for(post, user, at=store.clock()),
        place=places.get(post.id, 0),
        diff=version_diff(versions),
    )


# -- a post's page --------------------------------------------------------------------------------


@router.get("/posts/{ident}")
def one_post(request: Request, store: DeskStore, session: Reader, ident: int, done: str = "") -> HTMLResponse:
    """Everything about one post, and what the signed-in user may do with it now."""
    post = post_or_404(store, ident)
    return post_page(request, store, session, post, notice=_notice(post, done, next_step=False))


def post_page(
    request: Request,
    store: Store,
    session: WebSession,
    post: Post,
    *,
    errors: list[tuple[str, str]] | None = None,
    notice: str = "",
    kept: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The post's page; `errors` are (field id or "", reason) of a refused move, `kept` the notes typed
    into its forms (by field id), so a refusal loses nothing."""
    story = publishing.describe(store, post.id)  # read afresh: a refused move may have raced another
    post = story.post
    places = queue_places(waiting_ids(store)) if post.state == "submitted" else {}
    view = post_view(store, post, session.user, places=places, versions=story.versions)
    mention = store.get_mention(post.in_reply_to.platform, post.in_reply_to.mention_id) if post.in_reply_to else None
    return render(
        request,
        "post.html",
        title=f"Post {post.id}",
        status_code=status_code,
        view=view,
        story=story,
        versions=[{**row, "at": parse_time(row["at"])} for row in story.versions],
        mention=mention,
        errors=errors or [],
        notice=notice,
        kept=kept or {},
        back="post",
    )


@router.post("/posts/{ident}/move")
def move(
    request: Request,
    store: DeskStore,
    session: Posted,
    ident: int,
    action: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    seen_version: Annotated[int | None, Form()] = None,
    back: Annotated[str, Form()] = "",
) -> Response:
    """One move of the life-cycle table by the signed-in user. Approving (or overriding) queues the post
    for the scheduler at once. Refused: the page again, 409 for a move the post's state does not allow,
    403 for one this user may not make (role, four eyes, a blocking finding, no reason, a stale version)."""
    post = post_or_404(store, ident)
    if action not in MOVES:
        raise HTTPException(400)
    after = from_review(back)  # the review page the form was on comes back, refused or done
    try:
        if action == "approve":
            publishing.approve(store, ident, session.user, seen_version=seen_version)
        elif action == "override":
            publishing.override(store, ident, session.user, reason=note, seen_version=seen_version)
        else:
            store.move_post(ident, action, session.user, note=note, seen_version=seen_version)
    except (IllegalMove, NotAllowed) as refused:
        no_note = str(refused).endswith(lifecycle.NEEDS_NOTE.get(action, "\0"))
        errors = [(note_field(action, ident) if no_note else "", str(refused))]
        status = 409 if isinstance(refused, IllegalMove) else 403
        kept = {note_field(action, ident): note}
        if after is not None and session.user.has(*REVIEW.roles):
            return _review_page(request, store, session, after=after, errors=errors, kept=kept, status_code=status)
        return post_page(request, store, session, post, errors=errors, kept=kept, status_code=status)
    if after is not None:
        cursor = f"after={after}&" if after else ""
        return RedirectResponse(f"/review?{cursor}done={action}&post={ident}#post-{ident}", status_code=303)
    return RedirectResponse(f"/posts/{ident}?done={action}", status_code=303)


def note_field(action: str, ident: int) -> str:
    """The id of the reason or comment box of `action`'s form for post `ident`."""
    return f"{action}-note-{ident}"


# -- the review queue -----------------------------------------------------------------------------


@router.get("/review")
def review(
    request: Request, store: DeskStore, session: Reviewer, after: PostId = 0, done: str = "", post: PostId = 0
) -> HTMLResponse:
    """Posts waiting for review, oldest first, `REVIEW_PAGE` at a time from after post `after`, each with its
    findings, what its last edit changed, and the approve / reject (and for seniors, override) forms."""
    moved = store.post(post) if post else None
    return _review_page(request, store, session, after=after, notice=_notice(moved, done) if moved else "")


def _review_page(
    request: Request,
    store: Store,
    session: WebSession,
    *,
    after: int = 0,
    errors: list[tuple[str, str]] | None = None,
    notice: str = "",
    kept: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """One page of the queue: only its posts are read and rendered, the rest of the queue is a list of ids."""
    waiting = waiting_ids(store)
    window = queue_window(waiting, after=after)
    places = queue_places(waiting)
    views = [
        post_view(store, post, session.user, places=places, versions=store.post_versions(post.id))
        for post in store.posts_by_id(window.ids)
        if post.state == "submitted"  # not one moved on since its id was read
    ]
    return render(
        request,
        "review.html",
        title=REVIEW.title,
        status_code=status_code,
        views=views,
        window=window,
        pages=queue_pages(window),
        pages_of="the review queue",
        errors=errors or [],
        notice=notice,
        kept=kept or {},
        back=review_back(after),
    )


def queue_pages(window: QueueWindow) -> list[tuple[str, str]]:
    """The pager's links (address, words) to the pages of the queue either side of `window`."""
    pages = []
    if window.earlier is not None:
        pages.append((f"/review?after={window.earlier}" if window.earlier else "/review", "Earlier"))
    if window.later is not None:
        pages.append((f"/review?after={window.later}", f"Next {window.coming} waiting"))
    return pages


# -- helpers --------------------------------------------------------------------------------------


def post_or_404(store: Store, ident: int) -> Post:
    """Post `ident`, or the "page not found" page."""
    found = store.post(ident)
    if found is None:
        raise HTTPException(404)
    return found


def _notice(post: Post, done: str, *, next_step: bool = True) -> str:
    """ "Post 3 approved. Next: queued ..." after a move, when the post is where that move leaves it (the
    post's own page says what is next anyway)."""
    said = DONE.get(done)
    if said is None:
        return ""
    then = f" Next: {publishing.next_step(post)}" if next_step else ""
    if done in ("approve", "override") and post.state == "needs_reschedule":
        return f"Post {post.id} was not scheduled: its time had passed.{then}"
    if post.state not in said[1]:
        return ""
    return f"Post {post.id} {said[0]}.{then}"
