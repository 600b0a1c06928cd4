"""One round of alerting, at the edge: read the last day from the store, detect, group, save, queue messages.

The service runs a round after each analysis, so an alert is queued within seconds of its posts
being collected, and the outbox sends it within the delivery interval. Everything between reading
and saving is pure (`detect`, `update`); this module only wires the store, the settings, the
incident in force and the outbox together, and words the message duty staff receive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from analyse.alerts.detectors import detect
from analyse.alerts.grouping import update
from analyse.alerts.records import Alert, Change
from analyse.alerts.settings import ALERTS, AlertSettings
from analyse.pseudonyms import Pseudonymiser, safe_url
from analyse.records import Analysed
from analyse.topics import Topic
from analyse.views import Window, baseline_for, scrubber
from commsdesk.delivery import Message, enqueue
from commsdesk.store import Store
from config.settings import Settings

Scrub = Callable[[str, str], str]


def alert_settings(store: Store) -> AlertSettings:
    """The thresholds in force: sharper on the incident's terms and place while one is declared."""
    incident = store.active_incident()
    if incident is None:
        return ALERTS
    return ALERTS.incident(incident.terms, [incident.place] if incident.place else [])


def check_alerts(
    store: Store,
    settings: Settings,
    *,
    now: datetime,
    channels: Sequence[str] = (),
    records: Sequence[Analysed] | None = None,
    topics: Sequence[Topic] | None = None,
) -> list[Change]:
    """Detect, group and save; queue a message on each channel for every change staff must hear about.

    A caller that keeps the last day's analysed mentions (and its topics) in memory passes them;
    otherwise they are read from the store.
    """
    thresholds = alert_settings(store)
    window = Window(now - thresholds.window, now)
    if records is None:
        records = store.analysed(since=window.since, until=window.until)
    detections = detect(
        records,
        now=now,
        baseline=baseline_for(store, window),
        watch_words=settings.force.watch_words,
        topics=topics,
        settings=thresholds,
    )
    current = store.open_alerts(resolved_since=now - thresholds.reopen_within)
    saved = store.save_alert_changes(update(current, detections, now, settings=thresholds))
    if channels and any(change.notify for change in saved):
        scrub = scrubber(Pseudonymiser(store.pseudonym_key()), settings, records)
        for change in saved:
            if change.notify:
                message = alert_message(change, scrub, settings.force.timezone)
                for channel in channels:
                    enqueue(store, channel, message, now=now)
    return saved


def alert_message(change: Change, scrub: Scrub, zone: str) -> Message:
    """What duty staff receive: what and how big, why it is news, the evidence, and how to act on it."""
    alert = change.alert
    tz = ZoneInfo(zone)
    evidence = alert.evidence
    verb = {"new": "NEW", "reopened": "REOPENED", "updated": "GROWING"}[change.change]
    subject = f"{verb} alert {alert.id} ({alert.severity}): {alert.title}"
    lines = [alert.reason, ""]
    if evidence.terms:
        lines.append("Growing fastest: " + ", ".join(evidence.terms))
    if evidence.places:
        lines.append("Places: " + ", ".join(f"{name} ({n})" for name, n in evidence.places))
    lines.append("")
    for post in evidence.posts:
        text = scrub(" ".join(post.text.split()), post.platform)
        lines.append(f"- {post.created_at.astimezone(tz):%H:%M} {text[:200]}")
        lines.append(f"  {safe_url(post.platform, post.id, post.url)}")
    lines += ["", f"Acknowledge: commsdesk alerts ack {alert.id}    Resolve: commsdesk alerts resolve {alert.id}"]
    facts = (
        ("alert", str(alert.id)),
        ("kind", alert.kind),
        ("mentions", str(alert.size)),
        ("first seen", f"{evidence.first_seen.astimezone(tz):%d %b %H:%M}"),
        ("state", alert.state),
    )
    return Message(
        subject=subject,
        text="\n".join(lines),
        severity="critical" if alert.severity in ("critical", "high") else "warning",
        link=next((safe_url(p.platform, p.id, p.url) for p in evidence.posts), ""),
        tags=(alert.kind, f"alert-{alert.id}"),
        facts=facts,
    )


def describe(alert: Alert, zone: str) -> str:
    """One line for a terminal list."""
    tz = ZoneInfo(zone)
    who = ""
    if alert.acknowledged_by and alert.acknowledged_at:
        who = f"; acknowledged by {alert.acknowledged_by} at {alert.acknowledged_at.astimezone(tz):%H:%M}"
    return f"{alert.title} ({alert.size} mentions, since {alert.opened_at.astimezone(tz):%H:%M}{who})"
