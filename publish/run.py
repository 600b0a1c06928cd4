"""The scheduler's publishing round: every due post goes out once on each of its accounts.

A round (`publish_due`), as the service runs it every `PUBLISH_EVERY` seconds:

1. Approved posts are queued (`schedule`): however a post got approved, the scheduler picks it up.
2. During a critical incident, routine posts (not linked to an incident, not a holding statement)
   are held instead of published (`publish.incident_hold.hold_routine`): declaring the incident held
   what was queued then; this holds what was approved since, and `incident end` releases both.
3. A queued post more than `late_after` past its time is not published late: `expire` moves it to
   needs_reschedule (a person looks again) and its author is told.
4. Posts left "publishing" (a crash, an outage that outlasted the retries) are resumed, looking on
   each account before posting; then each due post is started.

Exactly once, step by step. `start_publishing` is a state move made inside the store's write lock,
so of two schedulers one wins. Publishing then needs the post's claim (`Store.claim_post`), which
runs out after `CLAIM`: a live scheduler renews it before each account, a dead one's lapses and
another resumes the post. Each account's receipt is recorded (`record`) the moment the platform
answers, and a resumed post publishes only on the accounts without one, calling `find` first
(`deliver(look_first=True)`), so a crash between the platform's answer and our record is found,
not posted again. Transient faults retry with backoff inside `deliver`; when retries run out the
post stays "publishing" for the next round, and fails after `give_up`. Refusals (content, an
expired token) fail the post at once with the platform's words, and the author is told.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from commsdesk.delivery import Message, enqueue
from commsdesk.store import Store
from config.settings import Settings
from ingest.base import Fault, RateLimited, RetryPolicy, SourceDegraded, Stopped, TransientFault
from publish.drafts import show_london
from publish.incident_hold import hold_routine
from publish.lifecycle import IllegalMove
from publish.platforms import Outgoing, Publisher, Rejected, deliver
from publish.records import SCHEDULER, Account, Post

log = logging.getLogger("commsdesk.publish")

PUBLISH_EVERY = 30  # seconds between rounds: a post goes out within half a minute of its time
CLAIM = timedelta(minutes=10)  # longer than one account's publish with every retry waited out
LATE_AFTER = timedelta(minutes=15)  # later than this past its time, a post needs a fresh look
GIVE_UP = timedelta(hours=1)  # a platform unreachable this long fails the post: a person decides

Publishers = Callable[[Account], Publisher]


@dataclass
class PublishRound:
    """What one round did, by post id: for the log, the demo and the tests."""

    published: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    held: list[int] = field(default_factory=list)
    expired: list[int] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)  # a platform did not answer: the next round goes on
    elsewhere: list[int] = field(default_factory=list)  # another scheduler has it

    def __bool__(self) -> bool:
        return any((self.published, self.failed, self.held, self.expired, self.waiting))


def worker_name() -> str:
    """This scheduler, as its claims name it: host, process and thread."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def publishers_from_settings(settings: Settings) -> Publishers:
    """One publisher per account, built on first use with the force's credentials."""
    from publish.platforms.facebook import FacebookPublisher
    from publish.platforms.x import XPublisher
    from publish.platforms.youtube import YouTubePublisher

    built: dict[Account, Publisher] = {}

    def publisher(account: Account) -> Publisher:
        if account not in built:
            if account.platform == "x":
                built[account] = XPublisher.from_settings(settings, account.name)
            elif account.platform == "facebook":
                built[account] = FacebookPublisher.from_settings(settings)
            else:
                built[account] = YouTubePublisher.from_settings(settings)
        return built[account]

    return publisher


def publish_due(
    store: Store,
    publishers: Publishers,
    *,
    channels: Sequence[str] = (),
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] | None = None,
    stop: threading.Event | None = None,
    worker: str | None = None,
    late_after: timedelta = LATE_AFTER,
    give_up: timedelta = GIVE_UP,
    step: Callable[[str, Post], None] = lambda name, post: None,
) -> PublishRound:
    """One round (see the module docstring); `channels` are where authors are told of a failure.

    `step` is called at each point where a crash could fall ("started", "recorded"): the tests
    raise there to prove a crash at any point neither doubles nor loses a post.
    """
    worker = worker or worker_name()
    done = PublishRound()
    now = store.clock()
    for post in store.posts("approved", limit=10_000):
        _move(store, post, "schedule")
    incident = store.active_incident()
    if incident is not None:
        done.held += [post.id for post in hold_routine(store, incident, SCHEDULER)]
    starting: list[tuple[Post, bool]] = []
    for post in store.due_posts(now):
        if post.scheduled_at is not None and now - post.scheduled_at > late_after:
            _expire(store, post, channels, done)
        else:
            starting.append((post, False))
    resuming = [(post, True) for post in store.posts("publishing", limit=10_000)]
    for post, resume in [*resuming, *starting]:
        if stop is not None and stop.is_set():
            break
        _publish_one(
            store,
            post,
            publishers,
            resume=resume,
            channels=channels,
            policy=policy,
            sleep=sleep,
            stop=stop,
            worker=worker,
            give_up=give_up,
            step=step,
            done=done,
        )
    return done


def _publish_one(
    store: Store,
    post: Post,
    publishers: Publishers,
    *,
    resume: bool,
    channels: Sequence[str],
    policy: RetryPolicy | None,
    sleep: Callable[[float], None] | None,
    stop: threading.Event | None,
    worker: str,
    give_up: timedelta,
    step: Callable[[str, Post], None],
    done: PublishRound,
) -> None:
    if not resume:
        started = _move(store, post, "start_publishing")
        if started is None:
            return  # another scheduler started it first
        step("started", started)
    if not store.claim_post(post.id, worker, ttl=CLAIM):
        done.elsewhere.append(post.id)
        return
    try:
        current = store.post(post.id)
        if current is None or current.state != "publishing":
            return  # finished by another scheduler between our read and our claim
        for account in _unpublished(current):
            if not store.claim_post(post.id, worker, ttl=CLAIM):  # renew; lost if we were too slow
                done.elsewhere.append(post.id)
                return
            receipt = deliver(
                publishers(account),
                _outgoing(current, account),
                policy=policy,
                sleep=sleep,
                stop=stop,
                look_first=resume,
            )
            current = store.move_post(post.id, "record", SCHEDULER, refs={str(account): receipt.url})
            step("recorded", current)
        store.move_post(post.id, "mark_published", SCHEDULER)
        done.published.append(post.id)
        log.info("post %d published: %s", post.id, ", ".join(f"{a} {u}" for a, u in current.published.items()))
    except (Rejected, SourceDegraded) as refusal:
        _fail(store, post.id, str(refusal), channels, done)
    except (TransientFault, RateLimited) as fault:
        _wait_or_give_up(store, post.id, fault, channels, give_up, done)
    except Stopped:
        log.info("post %d: stopping mid-publish; the next run resumes it", post.id)
    finally:
        store.release_post(post.id, worker)


def _expire(store: Store, post: Post, channels: Sequence[str], done: PublishRound) -> None:
    expired = _move(store, post, "expire")
    if expired is None or post.scheduled_at is None:
        return
    done.expired.append(post.id)
    _tell_author(
        store,
        expired,
        channels,
        f"Post {post.id} was not published: its time passed",
        f"It was due at {show_london(post.scheduled_at)}, and the desk does not publish late without "
        "a fresh look. Edit the time and it goes back for approval.",
    )


def _wait_or_give_up(
    store: Store, ident: int, fault: Fault, channels: Sequence[str], give_up: timedelta, done: PublishRound
) -> None:
    current = store.post(ident)
    since = current.publishing_since if current is not None else None
    if since is not None and store.clock() - since >= give_up:
        _fail(store, ident, f"no answer since {show_london(since)}: {fault}", channels, done)
        return
    done.waiting.append(ident)
    log.warning("post %d: %s; the next round tries again", ident, fault)


def _fail(store: Store, ident: int, reason: str, channels: Sequence[str], done: PublishRound) -> None:
    failed = store.move_post(ident, "fail", SCHEDULER, note=reason)
    done.failed.append((ident, reason))
    log.error("post %d failed: %s", ident, reason)
    went_out = "".join(f"\nIt did go out on {account}: {url}" for account, url in failed.published.items())
    _tell_author(
        store,
        failed,
        channels,
        f"Post {ident} failed to publish",
        f"{reason}{went_out}\nEdit it (`commsdesk post edit {ident}`) to send it back for approval.",
        severity="warning",
    )


def _unpublished(post: Post) -> Iterable[Account]:
    """The post's accounts without a receipt yet, in the standard platform order."""
    return [a for p in post.platforms for a in post.accounts if a.platform == p and str(a) not in post.published]


def _outgoing(post: Post, account: Account) -> Outgoing:
    return Outgoing(
        post_id=str(post.id),
        version=post.version,
        platform=account.platform,
        account=account.name,
        text=post.texts[account.platform],
        since=post.publishing_since or post.updated_at or post.created_at or datetime.min,
        in_reply_to=post.in_reply_to.mention_id if post.in_reply_to else None,
    )


def _move(store: Store, post: Post, action: str, *, note: str = "") -> Post | None:
    """The scheduler's own move, or None when another process moved the post first."""
    try:
        return store.move_post(post.id, action, SCHEDULER, note=note)
    except IllegalMove:
        return None


def _tell_author(
    store: Store, post: Post, channels: Sequence[str], subject: str, text: str, *, severity: str = "info"
) -> None:
    """Queue a notice for the post's author: by email to their own address when they have one and
    email is a channel; the other channels (the desk's Teams or Slack) carry it with their name."""
    author = store.user(post.author)
    address = author.email if author is not None else ""
    for channel in channels:
        personal = channel == "email" and bool(address)
        if channel == "email" and not personal:
            continue  # the email list is the duty desk's: it does not get every author's notice
        message = Message(
            subject=subject if personal else f"{subject} (for {post.author})",
            text=text,
            severity=severity,
            tags=("post", f"post-{post.id}"),
            to=(address,) if personal else (),
        )
        enqueue(store, channel, message)
