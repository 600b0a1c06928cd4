"""The report's charts: matplotlib on the Agg backend, PNGs embedded as data URIs (no files, no network).

Each function takes plain data and returns a ``data:image/png;base64,...`` string, or "" when there is
nothing to draw (the template then says why in words). Times are labelled in the force's time zone.
Colours are the Okabe-Ito palette, which stays distinguishable for colour-blind readers and in grey.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analyse.areas import AreaSummary
from analyse.report.data import ReportData, Series
from commsdesk.status import NAMES

DPI = 150
WIDTH = 7.0  # inches: the text width of an A4 page with 15 mm margins, so 1 chart pixel ≈ 1 print dot
PLATFORM_COLOURS = {"x": "#222222", "facebook": "#0072B2", "youtube": "#E69F00"}
SENTIMENT_COLOURS = {"negative": "#D55E00", "neutral": "#BBBBBB", "positive": "#009E73"}
UNRATED = "#E8E8E8"

plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",  # bundled with matplotlib: the same glyphs on every machine
        "font.size": 8.5,
        "axes.titlesize": 9.5,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "grid.color": "#E0E0E0",
        "grid.linewidth": 0.6,
        "legend.frameon": False,
        "svg.fonttype": "none",
    }
)


def plain(text: str) -> str:
    """Text matplotlib must show as typed: a ``$`` would otherwise start mathematical notation."""
    return text.replace("$", r"\$")


def _encode(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.05)
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _time_labels(starts: Sequence[datetime], bucket: timedelta, zone: ZoneInfo, every: int) -> list[str]:
    """A label on every `every`-th bucket: "06:00" within a day, "Fri 20 06:00" or "Fri 20" across days."""
    span = (starts[-1] - starts[0]) if starts else timedelta(0)
    if bucket >= timedelta(days=1):
        pattern = "%a %d %b"
    elif span >= timedelta(days=1):
        pattern = "%a %d\n%H:%M"
    else:
        pattern = "%H:%M"
    return [start.astimezone(zone).strftime(pattern) if i % every == 0 else "" for i, start in enumerate(starts)]


def _every(n: int, most: int = 12) -> int:
    return max(1, -(-n // most))


def stacked_bars(series: Series, colours: dict[str, str], names: dict[str, str], zone: ZoneInfo, *, ylabel: str) -> str:
    """Counts per time bucket, stacked by row (platform or sentiment), with a legend of totals."""
    if not series.starts or series.total == 0:
        return ""
    figure, axes = plt.subplots(figsize=(WIDTH, 1.65))
    positions = range(len(series.starts))
    bottom = [0] * len(series.starts)
    for name, counts in series.rows:
        total = sum(counts)
        axes.bar(
            positions,
            counts,
            bottom=bottom,
            width=0.85,
            color=colours.get(name, "#888888"),
            label=f"{names.get(name, name)} ({total:,})",
        )
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    every = _every(len(series.starts))
    axes.set_xticks(list(positions))
    axes.set_xticklabels(_time_labels(series.starts, series.bucket, zone, every))
    axes.tick_params(axis="x", length=0)
    axes.set_xlim(-0.6, len(series.starts) - 0.4)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    axes.set_ylabel(ylabel)
    axes.set_xlabel(f"{_bucket_name(series.bucket)} starting ({zone.key} time)")
    axes.legend(loc="upper left", ncols=len(series.rows), fontsize=8, bbox_to_anchor=(0, 1.18))
    return _encode(figure)


def _bucket_name(bucket: timedelta) -> str:
    hours = bucket.total_seconds() / 3600
    return "hour" if hours == 1 else ("day" if hours == 24 else f"{hours:g}-hour period")


def topic_chart(counts: Sequence[int], bucket_minutes: int, since: datetime, zone: ZoneInfo) -> str:
    """One topic's mentions over the window (buckets from `since`): a small bar chart, the latest on the right."""
    if not counts or not any(counts):
        return ""
    bucket = timedelta(minutes=max(1, bucket_minutes))
    starts = [since + i * bucket for i in range(len(counts))]
    figure, axes = plt.subplots(figsize=(3.3, 1.25))
    axes.bar(range(len(counts)), counts, width=0.9, color="#0072B2")
    labels = _time_labels(starts, bucket, zone, _every(len(counts), 4))
    axes.set_xticks(range(len(counts)))
    axes.set_xticklabels(labels, fontsize=7)
    axes.tick_params(axis="x", length=0)
    axes.tick_params(axis="y", labelsize=7)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=3))
    axes.set_xlim(-0.6, len(counts) - 0.4)
    axes.set_title(f"mentions per {_minutes_name(bucket_minutes)}", fontsize=7.5, loc="left")
    return _encode(figure)


def _minutes_name(minutes: int) -> str:
    if minutes % 60 == 0:
        return "hour" if minutes == 60 else f"{minutes // 60} hours"
    return f"{minutes} min"


def places_chart(areas: Sequence[AreaSummary]) -> str:
    """Mentions per neighbourhood, split by sentiment (unrated in light grey): busiest at the top."""
    shown = [a for a in areas if a.volume][:15]
    if not shown:
        return ""
    figure, axes = plt.subplots(figsize=(WIDTH, 0.3 * len(shown) + 0.7))
    names = [plain(a.name if len(a.name) <= 28 else a.name[:27] + "…") for a in shown]
    rows = list(range(len(shown)))[::-1]
    left = [0] * len(shown)
    parts = [
        ("negative", [a.negative for a in shown], SENTIMENT_COLOURS["negative"]),
        ("neutral", [a.neutral for a in shown], SENTIMENT_COLOURS["neutral"]),
        ("positive", [a.positive for a in shown], SENTIMENT_COLOURS["positive"]),
        ("no sentiment", [a.volume - a.rated for a in shown], UNRATED),
    ]
    for label, values, colour in parts:
        axes.barh(rows, values, left=left, color=colour, label=label, height=0.7)
        left = [a + b for a, b in zip(left, values, strict=True)]
    for row, area in zip(rows, shown, strict=True):
        axes.text(area.volume, row, f" {area.volume:,}", va="center", fontsize=7.5)
    axes.set_yticks(rows)
    axes.set_yticklabels(names)
    axes.grid(axis="y", visible=False)
    axes.grid(axis="x", visible=True)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    axes.set_xlim(0, max(a.volume for a in shown) * 1.12)
    axes.set_xlabel("mentions (a mention naming two places counts in both)")
    axes.legend(loc="lower right", fontsize=7.5)
    return _encode(figure)


def report_charts(data: ReportData) -> dict[str, str]:
    """Every chart the report shows, by name; a topic's chart is under ``topic:<id>``."""
    zone = ZoneInfo(data.timezone)
    charts = {
        "volume": stacked_bars(data.volume, PLATFORM_COLOURS, NAMES, zone, ylabel="mentions"),
        "sentiment": stacked_bars(data.sentiment, SENTIMENT_COLOURS, {}, zone, ylabel="mentions with a sentiment"),
        "places": places_chart(data.areas),
    }
    for topic in data.topics:
        over_time = topic["volume_over_time"]
        charts[f"topic:{topic['id']}"] = topic_chart(
            over_time["counts"], over_time["bucket_minutes"], data.window.since, zone
        )
    return charts
