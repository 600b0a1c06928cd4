"""`make demo` end to end: the bundled day collected through every fault, analysed, the fire noticed."""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console

from commsdesk.demo import run_demo


def test_the_demo_plays_the_day_and_notices_the_fire(tmp_path: Path) -> None:
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
