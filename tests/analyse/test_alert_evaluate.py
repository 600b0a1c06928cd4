"""The alert evaluation on a tiny made-up crisis folder: it alerts on the incident and prints the summary."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from analyse.alerts.evaluate import main

START = datetime(2024, 3, 1, tzinfo=UTC)


def test_the_evaluation_alerts_on_the_incident_and_ends_with_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        {"id": str(i), "text": f"Coffee then work {i}", "created_at": (START + timedelta(minutes=10 * i)).isoformat()}
        for i in range(5 * 24 * 6)
    ]
    rows += [
        {
            "id": f"e{i}",
            "text": f"Huge fire at the warehouse seen from street {i}",
            "created_at": (START + timedelta(hours=14, minutes=i, seconds=30)).isoformat(),
            "on_topic": True,
        }
        for i in range(60)
    ]
    rows.sort(key=lambda r: str(r["created_at"]))
    (tmp_path / "fire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert main([str(tmp_path), "--lead-days", "3", "--step", "10", "--give-up", "2"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    last = re.fullmatch(r"alerted=(\d+)/(\d+) median_delay_min=(-?[\d.]+) false_per_day=([\d.]+)", lines[-1])
    assert last is not None, lines[-1]
    assert last.group(1) == last.group(2) == "1"
    assert float(last.group(3)) <= 20
