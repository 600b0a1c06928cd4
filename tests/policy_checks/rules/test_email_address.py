"""email-address: personal addresses block, the force's own pass."""

RULE = "email-address"


def test_a_webmail_address_blocks(findings) -> None:
    text = "Email the finder at sarah.k.lewis@gmail.com."
    [found] = findings(text, RULE)
    assert found.severity == "block"
    assert text[found.start : found.end] == "sarah.k.lewis@gmail.com"


def test_another_organisations_address_warns(findings) -> None:
    [found] = findings("Write to dave@daveseventsltd.co.uk.", RULE)
    assert found.severity == "warn"


def test_police_and_council_addresses_pass(findings) -> None:
    text = "Email leeds.npt@westyorkshire.police.uk or licensing@leeds.gov.uk."
    assert findings(text, RULE) == []


def test_handles_are_not_email_addresses(findings) -> None:
    assert findings("Follow @WYP_LeedsNorth for updates.", RULE) == []
