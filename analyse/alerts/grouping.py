"""Grouping: one alert per developing story, updated as it grows, quiet when it only repeats.

`update` takes the alerts still in play (open ones, and those resolved within ``reopen_within``) and
this round's detections, and says what changed. A detection joins an alert when it is the same story:

1. the alert already holds its story key (the same place, watch-word, topic, post); else
2. they share mentions (at least ``overlap`` of the smaller's: the spike in Elswick *is* the stabbing
   watch-word's posts); else
3. they share a defining key (the watch-word, the place, a topic's leading terms).

Priority detections join only by story key: a post about self-harm must never disappear into a busy
topic. So do the broad ones (a spike in all mentions, a negative surge): they cover most of what is
said, so by shared mentions they would swallow every other story.

Staff hear of a change (``notify``) when an alert is new or reopened, its severity rises, it
grows meaningfully (``growth`` times what they last heard and ``growth_min`` more mentions), or it
wakes after hours of quiet; any other growth is saved quietly. A resolved alert reopens only when its
story flares by the same rule; a repeat of what was resolved stays resolved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from analyse.alerts.lifecycle import move
from analyse.alerts.records import KINDS, Alert, Change, Detection, severity_rank
from analyse.alerts.settings import ALERTS, AlertSettings

ALONE = frozenset({"priority", "spike", "negative-surge"})  # kinds grouped by story key only


@dataclass(slots=True)
class _Story:
    """An alert being worked on this round: what it was, and the detections joining it."""

    before: Alert | None
    stories: dict[str, None]
    keys: dict[str, None]
    mentions: dict[tuple[str, str], None]
    alone: bool  # joined only by its story key (see ALONE)
    joined: list[Detection] = field(default_factory=list)


def update(
    alerts: Sequence[Alert], detections: Sequence[Detection], now: datetime, *, settings: AlertSettings = ALERTS
) -> list[Change]:
    """What this round's detections do to the alerts: new, updated (quietly or not), reopened."""
    stories = [_from_alert(a) for a in alerts if _in_play(a, now, settings)]
    order = sorted(detections, key=lambda d: (-severity_rank(d.severity), KINDS.index(d.kind), d.story))
    for detection in order:
        matches = _matches(stories, detection, settings)
        if not matches:
            story = _Story(None, {}, {}, {}, detection.kind in ALONE)
            stories.append(story)
        else:  # an existing alert first; stories begun this round that it links are one story
            story = next((s for s in matches if s.before is not None), matches[0])
            for other in matches:
                if other is not story and other.before is None:
                    _absorb(story, other)
                    stories.remove(other)
        story.joined.append(detection)
        story.stories.setdefault(detection.story)
        story.keys.update(dict.fromkeys(detection.keys))
        story.mentions.update(dict.fromkeys(detection.evidence.mentions))
    changes = [_change(s, now, settings) for s in stories if s.joined]
    return [c for c in changes if c is not None]


def _in_play(alert: Alert, now: datetime, settings: AlertSettings) -> bool:
    return alert.open or (alert.resolved_at is not None and now - alert.resolved_at <= settings.reopen_within)


def _from_alert(alert: Alert) -> _Story:
    return _Story(
        alert,
        dict.fromkeys(alert.stories or (alert.story,)),
        dict.fromkeys(alert.keys),
        dict.fromkeys(alert.mentions),
        alert.kind in ALONE,
    )


def _matches(stories: list[_Story], detection: Detection, settings: AlertSettings) -> list[_Story]:
    """The stories `detection` belongs to, best first: by story key, then shared mentions, then shared keys."""
    same = [s for s in stories if detection.story in s.stories]
    if same or detection.kind in ALONE:
        return same
    mentions = set(detection.evidence.mentions)
    keys = set(detection.keys)
    found: list[tuple[int, int, _Story]] = []
    for index, story in enumerate(stories):
        if story.alone:
            continue
        shared = len(mentions.intersection(story.mentions))
        if shared and shared >= settings.overlap * min(len(mentions), len(story.mentions)):
            found.append((-shared, index, story))
        elif keys.intersection(story.keys):
            found.append((1, index, story))
    return [story for *_, story in sorted(found, key=lambda f: f[:2])]


def _absorb(story: _Story, other: _Story) -> None:
    story.joined.extend(other.joined)
    story.stories.update(other.stories)
    story.keys.update(other.keys)
    story.mentions.update(other.mentions)


def _change(story: _Story, now: datetime, settings: AlertSettings) -> Change | None:
    head = max(story.joined, key=lambda d: (severity_rank(d.severity), d.evidence.count, d.story))
    before = story.before
    mentions = tuple(story.mentions)
    fields = {
        "reason": head.reason,
        "evidence": replace(head.evidence, mentions=()),  # an alert's mentions are `Alert.mentions`
        "stories": tuple(story.stories),
        "keys": tuple(story.keys),
        "mentions": mentions,
        "updated_at": now,
    }
    if before is None:
        alert = Alert(
            id=0,
            story=head.story,
            kind=head.kind,
            severity=head.severity,
            title=head.title,
            state="new",
            opened_at=now,
            notified_size=len(mentions),
            **fields,  # type: ignore[arg-type]
        )
        return Change("new", alert, notify=True)
    rose = severity_rank(head.severity) > severity_rank(before.severity)
    grew = len(mentions) > before.size
    if not (rose or grew):
        return None
    woke = grew and now - before.updated_at >= settings.reopen_within
    meaningful = (
        len(mentions) >= before.notified_size * settings.growth
        and len(mentions) - before.notified_size >= settings.growth_min
    )
    notify = rose or meaningful or woke
    if not before.open and not notify:
        return None  # a repeat of a resolved story stays resolved
    headline = {"kind": head.kind, "severity": head.severity, "title": head.title} if rose else {}
    alert = replace(
        before,
        **headline,
        **fields,  # type: ignore[arg-type]
        updates=before.updates + notify,
        notified_size=len(mentions) if notify else before.notified_size,
    )
    if not before.open:
        return Change("reopened", move(alert, "reopen", at=now), notify=True)
    return Change("updated", alert, notify=notify)
