"""The response queue's records and its one table of allowed moves.

    open ─assign─▶ assigned ─answer─▶ answered
    open / assigned ─dismiss─▶ dismissed          assigned ─assign─▶ assigned (handed on)

Decisions, so nobody has to guess:

- Only someone who may write posts (officer, reviewer, senior) can be given a mention to answer.
- Anyone may take an open item; taking one that is someone else's is a reviewer's, senior's or duty
  officer's call (or the assignee's own, handing it on).
- Only the assignee answers: two officers never reply to the same person at once.
- Dismissing needs a note saying why no reply is needed, for whoever looks later.
- Answered is final for the queue: the reply then lives the post's own life (checks, approval,
  rejection and editing, publishing), and what the queue shows follows that post (`shown_status`).

Anything not in the table raises `IllegalMove`; a move the table allows but this user may not make
raises `NotAllowed` (the post life cycle's own exceptions: one way to say no across publishing).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from publish.lifecycle import IllegalMove, NotAllowed
from publish.records import Post, User

KINDS = ("crime_report", "complaint", "question")
STATUSES = ("open", "assigned", "answered", "dismissed")

MOVES: dict[tuple[str, str], str] = {
    ("open", "assign"): "assigned",
    ("open", "dismiss"): "dismissed",
    ("assigned", "assign"): "assigned",
    ("assigned", "answer"): "answered",
    ("assigned", "dismiss"): "dismissed",
}
TAKES_OVER = ("reviewer", "senior", "duty")  # may take an item assigned to someone else

# What an answered item shows, from the state of its reply post.
REPLY_SHOWN: dict[str, str] = {
    "draft": "reply drafted",
    "submitted": "awaiting approval",
    "approved": "reply approved",
    "scheduled": "reply approved",
    "publishing": "reply going out",
    "published": "replied",
    "rejected": "reply rejected",
    "held": "reply held",
    "needs_reschedule": "reply needs a new time",
    "failed": "reply failed",
}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a mention needs a reply: its kind, a short explanation for the desk, and how soon (1 first)."""

    kind: str
    why: str
    priority: int

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}: expected one of {', '.join(KINDS)}")


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One mention waiting for (or given) a reply. `post_id` is the reply post once answered."""

    id: int
    platform: str
    mention_id: str
    kind: str
    reason: str
    priority: int
    marked_at: datetime
    mention_at: datetime
    status: str = "open"
    dup_key: str = ""
    assigned_to: str = ""
    assigned_by: str = ""
    assigned_at: datetime | None = None
    post_id: int | None = None
    dismissed_by: str = ""
    dismissed_note: str = ""
    updated_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}: expected one of {', '.join(STATUSES)}")

    @property
    def mention(self) -> str:
        """The mention as the audit names it: platform:id."""
        return f"{self.platform}:{self.mention_id}"


def allowed(status: str) -> list[str]:
    """The actions the table allows from `status`."""
    return [action for (source, action) in MOVES if source == status]


def move(
    item: QueueItem,
    action: str,
    *,
    by: User,
    at: datetime,
    to: User | None = None,
    note: str = "",
    post_id: int | None = None,
) -> QueueItem:
    """The item after `by` makes `action` at `at`; pure. `to` is the assignee (assign), `note` the reason
    no reply is needed (dismiss), `post_id` the reply post (answer)."""
    from publish.drafts import AUTHORS

    target = MOVES.get((item.status, action))
    if target is None:
        choices = ", ".join(allowed(item.status)) or "nothing (final)"
        raise IllegalMove(f"reply {item.id} is {item.status}: cannot {action} (allowed: {choices})")
    changed: dict[str, object] = {"status": target, "updated_at": at}
    if action == "assign":
        if to is None:
            raise NotAllowed(f"reply {item.id}: say who it is assigned to")
        if not to.has(*AUTHORS):
            raise NotAllowed(f"{to.name} cannot answer the public: only {' / '.join(AUTHORS)} may write posts")
        taken = item.assigned_to and item.assigned_to not in (to.name, by.name)
        if taken and not by.has(*TAKES_OVER):
            raise NotAllowed(
                f"reply {item.id} is assigned to {item.assigned_to}: only they or a {' / '.join(TAKES_OVER)} "
                "may hand it on"
            )
        changed.update(assigned_to=to.name, assigned_by=by.name, assigned_at=at)
    elif action == "answer":
        if by.name != item.assigned_to:
            raise NotAllowed(
                f"reply {item.id} is assigned to {item.assigned_to}: assign it to yourself first "
                f"(commsdesk replies assign {item.id})"
            )
        if post_id is None:
            raise NotAllowed(f"reply {item.id}: answer needs the reply post")
        changed["post_id"] = post_id
    elif action == "dismiss":
        if not note.strip():
            raise NotAllowed(f"reply {item.id}: dismiss needs a note saying why no reply is needed")
        changed.update(dismissed_by=by.name, dismissed_note=note.strip())
    return replace(item, **changed)  # type: ignore[arg-type]


def shown_status(item: QueueItem, reply: Post | None) -> str:
    """What the desk sees: the item's own status until it is answered, then where its reply post is."""
    if item.status == "answered" and reply is not None:
        return REPLY_SHOWN[reply.state]
    return item.status
