"""Communities: threads and frequent accounts are summarised with volume, sentiment shares and most
active authors (pseudonymised), heads give names and links, the rankings ignore tiny communities,
and the rules hold for any input: shares in [0, 1], negative + positive at most 1, thread volumes
adding up to the number of mentions.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from analyse.communities import (
    ACCOUNT,
    Community,
    account_communities,
    community_of,
    most_active,
    most_negative,
    most_positive,
    snippet,
    summarise_communities,
    thread_communities,
)
from analyse.pseudonyms import Pseudonymiser
from analyse.records import Analysed, sentiment_shares
from commsdesk.records import Mention

T0 = datetime(2026, 11, 20, 8, tzinfo=UTC)
NAMES = Pseudonymiser(b"northshire-test-key-0123456789ab")
_seq = iter(range(10**9))


def mention(
    community: str = "x:conversation:100",
    author: int = 1,
    sentiment: str = "neutral",
    minutes: int = 0,
    **fields: object,
) -> Analysed:
    """An analysed mention by resident `author` in `community`, `minutes` after 08:00."""
    ident = str(fields.pop("id", next(_seq) + 1000))
    platform = str(fields.pop("platform", community.split(":", 1)[0] or "x"))
    base: dict[str, object] = {
        "platform": platform,
        "id": ident,
        "created_at": T0 + timedelta(minutes=minutes),
        "text": f"post {ident}",
        "url": f"https://x.com/resident{author}/status/{ident}" if platform == "x" else f"https://example.com/{ident}",
        "author_id": str(9000 + author),
        "author_handle": f"resident{author}",
        "author_name": f"Resident Person {author}",
        "lang": "en" if sentiment else "fr",
        "sentiment": sentiment,
        "community": community,
    }
    base.update(fields)
    return Analysed(**base)  # type: ignore[arg-type]


def by_key(communities: list[Community]) -> dict[str, Community]:
    return {c.key: c for c in communities}


def test_community_of_a_mention_is_its_thread() -> None:
    x = Mention(platform="x", id="2", text="t", created_at=T0, conversation_id="1")
    assert community_of(x) == "x:conversation:1"
    assert community_of(Mention(platform="facebook", id="1_2", text="t", created_at=T0)) == "facebook:post:1_2"
    comment = Mention(platform="youtube", id="Ugx", text="t", created_at=T0, raw={"snippet": {"videoId": "abc"}})
    assert community_of(comment) == "youtube:video:abc"


def test_a_thread_counts_volume_sentiment_and_authors() -> None:
    records = [
        mention(author=1, sentiment="negative", minutes=5),
        mention(author=2, sentiment="negative", minutes=6),
        mention(author=2, sentiment="positive", minutes=7),
        mention(author=2, sentiment="neutral", minutes=8),
        mention(author=3, sentiment="", minutes=9),  # not English: counted, not rated
    ]
    [thread] = thread_communities(records, NAMES)
    assert (thread.kind, thread.platform, thread.volume, thread.authors) == ("conversation", "x", 5, 3)
    assert (thread.negative, thread.neutral, thread.positive, thread.rated) == (2, 1, 1, 4)
    assert (thread.share_negative, thread.share_positive) == (0.5, 0.25)
    assert thread.top_authors[0].mentions == 3
    assert [a.name for a in thread.top_authors] == [NAMES.display(records[i]) for i in (1, 0, 4)]
    assert all("resident" not in a.name.lower().replace("resident ", "") for a in thread.top_authors)
    assert (thread.first_at, thread.last_at) == (T0 + timedelta(minutes=5), T0 + timedelta(minutes=9))


def test_the_earliest_mention_heads_the_thread_and_gives_its_name_and_link() -> None:
    text = "Road closed   on\nShields Road, ask @resident9 or @NorthshirePolice"
    head = mention(id="100", author=4, minutes=0, text=text)
    records = [mention(author=5, minutes=30), head, mention(author=6, minutes=10)]
    [thread] = thread_communities(records, NAMES, public_handles={"@NorthshirePolice"})
    assert thread.name.startswith("Road closed on Shields Road, ask Resident ")
    assert "resident9" not in thread.name and thread.name.endswith("@NorthshirePolice")
    assert thread.url == "https://x.com/i/web/status/100"  # no private handle in the link
    assert thread.started_by == NAMES.display(head)


def test_public_authors_are_named_and_their_handles_kept() -> None:
    force = mention(
        community="facebook:post:1_2",
        id="1_2",
        author=0,
        text="Appeal: have you seen @resident3 or @Fire?",
        author_name="Northshire Police",
        author_public=True,
        url="https://www.facebook.com/1/posts/2",
    )
    fire = mention(community="facebook:post:1_2", author=8, author_handle="Fire", author_public=True, minutes=1)
    [thread] = thread_communities([force, fire], NAMES)
    assert thread.name.startswith("Appeal: have you seen Resident ") and thread.name.endswith("or @Fire?")
    assert thread.url == force.url and thread.started_by == "Northshire Police"
    assert {a.name for a in thread.top_authors} == {"Northshire Police", "Resident Person 8"}
    assert all(a.public for a in thread.top_authors)


def test_long_heads_are_cut_at_a_word() -> None:
    assert snippet("word " * 40) == ("word " * 15).strip() + "…"
    assert len(snippet("x" * 200)) == 80
    assert snippet("") == ""


def test_a_thread_without_text_is_named_after_its_kind() -> None:
    [video] = thread_communities([mention(community="youtube:video:abc", text="")], NAMES)
    assert (video.kind, video.name) == ("video", "youtube video abc")


def test_records_analysed_without_a_community_are_their_own_thread() -> None:
    threads = by_key(thread_communities([mention(community="", id="7"), mention(community="", id="8")], NAMES))
    assert set(threads) == {"x:conversation:7", "x:conversation:8"}


def test_accounts_that_post_often_are_communities() -> None:
    records = [mention(community=f"x:conversation:{n}", author=1, sentiment="negative") for n in range(3)]
    records += [mention(author=2), mention(author=2)]  # below the threshold
    records += [mention(author=0, author_public=True, author_name="Northshire Police") for _ in range(4)]
    accounts = account_communities(records, NAMES, own_accounts={("x", "9000")})
    assert len(accounts) == 1
    [account] = accounts
    assert account.kind == ACCOUNT and account.volume == 3 and account.share_negative == 1.0
    assert account.name == NAMES.display(records[0]) and account.url == ""  # a profile link would name them
    assert "9001" not in account.key and account.key == f"account:x:{NAMES.code('x', '9001')}"
    assert account_communities(records, NAMES, min_mentions=2, own_accounts={("x", "9000")})[1].volume == 2


def test_a_public_account_is_named_and_linked() -> None:
    records = [mention(author=0, author_public=True, author_name="Northshire Fire") for _ in range(3)]
    [account] = account_communities(records, NAMES)
    assert (account.name, account.url) == ("Northshire Fire", "https://x.com/resident0")


def test_summary_has_threads_and_accounts_busiest_first() -> None:
    records = [mention(community=f"x:conversation:{n % 2}", author=1) for n in range(5)]
    found = summarise_communities(records, NAMES)
    assert [c.kind for c in found] == [ACCOUNT, "conversation", "conversation"]
    assert [c.volume for c in found] == [5, 3, 2]


def community_with(key: str, volume: int, negative: int, positive: int) -> list[Analysed]:
    sentiments = ["negative"] * negative + ["positive"] * positive
    sentiments += ["neutral"] * (volume - len(sentiments))
    return [mention(community=key, author=n, sentiment=s) for n, s in enumerate(sentiments)]


def test_rankings_need_a_minimum_volume_and_order_by_count() -> None:
    records = (
        community_with("x:conversation:angry-one", 1, 1, 0)
        + community_with("x:conversation:big", 20, 6, 10)
        + community_with("x:conversation:sour", 5, 4, 1)
        + community_with("facebook:post:1_2", 8, 4, 2)
    )
    threads = thread_communities(records, NAMES)
    assert [c.key for c in most_negative(threads)] == ["x:conversation:big", "x:conversation:sour", "facebook:post:1_2"]
    assert [c.key for c in most_negative(threads, min_volume=1)][-1] == "x:conversation:angry-one"
    assert [c.key for c in most_positive(threads, limit=2)] == ["x:conversation:big", "facebook:post:1_2"]
    assert [c.key for c in most_negative(threads, kinds={"post"})] == ["facebook:post:1_2"]
    assert [c.key for c in most_active(threads, limit=1)] == ["x:conversation:big"]
    assert most_positive(thread_communities(community_with("x:conversation:calm", 5, 0, 0), NAMES)) == []


def test_fifty_thousand_mentions_summarise_well_under_a_second() -> None:
    sentiments = ["negative", "neutral", "positive", ""]
    records = [
        mention(community=f"x:conversation:{n % 2000}", author=n % 7000, sentiment=sentiments[n % 4], minutes=n % 1440)
        for n in range(50_000)
    ]
    started = time.perf_counter()
    found = summarise_communities(records, Pseudonymiser(b"another-test-key-0123456789abcd"))
    elapsed = time.perf_counter() - started
    assert sum(c.volume for c in found if c.is_thread) == 50_000
    assert elapsed < 1.0, f"{elapsed:.2f} s"


mentions = st.builds(
    mention,
    community=st.sampled_from(["x:conversation:1", "x:conversation:2", "facebook:post:1_2", "youtube:video:abc", ""]),
    author=st.integers(0, 5),
    sentiment=st.sampled_from(["negative", "neutral", "positive", ""]),
    minutes=st.integers(0, 600),
    author_public=st.booleans(),
)


@given(st.lists(mentions, max_size=40), st.integers(1, 4))
def test_summaries_always_add_up_and_shares_stay_in_bounds(records: list[Analysed], min_mentions: int) -> None:
    found = summarise_communities(records, NAMES, min_mentions=min_mentions)
    assert sum(c.volume for c in found if c.is_thread) == len(records)
    for community in found:
        assert 0.0 <= community.share_negative <= 1.0 and 0.0 <= community.share_positive <= 1.0
        assert community.share_negative + community.share_positive <= 1.0
        assert community.rated <= community.volume and 1 <= community.authors <= community.volume
        assert community.first_at <= community.last_at
        assert community.kind != ACCOUNT or community.volume >= min_mentions
        for author in community.top_authors:
            assert author.public or (author.name.startswith("Resident ") and "Person" not in author.name)
    for ranked in (most_negative(found), most_positive(found), most_active(found, min_volume=3)):
        assert all(c.volume >= 3 for c in ranked)


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6))
def test_shares_never_leave_bounds_even_with_rounding(negative: int, neutral: int, positive: int) -> None:
    split = sentiment_shares(negative, neutral, positive)
    assert all(0.0 <= share <= 1.0 for share in split)
    assert sum(split) <= 1.0 + 1e-12
