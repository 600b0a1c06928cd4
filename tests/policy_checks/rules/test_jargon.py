"""jargon: police jargon, flagged with its plain form."""

import pytest

from policy_checks.settings import PolicySettings

RULE = "jargon"


@pytest.mark.parametrize(
    "text, term, plain",
    [
        ("The road is closed after an RTC.", "RTC", "crash"),
        ("Officers are searching for a misper.", "misper", "missing person"),
        ("Thanks to the MOP who called us.", "MOP", "member of the public"),
        ("Cash was seized under POCA.", "POCA", "the Proceeds of Crime Act"),
        ("A male was seen near parked cars.", "A male", "A man"),
        ("Two males were apprehended.", "Two males", "Two men"),
    ],
)
def test_jargon_warns_with_the_plain_form(findings, text: str, term: str, plain: str) -> None:
    found = [f for f in findings(text, RULE) if text[f.start : f.end] == term]
    assert found, f"{term!r} not flagged"
    assert found[0].severity == "warn"
    assert found[0].suggestion == plain


def test_ic_codes_are_flagged(flagged) -> None:
    assert flagged("The suspect is described as IC1.", RULE) == ["IC1"]


def test_the_forces_own_jargon_is_added(findings) -> None:
    settings = PolicySettings.from_mapping({"jargon": {"TWOC'd": "taken without consent"}})
    found = findings("The car was TWOC'd overnight.", RULE, settings=settings)
    assert [f.suggestion for f in found] == ["taken without consent"]


def test_plain_words_and_ordinary_uses_pass(findings) -> None:
    text = "A woman was taken to hospital. We are recruiting male and female officers. Mop and bucket!"
    assert findings(text, RULE) == []
