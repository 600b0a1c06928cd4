"""watch-word: the force's own list of words to review."""

from policy_checks.settings import PolicySettings

RULE = "watch-word"


def test_a_watch_word_warns(findings) -> None:
    settings = PolicySettings.from_mapping({"watch_words": ["Operation Nightjar"]})
    text = "Update on operation nightjar: more to follow."
    [found] = findings(text, RULE, settings=settings)
    assert found.severity == "warn"
    assert text[found.start : found.end] == "operation nightjar"


def test_watch_words_match_whole_words_only(findings) -> None:
    settings = PolicySettings.from_mapping({"watch_words": ["Larch"]})
    assert findings("The Larches estate is quiet.", RULE, settings=settings) == []


def test_no_watch_words_by_default(findings) -> None:
    assert findings("Operation Nightjar update.", RULE) == []
