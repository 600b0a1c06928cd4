"""X (Twitter) API v2 through tweepy: mentions of the force's accounts and a recent search.

tweepy's host is fixed, so the sandbox is reached through `ingest.http.route_session`.
`wait_on_rate_limit` stays off: tweepy retries a 429 without a reset header at once, forever;
`Collection.call` waits with a bound instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests
import tweepy

from commsdesk.records import Mention, parse_time
from config.secrets import SANDBOX_SECRETS
from config.settings import Settings
from ingest.base import (
    Collection,
    CursorRejected,
    MalformedItem,
    Page,
    RateLimited,
    SourceDegraded,
    TransientFault,
    convert_all,
    sweep,
)
from ingest.http import route_session

HOST = "https://api.twitter.com"
SOURCE = "x"
TWEET_FIELDS = [
    "created_at",
    "author_id",
    "conversation_id",
    "in_reply_to_user_id",
    "referenced_tweets",
    "lang",
    "public_metrics",
    "geo",
    "entities",
]
USER_FIELDS = ["username", "name", "verified", "public_metrics"]
PLACE_FIELDS = ["full_name", "name", "country_code", "place_type"]
EXPANSIONS = ["author_id", "geo.place_id"]


def make_client(settings: Settings) -> tweepy.Client:
    """A tweepy client for the real API, or for the sandbox when the settings name one."""
    secrets = settings.secrets
    if settings.platforms.sandbox and not secrets.x_bearer_token:
        secrets = SANDBOX_SECRETS
    client = tweepy.Client(
        bearer_token=secrets.x_bearer_token.reveal(),
        consumer_key=secrets.x_consumer_key.reveal() or None,
        consumer_secret=secrets.x_consumer_secret.reveal() or None,
        access_token=secrets.x_access_token.reveal() or None,
        access_token_secret=secrets.x_access_token_secret.reveal() or None,
        return_type=requests.Response,
        wait_on_rate_limit=False,
    )
    route_session(client.session, HOST, settings.platforms.sandbox, timeout=settings.platforms.timeout)
    return client


def mention_from_tweet(
    tweet: dict[str, Any],
    users: dict[str, dict[str, Any]] | None = None,
    places: dict[str, dict[str, Any]] | None = None,
    *,
    source: str = SOURCE,
) -> Mention:
    """An X API v2 post object (plus its expanded author and place, if any) as a Mention."""
    if not isinstance(tweet, dict):
        raise MalformedItem(f"expected a post object, got {type(tweet).__name__}")
    for required in ("id", "text", "created_at"):
        if not isinstance(tweet.get(required), str) or not tweet[required]:
            raise MalformedItem(f"post has no {required}")
    if not tweet["id"].isdigit():
        raise MalformedItem(f"post id {tweet['id']!r} is not a number")
    try:
        created = parse_time(tweet["created_at"])
    except ValueError as error:
        raise MalformedItem(f"post {tweet['id']}: bad created_at {tweet['created_at']!r}: {error}") from None
    author_id = str(tweet.get("author_id") or "")
    author = (users or {}).get(author_id, {})
    handle = author.get("username", "")
    replied_to = next(
        (ref.get("id", "") for ref in tweet.get("referenced_tweets") or [] if ref.get("type") == "replied_to"),
        "",
    )
    metrics = {k: v for k, v in (tweet.get("public_metrics") or {}).items() if isinstance(v, int)}
    raw = dict(tweet)
    if author:
        raw["author"] = author
    geo = tweet.get("geo") if isinstance(tweet.get("geo"), dict) else {}
    place = (places or {}).get(geo.get("place_id", ""))
    if place:
        raw["place"] = place
    return Mention(
        platform="x",
        id=tweet["id"],
        text=tweet["text"],
        created_at=created,
        author_id=author_id,
        author_handle=handle,
        author_name=author.get("name", ""),
        url=tweet_url(tweet["id"], handle),
        lang=tweet.get("lang") or "",
        in_reply_to=replied_to,
        conversation_id=str(tweet.get("conversation_id") or ""),
        metrics=metrics,
        raw=raw,
        source=source,
    )


def tweet_url(ident: str, handle: str) -> str:
    """A post's public address; without the author's handle, X's handle-free form."""
    return f"https://x.com/{handle or 'i/web'}/status/{ident}"


def search_query(terms: Iterable[str]) -> str:
    """One recent-search query for all the force's terms, retweets left out."""
    parts = [f'"{t}"' if " " in t and not t.startswith('"') else t for t in terms if t.strip()]
    return f"({' OR '.join(parts)}) -is:retweet" if parts else ""


@dataclass
class XCollector:
    """Mentions of each configured account, then a recent search for the force's terms."""

    client: tweepy.Client
    accounts: list[str]
    search_terms: list[str]
    page_size: int = 100
    source: str = SOURCE

    @classmethod
    def from_settings(cls, settings: Settings) -> XCollector:
        return cls(
            make_client(settings),
            settings.x.accounts,
            settings.force.search_terms,
            settings.x.page_size,
        )

    def collect(self, collection: Collection) -> None:
        ids = collection.stream("user_ids")
        for username in self.accounts:
            if username not in ids:
                body = collection.call(
                    lambda u=username: json_body(self._get(self.client.get_user, username=u)),
                    "user lookup",
                )
                data = body.get("data") or {}
                if not data.get("id"):
                    raise SourceDegraded(f"X account @{username} was not found", kind="config")
                ids[username] = data["id"]
            mentions = self.client.get_users_mentions
            self._sweep(collection, f"mentions:{username}", mentions, "pagination_token", 5, id=ids[username])
        if query := search_query(self.search_terms):
            self._sweep(collection, "search", self.client.search_recent_tweets, "next_token", 10, query=query)

    def _sweep(self, collection: Collection, stream: str, method: Any, token: str, smallest: int, **fixed: Any) -> None:
        """Sweep one timeline down to its since_id; each endpoint names its paging token its own way."""
        sweep(
            collection,
            stream,
            lambda floor, cursor: self._page(
                collection,
                method,
                since_id=floor,
                max_results=max(smallest, self.page_size),
                **{token: cursor},
                **fixed,
            ),
            order=int,
        )

    def _page(self, collection: Collection, method: Any, **params: Any) -> Page:
        params = {k: v for k, v in params.items() if v is not None}
        response = self._get(
            method,
            tweet_fields=TWEET_FIELDS,
            user_fields=USER_FIELDS,
            place_fields=PLACE_FIELDS,
            expansions=EXPANSIONS,
            **params,
        )
        _note_rate_limit(collection, response)
        body = json_body(response)
        tweets = body.get("data") or []
        if not isinstance(tweets, list):
            raise TransientFault("X answered with a malformed page (data is not a list)", kind="malformed_json")
        includes = body.get("includes") or {}
        users = {u.get("id"): u for u in includes.get("users", []) if isinstance(u, dict)}
        places = {p.get("id"): p for p in includes.get("places", []) if isinstance(p, dict)}
        mentions, bad = convert_all(
            tweets, lambda t: mention_from_tweet(t, users, places), source=SOURCE, where=method.__name__
        )
        meta = body.get("meta") or {}
        newest = max((m.id for m in mentions), key=int, default=None)
        return Page(mentions, bad, meta.get("next_token"), fetched=len(tweets), newest=newest)

    def _get(self, method: Any, **params: Any) -> requests.Response:
        """Call a tweepy method and turn its failures into the collector's fault classes."""
        return call_x(lambda: method(**params), credential="bearer token", refusal=_read_refusal)


def _read_refusal(error: tweepy.HTTPException) -> Exception | None:
    """What a 400/403 means to a reader: a stale paging token, or a request X will not serve."""
    problem = problem_text(error.response)
    if isinstance(error, tweepy.BadRequest):
        if "token" in problem.lower():
            return CursorRejected(f"X rejected the paging token: {problem}")
        return SourceDegraded(f"X rejected the request (HTTP 400: {problem})", kind="bad_request")
    if isinstance(error, tweepy.Forbidden):
        return SourceDegraded(f"X forbids this (HTTP 403: {problem})", kind="forbidden")
    return None


def call_x(
    send: Callable[[], requests.Response],
    *,
    credential: str,
    refusal: Callable[[tweepy.HTTPException], Exception | None],
) -> requests.Response:
    """One tweepy call, its failures as fault classes with X's own words (collector and publisher).

    `refusal` says what a 400/403/404 means to the caller (None: treat it as any other HTTP error);
    `credential` names what to renew after a 401.
    """
    try:
        return send()
    except tweepy.TooManyRequests as error:
        reset = error.response.headers.get("x-rate-limit-reset")
        reset_at = datetime.fromtimestamp(int(reset), UTC) if reset and reset.isdigit() else None
        kind = "rate_limit" if reset_at else "rate_limit_no_reset"
        problem = problem_text(error.response)
        if "UsageCapExceeded" in problem:
            raise SourceDegraded(f"X usage cap exceeded: {problem}", kind="quota") from None
        raise RateLimited(f"X rate limit (HTTP 429){_until(reset_at)}", reset_at=reset_at, kind=kind) from None
    except tweepy.Unauthorized as error:
        raise SourceDegraded(
            f"X refused the credentials (HTTP 401: {problem_text(error.response)}); renew the {credential}",
            kind="expired_token",
        ) from None
    except (tweepy.BadRequest, tweepy.Forbidden, tweepy.NotFound) as error:
        mapped = refusal(error)
        if mapped is not None:
            raise mapped from None
        raise TransientFault(f"X answered HTTP {error.response.status_code}", kind="http_error") from None
    except tweepy.TwitterServerError as error:
        raise TransientFault(f"X server error (HTTP {error.response.status_code})", kind="server_error") from None
    except requests.Timeout:
        raise TransientFault("X did not answer in time", kind="timeout") from None
    except requests.ConnectionError as error:
        raise TransientFault(f"connection to X failed: {_short(error)}", kind="dropped") from None
    except requests.RequestException as error:  # a body cut off mid-stream, and the like
        raise TransientFault(f"X answer broken off: {_short(error)}", kind="dropped") from None
    except tweepy.HTTPException as error:
        raise TransientFault(f"X answered HTTP {error.response.status_code}", kind="http_error") from None


def json_body(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except (ValueError, requests.exceptions.JSONDecodeError):
        raise TransientFault("X answered with malformed JSON", kind="malformed_json") from None
    if not isinstance(body, dict):
        raise TransientFault("X answered with malformed JSON (not an object)", kind="malformed_json")
    return body


def _note_rate_limit(collection: Collection, response: requests.Response) -> None:
    headers = response.headers
    if "x-rate-limit-remaining" in headers:
        collection.rate_limit.update(
            remaining=int(headers["x-rate-limit-remaining"]),
            limit=int(headers.get("x-rate-limit-limit", 0)),
            reset_at=datetime.fromtimestamp(int(headers.get("x-rate-limit-reset", 0)), UTC).isoformat(),
        )


def problem_text(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.reason or ""
    if isinstance(body, dict):
        return str(body.get("detail") or body.get("title") or json.dumps(body)[:200])
    return ""


def _until(moment: datetime | None) -> str:
    return f", resets {moment:%H:%M:%S}Z" if moment else ", no reset time given"


def _short(error: Exception) -> str:
    text = str(error)
    return text if len(text) < 160 else text[:157] + "..."
