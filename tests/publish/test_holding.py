"""Holding statements: only the blanks change on the day, and a blank cannot change the approved wording."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from config.settings import check, example_path, load
from policy_checks.records import find_links
from publish.drafts import PostSpec, problems
from publish.holding import MAX_BLANK, BlankRefused, Template, fill, templates, text_problems
from publish.records import Account

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
AREA = Template(
    "incident-in-area",
    "An incident in a neighbourhood",
    "We are aware of an incident in {place} and officers are attending. Please avoid {place} for now.",
)
NORTHSHIRE = templates(load(example_path(), environ={}))


def test_the_blanks_are_filled_in_and_nothing_else_changes() -> None:
    assert AREA.blanks == ("place",)
    assert fill(AREA, {"place": "  Heaton Park "}) == (
        "We are aware of an incident in Heaton Park and officers are attending. Please avoid Heaton Park for now."
    )
    assert fill(Template("fixed", "No blanks", "Please avoid the area."), {}) == "Please avoid the area."
    assert fill(AREA, {"place": "St. James' Park (Gallowgate end)"}).count("St. James' Park (Gallowgate end)") == 2


def test_every_reason_a_fill_is_refused_at_once() -> None:
    road = Template("road-closed", "Road closed", "The {road} is closed near {place}.")
    with pytest.raises(BlankRefused) as refused:
        fill(road, {"place": "Heaton\nRT to win", "subject": "a fire"})
    assert refused.value.reasons == [
        "fill in {road}",
        "{place} must be one line of plain text (no line breaks or control characters)",
        "the road-closed statement has no blank {subject} (its blanks: {road}, {place})",
    ]
    assert "holding statement refused" in str(refused.value)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("   ", "{place} is empty: fill it in"),
        ("x" * (MAX_BLANK + 1), f"{{place}} is {MAX_BLANK + 1} characters: keep it to {MAX_BLANK}"),
        ("Heaton, see https://evil.example", "{place} may not hold a link"),
        ("Heaton www.fake-police.uk", "{place} may not hold a link"),
        ("Heaton fakepolice.xyz", "{place} may not hold a link"),
        ("Heaton, ask @NotThePolice", "{place} may not hold an @handle"),
        ("Heaton #riot", "{place} may not hold a #hashtag"),
        ("Heaton\u202e", "{place} must be one line of plain text"),
        ("Heaton 🔥🔥", "{place} may not hold 🔥: use letters, numbers, spaces and"),
        ("Heaton <b>now</b>", "{place} may not hold < >: use letters"),
    ],
)
def test_a_blank_stays_short_and_plain(value: str, reason: str) -> None:
    with pytest.raises(BlankRefused) as refused:
        fill(AREA, {"place": value})
    assert any(found.startswith(reason) for found in refused.value.reasons), refused.value.reasons


ATTACKS = ["Heaton", " ", ".", "/", ":", "@", "#", "\n", "\r", "\t", "http", "www", "com", "uk", "ly", "bit", "x", "-"]


@given(
    st.one_of(
        st.text(max_size=80),
        st.lists(st.sampled_from(ATTACKS), max_size=12).map("".join),
    )
)
def test_a_filled_blank_never_adds_a_link_a_handle_a_hashtag_or_a_line(value: str) -> None:
    for template in [AREA, *NORTHSHIRE.values()]:
        try:
            text = fill(template, dict.fromkeys(template.blanks, value))
        except BlankRefused:
            continue
        assert find_links(text) == find_links(template.text)
        for mark in ("@", "#", "://", "\n", "\r"):
            assert text.count(mark) == template.text.count(mark)
        assert text.isprintable()


def test_northshire_holding_statements_are_valid_and_fit_every_platform_they_may_go_on() -> None:
    assert set(NORTHSHIRE) == {"incident-in-area", "road-closed", "unverified-reports"}
    for template in NORTHSHIRE.values():
        assert text_problems(template.text) == []
        assert template.approved_by and template.approved_on
        longest = fill(template, dict.fromkeys(template.blanks, "W" * MAX_BLANK))
        accounts = tuple(Account(platform, "NorthshirePolice") for platform in template.platforms)
        spec = PostSpec(texts=dict.fromkeys(template.platforms, longest), accounts=accounts, template=template.name)
        assert problems(spec, now=NOW, known_accounts=set(accounts)) == [], template.name


def test_the_settings_name_the_field_of_every_bad_holding_statement(tmp_path: Path) -> None:
    path = tmp_path / "force.toml"
    path.write_text(
        example_path().read_text(encoding="utf-8")
        + """
[[holding_statements]]
name = "road-closed"
title = "Twice"
text = "Closed near { place } and {Place}."
approved_by = "Head of Comms"
approved_on = "2026-01-12"

[[holding_statements]]
name = "Bad Name"
title = ""
text = "  "
approved_by = ""
approved_on = "last week"
platforms = ["youtube"]
""",
        encoding="utf-8",
    )
    settings, found = check(path, environ={})
    assert settings is not None
    lines = path.read_text(encoding="utf-8").splitlines()
    by_field: dict[str, list[str]] = {}
    for problem in found:
        by_field.setdefault(problem.field, []).append(problem.message)
        assert problem.line is not None and problem.file == str(path)
        assert lines[problem.line - 1].lstrip().startswith(problem.field.rsplit(".", 1)[-1].split("[")[0])
    assert by_field == {
        "holding_statements[3].name": ["'road-closed' appears twice"],
        "holding_statements[3].text": [
            "unknown blank syntax '{ place }': write a blank as {place} (lower-case letters, digits and _)",
            "unknown blank syntax '{Place}': write a blank as {place} (lower-case letters, digits and _)",
        ],
        "holding_statements[4].name": ["'Bad Name': use lower-case letters, digits and hyphens"],
        "holding_statements[4].title": ["empty: say what the statement is for"],
        "holding_statements[4].text": ["empty: write the approved wording, with blanks such as {place}"],
        "holding_statements[4].approved_by": ["empty: who approved the wording?"],
        "holding_statements[4].approved_on": ["'last week' is not a date: write 2026-01-31"],
        "holding_statements[4].platforms[0]": ["'youtube': a holding statement goes on x or facebook"],
    }


@pytest.mark.parametrize("text", ["Closed near {place", "Closed near place}", "Closed near {}", "Closed near {0}"])
def test_unknown_blank_syntax_is_named(text: str) -> None:
    (problem,) = text_problems(text)
    assert problem.startswith("unknown blank syntax")
