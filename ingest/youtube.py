"""YouTube Data API v3 through google-api-python-client: comments on the channel, new videos.

Comment threads come newest first with no `since` parameter, so the sweep reads down to the
last run's high-water mark less the reply window (older threads may still gain replies).
`search.list` costs 100 of the day's 10,000 units: it runs only every `search_interval`.
A `quotaExceeded` marks the source degraded until the quota resets (midnight Pacific time).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httplib2
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from commsdesk.records import Mention, iso, parse_time
from config.secrets import SANDBOX_SECRETS
from config.settings import Settings
from ingest.base import (
    Collection,
    MalformedItem,
    Page,
    RateLimited,
    SourceDegraded,
    TransientFault,
    convert_all,
    due_again,
    sweep,
)

SOURCE = "youtube"
PACIFIC = ZoneInfo("America/Los_Angeles")
SEARCH_PAGES_PER_RUN = 2


def make_client(settings: Settings) -> Any:
    """A YouTube resource from the bundled discovery document (no network needed to build it)."""
    key = settings.secrets.youtube_api_key
    if settings.platforms.sandbox and not key:
        key = SANDBOX_SECRETS.youtube_api_key
    options = {"api_endpoint": settings.platforms.sandbox} if settings.platforms.sandbox else None
    http = httplib2.Http(timeout=settings.platforms.timeout, proxy_info=None)
    return build(
        "youtube",
        "v3",
        developerKey=key.reveal(),
        http=http,
        static_discovery=True,
        cache_discovery=False,
        client_options=options,
    )


def quota_resets_after(moment: datetime) -> datetime:
    """YouTube's daily quota resets at midnight Pacific time."""
    local = moment.astimezone(PACIFIC)
    return (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def mention_from_comment(comment: dict[str, Any], *, source: str = SOURCE) -> Mention:
    """A youtube#comment (top-level or reply) as a Mention; the thread is the conversation."""
    snippet = comment.get("snippet")
    if not isinstance(snippet, dict) or not comment.get("id"):
        raise MalformedItem("comment has no id or snippet")
    try:
        created = parse_time(snippet["publishedAt"])
    except (KeyError, TypeError, ValueError):
        raise MalformedItem(f"comment {comment['id']}: bad publishedAt {snippet.get('publishedAt')!r}") from None
    parent = snippet.get("parentId") or ""
    video = snippet.get("videoId") or ""
    author = snippet.get("authorChannelId") or {}
    return Mention(
        platform="youtube",
        id=comment["id"],
        text=str(snippet.get("textOriginal") or snippet.get("textDisplay") or ""),
        created_at=created,
        author_id=str(author.get("value", "")) if isinstance(author, dict) else "",
        author_handle=str(snippet.get("authorChannelUrl", "")).rsplit("/", 1)[-1],
        author_name=str(snippet.get("authorDisplayName", "")),
        url=f"https://www.youtube.com/watch?v={video}&lc={comment['id']}",
        in_reply_to=parent or video,
        conversation_id=parent or comment["id"],
        metrics={"like_count": snippet["likeCount"]} if isinstance(snippet.get("likeCount"), int) else {},
        raw=comment,
        source=source,
    )


def mention_from_video(result: dict[str, Any], *, source: str = SOURCE) -> Mention:
    """A youtube#searchResult for a video as a Mention: title and description are its text."""
    video = (result.get("id") or {}).get("videoId") if isinstance(result.get("id"), dict) else None
    snippet = result.get("snippet")
    if not video or not isinstance(snippet, dict):
        raise MalformedItem("search result has no videoId or snippet")
    try:
        created = parse_time(snippet["publishedAt"])
    except (KeyError, TypeError, ValueError):
        raise MalformedItem(f"video {video}: bad publishedAt {snippet.get('publishedAt')!r}") from None
    text = "\n\n".join(part for part in (snippet.get("title"), snippet.get("description")) if part)
    return Mention(
        platform="youtube",
        id=video,
        text=text,
        created_at=created,
        author_id=str(snippet.get("channelId", "")),
        author_name=str(snippet.get("channelTitle", "")),
        url=f"https://www.youtube.com/watch?v={video}",
        conversation_id=video,
        raw=result,
        source=source,
    )


@dataclass
class YouTubeCollector:
    client: Any
    channel_id: str
    search_terms: list[str]
    search_interval: float
    reply_window: float
    video_window: float = 7 * 86400
    page_size: int = 100
    source: str = SOURCE

    @classmethod
    def from_settings(cls, settings: Settings) -> YouTubeCollector:
        yt = settings.youtube
        return cls(
            make_client(settings),
            yt.channel_id,
            settings.force.search_terms,
            yt.search_interval,
            yt.reply_window,
            yt.video_window,
            yt.page_size,
        )

    def collect(self, collection: Collection) -> None:
        now = collection.now()
        first_floor = iso(now - timedelta(seconds=self.reply_window))
        sweep(
            collection,
            "threads",
            lambda floor, cursor: self._threads_page(
                collection, floor, cursor, allThreadsRelatedToChannelId=self.channel_id
            ),
            initial_floor=first_floor,
        )
        search = collection.stream("search")
        last = search.get("last_run")
        if self.search_terms and (last is None or (now - parse_time(last)).total_seconds() >= self.search_interval):
            self._search(collection, search, now)
        self._watched_videos(collection, now, first_floor)

    def _watched_videos(self, collection: Collection, now: datetime, first_floor: str) -> None:
        """Comments on other channels' videos about the force, found by the search."""
        horizon = iso(now - timedelta(seconds=self.video_window))
        watched = collection.streams("watch:")
        for video, seen in sorted(watched.items(), key=lambda item: item[1]["created"], reverse=True):
            if seen["created"] < horizon:
                collection.drop(f"watch:{video}")
                collection.drop(f"video:{video}")
            elif due_again(seen, now):
                collection.stream(f"watch:{video}")["checked"] = iso(now)
                sweep(
                    collection,
                    f"video:{video}",
                    lambda floor, cursor, v=video: self._threads_page(collection, floor, cursor, videoId=v),
                    initial_floor=min(first_floor, seen["created"]),
                )

    def _threads_page(self, collection: Collection, floor: str | None, cursor: str | None, **where: str) -> Page:
        """One page of comment threads, newest first: new threads whole, older ones only for new replies.

        There is no `since` on this endpoint, so the sweep reads on past its floor for the reply
        window; threads at or below the floor were stored before and are passed on only when
        they have gained replies we do not hold.
        """
        request = self.client.commentThreads().list(
            part="snippet,replies",
            maxResults=self.page_size,
            order="time",
            textFormat="plainText",
            pageToken=cursor,
            **where,
        )
        body = execute(request, collection.now())
        threads = body.get("items") or []
        comments: list[dict[str, Any]] = []
        oldest: str | None = None
        newest: str | None = None
        for thread in threads:
            top = (thread.get("snippet") or {}).get("topLevelComment") if isinstance(thread, dict) else None
            if not isinstance(top, dict):
                comments.append({"id": None, "thread": thread})  # quarantined with the reason
                continue
            published = _published(top)
            if published:
                oldest = min(oldest or published, published)
                newest = max(newest or published, published)
            known = bool(floor and published and published <= floor)
            if not known:
                comments.append(top)
            comments.extend(self._replies(collection, thread, known=known))
        mentions, bad = convert_all(comments, mention_from_comment, source=SOURCE, where="comment threads")
        horizon = iso(parse_time(floor) - timedelta(seconds=self.reply_window)) if floor else None
        reached = bool(horizon and oldest and oldest < horizon)
        return Page(
            mentions, bad, body.get("nextPageToken"), fetched=len(comments), newest=newest, reached_floor=reached
        )

    def _replies(self, collection: Collection, thread: dict[str, Any], *, known: bool) -> list[dict[str, Any]]:
        """The thread's replies we may not hold: those included, or all when more exist.

        For a thread stored before (`known`), nothing unless it has more replies than we hold.
        """
        included = (thread.get("replies") or {}).get("comments") or []
        total = (thread.get("snippet") or {}).get("totalReplyCount") or 0
        held = collection.store.count_replies("youtube", thread.get("id", "")) if total else 0
        if held >= total:
            return [] if known else list(included)
        if total <= len(included):
            return list(included)
        replies: list[dict[str, Any]] = []
        token = None
        while True:
            request = self.client.comments().list(
                part="snippet",
                parentId=thread["id"],
                maxResults=self.page_size,
                textFormat="plainText",
                pageToken=token,
            )
            body = collection.call(lambda r=request: execute(r, collection.now()), f"replies to {thread['id']}")
            replies.extend(body.get("items") or [])
            token = body.get("nextPageToken")
            if not token:
                return replies

    def _search(self, collection: Collection, search: dict[str, Any], now: datetime) -> None:
        """New videos about the force since the last search, at most a couple of pages a run."""
        after = search.get("floor") or iso(now - timedelta(seconds=self.reply_window))
        query = "|".join(f'"{t}"' if " " in t else t for t in self.search_terms)
        token = None
        newest = after
        for _ in range(SEARCH_PAGES_PER_RUN):
            request = self.client.search().list(
                part="snippet",
                q=query,
                type="video",
                order="date",
                publishedAfter=after,
                maxResults=50,
                pageToken=token,
            )
            body = collection.call(lambda r=request: execute(r, collection.now()), "video search")
            items = body.get("items") or []
            mentions, bad = convert_all(items, mention_from_video, source=SOURCE, where="video search")
            for video in mentions:
                if video.author_id != self.channel_id and f"watch:{video.id}" not in collection.state:
                    collection.stream(f"watch:{video.id}", created=iso(video.created_at), checked="")
            newest = max([newest, *(iso(m.created_at) for m in mentions)])
            token = body.get("nextPageToken")
            if not token:
                search.update(floor=newest, last_run=iso(now))
            collection.save(mentions, bad, fetched=len(items))
            if not token:
                return
        search["last_run"] = iso(now)  # ration spent; the rest waits for the next search


def _published(comment: dict[str, Any]) -> str | None:
    try:
        return iso(parse_time((comment.get("snippet") or {})["publishedAt"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def execute(
    request: Any, now: datetime, *, fault: Callable[[HttpError, datetime], Exception] | None = None
) -> dict[str, Any]:
    """Run one API request, turning transport and API errors into faults (`fault` maps Google's errors;
    the collector's by default, the publisher passes its own)."""
    try:
        body = request.execute(num_retries=0)
    except HttpError as error:
        raise (fault or _fault)(error, now) from None
    except TimeoutError:
        raise TransientFault("YouTube did not answer in time", kind="timeout") from None
    except (ConnectionError, httplib2.HttpLib2Error, OSError) as error:
        raise TransientFault(f"connection to YouTube failed: {type(error).__name__}", kind="dropped") from None
    except ValueError:
        raise TransientFault("YouTube answered with malformed JSON", kind="malformed_json") from None
    if not isinstance(body, dict):
        raise TransientFault("YouTube answered with malformed JSON (not an object)", kind="malformed_json")
    return body


def _fault(error: HttpError, now: datetime) -> Exception:
    status = int(error.resp.status)
    reasons, message = _reasons(error)
    if "quotaExceeded" in reasons or "dailyLimitExceeded" in reasons:
        until = quota_resets_after(now)
        return SourceDegraded(
            f"YouTube daily quota used up; resumes after {until:%Y-%m-%d %H:%M %Z}",
            until=until,
            kind="quota",
        )
    if status == 429 or "rateLimitExceeded" in reasons:
        return RateLimited(f"YouTube rate limit (HTTP {status}: {message})", kind="rate_limit")
    if status >= 500:
        return TransientFault(f"YouTube server error (HTTP {status})", kind="server_error")
    if status in (400, 401) and ("key" in message.lower() or "credential" in message.lower() or status == 401):
        return SourceDegraded(
            f"YouTube refused the API key (HTTP {status}: {message}); renew the key",
            kind="expired_token",
        )
    return SourceDegraded(f"YouTube refused the request (HTTP {status}: {message})", kind="bad_request")


def _reasons(error: HttpError) -> tuple[set[str], str]:
    try:
        body = json.loads(error.content.decode("utf-8", "replace"))["error"]
    except (ValueError, KeyError, TypeError, AttributeError):
        return set(), str(error)[:200]
    reasons = {e.get("reason", "") for e in body.get("errors") or [] if isinstance(e, dict)}
    return reasons, str(body.get("message", ""))[:200]
