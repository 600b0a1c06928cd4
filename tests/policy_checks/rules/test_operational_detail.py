"""operational-detail: no future operations, sources or whereabouts."""

import pytest

RULE = "operational-detail"


@pytest.mark.parametrize(
    "text",
    [
        "We will be executing drugs warrants in Harehills tomorrow morning.",
        "Undercover officers will be in Bradford city centre tonight.",
        "Thanks to an informant, we know who is dealing in Seacroft.",
        "The witness is now staying with relatives in Huddersfield.",
        "The victim has been moved to a safe house.",
        "PC Dawson lives on Oak Road in Ossett.",
    ],
)
def test_operational_detail_blocks(findings, text: str) -> None:
    found = findings(text, RULE)
    assert found and all(f.severity == "block" for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "Officers executed drugs warrants in Harehills this morning. Three people were arrested.",
        "Officers will be carrying out speed checks on the A650 this week.",
        "The M62 will be closed between junctions 25 and 26 on Sunday for repairs.",
        "A covert operation in Dewsbury has led to 12 arrests.",
        "The victim is in hospital in a stable condition.",
        "Officers will be at Morley market on Saturday from 10am.",
    ],
)
def test_announced_and_past_activity_passes(findings, text: str) -> None:
    assert findings(text, RULE) == []


def test_the_span_is_the_operation(flagged) -> None:
    text = "Our surveillance team will be watching the car park next week."
    assert flagged(text, RULE) == ["surveillance team"]


def test_cctv_and_the_word_following_are_not_operations(findings) -> None:
    text = (
        "New CCTV surveillance cameras will be installed in the park next month. "
        "Following the suspect's arrest, he will appear in court tomorrow."
    )
    assert findings(text, RULE) == []
