"""sexual-offence-complainant: nothing that identifies a complainant, ever."""

import pytest

RULE = "sexual-offence-complainant"


def test_the_relationship_to_the_accused_is_jigsaw_identification(flagged) -> None:
    text = "A man has been charged with raping his stepdaughter in Halifax."
    assert flagged(text, RULE) == ["his stepdaughter"]


def test_naming_the_complainant_blocks(findings) -> None:
    text = "A 39-year-old man has been charged with sexual assault after Chloe Barker was attacked."
    [found] = findings(text, RULE)
    assert found.severity == "block"
    assert text[found.start : found.end] == "Chloe Barker"


def test_the_complainants_school_blocks(flagged) -> None:
    text = "A teacher has been charged with sexual activity with a child, a pupil at Heath Grange Academy."
    [span] = flagged(text, RULE)
    assert span.endswith("pupil at Heath Grange Academy")


def test_the_complainants_workplace_blocks(flagged) -> None:
    text = "A man has been charged with rape. The victim, who works at the Co-op, was attacked."
    assert len(flagged(text, RULE)) == 1


def test_naming_the_charged_man_passes(findings) -> None:
    text = "Mark Dyson, 44, of Halifax, has been charged with rape and will appear in court."
    assert findings(text, RULE) == []


def test_an_officer_quoted_in_a_rape_post_passes(findings) -> None:
    text = (
        "Roger Wainwright, 61, of Skipton, was jailed for sexual offences against children. "
        "Detective Constable Claire Moss said the victims had shown incredible bravery."
    )
    assert findings(text, RULE) == []


def test_posts_that_are_not_about_sexual_offences_are_not_checked(findings) -> None:
    assert findings("Tributes have been paid to Graham Ellis, who died on Sunday.", RULE) == []


def test_advice_to_parents_about_grooming_is_not_identification(findings) -> None:
    text = "Parents: talk to their children about online grooming of young people. Dog grooming too."
    assert findings(text, RULE) == []


# --- the complainant's role in the sentence, not where the name sits -----------------------------


def test_the_complainant_as_object_of_a_charge_blocks(findings) -> None:
    """The review's first miss: 'charged with raping X' read X as the person charged."""
    text = "A man has been charged with raping Sarah Jones in Byker."
    [found] = findings(text, RULE)
    assert found.severity == "block"
    assert text[found.start : found.end] == "Sarah Jones"
    assert "lifelong anonymity" in found.message


def test_an_age_and_address_apposition_does_not_hide_the_complainant(findings) -> None:
    """The review's second miss: 'X, 34, of Byker Road,' looks like a charge announcement, but the
    same sentence calls her the victim."""
    text = (
        "Sarah Jones, 34, of Byker Road, the victim of the rape, told officers she was attacked. "
        "Call me on 07700 900123"
    )
    found = findings(text, RULE)
    assert [(f.severity, text[f.start : f.end]) for f in found] == [("block", "Sarah Jones")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the object of an offence verb or noun
        ("Daniel Reid, 29, of Walker, has been charged with raping Sarah Jones in Byker.", "Sarah Jones"),
        ("A man from Gateshead has been charged with sexually assaulting Emma Clarke at a bus stop.", "Emma Clarke"),
        ("A man has been remanded in custody charged with the rape of Megan Hughes, 22.", "Megan Hughes"),
        (
            "A man has been charged in connection with the sexual assault on Megan Reilly in Saltwell Park.",
            "Megan Reilly",
        ),
        ("Gary Hall, 47, has been charged with indecent assault against Rebecca Moore in 1999.", "Rebecca Moore"),
        ("Mark Todd, 31, is charged with indecently exposing himself to Olivia Bennett on a train.", "Olivia Bennett"),
        ("A man who groomed Ellie Foster online has been jailed for six years.", "Ellie Foster"),
        (
            "A taxi driver has been charged with sexually assaulting a passenger, Laura Bell, in Sunderland.",
            "Laura Bell",
        ),
        ("Detectives have charged a man with the attempted rape of student Katie Bell in Jesmond.", "Katie Bell"),
        ("Anthony Lee, 39, pleaded guilty to inciting Grace Hill, 13, to engage in sexual activity.", "Grace Hill"),
        (
            "Nathan Cole, 25, is accused of sexually assaulting three women, including Holly Grant, in Durham.",
            "Holly Grant",
        ),
        # passive, reported, relative clause
        ("Emma Clarke, 19, was sexually assaulted as she walked home through Leazes Park.", "Emma Clarke"),
        ("Officers arrested a man after Natalie Cook, 22, reported she had been raped in Fenham.", "Natalie Cook"),
        (
            "Lucy Armstrong, who reported being sexually assaulted on a Metro train, has been kept updated.",
            "Lucy Armstrong",
        ),
        ("Our thoughts are with Katie Brown, who was raped in Gosforth last week.", "Katie Brown"),
        ("Officers are supporting Becky Lowe after she was indecently assaulted on a Metro train.", "Becky Lowe"),
        # victim nouns, either side
        (
            "A man has been charged with rape. The victim, Chloe Wilson, 27, is being supported by officers.",
            "Chloe Wilson",
        ),
        ("Sexual assault victim Amy Walsh has thanked the public for sharing our appeal.", "Amy Walsh"),
        ("Chantelle Ross, 24, was the victim of a sexual assault in a nightclub in Sunderland.", "Chantelle Ross"),
        (
            "A man has been charged after a rape in Byker. The woman, named locally as Sarah Jones, is recovering.",
            "Sarah Jones",
        ),
        # possessives and back-references
        ("Jade Robson's attacker has been jailed for eight years for rape.", "Jade Robson"),
        ("Sarah Jones's stepfather has been charged with raping her.", "Sarah Jones"),
        ("Abigail Price bravely gave evidence against the man who raped her.", "Abigail Price"),
        # the entity model misses a lone first name, or calls it a place
        ("A man has been charged after Olivia, 16, was sexually assaulted in a park in Consett.", "Olivia"),
    ],
)
def test_a_named_complainant_blocks(flagged, findings, text: str, name: str) -> None:
    assert name in flagged(text, RULE)
    assert all(f.severity == "block" for f in findings(text, RULE))


def test_every_complainant_in_a_list_is_caught(flagged) -> None:
    text = "Kevin Marsh, 44, of Gateshead, denies raping Sarah Jones and Laura Bell at his flat in 2019."
    assert flagged(text, RULE) == ["Sarah Jones", "Laura Bell"]


@pytest.mark.parametrize(
    "text",
    [
        "John Smith, 45, of Heaton, has been charged with rape.",
        "A man has been charged with the rape of a woman in Byker. John Smith, 45, of Heaton, will appear in court.",
        "Smith raped a woman he met in a bar in Newcastle city centre, the court heard. He was jailed for nine years.",
        "Officers investigating the rape of a woman in Byker have charged Darren Shaw, 41, of Walker.",
        "Following the rape of a woman in Byker, Jamie Reed, 27, of Shieldfield, has been charged and remanded.",
        "A man accused of raping a woman in Heaton has been named as Connor Walsh, 27, of Gosforth.",
        "Officers have charged Michael Fox, 39, and Dean Rowe, 42, both of Middlesbrough, with rape.",
        "Charged: Liam Kerr, 33, of Wallsend, is accused of sexually assaulting a woman on a Metro train.",
        "Craig Young's victim said in a statement read to the court that she still struggles to sleep.",
        "Sarah Jones, 34, of Byker Road, Newcastle, has been charged with sexual activity with a child.",
        "John Smith, 45, of Heaton, who was injured during his arrest, has been charged with rape.",
        "Ms Ward, prosecuting, said the woman had been left terrified. Liam Grey, 31, was jailed for rape.",
        "Defending, Victoria Lamb said her client had shown genuine remorse. Dale Hewitt, 41, was jailed for rape.",
        "Judge Sarah Mallett jailed Adam Rowe, 30, for eight years for the rape of a woman in Durham.",
    ],
)
def test_naming_the_accused_passes(findings, text: str) -> None:
    assert findings(text, RULE) == []


@pytest.mark.parametrize(
    "text",
    [
        "A woman was sexually assaulted in Jesmond; officers are appealing for witnesses.",
        "Support for victims of sexual violence is available from Rape Crisis and from our Victim Care Unit.",
        "Sarah's Law lets parents ask police if someone with access to their child has a record for child "
        "sexual offences.",
        "A woman was sexually assaulted on Shields Road, Byker, at about 1am on Sunday. Call 101 quoting log 221.",
        "The 23-year-old woman, who was sexually assaulted on Osborne Road, is being supported by officers.",
    ],
)
def test_posts_that_name_no_complainant_pass(findings, text: str) -> None:
    assert findings(text, RULE) == []


# --- partial ('jigsaw') identification -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        (
            "A 52-year-old man has been charged with raping his 15-year-old stepdaughter.",
            "his 15-year-old stepdaughter",
        ),
        (
            "Alan Pratt, 58, is charged with sexual offences against his then 12-year-old granddaughter.",
            "his then 12-year-old granddaughter",
        ),
        (
            "A 19-year-old woman was raped at her home on Chillingham Road, Heaton, on Sunday.",
            "woman was raped at her home on Chillingham Road",
        ),
        (
            "A man has been charged with rape. The victim's mother, Julie Dodds, said the family were relieved.",
            "victim's mother, Julie Dodds",
        ),
        (
            "A man is charged with sexual assault. The victim, a 31-year-old carer at Lambton Lodge, was not hurt.",
            "victim, a 31-year-old carer at Lambton",
        ),
    ],
)
def test_detail_that_identifies_the_complainant_blocks(flagged, text: str, span: str) -> None:
    assert flagged(text, RULE) == [span]


def test_a_relationship_that_is_not_the_complainants_passes(findings) -> None:
    text = "Craig Dunn, 38, has been charged with rape. He was arrested at his mother's home in Blyth."
    assert findings(text, RULE) == []


# --- warnings, not blocks ------------------------------------------------------------------------


def test_a_complainant_who_died_is_a_warning(findings) -> None:
    text = "Peter Cole, 49, has pleaded guilty to the kidnap, rape and murder of Kerry Nolan in Gateshead."
    [found] = findings(text, RULE)
    assert (found.severity, text[found.start : found.end]) == ("warn", "Kerry Nolan")
    assert "ends at death" in found.message


def test_a_homicide_victim_in_a_sentence_without_the_sexual_offence_is_not_the_complainant(findings) -> None:
    text = (
        "Officers investigating the murder of Tony Marsh in Walker have charged a 34-year-old man. He is also "
        "charged with the rape of a woman, who cannot be named for legal reasons."
    )
    assert findings(text, RULE) == []


def test_a_written_waiver_turns_the_block_into_a_check(findings) -> None:
    text = "Rape survivor Jane Smith has waived her right to anonymity to support our #NoExcuse campaign."
    [found] = findings(text, RULE)
    assert found.severity == "warn"
    assert "in writing" in found.message


def test_a_full_name_whose_part_is_unclear_is_a_warning(findings) -> None:
    text = "A man has been charged with attempted rape. Officers would like to speak to Tom Green."
    [found] = findings(text, RULE)
    assert (found.severity, text[found.start : found.end]) == ("warn", "Tom Green")


def test_the_complainant_described_by_what_was_done_to_them_blocks(flagged) -> None:
    text = "A man has been charged with rape. The woman he attacked, Sarah Jones, has been praised for her courage."
    assert flagged(text, RULE) == ["Sarah Jones"]


def test_the_relationship_said_the_other_way_round_blocks(flagged) -> None:
    text = "Kevin Marsh, 44, the uncle of the girl he abused, has been jailed for ten years for sexual offences."
    assert flagged(text, RULE) == ["the uncle of the girl"]
    text = "A man has been jailed for rape. The mother of the victim said the family could now begin to move on."
    assert flagged(text, RULE) == []
