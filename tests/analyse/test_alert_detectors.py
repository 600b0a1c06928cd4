"""Detectors: what makes a detection, what does not, and that each says why in words."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyse.alerts.detectors import (
    detect,
    negative_surge,
    priority,
    top_posts,
    topic_spikes,
    volume_spikes,
    watch_word_hits,
)
from analyse.alerts.phrases import PhraseMatcher
from analyse.alerts.records import severity_rank
from analyse.alerts.settings import ALERTS
from analyse.records import Analysed
from analyse.terms import text_features
from analyse.topics import Baseline, hot_topics

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
_ids = iter(range(10**9))


def post(
    text: str, minutes_ago: float, *, author: str = "", places: tuple[str, ...] = (), **fields: object
) -> Analysed:
    f = text_features(text)
    n = next(_ids)
    return Analysed(
        platform="x",
        id=str(n),
        created_at=NOW - timedelta(minutes=minutes_ago),
        text=text,
        url=f"https://x.com/i/status/{n}",
        author_id=author or f"user{n}",
        lang="en",
        terms=f.terms,
        hashtags=f.hashtags,
        dup_key=f.dup_key,
        places=places,
        **fields,  # type: ignore[arg-type]
    )


def week_of_chatter(per_hour: int = 4, place: str = "Elswick", place_every: int = 8) -> list[Analysed]:
    """Seven quiet days: a few posts an hour, now and then one about `place`."""
    out = []
    for i in range(7 * 24 * per_hour):
        minutes = 7 * 24 * 60 - i * 60 / per_hour + 60 * 24  # all before today
        places = (place,) if i % place_every == 0 else ()
        out.append(post(f"everyday talk about bins and buses number {i}", minutes, places=places))
    return out


def history(mentions: list[Analysed]) -> Baseline:
    start = NOW.replace(hour=0) - timedelta(days=7)
    return Baseline.from_mentions(mentions, start=start, days=7)


def elswick_burst(n: int = 27) -> list[Analysed]:
    return [
        post(f"helicopter and police cars all over Elswick road {i}", 28 * i / n, places=("Elswick",)) for i in range(n)
    ]


# -- watch-words -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Stabbing on the high street",
        "someone got STABBED outside the chippy",
        "another #stabbing tonight",
        "#Stabbing",
        "stabbbbing near the park!!!",
        "man stabs neighbour",
        "is that a stabing??",  # one b
    ],
)
def test_a_watch_word_is_found_in_its_spellings(text: str) -> None:
    assert PhraseMatcher(["stabbing"]).find(text) == ["stabbing"]


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("missing child", "MISSING CHILDREN near the Quayside"),
        ("missing child", "please share #missingchild"),
        ("missing child", "#MissingChildren alert"),
        ("explosion", "huge exploison heard in Byker"),  # neighbours swapped
        ("explosion", "loud explosiin"),  # a key next to the right one
        ("explosion", "an exlosion at the plant"),  # a letter left out
        ("shots fired", "Shots fired on Westgate Road"),
    ],
)
def test_phrases_plurals_hashtags_and_typing_slips_match(phrase: str, text: str) -> None:
    assert PhraseMatcher([phrase]).find(text) == [phrase]


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("fire", "firework display at the park"),
        ("fire", "bonfire night"),
        ("stabbing", "establishing a new office"),
        ("shooting", "people shouting in the street"),  # one letter off, but not a slip: a different word
        ("explosion", "explosive growth in bookings"),
        ("missing child", "missing the child benefit deadline"),  # the words are not together
        ("gun", "the gunner scored"),
    ],
)
def test_watch_words_do_not_match_other_words(phrase: str, text: str) -> None:
    assert PhraseMatcher([phrase]).find(text) == []


def test_short_words_allow_no_typing_slips() -> None:
    assert PhraseMatcher(["knife"]).find("a kbife") == []  # five letters: no slips, too many words one off


@given(
    word=st.text(string.ascii_lowercase, min_size=3, max_size=10),
    before=st.text(string.ascii_lowercase, min_size=1, max_size=5),
    after=st.text(string.ascii_lowercase, max_size=5),
)
def test_a_watch_word_never_matches_inside_another_word(word: str, before: str, after: str) -> None:
    if before[0] == word[0]:
        before = ("b" if word[0] == "a" else "a") + before[1:]
    assert PhraseMatcher([word]).find(f"look: {before}{word}{after} here") == []


@given(
    word=st.text(string.ascii_lowercase, min_size=3, max_size=10),
    case=st.sampled_from([str.lower, str.upper, str.title]),
    around=st.sampled_from(["{}", "#{}", "({})", '"{}!"', "... {}, ok"]),
)
def test_a_watch_word_always_matches_itself_whatever_the_case_and_punctuation(word: str, case, around: str) -> None:
    assert PhraseMatcher([word]).find("hello " + around.format(case(word)) + " there") == [word]


def test_watch_word_detection_says_how_many_posts_and_grows_severe_with_more() -> None:
    one = watch_word_hits([post("stabbing on Westgate Road", 3)], ["stabbing"], now=NOW)
    assert [(d.kind, d.severity, d.story) for d in one] == [("watch-word", "medium", "watch:stabbing")]
    assert one[0].reason == '1 post uses the watch-word "stabbing" in the last 30 min'
    three = watch_word_hits([post(f"stabbing report {i}", i) for i in range(3)], ["stabbing"], now=NOW)
    assert three[0].severity == "high"
    assert three[0].evidence.count == 3 and len(three[0].evidence.posts) == 3


def test_incident_terms_alert_as_high_watch_words() -> None:
    incident = ALERTS.incident(terms=["Quayside fire"])
    found = watch_word_hits([post("smoke from the quayside fire", 2)], [], now=NOW, settings=incident)
    assert [(d.story, d.severity) for d in found] == [("watch:quayside fire", "high")]
    assert watch_word_hits([post("smoke from the quayside fire", 2)], [], now=NOW) == []


# -- priority phrases -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I'm going to kill myself tonight", "self-harm or suicide"),
        ("honestly i just want to die", "self-harm or suicide"),
        ("im gonna kill him when he gets home", "threat to life"),
        ("there's a bomb in the station", "threat to life"),
        ("someone should kill the police in Byker", "threat to officers"),
        ("OFFICER DOWN on Shields Road", "threat to officers"),
    ],
)
def test_priority_phrases_always_alert_at_once_as_critical(text: str, category: str) -> None:
    (found,) = priority([post(text, 1)], now=NOW)
    assert found.severity == "critical" and found.kind == "priority"
    assert category in found.reason and found.title == f"Priority: {category}"


def test_priority_copies_of_one_post_are_one_detection_and_two_posts_two() -> None:
    original = "I want to end my life, nobody cares"
    copies = [post(original, 5), post("RT @someone: " + original, 3)]
    assert len(priority(copies, now=NOW)) == 1
    assert len(priority([post("i want to end my life", 4), post("gonna kill myself", 2)], now=NOW)) == 2


def test_ordinary_talk_of_killing_and_suicide_is_not_priority() -> None:
    texts = ["the suicide squad film was rubbish", "this heat is killing me", "kill the lights please"]
    assert priority([post(t, 1) for t in texts], now=NOW) == []


# -- volume spikes ------------------------------------------------------------------------------------


def test_a_neighbourhood_spike_says_how_many_and_what_is_usual() -> None:
    week = week_of_chatter()
    found = volume_spikes(elswick_burst(), now=NOW, baseline=history(week))
    place = next(d for d in found if d.kind == "place-spike")
    assert place.story == "place:Elswick" and place.keys == ("place:Elswick",)
    assert place.reason == "27 posts mention Elswick in the last 30 min; usually under 1"
    assert place.severity == "high"
    assert place.evidence.count == 27 and place.evidence.places == (("Elswick", 27),)
    assert "helicopter" in place.evidence.terms[:3]
    assert len(place.evidence.posts) == ALERTS.top_posts


def test_overall_spike_against_the_same_hours_of_previous_days() -> None:
    week = week_of_chatter(per_hour=8)
    busy = [post(f"what is going on in town tonight {i}", 29 * i / 60) for i in range(60)]
    (spike,) = [d for d in volume_spikes(busy, now=NOW, baseline=history(week)) if d.kind == "spike"]
    assert spike.reason == "60 posts in the last 30 min; usually 4"
    assert spike.story == "spike:all"


def test_no_spike_without_history_to_compare_with() -> None:
    assert volume_spikes(elswick_burst(), now=NOW, baseline=Baseline()) == []


def test_normal_traffic_is_not_a_spike() -> None:
    week = week_of_chatter(per_hour=8)
    usual = [post(f"everyday talk about bins {i}", 30 * i / 4, places=("Elswick",) * (i == 0)) for i in range(4)]
    assert volume_spikes(usual, now=NOW, baseline=history(week)) == []


def test_one_account_posting_many_times_is_not_a_spike() -> None:
    week = week_of_chatter()
    spam = [post(f"Elswick deals {i}", i, author="spammer", places=("Elswick",)) for i in range(27)]
    assert volume_spikes(spam, now=NOW, baseline=history(week)) == []


def test_incident_place_spikes_on_fewer_posts() -> None:
    week = week_of_chatter()
    few = elswick_burst(5)
    assert [d for d in volume_spikes(few, now=NOW, baseline=history(week)) if d.kind == "place-spike"] == []
    incident = ALERTS.incident(places=["Elswick"])
    (found,) = [d for d in volume_spikes(few, now=NOW, baseline=history(week), settings=incident)]
    assert found.story == "place:Elswick" and found.severity == "high"


# -- topic spikes and negative surges -------------------------------------------------------------------


def test_an_emerging_topic_is_a_topic_spike() -> None:
    week = week_of_chatter(per_hour=6)
    burst = [post(f"flooding on the coast road near house {i} #flood", 50 * i / 40) for i in range(40)]
    topics = hot_topics(week + burst, now=NOW, baseline=history(week))
    found = topic_spikes(topics, baseline=history(week), now=NOW)
    assert found and found[0].kind == "topic-spike"
    assert found[0].story.startswith("topic:") and found[0].reason.startswith("40 posts about")
    assert set(found[0].keys) & {"flooding", "#flood", "coast"}


def test_a_surge_in_negative_posts_against_the_earlier_hours() -> None:
    earlier = [
        post(f"calm post {i}", 60 + i * 10, sentiment="negative" if i % 5 == 0 else "neutral") for i in range(60)
    ]
    angry = [post(f"angry post {i}", i, sentiment="negative" if i % 10 < 7 else "neutral") for i in range(30)]
    (found,) = negative_surge(earlier + angry, now=NOW)
    assert found.kind == "negative-surge" and found.story == "negative"
    assert found.reason == "70% of posts in the last 30 min are negative (21 of 30); earlier 22%"
    assert found.evidence.count == 21


def test_no_negative_surge_from_a_few_posts_or_a_steady_share() -> None:
    earlier = [post(f"calm {i}", 60 + i * 10, sentiment="negative" if i % 5 == 0 else "neutral") for i in range(60)]
    few = [post(f"angry {i}", i, sentiment="negative") for i in range(8)]
    assert negative_surge(earlier + few, now=NOW) == []
    steady = [post(f"so so {i}", i, sentiment="negative" if i % 5 == 0 else "neutral") for i in range(30)]
    assert negative_surge(earlier + steady, now=NOW) == []


def test_detect_runs_every_detector_over_the_window_most_urgent_first() -> None:
    week = week_of_chatter()
    now_posts = [*elswick_burst(), post("someone said they will kill myself", 1), post("stabbing in Elswick", 2)]
    found = detect(week + now_posts, now=NOW, baseline=history(week), watch_words=["stabbing"])
    kinds = [d.kind for d in found]
    assert kinds[0] == "priority" and "place-spike" in kinds and "watch-word" in kinds
    ranks = [severity_rank(d.severity) for d in found]
    assert ranks == sorted(ranks, reverse=True)


def test_detect_uses_the_earlier_hours_when_there_are_no_previous_days() -> None:
    today = [post(f"quiet day post {i}", 60 + i * 5, places=("Elswick",) * (i % 20 == 0)) for i in range(150)]
    found = detect(today + elswick_burst(), now=NOW)
    assert "place:Elswick" in {d.story for d in found}


def test_evidence_posts_are_the_ones_saying_what_is_growing_not_the_places_everyday_talk() -> None:
    def post(n: int, text: str) -> Analysed:
        f = text_features(text)
        return Analysed(platform="x", id=str(n), created_at=NOW - timedelta(minutes=30 - n), text=text, terms=f.terms)

    everyday = [post(i, f"Still waiting on 101 about the stolen catalytic converter in Heaton {i}") for i in range(3)]
    news = [post(10 + i, f"Shots fired on Heaton Road, police everywhere {i}") for i in range(3)]
    shown = top_posts(everyday + news, 3, ("shots", "fired"))
    assert [p.id for p in shown] == ["12", "11", "10"]
