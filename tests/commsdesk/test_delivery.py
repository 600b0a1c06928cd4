"""Delivery against real servers on 127.0.0.1: an SMTP server (aiosmtpd) and an HTTP server for the webhooks."""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import json
import logging
import socket
import ssl
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from commsdesk.delivery import (
    EmailChannel,
    Message,
    Retry,
    SendFailed,
    WebhookChannel,
    configured_channels,
    deliver_due,
    enqueue,
    requeue_failed,
    slack_channel,
    teams_channel,
)
from commsdesk.store import Store
from config.secrets import Secret
from config.settings import check, example_path

T0 = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
FIRST = "Posts about the Quayside rose from 3 to 84 in 10 minutes."
SECOND = "Fastest-growing: stabbing, ambulance, <Quay> & bridge"
ALERT = Message(
    subject="Spike: 84 posts about a stabbing near the Quayside",
    text=f"{FIRST}\n\n{SECOND}",
    severity="critical",
    link="http://127.0.0.1:8080/alerts/7",
    tags=("watch-word", "Quayside"),
    facts=(("Posts in 10 min", "84"), ("Baseline", "3")),
)

# -- a webhook receiver ----------------------------------------------------------------------------


@dataclass
class Hook:
    """An HTTP server standing in for Teams and Slack: records each POST, answers from a script."""

    url: str
    received: list[tuple[str, str, Any]] = field(default_factory=list)  # (path, content type, JSON body)
    replies: deque[tuple[int, str, dict[str, str]]] = field(default_factory=deque)  # then 200 "1"

    def reply(self, status: int, body: str = "", headers: dict[str, str] | None = None) -> None:
        self.replies.append((status, body, headers or {}))

    def bodies(self, path: str) -> list[Any]:
        return [body for at, _, body in self.received if at == path]


@pytest.fixture
def hook() -> Iterator[Hook]:
    state = Hook(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length))
            state.received.append((self.path, self.headers.get("Content-Type", ""), body))
            status, answer, headers = state.replies.popleft() if state.replies else (200, "1", {})
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.encode())))
            self.end_headers()
            self.wfile.write(answer.encode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


TEAMS_PATH = "/workflows/teams-secret-0123456789"
SLACK_PATH = "/services/T000/B000/slack-secret-abcdef"


def local_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment between us and 127.0.0.1
    return session


def teams(hook: Hook) -> WebhookChannel:
    return teams_channel(Secret(hook.url + TEAMS_PATH), timeout=2, session=local_session())


def slack(hook: Hook) -> WebhookChannel:
    return slack_channel(Secret(hook.url + SLACK_PATH), timeout=2, session=local_session())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "store.sqlite") as opened:
        yield opened


# -- an SMTP server ----------------------------------------------------------------------------------


@dataclass
class Mailbox:
    """aiosmtpd handler: keeps each message; `refuse` answers RCPT with an error instead."""

    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    refuse: str = ""

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and data.password == b"mail-password"
        if ok:
            self.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)  # aiosmtpd answers 535 itself


def free_port() -> int:
    with socket.socket() as probe:  # aiosmtpd needs a port number before it starts
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A self-signed certificate for 127.0.0.1, so TLS is verified exactly as in production."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    (folder / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return folder


@dataclass
class Smtp:
    mailbox: Mailbox
    port: int
    client_context: ssl.SSLContext


@pytest.fixture(params=["starttls", "ssl"])
def smtp(request: pytest.FixtureRequest, certificate: Path) -> Iterator[Smtp]:
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(certificate / "cert.pem", certificate / "key.pem")
    mailbox = Mailbox()
    port = free_port()
    tls = (
        {"tls_context": server_context, "require_starttls": True}
        if request.param == "starttls"
        else {"ssl_context": server_context, "auth_require_tls": False}  # the whole session is TLS
    )
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, authenticator=mailbox.authenticate, **tls)
    controller.start()
    yield Smtp(mailbox, port, ssl.create_default_context(cafile=str(certificate / "cert.pem")))
    controller.stop()


def mail_channel(smtp: Smtp, security: str, **extra: Any) -> EmailChannel:
    return EmailChannel(
        "127.0.0.1",
        smtp.port,
        "Comms Desk <commsdesk@northshire.police.uk>",
        ("duty@northshire.police.uk", "inspector@northshire.police.uk"),
        security=security,
        username="commsdesk",
        password=Secret("mail-password"),
        timeout=5,
        ssl_context=smtp.client_context,
        **extra,
    )


# -- email ---------------------------------------------------------------------------------------------


def test_email_goes_as_multipart_text_and_html_over_tls_with_a_login(
    store: Store, smtp: Smtp, request: pytest.FixtureRequest
) -> None:
    security = request.node.callspec.params["smtp"]
    item = enqueue(store, "email", ALERT, now=T0)
    done = deliver_due(store, [mail_channel(smtp, security)], T0)
    assert done.sent == [item.id]
    assert smtp.mailbox.logins == ["commsdesk"]
    ((sender, recipients, content),) = smtp.mailbox.messages
    assert sender == "commsdesk@northshire.police.uk"
    assert recipients == ["duty@northshire.police.uk", "inspector@northshire.police.uk"]
    mail = email.message_from_bytes(content, _class=EmailMessage, policy=email.policy.default)
    assert mail["Subject"] == "[CRITICAL] Spike: 84 posts about a stabbing near the Quayside"
    assert mail["Message-ID"] == f"<commsdesk.outbox.{item.id}.2026-11-20T140000Z@northshire.police.uk>"
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    page = mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "rose from 3 to 84" in text and "Posts in 10 min: 84" in text and ALERT.link in text
    assert "&lt;Quay&gt; &amp; bridge" in page and f'href="{ALERT.link}"' in page
    sent = store.get_outbox(item.id)
    assert sent is not None and sent.status == "sent" and sent.sent_at == T0


@pytest.mark.parametrize("smtp", ["starttls"], indirect=True)
def test_a_message_to_one_person_goes_to_them_not_the_list(store: Store, smtp: Smtp) -> None:
    notice = Message(subject="Post 7 failed to publish", text="HTTP 401", to=("pc.smith@northshire.police.uk",))
    enqueue(store, "email", notice, now=T0)
    deliver_due(store, [mail_channel(smtp, "starttls")], T0)
    ((_, recipients, content),) = smtp.mailbox.messages
    assert recipients == ["pc.smith@northshire.police.uk"]
    assert b"To: pc.smith@northshire.police.uk" in content


def test_a_personal_message_is_never_folded_into_the_lists_digest(store: Store, hook: Hook) -> None:
    channel = slack(hook)
    personal = enqueue(store, "slack", Message(subject="for you", text=".", to=("a@b.invalid",)), now=T0)
    for n in range(5):
        enqueue(store, "slack", Message(subject=f"alert {n}", text="..."), now=T0)
    done = deliver_due(store, [channel], T0, per_minute=3)
    assert personal.id not in done.folded and personal.id not in done.sent
    assert deliver_due(store, [channel], T0 + timedelta(seconds=61), per_minute=3).sent[0] == personal.id


@pytest.mark.parametrize("smtp", ["starttls"], indirect=True)
def test_a_refused_recipient_fails_for_good_and_a_busy_one_is_retried(store: Store, smtp: Smtp) -> None:
    channel = mail_channel(smtp, "starttls")
    smtp.mailbox.refuse = "550 5.1.1 no such mailbox"
    first = enqueue(store, "email", ALERT, now=T0)
    assert deliver_due(store, [channel], T0).failed == [first.id]
    failed = store.get_outbox(first.id)
    assert failed is not None and failed.status == "failed"
    assert "550 5.1.1 no such mailbox" in failed.last_error

    smtp.mailbox.refuse = "451 4.3.0 try again later"
    second = enqueue(store, "email", ALERT, now=T0)
    assert deliver_due(store, [channel], T0).retrying == [second.id]
    smtp.mailbox.refuse = ""
    assert deliver_due(store, [channel], T0 + timedelta(seconds=30)).sent == [second.id]
    assert len(smtp.mailbox.messages) == 1


@pytest.mark.parametrize("smtp", ["starttls"], indirect=True)
def test_a_wrong_password_is_refused_for_good(store: Store, smtp: Smtp) -> None:
    channel = mail_channel(smtp, "starttls", name="email")
    channel.password = Secret("wrong")
    item = enqueue(store, "email", ALERT, now=T0)
    deliver_due(store, [channel], T0)
    failed = store.get_outbox(item.id)
    assert failed is not None and failed.status == "failed" and failed.last_error.startswith("SMTP 535")


def test_an_smtp_server_that_is_not_there_is_retried(store: Store) -> None:
    channel = EmailChannel("127.0.0.1", free_port(), "a@b.uk", ("c@d.uk",), security="none", timeout=2)
    item = enqueue(store, "email", ALERT, now=T0)
    assert deliver_due(store, [channel], T0).retrying == [item.id]
    waiting = store.get_outbox(item.id)
    assert waiting is not None and waiting.status == "pending" and "ConnectionRefusedError" in waiting.last_error


# -- webhooks: the exact shapes -------------------------------------------------------------------------


def test_teams_gets_a_message_with_one_adaptive_card(store: Store, hook: Hook) -> None:
    enqueue(store, "teams", ALERT, now=T0)
    assert len(deliver_due(store, [teams(hook)], T0).sent) == 1
    ((path, content_type, body),) = hook.received
    assert (path, content_type) == (TEAMS_PATH, "application/json")
    assert body == {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "msteams": {"width": "Full"},
                    "body": [
                        {
                            "type": "TextBlock",
                            "text": "[CRITICAL] Spike: 84 posts about a stabbing near the Quayside",
                            "size": "Large",
                            "weight": "Bolder",
                            "color": "Attention",
                            "wrap": True,
                        },
                        {"type": "TextBlock", "text": FIRST, "wrap": True},
                        {"type": "TextBlock", "text": SECOND, "wrap": True},
                        {
                            "type": "FactSet",
                            "facts": [{"title": "Posts in 10 min", "value": "84"}, {"title": "Baseline", "value": "3"}],
                        },
                        {"type": "TextBlock", "text": "watch-word · Quayside", "isSubtle": True, "size": "Small"},
                    ],
                    "actions": [{"type": "Action.OpenUrl", "title": "Open in commsdesk", "url": ALERT.link}],
                },
            }
        ],
    }


def test_slack_gets_text_and_blocks(store: Store, hook: Hook) -> None:
    enqueue(store, "slack", ALERT, now=T0)
    assert len(deliver_due(store, [slack(hook)], T0).sent) == 1
    ((path, content_type, body),) = hook.received
    assert (path, content_type) == (SLACK_PATH, "application/json")
    assert body == {
        "text": "[CRITICAL] Spike: 84 posts about a stabbing near the Quayside",
        "blocks": [
            {
                "type": "header",
                "text": {"type": "plain_text", "text": "[CRITICAL] Spike: 84 posts about a stabbing near the Quayside"},
            },
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f"{FIRST}\n\nFastest-growing: stabbing, ambulance, &lt;Quay&gt; &amp; bridge",
                },
            },
            {
                "type": "section",
                "fields": [
                    {"type": "mrkdwn", "text": "*Posts in 10 min*\n84"},
                    {"type": "mrkdwn", "text": "*Baseline*\n3"},
                ],
            },
            {"type": "section", "text": {"type": "mrkdwn", "text": f"<{ALERT.link}|Open in commsdesk>"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "watch-word · Quayside"}]},
        ],
    }


def test_slack_splits_long_text_within_its_block_limits(store: Store, hook: Hook) -> None:
    long = Message(subject="S" * 400, text="\n".join(f"line {n} " + "x" * 80 for n in range(200)))
    enqueue(store, "slack", long, now=T0)
    deliver_due(store, [slack(hook)], T0)
    (body,) = hook.bodies(SLACK_PATH)
    assert len(body["blocks"][0]["text"]["text"]) == 150
    sections = [block["text"]["text"] for block in body["blocks"][1:]]
    assert all(len(text) <= 3000 for text in sections) and len(sections) > 1
    assert "\n".join(sections) == long.text


# -- failures, retries and permanent refusals ------------------------------------------------------------


def test_a_server_error_is_retried_with_backoff_and_delivered_once(store: Store, hook: Hook) -> None:
    hook.reply(500, "rollup_error")
    item = enqueue(store, "slack", ALERT, now=T0)
    channel = slack(hook)
    assert deliver_due(store, [channel], T0).retrying == [item.id]
    waiting = store.get_outbox(item.id)
    assert waiting is not None
    assert (waiting.status, waiting.attempts, waiting.last_error) == ("pending", 1, "HTTP 500 rollup_error")
    assert waiting.next_attempt_at == T0 + timedelta(seconds=30)
    assert deliver_due(store, [channel], T0 + timedelta(seconds=29)).sent == []  # not yet due
    assert deliver_due(store, [channel], T0 + timedelta(seconds=30)).sent == [item.id]
    assert deliver_due(store, [channel], T0 + timedelta(minutes=5)).sent == []  # and never again
    assert len(hook.received) == 2  # one refused, one delivered
    done = store.get_outbox(item.id)
    assert done is not None and (done.status, done.attempts, done.last_error) == ("sent", 2, "")


def test_a_400_ends_failed_with_the_servers_reason_until_requeued(store: Store, hook: Hook) -> None:
    hook.reply(400, "invalid_payload")
    item = enqueue(store, "slack", ALERT, now=T0)
    channel = slack(hook)
    assert deliver_due(store, [channel], T0).failed == [item.id]
    failed = store.get_outbox(item.id)
    assert failed is not None and (failed.status, failed.last_error) == ("failed", "HTTP 400 invalid_payload")
    assert deliver_due(store, [channel], T0 + timedelta(hours=1)).sent == []
    assert [row.id for row in store.outbox(status="failed")] == [item.id]
    assert requeue_failed(store, now=T0 + timedelta(hours=1)) == [item.id]
    assert deliver_due(store, [channel], T0 + timedelta(hours=1)).sent == [item.id]


def test_retry_after_is_honoured_and_a_throttled_channel_is_left_alone(store: Store, hook: Hook) -> None:
    hook.reply(429, "rate_limited", {"Retry-After": "120"})
    first, second = (enqueue(store, "slack", ALERT, now=T0) for _ in range(2))
    done = deliver_due(store, [slack(hook)], T0)
    assert done.retrying == [first.id] and done.sent == []
    assert len(hook.received) == 1  # the second was not tried against a throttling server
    waiting = store.get_outbox(first.id)
    untouched = store.get_outbox(second.id)
    assert waiting is not None and waiting.next_attempt_at == T0 + timedelta(seconds=120)
    assert untouched is not None and untouched.attempts == 0


def test_teams_connector_throttling_inside_a_200_is_a_retry(store: Store, hook: Hook) -> None:
    hook.reply(200, "Microsoft Teams endpoint returned HTTP error 429 with ContextId ...")
    item = enqueue(store, "teams", ALERT, now=T0)
    assert deliver_due(store, [teams(hook)], T0).retrying == [item.id]


def test_an_unreachable_webhook_is_retried_and_its_address_never_shown(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "/services/T1/B1/very-secret-token"
    channel = slack_channel(Secret(f"http://127.0.0.1:{free_port()}{secret}"), timeout=2, session=local_session())
    item = enqueue(store, "slack", ALERT, now=T0)
    with caplog.at_level(logging.INFO):
        assert deliver_due(store, [channel], T0).retrying == [item.id]
    waiting = store.get_outbox(item.id)
    assert waiting is not None and "ConnectionError" in waiting.last_error
    assert "very-secret-token" not in waiting.last_error
    assert "very-secret-token" not in caplog.text
    assert "Secret(***)" in repr(channel)


def test_backoff_doubles_up_to_its_cap() -> None:
    retry = Retry(first=timedelta(seconds=30), cap=timedelta(minutes=15))
    assert [retry.delay(n).total_seconds() for n in range(1, 8)] == [30, 60, 120, 240, 480, 900, 900]
    assert retry.delay(1, retry_after=300).total_seconds() == 300
    assert retry.delay(1, retry_after=10**6).total_seconds() == 3600


# -- storms: at most N a minute per channel, the excess as one digest -----------------------------------------


def test_a_storm_of_fifty_is_held_to_the_rate_limit_on_each_channel(store: Store, hook: Hook) -> None:
    channels = [teams(hook), slack(hook)]
    for n in range(50):
        severity = "critical" if n in (40, 45) else "warning"
        for channel in channels:
            enqueue(store, channel.name, Message(subject=f"alert {n}", text="...", severity=severity), now=T0)

    done = deliver_due(store, channels, T0, per_minute=10)

    for path in (TEAMS_PATH, SLACK_PATH):
        posted = hook.bodies(path)
        assert len(posted) == 10
    slack_posts = hook.bodies(SLACK_PATH)
    headlines = [post["text"] for post in slack_posts]
    assert headlines[:2] == ["[CRITICAL] alert 40", "[CRITICAL] alert 45"]  # the most severe go first
    assert headlines[2:9] == [f"[WARNING] alert {n}" for n in range(7)]
    assert headlines[9] == "[WARNING] 41 more messages (digest: the rate limit held them together)"
    digest_text = "\n".join(block["text"]["text"] for block in slack_posts[9]["blocks"][1:] if "text" in block)
    assert all(f"[WARNING] alert {n}\n" in digest_text + "\n" for n in range(7, 50) if n not in (40, 45))
    assert len(done.sent) == 20 and len(done.folded) == 82

    # nothing lost: every one of the 100 rows was sent or is carried by a sent digest
    rows = store.outbox(limit=1000)
    statuses = {row.id: row.status for row in rows}
    assert sorted(statuses.values()).count("sent") == 20 and list(statuses.values()).count("folded") == 82
    assert all(statuses[row.folded_into] == "sent" for row in rows if row.status == "folded")

    # the minute is used up: a new alert waits for room, then goes
    late = enqueue(store, "slack", ALERT, now=T0 + timedelta(seconds=20))
    assert deliver_due(store, channels, T0 + timedelta(seconds=20), per_minute=10).sent == []
    assert deliver_due(store, channels, T0 + timedelta(seconds=61), per_minute=10).sent == [late.id]


# -- crashes ------------------------------------------------------------------------------------------------


@dataclass
class Crash:
    """A channel whose process dies mid-send: before posting, or after posting but before the record."""

    inner: WebhookChannel
    after_send: bool

    @property
    def name(self) -> str:
        return self.inner.name

    def send(self, message: Message, *, key: str) -> str:
        if self.after_send:
            self.inner.send(message, key=key)
        raise SystemExit("killed")


@pytest.mark.parametrize("after_send", [False, True])
def test_a_crash_mid_send_loses_nothing(tmp_path: Path, hook: Hook, after_send: bool) -> None:
    path = tmp_path / "store.sqlite"
    with Store(path) as store:
        item = enqueue(store, "teams", ALERT, now=T0)
        with pytest.raises(SystemExit):
            deliver_due(store, [Crash(teams(hook), after_send)], T0)
    with Store(path) as store:  # the restarted service
        waiting = store.get_outbox(item.id)
        assert waiting is not None and waiting.status == "pending" and waiting.attempts == 1
        assert deliver_due(store, [teams(hook)], T0 + timedelta(seconds=30)).sent == []  # still leased
        assert deliver_due(store, [teams(hook)], T0 + Retry().lease).sent == [item.id]
    assert len(hook.received) == (2 if after_send else 1)  # at least once: a send before the record repeats


def test_a_bug_in_a_channel_keeps_the_row_and_other_channels_go_on(store: Store, hook: Hook) -> None:
    class Broken:
        name = "email"

        def send(self, message: Message, *, key: str) -> str:
            raise KeyError("template")

    broken = enqueue(store, "email", ALERT, now=T0)
    fine = enqueue(store, "slack", ALERT, now=T0)
    done = deliver_due(store, [Broken(), slack(hook)], T0)
    assert (done.retrying, done.sent) == ([broken.id], [fine.id])


def test_rows_for_a_channel_not_configured_wait(store: Store, hook: Hook) -> None:
    item = enqueue(store, "email", ALERT, now=T0)
    assert deliver_due(store, [slack(hook)], T0).sent == []
    waiting = store.get_outbox(item.id)
    assert waiting is not None and (waiting.status, waiting.attempts) == ("pending", 0)


# -- messages and settings ----------------------------------------------------------------------------


def test_a_message_survives_the_outbox_and_refuses_nonsense() -> None:
    assert Message.from_dict(json.loads(json.dumps(ALERT.to_dict()))) == ALERT
    with pytest.raises(ValueError, match="severity"):
        Message(subject="x", text="", severity="urgent")
    with pytest.raises(ValueError, match="subject"):
        Message(subject=" ", text="")
    with pytest.raises(SendFailed):
        raise SendFailed("x", permanent=True)


def _with_delivery(tmp_path: Path, section: str) -> Path:
    path = tmp_path / "force.toml"
    path.write_text(example_path().read_text(encoding="utf-8") + "\n" + section, encoding="utf-8")
    return path


def test_delivery_is_off_by_default() -> None:
    settings, problems = check(example_path(), environ={})
    assert problems == [] and settings is not None
    assert configured_channels(settings) == []


def test_delivery_settings_name_each_mistake_and_never_a_secret(tmp_path: Path) -> None:
    path = _with_delivery(
        tmp_path,
        "[delivery]\nrate_limit = 0\n"
        '[delivery.email]\nenabled = true\nsecurity = "tls"\nusername = "desk"\nto = ["duty@", "ok@force.police.uk"]\n'
        "[delivery.teams]\nenabled = true\n"
        "[delivery.slack]\nenabled = true\n",
    )
    _, problems = check(path, environ={"COMMSDESK_SLACK_WEBHOOK_URL": "hooks.slack.com/services/very-secret"})
    found = {problem.field: problem for problem in problems}
    assert set(found) == {
        "delivery.rate_limit",
        "delivery.email.security",
        "delivery.email.smtp_host",
        "delivery.email.sender",
        "delivery.email.to[0]",
        "delivery.email.username",
        "delivery.teams.enabled",
        "delivery.slack.enabled",
    }
    assert "COMMSDESK_TEAMS_WEBHOOK_URL" in found["delivery.teams.enabled"].message
    assert "COMMSDESK_SMTP_PASSWORD" in found["delivery.email.username"].message
    assert all("very-secret" not in str(problem) for problem in problems)
    lines = path.read_text().splitlines()
    assert lines[found["delivery.email.security"].line - 1].startswith("security")  # type: ignore[operator]


def test_configured_channels_come_from_settings_and_secrets(tmp_path: Path) -> None:
    path = _with_delivery(
        tmp_path,
        '[delivery]\ntimeout = "5s"\n'
        '[delivery.email]\nenabled = true\nsmtp_host = "smtp.force.police.uk"\nsender = "Desk <desk@force.police.uk>"\n'
        'to = ["duty@force.police.uk"]\nusername = "desk"\n'
        "[delivery.slack]\nenabled = true\n",
    )
    environ = {"COMMSDESK_SMTP_PASSWORD": "pw", "COMMSDESK_SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/x"}
    settings, problems = check(path, environ=environ)
    assert problems == [] and settings is not None
    mail, hook_channel = configured_channels(settings)
    assert isinstance(mail, EmailChannel) and isinstance(hook_channel, WebhookChannel)
    assert (mail.host, mail.port, mail.security, mail.recipients, mail.timeout) == (
        "smtp.force.police.uk",
        587,
        "starttls",
        ("duty@force.police.uk",),
        5,
    )
    assert mail.password.reveal() == "pw" and hook_channel.name == "slack"
    assert "pw" not in repr(settings) and "hooks.slack.com" not in repr(settings)


def test_the_commented_example_in_the_bundled_file_is_valid_once_uncommented(tmp_path: Path) -> None:
    text = example_path().read_text(encoding="utf-8")
    block = text.split("# Delivery of alerts", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    section = "\n".join(line.removeprefix("#").removeprefix(" ") for line in block)
    path = _with_delivery(tmp_path, section)
    environ = {
        "COMMSDESK_SMTP_PASSWORD": "pw",
        "COMMSDESK_TEAMS_WEBHOOK_URL": "https://example.invalid/workflows/1",
        "COMMSDESK_SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/x",
    }
    settings, problems = check(path, environ=environ)
    assert problems == [] and settings is not None
    assert [channel.name for channel in configured_channels(settings)] == ["email", "teams", "slack"]
