"""date-of-birth: give an age, never a date of birth."""

RULE = "date-of-birth"


def test_dob_blocks(findings) -> None:
    text = "Missing: Gary Lister, DOB 12/03/1966, last seen in Morley."
    [found] = findings(text, RULE)
    assert found.severity == "block"
    assert text[found.start : found.end] == "DOB 12/03/1966"


def test_written_dates_of_birth_block(flagged) -> None:
    assert flagged("He was born on 22nd February 1985.", RULE) == ["born on 22nd February 1985"]
    assert flagged("Date of birth: 4 July 1991.", RULE) == ["Date of birth: 4 July 1991"]


def test_a_baby_born_on_the_motorway_passes(findings) -> None:
    assert findings("A baby was born on the M62 this morning!", RULE) == []


def test_the_date_of_an_incident_passes(findings) -> None:
    assert findings("The incident happened on 22nd February 2024 at about 3pm.", RULE) == []
