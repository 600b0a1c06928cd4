"""The response queue: mentions that need a reply from the force, most urgent first. Take one, answer it
(the reply is checked and goes for approval like any post), or dismiss it with a note saying why.

Every move is the store's reply verbs and `publish.replies.queue.answer`, as for `commsdesk replies ...`;
the queue's table of moves decides, and its refusal comes back on the page as an error. Each form posts,
then goes to a page that says what was done (read back from the store), so a reload never posts twice.
Mentions are shown as `shown_mentions` makes them: private people as pseudonyms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from analyse.pseudonyms import Pseudonymiser
from analyse.views import ShownMention, shown_mentions
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

PAGE = 50  # queue items a page shows (the most urgent); a longer queue says so
MAX_NOTE = 1000
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


@router.get("/replies")
def queue_page(
    request: Request,
    store: DeskStore,
    session: Desker,
    kind: Annotated[str, Query()] = "",
    mine: Annotated[str, Query()] = "",
    dismissed: Annotated[int, Query()] = 0,
) -> HTMLResponse:
    """What still needs the desk (open, assigned, a reply not yet out), most urgent first."""
    errors: list[Problem] = []
    if kind and kind not in KINDS:
        errors.append(("replies-kind", "Kind: choose a crime report, a complaint or a question"))
    me = session.user
    mine_only = me.name if mine else None
    # One more than a page: whether there are more is all the page says of the rest.
    items = [] if errors else store.reply_queue(to_do=True, kind=kind or None, assigned_to=mine_only, limit=PAGE + 1)
    gone = store.reply_item(dismissed) if dismissed else None
    notice = f"Reply {gone.id} dismissed: {gone.dismissed_note}" if gone and gone.status == "dismissed" else ""
    return render(
        request,
        "replies.html",
        title=REPLIES.title,
        status_code=400 if errors else 200,
        errors=errors,
        queue=shown_items(request, store, items[:PAGE]),
        more=len(items) > PAGE,
        kinds=[(k, k.replace("_", " ")) for k in KINDS],
        kind=kind,
        mine=bool(mine),
        may_answer=me.has(*AUTHORS),
        notice=notice,
    )


# -- one item ---------------------------------------------------------------------------------------


@router.get("/replies/{ident}")
def item_page(
    request: Request, store: DeskStore, session: Desker, ident: int, done: Annotated[str, Query()] = ""
) -> Response:
    return _item(request, store, session.user, ident, done=done)


@router.post("/replies/{ident}/assign")
def assign_to_me(request: Request, store: DeskStore, session: Desker, _: Posted, ident: int) -> Response:
    """Take the item: the one assigned answers it (handing on someone else's is for reviewers and duty)."""
    me = session.user
    try:
        store.assign_reply(ident, to=me, by=me)
    except KeyError:
        return _missing(request, ident)
    except (IllegalMove, NotAllowed) as refused:
        return _item(request, store, me, ident, errors=[("", str(refused))], status_code=409)
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
    request: Request, store: DeskStore, session: Desker, _: Posted, ident: int, note: Annotated[str, Form()] = ""
) -> Response:
    """Take the item off the queue without a reply; the note says why, for whoever looks later."""
    me = session.user
    if len(note) > MAX_NOTE:
        problem = ("dismiss-note", f"Note: at most {MAX_NOTE} characters")
        return _item(request, store, me, ident, errors=[problem], note=note, status_code=400)
    try:
        store.dismiss_reply(ident, by=me, note=note)
    except KeyError:
        return _missing(request, ident)
    except NotAllowed as refused:
        problem = ("dismiss-note", "Note: say why no reply is needed") if "note" in str(refused) else ("", str(refused))
        return _item(request, store, me, ident, errors=[problem], note=note, status_code=400)
    except IllegalMove as refused:
        return _item(request, store, me, ident, errors=[("", str(refused))], note=note, status_code=409)
    return RedirectResponse(f"/replies?dismissed={ident}", status_code=303)


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
    status_code: int = 200,
) -> Response:
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
    )


def _missing(request: Request, ident: int) -> Response:
    return render(
        request,
        "error.html",
        title="Not in the queue",
        status_code=404,
        message=f"There is no reply {ident} in the response queue. The queue lists those there are.",
    )
