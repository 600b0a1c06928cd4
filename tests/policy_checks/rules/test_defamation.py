"""defamation: no stating as fact that an identifiable person or business did wrong."""

RULE = "defamation"


def test_calling_a_named_man_a_drug_dealer_blocks(findings) -> None:
    text = "Residents tell us Kevin Hardcastle is a drug dealer."
    [found] = findings(text, RULE)
    assert found.severity == "block"
    assert text[found.start : found.end] == "is a drug dealer"


def test_accusing_a_named_business_blocks(flagged) -> None:
    assert flagged("Ahmed's Autos in Dewsbury sells stolen car parts.", RULE) == ["sells stolen"]


def test_the_owner_of_a_named_business_is_identifiable(flagged) -> None:
    text = "Don't buy from Quick Fix Motors in Batley. The owner is a known fraudster."
    assert flagged(text, RULE) == ["is a known fraudster"]


def test_a_charge_is_something_to_rest_on(findings) -> None:
    text = "Kevin Hardcastle, 34, has been charged with supplying cocaine. He is a drug dealer."
    assert findings(text, RULE) == []


def test_generic_warnings_name_nobody(findings) -> None:
    assert findings("Drug dealers are ruining lives. Tell us who is dealing.", RULE) == []
    assert findings("Scammers are pretending to be from HMRC.", RULE) == []


def test_hedged_reports_pass(findings) -> None:
    text = "We have received reports that Kevin Hardcastle is dealing drugs and are looking into it."
    assert findings(text, RULE) == []


def test_a_scam_warning_about_an_organisation_is_not_an_accusation(findings) -> None:
    text = "Action Fraud is the national reporting centre for fraud. This is a scam warning."
    assert findings(text, RULE) == []
