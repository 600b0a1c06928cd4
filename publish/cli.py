"""`commsdesk audit verify|export`: prove the record of who wrote, changed, checked, approved and published."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from commsdesk.terminal import config_option, console, errors, settings_or_exit


@click.group()
def audit() -> None:
    """The publishing audit trail: verify the hash chain, export it for an inquiry."""


@audit.command("verify")
@config_option
def verify(config_path: Path | None) -> None:
    """Check every audit row against the one before it; exit 1 naming the first edited or deleted row."""
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        problem = store.verify_audit()
        rows = len(store.audit())
    if problem is not None:
        errors.print(f"[red]audit trail broken[/red] at row {problem.seq}: {problem.reason}", highlight=False)
        sys.exit(1)
    console.print(f"audit trail verified: {rows:,} rows, each chained to the one before")


@audit.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default=None, help="Default: from the extension.")
@config_option
def export(file: Path, fmt: str | None, config_path: Path | None) -> None:
    """Write the whole audit trail to FILE as CSV or JSON (with the head hash to keep elsewhere)."""
    from commsdesk.store import Store

    fmt = fmt or file.suffix.lstrip(".").lower()
    if fmt not in ("csv", "json"):
        raise click.BadParameter(f"{file}: name it .csv or .json, or choose --format", param_hint="FILE")
    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        text = store.export_audit(fmt)
        problem = store.verify_audit()
    file.write_text(text, encoding="utf-8")
    console.print(f"wrote the audit trail to {file}")
    if problem is not None:
        errors.print(f"[yellow]note[/yellow]: the trail does not verify at row {problem.seq}: {problem.reason}")
