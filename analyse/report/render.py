"""The report as files: HTML from Jinja2 templates (autoescaped), and the same HTML as a PDF through WeasyPrint.

Everything the page needs is inside the HTML: CSS inline, charts as data URIs, fonts from the
machine (DejaVu, which matplotlib and most Linux systems carry). WeasyPrint may fetch nothing but
``data:`` URLs, so a stray link in a post can never make the PDF reach the network.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from analyse.report.data import ReportData, change, safe_href
from commsdesk.records import parse_time
from commsdesk.status import NAMES


@dataclass(frozen=True, slots=True)
class ReportPaths:
    html: Path
    pdf: Path | None = None


@cache
def _font_characters() -> frozenset[int]:
    """The characters the report's font (DejaVu Sans, shipped with matplotlib) can draw."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"), fallback_to_default=True)
    return frozenset(TTFont(path, lazy=True).getBestCmap())


def printable(value: object) -> object:
    """Text without the symbols (emoji) the offline font cannot draw: an empty box reads worse than nothing."""
    if not isinstance(value, str) or value.isascii():
        return value
    drawable = _font_characters()
    kept = "".join(c for c in value if ord(c) < 0x2000 or ord(c) in drawable or unicodedata.category(c) not in _SYMBOLS)
    return Markup(kept) if isinstance(value, Markup) else kept  # a macro's HTML stays HTML


_SYMBOLS = {"So", "Cf", "Mn", "Sk"}  # emoji, joiners, variation selectors, skin tones


def css_string(text: str) -> Markup:
    """`text` safe inside a quoted CSS string in a <style> element (where HTML escapes do not apply)."""
    return Markup("".join(c if c.isalnum() or c in " .,-:()" else f"\\{ord(c):x} " for c in str(text)))


def _environment(timezone: str) -> Environment:
    zone = ZoneInfo(timezone)
    env = Environment(
        loader=PackageLoader("analyse.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        finalize=printable,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    def local(moment: datetime | str | None, pattern: str = "%H:%M") -> str:
        if not moment:
            return "–"
        return (parse_time(moment) if isinstance(moment, str) else moment).astimezone(zone).strftime(pattern)

    def number(value: float | None) -> str:
        if value is None:
            return "–"
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"

    def percent(value: float | None) -> str:
        return "–" if value is None else f"{value:.0%}"

    def share(part: int, whole: int) -> str:
        return f"{part / whole:.0%}" if whole else "–"

    env.filters.update(
        local=local,
        number=number,
        percent=percent,
        platform=lambda name: NAMES.get(name, name),
        href=safe_href,
        css_string=css_string,
    )
    env.globals.update(change=change, share=share)
    return env


def _local_ends(data: ReportData) -> tuple[datetime, datetime, bool]:
    """The window's ends in local time, and whether it is exactly one whole local day (23 or 25 hours at DST)."""
    zone = ZoneInfo(data.timezone)
    since, until = data.window.since.astimezone(zone), data.window.until.astimezone(zone)
    whole = since.time() == until.time() == time(0) and (until.date() - since.date()).days == 1
    return since, until, whole


def period_text(data: ReportData) -> str:
    """ "Friday 20 November 2026" for a whole local day, else both ends to the minute."""
    since, until, whole = _local_ends(data)
    if whole:
        return f"{since:%A %d %B %Y}"
    return f"{since:%a %d %b %Y %H:%M} to {until:%a %d %b %Y %H:%M}"


def render_html(data: ReportData, charts: dict[str, str] | None = None) -> str:
    """The whole report as one self-contained HTML page; charts are drawn unless given."""
    if charts is None:
        from analyse.report.charts import report_charts

        charts = report_charts(data)
    template = _environment(data.timezone).get_template("report.html")
    drawn = defaultdict(str, charts)  # a chart left out is "", and the template says why in words
    return template.render(data=data, charts=drawn, period=period_text(data))


def file_stem(data: ReportData) -> str:
    """hot-topics-2026-11-20 for a whole local day, else both ends to the minute."""
    since, until, whole = _local_ends(data)
    if whole:
        return f"hot-topics-{since:%Y-%m-%d}"
    return f"hot-topics-{since:%Y-%m-%dT%H%M}-to-{until:%Y-%m-%dT%H%M}"


def write_pdf(html: str, path: Path) -> Path:
    """`html` printed to `path` by WeasyPrint, fetching nothing but data: URLs."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf(path)
    return path


def write_report(data: ReportData, out: Path, *, pdf: bool = True, charts: dict[str, str] | None = None) -> ReportPaths:
    """Write the HTML (and, unless `pdf` is False, the PDF) into `out`; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    html = render_html(data, charts)
    stem = file_stem(data)
    html_path = out / f"{stem}.html"
    html_path.write_text(html, encoding="utf-8")
    return ReportPaths(html_path, write_pdf(html, out / f"{stem}.pdf") if pdf else None)
