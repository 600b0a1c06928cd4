"""Detectors: pure functions from a window of analysed mentions, a baseline and a clock to `Detection`s.

- **Volume spikes**, overall and per neighbourhood: mentions in the last ``recent`` span against the
  same hours on previous days (`Baseline`; with no history, the window's earlier hours stand in, as
  for hot topics), by the same Poisson test as emerging topics (`surprise`).
- **Topic spikes**: the emerging topics `hot_topics` finds.
- **Watch-words** from config, matched as whole words in their spelling variants (`PhraseMatcher`):
  one post reaches staff; several make it high. In incident mode the incident's terms join them.
- **Negative surge**: the negative share of the last ``recent`` span well above the window's earlier
  hours (enough posts, a clear lift, and a count a Poisson test finds surprising).
- **Priority phrases** (`PRIORITY`): threats to life, self-harm and suicide, threats to officers.
  Always an alert at once, critical, one per post (copies and retweets count once).

Each detection says in one sentence why ("27 posts mention Elswick in the last 30 min; usually 2").
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from analyse.alerts.phrases import PhraseMatcher
from analyse.alerts.records import Detection, Evidence, Post, severity_rank
from analyse.alerts.settings import ALERTS, AlertSettings
from analyse.records import SENTIMENTS, Analysed
from analyse.topics import ALL, Baseline, Topic, earlier_baseline, feature_keys, hot_topics, surprise
from analyse.topics import SETTINGS as TOPICS

HOUR = timedelta(hours=1)

# Priority phrases: what a person may be about to do to themselves or others. Curated for precision:
# first-person intent or a report of harm, not the words alone ("kill" and "suicide" appear daily in
# news, films and games). Hyperbole ("gonna kill myself laughing") will still alert: a human reads it
# in seconds, while a missed real one cannot be undone. Each word matches its endings too. When a post
# has phrases of several kinds the first kind here names it ("I'm going to kill myself" is self-harm).
PRIORITY: dict[str, tuple[str, ...]] = {
    "self-harm or suicide": (
        "kill myself",
        "end my life",
        "take my own life",
        "end it all",
        "want to die",
        "wanna die",
        "don't want to live",
        "dont want to live",
        "no reason to live",
        "better off dead",
        "suicidal",
        "commit suicide",
        "self harm",
        "hurt myself",
        "cut myself",
        "overdose tonight",
    ),
    "threat to officers": (
        "kill a cop",
        "kill the cops",
        "kill a copper",
        "kill the police",
        "kill an officer",
        "shoot a cop",
        "shoot the cops",
        "shoot the police",
        "stab a cop",
        "stab a copper",
        "officer down",
        "officer stabbed",
        "officer shot",
        "cop stabbed",
        "cop shot",
        "petrol bomb the police",
    ),
    "threat to life": (
        "i'm going to kill",
        "im going to kill",
        "i am going to kill",
        "i'm gonna kill",
        "im gonna kill",
        "i will kill",
        "i'll kill",
        "going to stab",
        "gonna stab",
        "i'll stab",
        "going to shoot up",
        "gonna shoot up",
        "shoot up the school",
        "i have a gun",
        "i've got a gun",
        "i have a bomb",
        "planted a bomb",
        "there is a bomb",
        "there's a bomb",
        "bomb threat",
    ),
}
_PRIORITY = PhraseMatcher((p for phrases in PRIORITY.values() for p in phrases), typos=False)
_CATEGORY = {phrase: category for category, phrases in PRIORITY.items() for phrase in phrases}


def detect(
    mentions: Iterable[Analysed],
    *,
    now: datetime,
    baseline: Baseline = Baseline(),  # noqa: B008 - frozen, empty
    watch_words: Sequence[str] = (),
    topics: Sequence[Topic] | None = None,
    settings: AlertSettings = ALERTS,
) -> list[Detection]:
    """Every detection in the window ``(now - settings.window, now]``, most urgent first.

    Pass the `topics` the caller already has (from `hot_topics` with ``previous``, so ids hold);
    without them they are worked out here.
    """
    window = _unique(a for a in mentions if now - settings.window < a.created_at <= now)
    if topics is None:
        topics = hot_topics(window, now=now, window=settings.window, baseline=baseline)
    if baseline.days <= 0:
        baseline = earlier_baseline(
            window, now=now, window=settings.window, recent=settings.recent, least=settings.history
        )
    recent = [a for a in window if a.created_at > now - settings.recent]
    found = [
        *priority(recent, now=now, settings=settings),
        *watch_word_hits(recent, watch_words, now=now, settings=settings),
        *volume_spikes(recent, now=now, baseline=baseline, settings=settings),
        *topic_spikes(topics, baseline=baseline, now=now, settings=settings),
        *negative_surge(window, now=now, settings=settings),
    ]
    return sorted(found, key=lambda d: -severity_rank(d.severity))


def priority(recent: Sequence[Analysed], *, now: datetime, settings: AlertSettings = ALERTS) -> list[Detection]:
    """One critical detection per post (copies count once) carrying a priority phrase."""
    by_post: dict[str, list[Analysed]] = {}
    phrase_of: dict[str, str] = {}
    for a in recent:
        hits = _PRIORITY.find(a.text)
        if hits:
            key = a.dup_key or f"{a.platform}:{a.id}"
            by_post.setdefault(key, []).append(a)
            phrase_of.setdefault(key, hits[0])
    out = []
    for key, posts in by_post.items():
        phrase = phrase_of[key]
        category = _CATEGORY[phrase]
        copies = f" ({len(posts)} copies)" if len(posts) > 1 else ""
        out.append(
            Detection(
                kind="priority",
                severity="critical",
                reason=f'A post speaks of {category}: "{phrase}"{copies}. Read it now.',
                story=f"priority:{key}",
                title=f"Priority: {category}",
                evidence=_evidence(posts, settings=settings, now=now, expected=0.0),
            )
        )
    return out


def watch_word_hits(
    recent: Sequence[Analysed], watch_words: Sequence[str], *, now: datetime, settings: AlertSettings = ALERTS
) -> list[Detection]:
    """One detection per watch-word (or incident term) that recent posts use."""
    focus = {t.casefold() for t in settings.focus_terms}
    matcher = _matcher((*watch_words, *settings.focus_terms))
    if not matcher:
        return []
    posts: dict[str, list[Analysed]] = {}
    for a in recent:
        for phrase in matcher.find(a.text):
            posts.setdefault(phrase, []).append(a)
    out = []
    minutes = _minutes(settings.recent)
    for phrase, found in posts.items():
        texts = len({a.dup_key or a.key for a in found})
        incident = phrase.casefold() in focus
        severity = "high" if incident or texts >= settings.watch_high else "medium"
        n = len(found)
        label = "incident term" if incident else "watch-word"
        out.append(
            Detection(
                kind="watch-word",
                severity=severity,
                reason=f'{n} post{"s" * (n != 1)} {"use" if n != 1 else "uses"} the {label} "{phrase}" '
                f"in the last {minutes} min",
                story=f"watch:{phrase.casefold()}",
                title=f'{label.capitalize()}: "{phrase}"',
                evidence=_evidence(found, settings=settings, now=now, expected=0.0),
                keys=(phrase.casefold(),),
            )
        )
    return out


def volume_spikes(
    recent: Sequence[Analysed], *, now: datetime, baseline: Baseline, settings: AlertSettings = ALERTS
) -> list[Detection]:
    """Spikes in all mentions and in each neighbourhood's, over the last ``settings.recent``."""
    out = []
    if spike := _spike(recent, ALL, now=now, baseline=baseline, settings=settings):
        out.append(spike)
    by_place: dict[str, list[Analysed]] = {}
    for a in recent:
        for place in a.places:
            by_place.setdefault(place, []).append(a)
    for place in sorted(by_place):
        if spike := _spike(by_place[place], "place:" + place, now=now, baseline=baseline, settings=settings):
            out.append(spike)
    return out


def _spike(
    mentions: Sequence[Analysed], key: str, *, now: datetime, baseline: Baseline, settings: AlertSettings
) -> Detection | None:
    if baseline.days <= 0:
        return None  # nothing to compare with yet
    place = key.removeprefix("place:") if key != ALL else ""
    focus = place.casefold() in {p.casefold() for p in settings.focus_places}
    alpha, least = (settings.focus_alpha, settings.focus_min_posts) if focus else (settings.alpha, settings.min_posts)
    start = now - settings.recent
    expected = max(settings.floor * (settings.recent / HOUR), baseline.per_day(key, start, now))
    count = len(mentions)
    if (
        count < least
        or count < settings.min_ratio * expected
        or surprise(count, expected) < -math.log10(alpha)
        or not _diverse(mentions, settings)
    ):
        return None
    ratio = count / expected
    severity = "high" if ratio >= settings.high_ratio or focus else "medium"
    minutes = _minutes(settings.recent)
    usual = _usual(expected)
    if place:
        return Detection(
            kind="place-spike",
            severity=severity,
            reason=f"{count} posts mention {place} in the last {minutes} min; usually {usual}",
            story=key,
            title=f"Spike: {place}",
            evidence=_evidence(mentions, settings=settings, now=now, expected=expected, baseline=baseline),
            keys=(key,),
        )
    return Detection(
        kind="spike",
        severity=severity,
        reason=f"{count} posts in the last {minutes} min; usually {usual}",
        story="spike:all",
        title="Spike in all mentions",
        evidence=_evidence(mentions, settings=settings, now=now, expected=expected, baseline=baseline),
    )


def topic_spikes(
    topics: Sequence[Topic], *, baseline: Baseline, now: datetime, settings: AlertSettings = ALERTS
) -> list[Detection]:
    """One detection per emerging topic, high when it is far above normal."""
    alarm = -math.log10(TOPICS.alpha)
    out = []
    for t in topics:
        if not t.emerging:
            continue
        high = t.growth >= settings.high_ratio or t.score >= 2 * alarm
        posts = tuple(Post(s.platform, s.id, s.url, s.text, s.created_at) for s in t.samples)
        minutes = _minutes(TOPICS.recent)
        out.append(
            Detection(
                kind="topic-spike",
                severity="high" if high else "medium",
                reason=f'{t.recent} posts about "{t.label}" in the last {minutes} min; usually {_usual(t.expected)}',
                story=f"topic:{t.id}",
                title=f"Emerging: {t.label}",
                evidence=Evidence(
                    count=t.recent,
                    expected=t.expected,
                    span=TOPICS.recent,
                    first_seen=t.first_seen,
                    last_seen=t.last_seen,
                    terms=t.terms[: settings.top_terms],
                    places=t.places,
                    posts=posts[: settings.top_posts],
                    mentions=t.mentions,
                ),
                keys=t.keys[:3],
            )
        )
    return out


def negative_surge(window: Sequence[Analysed], *, now: datetime, settings: AlertSettings = ALERTS) -> list[Detection]:
    """A surge in the negative share: the last ``recent`` span against the window's earlier hours.

    Earlier hours, not previous days: the baseline counts words, not feelings. A thin history is
    padded with a typical share so one early angry post does not make every later hour look calm.
    """
    start = now - settings.recent
    rated = [a for a in window if a.sentiment in SENTIMENTS]
    recent = [a for a in rated if a.created_at > start]
    if len(recent) < settings.negative_min:
        return []
    before = [a for a in rated if a.created_at <= start]
    w = settings.negative_prior_weight
    was = (sum(a.sentiment == "negative" for a in before) + settings.negative_prior * w) / (len(before) + w)
    negative = [a for a in recent if a.sentiment == "negative"]
    share = len(negative) / len(recent)
    expected = was * len(recent)
    if share < was + settings.negative_lift or surprise(len(negative), expected) < -math.log10(settings.negative_alpha):
        return []
    minutes = _minutes(settings.recent)
    return [
        Detection(
            kind="negative-surge",
            severity="high" if share >= was + 2 * settings.negative_lift else "medium",
            reason=f"{share:.0%} of posts in the last {minutes} min are negative "
            f"({len(negative)} of {len(recent)}); earlier {was:.0%}",
            story="negative",
            title="Negative surge",
            evidence=_evidence(negative, settings=settings, now=now, expected=expected),
        )
    ]


# -- evidence ---------------------------------------------------------------------------------------


def _evidence(
    mentions: Sequence[Analysed],
    *,
    settings: AlertSettings,
    now: datetime,
    expected: float,
    baseline: Baseline = Baseline(),  # noqa: B008 - frozen, empty
) -> Evidence:
    ordered = sorted(mentions, key=lambda a: (a.created_at, a.platform, a.id))
    terms = growing_terms(ordered, baseline, now=now, settings=settings)
    return Evidence(
        count=len(ordered),
        expected=round(expected, 3),
        span=settings.recent,
        first_seen=ordered[0].created_at,
        last_seen=ordered[-1].created_at,
        terms=terms,
        places=tuple(sorted(Counter(p for a in ordered for p in a.places).items(), key=lambda kv: (-kv[1], kv[0]))),
        posts=top_posts(ordered, settings.top_posts, terms),
        mentions=tuple(a.key for a in ordered),
    )


def growing_terms(
    mentions: Sequence[Analysed], baseline: Baseline, *, now: datetime, settings: AlertSettings = ALERTS
) -> tuple[str, ...]:
    """The terms and #tags of `mentions` most above what a normal day has in the span, most first."""
    counts: Counter[str] = Counter()
    for a in mentions:
        counts.update(k for k in feature_keys(a)[1:] if not k.startswith("place:"))
    start = now - settings.recent
    floor = settings.floor * (settings.recent / HOUR)

    def score(key: str) -> tuple[float, int, str]:
        usual = max(floor, baseline.per_day(key, start, now))
        return (-surprise(counts[key], usual), -counts[key], key)

    ranked = sorted((k for k, n in counts.items() if n >= 2), key=score)
    return tuple(ranked[: settings.top_terms])


def top_posts(mentions: Sequence[Analysed], n: int, terms: Sequence[str] = ()) -> tuple[Post, ...]:
    """The texts saying most of what is growing (`terms`), then the most copied, then the latest; each
    shown by a copy with a link when one has it. A place's everyday posts must not stand for its news."""
    growing = set(terms)
    groups: dict[str, list[Analysed]] = {}
    for a in mentions:
        groups.setdefault(a.dup_key or f"{a.platform}:{a.id}", []).append(a)

    def rank(group: list[Analysed]) -> tuple[int, int, float]:
        said = len(growing.intersection(feature_keys(group[0])))
        return (-said, -len(group), -group[-1].created_at.timestamp())

    ranked = sorted(groups.values(), key=rank)
    chosen = (next((a for a in g if a.url), g[0]) for g in ranked[:n])
    return tuple(Post(a.platform, a.id, a.url, a.text, a.created_at) for a in chosen)


# -- small helpers ------------------------------------------------------------------------------------


def _unique(mentions: Iterable[Analysed]) -> list[Analysed]:
    """Time order, each mention once (one fetched twice counts once)."""
    seen: set[tuple[str, str]] = set()
    ordered = sorted(mentions, key=lambda a: (a.created_at, a.platform, a.id))
    return [a for a in ordered if not (a.key in seen or seen.add(a.key))]


def _diverse(mentions: Sequence[Analysed], settings: AlertSettings) -> bool:
    """Enough different texts and people: one account or one copied post is not news."""
    least = min(settings.min_authors, len(mentions))
    authors = {a.author_id for a in mentions if a.author_id}
    texts = {a.dup_key or a.key for a in mentions}
    return len(texts) >= least and (not authors or len(authors) >= least)


_MATCHERS: dict[tuple[str, ...], PhraseMatcher] = {}


def _matcher(phrases: tuple[str, ...]) -> PhraseMatcher:
    """A matcher per list, kept: the lists change only when the config or the incident does."""
    if phrases not in _MATCHERS:
        if len(_MATCHERS) > 32:
            _MATCHERS.clear()
        _MATCHERS[phrases] = PhraseMatcher(phrases)
    return _MATCHERS[phrases]


def _minutes(span: timedelta) -> int:
    return round(span.total_seconds() / 60)


def _usual(expected: float) -> str:
    return str(round(expected)) if expected >= 1 else "under 1"
