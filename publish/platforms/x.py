"""X through tweepy's `create_tweet` (OAuth 1.0a user context), with long posts as numbered threads.

A thread is resumable: before posting one, the user's recent tweets are read once and the parts
already there (same text, replying to the part before) are kept, so a crash or a fault mid-thread
never doubles a part. `find` reports a thread only when every part is there; a partial thread
makes `find` answer None and the next `publish` completes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
import tweepy

from config.settings import Settings
from ingest.base import TransientFault, wall_clock
from ingest.x import call_x, json_body, make_client, problem_text, tweet_url
from publish.platforms.base import CLOCK_SKEW, Outgoing, Published, Rejected, same_text

LIMIT = 280
URL_WEIGHT = 23
#: twitter-text v3: code points in these ranges weigh 1, all others 2 (a safe over-count for emoji).
LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_URL = re.compile(r"https?://\S+")
_TOKEN = re.compile(r"\S+\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
SNOWFLAKE_EPOCH_MS = 1288834974657
FIND_PAGES = 5


def weighted_length(text: str) -> int:
    """X's weighted length: a link counts 23, CJK and emoji 2, most other characters 1."""
    total = 0
    for index, piece in enumerate(_URL.split(text)):
        total += sum(1 if any(lo <= ord(c) <= hi for lo, hi in LIGHT) else 2 for c in piece)
        if index:
            total += URL_WEIGHT
    return total


def split_thread(text: str, limit: int = LIMIT) -> list[str]:
    """The text as one post, or as numbered parts ("… 1/3") that each fit `limit`.

    Cuts at the last sentence end that keeps a part at least half full, else between words; a
    single word longer than a part (no spaces at all) is cut inside. Words and order are kept;
    runs of spaces at a cut are dropped.
    """
    text = text.strip()
    if weighted_length(text) <= limit:
        return [text]
    digits = 1
    while True:
        suffix_room = len(f" {'9' * digits}/{'9' * digits}")
        bodies = _pack(text, limit - suffix_room)
        if len(str(len(bodies))) <= digits:
            return [f"{body} {n}/{len(bodies)}" for n, body in enumerate(bodies, 1)]
        digits += 1


def _pack(text: str, room: int) -> list[str]:
    """Greedy packing of words into bodies of weighted length <= room, preferring sentence ends."""
    tokens: list[str] = []
    for token in _TOKEN.findall(text):
        tokens.extend(_cut_word(token, room))
    bodies: list[str] = []
    current: list[str] = []
    for token in tokens:
        if current and weighted_length("".join([*current, token]).strip()) > room:
            cut = _sentence_cut(current, room)
            bodies.append("".join(current[:cut]).strip())
            current = current[cut:]
        current.append(token)
    if current:
        bodies.append("".join(current).strip())
    return bodies


def _sentence_cut(tokens: list[str], room: int) -> int:
    """Where to end a full part: after the last sentence if that keeps it half full, else at the end."""
    for cut in range(len(tokens), 0, -1):
        if weighted_length("".join(tokens[:cut]).strip()) < room // 2:
            break
        if _SENTENCE_END.search(tokens[cut - 1].rstrip()):
            return cut
    return len(tokens)


def _cut_word(token: str, room: int) -> list[str]:
    """A word too long for one part, in pieces that fit (links weigh 23, so they never need it)."""
    if weighted_length(token.strip()) <= room:
        return [token]
    pieces, piece = [], ""
    for char in token:
        if weighted_length(piece + char) > room:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]


def tweet_time(ident: str) -> datetime:
    """When a tweet was made, from its snowflake id (create_tweet answers with id and text only)."""
    return datetime.fromtimestamp(((int(ident) >> 22) + SNOWFLAKE_EPOCH_MS) / 1000, UTC)


class XPublisher:
    """Posts as the user the client's OAuth 1.0a access token belongs to (`account`, checked)."""

    platform = "x"

    def __init__(self, client: tweepy.Client, account: str, *, clock: Callable[[], datetime] = wall_clock) -> None:
        self.client = client
        self.account = account
        self.clock = clock
        self._user_id: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings, account: str | None = None) -> XPublisher:
        return cls(make_client(settings), account or settings.x.accounts[0])

    def publish(self, item: Outgoing) -> Published:
        parts = split_thread(item.text)
        ids = self._existing(item, parts) if len(parts) > 1 else []
        for part in parts[len(ids) :]:
            reply_to = ids[-1] if ids else item.in_reply_to
            body = json_body(self._call(lambda p=part, r=reply_to: self._create(p, r)))
            ident = (body.get("data") or {}).get("id")
            if not isinstance(ident, str) or not ident.isdigit():
                raise TransientFault("X answered create_tweet without an id", kind="malformed_json")
            ids.append(ident)
        return self._receipt(ids)

    def find(self, item: Outgoing) -> Published | None:
        parts = split_thread(item.text)
        ids = self._existing(item, parts)
        return self._receipt(ids) if len(ids) == len(parts) else None

    def _create(self, text: str, reply_to: str | None) -> requests.Response:
        return self.client.create_tweet(text=text, in_reply_to_tweet_id=reply_to, user_auth=True)

    def _receipt(self, ids: list[str]) -> Published:
        return Published("x", ids[0], tweet_url(ids[0], self.account), tweet_time(ids[0]), tuple(ids))

    def _existing(self, item: Outgoing, parts: list[str]) -> list[str]:
        """Ids of the leading parts already on the account, each replying to the one before."""
        tweets = self._own_tweets(item.since - CLOCK_SKEW)
        ids: list[str] = []
        parent = item.in_reply_to
        for part in parts:
            match = next(
                (t["id"] for t in reversed(tweets) if same_text(part, t.get("text", "")) and _replied_to(t) == parent),
                None,
            )
            if match is None:
                break
            ids.append(match)
            parent = match
        return ids

    def _own_tweets(self, start: datetime) -> list[dict[str, Any]]:
        """The account's tweets since `start`, newest first (at most FIND_PAGES pages of 100)."""
        user_id = self._me()
        floor = self.clock() - timedelta(days=7)
        params: dict[str, Any] = {
            "id": user_id,
            "start_time": max(start, floor).astimezone(UTC).replace(microsecond=0),
            "max_results": 100,
            "tweet_fields": ["created_at", "referenced_tweets"],
        }
        tweets: list[dict[str, Any]] = []
        for _ in range(FIND_PAGES):
            body = json_body(self._call(lambda p=dict(params): self.client.get_users_tweets(**p)))
            tweets.extend(t for t in body.get("data") or [] if isinstance(t, dict) and isinstance(t.get("id"), str))
            token = (body.get("meta") or {}).get("next_token")
            if not token:
                break
            params["pagination_token"] = token
        return tweets

    def _me(self) -> str:
        """The token's user id; refuses to post as someone other than `account`."""
        if self._user_id is None:
            data = json_body(self._call(lambda: self.client.get_me(user_auth=True))).get("data") or {}
            if str(data.get("username", "")).lower() != self.account.lower():
                raise Rejected(
                    f"the X access token is for @{data.get('username')}, not @{self.account}", kind="account"
                )
            self._user_id = str(data["id"])
        return self._user_id

    def _call(self, send: Callable[[], requests.Response]) -> requests.Response:
        """One tweepy call, its failures as publish faults with X's own words."""
        return call_x(send, credential="access token", refusal=lambda error: _refusal(error.response))


def _refusal(response: requests.Response) -> Rejected:
    problem = problem_text(response)
    lowered = problem.lower()
    if "duplicate" in lowered:
        kind = "duplicate"
    elif "shorter" in lowered or "too long" in lowered:
        kind = "too_long"
    elif "deleted or not visible" in lowered:
        kind = "parent_gone"
    else:
        kind = "content"
    return Rejected(f"X refused the post (HTTP {response.status_code}: {problem})", kind=kind)


def _replied_to(tweet: dict[str, Any]) -> str | None:
    refs = tweet.get("referenced_tweets") or []
    return next((str(r.get("id")) for r in refs if isinstance(r, dict) and r.get("type") == "replied_to"), None)
