"""What every command shares: the consoles, the --config option, loading settings or exiting clearly.

Its own module so that commands living beside their domain code (analyse, alerts, the report,
incidents) can import it without importing the command group that registers them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from config.settings import ConfigInvalid, Settings, load

console = Console()
errors = Console(stderr=True)

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Force settings file (default: $COMMSDESK_CONFIG, ./commsdesk.toml, or the bundled example).",
)


def settings_or_exit(path: Path | None) -> Settings:
    """Load settings or print every problem and exit 2: a bad file never half-starts a service."""
    try:
        return load(path)
    except ConfigInvalid as invalid:
        for problem in invalid.problems:
            errors.print(f"[red]config error[/red] {problem}", markup=True, highlight=False)
        sys.exit(2)
