"""insult: describe what people did, not what they are."""

RULE = "insult"


def test_name_calling_warns(findings) -> None:
    text = "To the idiot who parked across the ambulance bay: you have been reported."
    [found] = findings(text, RULE)
    assert found.severity == "warn"
    assert text[found.start : found.end] == "idiot"


def test_several_insults_are_each_flagged(flagged) -> None:
    assert flagged("The pathetic losers who did this will be found.", RULE) == [
        "pathetic",
        "losers",
    ]


def test_neutral_wording_passes(findings) -> None:
    assert findings("To the driver who parked across the ambulance bay: reported.", RULE) == []
