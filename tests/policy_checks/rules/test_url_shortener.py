"""url-shortener: give the full address."""

RULE = "url-shortener"


def test_a_shortened_link_warns(findings) -> None:
    text = "Our latest appeal: https://bit.ly/3abcXYZ"
    [found] = findings(text, RULE)
    assert found.severity == "warn"
    assert text[found.start : found.end] == "https://bit.ly/3abcXYZ"


def test_a_shortener_without_a_scheme_is_caught(findings) -> None:
    assert findings("Survey: ow.ly/aBc123", RULE)


def test_full_links_pass(findings) -> None:
    assert findings("https://www.westyorkshire.police.uk/appeals/12345", RULE) == []
