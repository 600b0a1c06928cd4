"""The bundled Northshire scenario file: its shape, its ids and threads, and its story."""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

import pytest

from sandbox.scenarios import NORTHSHIRE_DAY, texts
from sandbox.scenarios.generate import (
    DEFAULT_SEED,
    dumps,
    generate_bulk,
    generate_day,
    scenario_header,
)
from sandbox.scenarios.texts import HOSTILE, NEIGHBOURHOODS

KINDS = {
    "x": {"post"},
    "facebook": {"post", "visitor_post", "comment"},
    "youtube": {"video", "comment", "reply"},
}
AUTHOR_KEYS = {"id": str, "handle": str, "name": str, "verified": bool, "type": str}
POST_KEYS = {"platform", "id", "time", "kind", "author", "text", "reply_to", "lang", "place"}
ID_FORMS = {
    ("x", "post"): re.compile(r"[1-9]\d{17,18}"),
    ("facebook", "post"): re.compile(r"100000000000001_\d+"),
    ("facebook", "visitor_post"): re.compile(r"100000000000001_\d+"),
    ("facebook", "comment"): re.compile(r"\d+_\d+"),
    ("youtube", "video"): re.compile(r"[A-Za-z0-9_-]{11}"),
    ("youtube", "comment"): re.compile(r"Ugz[A-Za-z0-9_-]{20}"),
    ("youtube", "reply"): re.compile(r"Ugz[A-Za-z0-9_-]{20}\.[A-Za-z0-9_-]{22}"),
}
TIME_FORM = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
FORCE_X_IDS = {"1500000000000000001", "1500000000000000002"}
SEARCH_TERMS = ("@northshirepolice", "@northshireroads", "northshire police", "#northshire")
SEARCH_TERMS += ("northshire cops",)
HTML_MARKERS = ("<script", "onerror=", "javascript:", "onload=")
DAY_START = datetime(2026, 11, 20, tzinfo=UTC)


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return NORTHSHIRE_DAY.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def posts(lines: list[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines[1:]]


def _time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def check_post(post: dict[str, Any]) -> None:
    """Every field of one post has the documented type and form."""
    keys = set(post) - {"title", "metrics"}
    assert keys == POST_KEYS, post
    platform, kind = post["platform"], post["kind"]
    assert kind in KINDS[platform], post
    assert ID_FORMS[(platform, kind)].fullmatch(post["id"]), post["id"]
    assert TIME_FORM.fullmatch(post["time"]), post["time"]
    assert isinstance(post["text"], str) and post["text"].strip(), post
    assert post["reply_to"] is None or isinstance(post["reply_to"], str)
    assert isinstance(post["lang"], str) and re.fullmatch(r"[a-z]{2}", post["lang"])
    assert post["place"] is None or post["place"] in NEIGHBOURHOODS, post["place"]
    author = post["author"]
    assert set(author) == set(AUTHOR_KEYS), author
    for key, typ in AUTHOR_KEYS.items():
        assert isinstance(author[key], typ), (key, author)
    assert author["type"] in ("person", "organisation")
    assert author["id"] and author["handle"] and author["name"]
    if kind == "video":
        assert isinstance(post["title"], str) and post["title"]
    else:
        assert "title" not in post
    metrics = post["metrics"]
    assert isinstance(metrics.get("like_count"), int)
    assert all(isinstance(v, int) and v >= 0 for v in metrics.values()), metrics
    top_level = kind in ("post", "visitor_post", "video")
    if platform == "x":
        pass  # an X post may or may not reply
    elif top_level:
        assert post["reply_to"] is None, post
    else:
        assert post["reply_to"] is not None, post


def check_threads(posts: list[dict[str, Any]]) -> None:
    """Ids unique per platform; replies point at an earlier item of the right kind."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for post in posts:
        key = (post["platform"], post["id"])
        assert key not in seen, f"duplicate id {key}"
        target = post["reply_to"]
        if target is not None:
            parent = seen.get((post["platform"], target))
            assert parent is not None, f"{key} replies to {target}, not earlier on that platform"
            assert parent["time"] <= post["time"]
            if post["platform"] == "facebook":
                assert parent["kind"] in ("post", "visitor_post", "comment")
                if parent["kind"] == "comment":  # replies hang under top-level comments only
                    grandparent = seen[("facebook", parent["reply_to"])]
                    assert grandparent["kind"] in ("post", "visitor_post")
                    assert post["id"].split("_")[0] == parent["id"].split("_")[0]
                else:
                    assert post["id"].split("_")[0] == parent["id"].split("_")[1]
            elif post["platform"] == "youtube":
                wanted = {"comment": "video", "reply": "comment"}[post["kind"]]
                assert parent["kind"] == wanted, (post, parent)
                if post["kind"] == "reply":
                    assert post["id"].startswith(parent["id"] + ".")
        seen[key] = post


def check_x_ids(posts: list[dict[str, Any]]) -> None:
    """X ids increase strictly with time, in file order."""
    last_id, last_time = 0, ""
    for post in posts:
        if post["platform"] != "x":
            continue
        number = int(post["id"])
        assert number > last_id, post["id"]
        assert post["time"] >= last_time
        last_id, last_time = number, post["time"]


# --- the bundled file ----------------------------------------------------------------------------


def test_header(lines: list[str]) -> None:
    header = json.loads(lines[0])
    assert set(header) == {"scenario"}
    scenario = header["scenario"]
    assert scenario["name"] == "northshire-day"
    assert scenario["description"]
    assert scenario["start"] == "2026-11-20T00:00:00Z"
    assert scenario["end"] == "2026-11-21T00:00:00Z"
    assert scenario["timezone"] == "Europe/London"
    assert scenario["x_accounts"] == [
        {
            "id": "1500000000000000001",
            "username": "NorthshirePolice",
            "name": "Northshire Police",
            "verified": True,
        },
        {
            "id": "1500000000000000002",
            "username": "NorthshireRoads",
            "name": "Northshire Police Roads",
            "verified": True,
        },
    ]
    assert scenario["facebook_page"] == {"id": "100000000000001", "name": "Northshire Police"}
    assert scenario["youtube_channel"] == {
        "id": "UCnorthshirepolice000001",
        "title": "Northshire Police",
    }


def test_every_post_is_well_formed(posts: list[dict[str, Any]]) -> None:
    assert 3000 <= len(posts) <= 5000
    for post in posts:
        check_post(post)


def test_posts_are_sorted_and_inside_the_day(posts: list[dict[str, Any]]) -> None:
    times = [post["time"] for post in posts]
    assert times == sorted(times)
    assert times[0] >= "2026-11-20T00:00:00Z"
    assert times[-1] < "2026-11-21T00:00:00Z"


def test_ids_and_threads(posts: list[dict[str, Any]]) -> None:
    check_threads(posts)
    check_x_ids(posts)


def test_volume_by_platform(posts: list[dict[str, Any]]) -> None:
    by_platform = Counter(post["platform"] for post in posts)
    assert by_platform["x"] > by_platform["facebook"] > by_platform["youtube"] > 0
    kinds = Counter((post["platform"], post["kind"]) for post in posts)
    for platform, platform_kinds in KINDS.items():
        for kind in platform_kinds:
            assert kinds[(platform, kind)] > 0, (platform, kind)


def test_force_accounts(posts: list[dict[str, Any]]) -> None:
    page_posts = [p for p in posts if p["platform"] == "facebook" and p["kind"] == "post"]
    assert page_posts and all(p["author"]["id"] == "100000000000001" for p in page_posts)
    visitor = [p for p in posts if p["kind"] == "visitor_post"]
    assert all(p["author"]["id"] != "100000000000001" for p in visitor)
    force_tweets = [p for p in posts if p["author"]["id"] in FORCE_X_IDS]
    assert {p["author"]["handle"] for p in force_tweets} == {"NorthshirePolice", "NorthshireRoads"}
    videos = [p for p in posts if p["kind"] == "video"]
    assert any(v["author"]["id"] == "UCnorthshirepolice000001" for v in videos)
    assert any(v["author"]["id"] != "UCnorthshirepolice000001" for v in videos)


def test_public_x_posts_are_findable(posts: list[dict[str, Any]]) -> None:
    """Mentions or replies to the force, or a search term: what the collectors can see."""
    by_id = {p["id"]: p for p in posts if p["platform"] == "x"}
    public = [p for p in posts if p["platform"] == "x" and p["author"]["type"] == "person"]

    def findable(post: dict[str, Any]) -> bool:
        text = post["text"].lower()
        parent = by_id.get(post["reply_to"] or "")
        return any(t in text for t in SEARCH_TERMS) or (parent is not None and parent["author"]["id"] in FORCE_X_IDS)

    share = sum(map(findable, public)) / len(public)
    assert share >= 0.9, share


def test_afternoon_spike(posts: list[dict[str, Any]]) -> None:
    per_hour = Counter(int(post["time"][11:13]) for post in posts)
    morning_median = statistics.median(per_hour[hour] for hour in range(6, 12))
    for hour in (15, 16):
        assert per_hour[hour] >= 4 * morning_median, (hour, per_hour[hour], morning_median)
    assert per_hour[3] < morning_median / 4  # quiet at night
    assert per_hour[21] < per_hour[16] / 2  # fading through the evening


def test_fire_starts_in_the_afternoon(posts: list[dict[str, Any]]) -> None:
    fire = [p for p in posts if re.search(r"\bsmoke\b|\bfire\b", p["text"], re.IGNORECASE)]
    spread = [p for p in fire if p["time"] >= "2026-11-20T14:30:00Z"]
    assert len(spread) > 400
    assert len(fire) - len(spread) < 20  # only the odd "fire" earlier ("that burger is fire")


def test_languages(posts: list[dict[str, Any]]) -> None:
    langs = Counter(post["lang"] for post in posts)
    share = 1 - langs["en"] / len(posts)
    assert 0.01 <= share <= 0.06, share
    assert {"pl", "ar", "ur", "ro", "es"} <= set(langs)


def test_html_payloads_are_a_handful(posts: list[dict[str, Any]]) -> None:
    payloads = [p for p in posts if any(m in p["text"] for m in HTML_MARKERS)]
    assert 5 <= len(payloads) <= 15
    assert {p["platform"] for p in payloads} == {"x", "facebook", "youtube"}
    assert any("<" in p["author"]["name"] for p in posts), "markup in a display name"
    assert any("<script" in p.get("title", "") for p in posts), "markup in a video's title"


def test_the_hostile_posts_leave_the_rest_of_the_day_as_it_was(
    posts: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(texts, "HOSTILE", ())
    hostile = {(p["platform"], p["time"], p["text"]) for p in posts if p["text"] in {h["text"] for h in HOSTILE}}
    assert len(hostile) == len(HOSTILE)
    assert generate_day(DEFAULT_SEED) == [p for p in posts if (p["platform"], p["time"], p["text"]) not in hostile]


def test_places(posts: list[dict[str, Any]]) -> None:
    placed = [p for p in posts if p["place"] is not None]
    assert 0.06 <= len(placed) / len(posts) <= 0.14


def test_authors_are_reused(posts: list[dict[str, Any]]) -> None:
    people = Counter((p["platform"], p["author"]["id"]) for p in posts if p["author"]["type"] == "person")
    assert 200 <= len(people) <= 1000
    assert people.most_common(1)[0][1] >= 10


def test_file_size() -> None:
    assert NORTHSHIRE_DAY.stat().st_size < 3_000_000


def test_generate_day_matches_the_file(lines: list[str]) -> None:
    regenerated = [dumps(scenario_header())] + [dumps(p) for p in generate_day(DEFAULT_SEED)]
    assert regenerated == lines, "the file is stale: run python -m sandbox.scenarios.generate"


def test_generate_day_is_seeded() -> None:
    other = generate_day(seed=7)
    assert other == generate_day(seed=7)
    assert other != generate_day(DEFAULT_SEED)
    check_threads(other)
    check_x_ids(other)


# --- bulk ---------------------------------------------------------------------------------------


def test_generate_bulk_yields_valid_posts() -> None:
    start = datetime(2026, 12, 1, tzinfo=UTC)
    stream = generate_bulk(10_000, seed=1, start=start)
    assert iter(stream) is stream  # a generator, not a list
    posts = list(stream)
    assert len(posts) == 10_000
    for post in posts:
        check_post(post)
    check_threads(posts)
    check_x_ids(posts)
    times = [post["time"] for post in posts]
    assert times == sorted(times)
    assert _time(times[0]) >= start
    assert Counter(p["platform"] for p in posts).most_common(1)[0][0] == "x"
    assert list(islice(generate_bulk(50, seed=1, start=start), 50)) == posts[:50]


def test_generate_bulk_needs_an_aware_start() -> None:
    with pytest.raises(ValueError):
        generate_bulk(1, seed=1, start=datetime(2026, 12, 1))


def test_generate_bulk_spreads_over_time() -> None:
    start = DAY_START + timedelta(days=30)
    posts = list(generate_bulk(2_000, seed=2, start=start, per_hour=1_000))
    span = _time(posts[-1]["time"]) - _time(posts[0]["time"])
    assert timedelta(minutes=30) < span < timedelta(hours=12)
