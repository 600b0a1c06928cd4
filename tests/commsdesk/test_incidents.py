"""Critical incidents: one at a time, who and why recorded, seen by every process through the store."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from commsdesk.cli import main
from commsdesk.store import IncidentActive, Store
from config.settings import example_path
from policy_checks.records import Draft, Finding
from publish.drafts import PostSpec
from publish.records import SCHEDULER, Account

T0 = datetime(2026, 11, 20, 14, 50, tzinfo=UTC)


class Quiet:
    """Checks that find nothing."""

    def check(self, draft: Draft) -> list[Finding]:
        return []


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


def desk(tmp_path: Path) -> tuple[Path, CliRunner]:
    """The example force with its store in `tmp_path`, a duty inspector (insp.khan), an officer and a
    reviewer; and a runner with a wide terminal, acting as nobody unless told."""
    config = tmp_path / "force.toml"
    config.write_text(example_path().read_text().replace('"var/commsdesk.sqlite"', f'"{tmp_path / "s.sqlite"}"'))
    with Store(tmp_path / "s.sqlite") as store:
        store.add_user("insp.khan", ["duty", "officer"])
        store.add_user("pc.smith", ["officer"])
        store.add_user("r.jones", ["reviewer"])
    return config, CliRunner(env={"COLUMNS": "200", "COMMSDESK_USER": None})


def test_the_commands_declare_show_and_end_it(tmp_path: Path) -> None:
    config, runner = desk(tmp_path)
    khan = ["--as", "insp.khan", "--config", str(config)]
    started = runner.invoke(
        main, ["incident", "start", "--reason", "warehouse fire", "--place", "elswick", "--term", "fire", *khan]
    )
    assert started.exit_code == 0, started.output
    assert "in Elswick: warehouse fire" in started.output and "X every 30s" in started.output
    twice = runner.invoke(main, ["incident", "start", "--reason", "again", *khan])
    assert twice.exit_code == 1 and "already active" in twice.output
    assert "ACTIVE" in runner.invoke(main, ["incident", "show", "--config", str(config)]).output
    assert "CRITICAL INCIDENT" in runner.invoke(main, ["status", "--config", str(config)]).output
    ended = runner.invoke(main, ["incident", "end", "--note", "fire out", *khan])
    assert ended.exit_code == 0 and "ended" in ended.output and "fire out" in ended.output
    assert runner.invoke(main, ["incident", "end", *khan]).exit_code == 1
    nowhere = runner.invoke(main, ["incident", "start", "--reason", "x", "--place", "Atlantis", *khan])
    assert nowhere.exit_code == 2 and "not one of the force's neighbourhoods" in nowhere.output


def test_only_a_duty_or_senior_desk_user_declares_one(tmp_path: Path) -> None:
    config, runner = desk(tmp_path)
    start = ["incident", "start", "--reason", "fire", "--config", str(config)]
    officer = runner.invoke(main, [*start, "--as", "pc.smith"])
    assert officer.exit_code == 1 and "needs duty or senior" in officer.output
    stranger = runner.invoke(main, [*start, "--as", "nobody"])
    assert stranger.exit_code == 1 and "not a desk user" in stranger.output
    with Store(tmp_path / "s.sqlite") as store:
        assert store.active_incident() is None


def test_starting_holds_routine_posts_and_ending_sends_them_back_to_review(tmp_path: Path) -> None:
    config, runner = desk(tmp_path)
    with Store(tmp_path / "s.sqlite") as store:
        officer, reviewer = store.user("pc.smith"), store.user("r.jones")
        assert officer and reviewer
        x = Account("x", "NorthshirePolice")
        text = "Come and meet your neighbourhood team at Byker library on Saturday."
        due = datetime(2031, 11, 20, 10, 0, tzinfo=UTC)
        spec = PostSpec(texts={"x": text}, accounts=(x,), scheduled_at=due)
        post, out = (store.create_post(spec, by=officer, checker=Quiet(), known_accounts={x}) for _ in range(2))
        for action, by in (("submit", officer), ("approve", reviewer), ("schedule", reviewer)):
            store.move_post(post.id, action, by)
            store.move_post(out.id, action, by)
        store.move_post(out.id, "start_publishing", SCHEDULER)
    khan = ["--as", "insp.khan", "--config", str(config)]

    started = runner.invoke(main, ["incident", "start", "--reason", "warehouse fire", *khan])
    assert started.exit_code == 0, started.output
    assert "Come and meet your neighbourhood team at Byker …" in started.output
    assert "x:NorthshirePolice" in started.output and "2031-11-20 10:00 GMT" in started.output
    assert "held 1 routine post(s)" in started.output
    assert "already going out, too late to hold" in started.output
    shown = runner.invoke(main, ["incident", "show", "--config", str(config)])
    assert "holds 1 post(s)" in shown.output and "neighbourhood team" in shown.output

    ended = runner.invoke(main, ["incident", "end", *khan])
    assert ended.exit_code == 0, ended.output
    assert "released 1 held post(s) to review" in ended.output and "neighbourhood team" in ended.output
    with Store(tmp_path / "s.sqlite") as store:
        assert store.post(post.id).state == "submitted"  # type: ignore[union-attr]
        trail = [(e.action, e.by) for e in store.audit(post_id=post.id)]
        assert trail[-2:] == [("hold", "insp.khan"), ("release", "insp.khan")]


def test_holding_statements_are_listed_and_posted_from_the_command_line(tmp_path: Path) -> None:
    config, runner = desk(tmp_path)
    listed = runner.invoke(main, ["holding", "list", "--config", str(config)])
    assert listed.exit_code == 0, listed.output
    assert "road-closed" in listed.output and "{place}" in listed.output
    post = ["holding", "post", "road-closed", "--as", "insp.khan", "--config", str(config)]

    posted = runner.invoke(main, [*post, "--set", "road=A1 northbound", "--set", "place=Gosforth"])
    assert posted.exit_code == 0, posted.output
    assert "queued on" in posted.output and "The A1 northbound is closed near Gosforth" in posted.output
    refused = runner.invoke(main, [*post, "--set", "road=see bit.ly/x", "--account", "x:NorthshireRoads"])
    assert refused.exit_code == 1 and "fill in {place}" in refused.output and "may not hold a link" in refused.output
    malformed = runner.invoke(main, [*post, "--set", "road"])
    assert malformed.exit_code == 2 and "BLANK=WORDS" in malformed.output
    with Store(tmp_path / "s.sqlite") as store:
        (made,) = store.posts()
        assert (made.state, made.template) == ("scheduled", "road-closed")
