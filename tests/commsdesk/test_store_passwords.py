"""Temporary passwords in the store: one that another desk user (an admin) sets must be changed by its owner,
their own is not, and the sessions say so on every request; `commsdesk users password` follows the same rule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from commsdesk.cli import main
from commsdesk.store import MIGRATIONS, Store
from config.settings import example_path
from web.records import TOUCH_EVERY

HASH = "$argon2id$a-hash"
PEOPLE = ("a.admin", "pc.smith", "r.jones")


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store({"a.admin": ["admin"], "pc.smith": ["officer"], "r.jones": ["reviewer"]})


def temporary(store: Store, name: str) -> bool:
    found = store.credentials(name)
    assert found is not None
    return found.password_temporary


def test_the_column_comes_from_its_own_migration_and_no_password_starts_temporary(store: Store) -> None:
    assert "_migration_password_temporary" in [m.__name__ for m in MIGRATIONS]
    assert store.schema_version == len(MIGRATIONS)
    assert "password_temporary" in store.db["users"].columns_dict
    assert not any(temporary(store, name) for name in PEOPLE)


def test_a_password_an_admin_sets_for_someone_else_is_temporary(store: Store) -> None:
    assert store.set_password_hash("pc.smith", HASH, by="a.admin") is True
    assert temporary(store, "pc.smith")


def test_ones_own_password_is_not_and_choosing_it_ends_the_temporary_one(store: Store) -> None:
    store.set_password_hash("pc.smith", HASH, by="a.admin")
    assert store.set_password_hash("pc.smith", "$argon2id$their-own", by="pc.smith") is False
    assert not temporary(store, "pc.smith")


def test_a_set_up_script_is_no_other_person_so_its_passwords_are_not_temporary(store: Store) -> None:
    """The demo, the browser tests and the benchmark give their users passwords as "demo set-up" and the like."""
    assert store.set_password_hash("pc.smith", HASH, by="demo set-up") is False
    assert not temporary(store, "pc.smith")


@settings(max_examples=30, deadline=None)
@given(steps=st.lists(st.tuples(st.sampled_from(PEOPLE), st.sampled_from((*PEOPLE, "demo set-up"))), max_size=8))
def test_temporary_exactly_when_the_last_to_set_it_was_another_desk_user(steps: list[tuple[str, str]]) -> None:
    with Store(":memory:") as store:
        for name in PEOPLE:
            store.add_user(name, ["officer"])
        for name, by in steps:
            assert store.set_password_hash(name, HASH, by=by) == (by != name and by in PEOPLE)
        last_by = {name: by for name, by in steps}
        for name in PEOPLE:
            assert temporary(store, name) == (name in last_by and last_by[name] not in (name, "demo set-up"))


def test_sessions_say_the_password_must_change_on_every_request_until_it_has(
    store: Store, ticking_clock: Callable[[], object]
) -> None:
    store.set_password_hash("pc.smith", HASH, by="a.admin")
    token, session = store.start_web_session("pc.smith")
    assert session.must_change_password
    assert store.resume_web_session(token).must_change_password  # type: ignore[union-attr]
    ticking_clock.skip(TOUCH_EVERY)  # type: ignore[attr-defined]
    touched = store.resume_web_session(token)
    assert touched is not None and touched.last_seen_at > session.last_seen_at and touched.must_change_password
    store.set_password_hash("pc.smith", "$argon2id$their-own", by="pc.smith")
    assert store.resume_web_session(token) is None, "setting a password ends the sessions"
    token, session = store.start_web_session("pc.smith")
    assert not session.must_change_password
    assert not store.resume_web_session(token).must_change_password  # type: ignore[union-attr]


def test_reading_a_session_stays_one_indexed_select(store: Store) -> None:
    """`resume_web_session` runs on every request: one statement, both tables read by their keys, none scanned."""
    store.set_password_hash("pc.smith", HASH, by="a.admin")
    token, _ = store.start_web_session("pc.smith")
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        assert store.resume_web_session(token) is not None
    finally:
        store.db.conn.set_trace_callback(None)
    assert len(statements) == 1 and statements[0].startswith("SELECT"), statements
    plan = [row[-1] for row in store.db.execute(f"EXPLAIN QUERY PLAN {statements[0]}").fetchall()]
    assert len(plan) == 2 and all(step.startswith("SEARCH") for step in plan), plan


# -- the command line ---------------------------------------------------------------------------------------


@pytest.fixture
def users_password(tmp_path: Path, store: Store) -> Callable[..., Result]:
    """`users_password(name, password, who=...)`: `commsdesk users password NAME --stdin --as WHO` on `store`."""
    config = tmp_path / "force.toml"
    config.write_text(example_path().read_text().replace('"var/commsdesk.sqlite"', f'"{store.path}"'))
    runner = CliRunner(env={"COLUMNS": "250", "COMMSDESK_USER": None})

    def run(name: str, password: str, *, who: str) -> Result:
        args = ["users", "password", name, "--stdin", "--config", str(config), "--as", who]
        return runner.invoke(main, args, input=f"{password}\n")

    return run


def test_the_command_run_by_an_admin_for_someone_else_sets_a_temporary_password(
    users_password: Callable[..., Result], store: Store
) -> None:
    result = users_password("pc.smith", "kettle harbour violin", who="a.admin")
    assert result.exit_code == 0, result.output
    assert "it is temporary: pc.smith chooses their own at their next sign-in" in result.output
    assert temporary(store, "pc.smith")


def test_the_command_run_for_oneself_sets_ones_own(users_password: Callable[..., Result], store: Store) -> None:
    users_password("pc.smith", "kettle harbour violin", who="a.admin")
    result = users_password("pc.smith", "lantern orchard pebble", who="pc.smith")
    assert result.exit_code == 0, result.output
    assert "temporary" not in result.output
    assert not temporary(store, "pc.smith")
