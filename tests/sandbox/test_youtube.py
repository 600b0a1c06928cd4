"""YouTube Data API v3 through google-api-python-client: threads, replies, search, quota."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httplib2
import pytest
from google.oauth2.credentials import Credentials
from google_auth_httplib2 import AuthorizedHttp
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from sandbox.server import Sandbox

CHANNEL_ID = "UCnorthshirepolice000001"


def all_threads(yt: Any, **params: Any) -> list[dict[str, Any]]:
    """Every thread, following nextPageToken with list_next."""
    items: list[dict[str, Any]] = []
    request = yt.commentThreads().list(**params)
    while request is not None:
        response = request.execute()
        items.extend(response["items"])
        request = yt.commentThreads().list_next(request, response)
    return items


def test_comment_threads_with_list_next(sandbox: Sandbox, yt: Any) -> None:
    threads = all_threads(
        yt,
        part="snippet,replies",
        allThreadsRelatedToChannelId=CHANNEL_ID,
        maxResults=10,
        textFormat="plainText",
    )
    assert len(threads) == 25
    assert sandbox.stats["youtube"]["requests"] == 3
    published = [t["snippet"]["topLevelComment"]["snippet"]["publishedAt"] for t in threads]
    assert published == sorted(published, reverse=True)
    first = threads[-1]
    assert first["kind"] == "youtube#commentThread" and first["id"] == "UgzThread0000"
    assert first["snippet"]["videoId"] == "vidAppeal01"
    assert first["snippet"]["totalReplyCount"] == 7
    replies = first["replies"]["comments"]
    assert len(replies) == 5
    assert {r["snippet"]["parentId"] for r in replies} == {"UgzThread0000"}
    comment = first["snippet"]["topLevelComment"]
    assert comment["kind"] == "youtube#comment"
    assert comment["snippet"]["publishedAt"] == "2026-11-20T07:00:00Z"
    assert comment["snippet"]["authorChannelId"] == {"value": "2000000040"}
    assert "replies" not in threads[0]


def test_page_tokens_are_stable_against_new_comments(sandbox: Sandbox, yt: Any) -> None:
    params = {"part": "snippet", "videoId": "vidAppeal01", "maxResults": 10}
    first = yt.commentThreads().list(**params).execute()
    expected = yt.commentThreads().list(pageToken=first["nextPageToken"], **params).execute()
    sandbox.add_posts(
        [
            {
                "platform": "youtube",
                "id": "UgzLate0001",
                "time": "2026-11-20T08:59:00Z",
                "kind": "comment",
                "author": {"id": "UCx", "handle": "late", "name": "Late"},
                "text": "late comment",
                "reply_to": "vidAppeal01",
            }
        ]
    )
    second = yt.commentThreads().list(pageToken=first["nextPageToken"], **params).execute()
    assert [t["id"] for t in second["items"]] == [t["id"] for t in expected["items"]]
    fresh = yt.commentThreads().list(**params).execute()
    assert fresh["items"][0]["id"] == "UgzLate0001"


def test_html_text_and_relevance(yt: Any) -> None:
    top = yt.commentThreads().list(part="snippet", videoId="vidAppeal01", order="relevance", maxResults=1).execute()
    snippet = top["items"][0]["snippet"]["topLevelComment"]["snippet"]
    assert snippet["likeCount"] == 6
    assert snippet["textDisplay"] == snippet["textOriginal"]
    assert top["pageInfo"] == {"totalResults": 25, "resultsPerPage": 1}


def test_replies_oldest_first(yt: Any) -> None:
    response = yt.comments().list(part="snippet", parentId="UgzThread0000", maxResults=4).execute()
    assert [c["snippet"]["textOriginal"] for c in response["items"]] == [
        "Reply 0",
        "Reply 1",
        "Reply 2",
        "Reply 3",
    ]
    rest = (
        yt.comments()
        .list_next(yt.comments().list(part="snippet", parentId="UgzThread0000", maxResults=4), response)
        .execute()
    )
    assert [c["snippet"]["textOriginal"] for c in rest["items"]] == [
        "Reply 4",
        "Reply 5",
        "Reply 6",
    ]


def test_search_and_videos(sandbox: Sandbox, yt: Any) -> None:
    found = (
        yt.search().list(part="snippet", q="kingsbridge appeal", type="video", order="date", maxResults=50).execute()
    )
    assert [i["id"]["videoId"] for i in found["items"]] == ["vidAppeal01"]
    assert found["items"][0]["snippet"]["channelTitle"] == "Northshire Police"
    assert found["kind"] == "youtube#searchListResponse"
    both = yt.search().list(part="snippet", q="a61|burglary -dashcam", type="video").execute()
    assert [i["id"]["videoId"] for i in both["items"]] == ["vidAppeal01"]
    videos = yt.videos().list(part="snippet,statistics", id="vidAppeal01,nope").execute()
    assert len(videos["items"]) == 1
    stats = videos["items"][0]["statistics"]
    assert stats == {
        "viewCount": "1500",
        "likeCount": "30",
        "favoriteCount": "0",
        "commentCount": "32",
    }
    assert sandbox.state()["youtube_quota"]["used"] == 201


def test_bad_key_is_400(sandbox: Sandbox, make_youtube: Callable[..., Any]) -> None:
    yt = make_youtube(sandbox, key="wrong")
    with pytest.raises(HttpError) as caught:
        yt.commentThreads().list(part="snippet", videoId="vidAppeal01").execute()
    assert caught.value.status_code == 400
    assert caught.value.reason == "API key not valid. Please pass a valid API key."
    assert caught.value.error_details[0]["reason"] == "badRequest"


def test_unknown_video_is_404(yt: Any) -> None:
    with pytest.raises(HttpError) as caught:
        yt.commentThreads().list(part="snippet", videoId="nosuchvideo").execute()
    assert caught.value.status_code == 404
    assert caught.value.error_details[0]["reason"] == "videoNotFound"


def test_quota_runs_out_and_resets_at_midnight_pacific(
    make_sandbox: Callable[..., Sandbox], make_youtube: Callable[..., Any]
) -> None:
    sb = make_sandbox(limits={"youtube.quota": 201})
    yt = make_youtube(sb)
    yt.search().list(part="snippet", q="appeal").execute()
    yt.search().list(part="snippet", q="appeal").execute()
    with pytest.raises(HttpError) as caught:
        yt.search().list(part="snippet", q="appeal").execute()
    error = caught.value
    assert error.status_code == 403
    body = json.loads(error.content)["error"]
    assert body["errors"][0] == {
        "message": body["message"],
        "domain": "youtube.quota",
        "reason": "quotaExceeded",
    }
    assert error.error_details[0]["reason"] == "quotaExceeded"
    yt.videos().list(part="id", id="vidAppeal01").execute()  # 1 unit still fits
    pacific = ZoneInfo("America/Los_Angeles")
    midnight = (sb.clock.now().astimezone(pacific) + timedelta(days=1)).replace(hour=0, minute=0, second=0)
    sb.clock.set(midnight - timedelta(seconds=1))
    with pytest.raises(HttpError):
        yt.search().list(part="snippet", q="appeal").execute()
    sb.clock.set(midnight)
    yt.search().list(part="snippet", q="appeal").execute()


def test_reply_needs_oauth_and_is_stored(sandbox: Sandbox, yt: Any) -> None:
    body = {"snippet": {"parentId": "UgzThread0003", "textOriginal": "Thanks, please call 101"}}
    with pytest.raises(HttpError) as caught:
        yt.comments().insert(part="snippet", body=body).execute()
    assert caught.value.status_code == 401
    creds = Credentials(token="sandbox-oauth-token")
    http = AuthorizedHttp(creds, http=httplib2.Http(timeout=10, proxy_info=None))
    authed = build(
        "youtube",
        "v3",
        static_discovery=True,
        http=http,
        client_options={"api_endpoint": sandbox.url},
    )
    made = authed.comments().insert(part="snippet", body=body).execute()
    assert made["kind"] == "youtube#comment"
    assert made["snippet"]["parentId"] == "UgzThread0003"
    assert made["id"].startswith("UgzThread0003.")
    assert made["snippet"]["authorChannelId"] == {"value": CHANNEL_ID}
    thread = authed.commentThreads().list(part="snippet,replies", id="UgzThread0003").execute()
    assert thread["items"][0]["replies"]["comments"][0]["id"] == made["id"]
    assert sandbox.published[-1]["id"] == made["id"]
    assert sandbox.state()["youtube_quota"]["used"] == 51
