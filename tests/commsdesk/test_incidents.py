"""Critical incidents: one at a time, who and why recorded, seen by every process through the store."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from commsdesk.cli import main
from commsdesk.store import IncidentActive, Store
from config.settings import example_path

T0 = datetime(2026, 11, 20, 14, 50, tzinfo=UTC)


def test_one_incident_at_a_time_with_who_and_why(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite", clock=lambda: T0) as store:
        assert store.active_incident() is None
        fire = store.start_incident(reason="warehouse fire", by="insp.khan", place="Elswick", terms=["fire", "smoke"])
        assert (fire.active, fire.started_by, fire.terms, fire.started_at) == (True, "insp.khan", ("fire", "smoke"), T0)
        with pytest.raises(IncidentActive, match="already active"):
            store.start_incident(reason="another", by="sgt.lee")
        ended = store.end_incident(by="insp.khan", note="fire out")
        assert not ended.active and ended.end_note == "fire out"
        assert store.active_incident() is None
        again = store.start_incident(reason="flooding", by="sgt.lee")
        assert [i.id for i in store.incidents()] == [again.id, fire.id]


def test_an_incident_needs_a_reason_and_ending_none_says_so(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        with pytest.raises(ValueError, match="reason"):
            store.start_incident(reason="  ", by="sgt.lee")
        with pytest.raises(KeyError):
            store.end_incident(by="sgt.lee")


def test_the_commands_declare_show_and_end_it(tmp_path: Path) -> None:
    config = tmp_path / "force.toml"
    config.write_text(example_path().read_text().replace('"var/commsdesk.sqlite"', f'"{tmp_path / "s.sqlite"}"'))
    runner = CliRunner()
    started = runner.invoke(
        main,
        [
            "incident",
            "start",
            "--reason",
            "warehouse fire",
            "--place",
            "elswick",
            "--term",
            "fire",
            "--by",
            "insp.khan",
            "--config",
            str(config),
        ],
    )
    assert started.exit_code == 0, started.output
    assert "in Elswick: warehouse fire" in started.output and "X every 30s" in started.output
    twice = runner.invoke(main, ["incident", "start", "--reason", "again", "--config", str(config)])
    assert twice.exit_code == 1 and "already active" in twice.output
    assert "ACTIVE" in runner.invoke(main, ["incident", "show", "--config", str(config)]).output
    assert "CRITICAL INCIDENT" in runner.invoke(main, ["status", "--config", str(config)]).output
    ended = runner.invoke(main, ["incident", "end", "--note", "fire out", "--by", "insp.khan", "--config", str(config)])
    assert ended.exit_code == 0 and "ended" in ended.output and "fire out" in ended.output
    assert runner.invoke(main, ["incident", "end", "--config", str(config)]).exit_code == 1
    nowhere = runner.invoke(
        main, ["incident", "start", "--reason", "x", "--place", "Atlantis", "--config", str(config)]
    )
    assert nowhere.exit_code == 2 and "not one of the force's neighbourhoods" in nowhere.output
