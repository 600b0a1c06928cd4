"""Graph API through facebook-business 26.0.3: feed cursors, comments, writes and errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import requests
from facebook_business.adobjects.comment import Comment
from facebook_business.adobjects.page import Page
from facebook_business.adobjects.pagepost import PagePost
from facebook_business.api import FacebookAdsApi
from facebook_business.exceptions import FacebookRequestError

from sandbox.server import Sandbox

PAGE_ID = "100000000000001"
CLOSURE = f"{PAGE_ID}_1001"
FIELDS = ["id", "message", "created_time", "from", "permalink_url"]


def test_feed_cursor_iterates_every_page(sandbox: Sandbox, fb_api: FacebookAdsApi) -> None:
    feed = Page(PAGE_ID, api=fb_api).get_feed(fields=FIELDS, params={"limit": 2})
    posts = list(feed)
    assert [p["id"].split("_")[1] for p in posts] == ["1005", "1004", "1003", "1002", "1001"]
    assert posts[0]["created_time"] == "2026-11-20T08:45:00+0000"
    assert posts[0]["from"] == {"name": "Hal", "id": "2000000021"}
    assert posts[-1]["permalink_url"].startswith("https://www.facebook.com/")
    assert sandbox.stats["facebook"]["requests"] == 3  # 2 + 2 + 1


def test_posts_are_the_pages_own_only(fb_api: FacebookAdsApi) -> None:
    posts = list(Page(PAGE_ID, api=fb_api).get_posts(fields=["id", "from"]))
    assert {p["from"]["id"] for p in posts} == {PAGE_ID}
    assert len(posts) == 3


def test_raw_feed_shape_and_usage_headers(sandbox: Sandbox) -> None:
    response = requests.get(
        f"{sandbox.url}/v26.0/{PAGE_ID}/feed",
        params={"access_token": "sandbox-page-token", "limit": 2},
        timeout=5,
    )
    body = response.json()
    assert set(body) == {"data", "paging"}
    assert set(body["data"][0]) == {"id", "message", "created_time"}
    assert set(body["paging"]["cursors"]) == {"before", "after"}
    assert "after=" in body["paging"]["next"] and "previous" not in body["paging"]
    usage = json.loads(response.headers["x-app-usage"])
    assert set(usage) == {"call_count", "total_cputime", "total_time"}
    assert "x-page-usage" in response.headers
    last = requests.get(body["paging"]["next"].replace("limit=2", "limit=10"), timeout=5).json()
    assert "next" not in last["paging"] and "previous" in last["paging"]


@pytest.mark.filterwarnings("ignore:feed does not allow field")  # the SDK's own field check
def test_since_until_and_nested_fields(fb_api: FacebookAdsApi) -> None:
    feed = Page(PAGE_ID, api=fb_api).get_feed(
        fields=[
            "id",
            "comments.summary(true).limit(0)",
            "reactions.summary(total_count)",
            "shares",
        ],
        params={
            "since": int(datetime(2026, 11, 20, 6, tzinfo=UTC).timestamp()),
            "until": "2026-11-20T07:30:00+0000",
        },
    )
    posts = list(feed)
    assert [p["id"] for p in posts] == [f"{PAGE_ID}_1002", CLOSURE]
    closure = posts[1]
    assert closure["comments"] == {
        "data": [],
        "summary": {"order": "chronological", "total_count": 3, "can_comment": True},
    }
    assert closure["reactions"]["summary"]["total_count"] == 12
    assert closure["shares"] == {"count": 3}


def test_comments_toplevel_stream_and_order(fb_api: FacebookAdsApi) -> None:
    post = PagePost(CLOSURE, api=fb_api)
    top = post.get_comments(fields=["id", "message", "from", "like_count", "comment_count"])
    assert [c["id"] for c in top] == ["1001_2001", "1001_2002", "1001_2004"]
    assert top.total() == 3
    stream = list(post.get_comments(params={"filter": "stream"}))
    assert [c["id"] for c in stream] == ["1001_2001", "1001_2002", "1001_2003", "1001_2004"]
    assert stream[2]["parent"]["id"] == "1001_2001"
    newest = post.get_comments(params={"order": "reverse_chronological", "limit": 1})
    assert [c["id"] for c in newest] == ["1001_2004", "1001_2002", "1001_2001"]
    replies = list(Comment("1001_2001", api=fb_api).get_comments(fields=["message", "from"]))
    assert replies[0]["message"] == "Until about noon." and replies[0]["from"]["id"] == PAGE_ID


def test_object_lookup_and_unknown_object(fb_api: FacebookAdsApi) -> None:
    post = PagePost(CLOSURE, api=fb_api).api_get(fields=["message", "created_time"])
    assert post["message"].startswith("Road closure")
    with pytest.raises(FacebookRequestError) as caught:
        PagePost(f"{PAGE_ID}_4242", api=fb_api).api_get(fields=["message"])
    assert caught.value.api_error_code() == 100
    assert "does not exist" in caught.value.api_error_message()
    assert caught.value.http_status() == 400


def test_create_feed_and_reply(sandbox: Sandbox, fb_api: FacebookAdsApi) -> None:
    page = Page(PAGE_ID, api=fb_api)
    made = page.create_feed(params={"message": "The A61 has reopened."})
    assert made["id"].startswith(f"{PAGE_ID}_")
    first = next(iter(page.get_feed(fields=["id", "message", "created_time"])))
    assert first["id"] == made["id"]
    assert first["created_time"] == "2026-11-20T09:00:00+0000"
    with pytest.raises(FacebookRequestError) as caught:
        page.create_feed(params={"message": "The A61 has reopened."})
    assert caught.value.api_error_code() == 506
    reply = Comment("1001_2003", api=fb_api).create_comment(params={"message": "Thanks all"})
    assert sandbox.world.get("facebook", reply["id"]).reply_to == "1001_2001"  # one level deep
    assert [p["text"] for p in sandbox.published] == ["The A61 has reopened.", "Thanks all"]


def test_invalid_token_is_190(sandbox: Sandbox, make_graph_api: Callable[..., FacebookAdsApi]) -> None:
    api = make_graph_api(sandbox, token="not-a-token")
    with pytest.raises(FacebookRequestError) as caught:
        list(Page(PAGE_ID, api=api).get_feed())
    error = caught.value
    assert error.api_error_code() == 190
    assert error.api_error_type() == "OAuthException"
    assert error.api_error_message().startswith("Invalid OAuth access token")
    assert error.body()["error"]["fbtrace_id"]


def test_bearer_header_is_accepted(sandbox: Sandbox) -> None:
    response = requests.get(
        f"{sandbox.url}/v19.0/me", timeout=5, headers={"Authorization": "Bearer sandbox-page-token"}
    )
    assert response.json() == {"name": "Northshire Police", "id": PAGE_ID}


def test_throttled_after_the_limit(
    make_sandbox: Callable[..., Sandbox], make_graph_api: Callable[..., FacebookAdsApi]
) -> None:
    sb = make_sandbox(limits={"facebook": (2, 3600)})
    page = Page(PAGE_ID, api=make_graph_api(sb))
    cursor = page.get_posts(params={"limit": 100})
    assert json.loads(cursor.headers()["x-app-usage"])["call_count"] == 50
    page.get_posts()
    with pytest.raises(FacebookRequestError) as caught:
        page.get_posts()
    assert caught.value.api_error_code() == 32
    assert caught.value.http_status() == 403


def test_comments_since_accepts_a_datetime(fb_api: FacebookAdsApi) -> None:
    since = datetime(2026, 11, 20, 7, 15, tzinfo=UTC)  # the SDK sends str(datetime)
    later = PagePost(CLOSURE, api=fb_api).get_comments(params={"since": since})
    assert [c["id"] for c in later] == ["1001_2004"]
