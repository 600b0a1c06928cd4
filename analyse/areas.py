"""Areas: what each of the force's neighbourhoods is saying, for the morning report and the map.

Pure: analysed mentions (and, optionally, the hot topics) in, one frozen summary per neighbourhood
out. A mention tied to two areas counts in both; one tied to none counts in none (see `unplaced`).
Hours are UTC hour starts (counted as hours since the epoch: cheaper than datetimes). London's
hours start at the same instants, so showing them in Europe/London is only a change of label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from analyse.records import Analysed, sentiment_shares

HOUR = 3600


class TopicLike(Protocol):
    """What an area needs of a hot topic: its label and where it is (the hot-topics record has both).

    `places` may be area names (in rank order of the topic), a mapping of area name to mentions,
    or (name, mentions) pairs.
    """

    @property
    def label(self) -> str: ...

    @property
    def places(self) -> Any: ...


@dataclass(frozen=True, slots=True)
class AreaSummary:
    """One neighbourhood over the mentions summarised.

    Shares are over the mentions with a sentiment (0.0 when none has one). `by_hour` has every hour
    of the range, zeros included, so areas can be charted side by side.
    """

    name: str
    volume: int
    negative: int
    neutral: int
    positive: int
    share_negative: float
    share_neutral: float
    share_positive: float
    top_terms: tuple[tuple[str, int], ...]  # (term, mentions), most common first
    top_topics: tuple[str, ...]  # topic labels, most relevant to the area first
    by_hour: tuple[tuple[datetime, int], ...]  # (UTC hour start, mentions)

    @property
    def rated(self) -> int:
        """Mentions with a sentiment: the base of the shares."""
        return self.negative + self.neutral + self.positive


class _Area:
    __slots__ = ("hours", "sentiment", "terms", "volume")

    def __init__(self) -> None:
        self.volume = 0
        self.sentiment: Counter[str] = Counter()
        self.terms: Counter[str] = Counter()
        self.hours: Counter[int] = Counter()


def _topic_places(topic: TopicLike) -> Iterable[tuple[str, int | None]]:
    places = topic.places
    if isinstance(places, Mapping):
        return ((str(name), int(count)) for name, count in places.items())
    pairs = []
    for item in places or ():
        if isinstance(item, str):
            pairs.append((item, None))
        elif isinstance(item, Sequence) and len(item) == 2:
            pairs.append((str(item[0]), int(item[1])))
    return pairs


def _topics_by_area(topics: Iterable[TopicLike], limit: int) -> dict[str, tuple[str, ...]]:
    """Each area's topics: those with the most mentions there first, else in the order given."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    for rank, topic in enumerate(topics):
        for name, count in _topic_places(topic):
            found.setdefault(name, []).append((-(count or 0), rank, topic.label))
    return {name: tuple(label for *_, label in sorted(ranked)[:limit]) for name, ranked in found.items()}


def summarise_areas(
    records: Iterable[Analysed],
    *,
    names: Sequence[str] = (),
    topics: Iterable[TopicLike] = (),
    start: datetime | None = None,
    end: datetime | None = None,
    top_terms: int = 10,
    top_topics: int = 5,
) -> list[AreaSummary]:
    """One summary per neighbourhood in `records` (analysed mentions), busiest first.

    `names` are the areas in config: each appears even with no mentions (ties keep config order).
    `start`/`end` set the report's range: records outside it are left out, and `by_hour` covers
    every hour of it; without them it covers the hours the records span.
    """
    low = start.timestamp() if start is not None else None
    high = end.timestamp() if end is not None else None
    areas: dict[str, _Area] = {name: _Area() for name in names}
    first = last = None
    for record in records:
        moment = record.created_at.timestamp()
        if (low is not None and moment < low) or (high is not None and moment >= high):
            continue
        hour = int(moment // HOUR)
        if first is None or hour < first:
            first = hour
        if last is None or hour > last:
            last = hour
        for place in record.places:
            area = areas.get(place)
            if area is None:
                area = areas[place] = _Area()
            area.volume += 1
            if record.sentiment:
                area.sentiment[record.sentiment] += 1
            area.terms.update(record.terms)
            area.hours[hour] += 1
    if low is not None:
        first = int(low // HOUR)
    if high is not None:
        last = int(-(-high // HOUR)) - 1  # the last hour that starts before `end`
    axis = range(first, last + 1) if first is not None and last is not None else range(0)
    by_topic = _topics_by_area(topics, top_topics) if top_topics > 0 else {}
    order = {name: index for index, name in enumerate(names)}
    found = [_summary(name, area, axis, by_topic.get(name, ()), top_terms) for name, area in areas.items()]
    found.sort(key=lambda a: (-a.volume, order.get(a.name, len(order)), a.name))
    return found


def _summary(name: str, area: _Area, axis: range, topics: tuple[str, ...], top_terms: int) -> AreaSummary:
    negative, neutral, positive = (area.sentiment[s] for s in ("negative", "neutral", "positive"))
    share_negative, share_neutral, share_positive = sentiment_shares(negative, neutral, positive)
    return AreaSummary(
        name=name,
        volume=area.volume,
        negative=negative,
        neutral=neutral,
        positive=positive,
        share_negative=share_negative,
        share_neutral=share_neutral,
        share_positive=share_positive,
        top_terms=_top_terms(area.terms, name, top_terms),
        top_topics=topics,
        by_hour=tuple((datetime.fromtimestamp(hour * HOUR, UTC), area.hours[hour]) for hour in axis),
    )


def _top_terms(terms: Counter[str], name: str, limit: int) -> tuple[tuple[str, int], ...]:
    """The commonest terms, without the area's own name (every mention placed by name has it)."""
    if limit <= 0:
        return ()
    own = name.lower()
    return tuple((term, count) for term, count in terms.most_common(limit + 1) if term != own)[:limit]


def unplaced(records: Iterable[Analysed]) -> int:
    """How many mentions are tied to no area: the report says so rather than hiding them."""
    return sum(1 for record in records if not record.places)
