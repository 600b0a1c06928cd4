"""The topic evaluation on a tiny made-up crisis folder: it finds the incident and prints the summary line."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from analyse.topics.evaluate import burst_time, main

START = datetime(2024, 3, 1, tzinfo=UTC)
CHATTER = ["Lovely walk by the river", "Coffee then work", "Who won the match", "New phone arrived", "Rainy again"]


def write_event(path: Path, incident: str, at_hour: int) -> None:
    rows = []
    for i in range(6 * 24 * 6):  # six days of chatter, six posts an hour
        at = START + timedelta(minutes=10 * i + 3)
        rows.append({"id": str(i), "text": f"{CHATTER[i % 5]} {i}", "created_at": at.isoformat(), "on_topic": False})
    for i in range(60):  # one post a minute for an hour
        at = START + timedelta(hours=at_hour, minutes=i, seconds=30)
        text = f"{incident} seen from street {i}, stay safe"
        rows.append({"id": f"e{i}", "text": text, "created_at": at.isoformat(), "on_topic": True})
    rows.sort(key=lambda r: r["created_at"])
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_burst_is_the_first_time_enough_posts_fall_within_the_span() -> None:
    times = [START + timedelta(minutes=10 * i) for i in range(5)] + [
        START + timedelta(hours=2, minutes=i) for i in range(20)
    ]
    assert burst_time(times, 20, 60) == START + timedelta(hours=2, minutes=19)  # the early five are too old
    assert burst_time(times[:10], 20, 60) is None


def test_the_evaluation_finds_each_incident_and_ends_with_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_event(tmp_path / "a_fire.jsonl", "Huge fire at the warehouse", 14)
    write_event(tmp_path / "b_flood.jsonl", "Flood water rising on the bridge", 9)
    assert main([str(tmp_path), "--lead-days", "3", "--window", "6", "--step", "10", "--give-up", "2"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    last = re.fullmatch(r"detected=(\d+)/(\d+) median_delay_min=(-?[\d.]+) false_per_day=([\d.]+)", lines[-1])
    assert last is not None, lines[-1]
    assert last.group(1) == last.group(2) == "2"
    assert float(last.group(3)) <= 15
    assert any(line.startswith("a_fire") for line in lines)
