"""X API v2 through tweepy 4.17: search, mentions, lookups, posting, auth and rate limits."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
import tweepy

from sandbox.server import Sandbox

FORCE_ID = "1500000000000000001"
FIELDS = [
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


def ids(tweets: list[tweepy.Tweet] | None) -> list[int]:
    """Tweet ids in response order."""
    return [t.id for t in tweets or []]


def test_search_pages_newest_first_with_next_token(x_client: tweepy.Client) -> None:
    pages = list(tweepy.Paginator(x_client.search_recent_tweets, "traffic", max_results=10))
    found = [t for page in pages for t in page.data]
    assert [p.meta["result_count"] for p in pages] == [10, 10, 10]
    assert "next_token" not in pages[-1].meta
    assert ids(found) == sorted(ids(found), reverse=True)
    assert all(t.edit_history_tweet_ids == [t.id] for t in found)
    assert "old news" not in " ".join(t.text for t in found)  # older than 7 days


def test_search_since_id_returns_only_newer(x_client: tweepy.Client) -> None:
    first = x_client.search_recent_tweets("traffic", max_results=10)
    newest = first.meta["newest_id"]
    again = x_client.search_recent_tweets("traffic", since_id=newest)
    assert again.meta == {"result_count": 0}
    older = first.data[5].id
    some = x_client.search_recent_tweets("traffic", since_id=older)
    assert ids(some.data) == ids(first.data[:5])


def test_next_token_is_stable_when_new_posts_arrive(
    sandbox: Sandbox, x_client: tweepy.Client, new_x_post: Callable[..., dict[str, Any]]
) -> None:
    first = x_client.search_recent_tweets("traffic", max_results=10)
    expected = x_client.search_recent_tweets("traffic", max_results=10, next_token=first.meta["next_token"])
    now = sandbox.clock.now() - timedelta(seconds=30)
    sandbox.add_posts(
        [new_x_post(now, n, {"id": "9", "handle": "late", "name": "Late"}, f"late traffic news {n}") for n in range(5)]
    )
    second = x_client.search_recent_tweets("traffic", max_results=10, next_token=first.meta["next_token"])
    assert ids(second.data) == ids(expected.data)
    fresh = x_client.search_recent_tweets("traffic", max_results=10)
    assert fresh.data[0].text.startswith("late traffic news")


def test_fields_and_expansions(x_client: tweepy.Client) -> None:
    found = x_client.search_recent_tweets(
        "how long A61",
        tweet_fields=FIELDS,
        expansions=["author_id", "geo.place_id", "in_reply_to_user_id"],
        user_fields=["verified"],
        place_fields=["name", "country_code"],
    )
    tweet = found.data[0]
    assert tweet.created_at == datetime(2026, 11, 20, 7, 3, tzinfo=UTC)
    assert tweet.data["created_at"] == "2026-11-20T07:03:00.000Z"
    assert tweet.in_reply_to_user_id == int(FORCE_ID)
    assert tweet.referenced_tweets[0].type == "replied_to"
    assert tweet.conversation_id == tweet.referenced_tweets[0].id
    assert tweet.entities["mentions"][0] == {
        "start": 0,
        "end": 17,
        "username": "NorthshirePolice",
        "id": FORCE_ID,
    }
    assert set(tweet.public_metrics) == {
        "retweet_count",
        "reply_count",
        "like_count",
        "quote_count",
        "bookmark_count",
        "impression_count",
    }
    users = {u.username: u for u in found.includes["users"]}
    assert users["alice"].verified is False and "NorthshirePolice" in users
    place = found.includes["places"][0]
    assert place.full_name == "Kingsbridge, Northshire" and place.country_code == "GB"
    assert tweet.geo["place_id"] == place.id


def test_default_tweet_has_only_id_text_and_edit_history(x_client: tweepy.Client) -> None:
    found = x_client.search_recent_tweets("queues", user_auth=False)
    assert set(found.data[0].data) == {"id", "text", "edit_history_tweet_ids"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("a61 OR queues", {"alice", "bob", "carol", "NorthshirePolice"}),
        ("a61 -is:retweet -is:reply", {"NorthshirePolice", "bob"}),
        ('"quick response"', {"dave"}),
        ("#kingsbridge", {"NorthshirePolice", "bob"}),
        ("@NorthshirePolice -from:alice", {"carol", "dave"}),
        ("to:NorthshirePolice", {"alice", "frank"}),
        ("lang:fr", {"erin"}),
        ("(blocked OR queues) has:geo", {"bob"}),
        ("is:reply road", {"frank"}),
    ],
)
def test_query_grammar(x_client: tweepy.Client, query: str, expected: set[str]) -> None:
    found = x_client.search_recent_tweets(query, expansions=["author_id"], max_results=100)
    assert {u.username for u in found.includes.get("users", [])} == expected


def test_invalid_requests_are_400(x_client: tweepy.Client) -> None:
    with pytest.raises(tweepy.BadRequest, match="not between 10 and 100"):
        x_client.search_recent_tweets("traffic", max_results=5)
    with pytest.raises(tweepy.BadRequest, match="invalid operator"):
        x_client.search_recent_tweets("traffic nosuch:thing")
    with pytest.raises(tweepy.BadRequest, match=r"tweet\.fields"):
        x_client.search_recent_tweets("traffic", tweet_fields=["created"])
    with pytest.raises(tweepy.BadRequest, match="is not valid"):
        x_client.search_recent_tweets("traffic", next_token="zzzz")
    with pytest.raises(tweepy.BadRequest, match="10 seconds prior"):
        x_client.search_recent_tweets("traffic", end_time=datetime(2026, 11, 21, tzinfo=UTC))


def test_mentions_cover_mentions_and_replies(x_client: tweepy.Client) -> None:
    pages = list(tweepy.Paginator(x_client.get_users_mentions, FORCE_ID, max_results=5, expansions=["author_id"]))
    authors = {u.username for page in pages for u in page.includes["users"]}
    assert authors == {"alice", "carol", "dave", "frank"}
    assert len(pages) == 1
    two = x_client.get_users_mentions(FORCE_ID, max_results=5, since_id=pages[0].data[1].id)
    assert ids(two.data) == ids(pages[0].data[:1])


def test_mentions_paging_and_previous_token(x_client: tweepy.Client) -> None:
    first = x_client.get_users_mentions(FORCE_ID, max_results=5, tweet_fields=["created_at"])
    assert first.meta["result_count"] == 4 and "next_token" not in first.meta
    with pytest.raises(tweepy.BadRequest):
        x_client.get_users_mentions(FORCE_ID, max_results=4)


def test_lookups(x_client: tweepy.Client) -> None:
    user = x_client.get_user(username="northshirepolice", user_fields=["verified"])
    assert user.data.id == int(FORCE_ID) and user.data.verified is True
    timeline = x_client.get_users_tweets(FORCE_ID, tweet_fields=["created_at"])
    assert [t.text[:12] for t in timeline.data] == ["Road closure"]
    tweet = x_client.get_tweet(timeline.data[0].id, tweet_fields=["public_metrics"])
    assert tweet.data.public_metrics["like_count"] == 40
    assert tweet.data.public_metrics["reply_count"] == 2
    missing = x_client.get_tweet(1234567890)
    assert missing.data is None
    assert missing.errors[0]["title"] == "Not Found Error"
    assert missing.errors[0]["resource_type"] == "tweet"
    nobody = x_client.get_user(username="nobody_here")
    assert nobody.errors[0]["resource_type"] == "user"


def test_create_tweet_with_oauth1(sandbox: Sandbox, x_client: tweepy.Client) -> None:
    parent = x_client.search_recent_tweets("how long A61").data[0]
    made = x_client.create_tweet(text="The A61 reopens at noon.", in_reply_to_tweet_id=parent.id)
    new_id = made.data["id"]
    assert made.data == {
        "id": new_id,
        "text": "The A61 reopens at noon.",
        "edit_history_tweet_ids": [new_id],
    }
    assert sandbox.published[-1]["id"] == new_id
    assert sandbox.published[-1]["reply_to"] == str(parent.id)
    timeline = x_client.get_users_tweets(FORCE_ID, tweet_fields=["created_at"])
    assert timeline.data[0].id == int(new_id)
    assert timeline.data[0].created_at == sandbox.clock.now()
    with pytest.raises(tweepy.Forbidden, match="duplicate content"):
        x_client.create_tweet(text="The A61 reopens at noon.")
    with pytest.raises(tweepy.Forbidden, match="shorter"):
        x_client.create_tweet(text="x" * 281)


def test_create_tweet_refuses_bad_signature_and_bearer(
    sandbox: Sandbox, make_x_client: Callable[..., tweepy.Client]
) -> None:
    wrong = make_x_client(sandbox, consumer_secret="not-the-secret")
    with pytest.raises(tweepy.Unauthorized) as caught:
        wrong.create_tweet(text="hello")
    assert caught.value.response.headers["content-type"] == "application/problem+json"
    assert caught.value.response.json()["title"] == "Unauthorized"
    app_only = make_x_client(sandbox, consumer_key=None, consumer_secret=None)
    with pytest.raises(tweepy.Forbidden, match="Application-Only is forbidden"):
        app_only.create_tweet(text="hello", user_auth=False)
    assert sandbox.published == []


def test_bad_bearer_is_401(sandbox: Sandbox, make_x_client: Callable[..., tweepy.Client]) -> None:
    client = make_x_client(sandbox, bearer_token="wrong")
    with pytest.raises(tweepy.Unauthorized):
        client.search_recent_tweets("traffic")


def test_rate_limit_headers_and_429(
    make_sandbox: Callable[..., Sandbox], make_x_client: Callable[..., tweepy.Client]
) -> None:
    sb = make_sandbox(limits={"x.search": (2, 900)})
    client = make_x_client(sb, return_type=requests.Response)
    response = client.search_recent_tweets("traffic")
    assert response.headers["x-rate-limit-limit"] == "2"
    assert response.headers["x-rate-limit-remaining"] == "1"
    reset = int(response.headers["x-rate-limit-reset"])
    assert time.time() < reset <= time.time() + 901
    client.search_recent_tweets("traffic")
    with pytest.raises(tweepy.TooManyRequests) as caught:
        client.search_recent_tweets("traffic")
    assert caught.value.reset_time == reset
    assert caught.value.response.json()["title"] == "Too Many Requests"
    other = client.get_users_mentions(FORCE_ID)  # a different endpoint has its own window
    assert other.headers["x-rate-limit-limit"] == "450"


def test_user_context_reads_sign_the_query(x_client: tweepy.Client) -> None:
    found = x_client.search_recent_tweets(
        '"quick response" OR (#Kingsbridge -is:retweet)',
        tweet_fields=["created_at", "lang"],
        user_auth=True,
    )
    assert found.meta["result_count"] == 3
    me = x_client.get_me(user_fields=["verified"])
    assert me.data.username == "NorthshirePolice"
