"""The publishing desk's part of `make demo`: the force's own posts through the whole workflow.

At 08:00 an officer and a senior draft the day's posts and a reviewer approves them (the senior's
attempt to approve his own is refused: four eyes). One draft names the complainant of a sexual offence:
the checks block it, approval is refused, and the reviewer rejects it with a comment. The
scheduler's round runs each step and publishes what is due to the sandbox through the real
clients. When duty staff are alerted to the warehouse fire, the duty inspector declares a critical
incident: the evening's routine post is held, and a pre-approved holding statement goes out within
minutes. At 09:00 the officer answers the oldest question in the response queue, through the same
checks and approval. Standing down at 18:00 sends the held post back to review, not to publishing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rich.table import Table

from commsdesk.records import Incident
from commsdesk.store import Store
from config.settings import Settings
from publish import desk
from publish.drafts import LONDON, Checks, PostSpec, london_to_utc, show_london
from publish.incident_hold import declare, publish_holding, stand_down
from publish.lifecycle import NotAllowed
from publish.records import Account, Post, User
from publish.replies.queue import answer
from publish.run import Publishers, publish_due

OPENS = timedelta(hours=8)  # the desk's morning, from the scenario's midnight
ANSWERS = timedelta(hours=9)  # when the officer works through the response queue
STANDS_DOWN = timedelta(hours=18)

#: The demo's desk: who they are and what they may do.
STAFF = {
    "pc.smith": (("officer",), "pc.smith@northshire.invalid"),
    "r.jones": (("reviewer",), "r.jones@northshire.invalid"),
    "s.patel": (("senior", "reviewer"), "s.patel@northshire.invalid"),
    "insp.khan": (("duty",), "duty-inspector@northshire.invalid"),
}

#: (London time, platforms, text): the day's routine posts, drafted at 08:00.
ROUTINE = [
    (
        "10:30",
        ("x", "facebook"),
        "Officers from the Byker neighbourhood team will be at Byker library from 11am today: pop in for a chat "
        "about anything that worries you.",
    ),
    ("12:00", ("x",), "Heading into town tonight? Plan your journey home and look out for your friends."),
    (
        "18:30",
        ("x", "facebook"),
        "Join the Heaton community meeting tonight at 7pm at St Gabriel's church hall: your chance to tell us "
        "what matters where you live.",
    ),
]
REPLY = (
    "Thanks for asking. Your neighbourhood team will pick this up today; for anything urgent call 101, or 999 in "
    "an emergency."
)
BLOCKED = "Update on the rape reported in Heaton on Tuesday: the victim, Sarah Jones, 24, has asked for privacy."


@dataclass
class DeskPlay:
    """The desk across the demo day; `events` is what a person at the desk would have seen."""

    store: Store
    settings: Settings
    checker: Checks
    publishers: Publishers
    channels: Sequence[str] = ()
    events: list[tuple[datetime, str]] = field(default_factory=list)
    incident: Incident | None = None
    opened: bool = False
    answered: bool = False
    stood_down: bool = False

    def step(self, now: datetime, day_start: datetime, fire_alerted: bool) -> None:
        """What the desk does at `now`: the morning's drafts, the incident, then the scheduler's round."""
        if not self.opened and now >= day_start + OPENS:
            self.opened = True
            self._morning(now)
        if self.opened and not self.answered and now >= day_start + ANSWERS:
            self.answered = True
            self._answer_a_question(now)
        if fire_alerted and self.incident is None and not self.stood_down:
            self._declare(now)
        if self.incident is not None and now >= day_start + STANDS_DOWN:
            self._stand_down(now)
        done = publish_due(self.store, self.publishers, channels=self.channels)
        for ident in done.published:
            post = self.store.post(ident)
            links = ", ".join(post.published.values()) if post else ""
            self.events.append((now, f"post {ident} published by the scheduler: {links}"))
        for ident, reason in done.failed:
            self.events.append((now, f"post {ident} failed: {reason}"))

    def _user(self, name: str) -> User:
        user = self.store.user(name)
        assert user is not None, name
        return user

    def _morning(self, now: datetime) -> None:
        for name, (roles, email) in STAFF.items():
            self.store.add_user(name, roles, by="demo set-up", email=email)
        officer, reviewer = self._user("pc.smith"), self._user("r.jones")
        day = now.astimezone(LONDON).date()
        for at, platforms, text in ROUTINE:
            due = london_to_utc(f"{day} {at}")
            author = self._user("s.patel") if at == ROUTINE[0][0] else officer  # a senior writes one himself
            post = self._draft(author, text, platforms, due)
            if author is not officer:
                self._try(now, lambda p=post, a=author: desk.approve(self.store, p.id, a), "s.patel approves his own")
            desk.approve(self.store, post.id, reviewer, seen_version=post.version)
            self.events.append((now, f"post {post.id} approved by r.jones, queued for {show_london(due)}"))
        blocked = self._draft(officer, BLOCKED, ("x",), None)
        rules = ", ".join(sorted({f.rule for _, f in blocked.blocking})) or "nothing (unexpected)"
        self.events.append((now, f"post {blocked.id} drafted; the checks block it: {rules}"))
        self._try(now, lambda: desk.approve(self.store, blocked.id, reviewer), "r.jones approves it")
        comment = "Never name a complainant: remove the name and the age."
        self.store.move_post(blocked.id, "reject", reviewer, note=comment)
        self.events.append((now, f"post {blocked.id} rejected by r.jones with a comment for the author"))

    def _answer_a_question(self, now: datetime) -> None:
        """The oldest open question in the response queue, answered through the same check and approval."""
        waiting = self.store.reply_queue(statuses=["open"], limit=500)
        questions = [item for item in waiting if item.kind == "question"]
        self.events.append((now, f"response queue: {len(waiting)} mentions waiting for a reply"))
        if not questions:
            return
        officer, reviewer = self._user("pc.smith"), self._user("r.jones")
        item = self.store.assign_reply(questions[0].id, to=officer, by=officer)
        _, reply = answer(self.store, self.settings, item, REPLY, officer, self.checker)
        desk.approve(self.store, reply.id, reviewer, seen_version=reply.version)
        self.events.append((now, f"post {reply.id}: pc.smith answers {item.mention} ({item.reason}); r.jones approves"))

    def _draft(self, author: User, text: str, platforms: Sequence[str], at: datetime | None) -> Post:
        known = desk.accounts_of(self.settings)
        chosen = tuple(next(a for a in known if a.platform == p) for p in platforms)
        spec = PostSpec(texts=dict.fromkeys(platforms, text), accounts=chosen, scheduled_at=at)
        post = self.store.create_post(spec, by=author, checker=self.checker, known_accounts=known)
        return self.store.move_post(post.id, "submit", author)

    def _try(self, now: datetime, attempt: Callable[[], object], what: str) -> None:
        try:
            attempt()
        except NotAllowed as refused:
            self.events.append((now, f"{what}: refused ({refused})"))

    def _declare(self, now: datetime) -> None:
        duty = self._user("insp.khan")
        self.incident, held = declare(
            self.store, reason="warehouse fire near the Quayside", by=duty, place="Elswick", terms=("fire", "smoke")
        )
        ids = ", ".join(str(post.id) for post in held) or "none"
        self.events.append((now, f"insp.khan declares a critical incident; routine posts held: {ids}"))
        statement = publish_holding(
            self.store,
            self.settings,
            "incident-in-area",
            {"place": "Elswick"},
            (Account("x", self.settings.x.accounts[0]), Account("facebook", self.settings.facebook.page_id)),
            duty,
            self.checker,
        )
        self.events.append((now, f"post {statement.id}: holding statement, {statement.state} after the checks"))

    def _stand_down(self, now: datetime) -> None:
        _, released = stand_down(self.store, by=self._user("insp.khan"), note="fire under control")
        self.incident, self.stood_down = None, True
        ids = ", ".join(str(post.id) for post in released) or "none"
        self.events.append((now, f"incident ended; back to review, not to publishing: posts {ids}"))

    def table(self) -> Table:
        """Every post of the day: where it ended and why."""
        table = Table(title="the desk's posts (drafted, checked, approved and published through the sandbox)")
        for column in ("id", "state", "accounts", "due", "what happened"):
            table.add_column(column)
        for post in sorted(self.store.posts(limit=100), key=lambda p: p.id):
            outcome = (
                ", ".join(post.published.values())
                or post.held_reason
                or post.reviewer_comment
                or post.failure_reason
                or desk.next_step(post)
            )
            due = show_london(post.scheduled_at) if post.scheduled_at else "when approved"
            accounts = ", ".join(str(a) for a in post.accounts)
            table.add_row(str(post.id), post.state, accounts, due, outcome)
        return table
