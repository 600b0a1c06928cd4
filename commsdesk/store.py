"""The store: the one module that owns SQL. Everything else calls its verbs and gets records.

SQLite through sqlite-utils, in WAL mode so `commsdesk status` can read while collectors write.
Schema changes are numbered migrations tracked in `PRAGMA user_version`.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from analyse.records import Analysed
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


def _migration_4(db: sqlite_utils.Database) -> None:
    """The analysis: one row per analysed mention, hourly feature counts, staff corrections, settings.

    `feature_hours` holds how many mentions carried each topic feature in each hour, so the
    baseline for hot topics is read from a few thousand counts rather than 30 days of mentions.
    """
    db["analyses"].create(
        {
            "platform": str,
            "id": str,
            "created_at": str,
            "lang": str,
            "sentiment": str,
            "confidence": float,
            "sentiment_by": str,
            "terms": str,
            "hashtags": str,
            "handles": str,
            "entities": str,
            "places": str,
            "police_terms": str,
            "community": str,
            "dup_key": str,
            "author_public": int,
            "analysed_at": str,
        },
        pk=("platform", "id"),
    )
    db["analyses"].create_index(["created_at"])
    db["feature_hours"].create({"key": str, "hour": str, "mentions": int}, pk=("key", "hour"))
    db["feature_hours"].create_index(["hour"])
    db["sentiment_corrections"].create(
        {"platform": str, "id": str, "label": str, "corrected_by": str, "corrected_at": str, "note": str},
        pk=("platform", "id"),
    )
    db["settings"].create({"name": str, "value": str}, pk="name")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_migration_1, _migration_2, _migration_3, _migration_4]

_LIST_FIELDS = ("terms", "hashtags", "handles", "entities", "places", "police_terms")
_ANALYSED_UPTO = "analysed_upto"  # the mentions rowid the analysis has reached

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

    # -- analysis -------------------------------------------------------------------------------

    def unanalysed(self, *, limit: int) -> list[tuple[int, Mention]]:
        """The next mentions the analysis has not reached, oldest stored first, with their rowids."""
        rows = self.db.execute(
            f"SELECT rowid, {', '.join(MENTION_COLUMNS)} FROM mentions WHERE rowid > ? ORDER BY rowid LIMIT ?",
            [self.analysed_upto(), limit],
        )
        return [(row[0], Mention.from_row(dict(zip(MENTION_COLUMNS, row[1:], strict=True)))) for row in rows]

    def analysed_upto(self) -> int:
        return int(self.setting(_ANALYSED_UPTO) or 0)

    def analysis_backlog(self) -> int:
        """How many stored mentions are waiting for the analysis."""
        (waiting,) = self.db.execute("SELECT count(*) FROM mentions WHERE rowid > ?", [self.analysed_upto()]).fetchone()
        return int(waiting)

    def save_analyses(self, records: Iterable[Analysed], *, features: dict[tuple[str, str], int], upto: int) -> int:
        """Store analysed mentions, add their hourly feature counts and move the analysis on to `upto`.

        One transaction: a crash leaves the batch either wholly analysed or wholly waiting, so no
        feature is counted twice. A staff correction outlives re-analysis.
        """
        now = iso(self.clock())
        rows = [_analysis_row(record, now) for record in records]
        with self.transaction():
            if rows:
                self.db.conn.executemany(_SAVE_ANALYSIS, rows)
                self.db.conn.executemany(
                    """UPDATE analyses SET sentiment = c.label, sentiment_by = c.corrected_by, confidence = 1.0
                       FROM sentiment_corrections AS c
                       WHERE c.platform = analyses.platform AND c.id = analyses.id
                       AND analyses.platform = ? AND analyses.id = ?""",
                    [(row["platform"], row["id"]) for row in rows],
                )
            self.db.conn.executemany(
                """INSERT INTO feature_hours (key, hour, mentions) VALUES (?, ?, ?)
                   ON CONFLICT (key, hour) DO UPDATE SET mentions = mentions + excluded.mentions""",
                [(key, hour, n) for (key, hour), n in features.items()],
            )
            self.set_setting(_ANALYSED_UPTO, str(max(upto, self.analysed_upto())))
        return len(rows)

    def analysed(
        self, *, since: datetime | None = None, until: datetime | None = None, limit: int | None = None
    ) -> list[Analysed]:
        """Analysed mentions created in [since, until), in time order, with their text and author."""
        where, params = self._window(None, since, until)
        sql = f"""SELECT a.*, m.text, m.url, m.author_id, m.author_handle, m.author_name
                  FROM analyses a JOIN mentions m USING (platform, id) {where.replace("created_at", "a.created_at")}
                  ORDER BY a.created_at, a.platform, a.id"""
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_analysed_from_row(row) for row in self.db.query(sql, params)]

    def get_analysed(self, platform: str, ident: str) -> Analysed | None:
        rows = self.db.query(
            """SELECT a.*, m.text, m.url, m.author_id, m.author_handle, m.author_name
               FROM analyses a JOIN mentions m USING (platform, id) WHERE a.platform = ? AND a.id = ?""",
            [platform, ident],
        )
        return next((_analysed_from_row(row) for row in rows), None)

    def feature_counts(self, *, since: datetime, until: datetime) -> Iterator[tuple[str, datetime, int]]:
        """(feature, hour, mentions) for each hour in [since, until)."""
        rows = self.db.execute(
            "SELECT key, hour, mentions FROM feature_hours WHERE hour >= ? AND hour < ?", [iso(since), iso(until)]
        )
        for key, hour, mentions in rows:
            yield key, parse_time(hour), mentions

    def feature_baseline(self, *, since: datetime, until: datetime) -> list[tuple[str, int, int]]:
        """(feature, UTC hour of day, mentions) summed over [since, until): what a normal day looks like.

        Summed here, so the caller sees at most 24 rows per feature however many days it spans.
        """
        rows = self.db.execute(
            """SELECT key, CAST(substr(hour, 12, 2) AS INTEGER), SUM(mentions) FROM feature_hours
               WHERE hour >= ? AND hour < ? GROUP BY 1, 2""",
            [iso(since), iso(until)],
        )
        return rows.fetchall()

    def first_feature_hour(self) -> datetime | None:
        """The earliest hour the feature counts cover: how much history the baseline can have."""
        (hour,) = self.db.execute("SELECT min(hour) FROM feature_hours").fetchone()
        return parse_time(hour) if hour else None

    def languages(self, *, since: datetime | None = None, until: datetime | None = None) -> dict[str, int]:
        """Analysed mentions per detected language: what we read and what we only count."""
        where, params = self._window(None, since, until)
        rows = self.db.execute(f"SELECT lang, count(*) FROM analyses {where} GROUP BY lang ORDER BY 2 DESC", params)
        return dict(rows.fetchall())

    def correct_sentiment(self, platform: str, ident: str, label: str, *, by: str, note: str = "") -> None:
        """A staff member's sentiment for one mention: shown from now on and used by the next training."""
        if self.get_mention(platform, ident) is None:
            raise KeyError(f"no stored mention {platform}:{ident}")
        now = iso(self.clock())
        with self.transaction():
            correction = {"platform": platform, "id": ident, "label": label, "corrected_by": by, "corrected_at": now}
            self.db["sentiment_corrections"].upsert({**correction, "note": note}, pk=("platform", "id"))
            self.db.execute(
                "UPDATE analyses SET sentiment = ?, sentiment_by = ?, confidence = 1.0 WHERE platform = ? AND id = ?",
                [label, by, platform, ident],
            )

    def sentiment_corrections(self) -> list[dict[str, str]]:
        """Every correction with the mention's text: training data written by the force's own staff."""
        return list(
            self.db.query(
                """SELECT c.platform, c.id, m.text, c.label, c.corrected_by, c.corrected_at, c.note
                   FROM sentiment_corrections c JOIN mentions m USING (platform, id) ORDER BY c.corrected_at"""
            )
        )

    # -- settings kept with the data -------------------------------------------------------------

    def setting(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE name = ?", [name]).fetchone()
        return row[0] if row else None

    def set_setting(self, name: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            [name, value],
        )

    def pseudonym_key(self) -> bytes:
        """This store's secret for pseudonyms: made once, so a person keeps one pseudonym across reports."""
        value = self.setting("pseudonym_key")
        if value is None:
            value = secrets.token_hex(32)
            with self.transaction():
                self.db.execute("INSERT OR IGNORE INTO settings (name, value) VALUES ('pseudonym_key', ?)", [value])
            value = self.setting("pseudonym_key") or value
        return bytes.fromhex(value)


_SAVE_ANALYSIS = """
INSERT OR REPLACE INTO analyses (platform, id, created_at, lang, sentiment, confidence, sentiment_by, terms, hashtags,
    handles, entities, places, police_terms, community, dup_key, author_public, analysed_at)
VALUES (:platform, :id, :created_at, :lang, :sentiment, :confidence, :sentiment_by, :terms, :hashtags,
    :handles, :entities, :places, :police_terms, :community, :dup_key, :author_public, :analysed_at)
"""


def _analysis_row(record: Analysed, analysed_at: str) -> dict[str, Any]:
    row: dict[str, Any] = {
        "platform": record.platform,
        "id": record.id,
        "created_at": iso(record.created_at),
        "lang": record.lang,
        "sentiment": record.sentiment,
        "confidence": record.confidence,
        "sentiment_by": record.sentiment_by,
        "community": record.community,
        "dup_key": record.dup_key,
        "author_public": int(record.author_public),
        "analysed_at": analysed_at,
    }
    for name in _LIST_FIELDS:
        row[name] = _join(getattr(record, name))
    return row


_SEP = "\x1f"  # ASCII unit separator: word lists are stored joined by it (several times faster to read than JSON)


def _join(items: tuple[str, ...]) -> str:
    return _SEP.join(item.replace(_SEP, " ") for item in items)


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(text.split(_SEP)) if text else ()


def _analysed_from_row(row: dict[str, Any]) -> Analysed:
    lists = {name: _split(row[name]) for name in _LIST_FIELDS}
    return Analysed(
        platform=row["platform"],
        id=row["id"],
        created_at=datetime.fromisoformat(row["created_at"]),  # always iso(): UTC with Z
        text=row["text"],
        url=row["url"] or "",
        author_id=row["author_id"] or "",
        author_handle=row["author_handle"] or "",
        author_name=row["author_name"] or "",
        author_public=bool(row["author_public"]),
        lang=row["lang"],
        sentiment=row["sentiment"] or "",
        confidence=row["confidence"] or 0.0,
        sentiment_by=row["sentiment_by"] or "",
        community=row["community"] or "",
        dup_key=row["dup_key"] or "",
        **lists,
    )


def _time_or_none(text: str | None) -> datetime | None:
    return parse_time(text) if text else None


def _fts_query(text: str) -> str:
    """Quote each word so user input such as `don't` or `A-road` is never FTS5 syntax."""
    words = [word.replace('"', '""') for word in text.split()]
    return " ".join(f'"{word}"' for word in words) if words else '""'
