"""The engine: findings point into the text as typed, are sorted, respect settings, and the
entity model is loaded only when a rule needs it."""

from __future__ import annotations

import dataclasses

import pytest

from policy_checks.engine import Checker, Draft, Finding, Media, check, verdict
from policy_checks.records import Hit
from policy_checks.registry import Rule
from policy_checks.settings import PolicySettings
from policy_checks.testing import FakeEntities


def test_a_clean_post_passes(checker: Checker) -> None:
    draft = Draft("The M62 eastbound is closed between junctions 25 and 26. Please find another route.")
    assert checker.check(draft) == []
    assert verdict(checker.check(draft)) == "pass"


def test_verdict_is_the_worst_severity() -> None:
    def finding(severity: str) -> Finding:
        return Finding("r", severity, 0, 1, "m")  # type: ignore[arg-type]

    assert verdict([]) == "pass"
    assert verdict([finding("info")]) == "pass"
    assert verdict([finding("info"), finding("warn")]) == "warn"
    assert verdict([finding("warn"), finding("block"), finding("info")]) == "block"


def test_findings_are_sorted_by_start(checker: Checker) -> None:
    text = "Call 07700 900123 after the RTC. OFFICIAL-SENSITIVE #roadsafety"
    found = checker.check(Draft(text))
    assert [f.start for f in found] == sorted(f.start for f in found)
    assert {f.rule for f in found} >= {"phone-number", "jargon", "protective-marking"}


def test_spans_point_into_the_text_as_typed_despite_evasion(checker: Checker) -> None:
    text = "Briefing: \u200b\u200bS\u200bЕ\u200bCRET notes attached."  # zero-widths, Cyrillic Е
    [marking] = [f for f in checker.check(Draft(text)) if f.rule == "protective-marking"]
    assert text[marking.start : marking.end] == "S\u200bЕ\u200bCRET"


def test_the_module_level_check_uses_one_shared_checker() -> None:
    found = check(Draft("Don't be a twat: slow down."))
    assert [f.rule for f in found] == ["abuse"]


def test_a_severity_override_applies_to_every_hit() -> None:
    settings = PolicySettings.from_mapping({"severity": {"url-shortener": "block"}})
    checker = Checker(settings, entity_finder=FakeEntities())
    found = checker.check(Draft("Apply: https://bit.ly/abc"))
    assert [(f.rule, f.severity) for f in found] == [("url-shortener", "block")]


def test_a_rule_set_to_off_does_not_run() -> None:
    settings = PolicySettings.from_mapping({"severity": {"jargon": "off"}})
    checker = Checker(settings, entity_finder=FakeEntities())
    assert checker.check(Draft("The road is closed after an RTC.")) == []


def test_settings_given_per_call_win_over_the_checkers_own() -> None:
    checker = Checker(entity_finder=FakeEntities())
    quiet = PolicySettings.from_mapping({"severity": {"jargon": "info"}})
    [finding] = checker.check(Draft("Closed after an RTC."), quiet)
    assert finding.severity == "info"


def test_rules_that_need_no_model_never_wake_it() -> None:
    fake = FakeEntities()
    checker = Checker(entity_finder=fake)
    checker.check(Draft("Road closed: the A61 is shut after a crash. Please avoid the area."))
    assert fake.calls == 0


def test_the_model_runs_at_most_once_per_draft() -> None:
    fake = FakeEntities(["Jane Doe"])
    checker = Checker(entity_finder=fake)
    checker.check(Draft("Jane Doe, 14, was sexually assaulted. A man has been charged with rape."))
    assert fake.calls == 1


def test_a_fast_check_skips_the_rules_that_need_the_model() -> None:
    fake = FakeEntities(["Jane Doe"])
    checker = Checker(entity_finder=fake)
    draft = Draft("Jane Doe, 14, was sexually assaulted. Call 07700 900123.")
    fast = checker.check(draft, use_nlp=False)
    assert fake.calls == 0
    assert [f.rule for f in fast] == ["phone-number"]
    full = checker.check(draft)
    assert {"child-identified", "sexual-offence-complainant"} <= {f.rule for f in full}


def test_the_real_model_is_loaded_lazily_and_once() -> None:
    checker = Checker()
    finder = checker.entity_finder
    assert not finder.loaded  # type: ignore[attr-defined]
    checker.check(Draft("Road closed on the A61."))
    assert not finder.loaded  # type: ignore[attr-defined]
    checker.warm_up()
    model = finder.load()  # type: ignore[attr-defined]
    checker.check(Draft("John Smith has been arrested."))
    assert finder.load() is model  # type: ignore[attr-defined]


def test_media_findings_have_an_empty_span_at_the_start(checker: Checker) -> None:
    draft = Draft("Have you seen this car?", media=(Media("", "", ""),))
    found = {f.rule: f for f in checker.check(draft)}
    assert (found["alt-text"].start, found["alt-text"].end) == (0, 0)
    assert found["media-copyright"].severity == "warn"


def test_links_are_taken_from_the_text_unless_given() -> None:
    assert Draft("See https://www.police.uk/ and www.gov.uk.").links == (
        "https://www.police.uk/",
        "www.gov.uk",
    )
    assert Draft("text", links=["https://example.org"]).links == ("https://example.org",)


def test_a_draft_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Draft("x").text = "y"  # type: ignore[misc]


def test_a_custom_rule_set_can_be_run() -> None:
    def shout(ctx: object) -> list[Hit]:
        """Flags everything."""
        return [Hit(0, 4, "four")]

    only = Rule("shout", "info", "Test rule.", shout)
    checker = Checker(rules=[only], entity_finder=FakeEntities())
    [finding] = checker.check(Draft("abcdef"))
    assert (finding.rule, finding.start, finding.end, finding.severity) == ("shout", 0, 4, "info")


def test_timings_are_recorded_per_rule_when_asked() -> None:
    checker = Checker(entity_finder=FakeEntities())
    checker.check(Draft("Road closed."), timed=True)
    assert set(checker.timings) == {r.slug for r in checker.rules}
