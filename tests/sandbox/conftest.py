"""Fixtures for the sandbox tests: a small scenario, a running sandbox, and the real clients.

The clients are configured as production would configure them, only pointed at the sandbox:
tweepy through a transport adapter that rewrites https://api.twitter.com, facebook-business
through its session's GRAPH attribute, googleapiclient through client_options.api_endpoint.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httplib2
import pytest
import requests
import tweepy
from facebook_business.api import FacebookAdsApi
from facebook_business.session import FacebookSession
from googleapiclient.discovery import build
from requests.adapters import HTTPAdapter

from sandbox.scenario import snowflake
from sandbox.server import Sandbox

START = datetime(2026, 11, 20, tzinfo=UTC)
FORCE_ID = "1500000000000000001"
PAGE_ID = "100000000000001"
CHANNEL_ID = "UCnorthshirepolice000001"
MORNING = START + timedelta(hours=9)  # the clock the tests start at


def at(hours: float) -> datetime:
    """A time on the scenario day."""
    return START + timedelta(hours=hours)


def stamp(moment: datetime) -> str:
    """ISO with Z, as scenario lines carry it."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def person(handle: str, number: int, kind: str = "person") -> dict[str, Any]:
    """A member of the public as an author."""
    return {
        "id": str(2000000000 + number),
        "handle": handle,
        "name": handle.title(),
        "verified": False,
        "type": kind,
    }


FORCE_X = {
    "id": FORCE_ID,
    "handle": "NorthshirePolice",
    "name": "Northshire Police",
    "verified": True,
    "type": "organisation",
}
PAGE = {
    "id": PAGE_ID,
    "handle": "NorthshirePolice",
    "name": "Northshire Police",
    "verified": True,
    "type": "organisation",
}
CHANNEL = {
    "id": CHANNEL_ID,
    "handle": "@northshirepolice",
    "name": "Northshire Police",
    "verified": True,
    "type": "organisation",
}


def x_post(
    moment: datetime,
    seq: int,
    author: dict[str, Any],
    text: str,
    reply_to: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An X scenario line with a snowflake id."""
    return {
        "platform": "x",
        "id": snowflake(moment, seq),
        "time": stamp(moment),
        "kind": "post",
        "author": author,
        "text": text,
        "reply_to": reply_to,
        "lang": "en",
        "place": None,
        **extra,
    }


def header() -> dict[str, Any]:
    """The scenario header line."""
    return {
        "scenario": {
            "name": "test-day",
            "description": "small fixture for sandbox tests",
            "start": stamp(START),
            "end": stamp(START + timedelta(days=1)),
            "timezone": "Europe/London",
            "x_accounts": [
                {
                    "id": FORCE_ID,
                    "username": "NorthshirePolice",
                    "name": "Northshire Police",
                    "verified": True,
                }
            ],
            "facebook_page": {"id": PAGE_ID, "name": "Northshire Police"},
            "youtube_channel": {"id": CHANNEL_ID, "title": "Northshire Police"},
        }
    }


def x_lines() -> list[dict[str, Any]]:
    """X: a force tweet, replies and mentions, 30 'traffic' tweets, one old and one future."""
    closure = x_post(
        at(7),
        1,
        FORCE_X,
        "Road closure on the A61 near #Kingsbridge this morning. Please avoid the area.",
        metrics={"like_count": 40},
    )
    lines = [
        x_post(at(-24 * 8), 1, person("oldtimer", 1), "old news about traffic"),
        closure,
        x_post(
            at(7.05),
            1,
            person("alice", 2),
            "@NorthshirePolice how long will the A61 be closed?",
            closure["id"],
            place="Kingsbridge, Northshire",
        ),
        x_post(
            at(7.1),
            1,
            person("bob", 3),
            "Huge queues on the A61 #Kingsbridge",
            place="Kingsbridge, Northshire",
        ),
        x_post(at(7.2), 1, person("carol", 4), "RT @NorthshirePolice: Road closure on the A61"),
        x_post(at(7.3), 1, person("dave", 5), "Thanks @northshirepolice for the quick response"),
        x_post(at(7.4), 1, person("erin", 6), "Le trafic est terrible ce matin", lang="fr"),
        x_post(
            at(7.5),
            1,
            person("frank", 7),
            "Blocked road again, nobody tells us anything",
            closure["id"],
        ),
    ]
    lines[6]["lang"] = "fr"
    for n in range(30):
        moment = at(8) + timedelta(minutes=2 * n)
        lines.append(
            x_post(
                moment,
                1,
                person(f"driver{n % 5}", 10 + n % 5),
                f"traffic update number {n} on the ring road",
            )
        )
    lines.append(x_post(at(12), 1, person("alice", 2), "Lunchtime update please @NorthshirePolice traffic"))
    return lines


def facebook_lines() -> list[dict[str, Any]]:
    """Facebook: page posts, a visitor post, comments and a reply; one future post."""

    def fb(
        n: int,
        hours: float,
        kind: str,
        author: dict[str, Any],
        text: str,
        reply_to: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        post_id = f"{PAGE_ID}_{n}" if kind != "comment" else n
        return {
            "platform": "facebook",
            "id": post_id,
            "time": stamp(at(hours)),
            "kind": kind,
            "author": author,
            "text": text,
            "reply_to": reply_to,
            "lang": "en",
            "place": None,
            **extra,
        }

    closure = f"{PAGE_ID}_1001"
    return [
        fb(
            1001,
            7,
            "post",
            PAGE,
            "Road closure on the A61 near Kingsbridge.",
            metrics={"likes": 12, "shares": 3},
        ),
        fb(1002, 7.25, "visitor_post", person("gina", 20), "Is the A61 still closed?"),
        fb(1003, 8, "post", PAGE, "Appeal for witnesses in Kingsbridge."),
        fb(1004, 8.5, "post", PAGE, "Lost dog found on the high street."),
        fb(1005, 8.75, "visitor_post", person("hal", 21), "Thank you for the update!"),
        fb("1001_2001", 7.1, "comment", person("alice", 2), "How long for?", closure),
        fb(
            "1001_2002",
            7.2,
            "comment",
            person("bob", 3),
            "Avoiding it, thanks",
            closure,
            metrics={"likes": 4},
        ),
        fb("1001_2003", 7.4, "comment", PAGE, "Until about noon.", "1001_2001"),
        fb("1001_2004", 7.5, "comment", person("carol", 4), "Still shut", closure),
        fb(1006, 13, "post", PAGE, "Afternoon update: A61 reopened."),
    ]


def youtube_lines() -> list[dict[str, Any]]:
    """YouTube: two videos, 25 threads on the force's video, 7 replies on the first thread."""

    def yt(
        post_id: str,
        moment: datetime,
        kind: str,
        author: dict[str, Any],
        text: str,
        reply_to: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        return {
            "platform": "youtube",
            "id": post_id,
            "time": stamp(moment),
            "kind": kind,
            "author": author,
            "text": text,
            "reply_to": reply_to,
            "lang": "en",
            "place": None,
            **extra,
        }

    lines = [
        yt(
            "vidAppeal01",
            at(6),
            "video",
            CHANNEL,
            "Police appeal after a burglary in Kingsbridge. Call 101.",
            title="Appeal: Kingsbridge burglary",
            metrics={"views": 1500, "likes": 30},
        ),
        yt(
            "vidDashcam2",
            at(6.5),
            "video",
            person("dashcamuk", 30),
            "Crash on the A61",
            title="Dashcam A61 crash",
            metrics={"views": 9000},
        ),
        yt("UgzOther0001", at(7), "comment", person("ivan", 31), "Scary driving", "vidDashcam2"),
    ]
    for n in range(25):
        lines.append(
            yt(
                f"UgzThread{n:04d}",
                at(7) + timedelta(minutes=3 * n),
                "comment",
                person(f"viewer{n % 4}", 40 + n % 4),
                f"Comment number {n} on the appeal",
                "vidAppeal01",
                metrics={"likes": n % 7},
            )
        )
    for n in range(7):
        lines.append(
            yt(
                f"UgzThread0000.reply{n:02d}",
                at(8) + timedelta(minutes=n),
                "reply",
                CHANNEL if n == 0 else person("viewer9", 49),
                f"Reply {n}",
                "UgzThread0000",
            )
        )
    return lines


def scenario_lines() -> list[dict[str, Any]]:
    """All lines of the fixture scenario (posts deliberately not in time order)."""
    return [header(), *reversed(x_lines()), *facebook_lines(), *youtube_lines()]


@pytest.fixture(scope="session")
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture scenario written as JSON Lines."""
    path = tmp_path_factory.mktemp("scenario") / "test_day.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in scenario_lines()) + "\n")
    return path


@pytest.fixture
def sandbox(scenario_file: Path) -> Iterator[Sandbox]:
    """A started sandbox, clock frozen at 09:00 on the scenario day."""
    with Sandbox(scenario_file, speed=0.0, start=MORNING) as sb:
        yield sb


@pytest.fixture
def make_sandbox(scenario_file: Path) -> Iterator[Callable[..., Sandbox]]:
    """Build a started sandbox with custom options (limits, credentials ...)."""
    made: list[Sandbox] = []

    def make(**options: Any) -> Sandbox:
        options.setdefault("start", MORNING)
        sb = Sandbox(scenario_file, **options)
        sb.start()
        made.append(sb)
        return sb

    yield make
    for sb in made:
        sb.stop()


class RewriteAdapter(HTTPAdapter):
    """Send https://api.twitter.com/... to the sandbox, with a timeout tweepy never sets."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        super().__init__()
        self.base_url = base_url
        self.timeout = timeout

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        assert request.url is not None
        request.url = self.base_url + request.url[len("https://api.twitter.com") :]
        kwargs["timeout"] = kwargs.get("timeout") or self.timeout
        return super().send(request, **kwargs)


def tweepy_client(sb: Sandbox, **options: Any) -> tweepy.Client:
    """A tweepy.Client with the sandbox credentials, pointed at the sandbox."""
    settings: dict[str, Any] = {
        "bearer_token": "sandbox-bearer-token",
        "consumer_key": "sandbox-consumer-key",
        "consumer_secret": "sandbox-consumer-secret",
        "access_token": "sandbox-access-token",
        "access_token_secret": "sandbox-access-secret",
    }
    settings.update(options)
    client = tweepy.Client(**settings)
    client.session.trust_env = False
    client.session.mount("https://api.twitter.com", RewriteAdapter(sb.url))
    return client


def graph_api(sb: Sandbox, token: str = "sandbox-page-token") -> FacebookAdsApi:
    """A FacebookAdsApi on its own session, GRAPH set on the instance (no global state)."""
    session = FacebookSession(access_token=token, timeout=10)
    session.GRAPH = sb.url
    session.requests.trust_env = False
    return FacebookAdsApi(session)


def youtube(sb: Sandbox, key: str = "sandbox-api-key") -> Any:
    """A googleapiclient YouTube resource on the bundled discovery document."""
    return build(
        "youtube",
        "v3",
        developerKey=key,
        static_discovery=True,
        client_options={"api_endpoint": sb.url},
        http=httplib2.Http(timeout=10, proxy_info=None),
    )


@pytest.fixture
def x_client(sandbox: Sandbox) -> tweepy.Client:
    """tweepy against the default sandbox."""
    return tweepy_client(sandbox)


@pytest.fixture
def fb_api(sandbox: Sandbox) -> FacebookAdsApi:
    """facebook-business against the default sandbox."""
    return graph_api(sandbox)


@pytest.fixture
def yt(sandbox: Sandbox) -> Any:
    """googleapiclient against the default sandbox."""
    return youtube(sandbox)


@pytest.fixture
def make_x_client() -> Callable[..., tweepy.Client]:
    """tweepy_client(sb, **overrides) for tests that need other credentials or options."""
    return tweepy_client


@pytest.fixture
def make_graph_api() -> Callable[..., FacebookAdsApi]:
    """graph_api(sb, token=...)."""
    return graph_api


@pytest.fixture
def make_youtube() -> Callable[..., Any]:
    """youtube(sb, key=...)."""
    return youtube


@pytest.fixture
def fixture_lines() -> Callable[[], list[dict[str, Any]]]:
    """The fixture scenario's lines, for tests that write variants of it."""
    return scenario_lines


@pytest.fixture
def new_x_post() -> Callable[..., dict[str, Any]]:
    """x_post(moment, seq, author, text, reply_to=None, **extra) for live additions."""
    return x_post
