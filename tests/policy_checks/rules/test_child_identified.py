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
