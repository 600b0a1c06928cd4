"""The store's reads for long lists a page at a time: a queue's order as ids alone, a page of posts by id or
before a cursor, and a page's mentions and analyses read by key in one query, the same records as one by one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from analyse.records import Analysed
from commsdesk.records import Mention
from commsdesk.store import Store
from publish.drafts import Checks, PostSpec
from publish.records import Account, User

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
X = Account("x", "NorthshirePolice")


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store({"pc.smith": ["officer"]})


@pytest.fixture
def write(store: Store, no_findings: Checks) -> Callable[..., int]:
    """`write(submit=True)`: a post by pc.smith, submitted for review unless told otherwise; its id."""

    def write(*, submit: bool = True) -> int:
        officer = store.user("pc.smith")
        assert isinstance(officer, User)
        spec = PostSpec(texts={"x": "The A1 is closed northbound."}, accounts=(X,))
        ident = store.create_post(spec, by=officer, checker=no_findings, known_accounts={X}).id
        if submit:
            store.move_post(ident, "submit", officer)
        return ident

    return write


def test_post_ids_are_the_posts_in_a_state_oldest_first(store: Store, write: Callable[..., int]) -> None:
    first, draft, second, third, other = (write(submit=n not in (1, 4)) for n in range(5))
    assert store.post_ids("submitted") == [first, second, third]
    assert store.post_ids("draft") == [draft, other]
    assert store.post_ids("published") == []
    with pytest.raises(ValueError, match="unknown post state 'waiting'"):
        store.post_ids("waiting")


def test_posts_by_id_come_in_the_order_asked_once_each_without_those_not_stored(
    store: Store, write: Callable[..., int]
) -> None:
    one, two, three = write(), write(), write()
    assert store.posts_by_id([three, 99, one, three]) == [store.post(three), store.post(one)]
    assert store.posts_by_id(iter([two])) == [store.post(two)]
    assert store.posts_by_id([]) == []


def test_paging_before_a_post_visits_every_post_once_newest_first(store: Store, write: Callable[..., int]) -> None:
    written = [write(submit=n % 2 == 0) for n in range(7)]
    pages, before = [], None
    while page := store.posts_before(before, limit=3):
        pages.append([post.id for post in page])
        before = page[-1].id
    assert pages == [written[6:3:-1], written[3:0:-1], written[:1]]
    assert store.posts_before(limit=200) == store.posts()
    assert store.posts_before(written[0]) == []


def mention(platform: str, ident: int) -> Mention:
    at = NOW - timedelta(minutes=ident)
    return Mention(platform, str(ident), f"post {ident} on {platform}", at, author_id=str(ident), author_handle="ann")


def analysed(record: Mention) -> Analysed:
    return Analysed(record.platform, record.id, record.created_at, record.text, lang="en", sentiment="neutral")


def test_mentions_and_analyses_read_by_key_are_the_records_read_one_by_one(store: Store) -> None:
    """More keys than one query takes (450), the same ids on two platforms, some never analysed, some not stored."""
    mentions = [mention(platform, n) for platform in ("x", "facebook") for n in range(300)]
    store.save_mentions(mentions)
    store.save_analyses([analysed(m) for m in mentions if int(m.id) % 3], features={}, upto=0)
    keys = [(m.platform, m.id) for m in mentions] + [("x", "nope"), ("youtube", "1"), ("x", "7")]

    by_key = store.mentions_by_key(keys)
    assert by_key == {(m.platform, m.id): store.get_mention(m.platform, m.id) for m in mentions}
    analyses = store.analysed_by_key(keys)
    one_by_one = {key: store.get_analysed(*key) for key in keys}
    assert analyses == {key: record for key, record in one_by_one.items() if record is not None}
    assert len(analyses) == 400 and ("facebook", "3") not in analyses
    assert store.mentions_by_key([]) == {} and store.analysed_by_key(iter([("x", "nope")])) == {}


def test_posts_going_out_are_those_due_in_the_window_then_those_with_no_time(
    make_store: Callable[..., Store], no_findings: Checks
) -> None:
    from publish import desk as publishing

    store = make_store({"pc.smith": ["officer"], "sgt.jones": ["reviewer", "duty"]})
    officer, reviewer = store.user("pc.smith"), store.user("sgt.jones")
    assert isinstance(officer, User) and isinstance(reviewer, User)
    now = store.clock()

    def approved(hours: float | None) -> int:
        when = now + timedelta(hours=hours) if hours is not None else None
        spec = PostSpec(texts={"x": "Road closed."}, accounts=(X,), scheduled_at=when)
        ident = store.create_post(spec, by=officer, checker=no_findings, known_accounts={X}).id
        store.move_post(ident, "submit", officer)
        publishing.approve(store, ident, reviewer)
        return ident

    later, soon, no_time, too_far = approved(30), approved(2), approved(None), approved(24 * 20)
    held = approved(5)
    store.move_post(held, "hold", reviewer, note="wait for the family")
    waiting = store.create_post(
        PostSpec(texts={"x": "Not yet reviewed."}, accounts=(X,), scheduled_at=now + timedelta(hours=1)),
        by=officer,
        checker=no_findings,
        known_accounts={X},
    ).id

    going = store.posts_going_out(("approved", "scheduled", "held"), start=now, end=now + timedelta(days=15))
    assert [post.id for post in going] == [soon, held, later, no_time]
    assert too_far not in {post.id for post in going} and waiting not in {post.id for post in going}
    nothing_timed = store.posts_going_out(("scheduled",), start=now + timedelta(hours=3), end=now + timedelta(days=1))
    assert [post.id for post in nothing_timed] == [no_time]
    with pytest.raises(ValueError, match="unknown post state 'due'"):
        store.posts_going_out(("due",), start=now, end=now)
