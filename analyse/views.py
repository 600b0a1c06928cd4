"""What the desk sees: the analysis read back from the store for a time range, ready to show or send.

The edge between the store and the pure summaries: it picks the window's mentions and the
baseline, calls `hot_topics`, `summarise_areas` and `summarise_communities`, and turns the results
into plain dicts fit to leave the app (private people pseudonymised, X links without handles).
The command line uses it now; the daily report and the web app will too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from analyse.areas import AreaSummary, summarise_areas
from analyse.communities import Community, summarise_communities
from analyse.pseudonyms import Pseudonymiser, safe_url
from analyse.records import Analysed
from analyse.topics import Baseline, Topic, hot_topics
from commsdesk.records import Mention, iso
from commsdesk.store import Store
from config.schema import Duration
from config.settings import Settings

BASELINE_DAYS = 7  # "the same hours on previous days": a week covers every weekday once


@dataclass(frozen=True, slots=True)
class Window:
    """A time range [since, until) in UTC."""

    since: datetime
    until: datetime

    @property
    def length(self) -> timedelta:
        return self.until - self.since

    def __str__(self) -> str:
        return f"{iso(self.since)} to {iso(self.until)}"


def parse_window(since: str, until: str | None = None, *, now: datetime) -> Window:
    """``--since 24h`` (a duration back from `until`) or an ISO time/date; `until` defaults to `now`.

    A time without a zone is read as UTC, as everywhere in the store.
    """
    end = _moment(until, "--until") if until else now
    try:
        start = end - timedelta(seconds=Duration.parse(since))
    except ValueError:
        start = _moment(since, "--since")
    if start >= end:
        raise ValueError(f"--since {since} is not before --until {iso(end)}")
    return Window(start, end)


def _moment(text: str, option: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"{option} {text!r}: expected a duration such as 24h or 7d, or a time such as 2026-11-20T09:00"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def baseline_for(store: Store, window: Window, *, days: int = BASELINE_DAYS) -> Baseline:
    """Feature counts for up to `days` whole days before the window (the store sums them by hour of day).

    Only days the store has counts for: a desk a day old has no history, and `hot_topics` then
    compares with the window's earlier hours instead of with days of silence.
    """
    earliest = store.first_feature_hour()
    days = min(days, (window.since - earliest).days) if earliest else 0
    if days <= 0:
        return Baseline()
    first = window.since - timedelta(days=days)
    return Baseline.from_rows(store.feature_baseline(since=first, until=window.since), days=days)


def topics_in(store: Store, window: Window, *, previous: Sequence[Topic] = ()) -> tuple[list[Topic], list[Analysed]]:
    """The hot topics of `window` and the analysed mentions they came from."""
    records = store.analysed(since=window.since, until=window.until)
    topics = hot_topics(
        records, now=window.until, window=window.length, baseline=baseline_for(store, window), previous=previous
    )
    return topics, records


def areas_in(
    settings: Settings, records: Sequence[Analysed], topics: Sequence[Topic], window: Window
) -> list[AreaSummary]:
    names = [area.name for area in settings.neighbourhoods]
    return summarise_areas(records, names=names, topics=topics, start=window.since, end=window.until)


def own_accounts(settings: Settings, records: Sequence[Analysed]) -> set[tuple[str, str]]:
    """The force's own accounts as (platform, id): the Page, the channel, and the X usernames seen."""
    handles = {name.lower() for name in settings.x.accounts}
    own = {("facebook", settings.facebook.page_id), ("youtube", settings.youtube.channel_id)}
    own |= {("x", r.author_id) for r in records if r.platform == "x" and r.author_handle.lower() in handles}
    return {pair for pair in own if pair[1]}


def public_handles(settings: Settings, records: Sequence[Analysed]) -> set[str]:
    """Handles that may be shown as they are: the force's, and those of organisations and verified accounts."""
    return {
        *(name.lower() for name in settings.x.accounts),
        *(r.author_handle.lower() for r in records if r.author_public),
    }


def scrubber(pseudonyms: Pseudonymiser, settings: Settings, records: Sequence[Analysed]) -> Callable[[str, str], str]:
    """(text, platform) -> text with every private person's @handle replaced by their pseudonym."""
    handles = public_handles(settings, records)
    ids = {r.author_handle.lower(): r.author_id for r in records if r.author_handle and r.author_id}

    def scrub(text: str, platform: str) -> str:
        return _CONTROL.sub("", pseudonyms.scrub(text, platform, handles, ids))

    return scrub


def communities_in(settings: Settings, records: Sequence[Analysed], pseudonyms: Pseudonymiser) -> list[Community]:
    return summarise_communities(
        records,
        pseudonyms,
        public_handles=public_handles(settings, records),
        own_accounts=own_accounts(settings, records),
    )


# -- leaving the app ---------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def topic_record(topic: Topic, scrub: Callable[[str, str], str]) -> dict[str, Any]:
    """A topic as plain data for `--json`, reports and alerts: samples scrubbed of private handles."""

    def sample(s: Any) -> dict[str, Any]:
        return {
            "platform": s.platform,
            "id": s.id,
            "url": safe_url(s.platform, s.id, s.url),
            "text": scrub(s.text, s.platform),
            "created_at": iso(s.created_at),
            "sentiment": s.sentiment,
            "copies": s.copies,
        }

    return {
        "id": topic.id,
        "label": topic.label,
        "terms": list(topic.terms),
        "volume": topic.volume,
        "recent": topic.recent,
        "expected": topic.expected,
        "growth": topic.growth,
        "emerging": topic.emerging,
        "score": topic.score,
        "first_seen": iso(topic.first_seen),
        "last_seen": iso(topic.last_seen),
        "volume_over_time": {
            "bucket_minutes": int(topic.bucket.total_seconds() // 60),
            "counts": list(topic.buckets),
        },
        "sentiment": dict(topic.sentiment),
        "platforms": dict(topic.platforms),
        "places": dict(topic.places),
        "communities": dict(topic.communities),
        "representative": sample(topic.representative),
        "samples": [sample(s) for s in topic.samples],
    }


@dataclass(frozen=True, slots=True)
class ShownMention:
    """A mention as the desk shows it: a private author as their pseudonym (in the text too), a link that
    does not name them, and what the analysis found (nothing yet when `analysed` is False)."""

    platform: str
    id: str
    created_at: datetime
    author: str
    text: str
    url: str
    analysed: bool
    sentiment: str = ""
    places: tuple[str, ...] = ()


def shown_mentions(
    settings: Settings, pseudonyms: Pseudonymiser, found: Sequence[tuple[Mention, Analysed | None]]
) -> list[ShownMention]:
    """`found` (mentions with their analysis, as `Store.search_mentions` gives them) ready to show: the same
    scrubber as the report and `topics --json`. An author the analysis has not read yet is shown by name only
    when it is one of the force's own accounts: until then nobody knows whether they are public."""
    records = [analysed for _, analysed in found if analysed is not None]
    scrub = scrubber(pseudonyms, settings, records)
    own = {name.lower() for name in settings.x.accounts}
    shown = []
    for mention, analysed in found:
        if analysed is not None:
            author, url = pseudonyms.display(analysed), pseudonyms.link(analysed)
        else:
            public = mention.author_handle.lower() in own
            author = pseudonyms.name(
                mention.platform, mention.author_id, public, mention.author_handle, mention.author_name
            )
            url = safe_url(mention.platform, mention.id, mention.url, mention.author_id, mention.author_handle)
        shown.append(
            ShownMention(
                platform=mention.platform,
                id=mention.id,
                created_at=mention.created_at,
                author=author,
                text=scrub(mention.text, mention.platform),
                url=url,
                analysed=analysed is not None,
                sentiment=analysed.sentiment if analysed else "",
                places=analysed.places if analysed else (),
            )
        )
    return shown
