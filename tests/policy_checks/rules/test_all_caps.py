"""all-caps: sentences in capitals read as shouting."""

RULE = "all-caps"


def test_a_shouted_sentence_is_noted(findings) -> None:
    text = "PLEASE DO NOT DRINK AND DRIVE THIS WEEKEND. It is not worth it."
    [found] = findings(text, RULE)
    assert found.severity == "info"
    assert text[found.start : found.end] == "PLEASE DO NOT DRINK AND DRIVE THIS WEEKEND."


def test_short_labels_pass(findings) -> None:
    assert findings("ROAD CLOSED | The A61 is shut. UPDATE: Gary has been found.", RULE) == []
