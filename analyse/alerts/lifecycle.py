"""The life of an alert, as one explicit table of allowed moves.

    new ──acknowledge──▶ acknowledged ──resolve──▶ resolved ──reopen──▶ new

An alert must be acknowledged (someone owns it) before it is resolved; a resolved alert whose story
flares again is reopened as new, so it is owned again. Growing is not a move: an open alert's evidence
updates in any state. Anything not in the table raises `IllegalMove`, naming what is allowed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from analyse.alerts.records import Alert

MOVES: dict[tuple[str, str], str] = {
    ("new", "acknowledge"): "acknowledged",
    ("acknowledged", "resolve"): "resolved",
    ("resolved", "reopen"): "new",
}
ACTIONS = ("acknowledge", "resolve", "reopen")


class IllegalMove(ValueError):
    """A move the table does not allow from the alert's state (or without who did it / why)."""


def allowed(state: str) -> list[str]:
    """The actions allowed from `state`."""
    return [action for (source, action) in MOVES if source == state]


def move(alert: Alert, action: str, *, at: datetime, by: str = "", note: str = "") -> Alert:
    """The alert after `action` by `by` at `at`; raises `IllegalMove` for a move not in the table.

    Acknowledging and resolving need a person (``by``); resolving needs a note saying why, so the
    next shift can read what happened.
    """
    target = MOVES.get((alert.state, action))
    if target is None:
        choices = ", ".join(allowed(alert.state)) or "nothing"
        raise IllegalMove(f"alert {alert.id} is {alert.state}: cannot {action} (allowed: {choices})")
    if action in ("acknowledge", "resolve") and not by.strip():
        raise IllegalMove(f"alert {alert.id}: say who is doing {action}")
    if action == "resolve" and not note.strip():
        raise IllegalMove(f"alert {alert.id}: resolving needs a note saying what happened")
    if action == "acknowledge":
        return replace(alert, state=target, acknowledged_by=by.strip(), acknowledged_at=at)
    if action == "resolve":
        return replace(alert, state=target, resolved_by=by.strip(), resolved_at=at, resolved_note=note.strip())
    return replace(
        alert,
        state=target,
        updated_at=at,
        acknowledged_by="",
        acknowledged_at=None,
        resolved_by="",
        resolved_at=None,
        resolved_note="",
    )
