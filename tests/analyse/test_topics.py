"""Hot topics: what groups together, what counts as emerging, and the shape of what comes back."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from analyse.records import Analysed
from analyse.terms import text_features
from analyse.topics import ALL, Baseline, feature_keys, hot_topics

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
CHATTER = [
    "Thanks for the quick reply about my stolen bike",
    "Great to see officers at the school fair today",
    "Who do I call about noisy neighbours",
    "Lovely community meeting in the library tonight",
    "Parking on the pavement again outside the shop",
    "Speeding cars along the high street every evening",
]
_ids = iter(range(10**9))


def mention(text: str, at: datetime, author: str = "", **fields: object) -> Analysed:
    f = text_features(text)
    n = next(_ids)
    return Analysed(
        platform=str(fields.pop("platform", "x")),
        id=str(n),
        created_at=at,
        text=text,
        url=f"https://x.com/i/status/{n}",
        author_id=author or f"user{n}",
        terms=f.terms,
        hashtags=f.hashtags,
        handles=f.handles,
        dup_key=f.dup_key,
        **fields,  # type: ignore[arg-type]
    )


def chatter(days: int, per_hour: int = 6, end: datetime = NOW) -> list[Analysed]:
    """Everyday talk at a steady rate, ending at ``end``."""
    out = []
    start = end - timedelta(days=days)
    for i in range(days * 24 * per_hour):
        text = f"{CHATTER[i % len(CHATTER)]} number {i}"
        out.append(mention(text, start + timedelta(minutes=60 * i / per_hour + 1)))
    return out


def burst(words: str, n: int, *, minutes: int = 40, end: datetime = NOW) -> list[Analysed]:
    """``n`` different people posting different words about one thing, over the last ``minutes``."""
    return [
        mention(f"{words} update {i} from resident {i} street{i}", end - timedelta(minutes=minutes * i / n))
        for i in range(n)
    ]


def history(mentions: list[Analysed], days: int = 7) -> Baseline:
    return Baseline.from_mentions(mentions, start=NOW.replace(hour=0) - timedelta(days=days), days=days)


def test_retweets_and_near_copies_join_one_topic() -> None:
    original = "Road closed at the Quayside after a crash, avoid the area http://t.co/a"
    copies = [
        original,
        "RT @NclPolice: " + original,
        "RT @someone: " + original.upper(),
        original.replace("http://t.co/a", "https://t.co/b") + " 😱",
        "road closed at the quayside after a crash... avoid the area!!",
    ]
    posts = [mention(text, NOW - timedelta(minutes=5 * i)) for i, text in enumerate(copies * 2)]
    topics = hot_topics(posts, now=NOW, baseline=Baseline())
    assert len(topics) == 1
    assert set(topics[0].mentions) == {a.key for a in posts}
    assert topics[0].samples[0].copies == len(posts)


def test_a_new_burst_is_emerging_and_a_daily_loud_topic_is_not() -> None:
    days = [NOW - timedelta(days=d) for d in range(1, 8)]
    every_morning = [a for day in days for a in burst("Traffic jam on the bridge", 20, minutes=50, end=day)]
    past = chatter(8, end=NOW - timedelta(hours=2)) + every_morning
    today = chatter(1) + burst("Traffic jam on the bridge", 20, minutes=50) + burst("Fire at the warehouse", 20)
    topics = hot_topics(today, now=NOW, baseline=history(past))
    by_key = {t.keys[0]: t for t in topics}
    fire = next(t for t in topics if "fire" in t.keys or "warehouse" in t.keys)
    jam = next(t for t in topics if "traffic" in t.keys or "jam" in t.keys)
    assert fire.emerging and fire.growth > 5
    assert not jam.emerging and jam.growth < 3
    assert topics[0] is fire  # emerging topics come first
    assert all(not t.emerging for key, t in by_key.items() if t is not fire)


def test_the_floor_stops_a_handful_of_posts_being_news() -> None:
    base = history(chatter(8, end=NOW - timedelta(hours=2)))
    two = hot_topics(chatter(1) + burst("Helicopter overhead", 2), now=NOW, baseline=base)
    assert not any(t.emerging for t in two)
    many = hot_topics(chatter(1) + burst("Helicopter overhead", 16), now=NOW, baseline=base)
    assert any(t.emerging and "helicopter" in t.keys for t in many)


def test_one_account_or_one_copied_post_is_not_a_trend() -> None:
    base = history(chatter(8, end=NOW - timedelta(hours=2)))
    spam = [mention(f"Win a free phone now offer {i}", NOW - timedelta(minutes=i), author="bot") for i in range(30)]
    copied = [mention("Win a free phone now", NOW - timedelta(minutes=i)) for i in range(30)]
    assert not any(t.emerging for t in hot_topics(chatter(1) + spam, now=NOW, baseline=base))
    assert not any(t.emerging for t in hot_topics(chatter(1) + copied, now=NOW, baseline=base))


def test_nothing_is_emerging_without_history() -> None:
    assert not any(t.emerging for t in hot_topics(burst("Fire at the warehouse", 40), now=NOW, baseline=Baseline()))


def test_with_no_previous_days_the_earlier_hours_of_the_window_stand_in() -> None:
    """A new desk (or the demo's single day) still sees a burst against the hours before it."""
    quiet_morning = chatter(1)[-6 * 10 :]  # ten hours of everyday talk
    fire = hot_topics(quiet_morning + burst("Fire at the warehouse", 20), now=NOW, baseline=Baseline())
    assert fire[0].emerging and "fire" in fire[0].keys
    assert not any(t.emerging for t in hot_topics(quiet_morning, now=NOW, baseline=Baseline()))
    too_soon = chatter(1)[-6 * 3 :] + burst("Fire at the warehouse", 20)  # three hours is not a normal day yet
    assert not any(t.emerging for t in hot_topics(too_soon, now=NOW, baseline=Baseline()))


def test_a_topic_carries_what_the_desk_shows() -> None:
    posts = [
        mention(f"Flooding on Low Street near the bridge, house {i}", NOW - timedelta(minutes=7 * i), **fields)
        for i, fields in enumerate(
            [
                {"sentiment": "negative", "places": ("Byker",), "community": "x:conversation:1"},
                {"sentiment": "negative", "places": ("Byker",), "community": "x:conversation:1"},
                {"sentiment": "neutral", "community": "x:conversation:2", "platform": "facebook"},
                {"sentiment": "positive", "places": ("Heaton",)},
                {"sentiment": "", "platform": "youtube"},
                {"sentiment": "negative", "community": "x:conversation:1"},
            ]
        )
    ]
    [topic] = hot_topics(posts, now=NOW, window=timedelta(hours=2), baseline=Baseline())
    assert topic.volume == 6 and sum(topic.buckets) == 6 and len(topic.buckets) == 2
    assert dict(topic.sentiment) == {"negative": 3, "neutral": 1, "positive": 1, "unknown": 1}
    assert topic.platforms[0] == ("x", 4)
    assert topic.places == (("Byker", 2), ("Heaton", 1))
    assert topic.communities[0] == ("x:conversation:1", 3)
    assert topic.representative in topic.samples
    assert all(s.url.startswith("https://") for s in topic.samples)
    assert {"flooding", "street", "bridge"} <= set(topic.keys)
    assert topic.label.startswith(topic.keys[0])


def test_mentions_outside_the_window_are_ignored() -> None:
    old = burst("Fire at the warehouse", 10, end=NOW - 2 * DAY)
    assert hot_topics(old, now=NOW, baseline=Baseline()) == []


def test_same_input_same_output_whatever_the_order() -> None:
    base = history(chatter(8, end=NOW - timedelta(hours=2)))
    today = chatter(1) + burst("Fire at the warehouse", 20) + burst("Traffic jam on the bridge", 12)
    shuffled = today[:]
    random.Random(1).shuffle(shuffled)
    assert hot_topics(today, now=NOW, baseline=base) == hot_topics(shuffled, now=NOW, baseline=base)


def test_a_topic_keeps_its_id_across_calls() -> None:
    base = history(chatter(8, end=NOW - timedelta(hours=2)))
    first = hot_topics(chatter(1) + burst("Fire at the warehouse", 20), now=NOW, baseline=base)
    fire = next(t for t in first if t.emerging)
    renamed = replace(fire, id="fire-42")
    later = NOW + timedelta(minutes=5)
    more = chatter(1, end=later) + burst("Fire at the warehouse", 30, end=later)
    again = hot_topics(more, now=later, baseline=base, previous=[renamed])
    assert "fire-42" in {t.id for t in again}
    assert len({t.id for t in again}) == len(again)


def test_feature_keys_name_what_the_store_counts() -> None:
    a = mention("Flood on the Quayside #NclFloods", NOW, entities=("Quayside",), places=("Ouseburn",))
    assert feature_keys(a) == (ALL, "flood", "quayside", "#nclfloods", "place:Ouseburn")


def test_a_baseline_from_store_rows_matches_one_from_mentions() -> None:
    past = chatter(3, end=NOW.replace(hour=0))
    from_mentions = history(past, days=3)
    rows = Counter((key, a.created_at.replace(minute=0, second=0).isoformat()) for a in past for key in feature_keys(a))
    from_hours = Baseline.from_rows(((k, h, n) for (k, h), n in rows.items()), days=3)
    by_hour_of_day = Counter((k, datetime.fromisoformat(h).hour) for (k, h) in rows.elements())
    from_sums = Baseline.from_rows(((k, h, n) for (k, h), n in by_hour_of_day.items()), days=3)
    assert from_mentions == from_hours == from_sums
    assert from_mentions.per_day(ALL, NOW - timedelta(hours=1), NOW) == 6


WORDS = ["fire", "bridge", "parking", "#nclfire", "crash", "byker", "thanks", "speeding", "bike", "noise"]


@st.composite
def streams(draw: st.DrawFn) -> list[Analysed]:
    n = draw(st.integers(0, 60))
    out = []
    for _ in range(n):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=4))
        minutes = draw(st.integers(-30, 26 * 60))
        out.append(
            mention(
                " ".join(words) + draw(st.sampled_from(["", " again", " RT"])),
                NOW - timedelta(minutes=minutes),
                author=draw(st.sampled_from(["a", "b", "c", ""])),
                sentiment=draw(st.sampled_from(["negative", "neutral", "positive", ""])),
                platform=draw(st.sampled_from(["x", "facebook"])),
            )
        )
    return out


@settings(max_examples=60, deadline=None)
@given(streams(), streams())
def test_every_mention_is_in_at_most_one_topic_and_the_counts_add_up(
    past: list[Analysed], today: list[Analysed]
) -> None:
    base = Baseline.from_mentions([replace_time(a, -DAY) for a in past], start=NOW.replace(hour=0) - 2 * DAY, days=2)
    topics = hot_topics(today, now=NOW, baseline=base)
    in_window = {a.key for a in today if NOW - DAY < a.created_at <= NOW}
    seen: list[tuple[str, str]] = [key for t in topics for key in t.mentions]
    assert len(seen) == len(set(seen))
    assert set(seen) <= in_window
    for t in topics:
        assert t.volume == len(t.mentions) == sum(t.buckets) == sum(n for _, n in t.sentiment)
        assert sum(n for _, n in t.platforms) == t.volume
        assert t.recent <= t.volume and t.expected > 0
        assert t.representative in t.samples
    assert len({t.id for t in topics}) == len(topics)


def replace_time(a: Analysed, delta: timedelta) -> Analysed:
    return replace(a, created_at=a.created_at + delta)
