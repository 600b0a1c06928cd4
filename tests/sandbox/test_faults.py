"""Each fault kind, as each client sees it."""

from __future__ import annotations

import time
from typing import Any

import httplib2
import pytest
import requests
import tweepy
from facebook_business.adobjects.page import Page
from facebook_business.api import FacebookAdsApi
from facebook_business.exceptions import FacebookRequestError
from googleapiclient.errors import HttpError

from sandbox.server import Sandbox

PAGE_ID = "100000000000001"
FORCE_ID = "1500000000000000001"


def threads(yt: Any) -> Any:
    """One commentThreads.list request."""
    return yt.commentThreads().list(part="snippet", videoId="vidAppeal01", maxResults=5)


def test_x_rate_limit_with_reset(sandbox: Sandbox, x_client: tweepy.Client) -> None:
    sandbox.inject("x", "rate_limit", reset_in=5)
    with pytest.raises(tweepy.TooManyRequests) as caught:
        x_client.search_recent_tweets("traffic")
    assert abs(caught.value.reset_time - (time.time() + 5)) <= 2
    assert caught.value.response.headers["x-rate-limit-remaining"] == "0"
    assert caught.value.response.headers["content-type"] == "application/problem+json"
    assert x_client.search_recent_tweets("traffic").meta["result_count"] == 10
    assert sandbox.stats["x"]["faults"] == {"rate_limit": 1}


def test_x_rate_limit_without_reset(sandbox: Sandbox, x_client: tweepy.Client) -> None:
    sandbox.inject("x", "rate_limit_no_reset")
    with pytest.raises(tweepy.TooManyRequests) as caught:
        x_client.get_users_mentions(FORCE_ID)
    assert caught.value.reset_time is None
    assert "x-rate-limit-reset" not in caught.value.response.headers


def test_tweepy_wait_on_rate_limit_sleeps_until_reset(sandbox: Sandbox, make_x_client: Any) -> None:
    client = make_x_client(sandbox, wait_on_rate_limit=True)
    sandbox.inject("x", "rate_limit", reset_in=0)
    started = time.monotonic()
    assert client.search_recent_tweets("traffic").meta["result_count"] == 10
    assert time.monotonic() - started < 3
    assert sandbox.stats["x"]["statuses"] == {"429": 1, "200": 1}


def test_server_errors(sandbox: Sandbox, x_client: tweepy.Client, fb_api: FacebookAdsApi, yt: Any) -> None:
    sandbox.inject("*", "server_error", count=3)
    with pytest.raises(tweepy.TwitterServerError) as x_error:
        x_client.search_recent_tweets("traffic")
    assert x_error.value.response.status_code == 503
    with pytest.raises(FacebookRequestError) as fb_error:
        Page(PAGE_ID, api=fb_api).get_feed()
    assert fb_error.value.http_status() == 503 and fb_error.value.api_error_code() == 2
    assert fb_error.value.api_transient_error() is True
    with pytest.raises(HttpError) as yt_error:
        threads(yt).execute()
    assert yt_error.value.status_code == 503
    assert yt_error.value.error_details[0]["reason"] == "backendError"
    sandbox.inject("x", "server_error", status=500)
    with pytest.raises(tweepy.TwitterServerError, match="500"):
        x_client.search_recent_tweets("traffic")


def test_slow_answers_after_the_delay(sandbox: Sandbox, x_client: tweepy.Client) -> None:
    sandbox.inject("x", "slow", delay=0.4)
    started = time.monotonic()
    assert x_client.search_recent_tweets("traffic").meta["result_count"] == 10
    assert time.monotonic() - started >= 0.4


def test_drop_closes_the_connection(sandbox: Sandbox, x_client: tweepy.Client, yt: Any) -> None:
    sandbox.inject("x", "drop")
    with pytest.raises(requests.ConnectionError):
        x_client.search_recent_tweets("traffic")
    assert x_client.search_recent_tweets("traffic").meta["result_count"] == 10
    sandbox.inject("youtube", "drop", count=1)
    assert threads(yt).execute()["items"]  # httplib2 quietly retries a dropped connection once
    sandbox.inject("youtube", "drop", count=2)
    with pytest.raises((ConnectionError, httplib2.error.HttpLib2Error, OSError)):
        threads(yt).execute()
    assert sandbox.stats["youtube"]["statuses"]["dropped"] == 3


def test_malformed_json(sandbox: Sandbox, x_client: tweepy.Client, fb_api: FacebookAdsApi, yt: Any) -> None:
    sandbox.inject("*", "malformed_json", count=3)
    with pytest.raises(requests.JSONDecodeError):
        x_client.search_recent_tweets("traffic")
    with pytest.raises(TypeError):  # the SDK's Cursor indexes the body text as if a dict
        list(Page(PAGE_ID, api=fb_api).get_feed())
    body = threads(yt).execute()  # googleapiclient hands back the text when it is not JSON
    assert isinstance(body, str) and body.startswith('{"kind":')


def test_malformed_item(sandbox: Sandbox, make_x_client: Any, fb_api: FacebookAdsApi, yt: Any) -> None:
    raw = make_x_client(sandbox, return_type=dict)
    sandbox.inject("x", "malformed_item")
    page = raw.search_recent_tweets("traffic", tweet_fields=["created_at"])["data"]
    assert [t["created_at"] for t in page].count("2026-02-30T25:61:00Z") == 1
    sandbox.inject("x", "malformed_item", breakage="missing_id", index=0)
    page = raw.search_recent_tweets("traffic")["data"]
    assert "id" not in page[0] and all("id" in t for t in page[1:])
    sandbox.inject("facebook", "malformed_item", path="/feed")
    feed = [dict(p) for p in Page(PAGE_ID, api=fb_api).get_feed(fields=["created_time"])]
    assert sum(p["created_time"].startswith("2026-02-30") for p in feed) == 1
    sandbox.inject("youtube", "malformed_item")
    items = threads(yt).execute()["items"]
    stamps = [i["snippet"]["topLevelComment"]["snippet"]["publishedAt"] for i in items]
    assert stamps.count("2026-02-30T25:61:00Z") == 1


def test_expired_tokens(sandbox: Sandbox, x_client: tweepy.Client, fb_api: FacebookAdsApi, yt: Any) -> None:
    sandbox.inject("*", "expired_token", count=3)
    with pytest.raises(tweepy.Unauthorized):
        x_client.search_recent_tweets("traffic")
    with pytest.raises(FacebookRequestError) as fb_error:
        Page(PAGE_ID, api=fb_api).get_feed()
    assert (fb_error.value.api_error_code(), fb_error.value.api_error_subcode()) == (190, 463)
    assert "Session has expired" in fb_error.value.api_error_message()
    with pytest.raises(HttpError) as yt_error:
        threads(yt).execute()
    assert yt_error.value.status_code == 400
    assert yt_error.value.reason == "API key expired. Please renew the API key."


def test_quota_exceeded(sandbox: Sandbox, x_client: tweepy.Client, fb_api: FacebookAdsApi, yt: Any) -> None:
    sandbox.inject("*", "quota_exceeded", count=3)
    with pytest.raises(tweepy.TooManyRequests) as x_error:
        x_client.search_recent_tweets("traffic")
    assert x_error.value.response.json()["title"] == "UsageCapExceeded"
    with pytest.raises(FacebookRequestError) as fb_error:
        Page(PAGE_ID, api=fb_api).get_feed()
    assert fb_error.value.api_error_code() == 4
    with pytest.raises(HttpError) as yt_error:
        threads(yt).execute()
    assert yt_error.value.status_code == 403
    assert yt_error.value.error_details[0]["reason"] == "quotaExceeded"


def test_graph_rate_limit_codes(sandbox: Sandbox, fb_api: FacebookAdsApi) -> None:
    sandbox.inject("facebook", "rate_limit")
    sandbox.inject("facebook", "rate_limit", code=613)
    for code, status in ((32, 403), (613, 400)):
        with pytest.raises(FacebookRequestError) as caught:
            Page(PAGE_ID, api=fb_api).get_feed()
        assert (caught.value.api_error_code(), caught.value.http_status()) == (code, status)


def test_path_filter_count_and_pending(sandbox: Sandbox, x_client: tweepy.Client) -> None:
    sandbox.inject("x", "server_error", count=2, path="/mentions")
    assert x_client.search_recent_tweets("traffic").meta["result_count"] == 10
    assert sandbox.state()["pending_faults"][0]["remaining"] == 2
    for _ in range(2):
        with pytest.raises(tweepy.TwitterServerError):
            x_client.get_users_mentions(FORCE_ID)
    assert x_client.get_users_mentions(FORCE_ID).meta["result_count"] == 4
    assert sandbox.state()["pending_faults"] == []
    assert sandbox.stats["x"]["faults"] == {"server_error": 2}


def test_bad_fault_requests_are_refused(sandbox: Sandbox) -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        sandbox.inject("x", "gremlins")
    with pytest.raises(ValueError, match="unknown platform"):
        sandbox.inject("myspace", "drop")
    with pytest.raises(ValueError, match="takes no option"):
        sandbox.inject("x", "drop", delay=3)
