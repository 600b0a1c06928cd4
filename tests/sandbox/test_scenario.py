"""Scenario loading: sorting, validation errors that name the line, live additions."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from sandbox.scenario import ScenarioError, load_scenario, parse_scenario, snowflake
from sandbox.server import Sandbox

Lines = Callable[[], list[dict[str, Any]]]


def write(tmp_path: Path, lines: list[Any]) -> Path:
    """Write lines (dicts or raw strings) as a JSONL file."""
    path = tmp_path / "scenario.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines))
    return path


def test_loads_and_sorts_by_time(scenario_file: Path) -> None:
    scenario = load_scenario(scenario_file)
    times = [p.time for p in scenario.posts]
    assert times == sorted(times)
    assert scenario.meta.x_accounts[0].username == "NorthshirePolice"
    assert {p.platform for p in scenario.posts} == {"x", "facebook", "youtube"}


def test_error_names_the_line_for_bad_json(tmp_path: Path, fixture_lines: Lines) -> None:
    lines: list[Any] = fixture_lines()[:3]
    lines.insert(2, "{not json")
    with pytest.raises(ScenarioError, match=r"scenario.jsonl:3: not valid JSON"):
        load_scenario(write(tmp_path, lines))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.pop("text"), r":2: missing 'text'"),
        (lambda p: p.update(kind="story"), r":2: kind 'story' is not one of"),
        (lambda p: p.update(platform="myspace"), r":2: unknown platform 'myspace'"),
        (lambda p: p.update(time="yesterday"), r":2: 'time' is not an ISO 8601"),
        (lambda p: p.update(time="2026-11-20T08:00:00"), r":2: 'time' is not an ISO 8601"),
        (lambda p: p.update(id="abc"), r":2: X ids are numeric strings"),
        (lambda p: p["author"].pop("handle"), r":2: missing 'handle'"),
        (lambda p: p.update(metrics={"likes": "many"}), r":2: 'metrics' must map"),
    ],
)
def test_post_validation_errors(
    tmp_path: Path, fixture_lines: Lines, change: Callable[[dict[str, Any]], Any], message: str
) -> None:
    header, first = fixture_lines()[:2]
    change(first)
    with pytest.raises(ScenarioError, match=message):
        load_scenario(write(tmp_path, [header, first]))


def test_header_is_required(tmp_path: Path, fixture_lines: Lines) -> None:
    with pytest.raises(ScenarioError, match=r":1: the first line must be"):
        load_scenario(write(tmp_path, fixture_lines()[1:3]))


def test_duplicate_ids_name_both_lines(tmp_path: Path, fixture_lines: Lines) -> None:
    header, first = fixture_lines()[:2]
    with pytest.raises(ScenarioError, match=r":3: duplicate x id .*first at .*:2"):
        load_scenario(write(tmp_path, [header, first, dict(first)]))


def test_x_ids_must_grow_with_time(tmp_path: Path, fixture_lines: Lines) -> None:
    header, first = fixture_lines()[:2]
    later = dict(first, id=str(int(first["id"]) - 5), time="2026-11-21T00:00:00Z")
    with pytest.raises(ScenarioError, match=r":3: X id .* is not greater than"):
        load_scenario(write(tmp_path, [header, first, later]))


def test_parents_must_exist_and_come_first(tmp_path: Path, fixture_lines: Lines) -> None:
    lines = fixture_lines()
    comment = next(p for p in lines[1:] if p.get("id") == "1001_2001")
    orphan = dict(comment, id="1001_9999", reply_to="100000000000001_4242")
    with pytest.raises(ScenarioError, match=r"reply_to '100000000000001_4242' is not in"):
        load_scenario(write(tmp_path, [*lines, orphan]))
    early = dict(comment, id="1001_9998", time="2026-11-20T06:00:00Z")
    with pytest.raises(ScenarioError, match=r"posted before its parent"):
        load_scenario(write(tmp_path, [*lines, early]))


def test_youtube_reply_must_answer_a_comment(tmp_path: Path, fixture_lines: Lines) -> None:
    lines = fixture_lines()
    reply = next(p for p in lines[1:] if p.get("kind") == "reply")
    wrong = dict(reply, id="UgzWrong.x", reply_to="vidAppeal01")
    with pytest.raises(ScenarioError, match=r"YouTube reply must reply to a comment"):
        load_scenario(write(tmp_path, [*lines, wrong]))


def test_facebook_page_posts_are_by_the_page(tmp_path: Path, fixture_lines: Lines) -> None:
    lines = fixture_lines()
    visitor = next(p for p in lines[1:] if p.get("kind") == "visitor_post")
    wrong = dict(visitor, id="100000000000001_7777", kind="post")
    with pytest.raises(ScenarioError, match=r"author.id must be 100000000000001"):
        load_scenario(write(tmp_path, [*lines, wrong]))


def test_parse_scenario_accepts_text_lines(fixture_lines: Lines) -> None:
    lines = [json.dumps(x) for x in fixture_lines()]
    scenario = parse_scenario(["", *lines, "   "], source="inline")
    assert len(scenario.posts) == len(lines) - 1


def test_snowflake_grows_with_time() -> None:
    early = datetime(2026, 11, 20, 8, tzinfo=UTC)
    assert int(snowflake(early)) < int(snowflake(early, 1)) < int(snowflake(early + timedelta(milliseconds=1)))


def test_add_posts_live_and_refuses_bad_ones(sandbox: Sandbox) -> None:
    comment = {
        "platform": "facebook",
        "id": "1003_5001",
        "time": "2026-11-20T08:59:00Z",
        "kind": "comment",
        "author": {"id": "77", "handle": "zed", "name": "Zed"},
        "text": "Live comment",
        "reply_to": "100000000000001_1003",
    }
    assert sandbox.add_posts([comment]) == 1
    assert sandbox.world.get("facebook", "1003_5001") is not None
    with pytest.raises(ScenarioError, match="duplicate"):
        sandbox.add_posts([comment])
    with pytest.raises(ScenarioError, match="not in the scenario"):
        sandbox.add_posts([dict(comment, id="1003_5002", reply_to="100000000000001_999")])


def test_a_scenario_replayed_as_today_keeps_its_shape() -> None:
    from datetime import UTC, datetime, timedelta

    from sandbox.scenario import load_scenario
    from sandbox.scenarios import NORTHSHIRE_DAY

    recorded = load_scenario(NORTHSHIRE_DAY)
    now = datetime(2027, 3, 4, 15, 30, tzinfo=UTC)
    today = recorded.as_today(now)
    assert today.meta.start == datetime(2027, 3, 4, tzinfo=UTC)
    assert today.meta.end - today.meta.start == recorded.meta.end - recorded.meta.start
    delta = today.meta.start - recorded.meta.start
    assert delta % timedelta(days=1) == timedelta(0)
    assert [(p.id, p.time - delta) for p in today.posts] == [(p.id, p.time) for p in recorded.posts]
