"""`commsdesk replies [list|show|assign|answer|dismiss|mark]`: the mentions that need a reply from the force."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click
from rich.table import Table
from rich.text import Text

from commsdesk.terminal import acting_user_or_exit, as_option, config_option, console, errors, settings_or_exit
from publish.replies.records import KINDS, QueueItem, shown_status

if TYPE_CHECKING:
    from commsdesk.records import Mention
    from commsdesk.store import Store
    from publish.records import Post

FIRST_WORDS = 12
PRIORITY_STYLE = {1: "bold red", 2: "red", 3: "yellow"}


@click.group(invoke_without_command=True)
@config_option
@as_option
@click.pass_context
def replies(ctx: click.Context, config_path: Path | None, acting_as: str | None) -> None:
    """Mentions that need a reply: with no subcommand, those still to do, most urgent first."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_replies, mine=False, show_all=False, kind=None, config_path=config_path, acting_as=acting_as)


@replies.command("list")
@click.option("--mine", is_flag=True, help="Only those assigned to you.")
@click.option("--all", "show_all", is_flag=True, help="Dismissed ones and those replied to as well.")
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Only this kind.")
@config_option
@as_option
def list_replies(mine: bool, show_all: bool, kind: str | None, config_path: Path | None, acting_as: str | None) -> None:
    """The queue: what still needs the desk (open, assigned, a reply not yet out), most urgent first."""
    from commsdesk.store import Store
    from publish.drafts import show_london

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        me = acting_user_or_exit(store, acting_as)
        items = store.reply_queue(to_do=not show_all, assigned_to=me.name if mine else None, kind=kind)
        rows = [(item, store.get_mention(item.platform, item.mention_id), _reply(store, item)) for item in items]
    if not rows:
        console.print("nothing to do: no mention is waiting for a reply" if not show_all else "the queue is empty")
        return
    table = Table(title="mentions waiting for a reply" if not show_all else "the response queue")
    for column in ("id", "priority", "kind", "platform", "when", "author", "what", "assigned to", "status"):
        table.add_column(column, overflow="fold")
    for item, mention, reply in rows:
        table.add_row(
            str(item.id),
            Text(str(item.priority), style=PRIORITY_STYLE.get(item.priority, "")),
            _kind(item.kind),
            item.platform,
            show_london(item.mention_at),
            Text(_author(mention)),
            Text(_first_words(mention.text) if mention else "(no longer stored)"),
            item.assigned_to,
            shown_status(item, reply),
        )
    console.print(table)


@replies.command("show")
@click.argument("ident", metavar="ID", type=int)
@config_option
@as_option
def show(ident: int, config_path: Path | None, acting_as: str | None) -> None:
    """One queued mention: what it says, why it was marked, who has it, and the reply if any."""
    from commsdesk.store import Store
    from publish.drafts import show_london

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        acting_user_or_exit(store, acting_as)
        item = _item_or_exit(store, ident)
        mention = store.get_mention(item.platform, item.mention_id)
        reply = _reply(store, item)
    console.print(
        f"[bold]reply {item.id}[/bold]: {_kind(item.kind)}, priority {item.priority}, {shown_status(item, reply)}",
        highlight=False,
    )
    console.print(Text(f"why: {item.reason}"))
    console.print(Text(f"{item.platform} · {_author(mention)} · {show_london(item.mention_at)}"))
    if mention is not None:
        if mention.url:
            console.print(Text(mention.url))
        console.print(Text(mention.text), style="italic")
    else:
        console.print("(the mention is no longer stored)")
    if item.assigned_to:
        when = f" at {show_london(item.assigned_at)}" if item.assigned_at else ""
        console.print(Text(f"assigned to {item.assigned_to} by {item.assigned_by}{when}"))
    if item.status == "dismissed":
        console.print(Text(f"dismissed by {item.dismissed_by}: {item.dismissed_note}"))
    if reply is not None:
        console.print(Text(f"reply post {reply.id} ({reply.state}, checks: {reply.verdict}) by {reply.author}:"))
        for platform, text in reply.texts.items():
            console.print(Text(f"  {platform}: {text}"))


@replies.command("assign")
@click.argument("ident", metavar="ID", type=int)
@click.option("--to", "to_name", default=None, metavar="NAME", help="Who answers it (default: you).")
@config_option
@as_option
def assign(ident: int, to_name: str | None, config_path: Path | None, acting_as: str | None) -> None:
    """Give a queued mention to a desk user to answer (yourself by default)."""
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        me = acting_user_or_exit(store, acting_as)
        to = store.user(to_name.strip()) if to_name else me
        if to is None:
            _fail(f"--to {to_name}: not a desk user (see `commsdesk users list`)")
        with _refusals():
            item = store.assign_reply(ident, to=to, by=me)
    console.print(Text(f"reply {item.id} ({_kind(item.kind)}) assigned to {item.assigned_to}"))


@replies.command("answer")
@click.argument("ident", metavar="ID", type=int)
@click.option("--text", required=True, help="The reply, as it will be published.")
@click.option("--no-submit", "draft_only", is_flag=True, help="Keep it as a draft instead of submitting it.")
@config_option
@as_option
def answer_command(ident: int, text: str, draft_only: bool, config_path: Path | None, acting_as: str | None) -> None:
    """Draft the force's reply (checked at once) and submit it for approval."""
    from commsdesk.store import Store
    from policy_checks.cli import render
    from policy_checks.engine import default_checker
    from publish.desk import checks_for
    from publish.drafts import AUTHORS
    from publish.replies.queue import answer

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        me = acting_user_or_exit(store, acting_as, *AUTHORS)
        item = _item_or_exit(store, ident)
        default_checker().warm_up()  # the model loads now, not inside the store's write lock
        with _refusals():
            item, post = answer(store, settings, item, text, me, checks_for(settings), submit=not draft_only)
    state = "kept as a draft" if draft_only else "submitted for approval"
    console.print(Text(f"reply {item.id}: post {post.id} {state} ({post.verdict})"))
    for platform, found in post.findings.items():
        render(post.texts[platform], list(found), console)


@replies.command("dismiss")
@click.argument("ident", metavar="ID", type=int)
@click.option("--note", required=True, help="Why no reply is needed, for the record.")
@config_option
@as_option
def dismiss(ident: int, note: str, config_path: Path | None, acting_as: str | None) -> None:
    """Take a mention off the queue without a reply, saying why."""
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        me = acting_user_or_exit(store, acting_as)
        with _refusals():
            item = store.dismiss_reply(ident, by=me, note=note)
    console.print(Text(f"reply {item.id} dismissed: {item.dismissed_note}"))


@replies.command("mark")
@config_option
@as_option
def mark(config_path: Path | None, acting_as: str | None) -> None:
    """Look at the mentions analysed since the last marking now (the service does this after each analysis)."""
    from commsdesk.store import Store
    from publish.replies.queue import queue_new

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        acting_user_or_exit(store, acting_as)
        marked = queue_new(store, settings, now=datetime.now(UTC))
    console.print(f"marked {marked} new mention(s) that need a reply (`commsdesk replies` lists what is waiting)")


# -- helpers ----------------------------------------------------------------------------------------


def _reply(store: Store, item: QueueItem) -> Post | None:
    return store.post(item.post_id) if item.post_id is not None else None


def _item_or_exit(store: Store, ident: int) -> QueueItem:
    item = store.reply_item(ident)
    if item is None:
        _fail(f"no reply {ident} in the queue (see `commsdesk replies list --all`)")
    return item


@contextmanager
def _refusals() -> Iterator[None]:
    """An unknown id, an illegal move, a move not yours, a refused draft: one clear line and exit 1."""
    from publish.drafts import DraftRefused
    from publish.lifecycle import IllegalMove, NotAllowed

    try:
        yield
    except KeyError as error:
        _fail(str(error.args[0]))
    except DraftRefused as refused:
        _fail("the reply was not saved: " + "; ".join(refused.reasons))
    except (IllegalMove, NotAllowed) as error:
        _fail(str(error))


def _fail(message: str) -> NoReturn:
    errors.print(Text.assemble(("error", "red"), " ", message))
    sys.exit(1)


def _kind(kind: str) -> str:
    return kind.replace("_", " ")


def _author(mention: Mention | None) -> str:
    """@handle on X (YouTube handles carry their @ already); the name where there is no handle."""
    if mention is None:
        return ""
    if mention.platform == "x" and mention.author_handle:
        return f"@{mention.author_handle}"
    return mention.author_handle or mention.author_name


def _first_words(text: str) -> str:
    words = text.split()
    return " ".join(words[:FIRST_WORDS]) + (" …" if len(words) > FIRST_WORDS else "")
