"""The `[policy]` table: defaults when absent, every problem reported with its field path."""

from __future__ import annotations

import pytest

from policy_checks.settings import (
    DEFAULT_ALLOWED_DOMAINS,
    SPECS,
    PolicySettings,
    PolicySettingsError,
)


def test_no_table_means_the_defaults() -> None:
    settings = PolicySettings.from_mapping(None)
    assert settings == PolicySettings()
    assert settings.allowed_domains == DEFAULT_ALLOWED_DOMAINS
    assert settings.is_own_number("0800 555 111")
    assert settings.is_own_number("101")


def test_a_full_table_is_read() -> None:
    settings = PolicySettings.from_mapping(
        {
            "severity": {"url-shortener": "info", "jargon": "off"},
            "allowed_domains": ["WestYorkshire.Police.uk", "https://leeds.gov.uk/"],
            "own_phone_numbers": ["01924 375222", "+44 1924 293000"],
            "own_addresses": ["Laburnum Road, Wakefield"],
            "jargon": {"TWOC": "taking a vehicle without consent"},
            "watch_words": ["Operation Nightjar"],
        }
    )
    assert settings.severity_for("url-shortener", "warn") == "info"
    assert settings.severity_for("abuse", "block") == "block"
    assert settings.domain_allowed("www.westyorkshire.police.uk")
    assert settings.domain_allowed("news.leeds.gov.uk")
    assert not settings.domain_allowed("leeds.gov.uk.evil.com")
    assert settings.is_own_number("01924 375 222")
    assert settings.is_own_number("01924 293000")
    assert settings.jargon["TWOC"] == "taking a vehicle without consent"
    assert settings.watch_words == ("Operation Nightjar",)


def test_every_problem_is_reported_with_its_field_path() -> None:
    with pytest.raises(PolicySettingsError) as caught:
        PolicySettings.from_mapping(
            {
                "severity": {"no-such-rule": "warn", "abuse": "loud"},
                "allowed_domains": ["not a domain", 7],
                "own_phone_numbers": ["12"],
                "jargon": {"RTC": 3},
                "watch_words": "Nightjar",
                "colour": "blue",
            },
            source="force.toml",
        )
    paths = dict(caught.value.problems)
    assert set(paths) == {
        "policy.severity.no-such-rule",
        "policy.severity.abuse",
        "policy.allowed_domains[0]",
        "policy.allowed_domains[1]",
        "policy.own_phone_numbers[0]",
        "policy.jargon.RTC",
        "policy.watch_words",
        "policy.colour",
    }
    assert "force.toml" in str(caught.value)
    assert "loud" in paths["policy.severity.abuse"]


def test_the_table_itself_must_be_a_table() -> None:
    with pytest.raises(PolicySettingsError) as caught:
        PolicySettings.from_mapping(["severity"])  # type: ignore[arg-type]
    assert caught.value.problems == [("policy", "must be a table")]


def test_every_setting_is_declared_once_with_help() -> None:
    names = [spec.name for spec in SPECS]
    assert len(names) == len(set(names))
    assert all(spec.help.strip() for spec in SPECS)
    fields = set(PolicySettings.__dataclass_fields__)
    assert set(names) == fields
