"""`commsdesk check`: run the policy checks on one draft, a file, or many drafts as JSON Lines.

    commsdesk check "Police have charged ..."
    commsdesk check --file draft.txt --platform facebook
    commsdesk check --json "text"                 # one JSON object for machines
    commsdesk check --jsonl drafts.jsonl          # one output line per input line, in order

Exits 1 when something blocks (for --jsonl: when any draft blocks), 2 on a usage error.
"""

from __future__ import annotations

import json
import sys
import tomllib
from collections.abc import Iterable, Iterator
from typing import IO, Any

import click

from policy_checks.engine import Checker, verdict
from policy_checks.records import Draft, Finding, Media
from policy_checks.settings import PolicySettings, PolicySettingsError

_STYLE = {"block": "bold white on red", "warn": "black on yellow", "info": "underline cyan"}


def load_settings(path: str | None) -> PolicySettings:
    """The `[policy]` table of a force's TOML config (defaults without a path or a table)."""
    if path is None:
        return PolicySettings()
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise click.BadParameter(f"cannot read {path}: {exc.strerror}", param_hint="--config") from exc
    except tomllib.TOMLDecodeError as exc:
        raise click.BadParameter(f"{path} is not valid TOML: {exc}", param_hint="--config") from exc
    try:
        return PolicySettings.from_mapping(data.get("policy"), source=path)
    except PolicySettingsError as exc:
        lines = "\n".join(f"  {field}: {message}" for field, message in exc.problems)
        raise click.BadParameter(f"invalid [policy] settings in {path}:\n{lines}", param_hint="--config") from exc


def draft_from_object(obj: Any, *, platform: str, incident: bool) -> Draft:
    """Build a Draft from one JSON Lines object; ValueError says what is wrong with it."""
    if not isinstance(obj, dict):
        raise ValueError("each line must be a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError("'text' must be a string")
    chosen_platform = obj.get("platform", platform)
    if not isinstance(chosen_platform, str):
        raise ValueError("'platform' must be a string")
    chosen_incident = obj.get("incident", incident)
    if not isinstance(chosen_incident, bool):
        raise ValueError("'incident' must be true or false")
    media = []
    for item in obj.get("media", []) or []:
        if not isinstance(item, dict):
            raise ValueError("'media' must be a list of objects")
        media.append(
            Media(
                alt_text=str(item.get("alt_text") or ""),
                source=str(item.get("source") or ""),
                licence=str(item.get("licence") or ""),
            )
        )
    links = obj.get("links")
    if links is not None and not (isinstance(links, list) and all(isinstance(x, str) for x in links)):
        raise ValueError("'links' must be a list of strings")
    return Draft(
        text,
        platform=chosen_platform,
        media=tuple(media),
        links=tuple(links) if links is not None else None,
        incident=chosen_incident,
    )


def check_lines(
    lines: Iterable[str], checker: Checker, *, platform: str = "x", incident: bool = False
) -> Iterator[tuple[dict[str, Any], bool]]:
    """For each input line, the output object and whether it blocks (input order kept)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            yield {"line": number, "error": f"line {number}: empty line"}, False
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield {"line": number, "error": f"line {number}: not valid JSON ({exc.msg})"}, False
            continue
        try:
            draft = draft_from_object(obj, platform=platform, incident=incident)
        except ValueError as exc:
            out = dict(obj) if isinstance(obj, dict) else {"input": obj}
            out["error"] = f"line {number}: {exc}"
            yield out, False
            continue
        try:
            findings = checker.check(draft)
        except Exception as exc:  # one bad draft must not stop the batch
            out = dict(obj)
            out["error"] = f"line {number}: the checks failed: {exc!r}"
            yield out, False
            continue
        out = dict(obj)
        out["findings"] = [f.to_dict() for f in findings]
        out["verdict"] = verdict(findings)
        yield out, out["verdict"] == "block"


def render(text: str, findings: list[Finding], console: Any) -> None:
    """The text with each finding's span highlighted, then a table of the findings."""
    from rich.table import Table
    from rich.text import Text

    shown = Text(text)
    for f in sorted(findings, key=lambda f: -{"block": 0, "warn": 1, "info": 2}[f.severity]):
        if f.end > f.start:
            shown.stylize(_STYLE[f.severity], f.start, f.end)
    console.print(shown)
    console.print()
    if not findings:
        console.print("[bold green]pass[/]: no findings.")
        return
    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("rule", no_wrap=True)
    table.add_column("where", max_width=30)
    table.add_column("why, and what to write instead", ratio=1)
    for n, f in enumerate(findings, start=1):
        where = text[f.start : f.end] if f.end > f.start else "(attachment / whole post)"
        if len(where) > 60:
            where = where[:57] + "..."
        table.add_row(
            str(n),
            Text(f.severity, style=_STYLE[f.severity]),
            f.rule,
            Text(where),
            Text(f.message + (f"\n→ {f.suggestion}" if f.suggestion else "")),
        )
    console.print(table)
    result = verdict(findings)
    colour = {"block": "red", "warn": "yellow", "pass": "green"}[result]
    console.print(f"verdict: [bold {colour}]{result}[/]")


@click.command("check")
@click.argument("text", required=False)
@click.option(
    "--file",
    "file_",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Read the draft from a file ('-' for stdin).",
)
@click.option(
    "--jsonl",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Check many drafts: one JSON object per line, with at least 'text'.",
)
@click.option("--json", "as_json", is_flag=True, help="Print findings as JSON.")
@click.option(
    "--platform",
    default="x",
    show_default=True,
    help="Where the post will go (x, facebook, youtube, ...).",
)
@click.option("--incident", is_flag=True, help="Check as if incident mode is on.")
@click.option(
    "--config",
    "config",
    type=click.Path(dir_okay=False),
    help="A force TOML config; its [policy] table is used.",
)
def check(
    text: str | None,
    file_: str | None,
    jsonl: str | None,
    as_json: bool,
    platform: str,
    incident: bool,
    config: str | None,
) -> None:
    """Check a draft post against the force's publishing policy."""
    sources = [s for s in (text, file_, jsonl) if s is not None]
    if len(sources) != 1:
        raise click.UsageError("give exactly one of TEXT, --file or --jsonl")
    settings = load_settings(config)
    checker = Checker(settings)
    if jsonl is not None:
        blocked = False
        with click.open_file(jsonl, "r", encoding="utf-8") as handle:
            out = sys.stdout
            for obj, blocks in check_lines(_lines(handle), checker, platform=platform, incident=incident):
                out.write(json.dumps(obj, ensure_ascii=False) + "\n")
                out.flush()
                blocked = blocked or blocks
        sys.exit(1 if blocked else 0)
    if file_ is not None:
        with click.open_file(file_, "r", encoding="utf-8") as handle:
            text = handle.read()
    assert text is not None
    draft = Draft(text, platform=platform, incident=incident)
    findings = checker.check(draft)
    result = verdict(findings)
    if as_json:
        payload = {
            "text": text,
            "platform": platform,
            "incident": incident,
            "findings": [f.to_dict() for f in findings],
            "verdict": result,
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        from rich.console import Console

        render(text, findings, Console())
    sys.exit(1 if result == "block" else 0)


def _lines(handle: IO[str]) -> Iterator[str]:
    for line in handle:
        yield line.rstrip("\n").rstrip("\r")


def _main() -> None:  # pragma: no cover - `python -m policy_checks.cli`
    check()


if __name__ == "__main__":  # pragma: no cover
    _main()


__all__ = ["check", "check_lines", "draft_from_object", "load_settings", "render"]
