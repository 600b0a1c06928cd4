"""Communities: the places on the platforms where people talk about the force, and how they feel there.

A mention's community is the thread it belongs to: an X conversation, a Facebook post's comment
thread, a YouTube video's comments. Accounts that post about the force often are the other kind
of community; they are read from the author fields when summarising.

The summaries are pure (analysed mentions in, frozen records out) and safe to show outside the app:
private people appear only as pseudonyms, in names, in sample text and in links.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from analyse.pseudonyms import Pseudonymiser, normal_handle
from analyse.records import Analysed
from commsdesk.records import Mention

ACCOUNT = "account"
THREAD_KINDS = ("conversation", "post", "video")  # x, facebook, youtube
SNIPPET_CHARS = 80


def community_of(mention: Mention) -> str:
    """The thread a mention belongs to, as ``platform:kind:id`` (a standalone post is its own thread)."""
    if mention.platform == "youtube":  # comments carry their video; a video (search result) is its own
        snippet = mention.raw.get("snippet")
        video = snippet.get("videoId") if isinstance(snippet, dict) else ""
        return f"youtube:video:{video or mention.id}"
    if mention.platform == "facebook":
        return f"facebook:post:{mention.conversation_id or mention.id}"
    return f"x:conversation:{mention.conversation_id or mention.id}"


@dataclass(frozen=True, slots=True)
class ActiveAuthor:
    """One of a community's most active authors, as shown outside the app (pseudonym unless public)."""

    name: str
    mentions: int
    public: bool = False


@dataclass(frozen=True, slots=True)
class Community:
    """One community over the mentions summarised: how much it said about the force, and how it felt.

    Shares are over the mentions with a sentiment (English text), 0.0 when none has one. For a
    thread, `name` is a snippet of its head (earliest mention, @handles pseudonymised) and `url`
    links to that head; for an account, `name` is how the account is shown and `url` its profile
    (empty for a private person: a profile link would name them).
    """

    key: str  # "x:conversation:123", "facebook:post:1_2", "youtube:video:abc", "account:x:7F3A-2C91"
    kind: str  # conversation / post / video / account
    platform: str
    name: str
    url: str
    started_by: str  # who wrote the head (a thread) or the account itself
    volume: int
    negative: int
    neutral: int
    positive: int
    share_negative: float
    share_positive: float
    authors: int  # distinct authors
    top_authors: tuple[ActiveAuthor, ...]
    first_at: datetime
    last_at: datetime

    @property
    def rated(self) -> int:
        """Mentions with a sentiment: the base of the shares."""
        return self.negative + self.neutral + self.positive

    @property
    def is_thread(self) -> bool:
        return self.kind != ACCOUNT


def shares(negative: int, positive: int, rated: int) -> tuple[float, float]:
    """(share negative, share positive) of `rated`; never outside [0, 1], never summing above 1."""
    if rated <= 0:
        return 0.0, 0.0
    share_negative = negative / rated
    return share_negative, min(positive / rated, 1.0 - share_negative)  # the min only absorbs rounding


def thread_of(record: Analysed) -> str:
    """The record's thread community; a record analysed without one is its own thread."""
    if record.community:
        return record.community
    kind = {"youtube": "video", "facebook": "post"}.get(record.platform, "conversation")
    return f"{record.platform}:{kind}:{record.id}"


def author_of(record: Analysed) -> str:
    """Who wrote `record` within its platform: the account id, else the handle, else the name ("" if none)."""
    if record.author_id:
        return record.author_id
    if record.author_handle:
        return f"@{normal_handle(record.author_handle)}"
    return f"name:{record.author_name}" if record.author_name else ""


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of `text` on one line, cut at a word with "…" when longer than `limit`."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def profile_url(record: Analysed) -> str:
    """A public account's profile address (built from ids: the collectors keep no profile links)."""
    if record.platform == "x":
        handle = normal_handle(record.author_handle)
        return f"https://x.com/{handle}" if handle else f"https://x.com/i/user/{record.author_id}"
    if record.platform == "youtube" and record.author_id:
        return f"https://www.youtube.com/channel/{record.author_id}"
    if record.platform == "facebook" and record.author_id:
        return f"https://www.facebook.com/{record.author_id}"
    return ""


class _Tally:
    """Running counts for one community while the records stream past."""

    __slots__ = ("authors", "first", "head", "last", "sentiment", "volume")

    def __init__(self, record: Analysed) -> None:
        self.head = record  # the earliest mention
        self.first = self.last = record.created_at
        self.volume = 0
        self.sentiment: Counter[str] = Counter()
        self.authors: Counter[str] = Counter()

    def add(self, record: Analysed, author: str) -> None:
        self.volume += 1
        if record.sentiment:
            self.sentiment[record.sentiment] += 1
        if author:
            self.authors[author] += 1
        moment = record.created_at
        if moment < self.first or (moment == self.first and record.id < self.head.id):
            self.first, self.head = moment, record
        if moment > self.last:
            self.last = moment


def _as_sequence(records: Iterable[Analysed]) -> Sequence[Analysed]:
    return records if isinstance(records, Sequence) else list(records)


def _known_accounts(
    records: Sequence[Analysed], public_handles: Collection[str]
) -> tuple[set[str], dict[str, dict[str, str]]]:
    """Handles to leave alone (given, plus every public author's) and handle → id per platform, for scrubbing."""
    public = {normal_handle(h) for h in public_handles}
    ids: dict[str, dict[str, str]] = {}
    for record in records:
        if record.author_handle:
            handle = normal_handle(record.author_handle)
            if record.author_public:
                public.add(handle)
            elif record.author_id:
                ids.setdefault(record.platform, {})[handle] = record.author_id
    return public, ids


def _build(
    key: str,
    kind: str,
    tally: _Tally,
    who: dict[tuple[str, str], Analysed],
    pseudonyms: Pseudonymiser,
    top_authors: int,
    name: str,
    url: str,
) -> Community:
    platform = tally.head.platform
    negative, neutral, positive = (tally.sentiment[s] for s in ("negative", "neutral", "positive"))
    share_negative, share_positive = shares(negative, positive, negative + neutral + positive)
    ranked = sorted(tally.authors.items(), key=lambda item: -item[1])  # stable: ties in the order first seen
    top = tuple(
        ActiveAuthor(pseudonyms.display(who[platform, author]), count, who[platform, author].author_public)
        for author, count in ranked[:top_authors]
    )
    return Community(
        key=key,
        kind=kind,
        platform=platform,
        name=name,
        url=url,
        started_by=pseudonyms.display(tally.head),
        volume=tally.volume,
        negative=negative,
        neutral=neutral,
        positive=positive,
        share_negative=share_negative,
        share_positive=share_positive,
        authors=len(tally.authors),
        top_authors=top,
        first_at=tally.first,
        last_at=tally.last,
    )


def thread_communities(
    records: Iterable[Analysed],
    pseudonyms: Pseudonymiser,
    *,
    top_authors: int = 3,
    public_handles: Collection[str] = (),
) -> list[Community]:
    """Every thread (X conversation, Facebook post, YouTube video) in `records`, busiest first.

    Each record is in exactly one thread, so the volumes add up to the number of records.
    `public_handles` (the force's own, partners') stay as they are in the names; so do the handles
    of any public author in `records`.
    """
    records = _as_sequence(records)
    tallies: dict[str, _Tally] = {}
    who: dict[tuple[str, str], Analysed] = {}
    for record in records:
        key = thread_of(record)
        tally = tallies.get(key)
        if tally is None:
            tally = tallies[key] = _Tally(record)
        author = author_of(record)
        if author and (record.platform, author) not in who:
            who[record.platform, author] = record
        tally.add(record, author)
    public, ids = _known_accounts(records, public_handles)
    found = []
    for key, tally in tallies.items():
        head = tally.head
        kind = key.split(":", 2)[1] if key.count(":") >= 2 else "conversation"
        text = snippet(pseudonyms.scrub(head.text, head.platform, public, ids.get(head.platform)))
        name = text or f"{head.platform} {kind} {key.rsplit(':', 1)[-1]}"
        found.append(_build(key, kind, tally, who, pseudonyms, top_authors, name, pseudonyms.link(head)))
    return sorted(found, key=_busiest)


def account_communities(
    records: Iterable[Analysed],
    pseudonyms: Pseudonymiser,
    *,
    min_mentions: int = 3,
    own_accounts: Collection[tuple[str, str]] = (),
) -> list[Community]:
    """Accounts with at least `min_mentions` mentions in `records`, busiest first.

    `own_accounts` are the force's own (platform, account id) pairs: its replies in a thread are
    not "an account that posts about us". The key holds the account's code, never its id.
    """
    tallies: dict[tuple[str, str], _Tally] = {}
    own = set(own_accounts)
    for record in records:
        author = author_of(record)
        if not author:
            continue
        ident = (record.platform, author)
        tally = tallies.get(ident)
        if tally is None:
            tally = tallies[ident] = _Tally(record)
        tally.add(record, author)
    found = []
    for (platform, author), tally in tallies.items():
        if tally.volume < max(min_mentions, 1) or (platform, author) in own:
            continue
        head = tally.head
        display = pseudonyms.display(head)
        key = f"{ACCOUNT}:{platform}:{pseudonyms.code(platform, author)}"
        url = profile_url(head) if head.author_public else ""
        found.append(_build(key, ACCOUNT, tally, {(platform, author): head}, pseudonyms, 1, display, url))
    return sorted(found, key=_busiest)


def summarise_communities(
    records: Iterable[Analysed],
    pseudonyms: Pseudonymiser,
    *,
    min_mentions: int = 3,
    top_authors: int = 3,
    public_handles: Collection[str] = (),
    own_accounts: Collection[tuple[str, str]] = (),
) -> list[Community]:
    """Threads and frequent accounts together, busiest first (see the two functions for each kind)."""
    records = _as_sequence(records)
    threads = thread_communities(records, pseudonyms, top_authors=top_authors, public_handles=public_handles)
    accounts = account_communities(records, pseudonyms, min_mentions=min_mentions, own_accounts=own_accounts)
    return sorted(threads + accounts, key=_busiest)


def _busiest(community: Community) -> tuple[int, float, str]:
    return (-community.volume, -community.last_at.timestamp(), community.key)


def _pick(communities: Iterable[Community], min_volume: int, kinds: Collection[str] | None) -> Iterable[Community]:
    return (c for c in communities if c.volume >= min_volume and (kinds is None or c.kind in kinds))


def most_negative(
    communities: Iterable[Community], *, min_volume: int = 3, limit: int = 10, kinds: Collection[str] | None = None
) -> list[Community]:
    """The communities generating the most negative comment: by count, then share, then volume.

    `min_volume` keeps one angry post from counting as a community; `kinds` narrows to, e.g.,
    ``{"account"}`` or the thread kinds.
    """
    found = [c for c in _pick(communities, min_volume, kinds) if c.negative]
    found.sort(key=lambda c: (-c.negative, -c.share_negative, -c.volume, c.key))
    return found[:limit]


def most_positive(
    communities: Iterable[Community], *, min_volume: int = 3, limit: int = 10, kinds: Collection[str] | None = None
) -> list[Community]:
    """The communities generating the most positive comment: by count, then share, then volume."""
    found = [c for c in _pick(communities, min_volume, kinds) if c.positive]
    found.sort(key=lambda c: (-c.positive, -c.share_positive, -c.volume, c.key))
    return found[:limit]


def most_active(
    communities: Iterable[Community], *, min_volume: int = 1, limit: int = 10, kinds: Collection[str] | None = None
) -> list[Community]:
    """The busiest communities: by volume, then distinct authors, then the most recent."""
    found = list(_pick(communities, min_volume, kinds))
    found.sort(key=lambda c: (-c.volume, -c.authors, -c.last_at.timestamp(), c.key))
    return found[:limit]
