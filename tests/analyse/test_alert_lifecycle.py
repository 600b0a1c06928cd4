"""The life of an alert: one table of moves, and every other move refused with a clear reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyse.alerts.lifecycle import ACTIONS, MOVES, IllegalMove, allowed, move
from analyse.alerts.records import STATES, Alert, Evidence

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def alert(state: str = "new") -> Alert:
    evidence = Evidence(count=3, expected=1.0, span=timedelta(minutes=30), first_seen=NOW, last_seen=NOW)
    return Alert(7, "place:Elswick", "place-spike", "high", "Spike: Elswick", "27 posts", evidence, state, NOW, NOW)


def test_an_alert_is_acknowledged_then_resolved_with_who_when_and_why() -> None:
    acked = move(alert(), "acknowledge", at=NOW + timedelta(minutes=1), by=" sgt.smith ")
    assert (acked.state, acked.acknowledged_by, acked.acknowledged_at) == (
        "acknowledged",
        "sgt.smith",
        NOW + timedelta(minutes=1),
    )
    done = move(acked, "resolve", at=NOW + timedelta(minutes=9), by="sgt.smith", note="Fight, dispersed")
    assert (done.state, done.resolved_by, done.resolved_note) == ("resolved", "sgt.smith", "Fight, dispersed")
    assert not done.open


def test_reopening_makes_it_new_again_and_clears_who_owned_it() -> None:
    done = move(move(alert(), "acknowledge", at=NOW, by="a"), "resolve", at=NOW, by="a", note="n")
    again = move(done, "reopen", at=NOW + timedelta(hours=1))
    assert again.state == "new" and again.acknowledged_by == "" and again.resolved_at is None
    assert again.updated_at == NOW + timedelta(hours=1)


@pytest.mark.parametrize(
    ("state", "action", "message"),
    [
        ("new", "resolve", "alert 7 is new: cannot resolve (allowed: acknowledge)"),
        ("resolved", "acknowledge", "alert 7 is resolved: cannot acknowledge (allowed: reopen)"),
        ("acknowledged", "acknowledge", "alert 7 is acknowledged: cannot acknowledge (allowed: resolve)"),
    ],
)
def test_an_illegal_move_names_what_is_allowed(state: str, action: str, message: str) -> None:
    with pytest.raises(IllegalMove, match=message.replace("(", r"\(").replace(")", r"\)")):
        move(alert(state), action, at=NOW, by="a", note="n")


def test_acknowledging_needs_a_person_and_resolving_a_note() -> None:
    with pytest.raises(IllegalMove, match="say who"):
        move(alert(), "acknowledge", at=NOW, by=" ")
    with pytest.raises(IllegalMove, match="needs a note"):
        move(alert("acknowledged"), "resolve", at=NOW, by="a", note="")


@given(st.sampled_from(STATES), st.sampled_from([*ACTIONS, "delete", "escalate", ""]))
def test_every_move_outside_the_table_raises(state: str, action: str) -> None:
    if (state, action) in MOVES:
        assert move(alert(state), action, at=NOW, by="a", note="n").state == MOVES[state, action]
    else:
        with pytest.raises(IllegalMove):
            move(alert(state), action, at=NOW, by="a", note="n")


def test_every_state_can_be_left() -> None:
    assert all(allowed(state) for state in STATES)
