"""Every rule is documented, has a one-line reason and a test file of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_checks.registry import all_rules, get_rule, rule

RULE_TESTS = Path(__file__).parent / "rules"


def test_there_are_rules_for_every_area_of_the_checklist() -> None:
    areas = {r.area for r in all_rules()}
    assert areas >= {
        "legal",
        "personal-data",
        "media",
        "security",
        "incident",
        "tone",
        "plain-language",
        "accessibility",
        "links",
        "platform",
    }


@pytest.mark.parametrize("entry", all_rules(), ids=lambda r: r.slug)
def test_every_rule_is_documented(entry) -> None:  # type: ignore[no-untyped-def]
    assert entry.severity in ("block", "warn", "info")
    assert entry.reason and "\n" not in entry.reason and entry.reason.endswith(".")
    assert len(entry.description) > 40, f"{entry.slug} needs a docstring that says what it catches"


@pytest.mark.parametrize("entry", all_rules(), ids=lambda r: r.slug)
def test_every_rule_has_its_own_test_file(entry) -> None:  # type: ignore[no-untyped-def]
    path = RULE_TESTS / f"test_{entry.slug.replace('-', '_')}.py"
    assert path.is_file(), f"missing {path.relative_to(RULE_TESTS.parent.parent.parent)}"
    assert entry.slug in path.read_text(encoding="utf-8")


def test_slugs_are_unique_and_lower_case() -> None:
    slugs = [r.slug for r in all_rules()]
    assert len(slugs) == len(set(slugs))
    assert all(s == s.lower() and " " not in s for s in slugs)


def test_a_rule_with_a_bad_severity_or_reason_is_refused() -> None:
    with pytest.raises(ValueError):
        rule(slug="x", severity="fatal", reason="Bad.")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        rule(slug="x", severity="warn", reason="two\nlines")


def test_a_slug_cannot_be_registered_twice_by_another_function() -> None:
    def impostor(ctx: object) -> list[object]:
        return []

    with pytest.raises(ValueError):
        rule(slug="abuse", severity="warn", reason="Again.")(impostor)  # type: ignore[arg-type]
    assert get_rule("abuse").severity == "block"
