"""What a critical incident does to the force's own posts, over the store.

Declaring an incident holds every routine post that could still go out, on every platform (YouTube
replies included): nothing cheerful goes out while officers deal with something serious. Each hold is
a move of the life-cycle table, audited with who and the incident's reason, and the incident keeps a
list of what it held (`incident_holds`). Ending it releases exactly those back to review, never
straight to publishing; a post someone held by hand stays held.

Holding statements go the other way: wording approved in advance (`publish.holding`), filled in and
posted fast, still through the checks. Used by `commsdesk incident ...`, `commsdesk holding ...` and
the web desk.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from commsdesk.records import Incident
from publish.drafts import Checks, DraftRefused, PostSpec, force_accounts
from publish.holding import BlankRefused, Template, fill, templates
from publish.lifecycle import AUTHOR, WHO, NotAllowed
from publish.records import SCHEDULER, SYSTEM_ROLE, Account, Post, User

if TYPE_CHECKING:
    from commsdesk.store import Store
    from config.settings import Settings

INCIDENT_ROLES = ("duty", "senior")  # who declares and ends an incident, and posts holding statements


def is_routine(post: Post) -> bool:
    """Routine: not about an incident and not a holding statement. An incident holds these."""
    return post.incident_id is None and not post.template


def hold_reason(incident: Incident) -> str:
    """The note each hold carries in the audit trail."""
    return f"critical incident {incident.id}: {incident.reason}"


def hold_routine(store: Store, incident: Incident, by: User) -> list[Post]:
    """Hold every routine approved or scheduled post while `incident` is active, in one transaction, and
    record that the incident holds them. Safe to call again: held posts are no longer approved or
    scheduled, so only what was approved since is held. Nothing is held once the incident has ended."""
    _check_may(by, "hold")
    held = []
    with store.transaction():
        active = store.active_incident()
        if active is None or active.id != incident.id:
            return []
        for post in store.outgoing_posts():
            if is_routine(post):
                moved = store.move_post(post.id, "hold", by, note=hold_reason(incident))
                store.record_incident_hold(incident.id, moved)
                held.append(moved)
    return held


def release_held(store: Store, incident: Incident, by: User) -> list[Post]:
    """Release what `incident` holds back to review (submitted), in one transaction: a reviewer approves
    each again before it goes out. Posts held by hand, or moved on since, are left as they are."""
    _check_may(by, "release")
    with store.transaction():
        released = [
            store.move_post(post.id, "release", by, note=f"critical incident {incident.id} ended: back to review")
            for post in store.incident_holds(incident.id)
        ]
        store.close_incident_holds(incident.id)
    return released


def declare(
    store: Store, *, reason: str, by: User, place: str = "", terms: Iterable[str] = ()
) -> tuple[Incident, list[Post]]:
    """Declare a critical incident and hold the routine posts, all or nothing (`IncidentActive` while
    another is active)."""
    _check_duty(by, "declare")
    with store.transaction():
        incident = store.start_incident(reason=reason, by=by.name, place=place, terms=terms)
        return incident, hold_routine(store, incident, by)


def stand_down(store: Store, *, by: User, note: str = "") -> tuple[Incident, list[Post]]:
    """End the active incident and release what it held back to review, all or nothing (`KeyError`
    when no incident is active)."""
    _check_duty(by, "end")
    with store.transaction():
        current = store.active_incident()
        if current is None:
            raise KeyError("no incident is active")
        released = release_held(store, current, by)
        return store.end_incident(by=by.name, note=note), released


# -- holding statements -----------------------------------------------------------------------------


def holding_accounts(template: Template, known: Iterable[Account]) -> tuple[Account, ...]:
    """Every force account the statement may go on, in a steady order (YouTube takes only replies)."""
    return tuple(sorted((a for a in known if a.platform in template.platforms), key=str))


def publish_holding(
    store: Store,
    settings: Settings,
    name: str,
    values: Mapping[str, str],
    accounts: Iterable[Account],
    by: User,
    checker: Checks,
) -> Post:
    """Fill in the holding statement `name` and post it on `accounts` (none: every account it may go on),
    linked to the active incident if there is one.

    The checks run as on any post. When they find nothing that blocks or warns, `by` approves it
    (`approve_holding`: the wording was approved with the template) and it is queued for the
    scheduler's next run; otherwise it is submitted for ordinary review. Returns the post, scheduled
    or submitted. Refused, with every reason at once, before anything is saved: an unknown name,
    blanks that are missing, unknown or not short and plain, accounts the statement may not go on.
    """
    _check_may(by, "approve_holding")
    known = templates(settings)
    template = known.get(name)
    if template is None:
        raise DraftRefused([f"no holding statement {name!r}: the force has {', '.join(known) or 'none'}"])
    reasons: list[str] = []
    text = ""
    try:
        text = fill(template, values)
    except BlankRefused as refused:
        reasons += refused.reasons
    force = force_accounts(settings)
    chosen = tuple(dict.fromkeys(accounts)) or holding_accounts(template, force)
    reasons += [
        f"the {name} statement may go on {' and '.join(template.platforms)}, not on {account}"
        for account in chosen
        if account.platform not in template.platforms
    ]
    if not chosen:
        reasons.append(f"the force has no account on {' or '.join(template.platforms)} for the {name} statement")
    if reasons:
        raise BlankRefused(reasons)
    incident = store.active_incident()
    spec = PostSpec(
        texts={account.platform: text for account in chosen},
        accounts=chosen,
        incident_id=incident.id if incident else None,
        template=name,
    )
    post = store.create_post(spec, by=by, checker=checker, known_accounts=force)
    with store.transaction():
        if post.verdict != "pass":
            return store.move_post(post.id, "submit", by, note=f"the checks found something ({post.verdict})")
        approved = f"holding statement {name}, wording approved by {template.approved_by} on {template.approved_on}"
        store.move_post(post.id, "approve_holding", by, note=approved)
        return store.move_post(post.id, "schedule", SCHEDULER, note="a holding statement: out at the next run")


_DOING = {"hold": "hold posts", "release": "release held posts", "approve_holding": "post a holding statement"}


def _check_may(by: User, action: str) -> None:
    """Refuse up front, before anything is written, someone the life-cycle table would refuse later."""
    if not by.roles & WHO[action]:
        whom = " / ".join(sorted(WHO[action] - {AUTHOR, SYSTEM_ROLE}))
        raise NotAllowed(f"{by.name} may not {_DOING[action]}: only {whom} may")


def _check_duty(by: User, what: str) -> None:
    if not by.has(*INCIDENT_ROLES):
        raise NotAllowed(f"{by.name} may not {what} a critical incident: only {' / '.join(INCIDENT_ROLES)} may")
