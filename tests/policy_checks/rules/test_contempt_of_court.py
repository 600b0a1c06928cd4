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


def test_a_past_conviction_does_not_end_the_proceedings(flagged) -> None:
    """'convicted' in 'previously convicted' is past offending to report, not this case's verdict."""
    text = "Dean Hall, 35, has been charged with burglary. He was previously convicted of burglary in 2019."
    assert flagged(text, RULE) == ["previously convicted"]


def test_being_on_licence_is_past_offending(flagged) -> None:
    text = "Jordan Price, 24, has been charged with murder. Price was on licence after serving a sentence for wounding."
    assert flagged(text, RULE) == ["was on licence", "after serving a sentence"]


def test_a_recall_appeal_may_say_the_person_is_on_licence(findings) -> None:
    text = "Wanted: Lee Dunn, 41, is wanted on recall to prison after breaching the conditions of his licence."
    assert findings(text, RULE) == []


def test_a_quoted_admission_is_an_admission(flagged) -> None:
    text = "The 28-year-old man charged over the stabbing told officers at the scene: 'I did it, I stabbed him.'"
    assert flagged(text, RULE) == ["told officers at the scene: 'I did it"]


def test_calling_the_arrested_person_the_one_responsible_blocks(flagged) -> None:
    text = "Officers have arrested the driver responsible for the hit-and-run that killed a cyclist."
    assert flagged(text, RULE) == ["arrested the driver responsible for"]


def test_footage_that_shows_him_is_evidence_even_with_a_clause_between(flagged) -> None:
    text = (
        "Mark Ellis, 45, is charged with GBH. Footage of the attack, which we share below, shows him kicking the man."
    )
    assert flagged(text, RULE) == ["Footage of the attack, which we share below, shows him"]


def test_a_named_person_called_a_thug_blocks_but_a_criminal_offence_does_not(flagged) -> None:
    assert flagged("Tyler Shaw, 22, is wanted for robbery. Shaw is a violent thug.", RULE) == ["Shaw is a violent thug"]
    assert flagged("It is a criminal offence to drive uninsured. A man has been arrested.", RULE) == []


def test_charged_after_doing_it_is_a_warning(findings) -> None:
    text = "A 31-year-old woman has been charged with fraud after stealing £50,000 from her employer."
    [found] = findings(text, RULE)
    assert (found.severity, text[found.start : found.end]) == ("warn", "stealing")
