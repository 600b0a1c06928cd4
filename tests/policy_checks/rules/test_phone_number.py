"""phone-number: private numbers block, official lines pass."""

from policy_checks.settings import PolicySettings

RULE = "phone-number"


def test_a_mobile_number_blocks(findings) -> None:
    text = "Please ring the owner on 07911 123456."
    [found] = findings(text, RULE)
    assert found.severity == "block"
    assert text[found.start : found.end] == "07911 123456"


def test_an_international_format_mobile_blocks(flagged) -> None:
    assert flagged("Text him on +44 7700 900123.", RULE) == ["+44 7700 900123"]


def test_full_width_digits_are_still_a_number(flagged) -> None:
    assert flagged("Call ０７７００ ９００４６１.", RULE) == ["０７７００ ９００４６１"]


def test_a_landline_warns_until_the_force_lists_it(findings) -> None:
    text = "Call the team on 0113 496 0123."
    [found] = findings(text, RULE)
    assert found.severity == "warn"
    own = PolicySettings.from_mapping({"own_phone_numbers": ["0113 496 0123"]})
    assert findings(text, RULE, settings=own) == []


def test_police_and_national_numbers_pass(findings) -> None:
    text = (
        "Call 101, 999 in an emergency, Crimestoppers on 0800 555 111, Action Fraud on "
        "0300 123 2040 or the helpline on 0808 2000 247."
    )
    assert findings(text, RULE) == []


def test_log_and_crime_reference_numbers_pass(findings) -> None:
    text = "Call 101 quoting log 0456 of 12/03/2024 or crime reference 13240123456 or 14/123456/24."
    assert findings(text, RULE) == []


def test_an_officers_mobile_only_warns(findings) -> None:
    [found] = findings("You can text PCSO Amir Khan on 07700 900456 with local concerns.", RULE)
    assert found.severity == "warn"
    assert "work phone" in found.message
