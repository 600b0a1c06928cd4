"""`commsdesk incident start|end|show` and `commsdesk holding list|post`: duty staff's incident controls.

The incident lives in the store, so every process sees it: the service puts the collectors on
their incident intervals within seconds, alerts sharpen on its terms and place, and routine posts
hold on every platform until it ends, when they go back to review. Who declared it, when and why is
recorded, and each hold is in the audit trail. Pre-approved holding statements are filled in and
posted fast, still through the checks. The commands act as a desk user with the duty or senior role.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from rich.markup import escape
from rich.table import Table

from commsdesk.records import Incident
from commsdesk.terminal import acting_user_or_exit, as_option, config_option, console, errors, settings_or_exit
from publish.records import Account, Post

FIRST_WORDS = 8


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


def posts_table(posts: Iterable[Post], title: str) -> Table:
    """The posts an incident holds or released: which, where, when they were due, how they begin."""
    from publish.drafts import show_london

    table = Table("post", "accounts", "due (London)", "begins", title=title, title_justify="left")
    for post in posts:
        text = next(iter(post.texts.values()), "")
        words = text.split()
        begins = " ".join(words[:FIRST_WORDS]) + (" …" if len(words) > FIRST_WORDS else "")
        due = show_london(post.scheduled_at) if post.scheduled_at else "when approved"
        table.add_row(str(post.id), ", ".join(map(str, post.accounts)), due, escape(begins))
    return table


@click.group()
def incident() -> None:
    """Declare a critical incident (collection speeds up, alerts sharpen, routine posts hold) and end it."""


@incident.command("start")
@click.option("--reason", required=True, help="What is happening, for the record.")
@click.option("--place", default="", help="The neighbourhood it is in, if any.")
@click.option("--term", "terms", multiple=True, help="A word or phrase people will use about it (repeatable).")
@as_option
@config_option
def start(reason: str, place: str, terms: tuple[str, ...], acting_as: str | None, config_path: Path | None) -> None:
    """Declare a critical incident and hold every routine post on every platform."""
    from commsdesk.store import IncidentActive, Store
    from publish.incident_hold import INCIDENT_ROLES, declare

    settings = settings_or_exit(config_path)
    areas = {area.name.lower(): area.name for area in settings.neighbourhoods}
    if place and place.lower() not in areas:
        raise click.BadParameter(f"{place!r} is not one of the force's neighbourhoods: {', '.join(areas.values())}")
    with Store(settings.store.path) as store:
        user = acting_user_or_exit(store, acting_as, *INCIDENT_ROLES)
        try:
            declared, held = declare(store, reason=reason, by=user, place=areas.get(place.lower(), ""), terms=terms)
        except IncidentActive as error:
            errors.print(f"[red]error[/red] {error}; end it first (`commsdesk incident end`)", highlight=False)
            sys.exit(1)
        going_out = store.posts("publishing")
    console.print(describe(declared, settings.force.timezone), highlight=False)
    if held:
        console.print(posts_table(held, "held: routine posts that were due to go out"))
    console.print(f"held {len(held)} routine post(s) on every platform; they go back to review when the incident ends")
    if going_out:
        console.print(posts_table(going_out, "[yellow]already going out, too late to hold[/yellow]"))
    x, fb, yt = (settings.incident.x_interval, settings.incident.facebook_interval, settings.incident.youtube_interval)
    console.print(f"a running `commsdesk run` now collects X every {x}, Facebook every {fb}, YouTube every {yt}")


@incident.command("end")
@click.option("--note", default="", help="How it ended, for the record.")
@as_option
@config_option
def end(note: str, acting_as: str | None, config_path: Path | None) -> None:
    """End the active critical incident; what it held goes back to review, not straight out."""
    from commsdesk.store import Store
    from publish.incident_hold import INCIDENT_ROLES, stand_down

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        user = acting_user_or_exit(store, acting_as, *INCIDENT_ROLES)
        try:
            ended, released = stand_down(store, by=user, note=note)
        except KeyError:
            errors.print("[yellow]no incident is active[/yellow]")
            sys.exit(1)
    console.print(describe(ended, settings.force.timezone), highlight=False)
    if released:
        console.print(posts_table(released, "back to review: a reviewer approves each again"))
    console.print(f"released {len(released)} held post(s) to review (submitted); none goes out unapproved")


@incident.command("show")
@config_option
def show(config_path: Path | None) -> None:
    """The active incident, if any, what it holds, and the last few."""
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        recent = store.incidents(limit=5)
        active = recent[0] if recent and recent[0].active else None
        held = store.incident_holds(active.id) if active else []
    if active is None:
        console.print(f"no incident is active (checked {datetime.now(UTC):%H:%M} UTC)")
    for item in recent:
        console.print(("[bold red]ACTIVE[/bold red] " if item.active else "") + describe(item, settings.force.timezone))
    if active is not None:
        if held:
            console.print(posts_table(held, f"held by incident {active.id}"))
        console.print(f"incident {active.id} holds {len(held)} post(s)")


# -- holding statements ---------------------------------------------------------------------------


@click.group()
def holding() -> None:
    """Pre-approved holding statements: fill in the blanks and post fast, still through the checks."""


@holding.command("list")
@config_option
def holding_list(config_path: Path | None) -> None:
    """The force's holding statements, with the blanks to fill in."""
    from publish.holding import BLANK, templates

    settings = settings_or_exit(config_path)
    known = templates(settings)
    if not known:
        console.print("no holding statements: add [[holding_statements]] to the force's settings")
        return
    table = Table("name", "title", "text (fill in the [bold cyan]{blanks}[/])", "on", "approved", show_lines=True)
    for template in known.values():
        text = BLANK.sub(lambda match: f"[bold cyan]{{{match[1]}}}[/]", escape(template.text))
        approved = f"{template.approved_by}, {template.approved_on}"
        table.add_row(template.name, escape(template.title), text, ", ".join(template.platforms), escape(approved))
    console.print(table)


@holding.command("post")
@click.argument("name")
@click.option("--set", "fills", multiple=True, metavar="BLANK=WORDS", help="Fill in a blank: --set place=Heaton.")
@click.option(
    "--account",
    "accounts",
    multiple=True,
    metavar="PLATFORM:NAME",
    help="Post on this account only (repeatable; default: every account the statement may go on).",
)
@as_option
@config_option
def holding_post(
    name: str, fills: tuple[str, ...], accounts: tuple[str, ...], acting_as: str | None, config_path: Path | None
) -> None:
    """Fill in the holding statement NAME and post it: out at the scheduler's next run when the checks
    find nothing, otherwise to ordinary review."""
    from commsdesk.store import Store
    from policy_checks.cli import render
    from policy_checks.engine import Checker
    from publish.drafts import DraftRefused
    from publish.incident_hold import INCIDENT_ROLES, publish_holding
    from publish.lifecycle import NotAllowed

    settings = settings_or_exit(config_path)
    values = _blanks(fills)
    chosen = tuple(_account(text) for text in accounts)
    with Store(settings.store.path) as store:
        user = acting_user_or_exit(store, acting_as, *INCIDENT_ROLES)
        try:
            made = publish_holding(store, settings, name, values, chosen, user, Checker(settings.policy))
        except DraftRefused as refused:
            for reason in refused.reasons:
                errors.print(f"[red]refused[/red] {escape(reason)}", highlight=False)
            sys.exit(1)
        except NotAllowed as error:
            errors.print(f"[red]error[/red] {escape(str(error))}", highlight=False)
            sys.exit(1)
    where = ", ".join(map(str, made.accounts))
    linked = f", linked to incident {made.incident_id}" if made.incident_id else ""
    if made.state == "scheduled":
        console.print(f"post {made.id} ({name}{linked}) is queued on {where}: out at the scheduler's next run")
        console.print(escape(next(iter(made.texts.values()))), highlight=False)
        return
    console.print(
        f"[yellow]post {made.id} ({name}{linked}) went to ordinary review[/yellow]: the checks found something "
        f"({made.verdict}), so a reviewer looks at it first"
    )
    for platform, text in made.texts.items():
        console.print(f"[bold]{platform}[/bold]")
        render(text, list(made.findings.get(platform, ())), console)


def _blanks(fills: Iterable[str]) -> dict[str, str]:
    """--set place=Heaton ... as {"place": "Heaton"}; each blank once."""
    values: dict[str, str] = {}
    for item in fills:
        blank, equals, words = item.partition("=")
        blank = blank.strip().strip("{}")
        if not equals or not blank:
            raise click.BadParameter(f"{item!r}: write it as BLANK=WORDS, e.g. place=Heaton", param_hint="--set")
        if blank in values:
            raise click.BadParameter(f"{{{blank}}} is set twice", param_hint="--set")
        values[blank] = words
    return values


def _account(text: str) -> Account:
    """x:NorthshirePolice as an Account."""
    platform, colon, name = text.partition(":")
    try:
        if not colon or not name.strip():
            raise ValueError("write it as PLATFORM:NAME, e.g. x:NorthshirePolice")
        return Account(platform.strip().lower(), name.strip().lstrip("@"))
    except ValueError as error:
        raise click.BadParameter(f"{text!r}: {error}", param_hint="--account") from None
