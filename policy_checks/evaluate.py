"""Score the checks against a labelled corpus: per-rule precision and recall, and what blocks.

The corpus is a folder of JSON Lines files. ``<rule-slug>.jsonl`` holds posts that rule must catch
(``"expect": "catch"``) and near misses it must let through (``"expect": "pass"``); any other file
(``published.jsonl``) holds ordinary posts that must pass, or posts that name the rule they break
(``"rule": "<slug>"``, as in ``holdout/violations.jsonl``). Optional fields: ``platform``,
``incident``, ``media`` (list of {alt_text, source, licence}), ``severity`` (the severity the catch
must have, when not the rule's default), ``allow`` (rules that may also warn on a pass example).

A pass example counts as a false positive for every non-info rule that fires on it (and for an
info rule only in its own file); a catch example is a true positive for its own rule only.

    python -m policy_checks.evaluate tests/policy
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policy_checks.engine import Checker, verdict
from policy_checks.records import Draft, Finding, Media
from policy_checks.registry import all_rules


@dataclass(frozen=True)
class Example:
    source: str  # "file.jsonl:line"
    rule: str | None  # the rule the file is about (None for ordinary posts)
    expect: str  # "catch" | "pass"
    draft: Draft
    severity: str | None = None
    allow: frozenset[str] = frozenset()


def load_corpus(directory: str | Path) -> list[Example]:
    """Every example in the ``*.jsonl`` files of ``directory`` (not its subfolders)."""
    known = {r.slug for r in all_rules()}
    examples: list[Example] = []
    for path in sorted(Path(directory).glob("*.jsonl")):
        slug = path.stem if path.stem in known else None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            obj = json.loads(line)
            draft = Draft(
                obj["text"],
                platform=obj.get("platform", "x"),
                incident=bool(obj.get("incident", False)),
                media=tuple(Media(**m) for m in obj.get("media", [])),
            )
            rule = obj.get("rule", slug)
            if rule is not None and rule not in known:
                raise ValueError(f"{path.name}:{number}: unknown rule {rule!r}")
            expect = obj.get("expect", "catch" if "rule" in obj else "pass")
            if expect not in ("catch", "pass"):
                raise ValueError(f"{path.name}:{number}: expect must be catch or pass")
            if expect == "catch" and rule is None:
                raise ValueError(f"{path.name}:{number}: a catch example needs a rule file")
            examples.append(
                Example(
                    f"{path.name}:{number}",
                    rule,
                    expect,
                    draft,
                    obj.get("severity"),
                    frozenset(obj.get("allow", [])),
                )
            )
    return examples


@dataclass
class RuleScore:
    rule: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    scores: dict[str, RuleScore] = field(default_factory=dict)
    missed: list[tuple[str, str]] = field(default_factory=list)  # (source, text)
    false_positives: list[tuple[str, str, str]] = field(default_factory=list)  # (source, rule, span)
    pass_examples: int = 0
    pass_blocked: list[str] = field(default_factory=list)
    catch_examples: int = 0
    catch_flagged: int = 0  # catch examples whose verdict is not "pass"

    @property
    def pass_block_rate(self) -> float:
        return len(self.pass_blocked) / self.pass_examples if self.pass_examples else 0.0


def evaluate(checker: Checker, examples: Iterable[Example]) -> Report:
    info_rules = {r.slug for r in checker.rules if r.severity == "info"}
    report = Report(scores={r.slug: RuleScore(r.slug) for r in checker.rules})
    for ex in examples:
        findings = checker.check(ex.draft)
        fired = _fired(findings)
        if ex.expect == "catch":
            assert ex.rule is not None
            report.catch_examples += 1
            report.catch_flagged += verdict(findings) != "pass"
            score = report.scores[ex.rule]
            hit = [f for f in findings if f.rule == ex.rule]
            if hit and (ex.severity is None or any(f.severity == ex.severity for f in hit)):
                score.tp += 1
            else:
                score.fn += 1
                report.missed.append((ex.source, ex.draft.text))
            continue
        report.pass_examples += 1
        if verdict(findings) == "block":
            report.pass_blocked.append(ex.source)
        for slug, spans in fired.items():
            if slug in ex.allow or (slug in info_rules and slug != ex.rule):
                continue
            report.scores[slug].fp += 1
            report.false_positives.append((ex.source, slug, spans))
        if ex.rule is not None and ex.rule not in fired:
            report.scores[ex.rule].tn += 1
    return report


def _fired(findings: Sequence[Finding]) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in findings:
        out.setdefault(f.rule, f"{f.start}:{f.end}")
    return out


def format_report(report: Report) -> str:
    lines = [f"{'rule':28} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7}"]
    for slug, s in sorted(report.scores.items()):
        if s.tp + s.fp + s.fn == 0:
            continue
        lines.append(f"{slug:28} {s.tp:>4} {s.fp:>4} {s.fn:>4} {s.precision:>9.2f} {s.recall:>7.2f}")
    lines.append(
        f"pass examples blocked: {len(report.pass_blocked)}/{report.pass_examples} "
        f"({report.pass_block_rate:.1%}); catch examples flagged: "
        f"{report.catch_flagged}/{report.catch_examples}"
    )
    for source, text in report.missed:
        lines.append(f"  missed {source}: {text[:100]}")
    for source, slug, span in report.false_positives:
        lines.append(f"  false positive {source}: {slug} at {span}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv) or ["tests/policy"]
    checker = Checker()
    for directory in args:
        print(f"== {directory}")
        print(format_report(evaluate(checker, load_corpus(directory))))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
