"""Duty staff and alerts: a round finds the fire, queues one message per channel, and staff own and close it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from analyse.alerts.run import check_alerts
from commsdesk.cli import main
from commsdesk.store import Store
from config.settings import load

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result.output


def store_of(config: Path) -> Store:
    return Store(load(config, environ={}).store.path)


def test_a_round_raises_one_alert_for_the_fire_and_queues_it_per_channel(desk: Path) -> None:
    run("analyse", "--config", str(desk))
    settings = load(desk, environ={})
    with store_of(desk) as store:
        changes = check_alerts(store, settings, now=NOW, channels=["email", "slack"])
        fire = [c for c in changes if "Elswick" in c.alert.title or "fire" in c.alert.title.lower()]
        assert fire and all(c.change == "new" and c.notify for c in fire)
        queued = store.outbox()
        assert {item.channel for item in queued} == {"email", "slack"}
        assert len(queued) == 2 * sum(c.notify for c in changes)
        text = " ".join(item.payload["text"] for item in queued)
        assert "jane_doe_99" not in text and "resident_" not in text  # handles pseudonymised, links handle-free
        assert "commsdesk alerts ack" in text
        again = check_alerts(store, settings, now=NOW + timedelta(minutes=1), channels=["email", "slack"])
        assert not any(c.notify for c in again), "the same story a minute later stays quiet"
        assert len(store.outbox()) == len(queued)


def test_staff_list_acknowledge_and_resolve_an_alert(desk: Path) -> None:
    run("analyse", "--config", str(desk))
    assert "new alert" in run("alerts", "check", "--at", NOW.isoformat(), "--config", str(desk))
    listed = run("alerts", "--config", str(desk))
    assert "open alerts" in listed and "new" in listed
    with store_of(desk) as store:
        first = store.alerts()[0].id
    run("alerts", "resolve", str(first), "--note", "x", "--config", str(desk), code=1)  # acknowledge first
    assert f"alert {first} acknowledged by insp.khan" in run(
        "alerts", "ack", str(first), "--by", "insp.khan", "--config", str(desk)
    )
    assert f"alert {first} resolved by insp.khan" in run(
        "alerts", "resolve", str(first), "--by", "insp.khan", "--note", "fire out, crews leaving", "--config", str(desk)
    )
    shown = run("alerts", "show", str(first), "--config", str(desk))
    assert "acknowledged by insp.khan" in shown and "fire out, crews leaving" in shown
    assert "no alert 999" in run("alerts", "ack", "999", "--config", str(desk), code=1)
    assert str(first) in run("alerts", "list", "--state", "resolved", "--config", str(desk))


def test_the_report_lists_the_days_alerts_and_how_fast_they_were_acknowledged(desk: Path, tmp_path: Path) -> None:
    run("analyse", "--config", str(desk))
    run("alerts", "check", "--at", NOW.isoformat(), "--config", str(desk))
    with store_of(desk) as store:
        first = store.alerts()[0].id
    run("alerts", "ack", str(first), "--by", "insp.khan", "--config", str(desk))
    out = tmp_path / "reports"
    until = (NOW + timedelta(minutes=1)).isoformat()  # the alert was opened at NOW; a range ends before its end
    html_path = run("report", "--until", until, "--no-pdf", "--out", str(out), "--config", str(desk))
    html = Path(html_path.strip().splitlines()[-1]).read_text()
    assert "Alerts raised" in html and "Minutes to acknowledge (median)" in html
