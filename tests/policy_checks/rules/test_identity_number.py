"""identity-number: NI, NHS, driving licence and passport numbers."""

RULE = "identity-number"


def test_a_national_insurance_number_blocks(findings) -> None:
    text = "The card showed National Insurance number QQ 12 34 56 C."
    [found] = findings(text, RULE)
    assert found.severity == "block"
    assert text[found.start : found.end] == "QQ 12 34 56 C"


def test_a_valid_nhs_number_blocks(flagged) -> None:
    assert flagged("NHS number 943 476 5919.", RULE) == ["943 476 5919"]


def test_an_nhs_number_with_a_bad_check_digit_is_not_one(findings) -> None:
    assert findings("Reference 943 476 5910.", RULE) == []


def test_a_driving_licence_number_blocks(flagged) -> None:
    assert flagged("Licence MORGA657054SM9IJ was handed in.", RULE) == ["MORGA657054SM9IJ"]


def test_a_passport_number_blocks(flagged) -> None:
    assert flagged("Found: a passport, number 123456789.", RULE) == ["123456789"]


def test_crime_references_pass(findings) -> None:
    assert findings("Call 101 quoting crime reference 13240123456.", RULE) == []
