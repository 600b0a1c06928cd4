"""Drafts: refuse bad input with every reason at once, run the policy checks, build the Post record.

Nothing here touches the store or the clock: `now`, the force's accounts and the checker are passed
in, so a refused draft leaves nothing half-saved (the store writes only what `new_post` / `revise`
return). Times are entered and shown in Europe/London and kept in UTC; a local time that does not
exist (spring forward) or happens twice (fall back) is refused rather than guessed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from policy_checks.records import Draft, Finding, Media
from policy_checks.rules.platform import x_length
from publish import lifecycle
from publish.lifecycle import NotAllowed
from publish.records import LIMITS, PLATFORMS, Account, MediaItem, Post, ReplyTo, User

if TYPE_CHECKING:
    from config.settings import Settings

LONDON = ZoneInfo("Europe/London")
AUTHORS = ("officer", "reviewer", "senior")  # roles that may write a post
HOLDING_AUTHORS = ("duty",)  # may also fill in a pre-approved holding statement during an incident


class DraftRefused(ValueError):
    """A draft with something wrong: every reason, in plain English, so the author fixes all at once."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("draft refused: " + "; ".join(reasons))


class Checks(Protocol):
    """What drafts need of `policy_checks.engine.Checker` (a fake in tests)."""

    def check(self, draft: Draft) -> list[Finding]: ...


@dataclass(frozen=True, slots=True)
class PostSpec:
    """What the author typed: the content of a post, before any checks."""

    texts: Mapping[str, str]
    accounts: tuple[Account, ...]
    scheduled_at: datetime | None = None  # aware; use `london_to_utc` for what a person typed
    campaign: str = ""
    in_reply_to: ReplyTo | None = None
    incident_id: int | None = None
    media: tuple[MediaItem, ...] = ()
    thread: bool = False
    template: str = ""  # the pre-approved holding statement it was filled from, if any

    @classmethod
    def of(cls, post: Post) -> PostSpec:
        """The spec of an existing post, to change a field or two with `dataclasses.replace`."""
        return cls(
            texts=post.texts,
            accounts=post.accounts,
            scheduled_at=post.scheduled_at,
            campaign=post.campaign,
            in_reply_to=post.in_reply_to,
            incident_id=post.incident_id,
            media=post.media,
            thread=post.thread,
            template=post.template,
        )


def force_accounts(settings: Settings) -> frozenset[Account]:
    """The force's own accounts from its settings: X usernames, the Facebook Page, the YouTube channel."""
    found = {Account("x", name.lstrip("@")) for name in settings.x.accounts}
    if settings.facebook.page_id:
        found.add(Account("facebook", settings.facebook.page_id))
    if settings.youtube.channel_id:
        found.add(Account("youtube", settings.youtube.channel_id))
    return frozenset(found)


# -- time ---------------------------------------------------------------------------------------


def london_to_utc(value: str | datetime) -> datetime:
    """A time as typed in London, in UTC. A time with an offset is taken as given (that is how to pick
    one of October's two 01:30s); a local time that does not exist or happens twice is refused."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise DraftRefused([f"{value!r} is not a time: write it as 2026-11-20 09:30"]) from None
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    first, second = value.replace(tzinfo=LONDON, fold=0), value.replace(tzinfo=LONDON, fold=1)
    shown = value.strftime("%H:%M on %A %d %B %Y")
    if first.utcoffset() != second.utcoffset():
        if first.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None) != value:
            raise DraftRefused(
                [f"{shown} does not exist in London: the clocks go forward an hour that night; pick another time"]
            )
        raise DraftRefused(
            [
                f"{shown} happens twice in London: the clocks go back an hour that night; pick another time, or "
                f"give the offset: {value:%Y-%m-%d %H:%M}+01:00 (BST, the first) or +00:00 (GMT, the second)"
            ]
        )
    return first.astimezone(UTC)


def show_london(moment: datetime) -> str:
    """A UTC time as people here read it: 2026-03-29 03:00 BST."""
    local = moment.astimezone(LONDON)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


# -- validation -----------------------------------------------------------------------------------


def problems(spec: PostSpec, *, now: datetime, known_accounts: Collection[Account]) -> list[str]:
    """Every reason `spec` cannot be saved (empty when it can)."""
    found: list[str] = []
    chosen = {a.platform for a in spec.accounts}
    if not spec.accounts:
        found.append("choose at least one account to post on")
    for account in spec.accounts:
        if account not in known_accounts:
            found.append(f"unknown account {account}: not one of the force's accounts")
    for platform in PLATFORMS:
        if platform in chosen and not spec.texts.get(platform, "").strip():
            found.append(f"the {platform} text is empty")
    for platform in spec.texts:
        if platform not in PLATFORMS:
            found.append(f"unknown platform {platform!r}: expected one of {', '.join(PLATFORMS)}")
        elif platform not in chosen and spec.texts[platform].strip():
            found.append(f"there is {platform} text but no {platform} account is chosen")
    found.extend(_length_problems(spec, chosen))
    if "youtube" in chosen and (spec.in_reply_to is None or spec.in_reply_to.platform != "youtube"):
        found.append("on YouTube we only reply to comments: link the comment this answers")
    if spec.in_reply_to is not None:
        if spec.in_reply_to.platform not in PLATFORMS or not spec.in_reply_to.mention_id.strip():
            found.append("the mention this answers needs a platform and an id")
        elif chosen - {spec.in_reply_to.platform}:
            found.append(f"a reply goes only on {spec.in_reply_to.platform}, where the mention is")
    if spec.scheduled_at is not None:
        if spec.scheduled_at.tzinfo is None:
            found.append("the time has no time zone: use london_to_utc for a time typed in London")
        elif spec.scheduled_at < now:
            found.append(f"the time {show_london(spec.scheduled_at)} has already passed")
    for number, item in enumerate(spec.media, start=1):
        if not item.path.strip():
            found.append(f"media {number} has no file")
        if not item.alt_text.strip():
            found.append(f"media {number} ({item.path or 'no file'}) has no alt text: describe what it shows")
    return found


def _length_problems(spec: PostSpec, chosen: set[str]) -> list[str]:
    found = []
    for platform in sorted(chosen & set(spec.texts)):
        text = spec.texts[platform]
        size = x_length(text) if platform == "x" else len(text)
        limit = LIMITS[platform]
        if size <= limit:
            continue
        if platform == "x" and spec.thread:
            continue  # the publisher splits it (policy_checks.rules.platform.split_thread)
        hint = ": post it as a thread instead" if platform == "x" else ""
        found.append(f"the {platform} text is {size} characters, {size - limit} over {platform}'s {limit}{hint}")
    return found


def check(spec: PostSpec, checker: Checks, *, incident: bool = False) -> dict[str, tuple[Finding, ...]]:
    """The policy findings for each platform's text (a thread's X length is not a finding: it is split)."""
    media = tuple(Media(m.alt_text, m.source, m.licence) for m in spec.media)
    out: dict[str, tuple[Finding, ...]] = {}
    for platform in PLATFORMS:
        text = spec.texts.get(platform, "")
        if platform not in {a.platform for a in spec.accounts} or not text.strip():
            continue
        found = checker.check(Draft(text, platform=platform, media=media, incident=incident))
        out[platform] = tuple(f for f in found if not (spec.thread and f.rule == "x-length"))
    return out


# -- building the record --------------------------------------------------------------------------


def new_post(
    spec: PostSpec,
    *,
    author: User,
    now: datetime,
    known_accounts: Collection[Account],
    checker: Checks,
    incident: bool = False,
) -> Post:
    """A checked draft (id 0 until the store gives it one), or `DraftRefused` listing every problem."""
    if not (author.has(*AUTHORS) or (spec.template and author.has(*HOLDING_AUTHORS))):
        raise NotAllowed(f"{author.name} may not write posts: only {' / '.join(AUTHORS)} may")
    _refuse(spec, now=now, known_accounts=known_accounts)
    return Post(
        id=0,
        author=author.name,
        state="draft",
        version=1,
        findings=check(spec, checker, incident=incident),
        created_at=now,
        updated_at=now,
        **_content(spec),
    )


def revise(
    post: Post,
    spec: PostSpec,
    *,
    by: User,
    now: datetime,
    known_accounts: Collection[Account],
    checker: Checks,
    incident: bool = False,
    seen_version: int | None = None,
) -> Post:
    """`post` edited to `spec` by `by`: validated, moved by the table's `edit`, re-checked, version + 1."""
    _refuse(spec, now=now, known_accounts=known_accounts)
    moved = lifecycle.move(post, "edit", by=by, at=now, seen_version=seen_version)
    if spec.texts != post.texts:  # changed wording is no longer the pre-approved statement: full review
        spec = replace(spec, template="")
    return replace(moved, version=post.version + 1, findings=check(spec, checker, incident=incident), **_content(spec))


def _refuse(spec: PostSpec, *, now: datetime, known_accounts: Collection[Account]) -> None:
    found = problems(spec, now=now, known_accounts=known_accounts)
    if found:
        raise DraftRefused(found)


def _content(spec: PostSpec) -> dict[str, object]:
    return {
        "texts": {p: spec.texts[p] for p in PLATFORMS if p in spec.texts and spec.texts[p].strip()},
        "accounts": spec.accounts,
        "scheduled_at": spec.scheduled_at.astimezone(UTC) if spec.scheduled_at else None,
        "campaign": spec.campaign.strip(),
        "in_reply_to": spec.in_reply_to,
        "incident_id": spec.incident_id,
        "media": spec.media,
        "thread": spec.thread,
        "template": spec.template,
    }
