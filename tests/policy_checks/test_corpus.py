"""The labelled corpus in tests/policy: per-rule precision and recall, and how many ordinary posts
are wrongly blocked. The bars are what the force asked for, with margin: at most 1 in 100
published posts blocked, and each rule catching at least 9 in 10 of its examples with at least
9 in 10 of its findings right.

`tests/policy/holdout/` was written after the rules, from other forces' styles, to estimate how the
rules do on posts they were not written against; its bar is the force's own (<=2% blocked
allowing for its small size, >=90% of added violations flagged)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_checks.engine import Checker
from policy_checks.evaluate import evaluate, format_report, load_corpus

MIN_PRECISION = 0.9
MIN_RECALL = 0.9
MAX_PASS_BLOCK_RATE = 0.01


@pytest.fixture(scope="module")
def report(checker: Checker, corpus_dir: Path):  # type: ignore[no-untyped-def]
    result = evaluate(checker, load_corpus(corpus_dir))
    print("\n" + format_report(result))
    return result


def test_the_corpus_is_balanced(corpus_dir: Path) -> None:
    examples = load_corpus(corpus_dir)
    catch = [e for e in examples if e.expect == "catch"]
    passing = [e for e in examples if e.expect == "pass"]
    assert len(passing) >= len(catch) >= 150
    published = [e for e in passing if e.rule is None]
    assert len(published) >= 100
    for rule in {e.rule for e in catch}:
        near_misses = [e for e in passing if e.rule == rule]
        assert len(near_misses) >= 2, f"{rule} needs posts it must let through"


def test_ordinary_posts_are_not_blocked(report) -> None:  # type: ignore[no-untyped-def]
    assert report.pass_block_rate <= MAX_PASS_BLOCK_RATE, report.pass_blocked


def test_every_rule_meets_the_precision_and_recall_bar(report) -> None:  # type: ignore[no-untyped-def]
    below = {
        slug: (round(s.precision, 2), round(s.recall, 2))
        for slug, s in report.scores.items()
        if s.tp + s.fn and (s.precision < MIN_PRECISION or s.recall < MIN_RECALL)
    }
    assert not below, f"below the bar: {below}\n{format_report(report)}"


def test_the_holdout_set_meets_the_forces_bar(checker: Checker, corpus_dir: Path) -> None:
    result = evaluate(checker, load_corpus(corpus_dir / "holdout"))
    print("\n" + format_report(result))
    assert result.pass_block_rate <= 0.02
    assert result.catch_flagged / result.catch_examples >= 0.9
