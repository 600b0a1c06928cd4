"""The analysis pipeline on messy posts: what each mention gets, and that no mention sinks a batch."""

from __future__ import annotations

import importlib
import pickle
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import analyse.pipeline as pipeline
from analyse.pipeline import Analyser, AnalyserConfig, name_cues, prepare, without_tags
from analyse.records import SENTIMENTS, Analysed
from commsdesk.records import Mention
from config.settings import Settings, example_path, load

WHEN = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def force() -> Settings:
    return load(example_path(), environ={})


@pytest.fixture(scope="module")
def analyser(force: Settings) -> Analyser:
    """Slow to build (spaCy and the sentiment model): one per module."""
    return Analyser.from_settings(force)


@pytest.fixture
def fresh(analyser: Analyser) -> Analyser:
    """A new Analyser sharing the loaded models: its own counts and cache, free to patch."""
    return Analyser(analyser.config, nlp=analyser.nlp, sentiment=analyser.sentiment)


def post(text: str, platform: str = "x", ident: str = "1", **fields: Any) -> Mention:
    return Mention(platform=platform, id=ident, text=text, created_at=WHEN, **fields)


def one(analyser: Analyser, mention: Mention) -> Analysed:
    [record] = analyser.analyse([mention])
    return record


def test_an_english_post_gets_everything(analyser: Analyser) -> None:
    mention = post(
        "Waited 40 minutes on 101 and officers never came. Fire near the Quayside #Byker @NorthshirePolice",
        ident="42",
        author_id="7",
        author_handle="resident",
        author_name="A Resident",
        url="https://x.com/resident/status/42",
        conversation_id="40",
    )
    record = one(analyser, mention)
    assert (record.platform, record.id, record.created_at, record.text) == ("x", "42", WHEN, mention.text)
    assert (record.url, record.author_id, record.author_handle, record.author_name) == (
        mention.url,
        "7",
        "resident",
        "A Resident",
    )
    assert record.lang == "en" and record.english
    assert record.sentiment in SENTIMENTS and record.sentiment_by == "model" and 0 < record.confidence <= 1
    assert record.places == ("Quayside", "Byker")
    assert record.police_terms == ("101", "officer", "response time")
    assert record.hashtags == ("byker",) and record.handles == ("northshirepolice",)
    assert "quayside" in record.entities and "minute" in record.terms
    assert record.community == "x:conversation:40"
    assert record.dup_key and not record.author_public


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("the Quayside is packed tonight", "Quayside"),
        ("Traffic is mad on the TYNE BRIDGE", "Quayside"),
        ("anyone know what's going on in byker", "Byker"),
        ("Open day at Heaton Park still on?", "Heaton"),
        ("#HeatonPark was lovely today", "Heaton"),
    ],
)
def test_places_from_the_text(analyser: Analyser, text: str, area: str) -> None:
    assert one(analyser, post(text)).places == (area,)


def test_a_polish_post_is_kept_with_its_language_and_no_sentiment(analyser: Analyser) -> None:
    text = "@NorthshirePolice Znowu ktoś włamał się do szopy w Fenham. Zróbcie coś z tym!"
    record = one(analyser, post(text, platform="facebook", ident="1_2"))
    assert record.lang == "pl" and not record.english
    assert (record.sentiment, record.confidence, record.sentiment_by) == ("", 0.0, "")
    assert record.places == ("Fenham",) and record.text == text
    assert record.community == "facebook:post:1_2"


@pytest.mark.parametrize("text", ["😂😂", "🚓🚓🚓🙏", "", "   ", "https://t.co/abc", "@NorthshirePolice"])
def test_nothing_to_read_is_und_without_sentiment(analyser: Analyser, text: str) -> None:
    record = one(analyser, post(text, lang="en"))
    assert record.lang == "und" and record.sentiment == "" and record.entities == ()


def test_a_10000_character_post_is_analysed_quickly(analyser: Analyser) -> None:
    text = ("Officers were brilliant in Byker tonight, thank you Sergeant Patel! " * 150)[:10_000]
    started = time.perf_counter()
    record = one(analyser, post(text))
    assert time.perf_counter() - started < 2.0
    assert record.lang == "en" and record.sentiment and record.places == ("Byker",)
    assert record.text == text  # the record keeps the whole post; only what the NLP reads is capped


def test_messy_text_does_not_trip_anything(fresh: Analyser) -> None:
    texts = [
        "SOOOOOO SLOWWWWW!!!!!!!! 😡😡😡😡😡😡 WHERE ARE YOU @NorthshirePolice",
        "bad \udcff bytes from an import, police in Walker",
        "control \x00\x01 characters",
        '<a href="javascript:alert(1)">click me</a>',
        "🚓" * 3000,
        "RT @someone: Road closed at the Tyne Bridge",
    ]
    records = fresh.analyse([post(t, ident=str(i)) for i, t in enumerate(texts)])
    assert [r.id for r in records] == [str(i) for i in range(len(texts))]
    assert fresh.stats.failed == 0
    assert records[0].lang == "en" and records[0].sentiment
    assert records[5].places == ("Quayside",) and records[5].handles == ("someone",)


def test_a_mention_that_fails_gets_a_minimal_record_and_the_batch_survives(
    fresh: Analyser, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.text_features

    def features(text: str) -> Any:
        if "BOOM" in text:
            raise RuntimeError("bad mention")
        return real(text)

    monkeypatch.setattr(pipeline, "text_features", features)
    mentions = [post("Thanks officers, great work in Byker", ident="1"), post("BOOM", ident="2"), post("ok", ident="3")]
    records = fresh.analyse(mentions)
    assert [r.id for r in records] == ["1", "2", "3"]
    assert records[0].places == ("Byker",) and records[0].sentiment
    assert records[1] == Analysed(platform="x", id="2", created_at=WHEN, text="BOOM", lang="und")
    assert fresh.stats.failed == 1 and list(fresh.stats.failed_keys) == [("x", "2")]


class _FussySentiment:
    """Fails any batch that holds a text with "BOOM", like a model choking on one input."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def predict(self, texts: Sequence[object]) -> list[Any]:
        if any("BOOM" in str(t) for t in texts):
            raise ValueError("model failed")
        return self.real.predict(texts)


def test_a_model_failing_on_one_text_fails_only_that_mention(analyser: Analyser) -> None:
    fussy = Analyser(analyser.config, nlp=analyser.nlp, sentiment=_FussySentiment(analyser.sentiment))
    mentions = [post(f"Post number {i} about the police", ident=str(i)) for i in range(5)]
    mentions[3] = post("BOOM goes the model", ident="3")
    records = fussy.analyse(mentions)
    assert [bool(r.sentiment) for r in records] == [True, True, True, False, True]
    assert records[3].lang == "und" and fussy.stats.failed == 1


def test_a_mention_with_odd_fields_does_not_raise(fresh: Analyser) -> None:
    odd = replace(post("police in Jesmond"), raw=None, text=None, author_handle=None)  # type: ignore[arg-type]
    [record] = fresh.analyse([odd])
    assert record.id == "1" and record.lang == "und"
    records = fresh.analyse([None, post("police in Jesmond")])  # type: ignore[list-item]
    assert records[1].places == ("Jesmond",) and records[0].id == "" and fresh.stats.failed == 1


@pytest.mark.parametrize(
    ("mention", "public"),
    [
        (post("hi", raw={"author": {"username": "someone", "verified": True}}), True),
        (post("hi", raw={"author": {"username": "someone", "verified": False}}), False),
        (post("hi", platform="facebook", author_id="100000000000001", author_name="Northshire Police"), True),
        (post("hi", platform="facebook", raw={"from": {"id": "5", "name": "Cafe", "category": "Restaurant"}}), True),
        (post("hi", platform="facebook", author_id="5", author_name="Jo Bloggs"), False),
        (post("hi", platform="youtube", author_id="UCnorthshirepolice000001"), True),
        (post("hi", author_handle="NorthshireRoads"), True),
        (post("hi", author_handle="resident1"), False),
    ],
)
def test_public_authors(analyser: Analyser, mention: Mention, public: bool) -> None:
    assert one(analyser, mention).author_public is public


def test_a_name_that_contains_a_place_is_not_the_place(analyser: Analyser) -> None:
    record = one(analyser, post("Went to see Paul Walker at the police station yesterday"))
    assert "paul walker" in record.entities
    assert record.places == ()


def test_entities_are_people_organisations_places_and_events(analyser: Analyser) -> None:
    text = "Officers from Durham Police and the Fire Service attended with Sergeant John Smith on Tuesday"
    record = one(analyser, post(text))
    assert record.entities == ("durham police", "fire service", "sergeant john smith")  # no dates or numbers
    assert "northshire police" not in one(analyser, post("Thanks to Northshire Police and Durham Police")).entities


def test_copies_are_read_by_the_recogniser_once(fresh: Analyser) -> None:
    text = "Huge fire near Ouseburn Farm, Dave Smith says stay away"
    records = fresh.analyse([post(text, ident="1"), post("RT @bob: " + text, ident="2"), post(text, ident="3")])
    assert records[0].entities == records[1].entities == records[2].entities
    assert records[0].dup_key == records[1].dup_key
    assert fresh.stats.ner_run == 1 and fresh.stats.ner_cached == 2


def test_ner_share_bounds_the_recogniser_and_keeps_the_posts_with_most_names(analyser: Analyser) -> None:
    config = replace(analyser.config, ner_share=0.25)  # one of four
    bounded = Analyser(config, nlp=analyser.nlp, sentiment=analyser.sentiment)
    texts = [
        "Spoke to Sergeant Patel and Inspector Jones outside Durham Crown Court",
        "thanks for the help tonight",
        "Met Dave Smith there",
        "great work everyone, proper job",
    ]
    records = bounded.analyse([post(t, ident=str(i)) for i, t in enumerate(texts)])
    assert bounded.stats.ner_run == 1 and bounded.stats.ner_over_budget == 1 and bounded.stats.ner_skipped == 2
    assert "durham crown court" in records[0].entities and records[2].entities == ()
    assert all(r.sentiment for r in records)  # only the names are left out


def test_x_geo_and_facebook_tags(analyser: Analyser) -> None:
    geo = post("Smoke everywhere, shut your windows", raw={"place": {"full_name": "Elswick", "name": "Elswick"}})
    assert one(analyser, geo).places == ("Elswick",)
    tagged = post(
        "Liam Hussain Thank you, hope everyone in Walker is ok",
        platform="facebook",
        raw={"message_tags": [{"id": "9", "name": "Liam Hussain", "type": "user", "offset": 0, "length": 12}]},
    )
    record = one(analyser, tagged)
    assert "liam hussain" not in record.entities and "liam" not in record.terms
    assert record.places == ("Walker",) and record.text.startswith("Liam Hussain")


def test_the_language_x_gives_is_trusted(analyser: Analyser) -> None:
    assert one(analyser, post("Respect!", lang="ro")).lang == "ro"
    assert one(analyser, post("Gracias a la policía por la ayuda de hoy", lang="und")).lang == "es"


def test_the_scenario_day_is_analysed_without_a_failure(fresh: Analyser, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2]))  # the benchmark turns posts into Mentions
    mentions = importlib.import_module("bench.bench_analyse").scenario_mentions()
    records = [r for i in range(0, len(mentions), 500) for r in fresh.analyse(mentions[i : i + 500])]
    assert len(records) == len(mentions) and fresh.stats.failed == 0
    assert {"pl", "ur", "ro", "es", "ar"} <= set(fresh.stats.languages)
    assert fresh.stats.languages["en"] > 0.95 * len(records)
    assert all(bool(r.sentiment) == r.english for r in records)
    geo = [(m, r) for m, r in zip(mentions, records, strict=True) if isinstance(m.raw.get("place"), dict)]
    assert sum(m.raw["place"]["name"] in r.places for m, r in geo) == len(geo)
    assert sum(bool(r.places) for r in records) > 0.25 * len(records)


def test_prepare_reads_what_matters() -> None:
    assert prepare("RT @bob: sooooo slowwww!!!!!! https://t.co/x @NorthshirePolice") == "soo sloww!!"
    assert len(prepare("x " * 10_000)) <= pipeline.RULE_CHARS
    assert prepare("Rang 999 at 10000 hours") == "Rang 999 at 10000 hours"  # numbers are not emphasis


def test_police_terms(analyser: Analyser) -> None:
    record = one(analyser, post("Rang 999, then the PCSO said stop & search is up to the sergeant"))
    assert record.police_terms == ("999", "pcso", "stop and search", "sergeant")


@pytest.mark.parametrize(
    ("text", "worth"),
    [
        ("Thanks officers, great work tonight", False),
        ("Youths hanging round the shops in town again", False),
        ("Fire near the Tyne Bridge", False),  # a known place: the gazetteer has it
        ("WHERE ARE THE POLICE. NOBODY CAME TO BYKER", False),  # shouting
        ("Spoke to Sergeant Patel about it", True),
        ("Stu Heaton That's awful", True),  # two capitalised words: a name
        ("the Ouseburn Farm is on fire", True),
    ],
)
def test_name_cues(analyser: Analyser, text: str, worth: bool) -> None:
    assert (name_cues(text, analyser.known_words) > 0) is worth


def test_without_tags_falls_back_to_the_name_when_offsets_are_off() -> None:
    raw = {"message_tags": [{"name": "Jo Bloggs", "offset": 40}, {"name": 5}, "junk"]}
    assert without_tags("Jo Bloggs agreed", raw).strip() == "agreed"


def test_the_config_pickles_for_worker_processes(force: Settings) -> None:
    config = AnalyserConfig.from_settings(force)
    assert pickle.loads(pickle.dumps(config)) == config
    assert ("Quayside", ("the Quayside", "the Quay", "Tyne Bridge")) in config.neighbourhoods
    assert {"northshirepolice", "100000000000001", "ucnorthshirepolice000001"} & config.public_accounts
