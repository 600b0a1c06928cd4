"""defamation: no stating as fact that an identifiable person or business did wrong."""

import pytest

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


def test_saying_a_named_person_did_it_is_libel(flagged) -> None:
    assert flagged("Sam Turner stole £500 from the tills at his work.", RULE) == ["stole"]
    assert flagged("Craig Dunn attacked his neighbour last week.", RULE) == ["attacked"]


def test_the_victim_of_an_attack_is_not_accused(findings) -> None:
    assert findings("John Smith was walking home when a man attacked him from behind.", RULE) == []
    assert findings("Pensioner Joan Harris, 84, was robbed of her handbag on Monday.", RULE) == []
    assert findings("Our police dog Max stole the show at the open day.", RULE) == []


def test_an_adjective_does_not_hide_the_accusation(flagged) -> None:
    assert flagged("Mark Hill is a dangerous drink driver.", RULE) == ["is a dangerous drink driver"]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The owner of Bargain Booze on Holderness Road is selling alcohol to kids.", "is selling alcohol to kids"),
        ("The Golden Dragon takeaway on Beverley Road is using illegal workers.", "is using illegal"),
        ("Tony's Car Wash on Anlaby Road is run by a gang.", "is run by a gang"),
        ("Everyone knows the lad at number 12 Carr Lane is behind the burglaries.", "is behind the burglaries"),
    ],
)
def test_wrongdoing_by_an_identifiable_business_or_person_is_libel(flagged, text: str, span: str) -> None:
    assert flagged(text, RULE) == [span]


def test_test_purchase_results_with_no_business_named_pass(findings) -> None:
    text = "Test purchases found that two shops in Goole sold alcohol to under-18s. Both have been warned."
    assert findings(text, RULE) == []
