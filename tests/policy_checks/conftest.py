"""Shared fixtures for the policy checks: one real checker per test session (the spaCy model loads
once), a fake entity finder for engine tests that must not depend on the model, and helpers that
read like the behaviour under test."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from policy_checks.engine import Checker
from policy_checks.records import Draft, Finding, Media
from policy_checks.settings import PolicySettings

CORPUS = Path(__file__).resolve().parents[1] / "policy"


@pytest.fixture(scope="session")
def checker() -> Checker:
    return Checker()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


Find = Callable[..., list[Finding]]


@pytest.fixture(scope="session")
def findings(checker: Checker) -> Find:
    """findings(text, rule=None, platform="x", incident=False, media=(), settings=None)."""

    def run(
        text: str,
        rule: str | None = None,
        *,
        platform: str = "x",
        incident: bool = False,
        media: Sequence[Media] = (),
        settings: PolicySettings | None = None,
    ) -> list[Finding]:
        draft = Draft(text, platform=platform, incident=incident, media=tuple(media))
        found = checker.check(draft, settings)
        return [f for f in found if rule is None or f.rule == rule]

    return run


@pytest.fixture(scope="session")
def flagged(findings: Find) -> Callable[..., list[str]]:
    """flagged(text, rule, ...) -> the flagged spans of ``text`` for that rule."""

    def run(text: str, rule: str, **kwargs: object) -> list[str]:
        return [text[f.start : f.end] for f in findings(text, rule, **kwargs)]

    return run
