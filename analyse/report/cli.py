"""`commsdesk report`: the hot-topics report for any range, as HTML and PDF, on demand."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from commsdesk.terminal import config_option, settings_or_exit


@click.command()
@click.option("--since", default="24h", show_default=True, help="A duration back from --until (24h, 7d), or a time.")
@click.option("--until", default=None, help="End of the range (ISO 8601; UTC unless a zone is given); default: now.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="Folder the report files are written to.",
)
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Also print the report to PDF.")
@config_option
def report(since: str, until: str | None, out: Path, pdf: bool, config_path: Path | None) -> None:
    """Write the hot-topics report for a time range (HTML, and PDF) and print the files' paths."""
    from analyse.report.data import gather
    from analyse.report.render import write_report
    from analyse.views import parse_window
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    now = datetime.now(UTC)
    try:
        window = parse_window(since, until, now=now)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    with Store(settings.store.path) as store:
        data = gather(store, settings, window, now=now)
    paths = write_report(data, out, pdf=pdf)
    click.echo(str(paths.html))
    if paths.pdf:
        click.echo(str(paths.pdf))
