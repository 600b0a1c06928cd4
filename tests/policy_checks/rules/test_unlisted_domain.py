"""unlisted-domain: links outside the allow-list are checked first."""

from policy_checks.settings import PolicySettings

RULE = "unlisted-domain"


def test_an_unknown_site_warns(findings) -> None:
    text = "Read more at https://www.examplenews.co.uk/leeds"
    [found] = findings(text, RULE)
    assert found.severity == "warn"
    assert "examplenews.co.uk" in found.message


def test_public_sector_sites_pass(findings) -> None:
    text = "See https://www.police.uk, https://www.gov.uk/x, https://nhs.uk or crimestoppers-uk.org"
    assert findings(text, RULE) == []


def test_the_forces_allow_list_is_respected(findings) -> None:
    settings = PolicySettings.from_mapping({"allowed_domains": ["examplenews.co.uk"]})
    assert findings("https://www.examplenews.co.uk/leeds", RULE, settings=settings) == []


def test_a_look_alike_domain_is_not_allowed(findings) -> None:
    assert findings("https://police.uk.example.com/login", RULE)
