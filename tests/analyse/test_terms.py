"""Text features of social posts: what a word counts as, and which posts count as copies."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyse.terms import EMPTY, TextFeatures, singular, squeeze, text_features

POST = "Flooding on the Quayside!!! Roads CLOSED near the bridge 😱 http://t.co/abc @NclCouncil #Newcastle #floods"


def test_a_post_splits_into_terms_hashtags_handles_and_links() -> None:
    features = text_features(POST)
    assert features.terms == ("flooding", "quayside", "road", "closed", "bridge")
    assert features.hashtags == ("newcastle", "floods")
    assert features.handles == ("nclcouncil",)
    assert features.links == ("http://t.co/abc",)


@pytest.mark.parametrize(
    "copy",
    [
        "RT @someone: " + POST,
        POST.upper(),
        POST.replace("http://t.co/abc", "https://t.co/other"),
        POST.replace("@NclCouncil", "@somebody_else"),
        POST.replace("!!!", ".").replace("😱", "🙏🙏"),
        "  " + POST.replace(" ", "\n   ") + "  ",
    ],
    ids=["retweet", "case", "link", "handle", "punctuation-emoji", "whitespace"],
)
def test_copies_share_a_dup_key(copy: str) -> None:
    assert text_features(copy).dup_key == text_features(POST).dup_key != ""


def test_a_retweet_cut_short_at_140_characters_still_matches_its_original() -> None:
    original = (
        "Water is rising fast along the river near the old bridge, the council says everyone on Low Street should leave"
    )
    retweet = ("RT @reporter_with_long_name: " + original)[:137] + "…"
    assert text_features(retweet).dup_key == text_features(original).dup_key


def test_different_posts_have_different_dup_keys() -> None:
    assert text_features("roads closed by the flood").dup_key != text_features("roads open after the flood").dup_key


@pytest.mark.parametrize("text", ["", "   \n", "😀😀😀", "🙏🏽❤️‍🔥", "!!! ... ???"])
def test_empty_and_emoji_only_posts_have_no_features(text: str) -> None:
    assert text_features(text) == EMPTY == TextFeatures()
    assert text_features(text).dup_key == ""


def test_stopwords_numbers_and_short_words_are_not_terms() -> None:
    assert text_features("it is 10am on the 2nd of June, at 35mph, 2013 ok").terms == ("june",)


def test_repeated_letters_are_squeezed_the_same_way_everywhere() -> None:
    assert squeeze("gooooood") == squeeze("goood") == "good"
    assert text_features("STORMMMM").terms == text_features("stormmm").terms == ("stormm",)
    assert text_features("soooooo sooo so").terms == ()


@pytest.mark.parametrize(
    ("plural", "one"),
    [("floods", "flood"), ("cities", "city"), ("boxes", "box"), ("churches", "church"), ("roads", "road")],
)
def test_plurals_are_trimmed(plural: str, one: str) -> None:
    assert singular(plural) == one


@pytest.mark.parametrize("word", ["news", "bus", "glass", "texas", "virus", "crisis"])
def test_words_that_only_look_plural_are_kept(word: str) -> None:
    assert singular(word) == word


def test_hashtag_words_are_not_repeated_as_terms() -> None:
    features = text_features("Flood warning #flood #Floods")
    assert features.terms == ("warning",)
    assert features.hashtags == ("flood", "floods")


def test_terms_are_unique_in_order_of_first_appearance() -> None:
    assert text_features("Storm storm STORM damage storms").terms == ("storm", "damage")


def test_apostrophes_and_possessives() -> None:
    assert text_features("Boston's marathon isn't over, don't panic").terms == ("boston", "marathon", "panic")


def test_a_10000_character_post_is_read_in_bounded_time() -> None:
    started = time.perf_counter()
    features = text_features("word " * 2000 + "🙂" * 5000)
    assert time.perf_counter() - started < 0.05
    assert features.terms == ("word",)


def test_non_latin_text_is_kept() -> None:
    assert text_features("Наводнение в городе").terms == ("наводнение", "городе")


def test_email_addresses_are_not_links() -> None:
    assert text_features("write to press@example.org").links == ()


@given(st.text(max_size=400))
def test_text_features_never_raises_and_is_normalised(text: str) -> None:
    features = text_features(text)
    for group in (features.terms, features.hashtags, features.handles):
        assert len(set(group)) == len(group)
        assert all(item == item.lower() and item for item in group)
    assert not any(t.startswith(("#", "@")) for t in features.terms)
    assert all(link.startswith(("http", "www", "HTTP", "WWW", "Http", "Www")) or link for link in features.links)


@given(st.text(alphabet=st.characters(categories=["P", "S", "Z", "C"]), max_size=200))
def test_text_without_letters_or_digits_has_no_features(text: str) -> None:
    assert text_features(text) == EMPTY


@given(st.text(max_size=200), st.sampled_from(["RT @a_b: ", "rt @X: "]))
def test_a_retweet_always_shares_the_original_dup_key(text: str, prefix: str) -> None:
    assert text_features(prefix + text).dup_key == text_features(text).dup_key


def test_an_at_sign_before_underscores_only_is_not_a_handle() -> None:
    assert text_features("@_ @__ !!") == EMPTY
    assert text_features("hi @__x1").handles == ("__x1",)
