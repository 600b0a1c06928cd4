"""The life of a post, as one explicit table of allowed moves (the only place states change).

    draft ─submit─▶ submitted ─approve/override─▶ approved ─schedule─▶ scheduled ─start_publishing─▶ publishing
    publishing ─record─▶ publishing (one account's receipt)
    publishing ─mark_published─▶ published          publishing ─fail─▶ failed
    draft ─approve_holding─▶ approved (a filled-in pre-approved holding statement, duty staff)
    submitted ─reject─▶ rejected ─edit─▶ draft      submitted ─withdraw─▶ draft
    approved / scheduled / needs_reschedule / failed ─edit─▶ submitted
    approved / scheduled ─hold─▶ held ─release─▶ submitted
    approved / scheduled ─expire─▶ needs_reschedule (and LATE below)

Decisions, so nobody has to guess:

- Editing an approved or scheduled post sends it back to *submitted* (not draft): the author already
  meant it to go out, so it goes straight back into the review queue, and the new text is approved
  afresh (checks re-run on every edit). A rejected post goes back to *draft*: the author reworks it
  and submits when ready.
- Approving (or overriding, or scheduling) a post whose time has already passed lands it in
  *needs_reschedule* instead (`LATE`): it is never published late without a fresh look. The scheduler
  uses `expire` for an approved/scheduled post it finds past its time.
- A held post is released to *submitted*, back to review, never straight to publishing.
- Four eyes: nobody approves, overrides or rejects a post they wrote or last edited.
- `approve` is refused while a blocking finding stands; `override` is the senior approver's way
  through, and needs a written reason.
- A holding statement filled in from a pre-approved template (`Post.template`) may be approved by
  the duty officer who filled it (`approve_holding`): its wording had its second pair of eyes when
  the template was approved. The checks still run, and any finding that blocks or warns sends it
  through ordinary review instead.
- `record` keeps one account's receipt while the post is publishing, so after a crash the
  scheduler publishes only on the accounts that have none (and first looks for those on the platform).

Anything not in the table raises `IllegalMove`; a move the table allows but this user may not make
raises `NotAllowed`. Both name what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from commsdesk.records import iso
from publish.records import SYSTEM_ROLE, Post, User

MOVES: dict[tuple[str, str], str] = {
    ("draft", "edit"): "draft",
    ("draft", "submit"): "submitted",
    ("draft", "approve_holding"): "approved",
    ("submitted", "edit"): "submitted",
    ("submitted", "withdraw"): "draft",
    ("submitted", "approve"): "approved",
    ("submitted", "override"): "approved",
    ("submitted", "reject"): "rejected",
    ("rejected", "edit"): "draft",
    ("approved", "schedule"): "scheduled",
    ("approved", "edit"): "submitted",
    ("approved", "hold"): "held",
    ("approved", "expire"): "needs_reschedule",
    ("scheduled", "start_publishing"): "publishing",
    ("scheduled", "edit"): "submitted",
    ("scheduled", "hold"): "held",
    ("scheduled", "expire"): "needs_reschedule",
    ("publishing", "record"): "publishing",
    ("publishing", "mark_published"): "published",
    ("publishing", "fail"): "failed",
    ("held", "release"): "submitted",
    ("needs_reschedule", "edit"): "submitted",
    ("failed", "edit"): "submitted",
}

# Where a move lands instead when the post's time has already passed at the moment of the move.
LATE: dict[tuple[str, str], str] = {
    ("submitted", "approve"): "needs_reschedule",
    ("submitted", "override"): "needs_reschedule",
    ("approved", "schedule"): "needs_reschedule",
}

ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(action for _, action in MOVES))

# Who may make each move (any one of these roles). `AUTHOR` marks moves the post's author may make
# whatever their roles.
AUTHOR = "author"
WHO: dict[str, frozenset[str]] = {
    "edit": frozenset({AUTHOR, "reviewer", "senior"}),
    "submit": frozenset({AUTHOR, "reviewer", "senior"}),
    "withdraw": frozenset({AUTHOR}),
    "approve": frozenset({"reviewer", "senior"}),
    "approve_holding": frozenset({"duty", "senior"}),
    "override": frozenset({"senior"}),
    "reject": frozenset({"reviewer", "senior"}),
    "schedule": frozenset({"reviewer", "senior", SYSTEM_ROLE}),
    "hold": frozenset({"duty", "senior", SYSTEM_ROLE}),
    "release": frozenset({"duty", "senior"}),
    "expire": frozenset({SYSTEM_ROLE}),
    "start_publishing": frozenset({SYSTEM_ROLE}),
    "record": frozenset({SYSTEM_ROLE}),
    "mark_published": frozenset({SYSTEM_ROLE}),
    "fail": frozenset({SYSTEM_ROLE}),
}
FOUR_EYES = frozenset({"approve", "override", "reject"})
NEEDS_NOTE: dict[str, str] = {
    "override": "a written reason for overriding the blocking finding(s)",
    "reject": "a comment telling the author why",
    "hold": "a reason for the hold",
    "fail": "the platform's reason",
}


class IllegalMove(ValueError):
    """A move the table does not allow from the post's state."""


class NotAllowed(PermissionError):
    """A move the table allows, refused for this user or this post (role, four eyes, block, no reason)."""


def allowed(state: str) -> list[str]:
    """The actions the table allows from `state`."""
    return [action for (source, action) in MOVES if source == state]


def target(post: Post, action: str, *, at: datetime) -> str:
    """The state `action` takes `post` to at `at` (raises `IllegalMove` when the table has no such move)."""
    found = MOVES.get((post.state, action))
    if found is None:
        choices = ", ".join(allowed(post.state)) or "nothing (final)"
        raise IllegalMove(f"post {post.id} is {post.state}: cannot {action} (allowed: {choices})")
    late = LATE.get((post.state, action))
    if late is not None and post.scheduled_at is not None and post.scheduled_at <= at:
        return late
    return found


def move(
    post: Post,
    action: str,
    *,
    by: User,
    at: datetime,
    note: str = "",
    seen_version: int | None = None,
    refs: Mapping[str, str] | None = None,
) -> Post:
    """The post after `by` makes `action` at `at`; pure: no clock, no store.

    `note` is the reviewer's comment, the override reason, the hold reason or the failure reason.
    `seen_version`, when given, is the version the person looked at: approving a text that changed
    since is refused. `refs` are the platforms' ids of what was published (on mark_published or fail).
    """
    to_state = target(post, action, at=at)
    _check_who(post, action, by)
    note = note.strip()
    if action in NEEDS_NOTE and not note:
        raise NotAllowed(f"post {post.id}: {action} needs {NEEDS_NOTE[action]}")
    if seen_version is not None and seen_version != post.version:
        raise NotAllowed(
            f"post {post.id} changed since you looked at it (you saw version {seen_version}, it is now "
            f"version {post.version}): look again before you {action}"
        )
    if action == "approve" and post.blocking:
        rules = ", ".join(sorted({f"{f.rule} ({platform})" for platform, f in post.blocking}))
        raise NotAllowed(
            f"post {post.id} has blocking findings: {rules}; fix the text, or a senior approver may override "
            "with a written reason"
        )
    if action == "override" and not post.blocking:
        raise NotAllowed(f"post {post.id} has no blocking finding to override: approve it instead")
    if action == "approve_holding":
        if not post.template:
            raise NotAllowed(f"post {post.id} is not from a holding-statement template: submit it for review")
        if post.verdict != "pass":
            raise NotAllowed(
                f"post {post.id}: the checks found something ({post.verdict}); submit it for review instead"
            )
    if action == "record" and not refs:
        raise NotAllowed(f"post {post.id}: record needs the account and the link of what went out")
    if action == "mark_published" and not (refs or post.published):
        raise NotAllowed(f"post {post.id}: mark_published needs the platforms' references")
    changed: dict[str, Any] = {"state": to_state, "updated_at": at}
    if action == "edit":
        changed.update(last_edited_by=by.name, reviewed_by="", override_reason="", failure_reason="")
    elif action in ("approve", "override", "reject", "approve_holding"):
        changed.update(reviewed_by=by.name, reviewer_comment=note if action != "override" else post.reviewer_comment)
        if action == "override":
            changed["override_reason"] = note
    elif action == "hold":
        changed["held_reason"] = note
    elif action == "release":
        changed.update(held_reason="", reviewed_by="", override_reason="")
    elif action == "expire":
        changed.update(reviewed_by="", override_reason="")
    elif action == "start_publishing":
        changed["publishing_since"] = at
    elif action in ("record", "mark_published", "fail"):
        changed["published"] = {**post.published, **(refs or {})}
        if action == "fail":
            changed["failure_reason"] = note
    if to_state == "needs_reschedule":
        changed.update(reviewed_by="", override_reason="")  # the fresh look needs a fresh approval
    return replace(post, **changed)


def _check_who(post: Post, action: str, by: User) -> None:
    who = WHO[action]
    is_author = by.name == post.author
    if not (by.roles & who or (AUTHOR in who and is_author)):
        roles = " / ".join(sorted(r for r in who if r != AUTHOR))
        whom = " or ".join(part for part in ("the author" if AUTHOR in who else "", roles) if part)
        raise NotAllowed(f"{by.name} may not {action} post {post.id}: only {whom} may")
    if action in FOUR_EYES and by.name in (post.author, post.last_edited_by):
        wrote = "wrote" if is_author else "last edited"
        raise NotAllowed(f"{by.name} {wrote} post {post.id}: someone else must {action} it (four eyes)")


def changes(before: Post, after: Post) -> dict[str, Any]:
    """What a move or an edit changed, as {field: [old, new]} in plain JSON types (for the audit)."""
    out: dict[str, Any] = {}
    for name in before.__slots__:  # type: ignore[attr-defined]
        if name in ("updated_at", "created_at"):
            continue
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            out[name] = [plain(old), plain(new)]
    return out


def plain(value: Any) -> Any:
    """`value` as JSON-ready data: records become dicts, times ISO strings in UTC."""
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if hasattr(value, "__slots__") and hasattr(value, "__dataclass_fields__"):
        return {name: plain(getattr(value, name)) for name in value.__dataclass_fields__}
    return value
