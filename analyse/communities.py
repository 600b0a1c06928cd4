"""Communities: the places on the platforms where people talk about the force, and how they feel there.

A mention's community is the thread it belongs to: an X conversation, a Facebook post's comment
thread, a YouTube video's comments. Accounts that post about the force often are the other kind
of community; they are read from the author fields when summarising.

The summaries are pure (analysed mentions in, frozen records out) and safe to show outside the app:
private people appear only as pseudonyms: as authors, as @handles in head text, and in links.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from analyse.pseudonyms import Pseudonymiser, account_key, normal_handle
from analyse.records import Analysed, sentiment_shares
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


def thread_of(record: Analysed) -> str:
    """The record's thread community; a record analysed without one is its own thread."""
    if record.community:
        return record.community
    kind = {"youtube": "video", "facebook": "post"}.get(record.platform, "conversation")
    return f"{record.platform}:{kind}:{record.id}"


def author_of(record: Analysed) -> str:
    """Who wrote `record` within its platform (see `account_key`); "" when nothing says."""
    return account_key(record.author_id, record.author_handle, record.author_name)


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

    __slots__ = ("authors", "first", "head", "last", "negative", "neutral", "positive", "volume")

    def __init__(self, record: Analysed) -> None:
        self.head = record  # the earliest mention
        self.first = self.last = record.created_at
        self.volume = self.negative = self.neutral = self.positive = 0
        self.authors: dict[str, int] = {}  # in the order first seen

    def add(self, record: Analysed, author: str) -> None:
        self.volume += 1
        sentiment = record.sentiment
        if sentiment == "negative":
            self.negative += 1
        elif sentiment == "positive":
            self.positive += 1
        elif sentiment == "neutral":
            self.neutral += 1
        if author:
            self.authors[author] = self.authors.get(author, 0) + 1
        moment = record.created_at
        if moment < self.first or (moment == self.first and record.id < self.head.id):
            self.first, self.head = moment, record
        elif moment > self.last:
            self.last = moment


def _known_accounts(
    authors: Iterable[Analysed], public_handles: Collection[str]
) -> tuple[set[str], dict[str, dict[str, str]]]:
    """Handles to leave alone (given, plus every public author's) and handle → id per platform, for scrubbing.

    `authors` has one record per author, so this costs per author, not per mention.
    """
    public = {normal_handle(h) for h in public_handles}
    ids: dict[str, dict[str, str]] = {}
    for record in authors:
        if record.author_handle:
            handle = normal_handle(record.author_handle)
            if record.author_public:
                public.add(handle)
            elif record.author_id:
                ids.setdefault(record.platform, {})[handle] = record.author_id
    return public, ids


class _Tallies:
    """One pass over the records: every thread's and every author's counts, and one record per author."""

    def __init__(self, records: Iterable[Analysed], pseudonyms: Pseudonymiser) -> None:
        self.pseudonyms = pseudonyms
        self.threads: dict[str, _Tally] = {}
        self.accounts: dict[tuple[str, str], _Tally] = {}
        self.names: dict[tuple[str, str], str] = {}  # (platform, author) → how they are shown
        threads, accounts = self.threads, self.accounts
        for record in records:
            key = record.community or thread_of(record)
            tally = threads.get(key)
            if tally is None:
                tally = threads[key] = _Tally(record)
            author = author_of(record)
            tally.add(record, author)
            if author:
                ident = (record.platform, author)
                mine = accounts.get(ident)
                if mine is None:
                    mine = accounts[ident] = _Tally(record)
                mine.add(record, author)

    def display(self, platform: str, author: str) -> str:
        """How an author is shown: worked out once per author, however many communities they are in."""
        ident = (platform, author)
        name = self.names.get(ident)
        if name is None:
            name = self.names[ident] = self.pseudonyms.display(self.accounts[ident].head)
        return name

    def build(self, key: str, kind: str, tally: _Tally, top_authors: int, name: str, url: str) -> Community:
        platform = tally.head.platform
        negative, neutral, positive = tally.negative, tally.neutral, tally.positive
        share_negative, _, share_positive = sentiment_shares(negative, neutral, positive)
        ranked = sorted(tally.authors.items(), key=lambda item: -item[1])  # stable: ties in the order first seen
        top = tuple(
            ActiveAuthor(self.display(platform, author), count, self.accounts[platform, author].head.author_public)
            for author, count in ranked[:top_authors]
        )
        head = author_of(tally.head)
        return Community(
            key=key,
            kind=kind,
            platform=platform,
            name=name,
            url=url,
            started_by=self.display(platform, head) if head else self.pseudonyms.display(tally.head),
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

    def thread_communities(self, top_authors: int, public_handles: Collection[str]) -> list[Community]:
        public, ids = _known_accounts((tally.head for tally in self.accounts.values()), public_handles)
        found = []
        for key, tally in self.threads.items():
            head = tally.head
            kind = key.split(":", 2)[1] if key.count(":") >= 2 else "conversation"
            text = snippet(self.pseudonyms.scrub(head.text, head.platform, public, ids.get(head.platform)))
            name = text or f"{head.platform} {kind} {key.rsplit(':', 1)[-1]}"
            found.append(self.build(key, kind, tally, top_authors, name, self.pseudonyms.link(head)))
        return sorted(found, key=_busiest)

    def account_communities(self, min_mentions: int, own_accounts: Collection[tuple[str, str]]) -> list[Community]:
        own = set(own_accounts)
        found = []
        for (platform, author), tally in self.accounts.items():
            if tally.volume < max(min_mentions, 1) or (platform, author) in own:
                continue
            head = tally.head
            key = f"{ACCOUNT}:{platform}:{self.pseudonyms.code(platform, author)}"
            url = profile_url(head) if head.author_public else ""
            found.append(self.build(key, ACCOUNT, tally, 1, self.display(platform, author), url))
        return sorted(found, key=_busiest)


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
    return _Tallies(records, pseudonyms).thread_communities(top_authors, public_handles)


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
    return _Tallies(records, pseudonyms).account_communities(min_mentions, own_accounts)


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
    tallies = _Tallies(records, pseudonyms)
    threads = tallies.thread_communities(top_authors, public_handles)
    accounts = tallies.account_communities(min_mentions, own_accounts)
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
