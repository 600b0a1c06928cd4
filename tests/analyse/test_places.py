"""Places: the force's neighbourhoods found in text, hashtags, X geo and profile locations."""

from __future__ import annotations

import pickle

import pytest

from analyse.places import (
    PhraseTable,
    compact_key,
    gazetteer,
    phrase_key,
    places_of,
    profile_location,
    x_place_names,
)
from config.settings import example_path, load


@pytest.fixture(scope="module")
def table() -> PhraseTable:
    settings = load(example_path(), environ={})
    return gazetteer((n.name, n.aliases) for n in settings.neighbourhoods)


@pytest.mark.parametrize(
    ("text", "areas"),
    [
        ("Massive fire on the Quayside, smoke everywhere", ("Quayside",)),
        ("Is the Tyne Bridge closed?", ("Quayside",)),
        ("down the quay again", ("Quayside",)),
        ("BYKER AGAIN. Bikes everywhere", ("Byker",)),
        ("Open day at Heaton Park this weekend", ("Heaton",)),
        ("kids on bikes by the Byker Wall, then Jesmond", ("Byker", "Jesmond")),
        ("match at St James's Park", ("Westgate",)),
        ("match at St. James' Park", ("Westgate",)),
        ("meet at Greys Monument", ("City Centre",)),
        ("Youths hanging round the shops in town again", ("City Centre",)),
        ("#Byker streets are a mess", ("Byker",)),
        ("Znowu ktoś włamał się do szopy w Fenham.", ("Fenham",)),
        ("حريق كبير قرب Quayside، الدخان في كل مكان", ("Quayside",)),
        ("Heaton's finest", ("Heaton",)),
        ("Gosforth, Gosforth and GOSFORTH", ("Gosforth",)),
    ],
)
def test_areas_in_text(table: PhraseTable, text: str, areas: tuple[str, ...]) -> None:
    assert table.labels_in(text) == areas


@pytest.mark.parametrize(
    "text",
    [
        "JohnnyWalkerFan was here",
        "@Byker_Lad said so",
        "see https://bykerwall.example/news",
        "Bykerton",
        "",
        "Walkers crisps",
    ],
)
def test_no_area_inside_words_handles_or_links(table: PhraseTable, text: str) -> None:
    assert table.labels_in(text) == ()


def test_longest_phrase_wins_and_the_match_covers_the_article(table: PhraseTable) -> None:
    [match] = table.find("smoke over the Tyne  Bridge now")
    assert (match.text, match.label) == ("the Tyne  Bridge", "Quayside")


@pytest.mark.parametrize(
    ("word", "area"),
    [
        ("TyneBridge", "Quayside"),
        ("heatonpark", "Heaton"),
        ("CityCentre", "City Centre"),
        ("byker", "Byker"),
        ("thequayside", "Quayside"),
        ("JohnnyWalker", None),
        ("northshire", None),
    ],
)
def test_one_word_hashtags_and_handles(table: PhraseTable, word: str, area: str | None) -> None:
    assert table.label_of_word(word) == area


def test_phrase_keys() -> None:
    assert phrase_key("The  Quayside") == "quayside"
    assert phrase_key("St. James' Park") == phrase_key("st james's park") == "st james park"
    assert compact_key("Grey's Monument") == "greymonument"


def test_places_of_orders_text_then_tags_then_geo(table: PhraseTable) -> None:
    raw = {"place": {"full_name": "Elswick", "name": "Elswick"}, "author": {"location": "Kenton, Northshire"}}
    found = places_of(table, text_areas=["Byker"], tags=["HeatonPark", "byker"], raw=raw)
    assert found == ("Byker", "Heaton", "Elswick")  # the profile is not used: the post names places


def test_profile_location_only_when_nothing_else_names_an_area(table: PhraseTable) -> None:
    raw = {"author": {"location": "Kenton, Northshire"}}
    assert places_of(table, raw=raw) == ("Kenton",)
    assert places_of(table, raw={"author": {"location": "Planet Earth"}}) == ()


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ({"place": {"full_name": "Quayside, Northshire", "name": "Quayside"}}, ("Quayside", "Quayside, Northshire")),
        ({"place": "Byker"}, ("Byker",)),
        ({"place": None}, ()),
        ({"place": ["odd"]}, ()),
        ({}, ()),
    ],
)
def test_x_place_names(raw: dict[str, object], names: tuple[str, ...]) -> None:
    assert x_place_names(raw) == names


def test_odd_raw_values_are_ignored(table: PhraseTable) -> None:
    assert profile_location({"author": "someone"}) == ""
    assert places_of(table, raw=None) == ()
    assert places_of(PhraseTable({}), text_areas=["Byker"]) == ()


def test_a_gazetteer_pickles_for_worker_processes(table: PhraseTable) -> None:
    copy = pickle.loads(pickle.dumps(table))
    assert copy.labels_in("fire near the Tyne Bridge") == ("Quayside",)
