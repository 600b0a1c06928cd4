"""home-address: a house number and street identify a home."""

from policy_checks.settings import PolicySettings

RULE = "home-address"


def test_a_house_number_and_street_block(findings) -> None:
    text = "The victim, who lives at 27 Mill Lane, Dewsbury, was not hurt."
    [found] = findings(text, RULE)
    assert found.severity == "block"
    assert text[found.start : found.end] == "27 Mill Lane"
    assert found.suggestion == "Give the street without the number: 'Mill Lane'."


def test_a_flat_number_is_part_of_the_address(flagged) -> None:
    assert flagged("Officers attended Flat 3, 45 Victoria Street, Morley.", RULE) == ["Flat 3, 45 Victoria Street"]


def test_a_street_without_a_number_passes(findings) -> None:
    assert findings("Kyle Barnes, 28, of Harehills Lane, Leeds, has been charged.", RULE) == []


def test_a_house_number_in_a_charge_announcement_blocks(findings) -> None:
    [found] = findings("Kyle Barnes, 28, of 66 Harehills Lane, Leeds, has been charged.", RULE)
    assert found.severity == "block"
    assert "Street and town are enough" in found.message


def test_a_business_address_only_warns(findings) -> None:
    [found] = findings("A burglary at the Co-op at 12 High Street is being investigated.", RULE)
    assert found.severity == "warn"


def test_the_forces_own_address_passes(findings) -> None:
    own = PolicySettings.from_mapping({"own_addresses": ["1 Laburnum Road, Wakefield"]})
    text = "Our headquarters at 1 Laburnum Road, Wakefield, is open to visitors."
    assert findings(text, RULE, settings=own) == []


def test_roads_junctions_and_times_pass(findings) -> None:
    text = "The M1 at junction 42: 3 lanes closed. We were called at 2.15pm to Station Road."
    assert findings(text, RULE) == []
