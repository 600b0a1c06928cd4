"""Facebook Page posts (`Page.create_feed`) and the Page's comment replies, via facebook-business.

Graph answers a post with its id only, so `at` is our clock's time of the answer; `find` gives
Graph's created_time. Graph has no retry of its own: `deliver` supplies it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import requests
from facebook_business.adobjects.page import Page as GraphPage
from facebook_business.adobjects.pagepost import PagePost
from facebook_business.api import FacebookAdsApi
from facebook_business.exceptions import FacebookRequestError

from commsdesk.records import parse_time
from config.settings import Settings
from ingest.base import RateLimited, SourceDegraded, TransientFault, wall_clock
from ingest.facebook import THROTTLING, make_api
from publish.platforms.base import CLOCK_SKEW, Outgoing, Published, Rejected, same_text

LIMIT = 63206
FIELDS = ["id", "message", "created_time", "from", "permalink_url"]
FIND_PAGES = 5
DUPLICATE = 506


class FacebookPublisher:
    """Writes as the Page whose token the API handle carries: feed posts, or comments under a
    post or comment when `in_reply_to` is set."""

    platform = "facebook"

    def __init__(self, api: FacebookAdsApi, page_id: str, *, clock: Callable[[], datetime] = wall_clock) -> None:
        self.api = api
        self.page_id = page_id
        self.clock = clock

    @classmethod
    def from_settings(cls, settings: Settings) -> FacebookPublisher:
        return cls(make_api(settings), settings.facebook.page_id)

    def publish(self, item: Outgoing) -> Published:
        if len(item.text) > LIMIT:
            raise Rejected(f"Facebook posts are at most {LIMIT} characters; this one has {len(item.text)}", "too_long")
        params = {"message": item.text}
        if item.in_reply_to:
            node = PagePost(item.in_reply_to, api=self.api)
            result = _call(lambda: node.create_comment(params=params))
        else:
            result = _call(lambda: GraphPage(self.page_id, api=self.api).create_feed(params=params))
        ident = result.get("id") if hasattr(result, "get") else None
        if not isinstance(ident, str) or not ident:
            raise TransientFault("Facebook answered without an id", kind="malformed_json")
        return Published("facebook", ident, _url(ident), self.clock(), (ident,))

    def find(self, item: Outgoing) -> Published | None:
        params: dict[str, Any] = {"since": int((item.since - CLOCK_SKEW).timestamp()), "limit": 100}
        if item.in_reply_to:
            node = PagePost(item.in_reply_to, api=self.api)
            params.update(filter="stream", order="reverse_chronological")
            page = _call(lambda: node.get_comments(fields=FIELDS, params=params))
        else:
            page = _call(lambda: GraphPage(self.page_id, api=self.api).get_posts(fields=FIELDS, params=params))
        for data in _items(page):
            author = data.get("from") if isinstance(data.get("from"), dict) else {}
            ours = not item.in_reply_to or str(author.get("id", "")) == self.page_id
            if ours and same_text(item.text, str(data.get("message") or "")):
                ident = str(data["id"])
                url = str(data.get("permalink_url") or _url(ident))
                return Published("facebook", ident, url, parse_time(str(data["created_time"])), (ident,))
        return None


def _items(cursor: Any) -> list[dict[str, Any]]:
    """Up to FIND_PAGES pages of a Cursor as plain dicts (the cursor loads further pages itself)."""
    items: list[dict[str, Any]] = []
    try:
        for index, obj in enumerate(cursor):
            if index >= 100 * FIND_PAGES:
                break
            data = obj.export_all_data()
            if isinstance(data.get("id"), str) and data.get("created_time"):
                items.append(data)
    except FacebookRequestError as error:
        raise _fault(error) from None
    return items


def _call(send: Callable[[], Any]) -> Any:
    """One SDK call, its failures as publish faults with Graph's own words."""
    try:
        return send()
    except FacebookRequestError as error:
        raise _fault(error) from None
    except requests.Timeout:
        raise TransientFault("Facebook did not answer in time", kind="timeout") from None
    except requests.RequestException as error:
        raise TransientFault(f"connection to Facebook failed: {type(error).__name__}", kind="dropped") from None


def _fault(error: FacebookRequestError) -> Exception:
    code, status = error.api_error_code(), error.http_status() or 0
    message = error.api_error_message() or str(error.body())[:200]
    words = f"(HTTP {status}, code {code}: {message})"
    if code == 190:
        return SourceDegraded(f"Facebook Page token rejected {words}; renew the Page token", kind="expired_token")
    if code in THROTTLING:
        return RateLimited(f"Facebook {THROTTLING[code]} rate limit {words}")
    if error.api_transient_error() or status >= 500 or code in (1, 2):
        return TransientFault(f"Facebook server error {words}", kind="server_error")
    if code == DUPLICATE:
        return Rejected(f"Facebook refused a duplicate post {words}", kind="duplicate")
    if code == 100 and "does not exist" in message:
        return Rejected(f"Facebook cannot find what this replies to {words}", kind="parent_gone")
    return Rejected(f"Facebook refused the post {words}", kind="content")


def _url(ident: str) -> str:
    return f"https://www.facebook.com/{ident}"
