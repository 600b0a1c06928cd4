"""The store: the one module that owns SQL. Everything else calls its verbs and gets records.

SQLite through sqlite-utils, in WAL mode so `commsdesk status` can read while collectors write.
Schema changes are numbered migrations tracked in `PRAGMA user_version`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from analyse.alerts.lifecycle import move
from analyse.alerts.records import STATES, Alert, AlertEvent, Change, Evidence
from analyse.alerts.records import Post as AlertPost
from analyse.records import Analysed
from commsdesk.records import (
    CollectorRun,
    Incident,
    Mention,
    Quarantined,
    SaveResult,
    SourceHealth,
    iso,
    parse_time,
)
from commsdesk.spreadsheets import safe_cell
from policy_checks.records import Finding
from publish import lifecycle as post_lifecycle
from publish.records import ROLES as USER_ROLES
from publish.records import STATES as POST_STATES
from publish.records import Account, AuditEntry, AuditProblem, MediaItem, ReplyTo, User
from publish.records import Post as OwnPost
from web.records import IDLE_TIMEOUT, MAX_LIFETIME, Attempts, Credentials, WebSession

if TYPE_CHECKING:
    from publish.drafts import Checks, PostSpec
    from publish.replies.records import QueueItem, Reason

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


def _migration_outbox(db: sqlite_utils.Database) -> None:
    """The delivery outbox: one row per message per channel, kept after sending so a person can see what went out.

    `next_attempt_at` doubles as a lease: a worker claims a row by moving it past its send, so a
    crash mid-send leaves the row due again once the lease runs out.
    """
    db["outbox"].create(
        {
            "id": int,
            "channel": str,
            "kind": str,
            "payload": str,
            "status": str,
            "attempts": int,
            "created_at": str,
            "next_attempt_at": str,
            "last_attempt_at": str,
            "last_error": str,
            "sent_at": str,
            "note": str,
            "folded_into": int,
        },
        pk="id",
        not_null={"channel", "kind", "payload", "status", "attempts", "created_at", "next_attempt_at"},
    )
    db["outbox"].create_index(["status", "channel", "next_attempt_at"])
    db["outbox"].create_index(["channel", "last_attempt_at"])


def _migration_incidents(db: sqlite_utils.Database) -> None:
    """Critical incidents: who declared one, why, where, and who ended it (at most one active)."""
    db["incidents"].create(
        {
            "id": int,
            "started_at": str,
            "started_by": str,
            "reason": str,
            "place": str,
            "terms": str,
            "ended_at": str,
            "ended_by": str,
            "end_note": str,
        },
        pk="id",
    )
    db.execute("CREATE UNIQUE INDEX incidents_one_active ON incidents ((ended_at IS NULL)) WHERE ended_at IS NULL")


def _migration_alerts(db: sqlite_utils.Database) -> None:
    """Alerts for duty staff: one row per story, the mentions it covers, and every change and move.

    State columns are written only by life-cycle moves (`analyse.alerts.lifecycle`), evidence only by
    grouping, so a quiet update racing an acknowledgement never undoes it.
    """
    db["alerts"].create(
        {
            "id": int,
            "story": str,
            "stories": str,
            "keys": str,
            "kind": str,
            "severity": str,
            "title": str,
            "reason": str,
            "evidence": str,
            "state": str,
            "opened_at": str,
            "updated_at": str,
            "acknowledged_by": str,
            "acknowledged_at": str,
            "resolved_by": str,
            "resolved_at": str,
            "resolved_note": str,
            "updates": int,
            "notified_size": int,
        },
        pk="id",
        not_null={"story", "kind", "severity", "title", "state", "opened_at", "updated_at"},
    )
    db["alerts"].create_index(["state", "updated_at"])
    db["alerts"].create_index(["resolved_at"])
    db["alert_mentions"].create(
        {"alert_id": int, "platform": str, "id": str},
        pk=("alert_id", "platform", "id"),
        foreign_keys=[("alert_id", "alerts", "id")],
    )
    db["alert_events"].create(
        {"id": int, "alert_id": int, "at": str, "event": str, "by": str, "note": str, "severity": str, "notify": int},
        pk="id",
        foreign_keys=[("alert_id", "alerts", "id")],
    )
    db["alert_events"].create_index(["alert_id", "id"])


def _migration_publish(db: sqlite_utils.Database) -> None:
    """The force's own posts: users and roles, posts, every version with its findings, and the audit trail.

    `posts` keeps what is queried (state, time) as columns and the rest of the record as JSON. `audit`
    is append-only: triggers refuse UPDATE and DELETE, and each row's hash chains it to the one
    before, so `verify_audit` finds a row changed or removed by someone who dropped the triggers.
    """
    db["users"].create({"name": str, "roles": str, "created_at": str, "updated_at": str}, pk="name")
    db["posts"].create(
        {
            "id": int,
            "author": str,
            "state": str,
            "scheduled_at": str,
            "version": int,
            "campaign": str,
            "incident_id": int,
            "reply_platform": str,
            "reply_id": str,
            "data": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"author", "state", "version", "data", "created_at", "updated_at"},
    )
    db["posts"].create_index(["state", "scheduled_at"])
    db["post_versions"].create(
        {"post_id": int, "version": int, "at": str, "by": str, "content": str, "findings": str, "verdict": str},
        pk=("post_id", "version"),
        foreign_keys=[("post_id", "posts", "id")],
    )
    db.execute(
        """CREATE TABLE audit (
             seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, by TEXT NOT NULL, action TEXT NOT NULL,
             post_id INTEGER, changes TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"""
    )
    db.execute("CREATE INDEX audit_post ON audit (post_id, seq)")
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER audit_no_{event.lower()} BEFORE {event} ON audit "
            "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )


def _migration_user_contact(db: sqlite_utils.Database) -> None:
    """Users get an email address (a failed post is told to its author) and what signing in to the
    web desk needs: an argon2 password hash, the count of failed attempts, and a lock-out time."""
    for column, kind, default in (
        ("email", "TEXT", "''"),
        ("password_hash", "TEXT", "''"),
        ("failed_logins", "INTEGER", "0"),
        ("locked_until", "TEXT", "NULL"),
    ):
        db.execute(
            f"ALTER TABLE users ADD COLUMN {column} {kind} NOT NULL DEFAULT {default}"
            if default != "NULL"
            else f"ALTER TABLE users ADD COLUMN {column} {kind}"
        )


def _migration_publish_claims(db: sqlite_utils.Database) -> None:
    """Who is publishing which post, until when: two schedulers never publish the same post at once,
    and a crashed one's claim runs out so another resumes its post."""
    db["publish_claims"].create(
        {"post_id": int, "worker": str, "until": str}, pk="post_id", not_null={"worker", "until"}
    )


def _migration_web_sessions(db: sqlite_utils.Database) -> None:
    """Sign-in sessions of the web desk, kept here rather than in a signed cookie so that signing out,
    a password change or an expiry ends a session at once, on the server. Only a SHA-256 of each session
    token is stored: a copy of the database cannot be replayed as a cookie. Its CSRF token sits beside it."""
    db["web_sessions"].create(
        {"token_hash": str, "user_name": str, "csrf_token": str, "created_at": str, "last_seen_at": str},
        pk="token_hash",
        not_null={"user_name", "csrf_token", "created_at", "last_seen_at"},
        foreign_keys=[("user_name", "users", "name")],
    )
    db["web_sessions"].create_index(["user_name"])


def _migration_incident_holds(db: sqlite_utils.Database) -> None:
    """Which incident held which post, and when it let go: ending an incident releases exactly what it
    held, so a post held by hand stays held."""
    db["incident_holds"].create(
        {"incident_id": int, "post_id": int, "held_at": str, "released_at": str},
        pk=("incident_id", "post_id"),
        not_null={"held_at"},
        foreign_keys=[("incident_id", "incidents", "id"), ("post_id", "posts", "id")],
    )


def _migration_replies(db: sqlite_utils.Database) -> None:
    """The response queue: one row per mention that needs a reply, who has it, and the post that answers it.

    A mention is queued at most once (the unique index), so two markers racing never queue it twice;
    `dup_key` lets a copy of a queued text be left out.
    """
    db["reply_queue"].create(
        {
            "id": int,
            "platform": str,
            "mention_id": str,
            "kind": str,
            "reason": str,
            "priority": int,
            "marked_at": str,
            "mention_at": str,
            "dup_key": str,
            "status": str,
            "assigned_to": str,
            "assigned_by": str,
            "assigned_at": str,
            "post_id": int,
            "dismissed_by": str,
            "dismissed_note": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"platform", "mention_id", "kind", "reason", "priority", "marked_at", "mention_at", "status"},
        foreign_keys=[("post_id", "posts", "id")],
    )
    db.execute("CREATE UNIQUE INDEX reply_queue_mention ON reply_queue (platform, mention_id)")
    db["reply_queue"].create_index(["status", "priority", "mention_at"])
    db["reply_queue"].create_index(["dup_key", "mention_at"])


def _migration_mention_search(db: sqlite_utils.Database) -> None:
    """What the desk's mention search filters on, indexed, so a search reads index pages rather than rows.

    `mention_facets` holds each analysed mention's time, platform, sentiment and places under the mention's
    rowid (the full-text index's key too); triggers keep it in step with `analyses` (a correction included),
    and its one index covers every filter. Mentions get a (collected_at, source) index, so "items collected
    in the last hour" (`health`, the desk's health page) reads the last hour only, not every mention.
    """
    db.execute(
        """CREATE TABLE mention_facets (
             mention INTEGER PRIMARY KEY, created_at TEXT NOT NULL, platform TEXT NOT NULL,
             sentiment TEXT NOT NULL, places TEXT NOT NULL)"""
    )
    db.execute("CREATE INDEX mention_facets_newest ON mention_facets (created_at, platform, sentiment, places)")
    db.execute("CREATE INDEX mentions_collected_at ON mentions (collected_at, source)")
    facets = """INSERT OR REPLACE INTO mention_facets (mention, created_at, platform, sentiment, places)
                SELECT rowid, new.created_at, new.platform, coalesce(new.sentiment, ''), coalesce(new.places, '')
                FROM mentions WHERE platform = new.platform AND id = new.id"""
    db.execute(f"CREATE TRIGGER mention_facets_ai AFTER INSERT ON analyses BEGIN {facets}; END")
    db.execute(f"CREATE TRIGGER mention_facets_au AFTER UPDATE OF sentiment, places ON analyses BEGIN {facets}; END")
    db.execute(
        """CREATE TRIGGER mention_facets_ad AFTER DELETE ON analyses BEGIN
             DELETE FROM mention_facets
             WHERE mention = (SELECT rowid FROM mentions WHERE platform = old.platform AND id = old.id);
           END"""
    )
    db.execute(
        "CREATE TRIGGER mention_facets_mention_ad AFTER DELETE ON mentions BEGIN "
        "DELETE FROM mention_facets WHERE mention = old.rowid; END"
    )
    db.execute(
        """INSERT INTO mention_facets (mention, created_at, platform, sentiment, places)
           SELECT m.rowid, a.created_at, a.platform, coalesce(a.sentiment, ''), coalesce(a.places, '')
           FROM analyses a JOIN mentions m USING (platform, id)"""
    )


def _migration_unknown_sign_ins(db: sqlite_utils.Database) -> None:
    """Failed sign-ins at names that are no desk user's, counted as `users.failed_logins` counts a user's, here
    rather than in a process's memory: every worker process and a restart see the same count, so an unknown name
    locks out just as a real one does and the lock-out tells a guesser nothing. Only a SHA-256 of the name typed
    is kept (it may be a password typed in the wrong box); `last_failed_at`'s index lets old rows go cheaply."""
    db["unknown_sign_ins"].create(
        {"name_hash": str, "failures": int, "locked_until": str, "last_failed_at": str},
        pk="name_hash",
        not_null={"failures", "last_failed_at"},
    )
    db["unknown_sign_ins"].create_index(["last_failed_at"])


def _migration_password_temporary(db: sqlite_utils.Database) -> None:
    """Whether a user's password is one someone else set (an admin, for someone new or locked out): the desk
    has them choose their own before anything else, so a password handed on does not live for ever."""
    db.execute("ALTER TABLE users ADD COLUMN password_temporary INTEGER NOT NULL DEFAULT 0")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_outbox,
    _migration_incidents,
    _migration_alerts,
    _migration_publish,
    _migration_user_contact,
    _migration_publish_claims,
    _migration_web_sessions,
    _migration_incident_holds,
    _migration_replies,
    _migration_mention_search,
    _migration_unknown_sign_ins,
    _migration_password_temporary,
]

_LIST_FIELDS = ("terms", "hashtags", "handles", "entities", "places", "police_terms")
_ANALYSED_UPTO = "analysed_upto"  # the mentions rowid the analysis has reached

_INDEX_NEW = "INSERT INTO mentions_fts (rowid, text) SELECT rowid, text FROM mentions WHERE rowid > ?"


def now_utc() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One message waiting for, or done with, one delivery channel.

    `status` is pending (due at `next_attempt_at`), sent, failed (permanently: kept for a person
    to see) or folded (carried by the digest row `folded_into`).
    """

    id: int
    channel: str
    kind: str
    payload: dict[str, Any]
    status: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    last_attempt_at: datetime | None = None
    last_error: str = ""
    sent_at: datetime | None = None
    note: str = ""
    folded_into: int | None = None


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
        """Each step reads the version again under the write lock: processes opening an old store at once
        (the web desk's workers, the service beside them) migrate it once between them."""
        while self.schema_version < len(MIGRATIONS):
            with self.transaction():
                version = self.schema_version
                if version < len(MIGRATIONS):
                    MIGRATIONS[version](self.db)
                    self.db.execute(f"PRAGMA user_version = {version + 1}")

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
        return [self._run(row) for row in rows]

    def runs_between(self, *, since: datetime, until: datetime, source: str | None = None) -> list[CollectorRun]:
        """Runs started in [since, until), oldest first: the report's data health reads gaps and failures from them."""
        where, params = "WHERE started_at >= ? AND started_at < ?", [iso(since), iso(until)]
        if source:
            where, params = where + " AND source = ?", [*params, source]
        rows = self.db.query(f"SELECT * FROM collector_runs {where} ORDER BY started_at, id", params)
        return [self._run(row) for row in rows]

    @staticmethod
    def _run(row: dict[str, Any]) -> CollectorRun:
        return CollectorRun(
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

    def mentions_by_key(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Mention]:
        """The stored mentions among `keys` ((platform, id) pairs), by key: a page of them in one query,
        where `get_mention` for each would make a query a row."""
        rows = self._by_keys("SELECT m.* FROM keys JOIN mentions m USING (platform, id)", keys)
        return {(row["platform"], row["id"]): Mention.from_row(row) for row in rows}

    def analysed_by_key(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Analysed]:
        """The analyses of the mentions among `keys` that have one, by key, as `get_analysed` gives them,
        in one query."""
        rows = self._by_keys(
            """SELECT a.*, m.text, m.url, m.author_id, m.author_handle, m.author_name
               FROM keys JOIN analyses a USING (platform, id) JOIN mentions m USING (platform, id)""",
            keys,
        )
        return {(row["platform"], row["id"]): _analysed_from_row(row) for row in rows}

    def _by_keys(self, select: str, keys: Iterable[tuple[str, str]]) -> Iterator[dict[str, Any]]:
        """The rows of `select`, which reads `keys`: a table of the (platform, id) pairs asked for, joined on
        the primary key (a row-value `IN` would scan the whole table instead); 450 pairs a query at most."""
        wanted = list(dict.fromkeys(keys))
        for start in range(0, len(wanted), 450):
            chunk = wanted[start : start + 450]
            values = ", ".join("(?, ?)" for _ in chunk)
            params = [part for key in chunk for part in key]
            yield from self.db.query(f"WITH keys (platform, id) AS (VALUES {values}) {select}", params)

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

    def sentiment_counts(self, *, since: datetime | None = None, until: datetime | None = None) -> dict[str, int]:
        """Analysed mentions per sentiment ("" for not modelled): the report compares periods without loading them."""
        where, params = self._window(None, since, until)
        rows = self.db.execute(f"SELECT sentiment, count(*) FROM analyses {where} GROUP BY sentiment", params)
        return {label or "": n for label, n in rows.fetchall()}

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

    # -- delivery outbox -----------------------------------------------------------------------

    def add_outbox(
        self, channel: str, payload: dict[str, Any], *, kind: str = "message", now: datetime | None = None
    ) -> OutboxItem:
        """Queue one message for one channel, due at once; nothing is sent here."""
        created = iso(now or self.clock())
        cursor = self.db.execute(
            """INSERT INTO outbox (channel, kind, payload, status, attempts, created_at, next_attempt_at)
               VALUES (?, ?, ?, 'pending', 0, ?, ?)""",
            [channel, kind, json.dumps(payload, sort_keys=True, ensure_ascii=False), created, created],
        )
        item = self.get_outbox(int(cursor.lastrowid or 0))
        assert item is not None
        return item

    def get_outbox(self, ident: int) -> OutboxItem | None:
        rows = list(self.db.query("SELECT * FROM outbox WHERE id = ?", [ident]))
        return self._outbox_item(rows[0]) if rows else None

    def due_outbox(self, channel: str, *, now: datetime, limit: int = 500) -> list[OutboxItem]:
        """Pending rows for `channel` whose time has come, oldest first."""
        rows = self.db.query(
            """SELECT * FROM outbox WHERE status = 'pending' AND channel = ? AND next_attempt_at <= ?
               ORDER BY id LIMIT ?""",
            [channel, iso(now), limit],
        )
        return [self._outbox_item(row) for row in rows]

    def claim_outbox(self, ident: int, *, now: datetime, lease: timedelta) -> OutboxItem | None:
        """Take a due row for one send attempt, or None if it is no longer due (another worker took it).

        The row stays pending with its next attempt moved `lease` ahead: if the sender dies before
        recording the outcome, the row comes due again by itself.
        """
        cursor = self.db.execute(
            """UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, next_attempt_at = ?
               WHERE id = ? AND status = 'pending' AND next_attempt_at <= ?""",
            [iso(now), iso(now + lease), ident, iso(now)],
        )
        return self.get_outbox(ident) if cursor.rowcount == 1 else None

    def outbox_sent(self, ident: int, *, now: datetime, note: str = "") -> None:
        self.db.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, note = ?, last_error = NULL WHERE id = ?",
            [iso(now), note, ident],
        )

    def outbox_retry(self, ident: int, *, error: str, next_attempt_at: datetime) -> None:
        """A send that may work later: keep the row pending with the reason and the next try."""
        self.db.execute(
            "UPDATE outbox SET last_error = ?, next_attempt_at = ? WHERE id = ? AND status = 'pending'",
            [error, iso(next_attempt_at), ident],
        )

    def outbox_failed(self, ident: int, *, error: str) -> None:
        """A send that can never work as it is (refused by the server): kept, marked, for a person."""
        self.db.execute("UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?", [error, ident])

    def fold_outbox(
        self, channel: str, idents: list[int], payload: dict[str, Any], *, now: datetime
    ) -> OutboxItem | None:
        """Replace due rows with one digest row carrying them, in one transaction.

        None (and nothing changed) if any of them is no longer due: another worker got there first.
        """
        marks = ",".join("?" * len(idents))
        due = f"id IN ({marks}) AND channel = ? AND status = 'pending' AND next_attempt_at <= ?"
        params = [*idents, channel, iso(now)]
        with self.transaction():  # taken immediately: no other writer can claim a row between count and fold
            (count,) = self.db.execute(f"SELECT count(*) FROM outbox WHERE {due}", params).fetchone()
            if count != len(idents):
                return None
            digest = self.add_outbox(channel, payload, kind="digest", now=now)
            self.db.execute(f"UPDATE outbox SET status = 'folded', folded_into = ? WHERE {due}", [digest.id, *params])
        return digest

    def outbox_attempts_since(self, channel: str, since: datetime) -> int:
        """How many rows of `channel` were tried since `since`: what the rate limit counts."""
        (count,) = self.db.execute(
            "SELECT count(*) FROM outbox WHERE channel = ? AND last_attempt_at >= ?", [channel, iso(since)]
        ).fetchone()
        return int(count)

    def outbox(self, *, status: str | None = None, channel: str | None = None, limit: int = 100) -> list[OutboxItem]:
        """Outbox rows, newest first: what went out, what waits and what failed."""
        clauses = [clause for clause, value in (("status = ?", status), ("channel = ?", channel)) if value]
        params = [value for value in (status, channel) if value]
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self.db.query(f"SELECT * FROM outbox {where} ORDER BY id DESC LIMIT ?", [*params, limit])
        return [self._outbox_item(row) for row in rows]

    def requeue_outbox(self, ident: int, *, now: datetime) -> bool:
        """Make a failed row due again (after a person fixed the address or the credential)."""
        cursor = self.db.execute(
            "UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE id = ? AND status = 'failed'",
            [iso(now), ident],
        )
        return cursor.rowcount == 1

    @staticmethod
    def _outbox_item(row: dict[str, Any]) -> OutboxItem:
        return OutboxItem(
            id=row["id"],
            channel=row["channel"],
            kind=row["kind"],
            payload=json.loads(row["payload"]),
            status=row["status"],
            attempts=row["attempts"],
            created_at=parse_time(row["created_at"]),
            next_attempt_at=parse_time(row["next_attempt_at"]),
            last_attempt_at=_time_or_none(row["last_attempt_at"]),
            last_error=row["last_error"] or "",
            sent_at=_time_or_none(row["sent_at"]),
            note=row["note"] or "",
            folded_into=row["folded_into"],
        )

    # -- incidents --------------------------------------------------------------------------------

    def start_incident(self, *, reason: str, by: str, place: str = "", terms: Iterable[str] = ()) -> Incident:
        """Declare a critical incident; refused while another is active (end that one first)."""
        if not reason.strip():
            raise ValueError("an incident needs a reason")
        with self.transaction():
            current = self.active_incident()
            if current is not None:
                raise IncidentActive(current)
            cursor = self.db.execute(
                "INSERT INTO incidents (started_at, started_by, reason, place, terms) VALUES (?, ?, ?, ?, ?)",
                [iso(self.clock()), by, reason.strip(), place, json.dumps(list(terms))],
            )
        found = self.incident(int(cursor.lastrowid or 0))
        assert found is not None
        return found

    def end_incident(self, *, by: str, note: str = "") -> Incident:
        """End the active incident (KeyError when there is none)."""
        with self.transaction():
            current = self.active_incident()
            if current is None:
                raise KeyError("no incident is active")
            self.db.execute(
                "UPDATE incidents SET ended_at = ?, ended_by = ?, end_note = ? WHERE id = ?",
                [iso(self.clock()), by, note, current.id],
            )
        found = self.incident(current.id)
        assert found is not None
        return found

    def active_incident(self) -> Incident | None:
        rows = list(self.db.query("SELECT * FROM incidents WHERE ended_at IS NULL"))
        return _incident_from_row(rows[0]) if rows else None

    def incident(self, ident: int) -> Incident | None:
        rows = list(self.db.query("SELECT * FROM incidents WHERE id = ?", [ident]))
        return _incident_from_row(rows[0]) if rows else None

    def incidents(self, *, limit: int = 20) -> list[Incident]:
        rows = self.db.query(f"SELECT * FROM incidents ORDER BY id DESC LIMIT {int(limit)}")
        return [_incident_from_row(row) for row in rows]

    # -- alerts -----------------------------------------------------------------------------------

    def save_alert_changes(self, changes: Iterable[Change]) -> list[Change]:
        """Save one round of grouping in one transaction and return it as saved (new alerts with ids).

        An update is written only to the evidence: who acknowledged or resolved it stays as it is. An
        update of an alert resolved meanwhile is dropped (the next flare reopens it); a reopening
        goes through the life-cycle table, so it only ever reopens a resolved alert.
        """
        saved: list[Change] = []
        with self.transaction():
            for change in changes:
                alert = change.alert
                if change.change == "new":
                    row = _alert_row(alert)
                    del row["id"]
                    cursor = self.db.execute(
                        f"INSERT INTO alerts ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                        list(row.values()),
                    )
                    ident = int(cursor.lastrowid or 0)
                else:
                    ident = alert.id
                    current = self.get_alert(ident)
                    if current is None:
                        raise KeyError(f"no alert {ident}")
                    if change.change == "reopened":
                        moved = move(current, "reopen", at=alert.updated_at)
                        self._write_alert(moved, _STATE_COLUMNS)
                    elif not current.open:
                        continue
                    self._write_alert(alert, _EVIDENCE_COLUMNS)
                self.db.conn.executemany(
                    "INSERT OR IGNORE INTO alert_mentions (alert_id, platform, id) VALUES (?, ?, ?)",
                    [(ident, platform, mention) for platform, mention in alert.mentions],
                )
                self._alert_event(
                    ident, change.change, at=alert.updated_at, severity=alert.severity, notify=change.notify
                )
                stored = self.get_alert(ident)
                assert stored is not None
                saved.append(Change(change.change, stored, change.notify))
        return saved

    def get_alert(self, ident: int) -> Alert | None:
        return next(iter(self._alerts("WHERE id = ?", [ident])), None)

    def open_alerts(self, *, resolved_since: datetime | None = None) -> list[Alert]:
        """Alerts not yet resolved, oldest first; with `resolved_since`, those resolved since then too
        (what grouping needs: a story resolved an hour ago reopens rather than starting again)."""
        if resolved_since is None:
            return self._alerts("WHERE state != 'resolved' ORDER BY id", [])
        return self._alerts("WHERE state != 'resolved' OR resolved_at >= ? ORDER BY id", [iso(resolved_since)])

    def alerts(self, state: str | None = None, *, limit: int = 50) -> list[Alert]:
        """Alerts, most recently changed first; `state` is new, acknowledged or resolved."""
        if state is not None and state not in STATES:
            raise ValueError(f"unknown alert state {state!r}: expected one of {', '.join(STATES)}")
        where, params = ("WHERE state = ?", [state]) if state else ("", [])
        return self._alerts(f"{where} ORDER BY updated_at DESC, id DESC LIMIT ?", [*params, int(limit)])

    def alerts_between(self, *, since: datetime, until: datetime) -> list[Alert]:
        """Alerts opened in [since, until), oldest first: the day's alerts for the report."""
        return self._alerts("WHERE opened_at >= ? AND opened_at < ? ORDER BY opened_at, id", [iso(since), iso(until)])

    def acknowledge_alert(self, ident: int, by: str) -> Alert:
        """`by` owns the alert now (KeyError if there is none; `IllegalMove` unless it is new)."""
        return self._move_alert(ident, "acknowledge", by=by)

    def resolve_alert(self, ident: int, by: str, note: str) -> Alert:
        """`by` closes the alert, saying what happened (`IllegalMove` unless it is acknowledged)."""
        return self._move_alert(ident, "resolve", by=by, note=note)

    def alert_history(self, ident: int) -> list[AlertEvent]:
        """Every change and move of one alert, oldest first: who did what, when."""
        rows = self.db.query("SELECT * FROM alert_events WHERE alert_id = ? ORDER BY id", [ident])
        return [
            AlertEvent(
                alert_id=row["alert_id"],
                at=parse_time(row["at"]),
                event=row["event"],
                by=row["by"] or "",
                note=row["note"] or "",
                severity=row["severity"] or "",
                notify=bool(row["notify"]),
            )
            for row in rows
        ]

    def alert_marker(self) -> int:
        """The newest alert event's id (0 before any). Every change and move of any alert writes an event,
        so a page that keeps this number can ask cheaply whether anything happened since (the web desk's
        live alerts poll it)."""
        return int(self.db.execute("SELECT coalesce(max(id), 0) FROM alert_events").fetchone()[0])

    def alerts_changed_after(self, marker: int, *, limit: int = 50) -> list[Alert]:
        """Alerts changed or moved after `marker` (an `alert_marker`), in any state, the most recently
        changed first, at most `limit`: what a page showing the alerts as of `marker` must redraw. NOT INDEXED
        keeps SQLite on the id range (the events since `marker`) rather than walking the (alert_id, id) index
        over every event ever written."""
        return self._alerts(
            "JOIN (SELECT alert_id, max(id) AS latest FROM alert_events NOT INDEXED WHERE id > ? GROUP BY alert_id"
            " ORDER BY latest DESC LIMIT ?) AS changed ON changed.alert_id = alerts.id ORDER BY changed.latest DESC",
            [int(marker), int(limit)],
        )

    def _move_alert(self, ident: int, action: str, *, by: str, note: str = "") -> Alert:
        with self.transaction():
            current = self.get_alert(ident)
            if current is None:
                raise KeyError(f"no alert {ident}")
            moved = move(current, action, at=self.clock(), by=by, note=note)
            self._write_alert(moved, _STATE_COLUMNS)
            event = {"acknowledge": "acknowledged", "resolve": "resolved"}[action]
            self._alert_event(ident, event, at=self.clock(), by=by, note=note, severity=moved.severity)
        stored = self.get_alert(ident)
        assert stored is not None
        return stored

    def _write_alert(self, alert: Alert, columns: tuple[str, ...]) -> None:
        row = _alert_row(alert)
        self.db.execute(
            f"UPDATE alerts SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
            [*(row[c] for c in columns), alert.id],
        )

    def _alert_event(
        self, ident: int, event: str, *, at: datetime, by: str = "", note: str = "", severity: str, notify: bool = False
    ) -> None:
        self.db.execute(
            "INSERT INTO alert_events (alert_id, at, event, by, note, severity, notify) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [ident, iso(at), event, by, note, severity, int(notify)],
        )

    def _alerts(self, where: str, params: list[Any]) -> list[Alert]:
        rows = list(self.db.query(f"SELECT * FROM alerts {where}", params))
        mentions: dict[int, list[tuple[str, str]]] = {row["id"]: [] for row in rows}
        ids = list(mentions)
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            cursor = self.db.execute(
                f"SELECT alert_id, platform, id FROM alert_mentions WHERE alert_id IN ({','.join('?' * len(chunk))})"
                " ORDER BY rowid",
                chunk,
            )
            for alert_id, platform, mention in cursor:
                mentions[alert_id].append((platform, mention))
        return [_alert_from_row(row, tuple(mentions[row["id"]])) for row in rows]

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

    # -- mention search ---------------------------------------------------------------------------------

    SEARCH_WINDOW = 20_000  # mentions one search call looks through at most, newest first
    SEARCH_LIMIT = 200  # results one call returns at most

    def search_mentions(
        self,
        query: str = "",
        *,
        platform: str | None = None,
        place: str | None = None,
        sentiment: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        before_cursor: str = "",
    ) -> tuple[list[tuple[Mention, Analysed | None]], str]:
        """Mentions posted in [since, until) matching every filter given (words, as `search`), newest first, at
        most `limit`, each with its analysis (None before it is analysed); and the cursor that goes on to older
        ones ("" when nothing older is left). Sentiment and place filters find analysed mentions only.

        Why it stays quick with millions of mentions: one call looks through at most `SEARCH_WINDOW` mentions
        after `before_cursor`, along the time index (an index walk finds where that stretch ends); words are
        looked up in the full-text index only among that stretch's rowids; sentiment and place are read from
        `mention_facets`' covering index. So a page short of `limit` that still has a cursor means "no more in
        this stretch": the cursor goes on from where the search stopped, and no page is ever found by OFFSET.
        """
        from analyse.records import SENTIMENTS

        if sentiment and sentiment not in SENTIMENTS:
            raise ValueError(f"sentiment {sentiment!r}: expected one of {', '.join(SENTIMENTS)}")
        if not 1 <= limit <= self.SEARCH_LIMIT:
            raise ValueError(f"limit {limit}: expected 1 to {self.SEARCH_LIMIT}")
        after = self._search_cursor(before_cursor) if before_cursor else None
        lower = iso(since) if since else ""
        upper = iso(until) if until else ""
        if after and upper and after[0] >= upper:
            raise ValueError(f"before_cursor {before_cursor!r} is not a page of this search: it is after `until`")

        def stretch(key: str, edge: tuple[str, int] | None = None) -> tuple[list[str], list[Any]]:
            """The conditions that keep (created_at, `key`) inside [edge, cursor) and [since, until)."""
            clauses: list[str] = []
            params: list[Any] = []
            bottom = max(lower, edge[0]) if edge else lower
            if bottom:
                clauses.append("created_at >= ?")
                params.append(bottom)
            if after:
                clauses.append(f"created_at <= ? AND (created_at, {key}) < (?, ?)")
                params += [after[0], *after]
            elif upper:
                clauses.append("created_at < ?")
                params.append(upper)
            if edge:
                clauses.append(f"(created_at, {key}) >= (?, ?)")
                params += list(edge)
            return clauses, params

        clauses, params = stretch("rowid")
        where = " AND ".join(clauses) or "1"
        # OFFSET walks the time index across one bounded stretch: it finds where this call stops looking.
        found = self.db.execute(
            f"SELECT created_at, rowid FROM mentions WHERE {where} ORDER BY created_at DESC, rowid DESC"
            " LIMIT 1 OFFSET ?",
            [*params, self.SEARCH_WINDOW - 1],
        ).fetchone()
        edge = (found[0], found[1]) if found else None
        faceted = bool(place or sentiment)
        key, table = ("mention", "mention_facets") if faceted else ("rowid", "mentions")
        clauses, params = stretch(key, edge)
        # "+platform": never the (platform, conversation_id) index, which would sort all of a platform's mentions
        for clause, value in (("+platform = ?", platform), ("sentiment = ?", sentiment)):
            if value:
                clauses.append(clause)
                params.append(value)
        if place:
            clauses.append("instr(char(31) || places || char(31), char(31) || ? || char(31)) > 0")
            params.append(place)
        if query.strip():
            within, within_params = stretch("rowid", edge)
            lowest, highest = self.db.execute(
                f"SELECT min(rowid), max(rowid) FROM mentions WHERE {' AND '.join(within) or '1'}", within_params
            ).fetchone()
            clauses.append(
                f"+{key} IN (SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH ? AND rowid BETWEEN ? AND ?)"
            )
            params += [_fts_query(query), lowest or 0, highest or 0]
        page = self.db.execute(
            f"SELECT created_at, {key} FROM {table} WHERE {' AND '.join(clauses) or '1'}"
            f" ORDER BY created_at DESC, {key} DESC LIMIT ?",
            [*params, limit],
        ).fetchall()
        last = page[-1] if len(page) == limit else edge
        return self._mentions_by_rowid([rowid for _, rowid in page]), f"{last[0]}~{last[1]}" if last else ""

    def _mentions_by_rowid(self, rowids: list[int]) -> list[tuple[Mention, Analysed | None]]:
        """The mentions with these rowids, in that order, each with its analysis if it has one."""
        if not rowids:
            return []
        marks = ",".join("?" * len(rowids))
        mentions = {
            row["rowid"]: Mention.from_row(row)
            for row in self.db.query(f"SELECT rowid, * FROM mentions WHERE rowid IN ({marks})", rowids)
        }
        analysed = {
            row["mention_rowid"]: _analysed_from_row(row)
            for row in self.db.query(
                f"""SELECT m.rowid AS mention_rowid, a.*, m.text, m.url, m.author_id, m.author_handle, m.author_name
                    FROM mentions m JOIN analyses a USING (platform, id) WHERE m.rowid IN ({marks})""",
                rowids,
            )
        }
        return [(mentions[rowid], analysed.get(rowid)) for rowid in rowids if rowid in mentions]

    @staticmethod
    def _search_cursor(cursor: str) -> tuple[str, int]:
        """(created_at, rowid) from a cursor `search_mentions` gave ("2026-11-20T09:00:00Z~123")."""
        moment, _, rowid = cursor.partition("~")
        try:
            return iso(parse_time(moment)), int(rowid)
        except ValueError:
            raise ValueError(f"before_cursor {cursor!r} is not a cursor search_mentions gave") from None

    # -- users, the force's own posts, the audit trail ---------------------------------------------

    def add_user(self, name: str, roles: Iterable[str], *, by: str = "admin", email: str | None = None) -> User:
        """Create `name` or replace their roles (and email, when given); audited: who granted what.
        Roles: officer, reviewer, senior, duty, admin; the scheduler's system role is never granted."""
        wanted = frozenset(roles)
        unknown = sorted(wanted - set(USER_ROLES))
        if unknown:
            raise ValueError(f"unknown role(s) {', '.join(unknown)}: use {', '.join(USER_ROLES)}")
        now = iso(self.clock())
        with self.transaction():
            before = self.user(name.strip())
            made = User(
                name.strip(), wanted, email=(before.email if before else "") if email is None else email.strip()
            )
            self.db.execute(
                "INSERT INTO users (name, roles, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET roles = excluded.roles, email = excluded.email, "
                "updated_at = excluded.updated_at",
                [made.name, json.dumps(sorted(wanted)), made.email, now, now],
            )
            changed: dict[str, Any] = {
                "user": made.name,
                "roles": [sorted(before.roles) if before else None, sorted(wanted)],
            }
            if (before.email if before else "") != made.email:
                changed["email"] = [before.email if before else None, made.email]
            self._append_audit(by, "user", None, changed)
        return made

    def user(self, name: str) -> User | None:
        row = self.db.execute("SELECT name, roles, email FROM users WHERE name = ?", [name]).fetchone()
        return _desk_user(*row) if row else None

    def users(self) -> list[User]:
        rows = self.db.execute("SELECT name, roles, email FROM users ORDER BY name")
        return [_desk_user(*row) for row in rows]

    # -- web sign-in ---------------------------------------------------------------------------------

    def credentials(self, name: str) -> Credentials | None:
        """What signing in as `name` is checked against (see `web.auth.sign_in`); None for no such user."""
        row = self.db.execute(
            "SELECT name, roles, email, password_hash, failed_logins, locked_until, password_temporary "
            "FROM users WHERE name = ?",
            [name],
        ).fetchone()
        if row is None:
            return None
        user = _desk_user(*row[:3])
        return Credentials(user, row[3], _attempts(row[4:6]), password_temporary=bool(row[6]))

    def set_password_hash(self, name: str, password_hash: str, *, by: str) -> bool:
        """Give user `name` a new password, as its argon2 hash (`web.auth.set_password` makes it); this
        clears any lock-out and ends their sessions, so a stolen session dies with the old password.
        Audited, without the hash.

        True when the password is temporary: `by` is another desk user (an admin), so `name` must choose
        their own at their next sign-in. Their own choice is not, nor is a set-up script's (the demo's, the
        tests'): a script is no other person who knows the password."""
        with self.transaction():
            if self.user(name) is None:
                raise KeyError(f"no desk user named {name!r}")
            temporary = by != name and self.user(by) is not None
            self.db.execute(
                "UPDATE users SET password_hash = ?, password_temporary = ?, failed_logins = 0, locked_until = NULL, "
                "updated_at = ? WHERE name = ?",
                [password_hash, int(temporary), iso(self.clock()), name],
            )
            self.db.execute("DELETE FROM web_sessions WHERE user_name = ?", [name])
            self._append_audit(by, "password", None, {"user": name})
        return temporary

    def record_failed_sign_in(self, name: str) -> Attempts:
        """Count a failed sign-in as user `name` (the rule: `Attempts.after_failure`) and audit it as
        `sign_in_refused` (`_refusal_audit`). Read and written under the write lock, so attempts made in
        parallel are all counted."""
        now = self.clock()
        with self.transaction():
            row = self.db.execute("SELECT failed_logins, locked_until FROM users WHERE name = ?", [name]).fetchone()
            if row is None:
                raise KeyError(f"no desk user named {name!r}")
            before = _attempts(row)
            attempts = before.after_failure(now)
            self.db.execute(
                "UPDATE users SET failed_logins = ?, locked_until = ? WHERE name = ?",
                [*_attempts_values(attempts), name],
            )
            refused = {"user": name, **self._refusal_audit(before, attempts, now)}
            self._append_audit(name, "sign_in_refused", None, refused)
        return attempts

    def unknown_sign_in_attempts(self, name: str) -> Attempts:
        """Failed sign-ins in a row at `name`, which is no desk user's (see `web.auth.sign_in`): what
        `credentials` gives for a real name, read from the same table by every worker process."""
        row = self.db.execute(
            "SELECT failures, locked_until FROM unknown_sign_ins WHERE name_hash = ?", [self._unknown_name_key(name)]
        ).fetchone()
        return _attempts(row)

    def record_failed_unknown_sign_in(self, name: str, *, keep: int = 10_000) -> Attempts:
        """Count a failed sign-in at `name`, which is no desk user's, by the rule a user's follow
        (`Attempts.after_failure`), under the write lock as `record_failed_sign_in` counts them.

        Bounded, so a flood of made-up names cannot grow the file: rows whose last failure is a day old and
        not locked go, and past `keep` rows the oldest go first, the locked ones last (flooding must not lift
        a lock early: a real name's lock holds whatever else is tried).

        Audited as `sign_in_refused` by "(unknown name)", with no trace of the name typed (it may be a
        password typed in the wrong box): the count, and the lock when there is one. The trail does grow by
        a row an attempt (about 200 bytes); the argon2 check before each attempt is what paces them."""
        now = self.clock()
        key = self._unknown_name_key(name)
        with self.transaction():
            before = self.unknown_sign_in_attempts(name)
            attempts = before.after_failure(now)
            self.db.execute(
                "INSERT INTO unknown_sign_ins (name_hash, failures, locked_until, last_failed_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name_hash) DO UPDATE SET failures = excluded.failures, "
                "locked_until = excluded.locked_until, last_failed_at = excluded.last_failed_at",
                [key, *_attempts_values(attempts), iso(now)],
            )
            self.db.execute(
                "DELETE FROM unknown_sign_ins WHERE last_failed_at < ? AND coalesce(locked_until <= ?, 1)",
                [iso(now - timedelta(days=1)), iso(now)],
            )
            (kept,) = self.db.execute("SELECT count(*) FROM unknown_sign_ins").fetchone()
            if kept > keep:
                self.db.execute(
                    "DELETE FROM unknown_sign_ins WHERE name_hash IN (SELECT name_hash FROM unknown_sign_ins "
                    "ORDER BY coalesce(locked_until > ?, 0), last_failed_at LIMIT ?)",
                    [iso(now), kept - keep],
                )
            self._append_audit("(unknown name)", "sign_in_refused", None, self._refusal_audit(before, attempts, now))
        return attempts

    @staticmethod
    def _unknown_name_key(name: str) -> str:
        """How a name that is no user's is kept: its SHA-256, never the name, which may be a mistyped password
        (and is a fixed size however long the name typed)."""
        return hashlib.sha256(name.encode()).hexdigest()

    def record_sign_in(self, name: str, *, rehashed: str = "") -> None:
        """A successful sign-in: the failure count starts again. `rehashed` replaces the stored hash when
        it was made with older hashing parameters (the password is only ever in hand at sign-in). Audited as
        `sign_in` (that the hash was renewed, never the hash); `KeyError` for no such user, nothing written."""
        with self.transaction():
            signed = self.db.execute(
                "UPDATE users SET failed_logins = 0, locked_until = NULL, "
                "password_hash = CASE WHEN ? != '' THEN ? ELSE password_hash END WHERE name = ?",
                [rehashed, rehashed, name],
            ).rowcount
            if not signed:
                raise KeyError(f"no desk user named {name!r}")
            self._append_audit(name, "sign_in", None, {"user": name, **({"rehashed": True} if rehashed else {})})

    def start_web_session(self, name: str) -> tuple[str, WebSession]:
        """A new session for user `name`: its token, for the cookie and never stored, and the session.
        Sessions past their time are deleted on the way."""
        now = self.clock().replace(microsecond=0)
        token = secrets.token_urlsafe(32)
        with self.transaction():
            found = self.credentials(name)
            if found is None:
                raise KeyError(f"no desk user named {name!r}")
            self.db.execute(
                "DELETE FROM web_sessions WHERE created_at <= ? OR last_seen_at <= ?",
                [iso(now - MAX_LIFETIME), iso(now - IDLE_TIMEOUT)],
            )
            session = WebSession(
                found.user,
                secrets.token_urlsafe(32),
                created_at=now,
                last_seen_at=now,
                must_change_password=found.password_temporary,
            )
            self.db.execute(
                "INSERT INTO web_sessions (token_hash, user_name, csrf_token, created_at, last_seen_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [self._session_key(token), name, session.csrf_token, iso(now), iso(now)],
            )
        return token, session

    def resume_web_session(self, token: str) -> WebSession | None:
        """The live session that `token` names, with its user's roles as they are now; None when there is
        none (an expired one is deleted). Notes when it was seen at most once a minute, so that reading
        pages does not make every request a write."""
        key = self._session_key(token)
        row = self.db.execute(
            "SELECT u.name, u.roles, u.email, s.csrf_token, s.created_at, s.last_seen_at, u.password_temporary "
            "FROM web_sessions s JOIN users u ON u.name = s.user_name WHERE s.token_hash = ?",
            [key],
        ).fetchone()
        if row is None:
            return None
        user = _desk_user(*row[:3])
        session = WebSession(
            user,
            row[3],
            created_at=parse_time(row[4]),
            last_seen_at=parse_time(row[5]),
            must_change_password=bool(row[6]),
        )
        now = self.clock()
        if not session.alive(now):
            self.end_web_session(token)
            return None
        if session.due_touch(now):
            seen = now.replace(microsecond=0)
            with self.transaction():
                self.db.execute("UPDATE web_sessions SET last_seen_at = ? WHERE token_hash = ?", [iso(seen), key])
            session = replace(session, last_seen_at=seen)
        return session

    def end_web_session(self, token: str) -> None:
        """Sign one browser out: its token no longer names a session. Audited as its user's `sign_out` when the
        session was still live; one that had run out (`resume_web_session` deletes those) ended at its time,
        and nobody signed out then."""
        key = self._session_key(token)
        now = self.clock()
        with self.transaction():
            row = self.db.execute(
                "SELECT user_name, created_at > ? AND last_seen_at > ? FROM web_sessions WHERE token_hash = ?",
                [iso(now - MAX_LIFETIME), iso(now - IDLE_TIMEOUT), key],
            ).fetchone()
            self.db.execute("DELETE FROM web_sessions WHERE token_hash = ?", [key])
            if row is not None and row[1]:
                self._append_audit(row[0], "sign_out", None, {"user": row[0]})

    def end_web_sessions(self, name: str, *, by: str | None = None) -> int:
        """Sign user `name` out everywhere; how many sessions that ended. Audited as a `sign_out` by `by`
        (an admin), or by `name` when not given, when there were any."""
        with self.transaction():
            ended = self.db.execute("DELETE FROM web_sessions WHERE user_name = ?", [name]).rowcount
            if ended:
                self._append_audit(by or name, "sign_out", None, {"user": name, "sessions": ended})
        return ended

    @staticmethod
    def _session_key(token: str) -> str:
        """How a session token is stored: SHA-256 is enough (no salt, no argon2) for 256 random bits."""
        return hashlib.sha256(token.encode()).hexdigest()

    def create_post(self, spec: PostSpec, *, by: User, checker: Checks, known_accounts: Iterable[Account]) -> OwnPost:
        """Validate and check a new draft (`publish.drafts.PostSpec`) and save it with version 1 and its
        findings, audited as create + check, in one transaction. `DraftRefused` saves nothing."""
        from publish import drafts

        incident = self.active_incident()
        post = drafts.new_post(
            spec,
            author=by,
            now=self.clock(),
            known_accounts=set(known_accounts),
            checker=checker,
            incident=incident is not None,
        )
        with self.transaction():
            row = _own_post_row(post)
            del row["id"]
            cursor = self.db.execute(
                f"INSERT INTO posts ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values())
            )
            saved = OwnPost(**{**_post_fields(post), "id": int(cursor.lastrowid or 0)})
            self._save_version(saved, by.name)
            self._append_audit(by.name, "create", saved.id, _content_audit(saved))
            self._append_audit(by.name, "check", saved.id, _check_audit(saved))
        return saved

    def edit_post(
        self,
        ident: int,
        spec: PostSpec,
        *,
        by: User,
        checker: Checks,
        known_accounts: Iterable[Account],
        seen_version: int | None = None,
    ) -> OwnPost:
        """Change a post's content (the table's `edit`: an approved post goes back to review), re-run the
        checks, save the new version; audited as edit + check, all in one transaction."""
        from publish import drafts

        incident = self.active_incident() is not None
        with self.transaction():
            current = self._own_post_or_raise(ident)
            edited = drafts.revise(
                current,
                spec,
                by=by,
                now=self.clock(),
                known_accounts=set(known_accounts),
                checker=checker,
                incident=incident,
                seen_version=seen_version,
            )
            self._write_own_post(edited)
            self._save_version(edited, by.name)
            changed = post_lifecycle.changes(current, edited)
            changed.pop("findings", None)
            self._append_audit(by.name, "edit", ident, changed)
            self._append_audit(by.name, "check", ident, _check_audit(edited))
        return edited

    def move_post(
        self,
        ident: int,
        action: str,
        by: User,
        *,
        note: str = "",
        seen_version: int | None = None,
        refs: dict[str, str] | None = None,
    ) -> OwnPost:
        """Make one move of the life-cycle table and write its audit row in the same transaction
        (`IllegalMove` / `NotAllowed` change nothing). The state is re-read inside the write lock, so two
        schedulers racing to `start_publishing` the same post see one succeed and one `IllegalMove`."""
        with self.transaction():
            current = self._own_post_or_raise(ident)
            moved = post_lifecycle.move(
                current, action, by=by, at=self.clock(), note=note, seen_version=seen_version, refs=refs
            )
            self._write_own_post(moved)
            changed = post_lifecycle.changes(current, moved)
            if note.strip():
                changed["note"] = note.strip()
            changed["version"] = current.version
            self._append_audit(by.name, action, ident, changed)
        return moved

    # -- incident holds ---------------------------------------------------------------------------

    def outgoing_posts(self) -> list[OwnPost]:
        """Every approved or scheduled post, oldest first: all that could still go out, whatever its time."""
        rows = self.db.query("SELECT * FROM posts WHERE state IN ('approved', 'scheduled') ORDER BY id")
        return [_own_post_from_row(row) for row in rows]

    def record_incident_hold(self, incident_id: int, post: OwnPost) -> None:
        """Note that incident `incident_id` has just held `post`, so ending it releases exactly what it held.
        Held again in the same incident (released by hand, approved, held again), the row is renewed."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO incident_holds (incident_id, post_id, held_at) VALUES (?, ?, ?) "
                "ON CONFLICT (incident_id, post_id) DO UPDATE SET held_at = excluded.held_at, released_at = NULL",
                [incident_id, post.id, iso(post.updated_at or self.clock())],
            )

    def incident_holds(self, incident_id: int) -> list[OwnPost]:
        """The posts incident `incident_id` holds now, oldest first. A post that moved since the incident
        held it (released by hand, perhaps held again by hand) is no longer the incident's to release."""
        rows = self.db.query(
            "SELECT posts.* FROM incident_holds JOIN posts ON posts.id = incident_holds.post_id "
            "WHERE incident_holds.incident_id = ? AND incident_holds.released_at IS NULL "
            "AND posts.state = 'held' AND posts.updated_at = incident_holds.held_at ORDER BY posts.id",
            [incident_id],
        )
        return [_own_post_from_row(row) for row in rows]

    def close_incident_holds(self, incident_id: int) -> None:
        """Incident `incident_id` lets go of everything it held (its posts have been released)."""
        with self.transaction():
            self.db.execute(
                "UPDATE incident_holds SET released_at = ? WHERE incident_id = ? AND released_at IS NULL",
                [iso(self.clock()), incident_id],
            )

    def post(self, ident: int) -> OwnPost | None:
        row = next(iter(self.db.query("SELECT * FROM posts WHERE id = ?", [ident])), None)
        return _own_post_from_row(row) if row else None

    def posts(self, state: str | None = None, *, limit: int = 200) -> list[OwnPost]:
        """Posts, newest first; `state` one of the life-cycle states."""
        if state is not None and state not in POST_STATES:
            raise ValueError(f"unknown post state {state!r}: expected one of {', '.join(POST_STATES)}")
        where, params = ("WHERE state = ?", [state]) if state else ("", [])
        rows = self.db.query(f"SELECT * FROM posts {where} ORDER BY id DESC LIMIT ?", [*params, int(limit)])
        return [_own_post_from_row(row) for row in rows]

    def posts_before(self, before: int | None = None, *, limit: int = 50) -> list[OwnPost]:
        """A page of posts, newest first: those older than post `before` (None: from the newest). The next
        page is the posts before the last one here, so a list pages on by the primary key alone."""
        where, params = ("WHERE id < ?", [before]) if before is not None else ("", [])
        rows = self.db.query(f"SELECT * FROM posts {where} ORDER BY id DESC LIMIT ?", [*params, int(limit)])
        return [_own_post_from_row(row) for row in rows]

    def post_ids(self, state: str) -> list[int]:
        """The ids of the posts in `state`, oldest first, read from the state index alone (no row is read):
        a work queue's order and length (the review queue's places) for the price of a list of numbers.
        For the states posts pass through (submitted, held), not for published, which only grows."""
        self._known_post_state(state)
        return [ident for (ident,) in self.db.execute("SELECT id FROM posts WHERE state = ? ORDER BY id", [state])]

    def posts_by_id(self, ids: Iterable[int]) -> list[OwnPost]:
        """These posts in the order asked, those not stored left out: a page of them in one query."""
        wanted = list(dict.fromkeys(ids))
        found: dict[int, OwnPost] = {}
        for start in range(0, len(wanted), 900):
            chunk = wanted[start : start + 900]
            rows = self.db.query(f"SELECT * FROM posts WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            found.update((row["id"], _own_post_from_row(row)) for row in rows)
        return [found[ident] for ident in wanted if ident in found]

    def posts_going_out(self, states: Iterable[str], *, start: datetime, end: datetime) -> list[OwnPost]:
        """Posts in `states` due from `start` until before `end`, then those with no time (they go out as soon
        as they are approved), each lot in time order: the calendar's posts, read by the (state, time) index
        however many have gone before."""
        states = list(states)
        for state in states:
            self._known_post_state(state)
        marks = ",".join("?" * len(states))
        timed = self.db.query(
            f"SELECT * FROM posts WHERE state IN ({marks}) AND scheduled_at >= ? AND scheduled_at < ? "
            "ORDER BY scheduled_at, id",
            [*states, iso(start), iso(end)],
        )
        untimed = self.db.query(
            f"SELECT * FROM posts WHERE state IN ({marks}) AND scheduled_at IS NULL ORDER BY id", states
        )
        return [_own_post_from_row(row) for rows in (timed, untimed) for row in rows]

    @staticmethod
    def _known_post_state(state: str) -> None:
        if state not in POST_STATES:
            raise ValueError(f"unknown post state {state!r}: expected one of {', '.join(POST_STATES)}")

    def due_posts(self, now: datetime) -> list[OwnPost]:
        """Scheduled posts whose time has come (or that have no time: as soon as approved), oldest first."""
        rows = self.db.query(
            "SELECT * FROM posts WHERE state = 'scheduled' AND (scheduled_at IS NULL OR scheduled_at <= ?) "
            "ORDER BY scheduled_at, id",
            [iso(now)],
        )
        return [_own_post_from_row(row) for row in rows]

    def claim_post(self, ident: int, worker: str, *, ttl: timedelta) -> bool:
        """Take or renew the right to publish post `ident` for `ttl`; False while another worker's claim
        runs. Publishing needs the claim: the state move alone cannot tell a live scheduler from a dead one."""
        now = self.clock()
        with self.transaction():
            row = self.db.execute("SELECT worker, until FROM publish_claims WHERE post_id = ?", [ident]).fetchone()
            if row is not None and row[0] != worker and parse_time(row[1]) > now:
                return False
            self.db.execute(
                "INSERT INTO publish_claims (post_id, worker, until) VALUES (?, ?, ?) "
                "ON CONFLICT (post_id) DO UPDATE SET worker = excluded.worker, until = excluded.until",
                [ident, worker, iso(now + ttl)],
            )
        return True

    def release_post(self, ident: int, worker: str) -> None:
        """Give up `worker`'s claim on post `ident` (another may take it at once)."""
        with self.transaction():
            self.db.execute("DELETE FROM publish_claims WHERE post_id = ? AND worker = ?", [ident, worker])

    def post_versions(self, ident: int) -> list[dict[str, Any]]:
        """Every saved version of a post: who saved it, when, the content and the findings it had."""
        rows = self.db.query("SELECT * FROM post_versions WHERE post_id = ? ORDER BY version", [ident])
        return [{**row, "content": json.loads(row["content"]), "findings": json.loads(row["findings"])} for row in rows]

    def audit(self, *, post_id: int | None = None, since: datetime | None = None) -> list[AuditEntry]:
        """Audit rows in order; `post_id` narrows to one post's story (who wrote, checked, approved...)."""
        where, params = [], []
        if post_id is not None:
            where.append("post_id = ?")
            params.append(post_id)
        if since is not None:
            where.append("at >= ?")
            params.append(iso(since))
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self.db.query(f"SELECT * FROM audit {clause} ORDER BY seq", params)
        return [_audit_from_row(row) for row in rows]

    def verify_audit(self) -> AuditProblem | None:
        """The first audit row that was edited or deleted (or the gap it left), or None when the chain holds."""
        previous, expected = "", 1
        for row in self.db.query("SELECT * FROM audit ORDER BY seq"):
            if row["seq"] != expected:
                return AuditProblem(expected, f"row {expected} is missing: deleted")
            if row["prev_hash"] != previous:
                return AuditProblem(row["seq"], "does not follow the row before it: a row was deleted or changed")
            try:
                changes = json.loads(row["changes"])
            except ValueError:
                return AuditProblem(row["seq"], "its changes are not valid JSON: edited")
            fields = {k: row[k] for k in ("seq", "at", "by", "action", "post_id", "prev_hash")}
            if _audit_hash(previous, {**fields, "changes": changes}) != row["hash"]:
                return AuditProblem(row["seq"], "its content does not match its hash: edited")
            previous, expected = row["hash"], expected + 1
        issued = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
        if issued and issued[0] >= expected:
            return AuditProblem(expected, f"rows {expected} to {issued[0]} are missing: deleted from the end")
        return None

    def export_audit(self, fmt: str = "json") -> str:
        """The whole audit trail for an inquiry: `csv` (one row per entry, changes as JSON) or `json`
        (with the head hash: keep it elsewhere, and a later copy can be checked against it)."""
        entries = self.audit()
        rows = [
            {
                "seq": e.seq,
                "at": iso(e.at),
                "by": e.by,
                "action": e.action,
                "post_id": e.post_id,
                "changes": dict(e.changes),
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
            for e in entries
        ]
        if fmt == "json":
            problem = self.verify_audit()
            return json.dumps(
                {
                    "head": entries[-1].hash if entries else "",
                    "count": len(entries),
                    "verified": problem is None,
                    "problem": None if problem is None else {"seq": problem.seq, "reason": problem.reason},
                    "entries": rows,
                },
                ensure_ascii=False,
                indent=2,
            )
        if fmt == "csv":
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=list(_AUDIT_FIELDS), lineterminator="\n")
            writer.writeheader()
            for row in rows:  # quoted where a spreadsheet would run a cell as a formula; the JSON stays exact
                writer.writerow({k: safe_cell(v) for k, v in {**row, "changes": _canonical(row["changes"])}.items()})
            return out.getvalue()
        raise ValueError(f"unknown export format {fmt!r}: use csv or json")

    def _own_post_or_raise(self, ident: int) -> OwnPost:
        found = self.post(ident)
        if found is None:
            raise KeyError(f"no post {ident}")
        return found

    def _write_own_post(self, post: OwnPost) -> None:
        row = _own_post_row(post)
        ident = row.pop("id")
        self.db.execute(f"UPDATE posts SET {', '.join(f'{c} = ?' for c in row)} WHERE id = ?", [*row.values(), ident])

    def _save_version(self, post: OwnPost, by: str) -> None:
        self.db.execute(
            "INSERT INTO post_versions (post_id, version, at, by, content, findings, verdict)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                post.id,
                post.version,
                iso(post.updated_at or self.clock()),
                by,
                _canonical(_content_audit(post)),
                _canonical(post_lifecycle.plain(post.findings)),
                post.verdict,
            ],
        )

    def record_download(self, by: str, what: dict[str, Any]) -> None:
        """Audit that `by` took something off the desk as a file, as a `download` row in its own transaction:
        `what` says which, e.g. {"what": "report", "day": "2026-11-20", "format": "pdf"} or
        {"what": "audit", "format": "csv", "rows": 41}. No SQL in the routes that serve files."""
        if not str(what.get("what", "")).strip():
            raise ValueError('what: say what was downloaded, e.g. {"what": "report", ...}')
        with self.transaction():
            self._append_audit(by, "download", None, what)

    @staticmethod
    def _refusal_audit(before: Attempts, after: Attempts, now: datetime) -> dict[str, Any]:
        """What a refused sign-in's audit row says: the failures in a row, and the lock when this failure set it.
        An attempt while the name is locked does not count (`Attempts.after_failure`) and says so, with the lock
        it met, unchanged."""
        counted = not before.locked(now)
        changes: dict[str, Any] = {"failures": after.failures} if counted else {"counted": False}
        if after.locked_until is not None:
            changes |= {"locked": True, "until": iso(after.locked_until)}
        return changes

    def _append_audit(self, by: str, action: str, post_id: int | None, changes: dict[str, Any]) -> None:
        """Append one chained row; called inside the caller's transaction (BEGIN IMMEDIATE serialises it)."""
        last = self.db.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        issued = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
        fields = {
            "seq": (issued[0] if issued else 0) + 1,
            "at": iso(self.clock()),
            "by": by,
            "action": action,
            "post_id": post_id,
            "prev_hash": last[0] if last else "",
            "changes": post_lifecycle.plain(changes),
        }
        digest = _audit_hash(fields["prev_hash"], fields)
        self.db.execute(
            "INSERT INTO audit (seq, at, by, action, post_id, changes, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                *(fields[k] for k in ("seq", "at", "by", "action", "post_id")),
                _canonical(fields["changes"]),
                fields["prev_hash"],
                digest,
            ],
        )

    # -- the response queue ---------------------------------------------------------------------------

    _REPLIES_UPTO = "replies_upto"  # the mentions rowid the response queue has looked at

    def replies_upto(self) -> int:
        return int(self.setting(self._REPLIES_UPTO) or 0)

    def unqueued(self, *, limit: int) -> list[tuple[int, Mention, Analysed | None]]:
        """The next analysed mentions the response queue has not looked at, oldest stored first, with their
        rowids (None for a mention the analysis could not read). Two reads, however large the store."""
        start, end = self.replies_upto(), self.analysed_upto()
        if start >= end:
            return []
        rows = self.db.execute(
            f"SELECT rowid, {', '.join(MENTION_COLUMNS)} FROM mentions WHERE rowid > ? AND rowid <= ?"
            " ORDER BY rowid LIMIT ?",
            [start, end, limit],
        ).fetchall()
        if not rows:
            return []
        analysed = {
            (row["platform"], row["id"]): _analysed_from_row(row)
            for row in self.db.query(
                """SELECT a.*, m.text, m.url, m.author_id, m.author_handle, m.author_name
                   FROM mentions m JOIN analyses a USING (platform, id) WHERE m.rowid > ? AND m.rowid <= ?""",
                [start, rows[-1][0]],
            )
        }
        mentions = [(row[0], Mention.from_row(dict(zip(MENTION_COLUMNS, row[1:], strict=True)))) for row in rows]
        return [(rowid, mention, analysed.get(mention.key)) for rowid, mention in mentions]

    def mark_for_reply(self, found: Iterable[tuple[Analysed, Reason]], *, upto: int) -> int:
        """Queue mentions that need a reply and move the queue on to `upto`, in one transaction (a crash leaves
        the batch wholly queued or wholly waiting); how many were new. A mention is never queued twice."""
        now = iso(self.clock())
        rows = [
            (r.platform, r.id, reason.kind, reason.why, reason.priority, now, iso(r.created_at), r.dup_key, now)
            for r, reason in found
        ]
        with self.transaction():
            before = self.db.conn.total_changes
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO reply_queue (platform, mention_id, kind, reason, priority, marked_at,"
                " mention_at, dup_key, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)",
                rows,
            )
            added = self.db.conn.total_changes - before
            self.set_setting(self._REPLIES_UPTO, str(max(upto, self.replies_upto())))
        return added

    def queued_copies(self, dup_keys: Iterable[str], *, since: datetime) -> set[str]:
        """Which of `dup_keys` a mention queued since `since` already has (a copy is not queued again)."""
        keys = sorted({key for key in dup_keys if key})
        found: set[str] = set()
        for start in range(0, len(keys), 900):
            chunk = keys[start : start + 900]
            cursor = self.db.execute(
                f"SELECT DISTINCT dup_key FROM reply_queue WHERE dup_key IN ({','.join('?' * len(chunk))})"
                " AND mention_at >= ?",
                [*chunk, iso(since)],
            )
            found.update(key for (key,) in cursor)
        return found

    def reply_item(self, ident: int) -> QueueItem | None:
        row = next(iter(self.db.query("SELECT * FROM reply_queue WHERE id = ?", [ident])), None)
        return self._queue_item(row) if row else None

    def reply_queue(
        self,
        *,
        statuses: Iterable[str] | None = None,
        to_do: bool = False,
        assigned_to: str | None = None,
        kind: str | None = None,
        after: tuple[int, datetime, int] | None = None,
        limit: int = 200,
    ) -> list[QueueItem]:
        """Queued mentions, most urgent first, then oldest first, then first queued (the id makes the order
        total); `statuses` None for every status. `to_do`: only what still needs the desk: open, assigned, or
        answered by a reply that has not gone out yet. `after` (priority, mention time, id): only those after
        that place in the order, a page's cursor: answering or dismissing an item before it moves nothing after it."""
        where, params = self._reply_queue_where(statuses, to_do, assigned_to, kind, after)
        rows = self.db.query(
            f"SELECT * FROM reply_queue {where} ORDER BY priority, mention_at, id LIMIT ?", [*params, int(limit)]
        )
        return [self._queue_item(row) for row in rows]

    def count_reply_queue(
        self,
        *,
        statuses: Iterable[str] | None = None,
        to_do: bool = False,
        assigned_to: str | None = None,
        kind: str | None = None,
        after: tuple[int, datetime, int] | None = None,
    ) -> int:
        """How many items `reply_queue` would give without its limit: a count over the queue's own table (the
        desk's items, not every mention), through the same index."""
        where, params = self._reply_queue_where(statuses, to_do, assigned_to, kind, after)
        return self.db.execute(f"SELECT count(*) FROM reply_queue {where}", params).fetchone()[0]

    @staticmethod
    def _reply_queue_where(
        statuses: Iterable[str] | None,
        to_do: bool,
        assigned_to: str | None,
        kind: str | None,
        after: tuple[int, datetime, int] | None,
    ) -> tuple[str, list[Any]]:
        """The WHERE clause of `reply_queue` and `count_reply_queue`, and its parameters."""
        from publish.replies.records import KINDS, STATUSES

        clauses: list[str] = []
        params: list[Any] = []
        if statuses is not None:
            wanted = list(dict.fromkeys(statuses))
            unknown = [s for s in wanted if s not in STATUSES]
            if unknown or not wanted:
                raise ValueError(f"unknown reply status {', '.join(unknown)!r}: expected {', '.join(STATUSES)}")
            clauses.append(f"status IN ({','.join('?' * len(wanted))})")
            params.extend(wanted)
        if to_do:
            clauses.append(
                "(status IN ('open', 'assigned') OR (status = 'answered' AND NOT EXISTS"
                " (SELECT 1 FROM posts WHERE posts.id = reply_queue.post_id AND posts.state = 'published')))"
            )
        if kind is not None:
            if kind not in KINDS:
                raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
            clauses.append("kind = ?")
            params.append(kind)
        if assigned_to is not None:
            clauses.append("assigned_to = ?")
            params.append(assigned_to)
        if after is not None:
            # A row value: (status, priority, mention_at) is indexed, so each status's part is a range seek.
            priority, mention_at, ident = after
            clauses.append("(priority, mention_at, id) > (?, ?, ?)")
            params.extend([int(priority), iso(mention_at), int(ident)])
        return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params

    def assign_reply(self, ident: int, *, to: User, by: User) -> QueueItem:
        """`to` answers this mention (the table's `assign`); audited."""
        return self._move_reply(ident, "assign", by, to=to)

    def dismiss_reply(self, ident: int, *, by: User, note: str) -> QueueItem:
        """No reply is needed, and `note` says why; audited."""
        return self._move_reply(ident, "dismiss", by, note=note)

    def answer_reply(
        self, ident: int, spec: PostSpec, *, by: User, checker: Checks, known_accounts: Iterable[Account]
    ) -> tuple[QueueItem, OwnPost]:
        """Draft the reply (`create_post`: checked, audited) and link it to the queued mention, in one
        transaction: a refused draft or an illegal move leaves both as they were."""
        with self.transaction():
            post = self.create_post(spec, by=by, checker=checker, known_accounts=known_accounts)
            item = self._move_reply(ident, "answer", by, post_id=post.id)
        return item, post

    def _move_reply(self, ident: int, action: str, by: User, **details: Any) -> QueueItem:
        from publish.replies.records import move

        with self.transaction():
            current = self.reply_item(ident)
            if current is None:
                raise KeyError(f"no reply {ident} in the queue")
            moved = move(current, action, by=by, at=self.clock(), **details)
            self.db.execute(
                "UPDATE reply_queue SET status = ?, assigned_to = ?, assigned_by = ?, assigned_at = ?, post_id = ?,"
                " dismissed_by = ?, dismissed_note = ?, updated_at = ? WHERE id = ?",
                [
                    moved.status,
                    moved.assigned_to,
                    moved.assigned_by,
                    iso(moved.assigned_at) if moved.assigned_at else None,
                    moved.post_id,
                    moved.dismissed_by,
                    moved.dismissed_note,
                    iso(moved.updated_at or self.clock()),
                    ident,
                ],
            )
            changed: dict[str, Any] = {"reply": ident, "mention": current.mention, "kind": current.kind}
            for name in ("status", "assigned_to", "post_id", "dismissed_note"):
                if getattr(current, name) != getattr(moved, name):
                    changed[name] = [getattr(current, name), getattr(moved, name)]
            self._append_audit(by.name, f"{action}_reply", moved.post_id if action == "answer" else None, changed)
        return moved

    @staticmethod
    def _queue_item(row: dict[str, Any]) -> QueueItem:
        from publish.replies.records import QueueItem

        return QueueItem(
            id=row["id"],
            platform=row["platform"],
            mention_id=row["mention_id"],
            kind=row["kind"],
            reason=row["reason"],
            priority=row["priority"],
            marked_at=parse_time(row["marked_at"]),
            mention_at=parse_time(row["mention_at"]),
            status=row["status"],
            dup_key=row["dup_key"] or "",
            assigned_to=row["assigned_to"] or "",
            assigned_by=row["assigned_by"] or "",
            assigned_at=_time_or_none(row["assigned_at"]),
            post_id=row["post_id"],
            dismissed_by=row["dismissed_by"] or "",
            dismissed_note=row["dismissed_note"] or "",
            updated_at=_time_or_none(row["updated_at"]),
        )


# -- audit search ---------------------------------------------------------------------------------

AUDIT_PAGE = 100  # audit rows a search returns at most: a page a person reads, and a bounded query


def search_audit(
    store: Store,
    *,
    post_id: int | None = None,
    by: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    before: int | None = None,
    limit: int = AUDIT_PAGE,
) -> list[AuditEntry]:
    """Audit rows newest first, narrowed to one post, one person acting, one action and a time (`since`
    included, `until` not), at most `limit` (1 to `AUDIT_PAGE`); `before`, a row's seq, pages on to older rows.

    Why it stays quick on a long trail: rows are read newest first along the primary key (or the
    post_id index for one post) and reading stops at `limit` matches; nothing sorts the whole table."""
    where, params = [], []
    for clause, value in (
        ("post_id = ?", post_id),
        ("by = ?", by),
        ("action = ?", action),
        ("at >= ?", iso(since) if since else None),
        ("at < ?", iso(until) if until else None),
        ("seq < ?", before),
    ):
        if value is not None:
            where.append(clause)
            params.append(value)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    limit = max(1, min(limit, AUDIT_PAGE))
    rows = store.db.query(f"SELECT * FROM audit {clause} ORDER BY seq DESC LIMIT ?", [*params, limit])
    return [_audit_from_row(row) for row in rows]


def count_audit(store: Store) -> int:
    """How many rows the audit trail holds (what "verified: N rows" reports)."""
    return store.db.execute("SELECT count(*) FROM audit").fetchone()[0]


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


class IncidentActive(Exception):
    """A second incident was declared while one is active."""

    def __init__(self, current: Incident) -> None:
        started = iso(current.started_at)
        super().__init__(f"incident {current.id} is already active (started {started}: {current.reason})")
        self.current = current


def _incident_from_row(row: dict[str, Any]) -> Incident:
    return Incident(
        id=row["id"],
        started_at=parse_time(row["started_at"]),
        started_by=row["started_by"],
        reason=row["reason"],
        place=row["place"] or "",
        terms=tuple(json.loads(row["terms"] or "[]")),
        ended_at=_time_or_none(row["ended_at"]),
        ended_by=row["ended_by"] or "",
        end_note=row["end_note"] or "",
    )


_EVIDENCE_COLUMNS = (
    "stories",
    "keys",
    "kind",
    "severity",
    "title",
    "reason",
    "evidence",
    "updated_at",
    "updates",
    "notified_size",
)
_STATE_COLUMNS = (
    "state",
    "acknowledged_by",
    "acknowledged_at",
    "resolved_by",
    "resolved_at",
    "resolved_note",
)


def _alert_row(alert: Alert) -> dict[str, Any]:
    e = alert.evidence
    evidence = {
        "count": e.count,
        "expected": e.expected,
        "span_seconds": e.span.total_seconds(),
        "first_seen": iso(e.first_seen),
        "last_seen": iso(e.last_seen),
        "terms": list(e.terms),
        "places": [list(pair) for pair in e.places],
        "posts": [
            {"platform": p.platform, "id": p.id, "url": p.url, "text": p.text, "created_at": iso(p.created_at)}
            for p in e.posts
        ],
    }
    return {
        "id": alert.id,
        "story": alert.story,
        "stories": json.dumps(list(alert.stories)),
        "keys": json.dumps(list(alert.keys)),
        "kind": alert.kind,
        "severity": alert.severity,
        "title": alert.title,
        "reason": alert.reason,
        "evidence": json.dumps(evidence, ensure_ascii=False),
        "state": alert.state,
        "opened_at": iso(alert.opened_at),
        "updated_at": iso(alert.updated_at),
        "acknowledged_by": alert.acknowledged_by,
        "acknowledged_at": iso(alert.acknowledged_at) if alert.acknowledged_at else None,
        "resolved_by": alert.resolved_by,
        "resolved_at": iso(alert.resolved_at) if alert.resolved_at else None,
        "resolved_note": alert.resolved_note,
        "updates": alert.updates,
        "notified_size": alert.notified_size,
    }


def _alert_from_row(row: dict[str, Any], mentions: tuple[tuple[str, str], ...]) -> Alert:
    e = json.loads(row["evidence"] or "{}")
    evidence = Evidence(
        count=e["count"],
        expected=e["expected"],
        span=timedelta(seconds=e["span_seconds"]),
        first_seen=parse_time(e["first_seen"]),
        last_seen=parse_time(e["last_seen"]),
        terms=tuple(e["terms"]),
        places=tuple((name, n) for name, n in e["places"]),
        posts=tuple(
            AlertPost(p["platform"], p["id"], p["url"], p["text"], parse_time(p["created_at"])) for p in e["posts"]
        ),
    )
    return Alert(
        id=row["id"],
        story=row["story"],
        kind=row["kind"],
        severity=row["severity"],
        title=row["title"],
        reason=row["reason"] or "",
        evidence=evidence,
        state=row["state"],
        opened_at=parse_time(row["opened_at"]),
        updated_at=parse_time(row["updated_at"]),
        stories=tuple(json.loads(row["stories"] or "[]")),
        keys=tuple(json.loads(row["keys"] or "[]")),
        acknowledged_by=row["acknowledged_by"] or "",
        acknowledged_at=_time_or_none(row["acknowledged_at"]),
        resolved_by=row["resolved_by"] or "",
        resolved_at=_time_or_none(row["resolved_at"]),
        resolved_note=row["resolved_note"] or "",
        updates=row["updates"] or 0,
        notified_size=row["notified_size"] or 0,
        mentions=mentions,
    )


def _desk_user(name: str, roles: str, email: str) -> User:
    """A desk user from the `users` table's name, roles (a JSON list) and email columns."""
    return User(name, frozenset(json.loads(roles)), email=email)


def _time_or_none(text: str | None) -> datetime | None:
    return parse_time(text) if text else None


def _attempts(row: tuple[Any, ...] | None) -> Attempts:
    """A name's failed sign-ins as a row keeps them, (failures, locked_until); no row is none yet."""
    return Attempts(row[0], _time_or_none(row[1])) if row else Attempts()


def _attempts_values(attempts: Attempts) -> list[Any]:
    """(failures, locked_until) as a row keeps them."""
    return [attempts.failures, iso(attempts.locked_until) if attempts.locked_until else None]


def _fts_query(text: str) -> str:
    """Quote each word so user input such as `don't` or `A-road` is never FTS5 syntax."""
    words = [word.replace('"', '""') for word in text.split()]
    return " ".join(f'"{word}"' for word in words) if words else '""'


# -- the force's own posts and the audit trail ------------------------------------------------------

_AUDIT_FIELDS = ("seq", "at", "by", "action", "post_id", "changes", "prev_hash", "hash")
_POST_DATA = (
    "texts",
    "accounts",
    "media",
    "thread",
    "findings",
    "last_edited_by",
    "reviewed_by",
    "reviewer_comment",
    "override_reason",
    "held_reason",
    "published",
    "failure_reason",
    "publishing_since",
    "template",
)


def _canonical(value: Any) -> str:
    """The one JSON form that is hashed: sorted keys, no spaces, UTF-8 as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _audit_hash(previous: str, fields: dict[str, Any]) -> str:
    """sha256(previous hash + canonical JSON of the row without its own hash)."""
    row = {k: fields[k] for k in _AUDIT_FIELDS if k != "hash"}
    return hashlib.sha256((previous + _canonical(row)).encode("utf-8")).hexdigest()


def _audit_from_row(row: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        seq=row["seq"],
        at=parse_time(row["at"]),
        by=row["by"],
        action=row["action"],
        post_id=row["post_id"],
        changes=json.loads(row["changes"]),
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


def _post_fields(post: OwnPost) -> dict[str, Any]:
    return {name: getattr(post, name) for name in post.__dataclass_fields__}


def _content_audit(post: OwnPost) -> dict[str, Any]:
    """What the author wrote, for the version table and the create row."""
    names = ("texts", "accounts", "scheduled_at", "campaign", "in_reply_to", "incident_id", "media", "thread")
    return {"version": post.version, **{name: post_lifecycle.plain(getattr(post, name)) for name in names}}


def _check_audit(post: OwnPost) -> dict[str, Any]:
    return {
        "version": post.version,
        "verdict": post.verdict,
        "summary": post.findings_summary(),
        "findings": post_lifecycle.plain(post.findings),
    }


def _own_post_row(post: OwnPost) -> dict[str, Any]:
    return {
        "id": post.id,
        "author": post.author,
        "state": post.state,
        "scheduled_at": iso(post.scheduled_at) if post.scheduled_at else None,
        "version": post.version,
        "campaign": post.campaign,
        "incident_id": post.incident_id,
        "reply_platform": post.in_reply_to.platform if post.in_reply_to else None,
        "reply_id": post.in_reply_to.mention_id if post.in_reply_to else None,
        "data": _canonical({name: post_lifecycle.plain(getattr(post, name)) for name in _POST_DATA}),
        "created_at": iso(post.created_at or datetime.now(UTC)),
        "updated_at": iso(post.updated_at or datetime.now(UTC)),
    }


def _own_post_from_row(row: dict[str, Any]) -> OwnPost:
    data = json.loads(row["data"])
    return OwnPost(
        id=row["id"],
        author=row["author"],
        state=row["state"],
        texts=data["texts"],
        accounts=tuple(Account(**a) for a in data["accounts"]),
        scheduled_at=_time_or_none(row["scheduled_at"]),
        campaign=row["campaign"] or "",
        in_reply_to=ReplyTo(row["reply_platform"], row["reply_id"]) if row["reply_platform"] else None,
        incident_id=row["incident_id"],
        media=tuple(MediaItem(**m) for m in data["media"]),
        thread=bool(data["thread"]),
        version=row["version"],
        findings={p: tuple(Finding(**f) for f in found) for p, found in data["findings"].items()},
        last_edited_by=data["last_edited_by"],
        reviewed_by=data["reviewed_by"],
        reviewer_comment=data["reviewer_comment"],
        override_reason=data["override_reason"],
        held_reason=data["held_reason"],
        published=data["published"],
        failure_reason=data["failure_reason"],
        publishing_since=_time_or_none(data.get("publishing_since")),
        template=data.get("template", ""),
        created_at=parse_time(row["created_at"]),
        updated_at=parse_time(row["updated_at"]),
    )
