"""What every command shares: the consoles, the --config option, loading settings or exiting clearly.

Its own module so that commands living beside their domain code (analyse, alerts, the report,
incidents) can import it without importing the command group that registers them.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console

from config.settings import ConfigInvalid, Settings, load

if TYPE_CHECKING:
    from commsdesk.store import Store
    from publish.records import User

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


as_option = click.option(
    "--as",
    "acting_as",
    default=None,
    metavar="NAME",
    help="The desk user to act as (default: $COMMSDESK_USER, else your login name).",
)


def acting_name(acting_as: str | None) -> str:
    """Who a command acts as: --as, else $COMMSDESK_USER, else the login name."""
    return (acting_as or os.environ.get("COMMSDESK_USER") or getpass.getuser()).strip()


def acting_user_or_exit(store: Store, acting_as: str | None, *roles: str) -> User:
    """The store's user this command acts as, holding one of `roles` (any role when none given);
    otherwise print who they are, what is missing and how an admin fixes it, and exit 1."""
    name = acting_name(acting_as)
    user = store.user(name)
    if user is None:
        errors.print(
            f"[red]error[/red] {name} is not a desk user: an admin adds them with "
            f"`commsdesk users add {name} --role officer` (or act as someone else with --as NAME)",
            highlight=False,
        )
        sys.exit(1)
    if roles and not user.has(*roles):
        errors.print(
            f"[red]error[/red] {name} ({', '.join(sorted(user.roles)) or 'no roles'}) may not do this: "
            f"it needs {' or '.join(roles)}",
            highlight=False,
        )
        sys.exit(1)
    return user
