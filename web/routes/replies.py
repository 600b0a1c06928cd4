"""The response queue: mentions that need a reply from the force, most urgent first. Take one, answer it
(the reply is checked and goes for approval like any post), or dismiss it with a note saying why.

Every move is the store's reply verbs and `publish.replies.queue.answer`, as for `commsdesk replies ...`;
the queue's table of moves decides, and its refusal comes back on the page as an error. Each form posts,
then goes to a page that says what was done (read back from the store), so a reload never posts twice.
Mentions are shown as `shown_mentions` makes them: private people as pseudonyms.

The queue shows `PAGE` items at a time, from after a cursor naming a place in its order (an item's priority,
mention time and id: the order's whole key), never an offset: answering or dismissing an item on one page
moves nothing onto or off the next. A form on a page of the queue sends that page's address as `back`, and
the browser comes back to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from analyse.pseudonyms import Pseudonymiser
from analyse.views import ShownMention, shown_mentions
from commsdesk.records import iso
from commsdesk.status import NAMES
from commsdesk.store import Store
from policy_checks.engine import default_checker
from publish.desk import ForceChecks
from publish.drafts import AUTHORS, Checks, DraftRefused
from publish.lifecycle import IllegalMove, NotAllowed
from publish.records import Post, User
from publish.replies.queue import answer
from publish.replies.records import KINDS, QueueItem, shown_status
from web.access import REPLIES
from web.guards import DeskStore, check_csrf, desk, policy_checks, require
from web.pages import render
from web.records import WebSession

router = APIRouter()

Desker = Annotated[WebSession, Depends(require(*REPLIES.roles))]
Posted = Annotated[WebSession, Depends(check_csrf)]
Problem = tuple[str, str]  # (the field's id, or "" for the form as a whole; the message)

PAGE = 50  # queue items a page shows, most urgent first; the next ones are a link away
MAX_NOTE = 1000
# A queue item's id in an address (0: none), bounded so a made-up number is a bad request, not an integer
# SQLite cannot hold.
ItemId = Annotated[int, Query(ge=0, le=2**63 - 1)]
# A place in the queue's order as an address carries it: the priority, mention time (UTC) and id of the item a
# page follows, "2.20261120T081500Z.17".
_CURSOR = re.compile(r"(\d{1,9})\.(\d{8}T\d{6}Z)\.(\d{1,18})", re.ASCII)
_CURSOR_TIME = "%Y%m%dT%H%M%SZ"
_LISTED = frozenset({"after", "kind", "mine"})  # what a queue page's address holds, besides what was done
# What the item page can say was done after a move: said only when the store shows it (the item has that
# status and is the reader's), never on the address's word alone.
DONE = frozenset({"assigned", "answered"})


@dataclass(frozen=True, slots=True)
class Queued:
    """A queue item as the pages show it: the mention (None when it is no longer stored), the reply post
    once answered, and what the desk sees of its progress (`shown_status`)."""

    item: QueueItem
    mention: ShownMention | None
    reply: Post | None
    status: str

    @property
    def kind(self) -> str:
        return self.item.kind.replace("_", " ")

    @property
    def platform(self) -> str:
        return NAMES.get(self.item.platform, self.item.platform)


def shown_items(request: Request, store: Store, items: list[QueueItem]) -> list[Queued]:
    """`items` with their mentions (pseudonymised, one scrubber for the page) and reply posts, read for the
    whole page at once: three queries, however many items."""
    keys = [(item.platform, item.mention_id) for item in items]
    stored, analyses = store.mentions_by_key(keys), store.analysed_by_key(keys)
    replies = {post.id: post for post in store.posts_by_id(i.post_id for i in items if i.post_id is not None)}
    found = [(item, stored.get(key)) for item, key in zip(items, keys, strict=True)]
    pairs = [(mention, analyses.get((mention.platform, mention.id))) for _, mention in found if mention]
    mentions = iter(shown_mentions(desk(request).settings, Pseudonymiser(store.pseudonym_key()), pairs))
    shown = []
    for item, mention in found:
        reply = replies.get(item.post_id) if item.post_id is not None else None
        shown.append(Queued(item, next(mentions) if mention else None, reply, shown_status(item, reply)))
    return shown


# -- the queue --------------------------------------------------------------------------------------

Place = tuple[int, datetime, int]  # (priority, mention time, id): where an item is in the queue's order


def cursor(item: QueueItem) -> str:
    """The address form of the place just after `item` in the queue (`read_cursor` reads it back)."""
    return f"{item.priority}.{iso(item.mention_at).replace('-', '').replace(':', '')}.{item.id}"


def read_cursor(text: str) -> Place | None:
    """The place a `cursor` names, or None for anything `cursor` does not write (an edited or cut link)."""
    found = _CURSOR.fullmatch(text)
    if found is None:
        return None
    try:
        at = datetime.strptime(found[2], _CURSOR_TIME).replace(tzinfo=UTC)
    except ValueError:  # a 13th month, a 30 February
        return None
    return int(found[1]), at, int(found[3])


@dataclass(frozen=True, slots=True)
class Listing:
    """Which part of the queue a page lists: its filters, and `after`, the `cursor` of the item it follows
    ("": from the most urgent)."""

    kind: str = ""
    mine: bool = False
    after: str = ""

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        if self.kind and self.kind not in KINDS:
            found.append(("replies-kind", "Kind: choose a crime report, a complaint or a question"))
        if self.after and read_cursor(self.after) is None:
            found.append(("", "After: not a place in the queue; choose Show to start from the most urgent"))
        return found

    def address(self, *, after: str | None = None, **done: int) -> str:
        """This page's address; with `after`, another page of the same list; `done`: what the page says was done
        (`dismissed` or `assigned`, an item's id)."""
        fields = {"after": self.after if after is None else after, "kind": self.kind, "mine": "1" if self.mine else ""}
        query = urlencode({name: value for name, value in {**fields, **done}.items() if value})
        return f"/replies?{query}" if query else "/replies"


def listing_from(back: str) -> Listing | None:
    """The queue page a form was on, from its `back` field (that page's `Listing.address`); None when the form
    was not on the queue (the item's own page) or the field is no such address: nothing else is followed."""
    parts = urlsplit(back)
    if (parts.scheme, parts.netloc, parts.path, parts.fragment) != ("", "", "/replies", ""):
        return None
    fields = parse_qs(parts.query, keep_blank_values=True)
    if not set(fields) <= _LISTED or any(len(values) != 1 for values in fields.values()):
        return None
    said = {name: values[0] for name, values in fields.items()}
    listing = Listing(kind=said.get("kind", ""), mine=bool(said.get("mine")), after=said.get("after", ""))
    return None if listing.problems() else listing


@dataclass(frozen=True, slots=True)
class QueueWindow:
    """The items a page of the queue shows, most urgent first, the first of them number `first` of the `waiting`
    (those that need the desk, with the page's filters); the next page shows `coming` more (0: there is none)."""

    items: list[QueueItem]
    first: int
    waiting: int
    coming: int

    @property
    def last(self) -> int:
        """The number of the last item shown (`first` - 1 when none is)."""
        return self.first + len(self.items) - 1


def queue_window(store: Store, listing: Listing, me: User) -> QueueWindow:
    """The `PAGE` items after the listing's place, read with one more to know whether more follow, and two counts
    on the queue's table (all that wait, and those from the place on) for the numbers the page gives."""
    kind, mine = listing.kind or None, me.name if listing.mine else None
    place = read_cursor(listing.after) if listing.after else None
    read = store.reply_queue(to_do=True, kind=kind, assigned_to=mine, after=place, limit=PAGE + 1)
    waiting = store.count_reply_queue(to_do=True, kind=kind, assigned_to=mine)
    left = store.count_reply_queue(to_do=True, kind=kind, assigned_to=mine, after=place) if place else waiting
    items = read[:PAGE]
    # The reads are not one snapshot: an item answered or dismissed between them must not give nonsense numbers.
    coming = min(PAGE, max(left - len(items), 1)) if len(read) > PAGE else 0
    return QueueWindow(items, max(waiting - left, 0) + 1, waiting, coming)


def queue_pages(listing: Listing, window: QueueWindow) -> list[tuple[str, str]]:
    """The pager's links (address, words): back to the most urgent, and on to the next page, filters kept."""
    pages = [(listing.address(after=""), "Most urgent first")] if listing.after else []
    if window.coming:
        pages.append((listing.address(after=cursor(window.items[-1])), f"Next {window.coming}"))
    return pages


@router.get("/replies")
def queue_page(
    request: Request,
    store: DeskStore,
    session: Desker,
    kind: Annotated[str, Query()] = "",
    mine: Annotated[str, Query()] = "",
    after: Annotated[str, Query()] = "",
    dismissed: ItemId = 0,
    assigned: ItemId = 0,
) -> HTMLResponse:
    """What still needs the desk (open, assigned, a reply not yet out), most urgent first, `PAGE` items from
    after the place `after` names."""
    me = session.user
    gone = store.reply_item(dismissed) if dismissed else None
    notice = f"Reply {gone.id} dismissed: {gone.dismissed_note}" if gone and gone.status == "dismissed" else ""
    taken = store.reply_item(assigned) if assigned else None
    mine_now = taken is not None and taken.status == "assigned" and taken.assigned_to == me.name
    return _queue(
        request, store, me, Listing(kind, bool(mine), after), notice=notice, taken=assigned if mine_now else 0
    )


def _queue(
    request: Request,
    store: Store,
    me: User,
    listing: Listing,
    *,
    refused: list[Problem] | None = None,
    notice: str = "",
    taken: int = 0,
    status_code: int = 200,
) -> HTMLResponse:
    """A page of the queue; `refused`: a move a form on it asked for and the queue's table refused."""
    problems = listing.problems()
    window = None if problems else queue_window(store, listing, me)
    return render(
        request,
        "replies.html",
        title=REPLIES.title,
        status_code=400 if problems else status_code,
        errors=problems or refused or [],
        window=window,
        queue=shown_items(request, store, window.items) if window else [],
        pages=queue_pages(listing, window) if window else [],
        pages_of="the response queue",
        back=listing.address(),
        kinds=[(k, k.replace("_", " ")) for k in KINDS],
        kind=listing.kind,
        mine=listing.mine,
        may_answer=me.has(*AUTHORS),
        notice=notice,
        taken=taken,
    )


# -- one item ---------------------------------------------------------------------------------------


@router.get("/replies/{ident}")
def item_page(
    request: Request,
    store: DeskStore,
    session: Desker,
    ident: int,
    done: Annotated[str, Query()] = "",
    back: Annotated[str, Query()] = "",
) -> Response:
    """One item; opened from a page of the queue (`back`), its dismiss form and its link lead back there."""
    return _item(request, store, session.user, ident, done=done, back=back)


@router.post("/replies/{ident}/assign")
def assign_to_me(
    request: Request, store: DeskStore, session: Desker, _: Posted, ident: int, back: Annotated[str, Form()] = ""
) -> Response:
    """Take the item: the one assigned answers it (handing on someone else's is for reviewers and duty). Taken
    from a page of the queue (`back`), the browser goes back to that page, at the item, refused or done; from
    the item's own page, to that page, to write the answer."""
    me = session.user
    listing = listing_from(back)
    try:
        store.assign_reply(ident, to=me, by=me)
    except KeyError:
        return _missing(request, ident)
    except (IllegalMove, NotAllowed) as refused:
        if listing is not None:
            return _queue(request, store, me, listing, refused=[("", str(refused))], status_code=409)
        return _item(request, store, me, ident, errors=[("", str(refused))], status_code=409)
    if listing is not None:
        return RedirectResponse(f"{listing.address(assigned=ident)}#reply-{ident}", status_code=303)
    return RedirectResponse(f"/replies/{ident}?done=assigned", status_code=303)


@router.post("/replies/{ident}/answer")
def answer_it(
    request: Request,
    store: DeskStore,
    session: Desker,
    _: Posted,
    checker: Annotated[Checks, Depends(policy_checks)],
    ident: int,
    text: Annotated[str, Form()] = "",
) -> Response:
    """Draft the reply, checked at once, and submit it for approval: nothing is saved when it is refused."""
    me = session.user
    item = store.reply_item(ident)
    if item is None:
        return _missing(request, ident)
    if isinstance(checker, ForceChecks):
        default_checker().warm_up()  # the model loads now, not inside the store's write lock
    try:
        answer(store, desk(request).settings, item, text, me, checker)
    except DraftRefused as refused:
        problems = [("reply-text", f"Reply: {reason}") for reason in refused.reasons]
        return _item(request, store, me, ident, errors=problems, typed=text, status_code=400)
    except (IllegalMove, NotAllowed) as refused:
        return _item(request, store, me, ident, errors=[("", str(refused))], typed=text, status_code=409)
    except KeyError as gone:
        return _item(request, store, me, ident, errors=[("", str(gone.args[0]))], typed=text, status_code=409)
    return RedirectResponse(f"/replies/{ident}?done=answered", status_code=303)


@router.post("/replies/{ident}/dismiss")
def dismiss(
    request: Request,
    store: DeskStore,
    session: Desker,
    _: Posted,
    ident: int,
    note: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
) -> Response:
    """Take the item off the queue without a reply; the note says why, for whoever looks later. Then back to
    the page of the queue the item was opened from (`back`), else the most urgent."""
    me = session.user
    if len(note) > MAX_NOTE:
        problem = ("dismiss-note", f"Note: at most {MAX_NOTE} characters")
        return _item(request, store, me, ident, errors=[problem], note=note, back=back, status_code=400)
    try:
        store.dismiss_reply(ident, by=me, note=note)
    except KeyError:
        return _missing(request, ident)
    except NotAllowed as refused:
        problem = ("dismiss-note", "Note: say why no reply is needed") if "note" in str(refused) else ("", str(refused))
        return _item(request, store, me, ident, errors=[problem], note=note, back=back, status_code=400)
    except IllegalMove as refused:
        return _item(request, store, me, ident, errors=[("", str(refused))], note=note, back=back, status_code=409)
    listing = listing_from(back) or Listing()
    return RedirectResponse(listing.address(dismissed=ident), status_code=303)


def _item(
    request: Request,
    store: Store,
    me: User,
    ident: int,
    *,
    done: str = "",
    errors: list[Problem] | None = None,
    typed: str = "",
    note: str = "",
    back: str = "",
    status_code: int = 200,
) -> Response:
    """The item's page; `back` the queue page it was opened from, followed only when it is one."""
    item = store.reply_item(ident)
    if item is None:
        return _missing(request, ident)
    (shown,) = shown_items(request, store, [item])
    notice = done if done in DONE and item.status == done and item.assigned_to == me.name else ""
    return render(
        request,
        "reply.html",
        title=f"Reply {item.id}: {shown.kind}",
        status_code=status_code,
        queued=shown,
        errors=errors or [],
        invalid={field for field, _ in errors or []},
        typed=typed,
        note=note,
        notice=notice,
        mine=item.assigned_to == me.name,
        may_answer=me.has(*AUTHORS),
        back=(listing_from(back) or Listing()).address(),
    )


def _missing(request: Request, ident: int) -> Response:
    return render(
        request,
        "error.html",
        title="Not in the queue",
        status_code=404,
        message=f"There is no reply {ident} in the response queue. The queue lists those there are.",
    )
