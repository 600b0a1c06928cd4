"""Areas: each neighbourhood gets its volume, sentiment split, top terms, top topics and an hourly
series; config areas with no mentions still appear; a range sets the hours; and for any input the
shares stay in [0, 1] and the volumes match the mentions placed there.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from analyse.areas import summarise_areas, unplaced
from analyse.records import Analysed

T0 = datetime(2026, 11, 20, 8, tzinfo=UTC)
AREAS = ("City Centre", "Quayside", "Byker", "Heaton")
_seq = iter(range(10**9))


def mention(
    *places: str, sentiment: str = "neutral", minutes: int = 0, terms: tuple[str, ...] = (), **fields: object
) -> Analysed:
    """An analysed mention tied to `places`, `minutes` after 08:00 UTC."""
    base: dict[str, object] = {
        "platform": "x",
        "id": str(next(_seq)),
        "created_at": T0 + timedelta(minutes=minutes),
        "text": "text",
        "lang": "en" if sentiment else "und",
        "sentiment": sentiment,
        "terms": terms,
        "places": places,
    }
    base.update(fields)
    return Analysed(**base)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Topic:
    """Stands in for the hot-topics record: only what areas read."""

    label: str
    places: object


def by_name(records: list[Analysed], **options: object) -> dict[str, object]:
    return {area.name: area for area in summarise_areas(records, **options)}  # type: ignore[arg-type]


def test_an_area_counts_volume_sentiment_and_terms() -> None:
    records = [
        mention("Byker", sentiment="negative", terms=("car", "fire", "byker")),
        mention("Byker", sentiment="negative", terms=("fire", "byker")),
        mention("Byker", "Heaton", sentiment="positive", terms=("fire", "thanks")),
        mention("Byker", sentiment="", terms=("feu",)),
        mention(sentiment="negative", terms=("fire",)),  # no place: in no area
    ]
    areas = summarise_areas(records)
    assert [a.name for a in areas] == ["Byker", "Heaton"]
    byker = areas[0]
    assert (byker.volume, byker.negative, byker.neutral, byker.positive, byker.rated) == (4, 2, 0, 1, 3)
    assert (byker.share_negative, byker.share_neutral, byker.share_positive) == (2 / 3, 0.0, 1 / 3)
    assert byker.top_terms[:2] == (("fire", 3), ("car", 1))
    assert "byker" not in dict(byker.top_terms)  # every mention placed by name has it: not news
    assert unplaced(records) == 1


def test_config_areas_with_no_mentions_appear_in_config_order() -> None:
    areas = summarise_areas([mention("Heaton"), mention("Walker")], names=AREAS)
    assert [a.name for a in areas] == ["Heaton", "Walker", "City Centre", "Quayside", "Byker"]
    empty = areas[2]
    assert (empty.volume, empty.share_negative, empty.top_terms, empty.top_topics) == (0, 0.0, (), ())


def test_hours_cover_the_records_span_with_zeros() -> None:
    records = [mention("Byker", minutes=5), mention("Byker", minutes=130), mention("Heaton", minutes=70)]
    byker, heaton = summarise_areas(records)
    hours = [T0, T0 + timedelta(hours=1), T0 + timedelta(hours=2)]
    assert byker.by_hour == tuple(zip(hours, (1, 0, 1), strict=True))
    assert heaton.by_hour == tuple(zip(hours, (0, 1, 0), strict=True))


def test_a_range_filters_the_records_and_sets_the_hours() -> None:
    records = [mention("Byker", minutes=-30), mention("Byker", minutes=30), mention("Byker", minutes=200)]
    [byker] = summarise_areas(records, start=T0, end=T0 + timedelta(hours=3))
    assert byker.volume == 1
    assert [hour for hour, _ in byker.by_hour] == [T0 + timedelta(hours=h) for h in range(3)]
    [byker] = summarise_areas(records, start=T0 + timedelta(minutes=10), end=T0 + timedelta(hours=2, minutes=1))
    assert [count for _, count in byker.by_hour] == [1, 0, 0]  # 08:00, 09:00, 10:00 (the range ends in it)


def test_top_topics_come_from_any_object_with_label_and_places() -> None:
    topics = [
        Topic("road closure", ("Byker", "Heaton")),
        Topic("fire", {"Byker": 2, "Quayside": 9}),
        Topic("missing dog", [("Byker", 5)]),
        Topic("elsewhere", ()),
    ]
    areas = by_name([mention("Byker")], names=AREAS, topics=topics, top_topics=2)
    assert areas["Byker"].top_topics == ("missing dog", "fire")  # type: ignore[attr-defined]
    assert areas["Heaton"].top_topics == ("road closure",)  # type: ignore[attr-defined]
    assert areas["Quayside"].top_topics == ("fire",)  # type: ignore[attr-defined]
    in_order = by_name([], names=AREAS, topics=[Topic("a", ("Byker",)), Topic("b", ("Byker",))])
    assert in_order["Byker"].top_topics == ("a", "b")  # type: ignore[attr-defined]


def test_fifty_thousand_mentions_summarise_well_under_a_second() -> None:
    sentiments = ["negative", "neutral", "positive", ""]
    records = [
        mention(
            AREAS[n % 4],
            *(("Walker",) if n % 5 == 0 else ()),
            sentiment=sentiments[n % 3],
            minutes=n % 1440,
            terms=("fire", "road", "police", f"t{n % 300}", f"u{n % 41}"),
        )
        for n in range(50_000)
    ]
    started = time.perf_counter()
    areas = summarise_areas(records, names=AREAS)
    elapsed = time.perf_counter() - started
    assert sum(a.volume for a in areas) == 60_000
    assert elapsed < 1.0, f"{elapsed:.2f} s"


mentions = st.builds(
    lambda places, sentiment, minutes: mention(*places, sentiment=sentiment, minutes=minutes),
    st.lists(st.sampled_from(AREAS), unique=True, max_size=2),
    st.sampled_from(["negative", "neutral", "positive", ""]),
    st.integers(-600, 600),
)


@given(st.lists(mentions, max_size=40))
def test_summaries_always_add_up_and_shares_stay_in_bounds(records: list[Analysed]) -> None:
    areas = summarise_areas(records, names=AREAS[:2])
    assert {a.name for a in areas} >= set(AREAS[:2])
    assert sum(a.volume for a in areas) == sum(len(r.places) for r in records)
    for area in areas:
        shares = (area.share_negative, area.share_neutral, area.share_positive)
        assert all(0.0 <= share <= 1.0 for share in shares)
        assert area.share_negative + area.share_positive <= 1.0
        assert sum(shares) <= 1.0 + 1e-9
        assert area.rated <= area.volume == sum(count for _, count in area.by_hour)
        hours = [hour for hour, _ in area.by_hour]
        assert hours == sorted(hours) and all(hour.minute == 0 and hour.tzinfo is UTC for hour in hours)
    assert len({len(a.by_hour) for a in areas}) <= 1  # one axis for all
