"""The daily report: it renders for a small store, and bad input is shown safely or explained, never run."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyse.records import Analysed
from analyse.report.cli import report
from analyse.report.data import change, collection_notes, gaps, gather, safe_href
from analyse.report.render import render_html, write_report
from analyse.views import Window
from commsdesk.records import CollectorRun, Mention
from commsdesk.store import Store
from config.settings import Settings, example_path, load

DAY = Window(datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 11, 21, tzinfo=UTC))
NOW = datetime(2026, 11, 21, 7, tzinfo=UTC)
FORCE_ID = "1500000000000000001"
EVIL = '<script>alert("x")</script><b onmouseover="steal()">bold</b> <img src=x onerror=alert(1)>'


def mention(platform: str, n: int, text: str, at: datetime, author: int, **extra: str) -> tuple[Mention, Analysed]:
    """A stored mention and its analysis, built by hand (no spaCy: the report only reads them)."""
    ident = f"{platform}{n}" if platform != "x" else str(3_000_000 + n)
    author_id = extra.pop("author_id", str(800 + author))
    handle = extra.pop("handle", f"private_person_{author}")
    name = extra.pop("name", f"Private Person {author}")
    url = extra.pop(
        "url", f"https://x.com/{handle}/status/{ident}" if platform == "x" else f"https://example.org/{ident}"
    )
    conversation = extra.pop("conversation", ident)
    sentiment = extra.pop("sentiment", ("negative", "neutral", "positive")[n % 3])
    places = tuple(filter(None, [extra.pop("place", "")]))
    words = tuple(dict.fromkeys(w.lower().strip("#@.,!?") for w in text.split() if len(w) > 3))
    base = {"platform": platform, "id": ident, "text": text, "created_at": at, "author_id": author_id}
    stored = Mention(
        **base,
        author_handle=handle,
        author_name=name,
        url=url,
        lang="en",
        conversation_id=conversation,
        metrics={"like_count": 5, "impression_count": 900} if author_id == FORCE_ID else {},
    )
    kind = {"x": "conversation", "facebook": "post", "youtube": "video"}[platform]
    analysed = Analysed(
        **base,
        url=url,
        author_handle=handle,
        author_name=name,
        lang="en",
        sentiment=sentiment,
        confidence=0.9,
        sentiment_by="model",
        terms=tuple(w for w in words if w.isalpha())[:6],
        places=places,
        community=f"{platform}:{kind}:{conversation}",
        dup_key=text.lower(),
    )
    return stored, analysed


def small_day(*, platforms: tuple[str, ...] = ("x", "facebook", "youtube")) -> list[tuple[Mention, Analysed]]:
    start = DAY.since + timedelta(hours=7)
    pairs = []
    for i in range(60):
        platform = platforms[i % len(platforms)]
        text = (
            f"Warehouse fire in Elswick, smoke everywhere @private_person_{i % 5} ({i})"
            if i % 2
            else (f"Thanks to the officers at the Heaton fair ({i})")
        )
        place = "Elswick" if i % 2 else "Heaton"
        pairs.append(mention(platform, i, text, start + timedelta(minutes=12 * i), i % 9, place=place))
    force = mention(
        "x",
        500,
        "Please avoid the area around the Elswick fire #Northshire",
        start + timedelta(hours=2),
        0,
        author_id=FORCE_ID,
        handle="NorthshirePolice",
        name="Northshire Police",
        url="",
        place="Elswick",
        sentiment="neutral",
    )
    reply = mention(
        "x",
        501,
        "@NorthshirePolice thanks for the update",
        start + timedelta(hours=2, minutes=5),
        3,
        conversation=force[0].id,
        sentiment="positive",
    )
    return [*pairs, force, reply]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    config = tmp_path / "force.toml"
    config.write_text(example_path().read_text().replace('"var/commsdesk.sqlite"', f'"{tmp_path / "desk.sqlite"}"'))
    return load(config, environ={})


Build = Callable[[list[tuple[Mention, Analysed]]], str]


@pytest.fixture
def build(settings: Settings, fill: Callable[..., None]) -> Build:
    """`build(pairs)`: the day's report as HTML, from these mentions and analyses."""

    def build(pairs: list[tuple[Mention, Analysed]]) -> str:
        with Store(settings.store.path) as store:
            if pairs:
                fill(store, pairs)
            data = gather(store, settings, DAY, now=NOW)
        return render_html(data)

    return build


def test_a_small_day_renders_every_section_with_its_figures(settings: Settings, build: Build) -> None:
    html = build(small_day())
    for heading in (
        "Headline figures",
        "Top topics",
        "Hot topics in detail",
        "Communities",
        "Places",
        "Our own posts",
        "Alerts",
        "Data health",
    ):
        assert f">{heading}</h2>" in html
    assert "data:image/png;base64," in html  # charts embedded, nothing fetched
    assert not re.search(r'(src|href)="(?!data:|https?://)', html)
    assert "Elswick" in html and "62" in html
    assert "Please avoid the area" in html  # our own post, with its metrics and the reply's sentiment
    assert "views 900" in html and "1: 0 negative, 1 positive" in html
    assert "No collection ran in this period" in html  # no runs recorded: said, not hidden


def test_private_handles_are_pseudonymised_and_x_links_name_nobody(settings: Settings, build: Build) -> None:
    html = build(small_day())
    assert "private_person_" not in html and "Private Person" not in html
    assert "Resident " in html
    assert "https://x.com/i/web/status/" in html
    assert "Northshire Police · " in html  # our own account is named, not pseudonymised


def test_an_empty_day_still_renders_and_says_why(settings: Settings, build: Build) -> None:
    html = build([])
    assert "No mentions were stored for this period" in html
    assert "No topics: there were no mentions in this period." in html
    assert "No chart: no analysed mentions in this period." in html
    assert "We published no posts of our own" in html
    assert "missing, not zero" in html
    assert "Alerts" in html and ("No alerts were raised" in html or "not recorded yet" in html)


def test_a_day_with_one_platform_missing_says_so(settings: Settings, build: Build) -> None:
    with Store(settings.store.path) as store:
        for source in ("x", "facebook", "youtube"):
            run = CollectorRun(source=source, started_at=DAY.since + timedelta(minutes=1), status="ok")
            store.db["collector_runs"].insert(
                {
                    "source": source,
                    "started_at": run.started_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "status": "ok",
                    "fetched": 0,
                    "new": 0,
                    "skipped": 0,
                    "quarantined": 0,
                    "errors": 0,
                    "message": "",
                    "faults": "[]",
                }
            )
    html = build(small_day(platforms=("x", "facebook")))
    assert "YouTube:</b> No mentions at all in this period" in html
    assert "Nothing collected from 00:01 to 00:00" in html  # one run at 00:01, then a 24-hour gap


def test_a_500_character_topic_label_wraps_and_is_cut_in_tables(settings: Settings, fill: Callable[..., None]) -> None:
    word = "x" * 500
    pairs = [mention("x", i, f"{word} {word}", DAY.since + timedelta(hours=9, minutes=i), i) for i in range(12)]
    with Store(settings.store.path) as store:
        fill(store, pairs)
        data = gather(store, settings, DAY, now=NOW)
    long = replace(data, topics=tuple({**t, "label": word * 2, "short_label": word[:159] + "…"} for t in data.topics))
    html = render_html(long)
    assert "overflow-wrap: anywhere" in html
    assert ("x" * 159 + "…") in html


def test_script_html_and_javascript_links_are_escaped_never_live(settings: Settings, build: Build) -> None:
    pairs = [
        mention(
            "facebook",
            i,
            f"{EVIL} fire at Elswick warehouse 🔥 {i}'s",
            DAY.since + timedelta(hours=10, minutes=i),
            i,
            url="javascript:alert(document.cookie)",
            author_id=f"evil{i}",
            place="Elswick",
        )
        for i in range(8)
    ]
    html = build(pairs)
    assert "<script>alert" not in html and "<b onmouseover" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;a href" not in html and "&amp;#39;" not in html  # links the report builds stay links, escaped once
    assert "javascript:" not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(h.startswith("https://") for h in hrefs)  # here: none at all, every link was javascript:
    assert "open the post" in html  # the sample is still shown, without a link


def test_the_pdf_is_written_beside_the_html(settings: Settings, tmp_path: Path, fill: Callable[..., None]) -> None:
    with Store(settings.store.path) as store:
        fill(store, small_day()[:20])
        data = gather(store, settings, DAY, now=NOW)
    paths = write_report(data, tmp_path / "reports", charts={})  # charts are tested above; keep this fast
    assert paths.html.name == "hot-topics-2026-11-20.html"
    assert paths.pdf is not None and paths.pdf.read_bytes().startswith(b"%PDF")


def test_the_command_prints_the_paths(settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["--since", "24h", "--until", "2026-11-21T00:00", "--out", str(out), "--no-pdf", "--config", settings.source]
    result = CliRunner().invoke(report, args)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out / "hot-topics-2026-11-20.html")
    bad = CliRunner().invoke(report, ["--since", "soon", "--config", settings.source])
    assert bad.exit_code == 2 and "expected a duration" in bad.output


def test_safe_links_changes_and_gaps() -> None:
    assert safe_href("https://x.com/i/web/status/1") == "https://x.com/i/web/status/1"
    for bad in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,hi", "//evil", "http://a\nb", ""):
        assert safe_href(bad) == ""
    assert change(120, 100) == "+20%" and change(80, 100) == "−20%" and change(5, 0) == "new"
    assert change(0.30, 0.25, "share") == "+5 pts" and change(None, 3) == "–"
    runs = [DAY.since + timedelta(minutes=5 * i) for i in range(12 * 10)]  # 00:00 to 10:00, then nothing
    assert gaps(runs, DAY, timedelta(hours=1)) == [(runs[-1], DAY.until)]
    ran = [CollectorRun(source="x", started_at=at, status="ok") for at in runs]
    notes = collection_notes("x", ran, DAY, timedelta(minutes=5), 10, lambda m: f"{m:%H:%M}")
    assert [n.level for n in notes] == ["problem"] and "Nothing collected from 09:55" in notes[0].text
