"""The store: the one module that owns SQL. Everything else calls its verbs and gets records.

SQLite through sqlite-utils, in WAL mode so `commsdesk status` can read while collectors write.
Schema changes are numbered migrations tracked in `PRAGMA user_version`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from commsdesk.records import (
    CollectorRun,
    Mention,
    Quarantined,
    SaveResult,
    SourceHealth,
    iso,
    parse_time,
)

MENTION_COLUMNS = (
    "platform",
    "id",
    "text",
    "created_at",
    "author_id",
    "author_handle",
    "author_name",
    "url",
    "lang",
    "in_reply_to",
    "conversation_id",
    "metrics",
    "raw",
    "source",
)

_UPSERT = f"""
INSERT INTO mentions ({", ".join(MENTION_COLUMNS)}, collected_at)
VALUES ({", ".join(":" + c for c in MENTION_COLUMNS)}, :collected_at)
ON CONFLICT (platform, id) DO UPDATE SET
    text = excluded.text, metrics = excluded.metrics, raw = excluded.raw,
    author_handle = excluded.author_handle, author_name = excluded.author_name
WHERE mentions.text IS NOT excluded.text OR mentions.metrics IS NOT excluded.metrics
"""


def _migration_1(db: sqlite_utils.Database) -> None:
    """Mentions, full-text search, checkpoints, collector runs, source health, quarantine."""
    db["mentions"].create(
        {
            "platform": str,
            "id": str,
            "text": str,
            "created_at": str,
            "author_id": str,
            "author_handle": str,
            "author_name": str,
            "url": str,
            "lang": str,
            "in_reply_to": str,
            "conversation_id": str,
            "metrics": str,
            "raw": str,
            "source": str,
            "collected_at": str,
        },
        pk=("platform", "id"),
        not_null={"platform", "id", "text", "created_at"},
    )
    db["mentions"].create_index(["created_at"])
    db["mentions"].create_index(["platform", "conversation_id"])
    db["mentions"].enable_fts(["text"], fts_version="FTS5", create_triggers=True, tokenize="unicode61")
    # Re-index only when the text changes: a repeat that refreshes metrics must stay cheap.
    db.execute("DROP TRIGGER mentions_au")
    db.execute(
        """CREATE TRIGGER mentions_au AFTER UPDATE OF text ON mentions BEGIN
             INSERT INTO mentions_fts (mentions_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
             INSERT INTO mentions_fts (rowid, text) VALUES (new.rowid, new.text);
           END"""
    )
    db["checkpoints"].create({"source": str, "state": str, "updated_at": str}, pk="source")
    db["collector_runs"].create(
        {
            "id": int,
            "source": str,
            "started_at": str,
            "finished_at": str,
            "fetched": int,
            "new": int,
            "skipped": int,
            "quarantined": int,
            "errors": int,
            "status": str,
            "message": str,
            "faults": str,
        },
        pk="id",
    )
    db["collector_runs"].create_index(["source", "started_at"])
    db["source_health"].create(
        {
            "source": str,
            "last_success": str,
            "last_error_at": str,
            "last_error": str,
            "degraded": int,
            "degraded_reason": str,
            "degraded_until": str,
            "rate_limit": str,
        },
        pk="source",
    )
    db["quarantine"].create(
        {
            "id": int,
            "source": str,
            "reason": str,
            "payload": str,
            "location": str,
            "received_at": str,
        },
        pk="id",
    )


def _migration_2(db: sqlite_utils.Database) -> None:
    """Checkpoints per (source, stream): a page rewrites its own stream, not the whole source.

    A Facebook Page watches hundreds of posts, each a stream; rewriting every one of them on
    every page made collection cost grow with the square of the Page's activity.
    """
    db["checkpoint_streams"].create(
        {"source": str, "stream": str, "state": str, "updated_at": str}, pk=("source", "stream")
    )
    for row in db.query("SELECT source, state, updated_at FROM checkpoints"):
        for stream, state in json.loads(row["state"]).items():
            db["checkpoint_streams"].insert(
                {"source": row["source"], "stream": stream, "state": json.dumps(state), "updated_at": row["updated_at"]}
            )
    db["checkpoints"].drop()


def _migration_3(db: sqlite_utils.Database) -> None:
    """New mentions are indexed for search once a batch, by `save_mentions`, not once a row.

    Through the AFTER INSERT trigger, indexing cost ~30 µs a row (FTS5 appears to write out its
    pending terms at the statement savepoint each triggered row opens); one INSERT ... SELECT per
    batch costs ~5. That trigger was what held file imports to ~12,000 mentions/s.
    """
    db.execute("DROP TRIGGER IF EXISTS mentions_ai")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_migration_1, _migration_2, _migration_3]

_INDEX_NEW = "INSERT INTO mentions_fts (rowid, text) SELECT rowid, text FROM mentions WHERE rowid > ?"


def now_utc() -> datetime:
    return datetime.now(UTC)


class Store:
    """A commsdesk database. Open one per thread; SQLite serialises the writers."""

    def __init__(self, path: str | Path, *, clock: Callable[[], datetime] = now_utc) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
        self.db = sqlite_utils.Database(connection)
        self.clock = clock
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        # 64 MiB of page cache (default 2 MiB): the indexes of a million mentions outgrow the
        # default, and imports slowed by a third past ~300,000 rows without it.
        self.db.execute("PRAGMA cache_size = -65536")
        self.db.execute("PRAGMA foreign_keys = ON")
        self._migrate()

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction():
                migration(self.db)
                self.db.execute(f"PRAGMA user_version = {number}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; taken immediately so two writers never deadlock on upgrade."""
        conn = self.db.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- mentions -----------------------------------------------------------------------------

    def save_mentions(self, mentions: Iterable[Mention]) -> SaveResult:
        """Upsert by (platform, id): a mention seen again is counted as skipped, never doubled.

        A repeat refreshes text and public metrics (edits, likes) but keeps the first collection
        time.
        """
        rows = {m.key: m.to_row() for m in mentions}
        if not rows:
            return SaveResult()
        collected = iso(self.clock())
        with self.transaction():
            existing = self._existing_keys(list(rows))
            (last,) = self.db.execute("SELECT coalesce(max(rowid), 0) FROM mentions").fetchone()
            for row in rows.values():
                row["collected_at"] = collected
            self.db.conn.executemany(_UPSERT, list(rows.values()))
            if len(existing) < len(rows):  # new rows take rowids above the old maximum
                self.db.execute(_INDEX_NEW, [last])
        return SaveResult(new=len(rows) - len(existing), skipped=len(existing))

    def _existing_keys(self, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        by_platform: dict[str, list[str]] = {}
        for platform, ident in keys:
            by_platform.setdefault(platform, []).append(ident)
        for platform, ids in by_platform.items():
            for start in range(0, len(ids), 900):
                chunk = ids[start : start + 900]
                marks = ",".join("?" * len(chunk))
                cursor = self.db.execute(
                    f"SELECT id FROM mentions WHERE platform = ? AND id IN ({marks})",
                    [platform, *chunk],
                )
                found.update((platform, ident) for (ident,) in cursor)
        return found

    def save_page(
        self,
        source: str,
        mentions: Iterable[Mention],
        *,
        checkpoint: dict[str, Any] | None = None,
        streams: Iterable[str] | None = None,
        quarantined: Iterable[Quarantined] = (),
    ) -> SaveResult:
        """Store one page and move the checkpoint in the same transaction.

        A crash leaves either both or neither, so a restarted collector never skips a page it did
        not store and never re-counts one it did.
        """
        with self.transaction():
            result = self.save_mentions(mentions)
            self.quarantine(quarantined)
            if checkpoint is not None:
                self.set_checkpoint(source, checkpoint, streams=streams)
        return result

    def get_mention(self, platform: str, ident: str) -> Mention | None:
        rows = list(self.db.query("SELECT * FROM mentions WHERE platform = ? AND id = ?", [platform, ident]))
        return Mention.from_row(rows[0]) if rows else None

    def mentions(
        self,
        *,
        platform: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> Iterator[Mention]:
        """Mentions in time order, streamed (exports of millions must not load them all)."""
        where, params = self._window(platform, since, until)
        sql = f"SELECT * FROM mentions {where} ORDER BY created_at, platform, id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        for row in self.db.query(sql, params):
            yield Mention.from_row(row)

    def count_mentions(
        self,
        *,
        platform: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int:
        where, params = self._window(platform, since, until)
        return int(self.db.execute(f"SELECT count(*) FROM mentions {where}", params).fetchone()[0])

    def counts_by_platform(self) -> dict[str, int]:
        return {
            row["platform"]: row["n"]
            for row in self.db.query("SELECT platform, count(*) AS n FROM mentions GROUP BY platform")
        }

    @staticmethod
    def _window(platform: str | None, since: datetime | None, until: datetime | None) -> tuple[str, list[str]]:
        clauses, params = [], []
        if platform:
            clauses.append("platform = ?")
            params.append(platform)
        if since:
            clauses.append("created_at >= ?")
            params.append(iso(since))
        if until:
            clauses.append("created_at < ?")
            params.append(iso(until))
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    def count_replies(self, platform: str, conversation_id: str) -> int:
        """How many stored mentions reply within one conversation (thread, post)."""
        return int(
            self.db.execute(
                "SELECT count(*) FROM mentions WHERE platform = ? AND conversation_id = ? AND in_reply_to != ''",
                [platform, conversation_id],
            ).fetchone()[0]
        )

    def search(self, query: str, *, limit: int = 50) -> list[Mention]:
        """Full-text search over mention text (FTS5 syntax; plain words are ANDed), best first."""
        rows = self.db.query(
            """SELECT mentions.* FROM mentions_fts JOIN mentions ON mentions.rowid = mentions_fts.rowid
               WHERE mentions_fts MATCH ? ORDER BY rank LIMIT ?""",
            [_fts_query(query), limit],
        )
        return [Mention.from_row(row) for row in rows]

    # -- checkpoints and quarantine -------------------------------------------------------------

    def checkpoint(self, source: str) -> dict[str, Any]:
        """Every stream's saved state for `source`, by stream name."""
        rows = self.db.execute("SELECT stream, state FROM checkpoint_streams WHERE source = ?", [source])
        return {stream: json.loads(state) for stream, state in rows}

    def set_checkpoint(self, source: str, state: dict[str, Any], *, streams: Iterable[str] | None = None) -> None:
        """Save the named streams of `state` (all when None); a stream no longer in it is dropped."""
        names = list(state) if streams is None else list(streams)
        now = iso(self.clock())
        with self.transaction():
            for stream in names:
                if state.get(stream) is None:
                    self.db.execute("DELETE FROM checkpoint_streams WHERE source = ? AND stream = ?", [source, stream])
                    continue
                self.db.execute(
                    """INSERT INTO checkpoint_streams (source, stream, state, updated_at) VALUES (?, ?, ?, ?)
                       ON CONFLICT (source, stream) DO UPDATE SET state = excluded.state,
                       updated_at = excluded.updated_at""",
                    [source, stream, json.dumps(state[stream], sort_keys=True), now],
                )

    def quarantine(self, items: Iterable[Quarantined]) -> int:
        rows = [
            {
                "source": q.source,
                "reason": q.reason,
                "payload": q.payload,
                "location": q.where,
                "received_at": iso(self.clock()),
            }
            for q in items
        ]
        if rows:
            self.db["quarantine"].insert_all(rows)
        return len(rows)

    def quarantined(self, source: str | None = None) -> list[Quarantined]:
        where, params = ("WHERE source = ?", [source]) if source else ("", [])
        return [
            Quarantined(row["source"], row["reason"], row["payload"], row["location"])
            for row in self.db.query(f"SELECT * FROM quarantine {where} ORDER BY id", params)
        ]

    # -- collector runs and health --------------------------------------------------------------

    def start_run(self, source: str) -> CollectorRun:
        run = CollectorRun(source=source, started_at=self.clock())
        cursor = self.db.execute(
            "INSERT INTO collector_runs (source, started_at, status, fetched, new, skipped, quarantined, errors)"
            " VALUES (?, ?, 'running', 0, 0, 0, 0, 0)",
            [source, iso(run.started_at)],
        )
        run.id = cursor.lastrowid
        return run

    def finish_run(self, run: CollectorRun) -> None:
        run.finished_at = run.finished_at or self.clock()
        self.db.execute(
            """UPDATE collector_runs SET finished_at = ?, fetched = ?, new = ?, skipped = ?,
               quarantined = ?, errors = ?, status = ?, message = ?, faults = ? WHERE id = ?""",
            [
                iso(run.finished_at),
                run.fetched,
                run.new,
                run.skipped,
                run.quarantined,
                run.errors,
                run.status,
                run.message,
                json.dumps(run.faults),
                run.id,
            ],
        )

    def runs(self, source: str | None = None, *, limit: int = 20) -> list[CollectorRun]:
        where, params = ("WHERE source = ?", [source]) if source else ("", [])
        rows = self.db.query(f"SELECT * FROM collector_runs {where} ORDER BY id DESC LIMIT {int(limit)}", params)
        return [
            CollectorRun(
                id=row["id"],
                source=row["source"],
                started_at=parse_time(row["started_at"]),
                finished_at=parse_time(row["finished_at"]) if row["finished_at"] else None,
                fetched=row["fetched"],
                new=row["new"],
                skipped=row["skipped"],
                quarantined=row["quarantined"],
                errors=row["errors"],
                status=row["status"],
                message=row["message"] or "",
                faults=json.loads(row["faults"] or "[]"),
            )
            for row in rows
        ]

    def record_health(
        self,
        source: str,
        *,
        success: bool,
        error: str = "",
        degraded_reason: str = "",
        degraded_until: datetime | None = None,
        rate_limit: dict[str, Any] | None = None,
    ) -> None:
        """Note how a run of `source` ended: success clears degradation, an error may set it."""
        now = iso(self.clock())
        current = self.db.execute("SELECT * FROM source_health WHERE source = ?", [source]).fetchone()
        row: dict[str, Any] = {"source": source}
        if success:
            row.update(last_success=now, degraded=0, degraded_reason="", degraded_until=None)
        if error:
            row.update(last_error_at=now, last_error=error)
        if degraded_reason:
            row.update(
                degraded=1,
                degraded_reason=degraded_reason,
                degraded_until=iso(degraded_until) if degraded_until else None,
            )
        if rate_limit is not None:
            row["rate_limit"] = json.dumps(rate_limit, sort_keys=True)
        if current is None:
            self.db["source_health"].insert(row)
        else:
            self.db["source_health"].update(source, {k: v for k, v in row.items() if k != "source"})

    def health(self, sources: Iterable[str] = ()) -> list[SourceHealth]:
        """Health of every known source (and of `sources`, even if they never ran)."""
        hour_ago = iso(self.clock() - timedelta(hours=1))
        rows = {row["source"]: row for row in self.db.query("SELECT * FROM source_health")}
        names = list(dict.fromkeys([*sources, *sorted(rows)]))
        recent = {
            row["source"]: row["n"]
            for row in self.db.query(
                "SELECT source, count(*) AS n FROM mentions WHERE collected_at >= ? GROUP BY source",
                [hour_ago],
            )
        }
        result = []
        for name in names:
            row = rows.get(name, {})
            result.append(
                SourceHealth(
                    source=name,
                    last_success=_time_or_none(row.get("last_success")),
                    last_error_at=_time_or_none(row.get("last_error_at")),
                    last_error=row.get("last_error") or "",
                    degraded=bool(row.get("degraded")),
                    degraded_reason=row.get("degraded_reason") or "",
                    degraded_until=_time_or_none(row.get("degraded_until")),
                    rate_limit=json.loads(row.get("rate_limit") or "{}"),
                    items_last_hour=recent.get(name, 0),
                )
            )
        return result


def _time_or_none(text: str | None) -> datetime | None:
    return parse_time(text) if text else None


def _fts_query(text: str) -> str:
    """Quote each word so user input such as `don't` or `A-road` is never FTS5 syntax."""
    words = [word.replace('"', '""') for word in text.split()]
    return " ".join(f'"{word}"' for word in words) if words else '""'
