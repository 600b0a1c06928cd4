"""`commsdesk alerts [list|show|ack|resolve|check]`: duty staff follow, own and close alerts."""

from __future__ import annotations

import getpass
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from rich.table import Table

from analyse.alerts.records import STATES, severity_rank
from commsdesk.terminal import config_option, console, errors, settings_or_exit


def _user() -> str:
    return getpass.getuser()


@click.group(invoke_without_command=True)
@config_option
@click.pass_context
def alerts(ctx: click.Context, config_path: Path | None) -> None:
    """Alerts for duty staff: with no subcommand, the open ones, most urgent first."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_alerts, state="open", limit=30, as_json=False, config_path=config_path)


@alerts.command("list")
@click.option("--state", type=click.Choice(["open", *STATES, "all"]), default="open", show_default=True)
@click.option("--limit", type=int, default=30, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines instead of a table.")
@config_option
def list_alerts(state: str, limit: int, as_json: bool, config_path: Path | None) -> None:
    """List alerts: open (new or acknowledged) by default."""
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        found = store.open_alerts() if state == "open" else store.alerts(None if state == "all" else state, limit=limit)
    found = sorted(found, key=lambda a: (a.state != "new", -severity_rank(a.severity), -a.id))[:limit]
    if as_json:
        rows = [
            {
                "id": a.id,
                "state": a.state,
                "severity": a.severity,
                "kind": a.kind,
                "title": a.title,
                "reason": a.reason,
                "mentions": a.size,
                "opened_at": a.opened_at.isoformat(),
                "updated_at": a.updated_at.isoformat(),
                "acknowledged_by": a.acknowledged_by,
                "resolved_by": a.resolved_by,
                "resolved_note": a.resolved_note,
            }
            for a in found
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    tz = ZoneInfo(settings.force.timezone)
    table = Table(title=f"{state} alerts" if state != "all" else "alerts")
    for column in ("id", "severity", "state", "what", "why", "mentions", "opened", "who"):
        table.add_column(column, overflow="fold")
    colours = {"critical": "bold red", "high": "red", "medium": "yellow"}
    for a in found:
        who = a.resolved_by or a.acknowledged_by
        table.add_row(
            str(a.id),
            f"[{colours[a.severity]}]{a.severity}[/]",
            a.state,
            a.title,
            a.reason,
            str(a.size),
            f"{a.opened_at.astimezone(tz):%d %b %H:%M}",
            who,
        )
    console.print(table if found else f"no {state} alerts" if state != "all" else "no alerts yet")


@alerts.command("show")
@click.argument("ident", metavar="ID", type=int)
@config_option
def show(ident: int, config_path: Path | None) -> None:
    """One alert: why, the evidence, and its history."""
    from analyse.pseudonyms import Pseudonymiser, safe_url
    from analyse.views import scrubber
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    tz = ZoneInfo(settings.force.timezone)
    with Store(settings.store.path) as store:
        alert = store.get_alert(ident)
        if alert is None:
            errors.print(f"[red]error[/red] no alert {ident}")
            sys.exit(1)
        history = store.alert_history(ident)
        scrub = scrubber(Pseudonymiser(store.pseudonym_key()), settings, [])
    console.print(f"[bold]alert {alert.id}[/bold] ({alert.severity}, {alert.state}): {alert.title}", highlight=False)
    console.print(alert.reason, highlight=False)
    evidence = alert.evidence
    if evidence.terms:
        console.print("growing fastest: " + ", ".join(evidence.terms), highlight=False)
    if evidence.places:
        console.print("places: " + ", ".join(f"{name} ({n})" for name, n in evidence.places), highlight=False)
    for post in evidence.posts:
        text = scrub(" ".join(post.text.split()), post.platform)
        when = post.created_at.astimezone(tz)
        console.print(f"  {when:%H:%M} {text[:200]}\n        {safe_url(post.platform, post.id, post.url)}")
    for event in history:
        note = f": {event.note}" if event.note else ""
        by = f" by {event.by}" if event.by else ""
        console.print(f"  {event.at.astimezone(tz):%d %b %H:%M} {event.event}{by}{note}", highlight=False)


@alerts.command("ack")
@click.argument("ident", metavar="ID", type=int)
@click.option("--by", default=_user, show_default="$USER", help="Who is taking it.")
@config_option
def ack(ident: int, by: str, config_path: Path | None) -> None:
    """Acknowledge an alert: you own it now."""
    _move(config_path, lambda store: store.acknowledge_alert(ident, by))


@alerts.command("resolve")
@click.argument("ident", metavar="ID", type=int)
@click.option("--note", required=True, help="What happened, for the record.")
@click.option("--by", default=_user, show_default="$USER", help="Who is closing it.")
@config_option
def resolve(ident: int, note: str, by: str, config_path: Path | None) -> None:
    """Resolve an acknowledged alert with a note (it reopens if the story flares again)."""
    _move(config_path, lambda store: store.resolve_alert(ident, by, note))


def _move(config_path: Path | None, act: object) -> None:
    from analyse.alerts.lifecycle import IllegalMove
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        try:
            alert = act(store)  # type: ignore[operator]
        except KeyError as error:
            errors.print(f"[red]error[/red] {error.args[0]}")
            sys.exit(1)
        except IllegalMove as error:
            errors.print(f"[red]error[/red] {error}", highlight=False)
            sys.exit(1)
    who = alert.resolved_by or alert.acknowledged_by
    console.print(f"alert {alert.id} {alert.state} by {who}: {alert.title}", highlight=False)


@alerts.command("check")
@click.option("--at", "at", default=None, help="Check as of this time (UTC, ISO 8601); default now.")
@config_option
def check(at: str | None, config_path: Path | None) -> None:
    """Run one round of the detectors now and queue messages (the service does this after each analysis)."""
    from analyse.alerts.run import check_alerts, describe
    from commsdesk.delivery import alert_channels, configured_channels
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    now = datetime.fromisoformat(at).replace(tzinfo=UTC) if at else datetime.now(UTC)
    channels = alert_channels(configured_channels(settings))
    with Store(settings.store.path) as store:
        changes = check_alerts(store, settings, now=now, channels=channels)
    for change in changes:
        flag = "notify" if change.notify else "quiet"
        console.print(
            f"{change.change} alert {change.alert.id} ({flag}): {describe(change.alert, settings.force.timezone)}"
        )
    if not changes:
        console.print("no new or changed alerts")
    elif channels:
        console.print(f"queued for {', '.join(channels)}; `commsdesk run` delivers them")
