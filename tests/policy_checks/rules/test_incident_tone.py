"""incident-tone: hold routine and upbeat posts during a critical incident."""

RULE = "incident-tone"


def test_a_jokey_post_warns_in_incident_mode(findings) -> None:
    found = findings("Meet PD Bruno! Our newest police pup 🐶😂", RULE, incident=True)
    assert found and all(f.severity == "warn" for f in found)


def test_recruitment_warns_in_incident_mode(findings) -> None:
    assert findings("We're hiring! Apply now.", RULE, incident=True)


def test_a_sombre_post_passes(findings) -> None:
    text = "Our thoughts are with everyone affected by today's events."
    assert findings(text, RULE, incident=True) == []


def test_the_same_post_is_fine_on_an_ordinary_day(findings) -> None:
    assert findings("Meet PD Bruno! Our newest police pup 🐶😂", RULE) == []
