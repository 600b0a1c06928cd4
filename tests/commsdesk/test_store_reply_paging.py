"""The response queue a page at a time: `after` names a place in the queue's order (priority, mention time, id)
and gives exactly the items after it, so what happens before that place moves nothing after it; the count
agrees with the list, and both read the queue through its index."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyse.records import Analysed
from commsdesk.store import Store
from publish.records import User
from publish.replies.records import KINDS, QueueItem, Reason

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
Place = tuple[int, datetime, int]


def fill(store: Store, items: list[tuple[int, int, str]]) -> list[QueueItem]:
    """Queue one mention per (priority, minutes before NOW, kind), in that order; the items, by id."""
    found = [
        (Analysed("x", str(7_000 + n), NOW - timedelta(minutes=minutes), f"@NorthshirePolice {n}"), Reason(kind, "", p))
        for n, (p, minutes, kind) in enumerate(items)
    ]
    store.mark_for_reply(found, upto=0)
    queued = [store.reply_item(ident) for ident in range(1, len(items) + 1)]
    assert [item.mention_id if item else "" for item in queued] == [analysed.id for analysed, _ in found]
    return [item for item in queued if item is not None]


def place(item: QueueItem) -> Place:
    return item.priority, item.mention_at, item.id


def desk_user(store: Store, name: str, roles: list[str]) -> User:
    store.add_user(name, roles)
    found = store.user(name)
    assert found is not None
    return found


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store({})


def test_pages_by_place_are_not_moved_by_what_happens_on_the_page_before(store: Store) -> None:
    items = fill(store, [(4, 10, "question"), (1, 5, "crime_report"), (4, 10, "question")] * 4)
    ordered = sorted(items, key=place)
    first = store.reply_queue(to_do=True, limit=5)
    assert first == ordered[:5]
    second = store.reply_queue(to_do=True, after=place(first[-1]), limit=5)
    assert second == ordered[5:10]

    duty = desk_user(store, "duty", ["duty"])
    for gone in first[:3]:
        store.dismiss_reply(gone.id, by=duty, note="answered in the appeal post")
    assert store.reply_queue(to_do=True, after=place(first[-1]), limit=5) == second  # an offset would have moved on
    assert store.count_reply_queue(to_do=True) == len(items) - 3
    assert store.count_reply_queue(to_do=True, after=place(first[-1])) == len(items) - 5


def test_items_at_the_same_priority_and_time_are_ordered_by_id_and_none_is_lost_between_pages(store: Store) -> None:
    items = fill(store, [(2, 0, "complaint")] * 7)
    seen, after = [], None
    for _ in items:  # a page at least each time round, or the place does not move on
        page = store.reply_queue(after=after, limit=2)
        seen += page
        after = place(page[-1]) if page else after
    assert [item.id for item in seen] == [item.id for item in items]


ITEMS = st.lists(
    st.tuples(
        st.integers(1, 4),  # priority
        st.integers(0, 3),  # minutes old: ties are common
        st.sampled_from(KINDS),
        st.sampled_from(["open", "assigned", "dismissed"]),
    ),
    max_size=30,
)
ANYWHERE = st.tuples(st.integers(0, 5), st.integers(-1, 4), st.integers(0, 32))  # past either end included


@settings(max_examples=80, deadline=None)
@given(
    items=ITEMS,
    near=st.none() | st.integers(0, 29),  # a place next to this item's own: the ties that matter
    shift=st.integers(-1, 1),  # its id one less, the same, one more
    anywhere=ANYWHERE,
    kind=st.sampled_from([None, *KINDS]),
    mine=st.booleans(),
    limit=st.integers(1, 40),
)
def test_after_gives_exactly_the_items_after_the_place_in_the_queues_order(
    items: list[tuple[int, int, str, str]],
    near: int | None,
    shift: int,
    anywhere: tuple[int, int, int],
    kind: str | None,
    mine: bool,
    limit: int,
) -> None:
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.sqlite", clock=lambda: NOW) as store:
        officer, duty = desk_user(store, "officer", ["officer"]), desk_user(store, "duty", ["duty"])
        queued = fill(store, [(p, minutes, k) for p, minutes, k, _ in items])
        for item, (*_, status) in zip(queued, items, strict=True):
            if status == "assigned":
                store.assign_reply(item.id, to=officer, by=officer)
            elif status == "dismissed":
                store.dismiss_reply(item.id, by=duty, note="a duplicate")
        if near is not None and queued:
            item = queued[near % len(queued)]
            cut: Place = (item.priority, item.mention_at, item.id + shift)
        else:
            cut = (anywhere[0], NOW - timedelta(minutes=anywhere[1]), anywhere[2])
        who = "officer" if mine else None
        now = [store.reply_item(item.id) for item in queued]
        expected = sorted(
            (
                i
                for i in now
                if i is not None
                and i.status != "dismissed"
                and kind in (None, i.kind)
                and (not mine or i.assigned_to == "officer")
                and place(i) > cut
            ),
            key=place,
        )
        assert store.reply_queue(to_do=True, kind=kind, assigned_to=who, after=cut, limit=limit) == expected[:limit]
        assert store.count_reply_queue(to_do=True, kind=kind, assigned_to=who, after=cut) == len(expected)


def test_a_page_and_its_counts_read_the_queue_through_its_index(store: Store) -> None:
    """No query of a page scans the queue's table: each status's part is a seek from the place on."""
    fill(store, [(n % 4 + 1, n % 7, KINDS[n % 3]) for n in range(40)])
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        cut = (2, NOW - timedelta(minutes=3), 11)
        store.reply_queue(to_do=True, after=cut, limit=51)
        store.count_reply_queue(to_do=True, kind="question", assigned_to="officer", after=cut)
    finally:
        store.db.conn.set_trace_callback(None)
    queries = [sql for sql in statements if "FROM reply_queue" in sql]
    assert len(queries) == 2
    for sql in queries:
        plan = [row[3] for row in store.db.execute(f"EXPLAIN QUERY PLAN {sql}")]
        reads = [step for step in plan if "reply_queue" in step]
        assert reads and all("USING INDEX idx_reply_queue_status_priority_mention_at" in step for step in reads), plan
        assert all("(priority,mention_at)>" in step for step in reads), plan
