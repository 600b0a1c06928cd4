"""What every publisher shares: the outgoing record, the receipt, the permanent-failure fault, and
`deliver`, which runs one publish under ingest's bounded retries and looks before it posts again.

Exactly once is split between the store and here. The store marks a post "publishing" (and the
time: `Outgoing.since`) before any call; this module never posts twice within one run: after any
fault that may have reached the platform (a timeout, a dropped line, a 5xx) the next attempt first
asks `find` whether the post is already on the account. After a crash, the scheduler calls `find`
for every post left in "publishing" before it calls `publish` again.

How `find` recognises our own post (the marker): the account's own posts (X: the user's tweets;
Facebook: the Page's posts, or the Page's comments under the parent; YouTube: the channel's replies
in the thread) created no earlier than the publishing mark less `CLOCK_SKEW`, in reply to the same
parent, whose text equals ours after `same_text` normalisation. Limits: two identical texts from
the same account in the same window cannot be told apart (X and Facebook refuse such duplicates
anyway); a text edited on the platform by a person is not found; a post deleted on the platform
is not found, so it would be posted again; X rewrites links to t.co, so links compare as "a link".
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from ingest.base import Fault, RateLimited, RetryPolicy, SourceDegraded, Stopped, TransientFault, with_retries

__all__ = [
    "CLOCK_SKEW",
    "Outgoing",
    "Published",
    "Publisher",
    "RateLimited",
    "Rejected",
    "SourceDegraded",
    "TransientFault",
    "deliver",
    "same_text",
]

#: How far before the publishing mark `find` looks, for the difference between our clock and theirs.
CLOCK_SKEW = timedelta(minutes=10)


@dataclass(frozen=True)
class Outgoing:
    """One post's text for one platform account, as the scheduler hands it over.

    `since` is the moment the store marked the post "publishing": `find` looks no earlier than it
    (less `CLOCK_SKEW`). `in_reply_to` is the platform id of what this answers (an X tweet, a
    Facebook post or comment, a YouTube top-level comment).
    """

    post_id: str
    version: int
    platform: str
    account: str
    text: str
    since: datetime
    in_reply_to: str | None = None

    @property
    def key(self) -> str:
        """A readable name for logs and fault messages."""
        return f"post {self.post_id} v{self.version} on {self.platform}:{self.account}"


@dataclass(frozen=True)
class Published:
    """The platform's receipt: the id and public address to record. `parts` lists every id of an
    X thread, first to last (the first is `platform_id`); otherwise just the one id."""

    platform: str
    platform_id: str
    url: str
    at: datetime
    parts: tuple[str, ...] = ()


class Rejected(Fault):
    """Permanent: the platform refused this post (content, duplicate, too long, parent gone).

    `kind` is one of content / duplicate / too_long / parent_gone / unsupported / account; the
    message carries the platform's own words, for the author.
    """

    kind = "rejected"


class Publisher(Protocol):
    """One platform account's writer. Both calls raise TransientFault / RateLimited (worth a retry),
    Rejected (never retry: the post fails) or SourceDegraded (a person must act: token, quota)."""

    platform: str

    def publish(self, item: Outgoing) -> Published:
        """Post the text (a thread on X when it is long); one call, no retries of its own."""
        ...

    def find(self, item: Outgoing) -> Published | None:
        """The post, if it is already on the account (the reconcile path); None if it is not."""
        ...


_URL = re.compile(r"https?://\S+")


def same_text(ours: str, theirs: str) -> bool:
    """Equal as the platform would show them: entities unescaped, links as "a link", spaces folded."""

    def norm(text: str) -> str:
        return " ".join(_URL.sub("<link>", html.unescape(text)).split())

    return norm(ours) == norm(theirs)


def deliver(
    publisher: Publisher,
    item: Outgoing,
    *,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] | None = None,
    stop: threading.Event | None = None,
    look_first: bool = False,
) -> Published:
    """Publish `item` once: ingest's `with_retries` retries transient faults with backoff, and
    every retry (or a "duplicate" refusal) first looks for the post on the account.

    `look_first` makes the first attempt look too: the scheduler resuming a post a crash left behind.
    Raises Rejected / SourceDegraded at once, and TransientFault / RateLimited when retries run out
    (the post stays "publishing"; the next run reconciles it with `find`).
    """
    stop = stop or threading.Event()

    def pause(seconds: float) -> None:
        if sleep is not None:
            sleep(seconds)
        elif stop.wait(max(0.0, seconds)):
            raise Stopped(f"publish {item.key}: stopping")

    tries = 0

    def attempt() -> Published:
        nonlocal tries
        tries += 1
        if (tries > 1 or look_first) and (found := publisher.find(item)) is not None:
            return found
        try:
            return publisher.publish(item)
        except Rejected as refusal:
            if refusal.kind == "duplicate" and (found := publisher.find(item)) is not None:
                return found
            raise

    return with_retries(attempt, f"publish {item.key}", policy=policy or RetryPolicy(), pause=pause)
