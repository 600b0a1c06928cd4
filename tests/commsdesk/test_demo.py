"""`make demo` end to end: the bundled day collected through every fault, analysed, the fire noticed."""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console

from commsdesk.demo import run_demo


def test_the_demo_plays_the_day_notices_the_fire_alerts_and_reports(tmp_path: Path) -> None:
    console = Console(record=True, width=160, force_terminal=False)
    assert run_demo(store_path=tmp_path / "demo.sqlite", console=console) == 0
    text = console.export_text()
    assert "collection over the day, per platform" in text
    analysed = re.search(r"analysed ([\d,]+) mentions as they arrived", text)
    assert analysed and int(analysed[1].replace(",", "")) > 4000
    fire = re.search(r"warehouse fire near the Quayside: first post 14:38, flagged as emerging at (\d\d):(\d\d)", text)
    assert fire, text
    minutes = (int(fire[1]) - 14) * 60 + int(fire[2]) - 38
    assert 0 <= minutes <= 60
    assert "the day's topics" in text
    alerted = re.search(
        r"warehouse fire near the Quayside: first post 14:38, alert \d+ sent to duty staff at (\d\d):(\d\d)", text
    )
    assert alerted, text
    assert 0 <= (int(alerted[1]) - 14) * 60 + int(alerted[2]) - 38 <= 60
    delivered = re.search(r"(\d+) emails to the demo's mailbox, (\d+) Slack posts", text)
    assert delivered and int(delivered[1]) > 0 and delivered[1] == delivered[2]
    assert (tmp_path / "reports" / "hot-topics-2026-11-20.pdf").read_bytes().startswith(b"%PDF")
