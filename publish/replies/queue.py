"""The response queue's job and its one writing operation: mark what needs a reply, answer it as a post.

`queue_new` runs after each analysis (the service calls it). The store remembers how far it got (by
mention rowid, behind the analysis), so each mention is looked at once, and a run with nothing new
costs two settings reads. Marking is safe to race: a mention is queued at most once.

`answer` drafts the reply with `Store.create_post` (checked at once, audited), links it to the
queued mention and submits it: a reply takes the same check → approve → publish path as any post.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from analyse.records import Analysed
from commsdesk.records import Mention
from commsdesk.store import Store
from config.settings import Settings
from publish.drafts import Checks, DraftRefused, PostSpec, force_accounts
from publish.records import Post, User
from publish.replies.records import QueueItem, Reason, move
from publish.replies.rules import OwnAccounts, needs_reply, reply_account, reply_target

BATCH = 1000
# Seen first this long after it was posted (a file import, a restart after days down): a reply now
# would help nobody, and a backlog must not bury today's queue.
STALE_AFTER = timedelta(days=3)
# A copy of a text queued this recently (pasted by many, or posted twice) is not queued again.
COPIES_WITHIN = timedelta(days=1)


def queue_new(store: Store, settings: Settings, *, now: datetime, batch_size: int = BATCH) -> int:
    """Mark every mention analysed since the last run that needs a reply; how many were marked."""
    own = OwnAccounts.from_settings(settings)
    marked = 0
    while batch := store.unqueued(limit=batch_size):
        marked += store.mark_for_reply(_needing_reply(store, own, batch, now=now), upto=batch[-1][0])
    return marked


def _needing_reply(
    store: Store, own: OwnAccounts, batch: Sequence[tuple[int, Mention, Analysed | None]], *, now: datetime
) -> list[tuple[Analysed, Reason]]:
    found: list[tuple[Analysed, Reason]] = []
    for _, mention, analysed in batch:
        if analysed is None or mention.created_at < now - STALE_AFTER:
            continue
        parent = store.get_mention(mention.platform, mention.in_reply_to) if mention.in_reply_to else None
        reason = needs_reply(mention, analysed, own, parent=parent)
        if reason is not None:
            found.append((analysed, reason))
    seen = store.queued_copies((analysed.dup_key for analysed, _ in found), since=now - COPIES_WITHIN)
    kept = []
    for analysed, reason in found:
        if analysed.dup_key in seen:
            continue
        if analysed.dup_key:
            seen.add(analysed.dup_key)
        kept.append((analysed, reason))
    return kept


def answer(
    store: Store,
    settings: Settings,
    item: QueueItem,
    text: str,
    by: User,
    checker: Checks,
    submit: bool = True,
) -> tuple[QueueItem, Post]:
    """Draft `text` as the force's reply to `item`'s mention, link it, and submit it for approval (unless
    `submit` is False). Raises `DraftRefused` (bad text), `IllegalMove` / `NotAllowed` (not yours to
    answer, already answered): nothing is saved then.

    All in one write transaction, so the checks run inside it: pass a checker whose model is loaded.
    """
    mention = store.get_mention(item.platform, item.mention_id)
    if mention is None:
        raise KeyError(f"reply {item.id}: the mention {item.mention} is no longer stored")
    target, account = reply_target(mention), reply_account(mention, OwnAccounts.from_settings(settings))
    if target is None or account is None:
        raise DraftRefused([f"the force has no {item.platform} account that can answer {item.mention}"])
    move(item, "answer", by=by, at=store.clock(), post_id=0)  # says no before the checks run
    spec = PostSpec(texts={mention.platform: text}, accounts=(account,), in_reply_to=target)
    with store.transaction():
        item, post = store.answer_reply(item.id, spec, by=by, checker=checker, known_accounts=force_accounts(settings))
        if submit:
            post = store.move_post(post.id, "submit", by)
    return item, post
