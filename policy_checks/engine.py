"""Run every registered rule over a draft and return findings pointing into the text as typed.

```python
checker = Checker(settings)           # one per process: the spaCy model loads once, lazily
findings = checker.check(Draft("Police have charged ..."))
verdict(findings)                      # "block" | "warn" | "pass"
```
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence

from policy_checks.context import Context
from policy_checks.nlp import EntityFinder, SpacyEntities
from policy_checks.records import Draft, Finding, Hit, Media, Severity, Verdict
from policy_checks.registry import Rule, all_rules
from policy_checks.settings import PolicySettings

__all__ = ["Checker", "Draft", "Finding", "Media", "check", "verdict"]

_RANK = {"block": 0, "warn": 1, "info": 2}


def verdict(findings: Iterable[Finding]) -> Verdict:
    """The worst severity among ``findings``: block, warn, or pass (info alone passes)."""
    severities = {f.severity for f in findings}
    if "block" in severities:
        return "block"
    if "warn" in severities:
        return "warn"
    return "pass"


class Checker:
    """Holds the rules and the (lazily loaded) entity model; reuse one for every draft."""

    def __init__(
        self,
        settings: PolicySettings | None = None,
        *,
        entity_finder: EntityFinder | None = None,
        rules: Sequence[Rule] | None = None,
    ) -> None:
        self.settings = settings or PolicySettings()
        self.entity_finder: EntityFinder = entity_finder or SpacyEntities()
        self.rules: tuple[Rule, ...] = tuple(rules) if rules is not None else all_rules()
        self.timings: dict[str, float] = {}  # seconds spent per rule slug, summed over calls

    def warm_up(self, *, background: bool = False) -> threading.Thread | None:
        """Load the model now (optionally in a thread) so the first draft does not wait for it."""
        load = getattr(self.entity_finder, "load", None)
        if load is None:
            return None
        if background:
            thread = threading.Thread(target=load, name="policy-nlp-load", daemon=True)
            thread.start()
            return thread
        load()
        return None

    def check(
        self,
        draft: Draft,
        settings: PolicySettings | None = None,
        *,
        use_nlp: bool = True,
        timed: bool = False,
    ) -> list[Finding]:
        """Findings for ``draft`` sorted by start. ``use_nlp=False`` runs only the rules that need
        no model (for instant feedback while typing); the full check follows when it is ready."""
        settings = settings or self.settings
        ctx = Context(draft, settings, self.entity_finder if use_nlp else None)
        findings: list[Finding] = []
        for rule in self.rules:
            if rule.needs_nlp and not use_nlp:
                continue
            severity = settings.severity_for(rule.slug, rule.severity)
            if severity == "off":
                continue
            started = time.perf_counter() if timed else 0.0
            hits = list(rule.func(ctx))
            if timed:
                self.timings[rule.slug] = self.timings.get(rule.slug, 0.0) + time.perf_counter() - started
            overridden = rule.slug in settings.severity
            for hit in hits:
                findings.append(_to_finding(rule, hit, ctx, severity, overridden))
        return sorted(_dedupe(findings), key=lambda f: (f.start, _RANK[f.severity], f.rule, f.end))


def _to_finding(rule: Rule, hit: Hit, ctx: Context, severity: str, overridden: bool) -> Finding:
    if hit.raw:
        start = max(0, min(hit.start, len(ctx.raw)))
        end = max(start, min(hit.end, len(ctx.raw)))
    else:
        start, end = ctx.norm.to_original(hit.start, hit.end)
    chosen: Severity = severity if overridden or hit.severity is None else hit.severity  # type: ignore[assignment]
    return Finding(rule.slug, chosen, start, end, hit.message, hit.suggestion)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int, int]] = set()
    out = []
    for f in findings:
        key = (f.rule, f.start, f.end)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


_default: Checker | None = None
_default_lock = threading.Lock()


def default_checker() -> Checker:
    """The process-wide checker used by :func:`check` (model loaded once, on first need)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Checker()
    return _default


def check(draft: Draft, settings: PolicySettings | None = None) -> list[Finding]:
    """Check ``draft`` with the process-wide checker: findings sorted by start."""
    return default_checker().check(draft, settings)
