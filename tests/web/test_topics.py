"""Today's hot topics in the browser: the day's topics from the store, emerging first, each with its page,
its chart as a PNG and sample posts that never name a private person; worked out once a minute."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from html import unescape

import pytest
from fastapi.testclient import TestClient

from analyse.records import Analysed
from commsdesk.records import Mention
from commsdesk.store import Store
from config.settings import Settings

EVERYDAY = (
    "Thanks for sorting the parking outside the school in Heaton",
    "Lovely to see the bobbies at the Gosforth fair",
    "Speeding on the coast road again tonight",
)
FIRE = (
    "Huge fire at the warehouse in Elswick, black smoke everywhere @jane_doe_99",
    "@jane_doe_99 is that a warehouse fire in Elswick? Smoke over the river",
    "Warehouse fire in Elswick is massive, stay inside @jane_doe_99",
    "Fire engines flying to the Elswick warehouse @jane_doe_99",
)


def post(n: int, text: str, at: datetime, *, place: str = "", tag: str = "") -> tuple[Mention, Analysed]:
    """A stored X post by a private person and its analysis, made by hand (the page only reads them)."""
    ident, author = str(4_000_000 + n), str(900 + n)
    url = f"https://x.com/person_{n}/status/{ident}"
    words = tuple(dict.fromkeys(w.lower().strip(",?.@") for w in text.split() if len(w) > 3 and "@" not in w))
    base = {"platform": "x", "id": ident, "text": text, "created_at": at, "author_id": author, "url": url}
    stored = Mention(**base, author_handle=f"person_{n}", lang="en", conversation_id=ident)
    analysed = Analysed(
        **base,
        author_handle=f"person_{n}",
        lang="en",
        sentiment=("negative", "neutral", "positive")[n % 3],
        terms=() if tag else words,
        hashtags=(tag,) if tag else (),
        places=(place,) if place else (),
        community=f"x:conversation:{ident}",
        dup_key=text.lower(),
    )
    return stored, analysed


@pytest.fixture
def day(store: Store, fill: Callable[..., None]) -> Store:
    """A quiet day with a hashtag of its own and, in its last 40 minutes, a warehouse fire in Elswick."""
    now = store.clock()
    quiet = [
        post(i, f"{EVERYDAY[i % 3]} ({i})", now - timedelta(hours=20) + i * timedelta(minutes=20)) for i in range(48)
    ]
    fire = [
        post(100 + i, f"{FIRE[i % 4]} #{i}", now - timedelta(minutes=40 - 2 * i), place="Elswick") for i in range(20)
    ]
    tagged = [
        post(300 + i, f"Proud of our team #Northshire ({i})", now - timedelta(hours=i + 2), tag="northshire")
        for i in range(8)
    ]
    fill(store, quiet + fire + tagged)
    return store


@pytest.fixture
def reader(signed_in: Callable[[str], TestClient]) -> TestClient:
    return signed_in("officer")


def topic_links(page: str) -> list[str]:
    return [unescape(link) for link in re.findall(r'<h2 id="topic-\d+">.*?<a href="(/topics/[^"]+)">', page)]


def test_the_days_topics_are_listed_emerging_first_with_their_figures(day: Store, reader: TestClient) -> None:
    page = reader.get("/topics").text
    cards = re.findall(r"<article class=\"card.*?</article>", page, re.S)
    assert cards, page
    first = cards[0]
    assert "Emerging" in first and "warehouse" in first.lower()
    assert all("Emerging" not in card for card in cards[1:])  # one story grew fast; the rest is everyday talk
    assert "<dt>Places</dt><dd>Elswick (20)</dd>" in first
    assert "<dt>Platforms</dt><dd>X 20</dd>" in first
    assert "<dt>Mentions</dt><dd>20</dd>" in first
    assert re.search(r"<dt>Sentiment</dt><dd>\d+ negative, \d+ neutral, \d+ positive</dd>", first)
    assert "A sample post on X" in first


def test_sample_posts_name_no_private_person(day: Store, reader: TestClient) -> None:
    for path in ["/topics", *topic_links(reader.get("/topics").text)]:
        page = reader.get(path).text
        assert "jane_doe_99" not in page and "person_1" not in page, path
    assert "Resident " in reader.get("/topics").text


def test_a_topics_page_has_its_chart_described_and_its_sample_posts(day: Store, reader: TestClient) -> None:
    link = topic_links(reader.get("/topics").text)[0]
    page = reader.get(link)
    assert page.status_code == 200
    chart = re.search(r'<img src="([^"]+)" alt="([^"]+)">', page.text)
    assert chart is not None
    source, alt = unescape(chart.group(1)), unescape(chart.group(2))
    assert source == f"{link}/chart.png"
    assert (
        alt.startswith("Bar chart of mentions of ") and "per hour from 09:00 Thursday to 09:00 Friday: 20 in all" in alt
    )
    assert "the busiest hour was 08:00 to 09:00 with 20" in alt  # London is on UTC in November
    assert page.text.count("<blockquote>") == 3  # three different sample posts
    image = reader.get(source)
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_a_topic_named_by_a_hashtag_reaches_its_page(day: Store, reader: TestClient) -> None:
    links = topic_links(reader.get("/topics").text)
    assert "/topics/%23northshire" in links  # "#" would end the path: it is written %23
    for link in links:
        assert reader.get(link).status_code == 200, link
        assert reader.get(f"{link}/chart.png").status_code == 200, link


def test_a_topic_not_among_todays_is_not_found(day: Store, reader: TestClient) -> None:
    assert reader.get("/topics/no-such-topic").status_code == 404
    assert reader.get("/topics/no-such-topic/chart.png").status_code == 404


def test_an_empty_store_says_there_are_no_topics(reader: TestClient) -> None:
    assert "No hot topics" in reader.get("/topics").text


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many times the topics were worked out."""
    from web.routes import topics

    calls: list[int] = []
    compute = topics.compute

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return compute(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(topics, "compute", counting)
    yield calls


def test_the_topics_are_worked_out_once_a_minute_and_keep_their_ids(
    day: Store, reader: TestClient, clock: Callable[[], datetime], counted: list[int], fill: Callable[..., None]
) -> None:
    first = topic_links(reader.get("/topics").text)
    reader.get(first[0])
    reader.get(first[0] + "/chart.png")
    assert len(counted) == 1  # three requests, one computation
    later = clock()
    fill(day, [post(200, f"{FIRE[0]} again", later - timedelta(seconds=30), place="Elswick")])
    clock.now = later + timedelta(minutes=1)  # type: ignore[attr-defined]
    assert topic_links(reader.get("/topics").text) == first  # the last minute's, while a thread works it out
    deadline, page = time.monotonic() + 30, ""
    while "to 2026-11-20 09:01 GMT" not in page and time.monotonic() < deadline:
        time.sleep(0.01)
        page = reader.get("/topics").text
    assert len(counted) == 2
    assert "<dt>Mentions</dt><dd>21</dd>" in page
    assert "from 2026-11-19 09:00 GMT to 2026-11-20 09:01 GMT" in page  # whole clock hours, up to the minute
    assert topic_links(page)[0] == first[0]  # the same story keeps its address


def test_while_a_thread_works_out_the_new_minute_every_request_is_shown_the_last(
    day: Store, clock: Callable[[], datetime], monkeypatch: pytest.MonkeyPatch, fill: Callable[..., None]
) -> None:
    from web.routes import topics

    cache, settings = topics.TopicsCache(), Settings()
    last = cache.hot(day, settings)  # the very first computation: the one request that waits
    fill(day, [post(400, "Bins not collected on Acorn Road", clock())])
    clock.now += timedelta(minutes=1)  # type: ignore[attr-defined]
    started, release = threading.Event(), threading.Event()
    compute = topics.compute

    def slow(*args: object) -> topics.HotTopics:
        started.set()
        release.wait()
        return compute(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(topics, "compute", slow)
    assert cache.hot(day, settings) is last  # starts the refresh, and is not kept waiting for it
    started.wait(10)
    assert cache.hot(day, settings) is last  # nor is anyone else
    release.set()
    deadline = time.monotonic() + 30
    while cache.hot(day, settings) is last and time.monotonic() < deadline:
        time.sleep(0.01)
    assert cache.hot(day, settings).window.until == last.window.until + timedelta(minutes=1)


def test_the_topics_are_worked_out_again_only_when_something_new_is_analysed_or_they_are_old(
    day: Store, clock: Callable[[], datetime], counted: list[int]
) -> None:
    from web.routes import topics

    cache, settings = topics.TopicsCache(), Settings()
    first = cache.hot(day, settings)
    for _ in range(4):  # minutes go by, nothing new: the same topics, not worked out again
        clock.now += timedelta(minutes=1)  # type: ignore[attr-defined]
        assert cache.hot(day, settings) is first
    assert len(counted) == 1
    clock.now += topics.REFRESH - timedelta(minutes=4)  # type: ignore[attr-defined]
    assert cache.hot(day, settings) is first  # shown while a thread works out the new window
    deadline = time.monotonic() + 30
    while cache.hot(day, settings) is first and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(counted) == 2
    assert cache.hot(day, settings).window.until == first.window.until + topics.REFRESH
