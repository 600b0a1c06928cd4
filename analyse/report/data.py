"""What the daily report says, gathered once: a `ReportData` record the charts and templates only read.

The store is read through `analyse.views` and a few counting verbs; everything after that is pure
shaping of records. Nothing here knows about HTML: text that leaves the app is already scrubbed of
private people (pseudonyms) and links are either safe ``http(s)`` addresses or empty.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

from analyse.areas import AreaSummary, unplaced
from analyse.communities import Community, most_active, most_negative, most_positive, snippet, thread_of
from analyse.pseudonyms import Pseudonymiser
from analyse.records import ENGLISH, SENTIMENTS, Analysed, sentiment_shares
from analyse.views import Window, areas_in, communities_in, own_accounts, scrubber, topic_record, topics_in
from commsdesk.records import PLATFORMS, CollectorRun
from commsdesk.status import NAMES, state_of
from commsdesk.store import Store
from config.settings import Settings

TOP_TOPICS = 8
TOP_COMMUNITIES = 5
TOP_PLACES = 15
TOP_OWN_POSTS = 15
LABEL_CHARS = 160  # a topic label longer than this is cut in tables (shown whole in its own section)
POST_CHARS = 240
OWN_POST_CHARS = 150
GAP_FLOOR = timedelta(hours=1)  # a pause in collection shorter than this is ordinary scheduling
WEEK = timedelta(days=7)

#: The platforms' metric names as people read them; the first of REACH found is "reach".
METRIC_NAMES = {
    "impression_count": "views",
    "view_count": "views",
    "like_count": "likes",
    "retweet_count": "reposts",
    "quote_count": "quotes",
    "reply_count": "replies",
    "comment_count": "comments",
    "share_count": "shares",
    "bookmark_count": "bookmarks",
}
REACH = ("impression_count", "view_count")
ENGAGEMENT = ("like_count", "retweet_count", "quote_count", "reply_count", "comment_count", "share_count")


# -- records -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    """One headline number with what it was the period before and a week before (None: nothing to compare)."""

    label: str
    now: float | None
    previous: float | None
    week_ago: float | None
    kind: str = "count"  # count / share


@dataclass(frozen=True, slots=True)
class Series:
    """Counts per time bucket (UTC bucket starts), one row of counts per name (platform or sentiment)."""

    starts: tuple[datetime, ...]
    bucket: timedelta
    rows: tuple[tuple[str, tuple[int, ...]], ...]

    @property
    def total(self) -> int:
        return sum(sum(counts) for _, counts in self.rows)


@dataclass(frozen=True, slots=True)
class OwnPost:
    """Something the force published, how it did on the platform, and how people answered in its thread."""

    platform: str
    id: str
    url: str
    text: str
    created_at: datetime
    account: str
    is_reply: bool
    metrics: tuple[tuple[str, int], ...]  # (readable name, value)
    reach: int | None
    engagement: int | None
    replies: int
    negative: int
    neutral: int
    positive: int

    @property
    def rated(self) -> int:
        return self.negative + self.neutral + self.positive


@dataclass(frozen=True, slots=True)
class HealthNote:
    """One plain sentence about a source or the analysis; ``level`` is ok / warn / problem."""

    source: str
    level: str
    text: str
    detail: str = ""  # the platform's own words, for the data-health section (too long for the summary)


@dataclass(frozen=True, slots=True)
class AlertRow:
    """An alert of the period as the report lists it."""

    title: str
    kind: str
    severity: str
    state: str
    opened_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str

    @property
    def minutes_to_acknowledge(self) -> float | None:
        if self.acknowledged_at is None:
            return None
        return (self.acknowledged_at - self.opened_at).total_seconds() / 60


@dataclass(frozen=True, slots=True)
class Alerts:
    rows: tuple[AlertRow, ...] = ()
    note: str = ""  # said when there is nothing to list


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything one report shows, for one window; built by `gather`, read by charts and templates."""

    force: str
    timezone: str
    window: Window
    generated_at: datetime
    compare_label: str  # "previous day" / "previous 7 days" ...
    mentions: int  # stored mentions in the window (analysed or not)
    analysed: int
    platforms: tuple[tuple[str, int], ...]  # every collected platform, even at 0
    headline: tuple[Figure, ...]
    volume: Series  # by platform
    sentiment: Series  # by sentiment
    topics: tuple[dict[str, Any], ...]  # `topic_record`s, plus "new", "short_label", "community_links"
    topics_total: int
    emerging: int
    new_topics: int
    most_negative: tuple[Community, ...]
    most_positive: tuple[Community, ...]
    most_active: tuple[Community, ...]
    areas: tuple[AreaSummary, ...]  # with mentions, busiest first
    quiet_areas: tuple[str, ...]  # configured areas nobody mentioned
    unplaced: int
    own_posts: tuple[OwnPost, ...]
    own_total: int
    own_replies: tuple[OwnPost, ...]  # the force's replies in other people's threads
    alerts: Alerts
    health: tuple[HealthNote, ...]
    other_languages: tuple[tuple[str, int], ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return self.mentions == 0

    @property
    def problems(self) -> tuple[HealthNote, ...]:
        return tuple(n for n in self.health if n.level != "ok")

    @property
    def problems_by_source(self) -> tuple[tuple[str, str], ...]:
        """(source, its problems in one line), in the order found: the summary gives each source one line."""
        lines: dict[str, list[str]] = {}
        for note in self.problems:
            lines.setdefault(note.source, []).append(note.text)
        return tuple((source, " ".join(texts)) for source, texts in lines.items())


# -- pure shaping ------------------------------------------------------------------------------------


def clip(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters with "…" (tables must stay on the page)."""
    return snippet(text, limit)


def safe_href(url: str) -> str:
    """`url` when it is a plain http(s) address, else "": a ``javascript:`` or ``data:`` link is never made live."""
    text = url.strip()
    if not text or any(ord(c) < 32 for c in text):
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def bucket_for(length: timedelta) -> timedelta:
    """Hours for a day or two, then 6-hour and daily buckets so a week's chart stays readable."""
    if length <= timedelta(days=2):
        return timedelta(hours=1)
    if length <= timedelta(days=14):
        return timedelta(hours=6)
    return timedelta(days=1)


def series(
    records: Iterable[Analysed], window: Window, names: Sequence[str], name_of: Callable[[Analysed], str]
) -> Series:
    """Counts of `records` per bucket of `window`, per name (`name_of` picks it; others are dropped)."""
    bucket = bucket_for(window.length)
    size = bucket.total_seconds()
    start = window.since.timestamp()
    n = max(1, int(-(-window.length.total_seconds() // size)))
    counts = {name: [0] * n for name in names}
    for record in records:
        row = counts.get(name_of(record))
        if row is None:
            continue
        index = int((record.created_at.timestamp() - start) // size)
        if 0 <= index < n:
            row[index] += 1
    starts = tuple(window.since + i * bucket for i in range(n))
    return Series(starts, bucket, tuple((name, tuple(values)) for name, values in counts.items()))


def shares(counts: Counter[str] | dict[str, int]) -> tuple[float, float] | None:
    """(share negative, share positive) of the rated mentions; None when none is rated."""
    negative, neutral, positive = (counts.get(s, 0) for s in SENTIMENTS)
    if not negative + neutral + positive:
        return None
    share_negative, _, share_positive = sentiment_shares(negative, neutral, positive)
    return share_negative, share_positive


def headline(
    platforms: Sequence[str],
    volumes: Sequence[dict[str, int]],
    sentiments: Sequence[Counter[str]],
    emerging: Sequence[int | None],
    alerts: Alerts,
    stored: dict[str, bool],
) -> tuple[Figure, ...]:
    """The headline rows from (now, previous, week ago) triples; a period with nothing stored shows no figure.

    `stored` says whether anything at all was stored in the "previous" and "week" periods: a desk
    younger than a week has no history, and "0, +100%" would read as if the force had been silent.
    """

    def figure(label: str, values: Sequence[float | None], kind: str = "count") -> Figure:
        previous = values[1] if stored.get("previous") else None
        week_ago = values[2] if stored.get("week") else None
        return Figure(label, values[0], previous, week_ago, kind)

    rows = [figure("Mentions, all platforms", [sum(v.values()) for v in volumes])]
    rows += [figure(f"  on {NAMES.get(p, p)}", [v.get(p, 0) for v in volumes]) for p in platforms]
    split = [shares(counts) for counts in sentiments]
    rows.append(figure("Share negative", [s[0] if s else None for s in split], "share"))
    rows.append(figure("Share positive", [s[1] if s else None for s in split], "share"))
    rows.append(figure("Emerging topics", list(emerging)))
    rows.append(Figure("Alerts raised", len(alerts.rows), None, None))
    waits = sorted(m for a in alerts.rows if (m := a.minutes_to_acknowledge) is not None)
    if waits:
        rows.append(Figure("Minutes to acknowledge (median)", round(waits[len(waits) // 2]), None, None))
    return tuple(rows)


def shown(communities: Iterable[Community]) -> tuple[Community, ...]:
    """Communities as the report shows them: names cut to fit a table cell, links only when safe."""
    return tuple(replace(c, name=clip(c.name, 120), url=safe_href(c.url)) for c in communities)


def distinct_samples(samples: Sequence[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Up to `limit` samples with different texts (the representative is often among the samples too)."""
    seen: set[str] = set()
    found = []
    for sample in samples:
        key = " ".join(sample["text"].lower().split())
        if key not in seen:
            seen.add(key)
            found.append(sample)
    return found[:limit]


def change(now: float | None, before: float | None, kind: str = "count") -> str:
    """How `now` differs from `before`, as people read it: "+12%", "−3 pts", "new", "same", "–"."""
    if now is None or before is None:
        return "–"
    if kind == "share":
        points = round((now - before) * 100)
        return "same" if points == 0 else f"{points:+d} pts".replace("-", "−")
    if before == 0:
        return "same" if now == 0 else "new"
    percent = round((now - before) / before * 100)
    return "same" if percent == 0 else f"{percent:+d}%".replace("-", "−")


def readable_metrics(metrics: dict[str, Any]) -> tuple[tuple[tuple[str, int], ...], int | None, int | None]:
    """(shown metrics, reach, engagement) from a platform's metrics; None where the platform gave nothing."""
    order = list(METRIC_NAMES)
    counts = {k: int(v) for k, v in metrics.items() if isinstance(v, int) and not isinstance(v, bool)}
    counts = {k: v for k, v in counts.items() if v or k in REACH}  # "quotes 0, bookmarks 0" is noise
    ranked = sorted(counts, key=lambda key: (order.index(key) if key in order else len(order), key))
    shown = tuple((METRIC_NAMES.get(key, key.removesuffix("_count").replace("_", " ")), counts[key]) for key in ranked)
    reach = next((counts[key] for key in REACH if key in counts), None)
    engaged = [counts[key] for key in ENGAGEMENT if key in counts]
    return shown, reach, (sum(engaged) if engaged else None)


def own_posts(
    records: Sequence[Analysed],
    own: set[tuple[str, str]],
    metrics_of: Callable[[Analysed], dict[str, Any]],
    scrub: Callable[[str, str], str],
    account_name: Callable[[Analysed], str],
) -> list[OwnPost]:
    """The force's own mentions, oldest first, each with how others answered after it in its thread."""
    mine = [r for r in records if (r.platform, r.author_id) in own]
    if not mine:
        return []
    wanted = {thread_of(r) for r in mine}
    threads: dict[str, list[Analysed]] = {}
    for record in records:
        key = thread_of(record)
        if key in wanted and (record.platform, record.author_id) not in own:
            threads.setdefault(key, []).append(record)
    found = []
    for post in mine:
        thread = thread_of(post)
        answers = Counter(r.sentiment for r in threads.get(thread, ()) if r.created_at >= post.created_at)
        shown, reach, engagement = readable_metrics(metrics_of(post))
        found.append(
            OwnPost(
                platform=post.platform,
                id=post.id,
                url=safe_href(post.url),
                text=clip(scrub(post.text, post.platform), OWN_POST_CHARS),
                created_at=post.created_at,
                account=account_name(post),
                is_reply=not thread.endswith(f":{post.id}"),
                metrics=shown,
                reach=reach,
                engagement=engagement,
                replies=sum(answers.values()),
                negative=answers["negative"],
                neutral=answers["neutral"],
                positive=answers["positive"],
            )
        )
    return found


def collection_notes(
    source: str,
    runs: Sequence[CollectorRun],
    window: Window,
    interval: timedelta,
    mentions: int,
    fmt: Callable[[datetime], str],
) -> list[HealthNote]:
    """Plain sentences about one source's collection in the window: failures, skipped runs, gaps, silence."""
    name = NAMES.get(source, source)
    notes: list[HealthNote] = []
    finished = [r for r in runs if r.status != "running"]
    if not finished:
        notes.append(
            HealthNote(
                name,
                "problem",
                f"No collection ran in this period, so posts from {name} are missing, not zero.",
            )
        )
        return notes
    bad = [r for r in finished if r.status in ("degraded", "failed")]
    if bad:
        reasons = list(dict.fromkeys(r.message for r in bad if r.message))
        times = ", ".join(fmt(r.started_at) for r in bad[:6]) + (" …" if len(bad) > 6 else "")
        runs_text = "A collection run" if len(bad) == 1 else f"{len(bad)} collection runs"
        notes.append(
            HealthNote(
                name,
                "problem",
                f"{runs_text} failed at {times}.",
                "; ".join(clip(reason, 240) for reason in reasons[:3]),
            )
        )
    skipped = [r for r in finished if r.status in ("skipped", "stopped")]
    if skipped:
        notes.append(
            HealthNote(
                name,
                "warn",
                f"{len(skipped)} collection run(s) skipped between "
                f"{fmt(skipped[0].started_at)} and {fmt(skipped[-1].started_at)}.",
                clip(skipped[0].message, 240),
            )
        )
    for start, end in gaps([r.started_at for r in finished if r.status == "ok"], window, max(3 * interval, GAP_FLOOR)):
        hours = (end - start).total_seconds() / 3600
        notes.append(
            HealthNote(
                name,
                "problem",
                f"Nothing collected from {fmt(start)} to {fmt(end)} ({hours:.1f} h); posts from then may be missing.",
            )
        )
    quarantined = sum(r.quarantined for r in finished)
    if quarantined:
        notes.append(HealthNote(name, "warn", f"{quarantined} malformed item(s) set aside, not counted."))
    if not mentions:
        calm = not bad and not skipped
        notes.append(
            HealthNote(
                name,
                "warn",
                "No mentions at all in this period"
                + (
                    f", although collection ran {len(finished)} time(s) without error: a quiet period, not an outage."
                    if calm
                    else ", and collection had problems: treat this as missing data, not calm."
                ),
            )
        )
    if not notes:
        notes.append(HealthNote(name, "ok", f"Collected normally ({len(finished)} runs, no errors)."))
    return notes


def gaps(successes: Sequence[datetime], window: Window, longest: timedelta) -> list[tuple[datetime, datetime]]:
    """Stretches of the window longer than `longest` with no successful run (the window's edges count)."""
    moments = [window.since, *sorted(m for m in successes if window.since <= m < window.until), window.until]
    return [(a, b) for a, b in pairwise(moments) if b - a > longest]


# -- I/O edge: reading the store ---------------------------------------------------------------------


def alerts_in(store: Store, window: Window) -> Alerts:
    """The alerts opened in the window, with who acknowledged them and when."""
    rows = tuple(
        AlertRow(
            title=a.title,
            kind=a.kind,
            severity=a.severity,
            state=a.state,
            opened_at=a.opened_at,
            acknowledged_at=a.acknowledged_at,
            acknowledged_by=a.acknowledged_by,
        )
        for a in store.alerts_between(since=window.since, until=window.until)
    )
    return Alerts(rows, "" if rows else "No alerts were raised in this period.")


def _volumes(store: Store, window: Window, platforms: Sequence[str]) -> dict[str, int]:
    return {p: store.count_mentions(platform=p, since=window.since, until=window.until) for p in platforms}


def _stored(store: Store, window: Window) -> bool:
    return store.count_mentions(since=window.since, until=window.until) > 0


def _compare_label(window: Window) -> str:
    if window.length == timedelta(days=1):
        return "previous day"
    hours = window.length.total_seconds() / 3600
    return f"previous {hours / 24:g} days" if hours % 24 == 0 else f"previous {hours:g} hours"


def gather(store: Store, settings: Settings, window: Window, *, now: datetime) -> ReportData:
    """Read the window (and the two windows it is compared with) and shape everything the report shows."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(settings.force.timezone)
    previous = Window(window.since - window.length, window.since)
    week = Window(window.since - WEEK, window.until - WEEK)
    enabled = [p for p in PLATFORMS if getattr(settings, p).enabled]
    counted = list(dict.fromkeys([*enabled, *store.counts_by_platform()]))
    platforms = [p for p in PLATFORMS if p in counted] + [p for p in counted if p not in PLATFORMS]

    has = {"previous": _stored(store, previous), "week": _stored(store, week)}
    before = topics_in(store, previous)[0] if has["previous"] else []
    topics, records = topics_in(store, window, previous=before)
    week_topics = topics_in(store, week)[0] if has["week"] else []
    pseudonyms = Pseudonymiser(store.pseudonym_key())
    scrub = scrubber(pseudonyms, settings, records)
    communities = communities_in(settings, records, pseudonyms)
    areas = areas_in(settings, records, topics, window)
    own = own_accounts(settings, records)
    alerts = alerts_in(store, window)

    volumes = [_volumes(store, w, platforms) for w in (window, previous, week)]
    sentiments = [Counter(store.sentiment_counts(since=w.since, until=w.until)) for w in (window, previous, week)]
    emerging: list[int | None] = [sum(t.emerging for t in topics)]
    emerging += [
        sum(t.emerging for t in found) if has[name] else None
        for name, found in (("previous", before), ("week", week_topics))
    ]
    earlier_ids = {t.id for t in before}
    is_new = (lambda topic: topic.id not in earlier_ids) if has["previous"] else (lambda topic: False)

    def fmt(moment: datetime) -> str:
        local = moment.astimezone(zone)
        return f"{local:%H:%M}" if window.length <= timedelta(days=1) else f"{local:%a %d %b %H:%M}"

    health: list[HealthNote] = []
    runs = store.runs_between(since=window.since, until=window.until)
    intervals = {
        "x": settings.x.interval,
        "facebook": settings.facebook.interval,
        "youtube": settings.youtube.interval,
    }
    for source in enabled:
        interval = timedelta(seconds=intervals[source])
        mine = [r for r in runs if r.source == source]
        health += collection_notes(source, mine, window, interval, volumes[0].get(source, 0), fmt)
    for state in store.health(enabled):
        label, _ = state_of(state, now)
        if label == "DEGRADED":
            name = NAMES.get(state.source, state.source)
            until = f" until {state.degraded_until.astimezone(zone):%d %b %H:%M}" if state.degraded_until else ""
            health.append(HealthNote(name, "problem", f"Degraded now{until}.", clip(state.degraded_reason, 240)))
    waiting = sum(volumes[0].values()) - len(records)
    if waiting > 0:
        health.append(
            HealthNote(
                "Analysis",
                "warn",
                f"{waiting:,} stored mention(s) from this period are not analysed yet: "
                "the sentiment, places, topics and communities below leave them out.",
            )
        )
    languages = Counter(r.lang for r in records if r.lang != ENGLISH)
    notes = []
    long_labels = sum(1 for t in topics[:TOP_TOPICS] if len(t.label) > LABEL_CHARS)
    if long_labels:
        notes.append(f"{long_labels} topic label(s) are longer than {LABEL_CHARS} characters and are cut in tables.")

    ranked_communities = {c.key: c for c in communities}
    topic_rows = []
    for topic in topics[:TOP_TOPICS]:
        row = topic_record(topic, scrub)
        row["new"] = is_new(topic)
        row["short_label"] = clip(topic.label, LABEL_CHARS)
        row["community_links"] = [
            (clip(ranked_communities[key].name, 80), safe_href(ranked_communities[key].url), count)
            for key, count in topic.communities[:3]
            if key in ranked_communities
        ]
        for sample in [row["representative"], *row["samples"]]:
            sample["url"] = safe_href(sample["url"])
            sample["text"] = clip(sample["text"], POST_CHARS)
        row["shown_samples"] = distinct_samples([row["representative"], *row["samples"]], 3)
        topic_rows.append(row)

    posts = own_posts(records, own, lambda r: _metrics(store, r), scrub, _own_name)
    return ReportData(
        force=settings.force.name,
        timezone=settings.force.timezone,
        window=window,
        generated_at=now.astimezone(UTC),
        compare_label=_compare_label(window),
        mentions=sum(volumes[0].values()),
        analysed=len(records),
        platforms=tuple(volumes[0].items()),
        headline=headline(platforms, volumes, sentiments, emerging, alerts, has),
        volume=series(records, window, platforms, lambda r: r.platform),
        sentiment=series(records, window, SENTIMENTS, lambda r: r.sentiment),
        topics=tuple(topic_rows),
        topics_total=len(topics),
        emerging=sum(t.emerging for t in topics),
        new_topics=sum(map(is_new, topics)),
        most_negative=shown(most_negative(communities, limit=TOP_COMMUNITIES)),
        most_positive=shown(most_positive(communities, limit=TOP_COMMUNITIES)),
        most_active=shown(most_active(communities, limit=TOP_COMMUNITIES)),
        areas=tuple(a for a in areas if a.volume)[:TOP_PLACES],
        quiet_areas=tuple(a.name for a in areas if not a.volume),
        unplaced=unplaced(records),
        own_posts=tuple(p for p in posts if not p.is_reply)[:TOP_OWN_POSTS],
        own_total=len(posts),
        own_replies=tuple(p for p in posts if p.is_reply),
        alerts=alerts,
        health=tuple(health),
        other_languages=tuple(languages.most_common()),
        notes=tuple(notes),
    )


def _own_name(record: Analysed) -> str:
    """The force's own account, by name: never a private person, so never a pseudonym."""
    return record.author_name or (f"@{record.author_handle}" if record.author_handle else record.platform)


def _metrics(store: Store, record: Analysed) -> dict[str, Any]:
    mention = store.get_mention(record.platform, record.id)
    return dict(mention.metrics) if mention else {}
