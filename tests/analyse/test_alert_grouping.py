"""Grouping: one alert per story, quiet repeats, news when it grows, reopening when it flares again."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from analyse.alerts.grouping import update
from analyse.alerts.lifecycle import move
from analyse.alerts.records import Alert, Change, Detection, Evidence

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def detection(
    story: str,
    mentions: range | list[int],
    *,
    kind: str = "place-spike",
    severity: str = "medium",
    keys: tuple[str, ...] = (),
) -> Detection:
    keys_ = tuple(("x", str(i)) for i in mentions)
    return Detection(
        kind=kind,
        severity=severity,
        reason=f"{len(keys_)} posts about {story}",
        story=story,
        title=f"About {story}",
        evidence=Evidence(
            count=len(keys_), expected=1.0, span=30 * MINUTE, first_seen=NOW, last_seen=NOW, mentions=keys_
        ),
        keys=keys,
    )


def saved(changes: list[Change], first_id: int = 1) -> list[Alert]:
    """What the store would hold: new alerts numbered."""
    out, n = [], first_id
    for c in changes:
        alert = c.alert
        if alert.id == 0:
            alert, n = replace(alert, id=n), n + 1
        out.append(alert)
    return out


def test_a_first_detection_opens_one_alert_and_notifies() -> None:
    (change,) = update([], [detection("place:Elswick", range(10), keys=("place:Elswick",))], NOW)
    assert change.change == "new" and change.notify
    alert = change.alert
    assert (alert.state, alert.story, alert.size, alert.opened_at) == ("new", "place:Elswick", 10, NOW)
    assert alert.evidence.mentions == ()  # an alert's mentions are Alert.mentions


def test_detections_of_one_story_merge_into_one_alert() -> None:
    shared = [
        detection("place:Elswick", range(20), keys=("place:Elswick",)),
        detection("watch:stabbing", range(15, 22), kind="watch-word", severity="high", keys=("stabbing",)),
        detection("topic:knife", range(100, 130), kind="topic-spike", keys=("knife", "place:Elswick")),
    ]
    (change,) = update([], shared, NOW)
    assert set(change.alert.stories) == {"place:Elswick", "watch:stabbing", "topic:knife"}
    assert change.alert.severity == "high" and change.alert.kind == "watch-word"
    assert change.alert.size == 52


def test_unrelated_stories_get_their_own_alerts() -> None:
    changes = update([], [detection("place:Elswick", range(10)), detection("place:Byker", range(50, 60))], NOW)
    assert sorted(c.alert.story for c in changes) == ["place:Byker", "place:Elswick"]


def test_a_repeat_with_nothing_new_changes_nothing() -> None:
    (alert,) = saved(update([], [detection("place:Elswick", range(10))], NOW))
    assert update([alert], [detection("place:Elswick", range(10))], NOW + MINUTE) == []


def test_small_growth_is_saved_quietly_and_meaningful_growth_notifies() -> None:
    (alert,) = saved(update([], [detection("place:Elswick", range(10))], NOW))
    (quiet,) = update([alert], [detection("place:Elswick", range(12))], NOW + MINUTE)
    assert quiet.change == "updated" and not quiet.notify and quiet.alert.size == 12
    assert quiet.alert.updates == 0 and quiet.alert.notified_size == 10
    (loud,) = update([quiet.alert], [detection("place:Elswick", range(15))], NOW + 2 * MINUTE)
    assert loud.notify and loud.alert.updates == 1 and loud.alert.notified_size == 15
    assert loud.alert.reason == "15 posts about place:Elswick"


def test_rising_severity_notifies_and_takes_the_headline() -> None:
    (alert,) = saved(update([], [detection("watch:stabbing", [1], kind="watch-word", keys=("stabbing",))], NOW))
    rising = detection("watch:stabbing", [1, 2], kind="watch-word", severity="high", keys=("stabbing",))
    (change,) = update([alert], [rising], NOW + MINUTE)
    assert change.notify and change.alert.severity == "high"


def test_an_acknowledged_alert_keeps_growing_and_stays_acknowledged() -> None:
    (alert,) = saved(update([], [detection("place:Elswick", range(10))], NOW))
    alert = move(alert, "acknowledge", at=NOW, by="sgt.smith")
    (change,) = update([alert], [detection("place:Elswick", range(30))], NOW + MINUTE)
    assert change.alert.state == "acknowledged" and change.alert.acknowledged_by == "sgt.smith" and change.notify


def test_a_priority_post_never_disappears_into_another_story() -> None:
    (topic,) = saved(update([], [detection("topic:fire", range(40), kind="topic-spike", keys=("fire",))], NOW))
    urgent = detection("priority:abc", [3], kind="priority", severity="critical")
    (change,) = update([topic], [urgent], NOW + MINUTE)
    assert change.change == "new" and change.alert.kind == "priority"


def test_a_resolved_story_reopens_when_it_flares_within_hours() -> None:
    (alert,) = saved(update([], [detection("place:Elswick", range(10))], NOW))
    alert = move(move(alert, "acknowledge", at=NOW, by="a"), "resolve", at=NOW + MINUTE, by="a", note="a fight")
    assert update([alert], [detection("place:Elswick", range(11))], NOW + 2 * MINUTE) == []  # a repeat
    (change,) = update([alert], [detection("place:Elswick", range(25))], NOW + timedelta(hours=2))
    assert change.change == "reopened" and change.notify
    assert change.alert.state == "new" and change.alert.id == alert.id and change.alert.resolved_by == ""


def test_a_story_resolved_long_ago_starts_a_new_alert() -> None:
    (alert,) = saved(update([], [detection("place:Elswick", range(10))], NOW))
    alert = move(move(alert, "acknowledge", at=NOW, by="a"), "resolve", at=NOW, by="a", note="done")
    (change,) = update([alert], [detection("place:Elswick", range(100, 120))], NOW + timedelta(hours=7))
    assert change.change == "new"


def test_an_open_story_waking_after_hours_of_quiet_notifies() -> None:
    (alert,) = saved(update([], [detection("place:Elswick", range(20))], NOW))
    (change,) = update([alert], [detection("place:Elswick", range(22))], NOW + timedelta(hours=7))
    assert change.notify


STORIES = ["place:Elswick", "place:Byker", "watch:stabbing", "topic:flood", "spike:all", "negative", "priority:1"]


@st.composite
def rounds(draw: st.DrawFn) -> list[list[Detection]]:
    out = []
    for _ in range(draw(st.integers(1, 6))):
        batch = []
        for story in draw(st.lists(st.sampled_from(STORIES), max_size=5)):
            start = draw(st.integers(0, 40))
            mentions = range(start, start + draw(st.integers(1, 30)))
            kind = "priority" if story.startswith("priority") else draw(st.sampled_from(["place-spike", "watch-word"]))
            severity = draw(st.sampled_from(["medium", "high", "critical"]))
            keys = tuple(draw(st.lists(st.sampled_from(["fire", "place:Byker", "stabbing"]), max_size=2)))
            batch.append(detection(story, mentions, kind=kind, severity=severity, keys=keys))
        out.append(batch)
    return out


@settings(max_examples=150, deadline=None)
@given(rounds(), st.lists(st.sampled_from(["acknowledge", "resolve", "none"]), min_size=6, max_size=6))
def test_a_story_never_has_two_open_alerts(batches: list[list[Detection]], actions: list[str]) -> None:
    store: dict[int, Alert] = {}
    now = NOW
    for batch, action in zip(batches, actions, strict=False):
        for change in update(list(store.values()), batch, now):
            alert = change.alert
            if alert.id == 0:
                alert = replace(alert, id=len(store) + 1)
            store[alert.id] = alert
        for ident, alert in list(store.items()):  # staff act on some alerts between rounds
            if action == "acknowledge" and alert.state == "new":
                store[ident] = move(alert, "acknowledge", at=now, by="duty")
            elif action == "resolve" and alert.state == "acknowledged":
                store[ident] = move(alert, "resolve", at=now, by="duty", note="seen")
        open_stories = [s for a in store.values() if a.open for s in a.stories]
        assert len(open_stories) == len(set(open_stories))
        now += 10 * MINUTE


def test_a_spike_in_all_mentions_never_swallows_a_story_inside_it() -> None:
    everything = detection("spike:all", range(200), kind="spike", keys=("*",))
    (morning,) = saved(update([], [everything], NOW))
    fire = detection("place:Elswick", range(20), keys=("place:Elswick",))
    changes = update([morning], [replace(everything, story="spike:all"), fire], NOW + 5 * MINUTE)
    (news,) = changes  # the spike repeating itself is quiet; the fire is a story of its own
    assert (news.alert.story, news.change, news.alert.id) == ("place:Elswick", "new", 0)
