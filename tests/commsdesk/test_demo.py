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
    # the publishing desk: four eyes, a blocked post, publishing to the sandbox, the incident hold
    assert re.search(r"s\.patel approves his own: refused \(s\.patel wrote post \d+: someone else must", text)
    assert "the checks block it: sexual-offence-complainant" in text
    assert re.search(r"r\.jones approves it: refused \(post \d+ has blocking findings", text)
    held = re.search(r"(\d\d):(\d\d) insp\.khan declares a critical incident; routine posts held: (\d+)", text)
    assert held and (int(held[1]), int(held[2])) >= (14, 38), text
    statement = re.search(r"post (\d+): holding statement, scheduled after the checks", text)
    assert statement and re.search(rf"post {statement[1]} published by the scheduler: .*https://x\.com/", text)
    assert f"back to review, not to publishing: posts {held[3]}" in text
    assert "audit trail verified" in text
    assert re.search(r"09:00 response queue: [1-9]\d* mentions waiting for a reply", text)
    answered = re.search(r"post (\d+): pc\.smith answers \w+:\S+ \(.*\); r\.jones approves", text)
    assert answered and re.search(rf"post {answered[1]} published by the scheduler", text)
