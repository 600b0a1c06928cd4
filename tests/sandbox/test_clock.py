"""The sandbox clock, and what it makes visible."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import tweepy

from sandbox.clock import SandboxClock
from sandbox.scenario import load_scenario
from sandbox.server import Sandbox

NOON = datetime(2026, 11, 20, 12, tzinfo=UTC)


def test_frozen_clock_stands_still() -> None:
    clock = SandboxClock(NOON, speed=0)
    first = clock.now()
    time.sleep(0.02)
    assert clock.now() == first == NOON


def test_running_clock_moves_at_speed() -> None:
    clock = SandboxClock(NOON, speed=600)
    time.sleep(0.05)
    moved = (clock.now() - NOON).total_seconds()
    assert 20 <= moved <= 120


def test_set_advance_and_speed_change() -> None:
    clock = SandboxClock(NOON, speed=0)
    clock.advance(90)
    assert clock.now() == NOON + timedelta(seconds=90)
    clock.set(NOON - timedelta(hours=1))
    assert clock.now() == NOON - timedelta(hours=1)
    clock.set_speed(0)
    assert clock.now().tzinfo is UTC


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        SandboxClock(datetime(2026, 11, 20), speed=0)
    with pytest.raises(ValueError, match="speed"):
        SandboxClock(NOON, speed=-1)


def test_default_start_is_the_scenario_start(scenario_file: Path) -> None:
    sb = Sandbox(scenario_file)
    assert sb.clock.now() == datetime(2026, 11, 20, tzinfo=UTC)


def test_posts_appear_when_the_clock_reaches_them(sandbox: Sandbox, x_client: tweepy.Client) -> None:
    found = x_client.search_recent_tweets("lunchtime")
    assert found.meta == {"result_count": 0}
    sandbox.clock.set(NOON)
    found = x_client.search_recent_tweets("lunchtime")
    assert found.meta["result_count"] == 1


def test_sandbox_accepts_a_parsed_scenario(scenario_file: Path) -> None:
    scenario = load_scenario(scenario_file)
    with Sandbox(scenario, start="2026-11-20T10:00:00Z") as sb:
        assert sb.url.startswith("http://127.0.0.1:")
        assert sb.clock.now() == datetime(2026, 11, 20, 10, tzinfo=UTC)
