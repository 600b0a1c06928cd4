"""reading-age: advice when a post needs more than about a 12-year-old's reading."""

from policy_checks.rules.plain_language import reading_age, syllables

RULE = "reading-age"


def test_officialese_gets_a_note(findings) -> None:
    text = (
        "Notwithstanding the aforementioned considerations, the constabulary wishes to emphasise "
        "that comprehensive investigative procedures are being conducted in accordance with "
        "established operational protocols, and information will be disseminated subsequently."
    )
    [found] = findings(text, RULE)
    assert found.severity == "info"
    assert "Reading age" in found.message


def test_plain_short_sentences_pass(findings) -> None:
    text = (
        "A man has been hurt in a crash on the A61. The road is closed. Please find another way. "
        "We will tell you when it opens again. Thank you for your help."
    )
    assert findings(text, RULE) == []


def test_short_posts_are_not_scored() -> None:
    assert reading_age("Road closed.") is None


def test_syllables_are_roughly_right() -> None:
    assert syllables("police") == 2
    assert syllables("investigation") == 5
    assert syllables("the") == 1
