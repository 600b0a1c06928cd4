"""contempt-of-court: once proceedings are active, nothing prejudicial."""

RULE = "contempt-of-court"


def test_previous_convictions_after_a_charge_block(findings) -> None:
    text = "Darren Moss, 29, has been charged with burglary. He has previous convictions for theft."
    [found] = findings(text, RULE)
    assert found.severity == "block"
    assert text[found.start : found.end] == "has previous convictions"
    assert "contempt" in found.message


def test_calling_the_arrested_man_the_killer_blocks(flagged) -> None:
    assert flagged("We have arrested the killer of Jamie Lord.", RULE) == ["the killer"]


def test_a_confession_after_arrest_blocks(flagged) -> None:
    assert flagged("A man was arrested and confessed to the attack.", RULE) == ["confessed"]


def test_evidence_detail_after_charge_blocks(flagged) -> None:
    text = "A 19-year-old has been charged. DNA evidence links him to the scene."
    assert flagged(text, RULE) == ["evidence links him"]


def test_the_offender_in_custody_blocks(flagged) -> None:
    text = "A man was arrested last night. The attacker remains in police custody."
    assert flagged(text, RULE) == ["The attacker"]


def test_a_proper_charge_announcement_passes(findings) -> None:
    text = (
        "Police have charged Darren Moss, 29, of Bradford with the murder of his neighbour. "
        "He will appear at Bradford Magistrates' Court on Monday."
    )
    assert findings(text, RULE) == []


def test_a_sentencing_post_may_mention_previous_convictions(findings) -> None:
    text = "Jordan Keane, 24, who has 15 previous convictions, was jailed for ten years."
    assert findings(text, RULE) == []


def test_an_appeal_with_no_arrest_may_describe_the_attacker(findings) -> None:
    text = "The attacker is described as white, about 30, wearing a black hoodie. Call 101."
    assert findings(text, RULE) == []


def test_admitted_to_hospital_is_not_an_admission(findings) -> None:
    text = "A man was admitted to hospital. A 19-year-old man has been arrested."
    assert findings(text, RULE) == []


def test_alleged_wording_is_not_prejudice(findings) -> None:
    text = "A man has been charged over the alleged attacker's car being used in the robbery."
    assert findings(text, RULE) == []
