"""`commsdesk analyse`, `topics`, `places`, `communities` and `sentiment correct`: the analysis at the desk."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
from rich.table import Table

from analyse.records import SENTIMENTS
from commsdesk.terminal import config_option, console, errors, settings_or_exit

PARALLEL_FROM = 5000  # a backlog this big repays the seconds each extra process takes to load its models
PARALLEL_WORKERS = 2


@click.command()
@config_option
@click.option("--limit", type=int, default=None, help="Analyse at most this many mentions.")
@click.option("--batch-size", type=int, default=1000, show_default=True, help="Mentions per transaction.")
@click.option(
    "--workers",
    type=click.IntRange(1, 16),
    default=None,
    help=f"Processes analysing at once (default: {PARALLEL_WORKERS} for {PARALLEL_FROM:,} or more waiting, else 1).",
)
def analyse(config_path: Path | None, limit: int | None, batch_size: int, workers: int | None) -> None:
    """Analyse every stored mention not analysed yet: language, sentiment, places, topics' features."""
    from analyse.pipeline import Analyser, AnalyserConfig
    from analyse.run import AnalyserPool, analyse_pending
    from analyse.topics import feature_keys
    from commsdesk.progress import count_progress
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        waiting = store.analysis_backlog() if limit is None else min(limit, store.analysis_backlog())
        if not waiting:
            console.print("nothing new to analyse")
            return
        workers = workers or (PARALLEL_WORKERS if waiting >= PARALLEL_FROM else 1)
        with console.status(f"loading the language model{'s' if workers > 1 else ''}"):
            analyser = Analyser.from_settings(settings) if workers == 1 else None
            pool = AnalyserPool(AnalyserConfig.from_settings(settings), workers) if analyser is None else None
        try:
            engine = analyser or pool
            assert engine is not None
            with count_progress(waiting, f"analysing ({workers} process{'es' if workers > 1 else ''})") as advance:
                run = analyse_pending(
                    store, engine.analyse, feature_keys, batch_size=batch_size, limit=limit, progress=advance
                )
        finally:
            if pool is not None:
                pool.close()
    others = {lang: n for lang, n in run.languages.most_common() if lang != "en"}
    console.print(
        f"analysed {run.analysed:,} mentions in {run.seconds:.1f} s ({run.per_second:,.0f}/s); "
        f"sentiment for {run.modelled:,}"
    )
    if others:
        kept = ", ".join(f"{lang} {n:,}" for lang, n in others.items())
        console.print(
            f"kept and counted, not modelled: {kept} (und: nothing to read, e.g. emoji only)", highlight=False
        )
    stats = engine.stats
    if stats.failed:
        keys = ", ".join(f"{platform}:{ident}" for platform, ident in list(stats.failed_keys)[:5])
        errors.print(
            f"[yellow]{stats.failed:,} mention(s) could not be analysed[/yellow] and were kept with "
            f"language und and no sentiment (the log has why), e.g. {keys}",
            highlight=False,
        )


def window_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--since/--until/--json/--limit, shared by every command that reads a time range."""
    for option in reversed(
        [
            click.option("--since", default="24h", show_default=True, help="A duration back from --until, or a time."),
            click.option("--until", default=None, help="End of the range (UTC, ISO 8601); default: now."),
            click.option("--json", "as_json", is_flag=True, help="Print JSON for machines instead of a table."),
            click.option("--limit", type=int, default=15, show_default=True, help="Rows to show."),
            config_option,
        ]
    ):
        command = option(command)
    return command


def _window(since: str, until: str | None) -> Any:
    from analyse.views import parse_window

    try:
        return parse_window(since, until, now=datetime.now(UTC))
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.command()
@window_options
def topics(since: str, until: str | None, as_json: bool, limit: int, config_path: Path | None) -> None:
    """What people are talking about in a time range, emerging topics first."""
    from analyse.pseudonyms import Pseudonymiser
    from analyse.tables import topics_table
    from analyse.views import scrubber, topic_record, topics_in
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    window = _window(since, until)
    with Store(settings.store.path) as store:
        found, records = topics_in(store, window)
        scrub = scrubber(Pseudonymiser(store.pseudonym_key()), settings, records)
        backlog = store.analysis_backlog()
    if as_json:
        out = {
            "since": window.since.isoformat(),
            "until": window.until.isoformat(),
            "mentions": len(records),
            "not_yet_analysed": backlog,
            "topics": [topic_record(t, scrub) for t in found[:limit]],
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    tz = ZoneInfo(settings.force.timezone)
    title = f"hot topics, {window.since.astimezone(tz):%d %b %H:%M} to {window.until.astimezone(tz):%d %b %H:%M}"
    console.print(topics_table(found[:limit], title=title, scrub=scrub))
    console.print(_footer(len(records), backlog))


def _footer(mentions: int, backlog: int) -> str:
    note = f"{mentions:,} analysed mentions in the range"
    if backlog:
        note += f"; {backlog:,} stored mentions not analysed yet (run `commsdesk analyse`)"
    return note


@click.command()
@window_options
def places(since: str, until: str | None, as_json: bool, limit: int, config_path: Path | None) -> None:
    """Each neighbourhood: how much is said about it, how people feel, and what about."""
    from analyse.areas import unplaced
    from analyse.views import areas_in, topics_in
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    window = _window(since, until)
    with Store(settings.store.path) as store:
        found, records = topics_in(store, window)
    areas = areas_in(settings, records, found, window)
    if as_json:
        out = [
            {
                "area": a.name,
                "mentions": a.volume,
                "sentiment": {"negative": a.negative, "neutral": a.neutral, "positive": a.positive},
                "top_terms": dict(a.top_terms),
                "top_topics": list(a.top_topics),
            }
            for a in areas[:limit]
        ]
        click.echo(
            json.dumps({"since": window.since.isoformat(), "until": window.until.isoformat(), "areas": out}, indent=2)
        )
        return
    table = Table(title="places")
    for column in ("area", "mentions", "negative", "positive", "talking about", "topics"):
        table.add_column(column, overflow="fold")
    for a in areas[:limit]:
        table.add_row(
            a.name,
            f"{a.volume:,}",
            f"{a.share_negative:.0%}" if a.rated else "-",
            f"{a.share_positive:.0%}" if a.rated else "-",
            ", ".join(term for term, _ in a.top_terms[:5]),
            "; ".join(a.top_topics[:2]),
        )
    console.print(table)
    console.print(f"{unplaced(records):,} of {len(records):,} mentions are tied to no neighbourhood")


@click.command()
@window_options
def communities(since: str, until: str | None, as_json: bool, limit: int, config_path: Path | None) -> None:
    """Where comment about the force comes from: most negative, most positive, most active."""
    from analyse.communities import most_active, most_negative, most_positive
    from analyse.pseudonyms import Pseudonymiser
    from analyse.views import communities_in
    from commsdesk.store import Store

    settings = settings_or_exit(config_path)
    window = _window(since, until)
    with Store(settings.store.path) as store:
        records = store.analysed(since=window.since, until=window.until)
        pseudonyms = Pseudonymiser(store.pseudonym_key())
    found = communities_in(settings, records, pseudonyms)
    ranked = {
        "most negative": most_negative(found, limit=limit),
        "most positive": most_positive(found, limit=limit),
        "most active": most_active(found, limit=limit),
    }
    if as_json:
        out = {name: [_community_record(c) for c in rows] for name, rows in ranked.items()}
        click.echo(
            json.dumps(
                {"since": window.since.isoformat(), "until": window.until.isoformat(), **out},
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    for name, rows in ranked.items():
        table = Table(title=name)
        for column in ("community", "kind", "mentions", "negative", "positive", "most active", "link"):
            table.add_column(column, overflow="fold")
        for c in rows:
            table.add_row(
                c.name,
                f"{c.platform} {c.kind}",
                str(c.volume),
                f"{c.share_negative:.0%}",
                f"{c.share_positive:.0%}",
                ", ".join(a.name for a in c.top_authors),
                c.url,
            )
        console.print(table)


def _community_record(c: Any) -> dict[str, Any]:
    return {
        "key": c.key,
        "kind": c.kind,
        "platform": c.platform,
        "name": c.name,
        "url": c.url,
        "mentions": c.volume,
        "negative": c.negative,
        "neutral": c.neutral,
        "positive": c.positive,
        "share_negative": round(c.share_negative, 3),
        "share_positive": round(c.share_positive, 3),
        "authors": c.authors,
        "most_active": [{"name": a.name, "mentions": a.mentions} for a in c.top_authors],
    }


@click.group()
def sentiment() -> None:
    """Correct the sentiment of a mention (the next training run learns from it)."""


@sentiment.command("correct")
@click.argument("mention")
@click.argument("label", type=click.Choice(SENTIMENTS))
@click.option("--by", default=lambda: _user(), show_default="$USER", help="Who is correcting it.")
@click.option("--note", default="", help="Why, for whoever trains the next model.")
@config_option
def correct(mention: str, label: str, by: str, note: str, config_path: Path | None) -> None:
    """Set MENTION's sentiment (platform:id, e.g. x:2123568310474772480) to LABEL."""
    from commsdesk.store import Store

    platform, _, ident = mention.partition(":")
    if not ident:
        raise click.BadParameter("give the mention as platform:id, e.g. x:2123568310474772480", param_hint="MENTION")
    settings = settings_or_exit(config_path)
    with Store(settings.store.path) as store:
        try:
            store.correct_sentiment(platform, ident, label, by=by, note=note)
        except KeyError as error:
            errors.print(f"[red]error[/red] {error.args[0]} in {settings.store.path}", highlight=False)
            sys.exit(1)
    console.print(f"{mention} is now {label} (by {by}); `make train-sentiment` will use it")


def _user() -> str:
    import getpass

    return getpass.getuser()


COMMANDS = [analyse, topics, places, communities, sentiment]
