"""incident-casualties: only verified figures, names only after next of kin are told."""

RULE = "incident-casualties"


def test_unverified_figures_block_in_incident_mode(findings) -> None:
    text = "We are hearing reports that up to 12 people have died in the explosion."
    [found] = findings(text, RULE, incident=True)
    assert found.severity == "block"
    assert "up to 12 people have died" in text[found.start : found.end]


def test_bare_figures_ask_for_confirmation(findings) -> None:
    [found] = findings("Three people have died following the incident.", RULE, incident=True)
    assert found.severity == "warn"


def test_a_named_casualty_before_next_of_kin_blocks(flagged) -> None:
    text = "Sadly Jane Whitworth, 34, was killed in the attack at the station."
    assert flagged(text, RULE, incident=True) == ["Jane Whitworth"]


def test_a_named_casualty_after_next_of_kin_passes(findings) -> None:
    text = "Sadly Jane Whitworth, 34, died in the attack. Her family have been informed."
    assert findings(text, RULE, incident=True) == []


def test_nothing_is_checked_outside_incident_mode(findings) -> None:
    assert findings("Up to 12 people are believed to have died.", RULE) == []
