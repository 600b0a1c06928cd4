"""`commsdesk incident start|end|show`: duty staff declare a critical incident and end it.

The incident lives in the store, so every process sees it: the service puts the collectors on
their incident intervals within seconds, alerts sharpen on its terms and place, and (once the
publishing workflow lands) routine posts hold. Who declared it, when and why is recorded.
"""

from __future__ import annotations

import getpass
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from commsdesk.records import Incident
from commsdesk.terminal import config_option, console, errors, settings_or_exit


def _user() -> str:
    return getpass.getuser()


def describe(incident: Incident, zone: str) -> str:
    """One line a duty inspector can read: what, where, since when, by whom."""
    tz = ZoneInfo(zone)
    where = f" in {incident.place}" if incident.place else ""
    terms = f"; watching {', '.join(incident.terms)}" if incident.terms else ""
    declared = f"{incident.started_at.astimezone(tz):%d %b %H:%M} by {incident.started_by}"
    line = f"incident {incident.id}{where}: {incident.reason} (declared {declared}{terms})"
    if incident.ended_at:
        line += f"; ended {incident.ended_at.astimezone(tz):%d %b %H:%M} by {incident.ended_by}"
        if incident.end_note:
            line += f": {incident.end_note}"
    return line


@click.group()
def incident() -> None:
    """Declare a critical incident (collection speeds up, alerts sharpen) and end it."""


@incident.command("start")
@click.option("--reason", required=True, help="What is happening, for the record.")
@click.option("--place", default="", help="The neighbourhood it is in, if any.")
@click.option("--term", "terms", multiple=True, help="A word or phrase people will use about it (repeatable).")
@click.option("--by", default=_user, show_default="$USER", help="Who is declaring it.")
@config_option
def start(reason: str, place: str, terms: tuple[str, ...], by: str, config_path: Path | None) -> None:
    """Declare a critical incident."""
    from commsdesk.store import IncidentActive, Store

    settings = settings_or_exit(config_path)
    areas = {area.name.lower(): area.name for area in settings.neighbourhoods}
    if place and place.lower() not in areas:
        raise click.BadParameter(f"{place!r} is not one of the force's neighbourhoods: {', '.join(areas.values())}")
    with Store(settings.store.path) as store:
        try:
            declared = store.start_incident(reason=reason, by=by, place=areas.get(place.lower(), ""), terms=terms)
        except IncidentActive as error:
            errors.print(f"[red]error[/red] {error}; end it first (`commsdesk incident end`)", highlight=False)
            sys.exit(1)
    console.print(describe(declared, settings.force.timezone), highlight=False)
    x, fb, yt = (settings.incident.x_interval, settings.incident.facebook_interval, settings.incident.youtube_interval)
    console.print(f"a running `commsdesk run` now collects X every {x}, Facebook every {fb}, YouTube every {yt}")


@incident.command("end")
@click.option("--note", default="", help="How it ended, for the record.")
@click.option("--by", default=_user, show_default="$USER", help="Who is ending it.")
@config_option
def end(note: str, by: str, config_path: Path | None) -> None:
    """End the active critical incident: everything returns to normal."""
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        try:
            ended = store.end_incident(by=by, note=note)
        except KeyError:
            errors.print("[yellow]no incident is active[/yellow]")
            sys.exit(1)
    console.print(describe(ended, settings.force.timezone), highlight=False)


@incident.command("show")
@config_option
def show(config_path: Path | None) -> None:
    """The active incident, if any, and the last few."""
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        recent = store.incidents(limit=5)
    if not recent or not recent[0].active:
        console.print(f"no incident is active (checked {datetime.now(UTC):%H:%M} UTC)")
    for item in recent:
        console.print(("[bold red]ACTIVE[/bold red] " if item.active else "") + describe(item, settings.force.timezone))
