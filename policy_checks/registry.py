"""Where rules register themselves: one decorator, one table, nothing else.

A rule is a small function ``(ctx) -> iterable of Hit`` with a slug, a starting severity and a
one-line reason. Its docstring is the description shown to users and checked by a test.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policy_checks.records import SEVERITIES, Hit, Severity

if TYPE_CHECKING:
    from policy_checks.context import Context

RuleFunc = Callable[["Context"], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    slug: str
    severity: Severity
    reason: str
    func: RuleFunc
    needs_nlp: bool = False
    area: str = ""

    @property
    def description(self) -> str:
        return (self.func.__doc__ or "").strip()


_RULES: dict[str, Rule] = {}


def rule(
    *, slug: str, severity: Severity, reason: str, needs_nlp: bool = False, area: str = ""
) -> Callable[[RuleFunc], RuleFunc]:
    """Register the decorated function as the rule ``slug``."""
    if severity not in SEVERITIES:
        raise ValueError(f"{slug}: severity must be one of {SEVERITIES}, not {severity!r}")
    if "\n" in reason or not reason.strip():
        raise ValueError(f"{slug}: the reason must be one non-empty line")

    def register(func: RuleFunc) -> RuleFunc:
        if slug in _RULES and _RULES[slug].func is not func:
            existing = _RULES[slug].func
            if (existing.__module__, existing.__qualname__) != (func.__module__, func.__qualname__):
                raise ValueError(f"rule {slug!r} registered twice")
        _RULES[slug] = Rule(slug, severity, reason.strip(), func, needs_nlp, area)
        return func

    return register


def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, in a stable order (importing the built-in rules first)."""
    importlib.import_module("policy_checks.rules")
    return tuple(_RULES.values())


def get_rule(slug: str) -> Rule:
    all_rules()
    return _RULES[slug]


def known_slugs() -> frozenset[str]:
    return frozenset(r.slug for r in all_rules())
