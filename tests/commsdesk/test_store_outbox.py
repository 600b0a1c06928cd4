"""The outbox in the store: claims are exclusive, folding is all or nothing, rows come back as records."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from commsdesk.store import MIGRATIONS, OutboxItem, Store

T0 = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)


def test_the_outbox_migration_is_applied(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        assert store.schema_version == len(MIGRATIONS)
        assert "outbox" in store.db.table_names()


def test_a_row_is_claimed_once_and_comes_due_again_after_its_lease(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store, Store(tmp_path / "s.sqlite") as other:
        item = store.add_outbox("slack", {"subject": "hello"}, now=T0)
        assert isinstance(item, OutboxItem)
        assert (item.status, item.attempts, item.payload, item.next_attempt_at) == (
            "pending",
            0,
            {"subject": "hello"},
            T0,
        )
        claimed = store.claim_outbox(item.id, now=T0, lease=LEASE)
        assert claimed is not None and claimed.attempts == 1 and claimed.last_attempt_at == T0
        assert other.claim_outbox(item.id, now=T0, lease=LEASE) is None  # a second worker does not send it too
        assert store.due_outbox("slack", now=T0 + LEASE - timedelta(seconds=1)) == []
        assert [row.id for row in other.due_outbox("slack", now=T0 + LEASE)] == [item.id]


def test_outcomes_are_recorded_and_listed(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        sent, retried, failed = (store.add_outbox(channel, {"n": n}, now=T0) for n, channel in enumerate("abc"))
        for item in (sent, retried, failed):
            store.claim_outbox(item.id, now=T0, lease=LEASE)
        store.outbox_sent(sent.id, now=T0, note="refused by the server: x@y 550")
        store.outbox_retry(retried.id, error="HTTP 503", next_attempt_at=T0 + timedelta(seconds=30))
        store.outbox_failed(failed.id, error="HTTP 404 channel_not_found")
        assert [row.id for row in store.outbox()] == [failed.id, retried.id, sent.id]
        assert [row.last_error for row in store.outbox(status="failed")] == ["HTTP 404 channel_not_found"]
        assert [row.id for row in store.outbox(channel="b", status="pending")] == [retried.id]
        assert store.outbox_attempts_since("a", T0) == 1 and store.outbox_attempts_since("a", T0 + LEASE) == 0
        again = store.get_outbox(sent.id)
        assert again is not None and (again.status, again.sent_at, again.note) == (
            "sent",
            T0,
            "refused by the server: x@y 550",
        )
        assert store.requeue_outbox(failed.id, now=T0 + LEASE) and not store.requeue_outbox(sent.id, now=T0)


def test_folding_is_all_or_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        items = [store.add_outbox("teams", {"n": n}, now=T0) for n in range(3)]
        store.claim_outbox(items[0].id, now=T0, lease=LEASE)  # another worker is sending this one
        assert store.fold_outbox("teams", [item.id for item in items], {"digest": True}, now=T0) is None
        assert [row.status for row in store.outbox()] == ["pending"] * 3

        digest = store.fold_outbox("teams", [item.id for item in items[1:]], {"digest": True}, now=T0)
        assert digest is not None and (digest.kind, digest.status, digest.payload) == (
            "digest",
            "pending",
            {"digest": True},
        )
        folded = [store.get_outbox(item.id) for item in items[1:]]
        assert all(row is not None and (row.status, row.folded_into) == ("folded", digest.id) for row in folded)
