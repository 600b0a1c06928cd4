"""abuse: slurs and profanity block, however disguised; place names are safe."""

import pytest

RULE = "abuse"


@pytest.mark.parametrize(
    "text, word",
    [
        ("What a shit night.", "shit"),
        ("Don't be a twat.", "twat"),
        ("Some f*cking idiot left a trolley.", "f*cking"),
        ("This sh1t has got to stop.", "sh1t"),
        ("Another f\u200buck\u200bing crash.", "f\u200buck\u200bing"),
        ("Stop acting like a retard.", "retard"),
    ],
)
def test_profanity_and_slurs_block(findings, text: str, word: str) -> None:
    [found] = findings(text, RULE)
    assert found.severity == "block"
    assert text[found.start : found.end] == word


@pytest.mark.parametrize(
    "text",
    [
        "Scunthorpe and Penistone officers worked together.",
        "Fag butts are litter: please use the bins.",
        "Gypsy, Roma and Traveller History Month starts today.",
        "Dyke Road in Brighouse is closed.",
        "The cocktail bar on Call Lane was broken into.",
    ],
)
def test_innocent_words_pass(findings, text: str) -> None:
    assert findings(text, RULE) == []


def test_a_dog_is_not_abuse_and_a_slag_heap_is_not_a_slur(findings) -> None:
    text = "The stolen dog is a two-year-old black Labrador bitch. A fire on the slag heap is out."
    assert findings(text, RULE) == []
