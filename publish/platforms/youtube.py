"""YouTube comment replies through google-api-python-client (`comments().insert`).

Writes need an OAuth 2.0 user token (an API key is refused); it is sent as a Bearer header on
each request, so the client keeps its plain httplib2 transport. Refreshing the token is not done
here: an expired one is reported degraded ("renew"), as the brief asks.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from googleapiclient.errors import HttpError

from commsdesk.records import parse_time
from config.secrets import SANDBOX_SECRETS, Secret
from config.settings import Settings
from ingest.base import RateLimited, SourceDegraded, TransientFault, wall_clock
from ingest.youtube import execute, make_client, quota_resets_after
from publish.platforms.base import CLOCK_SKEW, Outgoing, Published, Rejected, same_text

LIMIT = 10000
FIND_PAGES = 5


class YouTubePublisher:
    """Replies as the channel the OAuth token belongs to, under top-level comments only."""

    platform = "youtube"

    def __init__(
        self, client: Any, channel_id: str, token: Secret, *, clock: Callable[[], datetime] = wall_clock
    ) -> None:
        self.client = client
        self.channel_id = channel_id
        self.token = token
        self.clock = clock

    @classmethod
    def from_settings(cls, settings: Settings) -> YouTubePublisher:
        token = settings.secrets.youtube_oauth_token
        if settings.platforms.sandbox and not token:
            token = SANDBOX_SECRETS.youtube_oauth_token
        return cls(make_client(settings), settings.youtube.channel_id, token)

    def publish(self, item: Outgoing) -> Published:
        if not item.in_reply_to:
            raise Rejected("on YouTube only replies to comments are published", kind="unsupported")
        if len(item.text) > LIMIT:
            raise Rejected(
                f"YouTube comments are at most {LIMIT} characters; this one has {len(item.text)}", "too_long"
            )
        body = {"snippet": {"parentId": item.in_reply_to, "textOriginal": item.text}}
        comment = self._execute(self.client.comments().insert(part="snippet", body=body))
        if not isinstance(comment.get("id"), str):
            raise TransientFault("YouTube answered without a comment id", kind="malformed_json")
        return self._receipt(comment)

    def find(self, item: Outgoing) -> Published | None:
        if not item.in_reply_to:
            return None
        floor = item.since - CLOCK_SKEW
        request = self.client.comments().list(
            part="snippet", parentId=item.in_reply_to, maxResults=100, textFormat="plainText"
        )
        for _ in range(FIND_PAGES):
            page = self._execute(request)
            for comment in page.get("items") or []:
                snippet = comment.get("snippet") or {}
                author = (snippet.get("authorChannelId") or {}).get("value")
                try:
                    recent = parse_time(snippet["publishedAt"]) >= floor
                except (KeyError, TypeError, ValueError):
                    continue
                text = str(snippet.get("textOriginal") or snippet.get("textDisplay") or "")
                if author == self.channel_id and recent and same_text(item.text, text):
                    return self._receipt(comment)
            request = self.client.comments().list_next(request, page)
            if request is None:
                break
        return None

    def _receipt(self, comment: dict[str, Any]) -> Published:
        snippet = comment.get("snippet") or {}
        ident = comment["id"]
        try:
            at = parse_time(snippet["publishedAt"])
        except (KeyError, TypeError, ValueError):
            at = self.clock()
        video = snippet.get("videoId") or ""
        url = f"https://www.youtube.com/watch?v={video}&lc={ident}" if video else f"https://www.youtube.com/?lc={ident}"
        return Published("youtube", ident, url, at, (ident,))

    def _execute(self, request: Any) -> dict[str, Any]:
        """Run one request with the OAuth token; failures as publish faults with Google's words."""
        request.headers["authorization"] = f"Bearer {self.token.reveal()}"
        return execute(request, self.clock(), fault=_fault)


def _fault(error: HttpError, now: datetime) -> Exception:
    status = int(error.resp.status)
    reasons, message = _reasons(error)
    words = f"(HTTP {status}, {', '.join(sorted(reasons)) or 'no reason'}: {message})"
    if "quotaExceeded" in reasons or "dailyLimitExceeded" in reasons:
        until = quota_resets_after(now)
        return SourceDegraded(f"YouTube daily quota used up {words}", until=until, kind="quota")
    if status == 429 or "rateLimitExceeded" in reasons:
        return RateLimited(f"YouTube rate limit {words}")
    if status >= 500:
        return TransientFault(f"YouTube server error {words}", kind="server_error")
    if status == 401:
        return SourceDegraded(f"YouTube refused the OAuth token {words}; renew it", kind="expired_token")
    if "parentCommentNotFound" in reasons:
        return Rejected(f"YouTube cannot find the comment this replies to {words}", kind="parent_gone")
    return Rejected(f"YouTube refused the reply {words}", kind="content")


def _reasons(error: HttpError) -> tuple[set[str], str]:
    try:
        body = json.loads(error.content.decode("utf-8", "replace"))["error"]
    except (ValueError, KeyError, TypeError, AttributeError):
        return set(), str(error)[:200]
    reasons = {str(e.get("reason", "")) for e in body.get("errors") or [] if isinstance(e, dict)}
    return reasons - {""}, str(body.get("message", ""))[:200]
