"""arrest-named: at arrest, no name without a recorded reason."""

RULE = "arrest-named"


def test_naming_someone_arrested_warns(findings) -> None:
    text = "Officers have arrested Darren Pickles, 34, of Leeds, on suspicion of burglary."
    [found] = findings(text, RULE)
    assert found.severity == "warn"
    assert text[found.start : found.end] == "Darren Pickles"
    assert found.suggestion and "34-year-old" in found.suggestion


def test_naming_after_charge_passes(findings) -> None:
    text = "Darren Pickles, 34, of Leeds, has been arrested and charged with burglary."
    assert findings(text, RULE) == []


def test_describing_the_person_passes(findings) -> None:
    assert findings("A 34-year-old man from Leeds has been arrested.", RULE) == []


def test_a_quoted_officer_is_not_the_arrested_person(findings) -> None:
    text = "Detective Sergeant Rachel Owen said: 'We have arrested a man and he remains in custody.'"
    assert findings(text, RULE) == []


def test_a_wanted_person_warning_is_a_recorded_exception(findings) -> None:
    text = "Lee Gardner, 30, was arrested but escaped from custody. He is dangerous: do not approach."
    assert findings(text, RULE) == []


def test_the_victim_of_the_offence_is_not_the_arrested_person(findings) -> None:
    """'arrested for attacking John Smith': Smith is the one attacked, not the one arrested."""
    assert findings("A man has been arrested for attacking John Smith in Leeds.", RULE) == []


def test_a_remand_by_magistrates_means_the_person_is_charged(findings) -> None:
    text = "A man accused of robbery has been named as Connor Walsh, 27. He was remanded in custody by magistrates."
    assert findings(text, RULE) == []
