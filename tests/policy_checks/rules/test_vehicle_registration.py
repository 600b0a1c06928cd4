"""vehicle-registration: a note, never a block (appeals use registrations)."""

RULE = "vehicle-registration"


def test_a_registration_is_noted(findings) -> None:
    text = "A black Audi A3, registration YX19 KLM, failed to stop."
    [found] = findings(text, RULE)
    assert found.severity == "info"
    assert text[found.start : found.end] == "YX19 KLM"


def test_an_appeal_with_a_registration_still_passes(checker) -> None:
    from policy_checks.engine import Draft, verdict

    text = "Have you seen this car? A silver Ford Focus, BD68 TRW. Call 101 quoting log 1234."
    assert verdict(checker.check(Draft(text))) == "pass"


def test_road_numbers_and_postcodes_are_not_registrations(findings) -> None:
    assert findings("The A61, the M62 and LS1 4AP.", RULE) == []
