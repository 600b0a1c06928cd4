"""child-identified: under-18s in crime posts are never identified."""

RULE = "child-identified"


def test_a_named_16_year_old_defendant_blocks(findings) -> None:
    text = "Kyle Brook, 16, of Almondbury, will appear at Kirklees Youth Court charged with robbery."
    [found] = findings(text, RULE)
    assert found.severity == "block"
    assert text[found.start : found.end] == "Kyle Brook"
    assert found.suggestion == "Say 'a 16-year-old' without the name."


def test_a_name_after_the_age_is_caught_too(flagged) -> None:
    text = "Officers are investigating after 13-year-old Olivia Sharp was assaulted in a park."
    assert flagged(text, RULE) == ["Olivia Sharp"]


def test_a_child_named_in_the_next_sentence_is_caught(flagged) -> None:
    text = "A 17-year-old has been charged with dangerous driving. Ethan Marsden was bailed."
    assert flagged(text, RULE) == ["Ethan Marsden"]


def test_the_childs_school_blocks(flagged) -> None:
    text = "A 15-year-old boy who attends Rastrick High School has been arrested."
    assert flagged(text, RULE) == ["who attends Rastrick High School"]


def test_an_unnamed_child_passes(findings) -> None:
    text = "A 16-year-old boy, who cannot be named for legal reasons, has been charged with robbery."
    assert findings(text, RULE) == []


def test_an_adult_charged_with_harming_a_child_may_be_named(findings) -> None:
    text = "Dean Howarth, 42, of Batley, has been charged with assaulting a 13-year-old girl."
    assert findings(text, RULE) == []


def test_a_school_visit_is_not_a_crime_post(findings) -> None:
    text = "Officers visited Rastrick High School to talk to Year 9 pupils about knife crime."
    assert findings(text, RULE) == []


def test_names_sharing_an_age_are_both_caught(flagged) -> None:
    text = "Two teenagers, Callum Reid and Josh Barker, both 15, have been arrested after a robbery in Hull."
    assert flagged(text, RULE) == ["Callum Reid", "Josh Barker"]


def test_a_name_in_apposition_to_the_age_is_caught(flagged) -> None:
    assert flagged(
        "A boy has been charged with robbery. The 15-year-old, Tyler Grant, will appear in court.", RULE
    ) == ["Tyler Grant"]
    text = "The 16-year-old victim, named locally as Ellie Marsh, is in hospital. A man has been charged."
    assert flagged(text, RULE) == ["Ellie Marsh"]


def test_a_child_witness_who_told_officers_is_not_a_spokesperson(flagged) -> None:
    text = "A 14-year-old witness, Sophie Clarke, told officers she saw the attack. A man has been charged."
    assert flagged(text, RULE) == ["Sophie Clarke"]


def test_a_school_year_is_an_age(flagged) -> None:
    text = "Lily Evans, a Year 8 pupil, was punched by a group of older girls. Two girls have been arrested."
    assert flagged(text, RULE) == ["Lily Evans"]


def test_a_lone_first_name_with_an_age_is_caught(flagged) -> None:
    assert flagged("Mason, 13, was stabbed in Grimsby on Friday. A 16-year-old boy has been arrested.", RULE) == [
        "Mason"
    ]


def test_a_town_after_the_name_does_not_make_the_child_a_spokesperson(flagged) -> None:
    text = "Police have charged 17-year-old Keira Walsh, of Scunthorpe, with arson."
    assert flagged(text, RULE) == ["Keira Walsh"]


def test_causing_death_by_dangerous_driving_is_not_a_tribute(flagged) -> None:
    text = (
        "A 15-year-old boy has been charged with causing death by dangerous driving. Photos of the boy, "
        "Aaron Hughes, are being shared online."
    )
    assert flagged(text, RULE) == ["Aaron Hughes"]
