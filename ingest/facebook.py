"""Facebook Page through Meta's facebook-business SDK (Graph API v26.0).

Two streams: the Page feed (the Page's own posts and visitors' posts, newest first) and the
comments on every post still inside the comment window (oldest first, from a per-post
high-water mark). The SDK has no retries; `Collection.call` supplies them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from facebook_business.adobjects.page import Page as GraphPage
from facebook_business.adobjects.pagepost import PagePost
from facebook_business.api import Cursor, FacebookAdsApi
from facebook_business.exceptions import FacebookRequestError
from facebook_business.session import FacebookSession

from commsdesk.records import Mention, iso, parse_time
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
    due_again,
    sweep,
)

API_VERSION = "v26.0"
SOURCE = "facebook"
THROTTLING = {4: "application", 17: "user", 32: "page", 613: "custom"}
POST_FIELDS = ["id", "message", "created_time", "updated_time", "from", "permalink_url"]
COMMENT_FIELDS = [
    "id",
    "message",
    "created_time",
    "from",
    "parent",
    "like_count",
    "comment_count",
    "permalink_url",
]


def make_api(settings: Settings) -> FacebookAdsApi:
    """An SDK handle for the real Graph API or the sandbox; never the crash reporter."""
    token = settings.secrets.facebook_page_token
    if settings.platforms.sandbox and not token:
        token = SANDBOX_SECRETS.facebook_page_token
    session = FacebookSession(access_token=token.reveal(), timeout=settings.platforms.timeout)
    session.requests.trust_env = False
    if settings.platforms.sandbox:
        session.GRAPH = settings.platforms.sandbox  # instance attribute: other sessions untouched
    return FacebookAdsApi(session, api_version=API_VERSION)


def mention_from_graph(item: dict[str, Any], *, post_id: str = "", source: str = SOURCE) -> Mention:
    """A Graph post or comment as a Mention; comments carry the post they belong to."""
    if not isinstance(item.get("id"), str) or not item["id"]:
        raise MalformedItem("Graph object has no id")
    if not isinstance(item.get("created_time"), str):
        raise MalformedItem(f"Graph object {item['id']} has no created_time")
    try:
        created = parse_time(item["created_time"])
    except ValueError:
        raise MalformedItem(f"Graph object {item['id']}: bad created_time {item['created_time']!r}") from None
    author = item.get("from") if isinstance(item.get("from"), dict) else {}
    parent = item.get("parent") if isinstance(item.get("parent"), dict) else {}
    metrics = {k: item[k] for k in ("like_count", "comment_count") if isinstance(item.get(k), int)}
    return Mention(
        platform="facebook",
        id=item["id"],
        text=str(item.get("message") or item.get("story") or ""),
        created_at=created,
        author_id=str(author.get("id", "")),
        author_name=str(author.get("name", "")),
        url=str(item.get("permalink_url") or f"https://www.facebook.com/{item['id']}"),
        in_reply_to=str(parent.get("id") or post_id),
        conversation_id=post_id or item["id"],
        metrics=metrics,
        raw=item,
        source=source,
    )


@dataclass
class FacebookCollector:
    api: FacebookAdsApi
    page_id: str
    comment_window: float
    page_size: int = 100
    source: str = SOURCE

    @classmethod
    def from_settings(cls, settings: Settings) -> FacebookCollector:
        fb = settings.facebook
        return cls(make_api(settings), fb.page_id, fb.comment_window, fb.page_size)

    def collect(self, collection: Collection) -> None:
        window_start = iso(collection.now() - timedelta(seconds=self.comment_window))
        sweep(
            collection,
            "feed",
            lambda floor, cursor: self._feed_page(collection, floor, cursor),
            initial_floor=window_start,
        )
        watched = collection.streams("post:")
        now = collection.now()
        for post_id, seen in sorted(watched.items(), key=lambda item: item[1]["created"], reverse=True):
            if seen["created"] < window_start:
                collection.drop(f"post:{post_id}")  # out of the window: stop asking about it
            elif due_again(seen, now):
                self._comments(collection, post_id)

    def _feed_page(self, collection: Collection, floor: str | None, cursor: str | None) -> Page:
        params: dict[str, Any] = {"limit": self.page_size}
        if floor:
            params["since"] = int(parse_time(floor).timestamp())
        items, next_cursor = self._edge(
            collection,
            lambda p: GraphPage(self.page_id, api=self.api).get_feed(fields=POST_FIELDS, params=p),
            params,
            cursor,
        )
        mentions, bad = convert_all(items, mention_from_graph, source=SOURCE, where="feed")
        self._watch(collection, items)
        newest = max((iso(m.created_at) for m in mentions), default=None)
        return Page(mentions, bad, next_cursor, fetched=len(items), newest=newest)

    @staticmethod
    def _watch(collection: Collection, items: list[dict[str, Any]]) -> None:
        """Remember each post on the feed, even one quarantined, so its comments are collected."""
        for item in items:
            post_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(post_id, str) and post_id and f"post:{post_id}" not in collection.state:
                try:
                    created = iso(parse_time(item["created_time"]))
                except (KeyError, TypeError, ValueError):
                    created = iso(collection.now())
                collection.stream(f"post:{post_id}", created=created, mark="", checked="")

    def _comments(self, collection: Collection, post_id: str) -> None:
        """All comments on one post from its high-water mark on, oldest first, page by page.

        `since` is inclusive, so a comment in the same second as the mark is fetched again and
        counted as a duplicate rather than risked. The look is noted (`checked`) with the first
        page saved.
        """
        cursor: str | None = None
        collection.stream(f"post:{post_id}")["checked"] = iso(collection.now())
        while True:
            collection.check_stop()
            seen = collection.stream(f"post:{post_id}")
            params: dict[str, Any] = {
                "limit": self.page_size,
                "filter": "stream",
                "order": "chronological",
            }
            if seen["mark"]:
                params["since"] = int(parse_time(seen["mark"]).timestamp())
            items, cursor = collection.call(
                lambda p=params, c=cursor: self._edge(
                    collection,
                    lambda q: PagePost(post_id, api=self.api).get_comments(fields=COMMENT_FIELDS, params=q),
                    p,
                    c,
                ),
                f"comments on {post_id}",
            )
            mentions, bad = convert_all(
                items,
                lambda c: mention_from_graph(c, post_id=post_id),
                source=SOURCE,
                where=f"comments on {post_id}",
            )
            seen["mark"] = max([seen["mark"], *(iso(m.created_at) for m in mentions)])
            collection.save(mentions, bad, fetched=len(items))
            if cursor is None:
                return

    def _edge(
        self,
        collection: Collection,
        request: Callable[[dict[str, Any]], Cursor],
        params: dict[str, Any],
        cursor: str | None,
    ) -> tuple[list[dict[str, Any]], str | None]:
        """One page of an edge: its items as plain dicts and the cursor for the next page.

        The SDK's Cursor loads the first page on creation and, when there is a next page, puts
        its `after` cursor into `params`; an unchanged `after` means this was the last page.
        """
        if cursor:
            params = {**params, "after": cursor}
        _hold_back_near_the_limit(collection)
        try:
            page = request(params)
        except FacebookRequestError as error:
            raise _fault(error) from None
        except requests.Timeout:
            raise TransientFault("Facebook did not answer in time", kind="timeout") from None
        except requests.ConnectionError:
            raise TransientFault("connection to Facebook failed", kind="dropped") from None
        except requests.RequestException as error:  # a body cut off mid-stream, and the like
            raise TransientFault(f"Facebook answer broken off: {type(error).__name__}", kind="dropped") from None
        except (TypeError, AttributeError, ValueError) as error:
            raise TransientFault(f"Facebook answered with a malformed page ({error})", kind="malformed_json") from None
        _note_usage(collection, page.headers())
        items = [page[index].export_all_data() for index in range(len(page))]
        after = page.params.get("after")
        return items, (after if after and after != cursor else None)


def _fault(error: FacebookRequestError) -> Exception:
    code, status = error.api_error_code(), error.http_status()
    message = error.api_error_message() or str(error.body())[:200]
    if code == 190:
        return SourceDegraded(
            f"Facebook Page token rejected (code 190: {message}); renew the Page token",
            kind="expired_token",
        )
    if code in THROTTLING:
        return RateLimited(f"Facebook {THROTTLING[code]} rate limit (code {code}: {message})", kind="rate_limit")
    if code == 100 and "after" in message.lower():
        return CursorRejected(f"Facebook rejected the paging cursor: {message}")
    if error.api_transient_error() or (status or 0) >= 500 or code in (1, 2):
        return TransientFault(f"Facebook server error (HTTP {status}, code {code}: {message})", kind="server_error")
    return SourceDegraded(f"Facebook refused the request (HTTP {status}, code {code}: {message})", kind="bad_request")


#: Graph throttles an app or Page past 100% of its rolling-hour allowance; stop short of it.
USAGE_CEILING = 90
USAGE_PAUSE = timedelta(minutes=15)


def _hold_back_near_the_limit(collection: Collection) -> None:
    """Before a call: if the last answer said the allowance is nearly used, end the run instead.

    Nothing fetched is lost (the check comes before the request); the next run resumes from the
    checkpoint, by when the rolling hour has moved on.
    """
    for name in ("x-app-usage", "x-page-usage"):
        usage = collection.rate_limit.get(name)
        if isinstance(usage, dict):
            used = max((v for v in usage.values() if isinstance(v, int | float)), default=0)
            if used >= USAGE_CEILING:
                raise RateLimited(
                    f"Facebook {name[2:-6]} usage at {used}% of its allowance; pausing until the next run",
                    reset_at=datetime.now(UTC) + USAGE_PAUSE,
                    kind="usage_ceiling",
                )


def _note_usage(collection: Collection, headers: Any) -> None:
    """Keep Graph's usage headers (percent of the allowance used) for `commsdesk status`."""
    for name in ("x-app-usage", "x-page-usage"):
        value = headers.get(name) if hasattr(headers, "get") else None
        if value:
            try:
                collection.rate_limit[name] = json.loads(value)
            except ValueError:
                collection.rate_limit[name] = value
