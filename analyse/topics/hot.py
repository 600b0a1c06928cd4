"""Hot topics: group a window's mentions into topics and say which are new or growing fast.

Pure: mentions, a clock and a baseline in; topics out. The steps, each cheap enough for a day of
mentions (tens of thousands) in well under a second:

1. Copies (retweets, pasted text: equal ``dup_key``) travel together as one group.
2. Each feature key (term, #tag, entity, place) is scored. *Emergence*: the mentions carrying it in
   the last ``recent`` span against a Poisson expectation from the same hours on previous days,
   scaled by today's traffic and never below ``floor`` per hour (so 0 -> 2 is not news).
   *Salience* for the rest: mentions in the window times rarity (idf) over baseline and window.
3. Keys are taken best first (emerging, then salient). A key whose mentions mostly sit in a topic
   already describes it (and, when nearly all do, brings the rest along); otherwise it starts a new
   topic with the mentions no topic has yet. So every mention is in at most one topic, a burst
   claims its mentions before the everyday words do, and a common word does not chain topics.
4. A topic is emerging when one of its keys is, and its recent mentions come from enough distinct
   texts and authors (one account or one copied post is not a trend).

Topic identity: a topic is named after its first key; pass the previous call's topics as
``previous`` and a topic that shares keys with an earlier one keeps that one's id.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from analyse.records import Analysed
from analyse.topics.baseline import ALL, Baseline, feature_keys, surprise
from analyse.topics.records import Sample, Topic

HOUR = timedelta(hours=1)
SENTIMENTS = ("negative", "neutral", "positive", "")


@dataclass(frozen=True, slots=True)
class TopicSettings:
    """Thresholds, chosen from principles (a false alarm rate), not from the events we tune on."""

    recent: timedelta = HOUR  # growth and emergence are measured on this last part of the window
    bucket: timedelta = HOUR  # volume-over-time resolution
    floor: float = 1.0  # expected mentions per hour never below this, however quiet the key was
    alpha: float = 1e-6  # chance of so many mentions on a normal day below which a key is emerging
    min_mentions: int = 5  # a topic needs this many mentions in the window
    min_recent: int = 6  # emerging: this many mentions in the recent span
    min_texts: int = 3  # ... from this many distinct texts (copies count once)
    min_authors: int = 3  # ... and this many authors, when authors are known
    join: float = 0.5  # a key describes a topic when this share of its mentions is in it already ...
    absorb: float = 0.8  # ... and brings the rest of its mentions along from this share
    max_keys: int = 400  # keys considered as topics, best first
    max_topics: int = 50
    samples: int = 3
    traffic: tuple[float, float] = (0.25, 4.0)  # bounds on scaling the baseline by today's traffic
    history: timedelta = timedelta(hours=6)  # with no previous days, the window's earlier hours stand in from this long


SETTINGS = TopicSettings()


@dataclass(slots=True)
class _Group:
    """Mentions sharing a text (one mention when it has no dup_key)."""

    mentions: list[Analysed]
    keys: tuple[str, ...]
    recent: int = 0
    topic: int = -1


@dataclass(slots=True)
class _Draft:
    keys: list[str]  # all that describe it, first the one it started from
    core: list[str]  # those that brought mentions: every mention has one
    groups: list[_Group] = field(default_factory=list)
    volume: int = 0
    recent: int = 0
    expected: float = 0.0
    score: float = 0.0


def hot_topics(
    mentions: Iterable[Analysed],
    *,
    now: datetime,
    window: timedelta = timedelta(hours=24),
    baseline: Baseline = Baseline(),  # noqa: B008 - frozen, empty
    previous: Sequence[Topic] = (),
    settings: TopicSettings = SETTINGS,
) -> list[Topic]:
    """The topics of the mentions in ``(now - window, now]``, emerging first, then by volume."""
    start = now - window
    recent_start = now - min(settings.recent, window)
    groups = _groups(mentions, start, now, recent_start)
    if not groups:
        return []
    n_window = sum(len(g.mentions) for g in groups)
    n_recent = sum(g.recent for g in groups)
    if baseline.days <= 0:
        baseline = earlier_hours(groups, recent_start, settings.history)

    volume: Counter[str] = Counter()
    recent: Counter[str] = Counter()
    members: dict[str, list[_Group]] = {}
    for g in groups:
        size = len(g.mentions)
        for key in g.keys:
            volume[key] += size
            if g.recent:
                recent[key] += g.recent
            members.setdefault(key, []).append(g)

    expect = _Expectation(baseline, recent_start, now, n_recent, settings)
    scores = {key: expect.score(n, expect.mean(key)) for key, n in recent.items() if n >= settings.min_recent}
    alarm = -math.log10(settings.alpha)
    base_all = baseline.total(ALL) + n_window

    def order(key: str) -> tuple[float, ...]:
        idf = math.log((base_all + 1) / (baseline.total(key) + volume[key] + 1))
        score = scores.get(key, 0.0)
        return (-(score >= alarm), -score if score >= alarm else 0.0, -volume[key] * idf)

    candidates = sorted((k for k, n in volume.items() if n >= settings.min_mentions), key=lambda k: (*order(k), k))
    drafts = _cluster(candidates[: settings.max_keys], volume, members, settings)

    for d in drafts:
        d.volume = sum(len(g.mentions) for g in d.groups)
        d.recent = sum(g.recent for g in d.groups)
        d.expected = expect.mean(*d.core)
        d.score = max(expect.score(d.recent, d.expected), *(scores.get(k, 0.0) for k in d.keys))
    drafts = [d for d in drafts if d.volume >= settings.min_mentions]
    alarming = [d for d in drafts if d.score >= alarm]
    loudest = sorted((d for d in drafts if d.score < alarm), key=lambda d: (-d.volume, d.keys[0]))
    chosen = alarming + loudest[: settings.max_topics]
    topics = _keep_ids([_topic(d, expect, alarm, start, now, recent_start, settings) for d in chosen], previous)
    topics.sort(key=lambda t: (not t.emerging, -t.score if t.emerging else 0.0, -t.volume, t.id))
    return topics[: settings.max_topics]


def _groups(mentions: Iterable[Analysed], start: datetime, now: datetime, recent_start: datetime) -> list[_Group]:
    chosen = sorted(
        (a for a in mentions if start < a.created_at <= now), key=lambda a: (a.created_at, a.platform, a.id)
    )
    seen: set[tuple[str, str]] = set()
    chosen = [a for a in chosen if not (a.key in seen or seen.add(a.key))]  # a mention fetched twice counts once
    by_text: dict[str, _Group] = {}
    groups: list[_Group] = []
    for a in chosen:
        group = by_text.get(a.dup_key) if a.dup_key else None
        if group is None:
            group = _Group([], feature_keys(a)[1:])
            groups.append(group)
            if a.dup_key:
                by_text[a.dup_key] = group
        group.mentions.append(a)
        if a.created_at > recent_start:
            group.recent += 1
    return groups


def earlier_hours(groups: Sequence[_Group], recent_start: datetime, least: timedelta) -> Baseline:
    """With no previous days (a new desk, the demo's one day), the window's earlier hours stand in.

    Each key's mentions before the recent span, spread evenly over the hours they cover, as if
    that were a normal day; empty (nothing can be emerging) until they cover at least `least`.
    """
    earlier = [a.created_at for g in groups for a in g.mentions if a.created_at <= recent_start]
    if not earlier or recent_start - min(earlier) < least:
        return Baseline()
    hours = (recent_start - min(earlier)) / HOUR
    counts: Counter[str] = Counter()
    for g in groups:
        n = len(g.mentions) - g.recent
        if n:
            counts[ALL] += n
            counts.update(dict.fromkeys(g.keys, n))
    return Baseline(days=1, counts={key: (n / hours,) * 24 for key, n in counts.items()})


def earlier_baseline(
    mentions: Iterable[Analysed], *, now: datetime, window: timedelta, recent: timedelta, least: timedelta
) -> Baseline:
    """The stand-in `hot_topics` uses without previous days, for detectors that must agree with it."""
    recent_start = now - min(recent, window)
    return earlier_hours(_groups(mentions, now - window, now, recent_start), recent_start, least)


class _Expectation:
    """Mentions a key would have in the recent span on a normal day, and how surprising the count is."""

    def __init__(
        self, baseline: Baseline, start: datetime, end: datetime, n_recent: int, settings: TopicSettings
    ) -> None:
        self.baseline, self.start, self.end = baseline, start, end
        hours = (end - start) / HOUR
        self.floor = settings.floor * hours
        usual = baseline.per_day(ALL, start, end)
        low, high = settings.traffic
        self.traffic = min(high, max(low, n_recent / usual)) if usual > 0 else 1.0
        self.known = baseline.days > 0

    def mean(self, *keys: str) -> float:
        """Mentions with any of ``keys`` expected (at most the sum of each one's), never below the floor."""
        usual = sum(self.baseline.per_day(key, self.start, self.end) for key in keys)
        return max(self.floor, usual * self.traffic)

    def score(self, count: int, mean: float) -> float:
        """-log10 P(X >= count) for X ~ Poisson(mean); 0 without any history to compare with."""
        return surprise(count, mean) if self.known else 0.0


def _cluster(
    keys: list[str], volume: Counter[str], members: dict[str, list[_Group]], settings: TopicSettings
) -> list[_Draft]:
    drafts: list[_Draft] = []
    for key in keys:
        inside: Counter[int] = Counter()
        free: list[_Group] = []
        for g in members[key]:
            if g.topic < 0:
                free.append(g)
            else:
                inside[g.topic] += len(g.mentions)
        best = min(inside, key=lambda t: (-inside[t], t)) if inside else -1
        share = inside[best] / volume[key] if best >= 0 else 0.0
        if share >= settings.absorb:
            target = best
            drafts[target].keys.append(key)
            drafts[target].core.append(key)
        elif share >= settings.join:
            drafts[best].keys.append(key)
            continue
        elif sum(len(g.mentions) for g in free) >= settings.min_mentions:
            target = len(drafts)
            drafts.append(_Draft([key], [key]))
        else:
            continue
        for g in free:
            g.topic = target
        drafts[target].groups.extend(free)
    return drafts


def _topic(
    draft: _Draft,
    expect: _Expectation,
    alarm: float,
    start: datetime,
    now: datetime,
    recent_start: datetime,
    settings: TopicSettings,
) -> Topic:
    mentions = sorted((a for g in draft.groups for a in g.mentions), key=lambda a: (a.created_at, a.platform, a.id))
    fresh = [a for a in mentions if a.created_at > recent_start]
    in_topic = Counter(k for g in draft.groups for k in g.keys for _ in g.mentions)
    keys = [draft.keys[0], *sorted(draft.keys[1:], key=lambda k: (-in_topic[k], k))]
    authors = {a.author_id for a in fresh if a.author_id}
    diverse = (
        len(fresh) >= settings.min_recent
        and len({a.dup_key or a.key for a in fresh}) >= settings.min_texts
        and (not authors or len(authors) >= settings.min_authors)
    )
    n_buckets = max(1, math.ceil((now - start) / settings.bucket))
    buckets = [0] * n_buckets
    for a in mentions:
        buckets[min(n_buckets - 1, int((a.created_at - start) / settings.bucket))] += 1
    shared = set(keys)

    def rank(g: _Group) -> tuple[int, int, datetime]:  # most copied, then most on topic, then first
        return (-len(g.mentions), -len(shared.intersection(g.keys)), g.mentions[0].created_at)

    ranked = sorted(draft.groups, key=rank)
    samples = tuple(_sample(g) for g in ranked[: settings.samples])
    return Topic(
        id=keys[0],
        label=" · ".join(k.removeprefix("place:") for k in keys[:4]),
        keys=tuple(keys),
        volume=len(mentions),
        buckets=tuple(buckets),
        bucket=settings.bucket,
        recent=len(fresh),
        expected=round(draft.expected, 3),
        growth=round(draft.recent / draft.expected, 3),
        emerging=expect.known and draft.score >= alarm and diverse,
        score=round(draft.score, 3),
        sentiment=_sentiment(mentions),
        platforms=_counts(a.platform for a in mentions),
        places=_counts(p for a in mentions for p in a.places),
        communities=_counts(a.community for a in mentions if a.community)[:5],
        representative=samples[0],
        samples=samples,
        first_seen=mentions[0].created_at,
        last_seen=mentions[-1].created_at,
        mentions=tuple(a.key for a in mentions),
    )


def _sample(group: _Group) -> Sample:
    """The group's first mention, or its first with a link to read it by."""
    a = next((m for m in group.mentions if m.url), group.mentions[0])
    return Sample(a.platform, a.id, a.url, a.text, a.created_at, a.sentiment, len(group.mentions))


def _sentiment(mentions: list[Analysed]) -> tuple[tuple[str, int], ...]:
    counts = Counter(a.sentiment if a.sentiment in SENTIMENTS else "" for a in mentions)
    return tuple((s or "unknown", counts[s]) for s in SENTIMENTS)


def _counts(values: Iterable[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0])))


def _keep_ids(topics: list[Topic], previous: Sequence[Topic]) -> list[Topic]:
    """A topic sharing keys with one from the previous call keeps its id, so a list can update in place."""
    taken: set[str] = set()
    out = []
    remaining = list(previous)
    for t in sorted(topics, key=lambda t: (-t.volume, t.id)):
        keys = set(t.keys)
        related = [p for p in remaining if p.keys[0] in keys or t.keys[0] in p.keys]
        topic_id = t.id
        if related:
            match = max(related, key=lambda p: (len(keys & set(p.keys)), p.volume, p.id))
            remaining.remove(match)
            topic_id = match.id
        while topic_id in taken:
            topic_id += "~"
        taken.add(topic_id)
        out.append(t if topic_id == t.id else replace(t, id=topic_id))
    return out
