"""Language detection: English by default, other languages kept apart, nothing to read -> "und"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyse.language import detect_language, normalise_code, readable

SCENARIO = Path(__file__).resolve().parents[2] / "sandbox" / "scenarios" / "northshire_day.jsonl"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Shoutout to the officers on the Quayside last night, top work", "en"),
        ("Hope nobody's hurt", "en"),  # CLD2 says Scots of Geordie: it is English here
        ("Byker Mam sending love x", "en"),
        ("WHY DOES IT TAKE 30 MINUTES TO GET THROUGH ON 101??", "en"),
        ("sooooo slowwww", "en"),
        ("ok", "en"),  # too short to tell: the English prior
        ("@NorthshirePolice Znowu ktoś włamał się do szopy w Fenham. Zróbcie coś z tym!", "pl"),
        ("@NorthshirePolice Me han roto la ventanilla del coche en Benwell esta noche 😡", "es"),
        ("Știe cineva dacă drumul de pe Heaton Road este închis?", "ro"),
        ("@NorthshirePolice گاڑی کی چوری کی رپورٹ کیسے کروں؟ کوئی بتا سکتا ہے؟", "ur"),
        ("انتظرت أكثر من ساعة على الرقم 101، هذا غير مقبول", "ar"),
    ],
)
def test_detects_the_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    "text",
    ["", "   ", "😂😂", "🚓🚓🚓 🙏", "@NorthshirePolice #Byker https://t.co/abc", "101 999", "!!!"],
)
def test_nothing_to_read_is_undetermined(text: str) -> None:
    assert detect_language(text) == "und"
    assert detect_language(text, hint="en") == "und"  # a platform's "en" on an emoji-only post does not count


def test_a_platform_code_is_trusted_when_it_is_a_language() -> None:
    assert detect_language("anything at all", hint="pl") == "pl"
    assert detect_language("anything at all", hint="zh-TW") == "zh"
    assert detect_language("Gracias a la policía de Northshire por la ayuda de hoy", hint="und") == "es"
    assert detect_language("Thanks to the officers who helped today", hint="qme") == "en"


@pytest.mark.parametrize(
    ("code", "normal"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("zh-Hant", "zh"),
        ("in", "id"),
        ("iw", "he"),
        ("sco", "en"),
        ("und", ""),
        ("zxx", ""),
        ("qht", ""),
        ("un", ""),
        ("", ""),
        ("e1", ""),
        ("english", ""),
    ],
)
def test_normalise_code(code: str, normal: str) -> None:
    assert normalise_code(code) == normal


@pytest.mark.parametrize(
    "text",
    ["bad \udcff bytes in an import, police", "control \x00\x01\x7f characters", "x" * 10_000, "é" * 10_000, None],
)
def test_never_raises(text: str) -> None:
    assert detect_language(text) in {"en", "und", "fr", "pt", "es", "it"}  # type: ignore[arg-type]


def test_reads_past_links_handles_and_hashtags() -> None:
    assert "NorthshirePolice" not in readable("@NorthshirePolice #Byker see https://t.co/x")


def test_scenario_languages_are_right_for_nearly_every_post() -> None:
    """The scenario's own labels (English for emoji-only posts too: those we call "und")."""
    posts = [json.loads(line) for line in SCENARIO.open(encoding="utf-8")][1:]
    wrong = [
        (post["lang"], found, post["text"])
        for post in posts
        if (found := detect_language(post["text"])) != post["lang"] and found != "und"
    ]
    foreign = [p for p in posts if p["lang"] != "en"]
    assert len(wrong) <= 0.003 * len(posts), wrong
    assert sum(detect_language(p["text"]) == p["lang"] for p in foreign) >= 0.95 * len(foreign)
