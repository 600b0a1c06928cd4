"""The `commsdesk` command: one group, a subcommand per job, all domain work done elsewhere."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click
from rich.table import Table

from commsdesk.terminal import config_option, console, errors, settings_or_exit
from config.settings import Settings, check, default_path


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="commsdesk")
@click.option("--log-level", default="INFO", show_default=True, help="DEBUG, INFO, WARNING or ERROR.")
@click.pass_context
def main(ctx: click.Context, log_level: str) -> None:
    """commsdesk: a police force's digital communications desk."""
    ctx.ensure_object(dict)["log_level"] = log_level


def _logging(settings: Settings | None = None) -> None:
    from commsdesk.logs import setup_logging

    level = click.get_current_context().find_root().obj.get("log_level", "INFO")
    setup_logging(level, settings.secrets.values() if settings else ())


# -- config ------------------------------------------------------------------------------------


@main.group("config")
def config_group() -> None:
    """Check and show the force's settings."""


@config_group.command("check")
@click.argument("path", type=click.Path(path_type=Path), required=False)
def config_check(path: Path | None) -> None:
    """Name the file, line and field of every mistake in a settings file."""
    path = path or default_path()
    settings, problems = check(path)
    for problem in problems:
        console.print(f"[red]✗[/red] {problem}", highlight=False)
    if problems:
        console.print(f"{len(problems)} problem(s) in {path}")
        sys.exit(1)
    assert settings is not None
    sources = [n for n in ("x", "facebook", "youtube") if getattr(settings, n).enabled]
    target = settings.platforms.sandbox or "the real platform APIs"
    console.print(f"[green]✓[/green] {path}: {settings.force.name}; collecting from {', '.join(sources)} via {target}")


@config_group.command("show")
@config_option
def config_show(config_path: Path | None) -> None:
    """Print the settings in force, secrets shown as ***."""
    from config.schema import describe

    settings = settings_or_exit(config_path)
    table = Table("setting", "value", "help", title=f"settings from {settings.source}")
    for name, _default, help_text in describe(Settings):
        if name in ("policy", "secrets", "source"):
            continue
        value: object = settings
        for part in name.split("."):
            value = getattr(value, part)
        if name == "neighbourhoods":
            value = ", ".join(area.name for area in settings.neighbourhoods)
        table.add_row(name, str(value), help_text)
    for secret_name in type(settings.secrets).__dataclass_fields__:
        secret = getattr(settings.secrets, secret_name)
        table.add_row(
            f"secret {secret_name}",
            "***" if secret else "(not set)",
            f"${settings.secrets.env_name(secret_name)}",
        )
    console.print(table)


# -- collection --------------------------------------------------------------------------------


@main.command()
@config_option
@click.option("--once", is_flag=True, help="Run every collector once and exit.")
def run(config_path: Path | None, once: bool) -> None:
    """Collect from X, Facebook and YouTube on each collector's interval, until stopped."""
    from ingest.service import Service

    settings = settings_or_exit(config_path)
    _logging(settings)
    service = Service(settings)
    if once:
        runs = service.collect_all()
        sys.exit(0 if all(r.status == "ok" for r in runs) else 1)
    service.run_forever()


@main.command()
@config_option
def status(config_path: Path | None) -> None:
    """Show, per source: last success, last error, items in the last hour, limits, degraded or not."""
    from commsdesk.status import status_table
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    sources = [n for n in ("x", "facebook", "youtube") if getattr(settings, n).enabled]
    with Store(settings.store.path) as store:
        active = store.active_incident()
        if active:
            from commsdesk.incidents import describe

            console.print(f"[bold red]CRITICAL INCIDENT[/bold red] {describe(active, settings.force.timezone)}")
        console.print(status_table(store, sources, settings.force.timezone, now=datetime.now(UTC)))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True, type=int)
@click.option(
    "--scenario",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Scenario file (default: the bundled day in Northshire).",
)
@click.option("--speed", default=1.0, show_default=True, help="Scenario seconds per real second.")
@click.option("--start", default=None, help="Clock start, ISO 8601 UTC (default: the scenario's start).")
@click.option(
    "--today/--as-recorded",
    default=False,
    show_default=True,
    help="Replay the scenario's day as today from the current time, for `commsdesk run` on the wall clock.",
)
def sandbox(host: str, port: int, scenario: Path | None, speed: float, start: str | None, today: bool) -> None:
    """Serve local copies of the X, Graph and YouTube APIs playing a scenario."""
    from sandbox.scenarios import NORTHSHIRE_DAY
    from sandbox.server import serve

    serve(host=host, port=port, scenario_path=scenario or NORTHSHIRE_DAY, speed=speed, start=start, today=today)


# -- files -------------------------------------------------------------------------------------


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@config_option
def import_command(file: Path, config_path: Path | None) -> None:
    """Import mentions from JSON Lines (X API v2 post objects) or CSV (id,created_at,text,...)."""
    from commsdesk.progress import byte_progress
    from commsdesk.store import Store
    from ingest.importer import FileFormatError, import_file

    settings = settings_or_exit(config_path)
    try:
        with (
            Store(settings.store.path) as store,
            byte_progress(file.stat().st_size, f"importing {file.name}") as advance,
        ):
            report = import_file(store, file, progress=advance)
    except FileFormatError as error:
        raise click.ClickException(f"{file}: {error}") from None
    for line in report.bad[:20]:
        errors.print(f"[yellow]skipped[/yellow] {file}: {line.reason}", highlight=False)
    if len(report.bad) > 20:
        errors.print(f"... and {report.bad_count - 20} more bad lines (all kept in the quarantine table)")
    console.print(
        f"{file}: read {report.read:,}, new {report.new:,}, duplicates {report.duplicates:,}, bad {report.bad_count:,}"
    )
    sys.exit(1 if report.bad_count else 0)


@main.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default=None,
    help="Default: from the file's extension.",
)
@click.option("--platform", type=click.Choice(["x", "facebook", "youtube"]), default=None)
@click.option("--since", type=click.DateTime(), default=None, help="UTC, e.g. 2026-11-20T00:00:00")
@click.option("--until", type=click.DateTime(), default=None, help="UTC, exclusive.")
@config_option
def export_command(
    file: Path,
    fmt: str | None,
    platform: str | None,
    since: datetime | None,
    until: datetime | None,
    config_path: Path | None,
) -> None:
    """Export mentions as JSON Lines or CSV."""
    from commsdesk.progress import count_progress
    from commsdesk.store import Store
    from ingest.importer import FileFormatError, detect_format, export_mentions

    settings = settings_or_exit(config_path)
    try:
        fmt = fmt or detect_format(file)
    except FileFormatError as error:
        raise click.ClickException(f"{error}; choose one with --format") from None
    since_utc = since.replace(tzinfo=UTC) if since else None
    until_utc = until.replace(tzinfo=UTC) if until else None
    with Store(settings.store.path) as store:
        total = store.count_mentions(platform=platform, since=since_utc, until=until_utc)
        with (
            file.open("w", encoding="utf-8", newline="") as out,
            count_progress(total, f"exporting to {file.name}") as advance,
        ):
            written = export_mentions(
                store,
                out,
                fmt,
                since=since_utc,
                until=until_utc,
                platform=platform,
                progress=advance,
            )
    console.print(f"wrote {written:,} mentions to {file}")


# -- the demo ----------------------------------------------------------------------------------


@main.command()
@click.option(
    "--speed",
    default=0.0,
    help="Pause this many seconds per scenario step (0: as fast as it goes).",
)
@click.option(
    "--store",
    "store_path",
    default="var/demo.sqlite",
    show_default=True,
    type=click.Path(path_type=Path),
)
@click.option(
    "--serve/--no-serve",
    default=None,
    help="Then serve the web desk on the day's store until Ctrl-C (default: when run in a terminal).",
)
@click.option(
    "--port",
    default=8080,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="The web desk's port on 127.0.0.1 (a free one when it is taken).",
)
def demo(speed: float, store_path: Path, serve: bool | None, port: int) -> None:
    """Play the bundled day through the sandbox and the real clients, summarise it, then serve the web desk."""
    from commsdesk.demo import run_demo
    from commsdesk.logs import setup_logging

    # The demo prints its own account of the day; routine progress logs would bury it.
    level = click.get_current_context().find_root().obj.get("log_level", "INFO")
    setup_logging("WARNING" if level == "INFO" else level)
    serve = console.is_terminal if serve is None else serve  # a log or CI must not wait for a Ctrl-C
    sys.exit(run_demo(store_path=store_path, pause=speed, console=console, serve=serve, port=port))


def _register() -> None:
    """Attach the subcommands that live beside their domain code."""
    from analyse.alerts.cli import alerts
    from analyse.cli import COMMANDS as analysis_commands
    from analyse.report.cli import report
    from commsdesk.incidents import holding, incident
    from policy_checks.cli import check as check_command
    from publish.cli import audit, post_group, users_group
    from publish.replies.cli import replies
    from web.cli import serve

    main.add_command(check_command)
    main.add_command(incident)
    main.add_command(holding)
    main.add_command(alerts)
    main.add_command(report)
    main.add_command(audit)
    main.add_command(post_group)
    main.add_command(users_group)
    main.add_command(replies)
    main.add_command(serve)
    for command in analysis_commands:
        main.add_command(command)


_register()
