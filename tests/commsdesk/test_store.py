"""The store: upsert by (platform, id), full-text search, checkpoints, runs and health."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from commsdesk.records import Mention, Quarantined
from commsdesk.store import Store

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def mention(
    ident: str,
    text: str = "fire near the Quayside",
    *,
    platform: str = "x",
    minutes: int = 0,
    **extra,
) -> Mention:
    return Mention(platform=platform, id=ident, text=text, created_at=T0 + timedelta(minutes=minutes), **extra)


def test_schema_is_migrated_once(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        version = store.schema_version
        assert version >= 1
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(tmp_path / "s.sqlite") as store:
        assert store.schema_version == version


def test_processes_opening_a_new_store_at_once_migrate_it_once_between_them(tmp_path: Path) -> None:
    """As `commsdesk serve --workers 4` does on a store an upgrade left behind: every opener gets the
    whole schema and none fails on a table another has just made."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from commsdesk.store import MIGRATIONS

    openers = 6
    ready = Barrier(openers)

    def open_at_once(_: int) -> int:
        ready.wait()
        with Store(tmp_path / "s.sqlite") as store:  # a connection of its own, as another process has
            return store.schema_version

    with ThreadPoolExecutor(openers) as pool:
        assert list(pool.map(open_at_once, range(openers))) == [len(MIGRATIONS)] * openers


def test_saving_twice_stores_once_and_counts_the_repeat(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        first = store.save_mentions([mention("1"), mention("2")])
        again = store.save_mentions([mention("2"), mention("3")])
        assert (first.new, first.skipped) == (2, 0)
        assert (again.new, again.skipped) == (1, 1)
        assert store.count_mentions() == 3


def test_same_id_on_two_platforms_are_two_mentions(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.save_mentions([mention("1"), mention("1", platform="facebook")])
        assert store.counts_by_platform() == {"x": 1, "facebook": 1}


def test_a_repeat_refreshes_metrics_and_text(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.save_mentions([mention("1", metrics={"like_count": 1})])
        store.save_mentions([mention("1", "edited: fire at the Quay", metrics={"like_count": 9})])
        stored = store.get_mention("x", "1")
        assert stored is not None
        assert stored.metrics == {"like_count": 9}
        assert [m.id for m in store.search("edited")] == ["1"]
        assert store.search("Quayside") == []


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    original = mention(
        "7",
        "Thanks 👮 @NorthshirePolice",
        author_id="42",
        author_handle="jo",
        author_name="Jo",
        url="https://x.com/jo/status/7",
        lang="en",
        in_reply_to="5",
        conversation_id="5",
        metrics={"like_count": 3},
        raw={"id": "7", "nested": {"a": [1, 2]}},
        source="x",
    )
    with Store(tmp_path / "s.sqlite") as store:
        store.save_mentions([original])
        assert store.get_mention("x", "7") == original


def test_full_text_search_treats_input_as_words(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.save_mentions([mention("1", "Loads of smoke over Elswick"), mention("2", "Lovely day in Jesmond")])
        assert [m.id for m in store.search("smoke elswick")] == ["1"]
        assert store.search("don't \"OR NEAR(") == []


def test_time_window_and_platform_filters(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.save_mentions([mention(str(i), minutes=i) for i in range(10)])
        window = list(store.mentions(since=T0 + timedelta(minutes=3), until=T0 + timedelta(minutes=6)))
        assert [m.id for m in window] == ["3", "4", "5"]
        assert store.count_mentions(platform="facebook") == 0


def test_page_and_checkpoint_are_saved_together(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        bad = Quarantined("x", "post has no id", '{"text": "x"}', "search item 3")
        store.save_page("x", [mention("1")], checkpoint={"search": {"floor": "1"}}, quarantined=[bad])
        assert store.checkpoint("x") == {"search": {"floor": "1"}}
        assert store.quarantined("x") == [bad]


def test_a_failed_page_leaves_neither_mentions_nor_checkpoint(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.set_checkpoint("x", {"search": {"floor": "0"}})
        broken = [mention("1"), "not a mention"]
        with pytest.raises(AttributeError):
            store.save_page("x", broken, checkpoint={"search": {"floor": "1"}})  # type: ignore[arg-type]
        assert store.count_mentions() == 0
        assert store.checkpoint("x") == {"search": {"floor": "0"}}


def test_runs_and_health(tmp_path: Path) -> None:
    now = [T0]
    with Store(tmp_path / "s.sqlite", clock=lambda: now[0]) as store:
        run = store.start_run("youtube")
        run.fetched, run.new, run.status = 5, 4, "ok"
        store.finish_run(run)
        assert store.runs("youtube")[0].new == 4
        store.record_health("youtube", success=True)
        now[0] = T0 + timedelta(minutes=10)
        store.record_health(
            "youtube",
            success=False,
            error="quota",
            degraded_reason="quota used up",
            degraded_until=T0 + timedelta(hours=8),
        )
        (health,) = store.health(["youtube"])
        assert health.degraded and health.degraded_reason == "quota used up"
        assert health.last_success == T0 and health.last_error_at == now[0]
        store.record_health("youtube", success=True)
        (health,) = store.health(["youtube"])
        assert not health.degraded


def test_reply_counts(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.save_mentions(
            [
                mention("p1", platform="facebook", conversation_id="p1"),
                mention("c1", platform="facebook", in_reply_to="p1", conversation_id="p1", minutes=1),
                mention("p0", platform="facebook", minutes=-600),
            ]
        )
        assert store.count_replies("facebook", "p1") == 1


def test_only_the_named_streams_are_rewritten_and_a_dropped_one_is_gone(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.set_checkpoint("facebook", {"feed": {"floor": "a"}, "post:1": {"mark": "x"}})
        state = {"feed": {"floor": "b"}, "post:2": {"mark": "y"}}
        store.set_checkpoint("facebook", state, streams=["post:2", "post:1"])
        assert store.checkpoint("facebook") == {"feed": {"floor": "a"}, "post:2": {"mark": "y"}}


def test_migration_2_splits_old_checkpoints_into_streams(tmp_path: Path) -> None:
    import sqlite_utils

    from commsdesk import store as store_module

    path = tmp_path / "old.sqlite"
    old = sqlite_utils.Database(path)
    store_module.MIGRATIONS[0](old)
    old.execute("PRAGMA user_version = 1")
    old["checkpoints"].insert({"source": "x", "state": '{"search": {"floor": "9"}, "user_ids": {"a": "1"}}'})
    old.conn.commit()
    old.close()
    with Store(path) as store:
        assert store.schema_version == len(store_module.MIGRATIONS)
        assert store.checkpoint("x") == {"search": {"floor": "9"}, "user_ids": {"a": "1"}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z"),
        ("2026-11-20T08:00:00.000Z", "2026-11-20T08:00:00Z"),
        ("2026-11-20T08:00:00+0000", "2026-11-20T08:00:00Z"),
        ("2026-11-20T09:00:00+01:00", "2026-11-20T08:00:00Z"),
    ],
)
def test_the_platforms_time_formats_parse_to_utc(text: str, expected: str) -> None:
    from commsdesk.records import iso, parse_time

    assert iso(parse_time(text)) == expected


@pytest.mark.parametrize("text", ["bad-time", "2026-11-20T08:00:00", "yesterday"])
def test_bad_or_zoneless_times_are_refused_as_written(text: str) -> None:
    from commsdesk.records import parse_time

    with pytest.raises(ValueError):
        parse_time(text)


def test_the_search_index_stays_in_step_with_the_mentions(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.save_mentions([mention(str(i), f"smoke over Elswick {i}") for i in range(50)])
        store.save_mentions([mention(str(i), f"smoke over Elswick {i}") for i in range(25, 75)])  # half repeats
        store.save_mentions([mention("3", "edited: all clear in Elswick")])
        store.db.execute("INSERT INTO mentions_fts (mentions_fts) VALUES ('integrity-check')")
        assert len(store.search("smoke", limit=1000)) == 74
        assert [m.id for m in store.search("clear")] == ["3"]
