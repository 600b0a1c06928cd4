"""Delivery: alerts and reports reach people by email, Microsoft Teams and Slack, through an outbox.

Nothing is sent when a message is made. `enqueue` writes an outbox row per channel; `deliver_due`
(called by the service every few seconds, with its clock) sends what is due. So a server that is
down, slow or throttling never loses a message and never holds up the detectors.

- **Retries.** A send that may work later (a timeout, a refused connection, HTTP 408/429/5xx, an
  SMTP 4xx) keeps its row pending with the reason, the number of attempts and the next attempt,
  backing off exponentially up to a cap, honouring Retry-After; it is retried for as long as it
  takes. A send the server refuses for good (HTTP 400/403/404/410, an SMTP 5xx such as every
  recipient refused) is marked failed with the server's reason and kept for a person to see and,
  once they have fixed the cause, to requeue.
- **Storms.** At most `per_minute` sends to each channel in any minute. When more are due than
  the minute has room for, the most severe and oldest go as they are and the rest are folded into
  one digest message listing them all (each folded row points at its digest). Duty staff see
  the whole storm at once, in at most `per_minute` messages a minute, instead of a queue that
  drains for an hour. A channel that answered "try later" is left alone for the rest of the round.
- **At least once.** A row is claimed before its send by moving its next attempt a lease ahead,
  and marked sent after. A crash before the send leaves it due again once the lease ends; a crash
  after the send but before the record resends it once. Emails carry a Message-ID made from the
  row, so mail clients that de-duplicate show the repeat once; webhooks have no such key.

Webhook addresses are secrets (they carry the credential) and are scrubbed from every reason.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import smtplib
import ssl
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests

from commsdesk.records import iso
from commsdesk.store import OutboxItem, Store
from config.secrets import MASK, Secret
from config.settings import Settings

log = logging.getLogger(__name__)

SEVERITIES = ("info", "warning", "critical")


@dataclass(frozen=True)
class Message:
    """What to tell people, independent of the channel; each channel renders it its own way.

    `html` is optional: email builds one from the text when it is empty. `facts` are short
    (label, value) pairs such as ("Mentions in 10 min", "84"), shown as a table where the channel
    has one.
    """

    subject: str
    text: str
    html: str = ""
    severity: str = "info"
    link: str = ""
    tags: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()
    attachments: tuple[str, ...] = ()  # file paths, attached by email (the daily report's PDF); webhooks name them
    to: tuple[str, ...] = ()  # email only: these addresses instead of the channel's list (a post's author)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}, not {self.severity!r}")
        if not self.subject.strip():
            raise ValueError("a message needs a subject")

    @property
    def rank(self) -> int:
        return SEVERITIES.index(self.severity)

    def headline(self) -> str:
        """The subject, flagged when it is more than information: what a phone's notification shows."""
        return self.subject if self.severity == "info" else f"[{self.severity.upper()}] {self.subject}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "text": self.text,
            "html": self.html,
            "severity": self.severity,
            "link": self.link,
            "tags": list(self.tags),
            "facts": [list(pair) for pair in self.facts],
            "attachments": list(self.attachments),
            "to": list(self.to),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Message:
        return cls(
            subject=data["subject"],
            text=data.get("text", ""),
            html=data.get("html", ""),
            severity=data.get("severity", "info"),
            link=data.get("link", ""),
            tags=tuple(data.get("tags", ())),
            facts=tuple((str(name), str(value)) for name, value in data.get("facts", ())),
            attachments=tuple(str(path) for path in data.get("attachments", ())),
            to=tuple(str(address) for address in data.get("to", ())),
        )


class SendFailed(Exception):
    """A send that did not happen. `permanent`: the server refused it for good, so retrying is pointless."""

    def __init__(self, reason: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after


class Channel(Protocol):
    """One way to reach people. `send` returns a note worth keeping (or "") and raises SendFailed."""

    name: str

    def send(self, message: Message, *, key: str) -> str: ...


# -- rendering ------------------------------------------------------------------------------------


def plain_text(message: Message) -> str:
    """The message as plain text with its facts, tags and link: the email body, and a fallback."""
    parts = [message.text.strip()]
    if message.facts:
        parts.append("\n".join(f"{name}: {value}" for name, value in message.facts))
    if message.link:
        parts.append(f"Open: {message.link}")
    if message.tags:
        parts.append("Tags: " + ", ".join(message.tags))
    return "\n\n".join(part for part in parts if part) + "\n"


def html_body(message: Message) -> str:
    """The message's own HTML, or one made from its text; self-contained (nothing fetched on opening)."""
    if message.html:
        return message.html
    paragraphs = "".join(
        "<p>" + html.escape(paragraph).replace("\n", "<br>\n") + "</p>\n"
        for paragraph in message.text.strip().split("\n\n")
        if paragraph.strip()
    )
    rows = "".join(
        f"<tr><th align='left'>{html.escape(name)}</th><td>{html.escape(value)}</td></tr>\n"
        for name, value in message.facts
    )
    facts = f"<table>\n{rows}</table>\n" if rows else ""
    link = f'<p><a href="{html.escape(message.link)}">Open in commsdesk</a></p>\n' if message.link else ""
    tags = f"<p><small>{html.escape(', '.join(message.tags))}</small></p>\n" if message.tags else ""
    return (
        f'<!doctype html>\n<html><head><meta charset="utf-8"><title>{html.escape(message.subject)}</title></head>\n'
        f"<body>\n<h2>{html.escape(message.headline())}</h2>\n{paragraphs}{facts}{link}{tags}</body></html>\n"
    )


def email_message(message: Message, *, sender: str, recipients: Iterable[str], key: str) -> EmailMessage:
    """A multipart text + HTML email whose Message-ID is made from `key`, so a resend is recognisable."""
    email = EmailMessage()
    email["Subject"] = message.headline()
    email["From"] = sender
    email["To"] = ", ".join(recipients)
    email["Date"] = formatdate(usegmt=True)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "commsdesk.invalid"
    email["Message-ID"] = f"<{key}@{domain}>"
    email["X-Commsdesk-Severity"] = message.severity
    if message.severity == "critical":
        email["Importance"] = "high"
    email.set_content(plain_text(message))
    email.add_alternative(html_body(message), subtype="html")
    for name in message.attachments:
        path = Path(name)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise SendFailed(f"attachment {path} cannot be read: {error.strerror or error}", permanent=True) from None
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        maintype, _, subtype = kind.partition("/")
        email.add_attachment(content, maintype=maintype, subtype=subtype, filename=path.name)
    return email


_TEAMS_COLOUR = {"info": "Default", "warning": "Warning", "critical": "Attention"}
_TEAMS_TEXT_LIMIT = 20_000  # a Teams message is at most ~28 KB in all


def teams_payload(message: Message) -> dict[str, Any]:
    """A Teams message carrying one Adaptive Card 1.4, the shape Workflows and connector webhooks accept."""
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": message.headline(),
            "size": "Large",
            "weight": "Bolder",
            "color": _TEAMS_COLOUR[message.severity],
            "wrap": True,
        }
    ]
    body += [
        {"type": "TextBlock", "text": paragraph, "wrap": True}
        for paragraph in _clip(message.text.strip(), _TEAMS_TEXT_LIMIT).split("\n\n")
        if paragraph.strip()
    ]
    if message.facts:
        body.append({"type": "FactSet", "facts": [{"title": name, "value": value} for name, value in message.facts]})
    if message.tags:
        body.append({"type": "TextBlock", "text": " · ".join(message.tags), "isSubtle": True, "size": "Small"})
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
        "msteams": {"width": "Full"},
    }
    if message.link:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Open in commsdesk", "url": message.link}]
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
        ],
    }


_SLACK_SECTION_LIMIT = 3000  # characters of text in one section block
_SLACK_HEADER_LIMIT = 150
_SLACK_BLOCK_LIMIT = 50


def slack_payload(message: Message) -> dict[str, Any]:
    """A Slack incoming-webhook message: `text` for notifications, Block Kit `blocks` for the channel."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _clip(message.headline(), _SLACK_HEADER_LIMIT)}}
    ]
    blocks += [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
        for chunk in _chunks(_slack_escape(message.text.strip()), _SLACK_SECTION_LIMIT)
    ]
    for start in range(0, len(message.facts), 10):  # a section holds at most 10 fields
        fields = [
            {"type": "mrkdwn", "text": _clip(f"*{_slack_escape(name)}*\n{_slack_escape(value)}", 2000)}
            for name, value in message.facts[start : start + 10]
        ]
        blocks.append({"type": "section", "fields": fields})
    if message.link:
        link = f"<{message.link}|Open in commsdesk>"
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": link}})
    if message.tags:
        tags = _clip(_slack_escape(" · ".join(message.tags)), _SLACK_SECTION_LIMIT)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": tags}]})
    return {"text": _clip(message.headline(), _SLACK_SECTION_LIMIT), "blocks": blocks[:_SLACK_BLOCK_LIMIT]}


def _slack_escape(text: str) -> str:
    """Slack's three control characters in mrkdwn: text from the public must not become links or mentions."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _chunks(text: str, limit: int) -> Iterator[str]:
    """`text` in pieces of at most `limit` characters, broken at line ends where it can be."""
    while text:
        if len(text) <= limit:
            yield text
            return
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        yield text[:cut]
        text = text[cut:].lstrip("\n")


# -- channels -------------------------------------------------------------------------------------


@dataclass
class EmailChannel:
    """Email through one SMTP server: STARTTLS, TLS from the start, or plain for a local relay."""

    host: str
    port: int
    sender: str
    recipients: tuple[str, ...]
    security: str = "starttls"
    username: str = ""
    password: Secret = field(default_factory=lambda: Secret(""))
    timeout: float = 15.0
    ssl_context: ssl.SSLContext | None = None  # None: the system's trusted certificates
    name: str = "email"

    def send(self, message: Message, *, key: str) -> str:
        recipients = message.to or self.recipients
        email = email_message(message, sender=self.sender, recipients=recipients, key=key)
        try:
            with self._connection() as smtp:
                refused = smtp.send_message(email, to_addrs=list(recipients))
        except smtplib.SMTPRecipientsRefused as error:  # every recipient refused
            codes = [code for code, _ in error.recipients.values()]
            reason = "every recipient refused: " + "; ".join(
                f"{address} {code} {_decode(text)}" for address, (code, text) in error.recipients.items()
            )
            raise SendFailed(reason, permanent=all(code >= 500 for code in codes)) from None
        except smtplib.SMTPResponseException as error:  # sender refused, data refused, login refused, ...
            reason = f"SMTP {error.smtp_code} {_decode(error.smtp_error)}"
            raise SendFailed(reason, permanent=error.smtp_code >= 500) from None
        except smtplib.SMTPNotSupportedError as error:  # e.g. no STARTTLS or no AUTH offered: a setting to fix
            raise SendFailed(f"SMTP server does not support it: {error}", permanent=True) from None
        except (smtplib.SMTPException, OSError) as error:  # refused, timed out, dropped, TLS failed
            raise SendFailed(f"{type(error).__name__}: {error}") from None
        if refused:
            return "refused by the server: " + "; ".join(
                f"{address} {code} {_decode(text)}" for address, (code, text) in refused.items()
            )
        return ""

    @contextmanager
    def _connection(self) -> Iterator[smtplib.SMTP]:
        context = self.ssl_context or ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.security == "ssl":
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with smtp:
            if self.security == "starttls":
                smtp.starttls(context=context)
            if self.username:
                smtp.login(self.username, self.password.reveal())
            yield smtp


def _decode(text: bytes | str) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else text


@dataclass
class WebhookChannel:
    """An incoming webhook (Teams or Slack): POST the rendered JSON to a secret address."""

    name: str
    url: Secret
    render: Callable[[Message], dict[str, Any]]
    timeout: float = 15.0
    session: requests.Session = field(default_factory=requests.Session)  # honours HTTPS_PROXY

    def send(self, message: Message, *, key: str) -> str:
        address = self.url.reveal()
        try:
            response = self.session.post(
                address, json=self.render(message), timeout=self.timeout, allow_redirects=False
            )
        except requests.RequestException as error:  # the exception text names the address: scrub it
            raise SendFailed(_scrub(f"{type(error).__name__}: {error}", address)) from None
        return _judge(response, address)


def _judge(response: requests.Response, address: str) -> str:
    """What a webhook's answer means: "" on success, SendFailed (temporary or permanent) otherwise."""
    status = response.status_code
    body = _scrub(response.text.strip()[:300], address)
    if 200 <= status < 300:
        # Teams connector webhooks answer a throttled post with 200 and the 429 in the body.
        if "HTTP error 429" in body:
            raise SendFailed(f"throttled: {body}", retry_after=60.0)
        return ""
    reason = f"HTTP {status} {body or response.reason}"
    if status in (408, 425, 429) or status >= 500:
        raise SendFailed(reason, retry_after=_seconds(response.headers.get("Retry-After")))
    raise SendFailed(reason, permanent=True)  # 3xx (moved), 400 invalid payload, 403, 404 gone, 410 archived


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: the ordinary backoff is close enough


def _scrub(text: str, address: str) -> str:
    """Remove a webhook's address, and its path alone (where the credential sits), from `text`."""
    path = urlsplit(address).path
    for secret in (address, path):
        if len(secret) > 1:
            text = text.replace(secret, MASK)
    return text


def teams_channel(url: Secret, *, timeout: float = 15.0, session: requests.Session | None = None) -> WebhookChannel:
    return WebhookChannel("teams", url, teams_payload, timeout, session or requests.Session())


def slack_channel(url: Secret, *, timeout: float = 15.0, session: requests.Session | None = None) -> WebhookChannel:
    return WebhookChannel("slack", url, slack_payload, timeout, session or requests.Session())


REPORT_CHANNEL = "report-email"  # the daily report's own distribution list, through the same SMTP server


def configured_channels(settings: Settings) -> list[Channel]:
    """The channels [delivery] enables, with their secrets; none unless the force turned one on.

    With email on and a `[report] to` list, the report gets a channel of its own (`REPORT_CHANNEL`).
    """
    delivery, secrets = settings.delivery, settings.secrets
    channels: list[Channel] = []
    if delivery.email.enabled:
        email = delivery.email
        lists = {"email": tuple(email.to), REPORT_CHANNEL: tuple(settings.report.to)}
        channels += [
            EmailChannel(
                email.smtp_host,
                email.smtp_port,
                email.sender,
                recipients,
                security=email.security,
                username=email.username,
                password=secrets.smtp_password,
                timeout=delivery.timeout,
                name=name,
            )
            for name, recipients in lists.items()
            if recipients
        ]
    if delivery.teams.enabled:
        channels.append(teams_channel(secrets.teams_webhook_url, timeout=delivery.timeout))
    if delivery.slack.enabled:
        channels.append(slack_channel(secrets.slack_webhook_url, timeout=delivery.timeout))
    return channels


def alert_channels(channels: Iterable[Channel]) -> list[str]:
    """The channels alerts go to: all but the report's list."""
    return [channel.name for channel in channels if channel.name != REPORT_CHANNEL]


# -- the outbox -----------------------------------------------------------------------------------


def enqueue(store: Store, channel: str, message: Message, *, now: datetime | None = None) -> OutboxItem:
    """Queue `message` for the channel named `channel`; `deliver_due` sends it."""
    return store.add_outbox(channel, message.to_dict(), now=now)


@dataclass(frozen=True)
class Retry:
    """How long to wait before trying a send again: doubling from `first` up to `cap`."""

    first: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(minutes=15)
    lease: timedelta = timedelta(minutes=2)  # longer than any one send can take

    def delay(self, attempts: int, retry_after: float | None = None) -> timedelta:
        wait = min(self.cap, self.first * 2 ** max(0, attempts - 1))
        if retry_after is not None:  # the server's own word, within reason
            wait = max(wait, timedelta(seconds=min(retry_after, 3600)))
        return wait


@dataclass
class Round:
    """What one `deliver_due` did, by outbox row id."""

    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    folded: list[int] = field(default_factory=list)


def deliver_due(
    store: Store,
    channels: Iterable[Channel],
    now: datetime,
    *,
    per_minute: int = 10,
    retry: Retry | None = None,
) -> Round:
    """Send what is due on each channel, within its rate limit, and record every outcome.

    Rows for a channel not in `channels` (not configured on this run) wait, untouched.
    """
    done = Round()
    for channel in channels:
        _deliver_channel(store, channel, now, per_minute, retry or Retry(), done)
    return done


def _deliver_channel(store: Store, channel: Channel, now: datetime, per_minute: int, retry: Retry, done: Round) -> None:
    room = per_minute - store.outbox_attempts_since(channel.name, now - timedelta(minutes=1))
    if room <= 0:
        return
    due = store.due_outbox(channel.name, now=now)
    batch = _within(store, channel.name, due, room, now, done)
    for item in batch:
        claimed = store.claim_outbox(item.id, now=now, lease=retry.lease)
        if claimed is None:
            continue  # another worker has it
        try:
            note = channel.send(Message.from_dict(claimed.payload), key=_key(claimed))
        except SendFailed as failure:
            if failure.permanent:
                store.outbox_failed(claimed.id, error=failure.reason)
                done.failed.append(claimed.id)
                log.warning("%s: outbox %d failed for good: %s", channel.name, claimed.id, failure.reason)
                continue
            wait = retry.delay(claimed.attempts, failure.retry_after)
            store.outbox_retry(claimed.id, error=failure.reason, next_attempt_at=now + wait)
            done.retrying.append(claimed.id)
            log.warning("%s: outbox %d will be retried in %s: %s", channel.name, claimed.id, wait, failure.reason)
            return  # the channel is down or throttling: leave the rest of its queue for a later round
        except Exception as error:  # a bug in rendering must not lose the message or stop other channels
            log.exception("%s: outbox %d could not be sent", channel.name, claimed.id)
            wait = retry.delay(claimed.attempts)
            store.outbox_retry(claimed.id, error=f"{type(error).__name__}: {error}", next_attempt_at=now + wait)
            done.retrying.append(claimed.id)
            continue
        store.outbox_sent(claimed.id, now=now, note=note)
        done.sent.append(claimed.id)
        log.info("%s: outbox %d sent%s", channel.name, claimed.id, f" ({note})" if note else "")


def _within(
    store: Store, channel: str, due: list[OutboxItem], room: int, now: datetime, done: Round
) -> list[OutboxItem]:
    """The rows to send now: all of them if they fit the minute's room, else the most urgent and a digest.

    A digest is never folded into another (it would hide its own list): waiting digests go first.
    A message addressed to a person (`Message.to`) is never folded into the list's digest: it waits.
    """
    if len(due) <= room:
        return due
    digests = [item for item in due if item.kind == "digest"]
    if len(digests) >= room:
        return digests[:room]
    foldable = (item for item in due if item.kind != "digest" and not item.payload.get("to"))
    ranked = sorted(foldable, key=lambda item: (-_rank(item), item.id))
    keep, rest = ranked[: room - len(digests) - 1], ranked[room - len(digests) - 1 :]
    digest = store.fold_outbox(channel, [item.id for item in rest], digest_of(rest).to_dict(), now=now)
    if digest is None:  # another worker took some of them: send what fits and leave the rest waiting
        return [*digests, *ranked][:room]
    done.folded += [item.id for item in rest]
    return [*digests, *keep, digest]


def _rank(item: OutboxItem) -> int:
    severity = item.payload.get("severity", "info")
    return SEVERITIES.index(severity) if severity in SEVERITIES else 0


def digest_of(items: list[OutboxItem]) -> Message:
    """One message standing for many: each one's headline and link, most severe first."""
    messages = [Message.from_dict(item.payload) for item in items]
    messages.sort(key=lambda message: -message.rank)
    lines = [f"- {message.headline()}" + (f" ({message.link})" if message.link else "") for message in messages]
    return Message(
        subject=f"{len(messages)} more messages (digest: the rate limit held them together)",
        text="Sent together to keep the channel readable; each is also in commsdesk.\n\n" + "\n".join(lines),
        severity=max(messages, key=lambda message: message.rank).severity,
        tags=("digest",),
    )


def _key(item: OutboxItem) -> str:
    """A name for this row unique across stores: the email Message-ID's left part."""
    return f"commsdesk.outbox.{item.id}.{iso(item.created_at).replace(':', '')}"


def requeue_failed(store: Store, *, now: datetime, channel: str | None = None) -> list[int]:
    """Make every failed row (of `channel`) due again, once a person has fixed what made the server refuse."""
    return [
        item.id
        for item in store.outbox(status="failed", channel=channel, limit=10_000)
        if store.requeue_outbox(item.id, now=now)
    ]
