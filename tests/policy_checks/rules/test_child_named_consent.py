"""child-named-consent: missing-child appeals and tributes need the family's agreement."""

RULE = "child-named-consent"


def test_a_missing_child_appeal_with_a_name_warns(findings) -> None:
    text = "Have you seen 13-year-old Ellie Thornton? She was last seen in Harehills."
    [found] = findings(text, RULE)
    assert found.severity == "warn"
    assert text[found.start : found.end] == "Ellie Thornton"
    assert "consent" in found.message


def test_a_first_name_and_a_later_age_are_linked(flagged) -> None:
    text = "Can you help us find Amelia? The 12-year-old has been missing since last night."
    assert flagged(text, RULE) == ["Amelia"]


def test_a_tribute_to_a_child_warns(flagged) -> None:
    text = "Tributes have been paid to 16-year-old Callum Riley, who died after a collision."
    assert flagged(text, RULE) == ["Callum Riley"]


def test_a_missing_adult_passes(findings) -> None:
    assert findings("Missing man Paul Greenwood, 39, has been found safe and well.", RULE) == []


def test_a_missing_child_appeal_without_a_name_passes(findings) -> None:
    text = "We are concerned for a 15-year-old boy who is missing from Halifax."
    assert findings(text, RULE) == []
