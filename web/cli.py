"""`commsdesk serve`: the web desk on the configured store."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import click

from commsdesk.terminal import config_option, errors, settings_or_exit


@click.command()
@config_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--workers",
    default=min(os.cpu_count() or 1, 4),
    show_default="one per core, at most 4",
    type=click.IntRange(1, 64),
    help="Processes serving the desk. Each runs Python on one core at a time; the store is shared.",
)
def serve(config_path: Path | None, host: str, port: int, workers: int) -> None:
    """Serve the web desk: compose, review, alerts, incidents, topics, search, replies, reports, audit.
    Everything it needs is served by itself."""
    import uvicorn

    from commsdesk.logs import setup_logging
    from config.settings import default_path
    from web.app import LOG_LEVEL_VARIABLE

    settings = settings_or_exit(config_path)
    level = click.get_current_context().find_root().obj.get("log_level", "INFO")
    setup_logging(level, settings.secrets.values())
    if not _loopback(host):
        errors.print(
            f"[yellow]note[/yellow] browsers keep the desk's sign-in cookie only over HTTPS or on this machine "
            f"(127.0.0.1, localhost): serve {host} behind TLS, or people cannot stay signed in",
            highlight=False,
        )
    # the workers are fresh processes: they load the settings just checked, from the same file
    os.environ["COMMSDESK_CONFIG"] = str((config_path or default_path()).resolve())
    os.environ[LOG_LEVEL_VARIABLE] = level
    errors.print(
        f"the web desk for {settings.store.path} is at http://{host}:{port}/ ({workers} worker process"
        f"{'es' if workers != 1 else ''})",
        highlight=False,
    )
    uvicorn.run(
        "web.app:from_environment",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_config=None,
        server_header=False,
        proxy_headers=False,
    )


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
