"""What a person does with the force's own posts, shared by the command line and the web app.

Thin over the store, so neither front end re-implements a step: turning what someone typed into a
`PostSpec` (every problem at once, nothing saved), approving or overriding and then queueing the post
for the scheduler, adding users (only an admin may, except the very first admin), and gathering a
post's story for `post show`. State changes still go through `store.move_post` and the life-cycle
table only; nothing here adds a state or a move.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commsdesk.records import parse_time
from policy_checks.engine import default_checker
from policy_checks.records import Draft, Finding
from policy_checks.settings import PolicySettings
from publish import drafts, lifecycle
from publish.drafts import LONDON, DraftRefused, PostSpec, force_accounts, london_to_utc, show_london
from publish.lifecycle import IllegalMove, NotAllowed
from publish.records import PLATFORMS, Account, AuditEntry, MediaItem, Post, ReplyTo, User

if TYPE_CHECKING:
    from commsdesk.store import Store
    from config.settings import Settings

MINE_SCAN = 5_000  # how far back "my posts" looks: the store filters by state only
_RANK = {"block": 0, "warn": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class ForceChecks:
    """The process-wide checker (one spaCy model per process) run with this force's `[policy]` settings."""

    policy: PolicySettings

    def check(self, draft: Draft) -> list[Finding]:
        return default_checker().check(draft, self.policy)


def checks_for(settings: Settings) -> ForceChecks:
    """The policy checks as this force configured them."""
    return ForceChecks(settings.policy)


def accounts_of(settings: Settings) -> tuple[Account, ...]:
    """The force's accounts in the settings' order (X accounts as listed, the Page, the channel), so
    "the force's first X account" means the first one in the settings file."""
    x_order = [name.lstrip("@") for name in settings.x.accounts]
    return tuple(
        sorted(
            force_accounts(settings),
            key=lambda a: (PLATFORMS.index(a.platform), x_order.index(a.name) if a.platform == "x" else 0),
        )
    )


# -- what a person typed --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Typed:
    """A post's content as a person typed it, before any parsing.

    None means "not given": a new post takes the default, an edit keeps the current value. On an edit a
    blank string clears `campaign`, `reply_to` and `media` (no attachment), and `at` ("" or "asap": as
    soon as approved).
    """

    text: str | None = None  # the text for every chosen platform
    texts: Mapping[str, str] = field(default_factory=dict)  # per platform, over `text`
    accounts: tuple[str, ...] = ()  # "x:NorthshirePolice"; none: keep them, or the default for a new post
    at: str | None = None  # a London time, "2026-11-21 09:30"
    campaign: str | None = None
    reply_to: str | None = None  # "x:1859000000000000000"
    media: str | None = None  # a file path
    alt: str | None = None
    source: str | None = None
    licence: str | None = None
    thread: bool | None = None

    @property
    def empty(self) -> bool:
        """Nothing given at all (an edit with nothing to change)."""
        return self == Typed()


def spec_from(typed: Typed, *, accounts: Sequence[Account], now: datetime, base: PostSpec | None = None) -> PostSpec:
    """The `PostSpec` for what was typed (over `base`, the current content, when editing), or
    `DraftRefused` with every reason at once: what only the typing shows (an account, time or reply
    written wrongly, a media file that is not there) together with `drafts.problems`.

    Defaults for a new post given no account: the force's first account on each platform a text was
    given for (`texts`); with only `text`, the platform of the mention it replies to, else the force's
    first X account. Choosing accounts on an edit drops the texts of platforms no longer chosen.
    """
    reasons: list[str] = []
    base = base or PostSpec(texts={}, accounts=())
    reply = base.in_reply_to if typed.reply_to is None else _reply(typed.reply_to, reasons)
    chosen = _accounts(typed, accounts, reply, base, reasons)
    spec = PostSpec(
        texts=_texts(typed, chosen, base),
        accounts=chosen,
        scheduled_at=base.scheduled_at if typed.at is None else _time(typed.at, reasons),
        campaign=base.campaign if typed.campaign is None else typed.campaign.strip(),
        in_reply_to=reply,
        incident_id=base.incident_id,
        media=_media(typed, base.media, reasons),
        thread=base.thread if typed.thread is None else typed.thread,
    )
    reasons += drafts.problems(spec, now=now, known_accounts=set(accounts))
    if any(a not in accounts for a in spec.accounts):
        reasons.append(f"the force's accounts are {', '.join(map(str, accounts)) or 'not set in its settings'}")
    if reasons:
        raise DraftRefused(reasons)
    return spec


def parse_account(value: str, known: Sequence[Account], reasons: list[str]) -> Account | None:
    """An account as typed ("x:NorthshirePolice", or a bare name the force has one account of), spelt as
    in the settings; an unknown but well-formed account is returned for `drafts.problems` to name."""
    platform, sep, name = value.strip().partition(":")
    if not sep:
        bare = platform.lstrip("@").lower()
        matches = [a for a in known if a.name.lower() == bare]
        if len(matches) == 1:
            return matches[0]
        example = known[0] if known else "x:NorthshirePolice"
        reasons.append(f"account {value!r}: write it as platform:name, e.g. {example}")
        return None
    if platform not in PLATFORMS:
        reasons.append(f"account {value!r}: unknown platform {platform!r} (expected {', '.join(PLATFORMS)})")
        return None
    name = name.strip().lstrip("@")
    for account in known:
        if account.platform == platform and account.name.lower() == name.lower():
            return account
    return Account(platform, name)


def _accounts(
    typed: Typed, known: Sequence[Account], reply: ReplyTo | None, base: PostSpec, reasons: list[str]
) -> tuple[Account, ...]:
    if typed.accounts:
        parsed = (parse_account(value, known, reasons) for value in typed.accounts)
        return tuple(dict.fromkeys(a for a in parsed if a is not None))
    if base.accounts:
        return base.accounts
    written = [p for p in PLATFORMS if typed.texts.get(p, "").strip()]
    platforms = written or ([reply.platform] if reply else ["x"])
    firsts = {a.platform: a for a in reversed(known)}
    return tuple(firsts[p] for p in platforms if p in firsts)


def _texts(typed: Typed, chosen: tuple[Account, ...], base: PostSpec) -> dict[str, str]:
    platforms = [p for p in PLATFORMS if p in {a.platform for a in chosen}]
    texts = {p: t for p, t in base.texts.items() if p in platforms or not typed.accounts}
    if typed.text is not None:
        texts.update(dict.fromkeys(platforms, typed.text))
    texts.update(typed.texts)
    return texts


def _time(value: str, reasons: list[str]) -> datetime | None:
    if value.strip().lower() in ("", "asap"):
        return None
    try:
        return london_to_utc(value)
    except DraftRefused as refused:
        reasons.extend(refused.reasons)
        return None


def _reply(value: str, reasons: list[str]) -> ReplyTo | None:
    if not value.strip():
        return None
    platform, sep, ident = value.strip().partition(":")
    if not sep or platform not in PLATFORMS or not ident.strip():
        reasons.append(f"reply-to {value!r}: write it as platform:id, e.g. x:1859000000000000000")
        return None
    return ReplyTo(platform, ident.strip())


def _media(typed: Typed, current: tuple[MediaItem, ...], reasons: list[str]) -> tuple[MediaItem, ...]:
    described = {"alt_text": typed.alt, "source": typed.source, "licence": typed.licence}
    given = {name: value.strip() for name, value in described.items() if value is not None}
    if typed.media is None:
        if not given:
            return current
        if not current:
            reasons.append("alt text, source or licence given but no media file to attach them to")
            return ()
        return (replace(current[0], **given), *current[1:])
    if not typed.media.strip():
        return ()
    path = Path(typed.media.strip()).expanduser()
    if not path.is_file():
        reasons.append(f"media file {typed.media.strip()} not found")
    return (MediaItem(str(path.resolve()), **{"alt_text": "", "source": "", "licence": "", **given}),)


# -- operations -----------------------------------------------------------------------------------


def create(
    store: Store, spec: PostSpec, *, by: User, checker: drafts.Checks, accounts: Iterable[Account], submit: bool = False
) -> Post:
    """Save a checked draft and, when asked, submit it for review at once (the author's own move)."""
    post = store.create_post(spec, by=by, checker=checker, known_accounts=accounts)
    return store.move_post(post.id, "submit", by) if submit else post


def edit(
    store: Store,
    ident: int,
    typed: Typed,
    *,
    by: User,
    checker: drafts.Checks,
    accounts: Sequence[Account],
    seen_version: int | None = None,
) -> Post:
    """Change what was typed and keep the rest. Without `seen_version` the version read here stands in,
    so a change made by someone else in between is refused rather than silently overwritten."""
    current = store.post(ident)
    if current is None:
        raise KeyError(f"no post {ident}")
    spec = spec_from(typed, accounts=accounts, now=store.clock(), base=PostSpec.of(current))
    return store.edit_post(
        ident,
        spec,
        by=by,
        checker=checker,
        known_accounts=accounts,
        seen_version=current.version if seen_version is None else seen_version,
    )


def approve(store: Store, ident: int, by: User, *, note: str = "", seen_version: int | None = None) -> Post:
    """The table's `approve`, then `schedule` by the same reviewer, so the scheduler publishes it at its
    time. A post whose time passed before approval lands in needs_reschedule instead (lifecycle.LATE):
    nothing is scheduled, and `next_step` says a new time is needed."""
    return _queue(store, store.move_post(ident, "approve", by, note=note, seen_version=seen_version), by)


def override(store: Store, ident: int, by: User, *, reason: str, seen_version: int | None = None) -> Post:
    """A senior approver's way past a blocking finding, with a written reason; then queued as `approve`."""
    return _queue(store, store.move_post(ident, "override", by, note=reason, seen_version=seen_version), by)


def _queue(store: Store, post: Post, by: User) -> Post:
    if post.state != "approved":
        return post  # needs_reschedule: its time passed, there is nothing to schedule
    try:
        return store.move_post(post.id, "schedule", by)
    except IllegalMove:  # moved in between (a crisis hold): the approval stands, the post says where it is
        return store.post(post.id) or post


def list_posts(store: Store, *, state: str | None = None, author: str | None = None, limit: int = 50) -> list[Post]:
    """Posts newest first, optionally in one state and by one author."""
    if author is None:
        return store.posts(state, limit=limit)
    return [p for p in store.posts(state, limit=MINE_SCAN) if p.author == author][:limit]


def add_user(store: Store, name: str, roles: Iterable[str], *, by: str, email: str | None = None) -> tuple[User, bool]:
    """Add a desk user or change their roles, as `by`. Only an admin may, except while the store has no
    admin at all: then the first admin may be added by whoever sets the desk up (returns True for that
    bootstrap). Nobody may take the admin role from the only admin, which would reopen the bootstrap."""
    wanted = frozenset(roles)
    admins = [u.name for u in store.users() if u.has("admin")]
    if not admins:
        if "admin" not in wanted:
            raise NotAllowed("the desk has no admin yet: add the first admin (role admin), who then adds everyone else")
        return store.add_user(name, wanted, by=by, email=email), True
    actor = store.user(by)
    if actor is None or not actor.has("admin"):
        raise NotAllowed(f"{by} may not add or change desk users: only an admin may ({', '.join(admins)})")
    if admins == [name.strip()] and "admin" not in wanted:
        raise NotAllowed(f"{name.strip()} is the only admin: add another admin before taking the role away")
    return store.add_user(name, wanted, by=by, email=email), False


# -- telling people about a post ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FindingLine:
    """One finding as a person reads it: the words it is about, why, and a rewrite where there is one."""

    platform: str
    severity: str
    rule: str
    words: str
    reason: str
    rewrite: str


def finding_lines(post: Post) -> list[FindingLine]:
    """The post's findings, platform by platform, worst first, then in text order."""
    lines = []
    for platform in PLATFORMS:
        text = post.texts.get(platform, "")
        found = sorted(post.findings.get(platform, ()), key=lambda f: (_RANK[f.severity], f.start, f.rule))
        lines += [
            FindingLine(platform, f.severity, f.rule, text[f.start : f.end], f.message, f.suggestion or "")
            for f in found
        ]
    return lines


def next_step(post: Post) -> str:
    """What happens to `post` next, in words, for whoever just acted on it or is looking at it."""
    when = f"at {show_london(post.scheduled_at)}" if post.scheduled_at else "as soon as the scheduler next runs"
    if post.state == "draft":
        return "a draft: submit it for review when it is ready"
    if post.state == "submitted":
        if post.blocking:
            return (
                "waiting for review, but a finding blocks approval: fix the text, or a senior approver may "
                "override with a written reason"
            )
        return "waiting for a reviewer (someone other than its author or last editor) to approve or reject it"
    if post.state == "approved":
        return "approved but not yet queued: a reviewer schedules it"
    if post.state == "scheduled":
        return f"queued: the scheduler publishes it {when}"
    if post.state == "needs_reschedule":
        late = f" ({show_london(post.scheduled_at)})" if post.scheduled_at else ""
        return (
            f"its time{late} passed before it was approved, so nothing was scheduled: give it a new time by "
            "editing it, and it goes back for approval"
        )
    if post.state == "rejected":
        return f"rejected by {post.reviewed_by or 'a reviewer'}: {post.reviewer_comment}; edit it and submit again"
    if post.state == "held":
        return f"held: {post.held_reason}; duty staff or a senior approver release it back to review"
    if post.state == "publishing":
        return "being published now"
    if post.state == "published":
        return "published: " + (", ".join(f"{account} {link}" for account, link in post.published.items()) or "done")
    return f"failed: {post.failure_reason}; edit it to send it back for approval"


# The moves a person makes on a post from its page; the scheduler's own moves, `schedule` (which
# `approve` does at once) and holding statements (`approve_holding`) have their own ways in.
PERSON_MOVES = ("edit", "submit", "withdraw", "approve", "override", "reject", "hold", "release")


@dataclass(frozen=True, slots=True)
class Move:
    """A move `user` may make on a post now, or, in `refused`, why the table would refuse it (four eyes,
    a blocking finding): a page shows that instead of a button that could only fail."""

    action: str
    refused: str = ""


def moves_for(post: Post, user: User, *, at: datetime) -> list[Move]:
    """The moves the table allows from `post`'s state that `user`'s roles (or authorship) cover, each tried
    on the pure table with a stand-in note, so `refused` is the table's own reason. Override is offered
    only past a blocking finding: without one it is approve."""
    found = []
    for action in lifecycle.allowed(post.state):
        who = lifecycle.WHO[action]
        ours = user.roles & who or (lifecycle.AUTHOR in who and user.name == post.author)
        if action not in PERSON_MOVES or not ours or (action == "override" and not post.blocking):
            continue
        try:
            lifecycle.move(post, action, by=user, at=at, note="(written on the form)")
        except NotAllowed as refused:
            found.append(Move(action, str(refused)))
        else:
            found.append(Move(action))
    return sorted(found, key=lambda m: PERSON_MOVES.index(m.action))


@dataclass(frozen=True, slots=True)
class Step:
    """One audit row of a post as a line of its story: when, who, what they did and what it changed."""

    at: datetime
    by: str
    action: str
    what: str


@dataclass(frozen=True, slots=True)
class Story:
    """Everything `post show` tells: the post, each saved version, and who did what when."""

    post: Post
    versions: list[dict[str, Any]]
    steps: list[Step]


def describe(store: Store, ident: int) -> Story:
    """The post's story (`KeyError` when there is no such post)."""
    post = store.post(ident)
    if post is None:
        raise KeyError(f"no post {ident}")
    return Story(post, store.post_versions(ident), history(store.audit(post_id=ident)))


# Fields whose change the move, its note or its "by" already says, or that are bookkeeping.
_QUIET = frozenset(
    {
        "state",
        "version",
        "note",
        "last_edited_by",
        "findings",
        "reviewed_by",
        "reviewer_comment",
        "override_reason",
        "held_reason",
        "failure_reason",
        "publishing_since",
        "published",
    }
)


def history(entries: Iterable[AuditEntry]) -> list[Step]:
    """Audit rows as lines a person reads."""
    return [
        Step(e.at, e.by, e.action, _access_what(e) if e.action in ACCESS_ACTIONS else _what(e.action, e.changes))
        for e in entries
    ]


def _what(action: str, changes: Mapping[str, Any]) -> str:
    version = changes.get("version")
    if action == "create":
        return f"wrote version {version}"
    if action == "check":
        counts = ", ".join(f"{n} {severity}" for severity, n in changes.get("summary", {}).items() if n)
        return f"checked version {version}: {changes.get('verdict')}" + (f" ({counts})" if counts else "")
    parts = []
    if "state" in changes:
        before, after = changes["state"]
        parts.append(f"{before} → {after}" if before != after else after)
    if action == "edit" and isinstance(version, list):
        parts.append(f"version {version[0]} → {version[1]}")
    if "published" in changes:
        before, after = changes["published"]
        parts += [f"{account} {link}" for account, link in after.items() if account not in before]
    changed = sorted(name for name in changes if name not in _QUIET)
    if changed:
        parts.append("changed " + ", ".join(changed))
    if changes.get("note"):
        parts.append(f"“{changes['note']}”")
    return "; ".join(parts)


# -- who got in, who was kept out, what left the desk ----------------------------------------------------

# The rows the store writes beside the posts' (`Store.record_sign_in` and its neighbours, `record_download`):
# what an information-security officer asks for.
ACCESS_ACTIONS = ("sign_in", "sign_in_refused", "sign_out", "download")
_FORMATS = {"pdf": "PDF", "html": "HTML", "csv": "CSV", "json": "JSON"}


def _access_what(entry: AuditEntry) -> str:
    changes = entry.changes
    if entry.action == "sign_in":
        return "signed in" + (" (password hash renewed)" if changes.get("rehashed") else "")
    if entry.action == "sign_out":
        return _signed_out(entry.by, changes)
    if entry.action == "download":
        return _downloaded(changes)
    return _refused(entry)


def _refused(entry: AuditEntry) -> str:
    """ "sign-in refused (3rd failure in a row)", with the lock this failure set, or the lock an attempt met
    (which neither counts nor lengthens it); a name that is no desk user's is said to be one, never named."""
    changes = entry.changes
    refused = "sign-in refused" + ("" if "user" in changes else " at a name that is no desk user's")
    until = _until(changes["until"], entry.at) if changes.get("until") else ""
    if changes.get("counted", True) is False:
        return f"{refused} while locked out until {until} (not counted; the lock not lengthened)"
    said = f"{refused} ({_ordinal(changes.get('failures', 0))} failure in a row)"
    return f"{said}: locked out until {until}" if changes.get("locked") and until else said


def _signed_out(by: str, changes: Mapping[str, Any]) -> str:
    if "sessions" not in changes:
        return "signed out"
    sessions = changes["sessions"]
    everywhere = f"everywhere ({sessions} session{'' if sessions == 1 else 's'})"
    return f"signed out {everywhere}" if changes.get("user") == by else f"signed {changes.get('user')} out {everywhere}"


def _downloaded(changes: Mapping[str, Any]) -> str:
    """ "downloaded the report for 2026-11-20 as PDF", "downloaded the audit trail as CSV (1,204 rows)"."""
    what, fmt = changes.get("what"), _FORMATS.get(changes.get("format", ""), str(changes.get("format", "")).upper())
    if what == "report":
        report = f"the report for {changes.get('period') or changes.get('day')}"
        return f"opened {report} (HTML)" if fmt == "HTML" else f"downloaded {report} as {fmt}"
    if what == "audit":
        rows = changes.get("rows")
        return f"downloaded the audit trail as {fmt}" + (f" ({rows:,} rows)" if isinstance(rows, int) else "")
    return f"downloaded {what}" + (f" as {fmt}" if fmt else "")


def _until(text: str, at: datetime) -> str:
    """A lock's end as people here read it: "14:05 GMT" on the day of the row, with the date otherwise."""
    until = parse_time(text)
    shown = show_london(until)
    return shown.split(" ", 1)[1] if until.astimezone(LONDON).date() == at.astimezone(LONDON).date() else shown


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
