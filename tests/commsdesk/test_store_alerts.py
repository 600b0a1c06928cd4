"""Alerts in the store: saved as grouping made them, moved only through the life-cycle table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from analyse.alerts.grouping import update
from analyse.alerts.lifecycle import IllegalMove
from analyse.alerts.records import Change, Detection, Evidence, Post
from commsdesk.store import Store

T0 = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    return Store(tmp_path / "alerts.sqlite", clock=clock)


def detection(story: str = "place:Elswick", n: int = 10, *, severity: str = "high") -> Detection:
    mentions = tuple(("x", str(i)) for i in range(n))
    post = Post("x", "1", "https://x.com/i/status/1", "Police all over Elswick", T0 - MINUTE)
    evidence = Evidence(
        count=n,
        expected=1.5,
        span=timedelta(minutes=30),
        first_seen=T0 - 20 * MINUTE,
        last_seen=T0 - MINUTE,
        terms=("helicopter", "#elswick"),
        places=(("Elswick", n),),
        posts=(post,),
        mentions=mentions,
    )
    return Detection("place-spike", severity, f"{n} posts mention Elswick", story, "Spike: Elswick", evidence, (story,))


def raise_alert(store: Store, n: int = 10, at: datetime = T0) -> int:
    (saved,) = store.save_alert_changes(update(store.open_alerts(), [detection(n=n)], at))
    return saved.alert.id


def test_a_new_alert_is_saved_with_an_id_and_read_back_as_it_was(store: Store) -> None:
    (change,) = update([], [detection()], T0)
    (saved,) = store.save_alert_changes([change])
    assert saved.alert.id > 0 and saved.change == "new" and saved.notify
    again = store.get_alert(saved.alert.id)
    assert again == saved.alert
    assert again is not None
    assert again.evidence.posts[0].text == "Police all over Elswick"
    assert again.evidence.places == (("Elswick", 10),) and again.evidence.span == timedelta(minutes=30)
    assert again.mentions == tuple(("x", str(i)) for i in range(10))
    assert store.open_alerts() == [again]


def test_staff_acknowledge_then_resolve_and_the_history_says_who(store: Store, clock: Clock) -> None:
    ident = raise_alert(store)
    clock.now = T0 + 2 * MINUTE
    acked = store.acknowledge_alert(ident, "sgt.smith")
    assert (acked.state, acked.acknowledged_by, acked.acknowledged_at) == ("acknowledged", "sgt.smith", clock.now)
    clock.now = T0 + 30 * MINUTE
    done = store.resolve_alert(ident, "sgt.smith", "Fight outside the pub; dispersed")
    assert done.state == "resolved" and done.resolved_note == "Fight outside the pub; dispersed"
    assert store.open_alerts() == []
    assert [(e.event, e.by) for e in store.alert_history(ident)] == [
        ("new", ""),
        ("acknowledged", "sgt.smith"),
        ("resolved", "sgt.smith"),
    ]


def test_an_illegal_move_raises_and_changes_nothing(store: Store) -> None:
    ident = raise_alert(store)
    with pytest.raises(IllegalMove, match="cannot resolve"):
        store.resolve_alert(ident, "a", "too soon")
    alert = store.get_alert(ident)
    assert alert is not None and alert.state == "new"
    assert len(store.alert_history(ident)) == 1
    with pytest.raises(KeyError):
        store.acknowledge_alert(999, "a")


def test_a_growing_story_updates_without_undoing_an_acknowledgement(store: Store, clock: Clock) -> None:
    ident = raise_alert(store)
    stale = store.open_alerts()  # grouping read the alerts ...
    store.acknowledge_alert(ident, "sgt.smith")  # ... staff acknowledged meanwhile ...
    (saved,) = store.save_alert_changes(update(stale, [detection(n=30)], T0 + MINUTE))  # ... then it saved
    assert saved.notify and saved.alert.size == 30
    assert saved.alert.state == "acknowledged" and saved.alert.acknowledged_by == "sgt.smith"
    assert saved.alert.updates == 1


def test_an_update_of_an_alert_resolved_meanwhile_is_dropped(store: Store) -> None:
    ident = raise_alert(store)
    store.acknowledge_alert(ident, "a")
    stale = store.open_alerts()
    store.resolve_alert(ident, "a", "done")
    assert store.save_alert_changes(update(stale, [detection(n=30)], T0 + MINUTE)) == []
    alert = store.get_alert(ident)
    assert alert is not None and alert.state == "resolved" and alert.size == 10


def test_a_resolved_alert_reopens_through_the_life_cycle(store: Store, clock: Clock) -> None:
    ident = raise_alert(store)
    store.acknowledge_alert(ident, "a")
    store.resolve_alert(ident, "a", "looked calm")
    clock.now = T0 + timedelta(hours=1)
    in_play = store.open_alerts(resolved_since=clock.now - timedelta(hours=6))
    assert [a.id for a in in_play] == [ident]
    (saved,) = store.save_alert_changes(update(in_play, [detection(n=40)], clock.now))
    assert saved.change == "reopened" and saved.alert.id == ident and saved.alert.state == "new"
    assert saved.alert.resolved_by == "" and saved.alert.size == 40
    assert [e.event for e in store.alert_history(ident)][-1] == "reopened"


def test_alerts_are_listed_by_state_most_recent_first(store: Store, clock: Clock) -> None:
    first = raise_alert(store)
    (second,) = store.save_alert_changes(update([], [detection("place:Byker")], T0 + MINUTE))
    store.acknowledge_alert(first, "a")
    assert [a.id for a in store.alerts()] == [second.alert.id, first]
    assert [a.id for a in store.alerts("acknowledged")] == [first]
    assert [a.id for a in store.alerts(state="new")] == [second.alert.id]
    with pytest.raises(ValueError, match="unknown alert state"):
        store.alerts("closed")


def test_a_round_of_grouping_saves_in_one_transaction(store: Store) -> None:
    (change,) = update([], [detection("place:Elswick")], T0)
    broken = [change, Change("reopened", change.alert, True)]  # reopening an alert that was never saved
    with pytest.raises(KeyError):
        store.save_alert_changes(broken)
    assert store.alerts() == []
