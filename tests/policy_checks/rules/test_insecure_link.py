"""insecure-link: https only."""

RULE = "insecure-link"


def test_an_http_link_warns_with_the_https_form(findings) -> None:
    text = "Read more at http://www.westyorkshire.police.uk/appeals"
    [found] = findings(text, RULE)
    assert found.severity == "warn"
    assert found.suggestion == "https://www.westyorkshire.police.uk/appeals"
    assert text[found.start : found.end] == "http://www.westyorkshire.police.uk/appeals"


def test_https_links_pass(findings) -> None:
    assert findings("Read more at https://www.westyorkshire.police.uk/appeals", RULE) == []
