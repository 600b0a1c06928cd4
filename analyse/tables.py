"""Rich tables of the analysis for the terminal: the command line and the demo print the same ones."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.table import Table
from rich.text import Text

from analyse.pseudonyms import safe_url
from analyse.records import SENTIMENTS
from analyse.topics import Topic


def topics_table(found: Sequence[Topic], *, title: str, scrub: Callable[[str, str], str]) -> Table:
    """Topics as the desk reads them: new ones flagged, how they feel, where, and one post to open.

    `scrub` (text, platform) -> text takes private people's @handles out of the sample posts.
    """
    table = Table(title=title)
    for column in ("", "topic", "mentions", "last hour", "vs usual", "neg / pos", "platforms", "places", "for example"):
        table.add_column(column, overflow="fold")
    for topic in found:
        sentiment = dict(topic.sentiment)
        rated = sum(sentiment.get(label, 0) for label in SENTIMENTS)
        negative, positive = sentiment.get("negative", 0), sentiment.get("positive", 0)
        sample = topic.representative
        link = safe_url(sample.platform, sample.id, sample.url)
        text = _snippet(scrub(sample.text, sample.platform))
        table.add_row(
            "[bold red]NEW[/bold red]" if topic.emerging else "",
            topic.label,
            f"{topic.volume:,}",
            str(topic.recent),
            f"×{topic.growth:.1f}",
            f"{negative / rated:.0%} / {positive / rated:.0%}" if rated else "-",
            ", ".join(p for p, _ in topic.platforms),
            ", ".join(p for p, _ in topic.places[:3]),
            Text(text, style=f"link {link}") if link else text,
        )
    return table


def _snippet(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
