"""The store side of publishing: users, posts and versions, moves with their audit rows, the hash chain."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from commsdesk.store import MIGRATIONS, Store
from publish.drafts import Checks, DraftRefused, PostSpec
from publish.lifecycle import IllegalMove, NotAllowed
from publish.records import SCHEDULER, Account, User

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
X = Account("x", "NorthshirePolice")
KNOWN = {X}


@pytest.fixture
def marking(finds_word: Callable[..., Checks]) -> Checks:
    """Blocks any text containing SECRET, as the protective-marking rule would."""
    return finds_word("SECRET", "protective-marking", "block")


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store(
        {"pc.smith": ["officer"], "r.jones": ["reviewer"], "s.patel": ["senior", "reviewer"], "d.khan": ["duty"]}
    )


def spec(text: str = "The A1 is closed northbound.", **extra: object) -> PostSpec:
    return PostSpec(texts={"x": text}, accounts=(X,), scheduled_at=NOW + timedelta(hours=1), **extra)  # type: ignore[arg-type]


def user(store: Store, name: str) -> User:
    found = store.user(name)
    assert found is not None
    return found


@pytest.fixture
def create(store: Store, marking: Checks) -> Callable[..., int]:
    """`create(text=...)`: a draft by pc.smith in `store`, checked for protective markings; its id."""

    def create(text: str = "The A1 is closed northbound.") -> int:
        return store.create_post(spec(text), by=user(store, "pc.smith"), checker=marking, known_accounts=KNOWN).id

    return create


def test_migrations_ran_and_users_round_trip(store: Store) -> None:
    assert store.schema_version == len(MIGRATIONS)
    assert "_migration_publish" in [m.__name__ for m in MIGRATIONS]
    assert user(store, "s.patel").roles == {"senior", "reviewer"}
    assert store.user("nobody") is None
    with pytest.raises(ValueError, match="unknown role"):
        store.add_user("x", ["wizard"])
    assert [e.action for e in store.audit()] == ["user"] * 4
    store.add_user("pc.smith", ["officer"], email="pc.smith@northshire.police.invalid")
    store.add_user("pc.smith", ["officer", "duty"])  # roles change, the address stays
    assert user(store, "pc.smith").email == "pc.smith@northshire.police.invalid"
    assert store.audit()[-2].changes["email"] == ["", "pc.smith@northshire.police.invalid"]


def test_a_post_goes_from_draft_to_published_with_an_audit_row_per_move(
    store: Store, create: Callable[..., int]
) -> None:
    ident = create()
    officer, reviewer = user(store, "pc.smith"), user(store, "r.jones")
    store.move_post(ident, "submit", officer)
    store.move_post(ident, "approve", reviewer, note="good", seen_version=1)
    store.move_post(ident, "schedule", reviewer)
    assert store.due_posts(NOW) == []
    due = store.due_posts(NOW + timedelta(hours=2))
    assert [p.id for p in due] == [ident]
    store.move_post(ident, "start_publishing", SCHEDULER)
    with pytest.raises(IllegalMove):  # a second scheduler loses the race
        store.move_post(ident, "start_publishing", SCHEDULER)
    done = store.move_post(ident, "mark_published", SCHEDULER, refs={"x": "190000"})
    assert store.post(ident) == done
    assert (done.state, dict(done.published), done.reviewed_by) == ("published", {"x": "190000"}, "r.jones")
    trail = store.audit(post_id=ident)
    assert [(e.action, e.by) for e in trail] == [
        ("create", "pc.smith"),
        ("check", "pc.smith"),
        ("submit", "pc.smith"),
        ("approve", "r.jones"),
        ("schedule", "r.jones"),
        ("start_publishing", "scheduler"),
        ("mark_published", "scheduler"),
    ]
    assert trail[3].changes["state"] == ["submitted", "approved"]
    assert trail[3].changes["note"] == "good"
    assert store.verify_audit() is None


def test_a_refused_move_writes_nothing(store: Store, create: Callable[..., int]) -> None:
    ident = create()
    store.move_post(ident, "submit", user(store, "pc.smith"))
    before = store.audit()
    with pytest.raises(NotAllowed, match="four eyes"):
        store.move_post(ident, "approve", User("pc.smith", frozenset({"reviewer"})))
    with pytest.raises(IllegalMove):
        store.move_post(ident, "mark_published", SCHEDULER, refs={"x": "1"})
    assert store.audit() == before
    assert store.post(ident).state == "submitted"  # type: ignore[union-attr]


def test_the_audit_row_is_written_in_the_same_transaction(
    store: Store, monkeypatch: pytest.MonkeyPatch, create: Callable[..., int]
) -> None:
    ident = create()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_append_audit", broken)
    with pytest.raises(RuntimeError):
        store.move_post(ident, "submit", user(store, "pc.smith"))
    assert store.post(ident).state == "draft"  # type: ignore[union-attr]


def test_a_refused_draft_saves_nothing(store: Store, marking: Checks) -> None:
    rows = len(store.audit())
    with pytest.raises(DraftRefused):
        store.create_post(spec(""), by=user(store, "pc.smith"), checker=marking, known_accounts=KNOWN)
    assert store.posts() == [] and len(store.audit()) == rows


def test_edits_save_versions_rerun_checks_and_block_then_override(
    store: Store, create: Callable[..., int], marking: Checks
) -> None:
    ident = create("Our SECRET plan for the A1.")
    officer, reviewer, senior = user(store, "pc.smith"), user(store, "r.jones"), user(store, "s.patel")
    store.move_post(ident, "submit", officer)
    with pytest.raises(NotAllowed, match="blocking"):
        store.move_post(ident, "approve", reviewer)
    edited = store.edit_post(ident, spec("The A1 is closed."), by=officer, checker=marking, known_accounts=KNOWN)
    assert (edited.version, edited.verdict, edited.state) == (2, "pass", "submitted")
    versions = store.post_versions(ident)
    assert [(v["version"], v["verdict"]) for v in versions] == [(1, "block"), (2, "pass")]
    assert versions[0]["content"]["texts"] == {"x": "Our SECRET plan for the A1."}
    with pytest.raises(NotAllowed, match="changed since you looked"):
        store.move_post(ident, "approve", reviewer, seen_version=1)
    store.edit_post(ident, spec("A SECRET again."), by=officer, checker=marking, known_accounts=KNOWN)
    done = store.move_post(ident, "override", senior, note="quoting the public inquiry's title")
    assert done.state == "approved" and done.override_reason == "quoting the public inquiry's title"
    actions = [e.action for e in store.audit(post_id=ident)]
    assert actions == ["create", "check", "submit", "edit", "check", "edit", "check", "override"]
    assert store.audit(post_id=ident)[3].changes["texts"] == [
        {"x": "Our SECRET plan for the A1."},
        {"x": "The A1 is closed."},
    ]


def test_hold_and_release_return_to_review(store: Store, create: Callable[..., int]) -> None:
    ident = create()
    store.move_post(ident, "submit", user(store, "pc.smith"))
    store.move_post(ident, "approve", user(store, "r.jones"))
    store.move_post(ident, "schedule", user(store, "r.jones"))
    held = store.move_post(ident, "hold", user(store, "d.khan"), note="critical incident on the A1")
    assert held.state == "held" and store.posts("held") == [held] and store.due_posts(NOW + timedelta(days=1)) == []
    assert store.move_post(ident, "release", user(store, "d.khan")).state == "submitted"


# -- the hash chain ---------------------------------------------------------------------------------


def _raw(store: Store, sql: str, params: list[object]) -> None:
    """What a tamperer with the database file would do: drop the guards, change a row."""
    store.db.execute("DROP TRIGGER IF EXISTS audit_no_update")
    store.db.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    store.db.execute(sql, params)


@pytest.fixture
def approved_post(store: Store, create: Callable[..., int]) -> int:
    """A post written, submitted and approved: a trail with something in it to tamper with."""
    ident = create()
    store.move_post(ident, "submit", user(store, "pc.smith"))
    store.move_post(ident, "approve", user(store, "r.jones"))
    return ident


@pytest.mark.usefixtures("approved_post")
def test_the_trail_refuses_update_and_delete_through_sql(store: Store) -> None:
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("UPDATE audit SET by = 'someone' WHERE seq = 5")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("DELETE FROM audit WHERE seq = 5")


@pytest.mark.usefixtures("approved_post")
def test_an_edited_row_is_found(store: Store) -> None:
    _raw(store, "UPDATE audit SET by = 'someone.else' WHERE seq = 7", [])
    problem = store.verify_audit()
    assert problem is not None and problem.seq == 7 and "edited" in problem.reason


@pytest.mark.usefixtures("approved_post")
def test_an_edited_change_is_found(store: Store) -> None:
    _raw(store, "UPDATE audit SET changes = replace(changes, 'r.jones', 'pc.smith') WHERE action = 'approve'", [])
    problem = store.verify_audit()
    assert problem is not None and problem.seq == 8


@pytest.mark.usefixtures("approved_post")
def test_a_rehashed_row_still_breaks_the_chain(store: Store) -> None:
    row = store.db.execute("SELECT * FROM audit WHERE seq = 6").fetchone()
    _raw(store, "UPDATE audit SET hash = ? WHERE seq = 6", ["0" * 64])
    problem = store.verify_audit()
    assert problem is not None and problem.seq == 6
    _raw(store, "UPDATE audit SET hash = ? WHERE seq = 6", [row[-1]])
    assert store.verify_audit() is None


@pytest.mark.usefixtures("approved_post")
def test_a_deleted_row_is_found_in_the_middle_and_at_the_end(store: Store) -> None:
    last = store.audit()[-1].seq
    _raw(store, "DELETE FROM audit WHERE seq = ?", [last])
    problem = store.verify_audit()
    assert problem is not None and problem.seq == last and "deleted" in problem.reason
    _raw(store, "DELETE FROM audit WHERE seq = 3", [])
    problem = store.verify_audit()
    assert problem is not None and problem.seq == 3 and "deleted" in problem.reason


@pytest.mark.usefixtures("approved_post")
def test_export_csv_and_json(store: Store) -> None:
    entries = store.audit()
    exported = json.loads(store.export_audit("json"))
    assert exported["verified"] and exported["count"] == len(entries) and exported["head"] == entries[-1].hash
    assert exported["entries"][-1]["action"] == "approve"
    rows = list(csv.DictReader(io.StringIO(store.export_audit("csv"))))
    assert [r["hash"] for r in rows] == [e.hash for e in entries]
    assert json.loads(rows[-1]["changes"])["state"] == ["submitted", "approved"]
    with pytest.raises(ValueError, match="csv or json"):
        store.export_audit("xml")
    store.add_user('=HYPERLINK("https://evil.invalid")', ["officer"], by="@admin")
    last = list(csv.DictReader(io.StringIO(store.export_audit("csv"))))[-1]
    assert last["by"] == "'@admin"  # a spreadsheet shows it as text instead of running it
    assert json.loads(store.export_audit("json"))["entries"][-1]["by"] == "@admin"  # the JSON stays exact
    _raw(store, "DELETE FROM audit WHERE seq = 2", [])
    assert json.loads(store.export_audit("json"))["problem"]["seq"] == 2


@pytest.mark.usefixtures("approved_post")
def test_the_audit_commands_verify_export_and_name_a_tampered_row(store: Store, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from commsdesk.cli import main
    from config.settings import example_path

    config = tmp_path / "force.toml"
    config.write_text(example_path().read_text().replace('"var/commsdesk.sqlite"', f'"{store.path}"'))
    runner = CliRunner()
    verified = runner.invoke(main, ["audit", "verify", "--config", str(config)])
    assert verified.exit_code == 0 and "audit trail verified" in verified.output
    exported = runner.invoke(main, ["audit", "export", str(tmp_path / "trail.csv"), "--config", str(config)])
    assert exported.exit_code == 0 and (tmp_path / "trail.csv").read_text().startswith("seq,")
    _raw(store, "UPDATE audit SET by = 'someone.else' WHERE seq = 7", [])
    broken = runner.invoke(main, ["audit", "verify", "--config", str(config)])
    assert broken.exit_code == 1 and "row 7" in broken.output
