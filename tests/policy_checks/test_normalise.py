"""Evasion: the rules read a normalised copy, and every span maps back to the text as typed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from policy_checks.normalise import normalise


def test_invisible_characters_are_removed() -> None:
    assert normalise("SEC\u200bRET\u2060 \ufeffnotes").text == "SECRET notes"


def test_look_alike_letters_are_folded_to_latin() -> None:
    assert normalise("ОFFICIAL-SЕNSITIVE").text == "OFFICIAL-SENSITIVE"  # Cyrillic О, Е
    assert normalise("ΤΟΡ SECRET").text == "TOP SECRET"  # Greek Τ, Ο, Ρ


def test_compatibility_forms_become_plain_letters_and_digits() -> None:
    assert normalise("０７７００ ９００１２３").text == "07700 900123"
    assert normalise("𝐒𝐄𝐂𝐑𝐄𝐓").text == "SECRET"
    assert normalise("ﬁnd").text == "find"


def test_accents_are_dropped() -> None:
    assert normalise("café résumé").text == "cafe resume"


def test_leetspeak_is_undone_only_in_the_folded_copy() -> None:
    norm = normalise("S3CRET and 5h1t")
    assert norm.text == "S3CRET and 5h1t"
    assert norm.folded == "SECRET and shit"


def test_leetspeak_leaves_roads_postcodes_times_and_codes_alone() -> None:
    text = "A61 M62 LS1 4AP 10am 1st 4x4 COVID19 YX19 KLM 101 999"
    assert normalise(text).folded == text


def test_a_span_maps_back_over_dropped_characters() -> None:
    typed = "call S\u200bE\u200bC\u200bR\u200bE\u200bT now"
    norm = normalise(typed)
    start = norm.text.index("SECRET")
    a, b = norm.to_original(start, start + 6)
    assert typed[a:b] == "S\u200bE\u200bC\u200bR\u200bE\u200bT"


def test_a_span_maps_back_over_expanded_characters() -> None:
    typed = "ﬁnd SECRET"
    norm = normalise(typed)
    start = norm.text.index("SECRET")
    a, b = norm.to_original(start, start + 6)
    assert typed[a:b] == "SECRET"


def test_windows_line_endings_become_newlines() -> None:
    assert normalise("a\r\nb\rc").text == "a\nb\nc"


@given(st.text())
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise(text)
    twice = normalise(once.text)
    assert twice.text == once.text
    assert normalise(once.folded).folded == once.folded


@given(st.text())
def test_the_copies_have_one_source_index_per_character(text: str) -> None:
    norm = normalise(text)
    assert len(norm.text) == len(norm.folded) == len(norm.sources)
    assert list(norm.sources) == sorted(norm.sources)
    assert all(0 <= i < len(text) for i in norm.sources)


@given(st.text(), st.data())
def test_every_mapped_span_is_inside_the_original(text: str, data: st.DataObject) -> None:
    norm = normalise(text)
    start = data.draw(st.integers(0, len(norm.text)))
    end = data.draw(st.integers(start, len(norm.text)))
    a, b = norm.to_original(start, end)
    assert 0 <= a <= b <= len(text)
