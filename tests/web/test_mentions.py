"""Searching the mentions: every filter narrows the results, pages go back in time by cursor and meet
exactly what a plain scan would, and what the public wrote is shown inert with private people pseudonymised."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyse.records import SENTIMENTS, Analysed
from commsdesk.records import Mention
from commsdesk.store import Store
from config.settings import Store as StoreSettings
from config.settings import example_path, load
from web.app import create_app
from web.auth import Passwords
from web.routes import mentions

EXAMPLE = load(example_path(), environ={})  # the example force: its neighbourhoods are the places offered
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def app(store: Store, clock: Callable[[], datetime], passwords: Passwords) -> FastAPI:
    return create_app(replace(EXAMPLE, store=StoreSettings(path=str(store.path))), clock=clock, passwords=passwords)


@pytest.fixture
def reader(signed_in: Callable[[str], TestClient]) -> TestClient:
    return signed_in("duty")


def mention(
    n: int,
    text: str,
    *,
    platform: str = "x",
    minutes: float = 0,
    place: str = "",
    sentiment: str | None = "neutral",
    handle: str = "",
    public: bool = False,
    url: str = "",
) -> tuple[Mention, Analysed | None]:
    """A stored mention `minutes` after 08:00 and its analysis (None: not analysed yet, when `sentiment` is None)."""
    ident = str(5_000_000 + n)
    base = {
        "platform": platform,
        "id": ident,
        "text": text,
        "created_at": T0 + timedelta(minutes=minutes),
        "author_id": str(700 + n),
        "author_handle": handle or f"person_{n}",
        "url": url or f"https://example.org/{platform}/{ident}",
    }
    stored = Mention(**base, lang="en")
    if sentiment is None:
        return stored, None
    return stored, Analysed(
        **base, author_public=public, lang="en", sentiment=sentiment, places=(place,) if place else ()
    )


def texts(page: str) -> list[str]:
    """The text column of the results, top to bottom."""
    return [unescape(cell) for cell in re.findall(r'<td class="post-text">(.*?)</td>', page, re.S)]


def result_rows(page: str) -> list[list[str]]:
    """Each result row's cells as text (tags dropped, entities read)."""
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", page, re.S)
    return [
        [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]


def older_link(page: str) -> str | None:
    found = re.search(r'<a href="(/mentions\?[^"]*)">Older mentions</a>', page)
    return unescape(found.group(1)) if found else None


# -- the filters ------------------------------------------------------------------------------------

DAY = [
    mention(1, "Road closed at the Quayside after a crash", minutes=10, place="Quayside", sentiment="negative"),
    mention(
        2,
        "Thanks to the officers at the Heaton fair",
        platform="facebook",
        minutes=20,
        place="Heaton",
        sentiment="positive",
    ),
    mention(3, "Is the road through Byker closed?", platform="youtube", minutes=30, place="Byker"),
    mention(4, "Smoke over the Quayside, is the road closed?", minutes=40, place="Quayside", sentiment="neutral"),
    mention(5, "Road closed again, just collected", minutes=50, sentiment=None),  # not analysed yet
]


@pytest.fixture
def day(store: Store, fill: Callable[..., None]) -> Store:
    fill(store, DAY)
    return store


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("", [5, 4, 3, 2, 1]),
        ("q=road+closed", [5, 4, 3, 1]),
        ("q=closed&platform=x", [5, 4, 1]),
        ("platform=youtube", [3]),
        ("place=Quayside", [4, 1]),
        ("q=road&place=Quayside&sentiment=negative", [1]),
        ("sentiment=positive", [2]),
        ("since=2026-11-20T08:20&until=2026-11-20T08:45", [4, 3, 2]),
        ("q=thanks&since=2026-11-20T08:25", []),
    ],
)
def test_each_filter_narrows_the_results_newest_first(
    day: Store, reader: TestClient, query: str, found: list[int]
) -> None:
    page = reader.get(f"/mentions?{query}")
    assert page.status_code == 200
    assert texts(page.text) == [DAY[n - 1][0].text for n in found]


def test_each_result_shows_where_when_who_and_what_the_analysis_found(day: Store, reader: TestClient) -> None:
    (cells,) = result_rows(reader.get("/mentions?platform=facebook").text)
    assert cells[:6] == [
        "2026-11-20 08:20 GMT",
        "Facebook",
        cells[2],
        "Thanks to the officers at the Heaton fair",
        "Heaton",
        "positive",
    ]
    assert cells[2].startswith("Resident ")
    assert "not analysed yet" in reader.get("/mentions?q=collected").text


def test_a_corrected_sentiment_is_searched_for_as_corrected(day: Store, reader: TestClient) -> None:
    day.correct_sentiment("youtube", DAY[2][0].id, "negative", by="duty")
    assert texts(reader.get("/mentions?sentiment=negative").text) == [DAY[2][0].text, DAY[0][0].text]


def test_a_mention_analysed_again_is_found_once(day: Store, reader: TestClient) -> None:
    stored, analysed = DAY[0]
    assert analysed is not None
    day.save_analyses([replace(analysed, sentiment="positive")], features={}, upto=0)
    assert texts(reader.get("/mentions?place=Quayside").text) == [DAY[3][0].text, stored.text]
    assert texts(reader.get("/mentions?sentiment=positive").text) == [DAY[1][0].text, stored.text]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("platform=myspace", "Platform: choose X, Facebook or YouTube"),
        ("place=Atlantis", "Place: choose one of the force&#39;s neighbourhoods"),
        ("sentiment=angry", "Sentiment: choose negative, neutral or positive"),
        ("since=yesterday", "From: &#39;yesterday&#39; is not a time"),
        ("since=2026-11-20T09:00&until=2026-11-20T08:00", "Before: the end of the time range comes before its start"),
        ("q=" + "word+" * 60, "Words: at most 200 characters"),
        ("before=not-a-cursor", "That page of results no longer matches the search"),
    ],
)
def test_a_bad_search_is_refused_naming_the_field(day: Store, reader: TestClient, query: str, message: str) -> None:
    page = reader.get(f"/mentions?{query}")
    assert page.status_code == 400
    assert message in page.text
    assert texts(page.text) == []


# -- pages ------------------------------------------------------------------------------------------


def test_pages_go_back_in_time_by_cursor_until_nothing_is_left(
    store: Store, reader: TestClient, monkeypatch: pytest.MonkeyPatch, fill: Callable[..., None]
) -> None:
    fill(store, [mention(i, f"Road update number {i}", minutes=i) for i in range(7)])
    monkeypatch.setattr(mentions, "PAGE", 3)
    seen, link, pages = [], "/mentions?q=road", 0
    while link:
        page = reader.get(link).text
        seen += texts(page)
        link, pages = older_link(page), pages + 1
        if link:
            assert "q=road" in link and "before=" in link  # the search goes on with the cursor
    assert seen == [f"Road update number {i}" for i in range(6, -1, -1)]
    assert pages == 3
    assert 'href="/mentions?q=road">Newest mentions</a>' in page


def test_a_sparse_search_looks_through_a_stretch_at_a_time_and_says_so(
    store: Store, reader: TestClient, monkeypatch: pytest.MonkeyPatch, fill: Callable[..., None]
) -> None:
    fill(store, [mention(i, f"Busy road {i}", minutes=i) for i in range(10)])
    fill(store, [mention(99, "The rare word appears once", minutes=-5)])
    monkeypatch.setattr(Store, "SEARCH_WINDOW", 4)
    page = reader.get("/mentions?q=rare").text
    assert texts(page) == []
    assert "None found among the 4 mentions looked through: older ones may match." in page
    link = older_link(page)
    for _ in range(5):
        assert link, "the search stopped before it found the mention"
        page = reader.get(link).text
        if texts(page):
            break
        link = older_link(page)
    assert texts(page) == ["The rare word appears once"]
    assert older_link(page) is None


FILTERS = st.fixed_dictionaries(
    {
        "query": st.sampled_from(["", "fire", "road closed"]),
        "platform": st.sampled_from([None, "x", "youtube"]),
        "place": st.sampled_from([None, "Byker"]),
        "sentiment": st.sampled_from([None, *SENTIMENTS]),
        "since": st.sampled_from([None, 5, 20]),
        "until": st.sampled_from([None, 30, 50]),
    }
)
MENTIONS = st.lists(
    st.tuples(
        st.integers(0, 59),  # minute posted (ties are common)
        st.sampled_from(["fire in Byker", "road closed", "fire and road closed", "nothing to see"]),
        st.sampled_from(["x", "facebook", "youtube"]),
        st.sampled_from(["", "Byker"]),
        st.sampled_from([None, *SENTIMENTS]),  # None: not analysed
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(posted=MENTIONS, wanted=FILTERS, window=st.integers(1, 6), limit=st.integers(1, 4))
def test_following_the_cursors_finds_exactly_what_a_plain_scan_finds(
    posted: list[tuple[int, str, str, str, str | None]],
    wanted: dict,
    window: int,
    limit: int,
    fill: Callable[..., None],
) -> None:
    pairs = [
        mention(n, text, platform=platform, minutes=minute, place=place, sentiment=sentiment)
        for n, (minute, text, platform, place, sentiment) in enumerate(posted)
    ]
    since = T0 + timedelta(minutes=wanted["since"]) if wanted["since"] is not None else None
    until = T0 + timedelta(minutes=wanted["until"]) if wanted["until"] is not None else None
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.sqlite") as store:
        fill(store, pairs)
        store.SEARCH_WINDOW = window  # type: ignore[misc]
        found, cursor, calls = [], "", 0
        while True:
            page, cursor = store.search_mentions(
                wanted["query"],
                platform=wanted["platform"],
                place=wanted["place"],
                sentiment=wanted["sentiment"],
                since=since,
                until=until,
                limit=limit,
                before_cursor=cursor,
            )
            assert len(page) <= limit
            found += [m.id for m, _ in page]
            calls += 1
            if not cursor:
                break
            assert calls <= len(pairs) + 2, "the cursor does not move on"

    def matches(stored: Mention, analysed: Analysed | None) -> bool:
        words = wanted["query"].split()
        return (
            all(word in stored.text.split() for word in words)
            and wanted["platform"] in (None, stored.platform)
            and (wanted["place"] is None or (analysed is not None and wanted["place"] in analysed.places))
            and (wanted["sentiment"] is None or (analysed is not None and analysed.sentiment == wanted["sentiment"]))
            and (since is None or stored.created_at >= since)
            and (until is None or stored.created_at < until)
        )

    # newest first; mentions posted in the same second come newest stored first
    expected = [
        m.id
        for rowid, (m, a) in sorted(enumerate(pairs), key=lambda p: (p[1][0].created_at, p[0]), reverse=True)
        if matches(m, a)
    ]
    assert found == expected


# -- what the public wrote --------------------------------------------------------------------------


def test_public_text_and_links_stay_inert_and_private_authors_are_pseudonymised(
    store: Store, reader: TestClient, fill: Callable[..., None]
) -> None:
    fill(
        store,
        [
            mention(1, f"{SCRIPT} <b>loud</b> @jane_doe_99", handle="jane_doe_99", url="javascript:alert(2)"),
            mention(2, "<img src=x onerror=alert(3)>", platform="facebook", url=" JavaScript:alert(4)", minutes=1),
            mention(
                3,
                "Road update from the council",
                handle="NorthshireCouncil",
                public=True,
                minutes=2,
                url="https://example.org/council/3",
            ),
            mention(4, "Not analysed yet, by a private person", handle="quiet_person", sentiment=None, minutes=3),
        ],
    )
    page = reader.get("/mentions").text
    assert SCRIPT not in page and "<b>loud</b>" not in page and "<img" not in page
    assert "javascript:" not in page.lower()
    assert "jane_doe_99" not in page and "quiet_person" not in page
    rows = {cells[3]: cells for cells in result_rows(page)}
    jane = rows[f"{SCRIPT} <b>loud</b> {rows[next(iter(k for k in rows if k.startswith(SCRIPT)))][2]}"]
    assert jane[2].startswith("Resident ")  # her handle in her own post is her pseudonym too
    assert 'href="https://x.com/i/web/status/5000001"' in page  # an X link rebuilt without the handle
    assert rows["<img src=x onerror=alert(3)>"][2].startswith("Resident ")
    assert rows["<img src=x onerror=alert(3)>"][6] == "–"  # no link rather than a javascript: one
    assert rows["Not analysed yet, by a private person"][2].startswith("Resident ")
    assert rows["Road update from the council"][2] == "@northshirecouncil"  # a public account, by name
    assert 'href="https://example.org/council/3"' in page
