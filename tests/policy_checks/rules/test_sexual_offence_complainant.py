"""sexual-offence-complainant: nothing that identifies a complainant, ever."""

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
