"""incident-speculation: no guessing at cause or motive during an incident."""

RULE = "incident-speculation"


def test_guessing_at_terrorism_blocks(findings) -> None:
    text = "The explosion is believed to be terror-related."
    [found] = findings(text, RULE, incident=True)
    assert found.severity == "block"
    assert found.suggestion


def test_guessing_at_a_cause_blocks(findings) -> None:
    assert findings("The fire may have been started deliberately.", RULE, incident=True)


def test_a_declared_terrorist_incident_is_not_speculation(findings) -> None:
    text = "This is being treated as a terrorist incident."
    assert findings(text, RULE, incident=True) == []


def test_asking_people_not_to_speculate_passes(findings) -> None:
    text = "We would ask people not to speculate about the cause."
    assert findings(text, RULE, incident=True) == []


def test_outside_incident_mode_nothing_is_checked(findings) -> None:
    assert findings("The fire may have been started deliberately.", RULE) == []
