"""The publishing commands: `commsdesk post ...` (the force's own posts), `commsdesk users ...` (who may use
the desk) and `commsdesk audit verify|export` (prove who wrote, changed, checked, approved and published).

The work is done in `publish.desk`, which the web app calls too; this module only reads options and
prints. Every refusal is one red line (every reason, for a refused draft) and exit 1, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.table import Table
from rich.text import Text

from commsdesk.records import parse_time
from commsdesk.terminal import (
    acting_name,
    acting_user_or_exit,
    as_option,
    config_option,
    console,
    errors,
    settings_or_exit,
)
from publish import desk
from publish.desk import Typed
from publish.drafts import DraftRefused, show_london
from publish.lifecycle import IllegalMove, NotAllowed
from publish.records import PLATFORMS, ROLES, STATES, Post, User

if TYPE_CHECKING:
    from commsdesk.store import Store
    from config.settings import Settings


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


# -- the force's own posts -----------------------------------------------------------------------


@contextmanager
def _refusals() -> Iterator[None]:
    """A refusal as a person reads it (every reason of a refused draft; one red line otherwise), exit 1."""
    try:
        yield
    except DraftRefused as refused:
        errors.print(Text.assemble(("not saved", "red"), ": fix these and try again"))
        for reason in refused.reasons:
            errors.print(Text(f"  • {reason}"))
        sys.exit(1)
    except (IllegalMove, NotAllowed) as refused:
        errors.print(Text.assemble(("refused ", "red"), str(refused)))
        sys.exit(1)
    except KeyError as missing:
        errors.print(Text.assemble(("error ", "red"), str(missing.args[0] if missing.args else missing)))
        sys.exit(1)


@contextmanager
def _desk(config_path: Path | None, acting_as: str | None) -> Iterator[tuple[Settings, Store, User]]:
    """The force's settings, its store, and the desk user acting (who must exist), with refusals handled."""
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        user = acting_user_or_exit(store, acting_as)
        with _refusals():
            yield settings, store, user


@click.group("post")
def post_group() -> None:
    """The force's own posts: draft, check, submit, approve, schedule; list and show them."""


def _content_options(command: Callable[..., None]) -> Callable[..., None]:
    options = [
        click.option("--text", default=None, help="The text for every chosen platform."),
        click.option("--x", "x_text", default=None, help="The X text (over --text)."),
        click.option("--facebook", "facebook_text", default=None, help="The Facebook text (over --text)."),
        click.option("--youtube", "youtube_text", default=None, help="The YouTube reply text (over --text)."),
        click.option(
            "--account",
            "accounts",
            multiple=True,
            metavar="PLATFORM:NAME",
            help="An account to post on, e.g. x:NorthshirePolice (repeat for more). Default for a new post: the "
            "force's first account on each platform given its own text (--x/--facebook/--youtube); with only "
            "--text, the platform of --reply-to, else the first X account in the settings.",
        ),
        click.option("--at", default=None, help="When, in London: '2026-11-21 09:30'. Omit or 'asap': when approved."),
        click.option("--campaign", default=None, help="Campaign tag."),
        click.option("--reply-to", default=None, metavar="PLATFORM:ID", help="The mention this answers."),
        click.option("--media", default=None, type=click.Path(path_type=str), help="An image or video to attach."),
        click.option("--alt", default=None, help="The media's alt text: what it shows (required with --media)."),
        click.option("--source", default=None, help="Where the media came from."),
        click.option("--licence", default=None, help="The media's licence."),
        click.option("--thread/--no-thread", default=None, help="Post a long X text as a thread."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _typed(content: dict[str, Any]) -> Typed:
    texts = {p: content.pop(f"{p}_text") for p in PLATFORMS}
    return Typed(texts={p: t for p, t in texts.items() if t is not None}, **content)


@post_group.command("new")
@_content_options
@click.option("--submit", is_flag=True, help="Submit it for review at once.")
@config_option
@as_option
def post_new(submit: bool, config_path: Path | None, acting_as: str | None, **content: Any) -> None:
    """Draft a post (or a reply): checked at once; nothing is saved when something is wrong."""
    with _desk(config_path, acting_as) as (settings, store, user):
        accounts = desk.accounts_of(settings)
        spec = desk.spec_from(_typed(content), accounts=accounts, now=store.clock())
        made = desk.create(store, spec, by=user, checker=desk.checks_for(settings), accounts=accounts, submit=submit)
    verb = "submitted for review" if made.state == "submitted" else "saved as a draft"
    console.print(f"post [bold]{made.id}[/bold] {verb} (version {made.version})")
    _findings(made)
    _next(made)


@post_group.command("edit")
@click.argument("ident", metavar="ID", type=int)
@_content_options
@click.option("--version", "seen_version", type=int, default=None, help="The version you looked at.")
@config_option
@as_option
def post_edit(
    ident: int, seen_version: int | None, config_path: Path | None, acting_as: str | None, **content: Any
) -> None:
    """Change a post; anything not given keeps its value. Checks run again; an approved post goes back for review.

    To clear a field give it blank: --at asap (as soon as approved), --campaign "", --reply-to "", --media "".
    """
    typed = _typed(content)
    if typed.empty:
        raise click.UsageError("nothing to change: give --text, --x, --account, --at, ... (see --help)")
    with _desk(config_path, acting_as) as (settings, store, user):
        checker = desk.checks_for(settings)
        edited = desk.edit(
            store,
            ident,
            typed,
            by=user,
            checker=checker,
            accounts=desk.accounts_of(settings),
            seen_version=seen_version,
        )
    console.print(f"post [bold]{edited.id}[/bold] is now version {edited.version} ({edited.state})")
    _findings(edited)
    _next(edited)


def _move_command(action: str, summary: str, needs: tuple[str, str] | None = None) -> None:
    """A `post ACTION ID` command making one move of the life-cycle table; `needs`: the (option, help) of
    the comment or reason the move requires."""

    @click.argument("ident", metavar="ID", type=int)
    @config_option
    @as_option
    def command(ident: int, config_path: Path | None, acting_as: str | None, note: str = "") -> None:
        with _desk(config_path, acting_as) as (_, store, user):
            moved = store.move_post(ident, action, user, note=note)
        console.print(f"post [bold]{moved.id}[/bold]: {action} → {moved.state}")
        _next(moved)

    command.__doc__ = summary
    if needs is not None:
        command = click.option(needs[0], "note", required=True, help=needs[1])(command)
    post_group.command(action)(command)


_move_command("submit", "Submit a draft for review.")
_move_command("withdraw", "Take your submitted post back to draft.")
_move_command("reject", "Send a post back to its author, saying why.", ("--comment", "What the author should change."))
_move_command("hold", "Hold an approved or scheduled post.", ("--reason", "Why it is held."))
_move_command("release", "Release a held post back to review (never straight to publishing).")


@post_group.command("approve")
@click.argument("ident", metavar="ID", type=int)
@click.option("--note", default="", help="A note for the author.")
@click.option("--version", "seen_version", type=int, default=None, help="The version you read: refused if it changed.")
@config_option
@as_option
def post_approve(
    ident: int, note: str, seen_version: int | None, config_path: Path | None, acting_as: str | None
) -> None:
    """Approve a submitted post (not your own) and queue it for the scheduler."""
    with _desk(config_path, acting_as) as (_, store, user):
        done = desk.approve(store, ident, user, note=note, seen_version=seen_version)
    _decided(done, f"approved by {user.name}")


@post_group.command("override")
@click.argument("ident", metavar="ID", type=int)
@click.option("--reason", required=True, help="Why it may go out despite the blocking finding(s).")
@click.option("--version", "seen_version", type=int, default=None, help="The version you read: refused if it changed.")
@config_option
@as_option
def post_override(
    ident: int, reason: str, seen_version: int | None, config_path: Path | None, acting_as: str | None
) -> None:
    """Senior approvers: approve a post past its blocking findings, with a written reason, and queue it."""
    with _desk(config_path, acting_as) as (_, store, user):
        done = desk.override(store, ident, user, reason=reason, seen_version=seen_version)
    _decided(done, f"approved over its blocking findings by {user.name}")


def _decided(done: Post, how: str) -> None:
    if done.state == "needs_reschedule":
        how = "not approved: its time had passed"
    console.print(f"post [bold]{done.id}[/bold] {how} → {done.state}")
    _next(done)


@post_group.command("list")
@click.option("--state", type=click.Choice(STATES), default=None, help="Only posts in this state.")
@click.option("--mine", is_flag=True, help="Only posts you wrote.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@config_option
@as_option
def post_list(state: str | None, mine: bool, limit: int, config_path: Path | None, acting_as: str | None) -> None:
    """The posts, newest first."""
    with _desk(config_path, acting_as) as (_, store, user):
        found = desk.list_posts(store, state=state, author=user.name if mine else None, limit=limit)
    if not found:
        which = " ".join(filter(None, [state, "posts", "by you" if mine else ""]))
        console.print(f"no {which} yet" if not state else f"no {which}")
        return
    table = Table("id", "state", "author", "accounts", "time (London)", "verdict", "text", title="posts")
    for item in found:
        table.add_row(
            str(item.id),
            item.state,
            Text(item.author),
            Text(", ".join(map(str, item.accounts))),
            _when(item),
            Text(item.verdict, style=_STYLE[item.verdict]),
            Text(_first_words(item)),
        )
    console.print(table)


@post_group.command("show")
@click.argument("ident", metavar="ID", type=int)
@config_option
@as_option
def post_show(ident: int, config_path: Path | None, acting_as: str | None) -> None:
    """Everything about one post: texts, accounts, time, findings, reviews, links, versions and history."""
    with _desk(config_path, acting_as) as (_, store, _user):
        story = desk.describe(store, ident)
    shown = story.post
    console.print(
        Text.assemble(
            ("post ", "bold"),
            (str(shown.id), "bold"),
            f" · {shown.state} · version {shown.version} · by {shown.author}",
        )
    )
    details = Table.grid(padding=(0, 2))
    details.add_column(style="bold")
    details.add_column()
    for platform in shown.platforms:
        details.add_row(f"{platform} text", Text(shown.texts.get(platform, "")))
    facts: list[tuple[str, str]] = [
        ("accounts", ", ".join(map(str, shown.accounts))),
        ("time", _when(shown)),
        ("campaign", shown.campaign),
        ("reply to", f"{shown.in_reply_to.platform}:{shown.in_reply_to.mention_id}" if shown.in_reply_to else ""),
        ("thread", "yes" if shown.thread else ""),
        ("incident", str(shown.incident_id or "")),
        ("template", shown.template),
        *(
            (
                f"media {n}",
                f"{m.path} · alt: {m.alt_text or '(none)'} · source: {m.source or '-'} · licence: {m.licence or '-'}",
            )
            for n, m in enumerate(shown.media, start=1)
        ),
        ("reviewed by", shown.reviewed_by),
        ("reviewer's comment", shown.reviewer_comment),
        ("override reason", shown.override_reason),
        ("held because", shown.held_reason),
        ("failed because", shown.failure_reason),
        *((f"published on {account}", link) for account, link in shown.published.items()),
    ]
    for label, value in facts:
        if value:
            details.add_row(label, Text(value))
    console.print(details)
    _findings(shown)
    _next(shown)
    versions = Table("version", "saved (London)", "by", "verdict", title="versions")
    for row in story.versions:
        versions.add_row(str(row["version"]), show_london(parse_time(row["at"])), Text(row["by"]), row["verdict"])
    console.print(versions)
    steps = Table("when (London)", "who", "action", "what", title="history")
    for step in story.steps:
        steps.add_row(show_london(step.at), Text(step.by), step.action, Text(step.what))
    console.print(steps)


_STYLE = {"block": "bold red", "warn": "yellow", "info": "cyan", "pass": "green"}


def _findings(shown: Post) -> None:
    lines = desk.finding_lines(shown)
    if not lines:
        console.print(f"[green]checks on version {shown.version}: nothing found[/green]")
        return
    table = Table(
        "platform",
        "severity",
        "rule",
        "words found",
        "reason",
        "suggested rewrite",
        title=f"checks on version {shown.version}: {shown.verdict}",
    )
    for line in lines:
        table.add_row(
            line.platform,
            Text(line.severity, style=_STYLE[line.severity]),
            line.rule,
            Text(line.words),
            Text(line.reason),
            Text(line.rewrite),
        )
    console.print(table)


def _next(shown: Post) -> None:
    """What happens next, and the command that does it."""
    console.print(Text.assemble(("next: ", "bold"), desk.next_step(shown)))
    hint = _hint(shown)
    if hint:
        console.print(Text(f"      {hint}", style="dim"))


def _hint(shown: Post) -> str:
    ident, version = shown.id, shown.version
    if shown.state == "draft":
        return f"commsdesk post submit {ident}"
    if shown.state == "submitted" and shown.blocking:
        override = f"commsdesk post override {ident} --reason ... --version {version}"
        return f"commsdesk post edit {ident} ...   or (senior)   {override}"
    if shown.state == "submitted":
        reject = f"commsdesk post reject {ident} --comment ..."
        return f"commsdesk post approve {ident} --version {version}   or   {reject}"
    if shown.state in ("rejected", "failed"):
        return f"commsdesk post edit {ident} --text ..."
    if shown.state == "needs_reschedule":
        return f'commsdesk post edit {ident} --at "YYYY-MM-DD HH:MM"'
    if shown.state == "held":
        return f"commsdesk post release {ident}"
    return ""


def _when(shown: Post) -> str:
    return show_london(shown.scheduled_at) if shown.scheduled_at else "when approved"


def _first_words(shown: Post, width: int = 48) -> str:
    text = " ".join(next((shown.texts[p] for p in PLATFORMS if p in shown.texts), "").split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


# -- desk users ----------------------------------------------------------------------------------


@click.group("users")
def users_group() -> None:
    """The people who use the desk and their roles."""


@users_group.command("add")
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES), help="Repeat for more.")
@click.option("--email", default=None, help="Where the desk tells them about their posts.")
@config_option
@as_option
def users_add(
    name: str, roles: tuple[str, ...], email: str | None, config_path: Path | None, acting_as: str | None
) -> None:
    """Add a desk user or replace their roles. Only an admin may, except for the very first admin."""
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    by = acting_name(acting_as)
    with Store(settings.store.path) as store, _refusals():
        try:
            added, bootstrap = desk.add_user(store, name, roles, by=by, email=email)
        except ValueError as bad:
            errors.print(Text.assemble(("error ", "red"), str(bad)))
            sys.exit(1)
    console.print(f"{added.name}: {', '.join(sorted(added.roles))}" + (f" <{added.email}>" if added.email else ""))
    if bootstrap:
        console.print(
            f"[yellow]the desk had no admin[/yellow]: {added.name} is its first admin (added by {by}); from now on "
            "only an admin adds or changes users"
        )


@users_group.command("list")
@config_option
@as_option
def users_list(config_path: Path | None, acting_as: str | None) -> None:
    """Everyone who may use the desk, with their roles."""
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        everyone = store.users()
        if everyone:
            acting_user_or_exit(store, acting_as)
    if not everyone:
        console.print("no desk users yet: add the first admin with `commsdesk users add NAME --role admin`")
        return
    table = Table("name", "roles", "email", title="desk users")
    for person in everyone:
        table.add_row(Text(person.name), ", ".join(sorted(person.roles)), Text(person.email))
    console.print(table)


@users_group.command("password")
@click.argument("name")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@config_option
@as_option
def users_password(name: str, from_stdin: bool, config_path: Path | None, acting_as: str | None) -> None:
    """Set NAME's password for the web desk (`commsdesk serve`): an admin for anyone, anyone for themselves.
    Their sessions end and any lock-out is lifted. One an admin sets for someone else is temporary: they
    choose their own at their next sign-in."""
    from commsdesk.store import Store
    from web.auth import PasswordRefused, set_password

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        actor = acting_user_or_exit(store, acting_as)
        if actor.name != name and not actor.has("admin"):
            errors.print(f"[red]error[/red] only an admin sets someone else's password ({actor.name} is not one)")
            sys.exit(1)
        if from_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = click.prompt(f"new password for {name}", hide_input=True, confirmation_prompt=True)
        try:
            temporary = set_password(store, name, password, by=actor.name)
        except PasswordRefused as refused:
            errors.print(Text.assemble(("error ", "red"), str(refused)))
            sys.exit(1)
        except KeyError:
            errors.print(Text.assemble(("error ", "red"), f"{name} is not a desk user: add them first"))
            sys.exit(1)
    console.print(f"password set for {name}; their web sessions have ended")
    if temporary:
        console.print(f"it is temporary: {name} chooses their own at their next sign-in to the web desk")
