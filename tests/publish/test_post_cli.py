"""`commsdesk post ...` and `commsdesk users ...` as people use them: a force config, a store, the real checks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from commsdesk.cli import main
from commsdesk.store import Store
from config.settings import example_path
from publish.drafts import Checks, PostSpec
from publish.records import SCHEDULER, Account

NEXT_YEAR = datetime.now(UTC).year + 1
AT = f"{NEXT_YEAR}-11-21 09:30"  # GMT in November: shown as typed
CLEAN = "The A1 is closed northbound near Byker this morning."
MARKED = "OFFICIAL-SENSITIVE: the A1 is closed northbound, and we utilise diversions."


class Desk:
    """The command line against one force config and its store, acting as someone (pc.smith unless told)."""

    def __init__(self, folder: Path) -> None:
        self.store_path = folder / "s.sqlite"
        self.config = folder / "force.toml"
        self.config.write_text(
            example_path().read_text().replace('"var/commsdesk.sqlite"', f'"{self.store_path}"'), encoding="utf-8"
        )
        self.runner = CliRunner(env={"COLUMNS": "250", "COMMSDESK_USER": None})

    def __call__(self, *args: str, who: str = "pc.smith") -> Result:
        return self.runner.invoke(main, [*args, "--config", str(self.config), "--as", who])

    def ok(self, *args: str, who: str = "pc.smith") -> str:
        result = self(*args, who=who)
        assert result.exit_code == 0, result.output
        return result.output

    def refused(self, *args: str, who: str = "pc.smith") -> str:
        """The command's output, having checked it failed as a person should see it: exit 1, no traceback."""
        result = self(*args, who=who)
        assert result.exit_code == 1, result.output
        assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
        return result.output

    def new(self, *args: str, who: str = "pc.smith") -> int:
        output = self.ok("post", "new", *args, who=who)
        return int(output.split()[1])


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    d = Desk(tmp_path)
    d.ok("users", "add", "a.admin", "--role", "admin", who="a.admin")
    d.ok("users", "add", "pc.smith", "--role", "officer", "--email", "pc.smith@force.invalid", who="a.admin")
    d.ok("users", "add", "r.jones", "--role", "reviewer", who="a.admin")
    d.ok("users", "add", "s.patel", "--role", "senior", "--role", "reviewer", who="a.admin")
    d.ok("users", "add", "d.khan", "--role", "duty", who="a.admin")
    return d


def test_the_first_admin_bootstraps_the_desk_and_then_only_admins_add_users(tmp_path: Path) -> None:
    fresh = Desk(tmp_path)
    assert "no desk users yet" in fresh.ok("users", "list")
    assert "no admin yet" in fresh.refused("users", "add", "pc.smith", "--role", "officer", who="pc.smith")
    first = fresh.ok("users", "add", "a.admin", "--role", "admin", who="installer")
    assert "a.admin is its first admin" in first
    assert "only an admin may" in fresh.refused("users", "add", "sneaky", "--role", "admin", who="pc.smith")
    fresh.ok("users", "add", "r.jones", "--role", "reviewer", "--email", "r.jones@force.invalid", who="a.admin")
    listing = fresh.ok("users", "list", who="r.jones")
    assert "a.admin" in listing and "r.jones" in listing and "r.jones@force.invalid" in listing
    assert "sneaky" not in listing
    assert fresh("users", "add", "x", "--role", "wizard", who="a.admin").exit_code == 2  # click names the choices


def test_someone_not_on_the_desk_is_told_how_to_get_on_it(desk: Desk) -> None:
    output = desk.refused("post", "new", "--text", CLEAN, who="pc.nobody")
    assert "pc.nobody is not a desk user" in output
    assert "commsdesk users add pc.nobody --role officer" in output


def test_draft_submit_approve_queues_the_post(desk: Desk) -> None:
    ident = desk.new("--text", CLEAN, "--at", AT, "--campaign", "winter-roads")
    desk.ok("post", "submit", str(ident), who="pc.smith")
    approved = desk.runner.invoke(
        main,
        ["post", "approve", str(ident), "--version", "1", "--note", "Clear", "--config", str(desk.config)],
        env={"COMMSDESK_USER": "r.jones"},
    )
    assert approved.exit_code == 0, approved.output
    assert f"post {ident} approved by r.jones → scheduled" in approved.output
    assert f"the scheduler publishes it at {AT} GMT" in approved.output
    with Store(desk.store_path) as store:
        assert [e.action for e in store.audit(post_id=ident)][-2:] == ["approve", "schedule"]


def test_a_new_post_shows_its_findings_and_what_to_do_next(desk: Desk) -> None:
    output = desk.ok("post", "new", "--text", MARKED, "--submit", who="pc.smith")
    assert "post 1 submitted for review (version 1)" in output
    for essential in ("x", "block", "protective-marking", "OFFICIAL-SENSITIVE", "jargon", "utilise", "use"):
        assert essential in output
    assert "commsdesk post override 1 --reason" in output


def test_the_author_cannot_approve_their_own_post(desk: Desk) -> None:
    ident = desk.new("--text", CLEAN, "--submit", who="r.jones")
    output = desk.refused("post", "approve", str(ident), who="r.jones")
    assert "someone else must approve it (four eyes)" in output
    assert "submitted" in desk.ok("post", "list", "--state", "submitted", who="r.jones")


def test_a_blocked_post_goes_out_only_by_a_senior_override_with_a_reason(desk: Desk) -> None:
    ident = desk.new("--text", MARKED, "--submit")
    assert "has blocking findings: protective-marking (x)" in desk.refused("post", "approve", str(ident), who="r.jones")
    assert desk("post", "override", str(ident), who="s.patel").exit_code == 2  # --reason is required
    assert "only senior may" in desk.refused("post", "override", str(ident), "--reason", "fine", who="r.jones")
    output = desk.ok("post", "override", str(ident), "--reason", "Cleared by the SIO", "--version", "1", who="s.patel")
    assert "→ scheduled" in output
    assert "Cleared by the SIO" in desk.ok("post", "show", str(ident), who="r.jones")


def test_approving_after_the_time_has_passed_says_nothing_was_scheduled(desk: Desk, no_findings: Checks) -> None:
    past = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    with Store(desk.store_path, clock=lambda: past) as store:
        officer = store.user("pc.smith")
        assert officer is not None
        spec = PostSpec(texts={"x": CLEAN}, accounts=(Account("x", "NorthshirePolice"),), scheduled_at=past)
        ident = store.create_post(spec, by=officer, checker=no_findings, known_accounts=spec.accounts).id
        store.move_post(ident, "submit", officer)
    output = desk.ok("post", "approve", str(ident), who="r.jones")
    assert "→ needs_reschedule" in output
    assert "passed before it was approved, so nothing was scheduled" in output
    assert f'commsdesk post edit {ident} --at "YYYY-MM-DD HH:MM"' in output


def test_an_edit_keeps_what_was_not_given_and_refuses_a_stale_version(desk: Desk) -> None:
    ident = desk.new("--text", CLEAN, "--at", AT, "--campaign", "winter-roads")
    edited = desk.ok("post", "edit", str(ident), "--x", MARKED, "--version", "1", who="pc.smith")
    assert f"post {ident} is now version 2 (draft)" in edited and "protective-marking" in edited
    stale = desk.refused("post", "edit", str(ident), "--x", CLEAN, "--version", "1", who="pc.smith")
    assert "changed since you looked at it (you saw version 1, it is now version 2)" in stale
    shown = desk.ok("post", "show", str(ident), who="pc.smith")
    assert "winter-roads" in shown and f"{AT} GMT" in shown and "version 2" in shown
    assert desk("post", "edit", str(ident), who="pc.smith").exit_code == 2  # nothing to change


def test_bad_input_is_refused_with_every_reason_and_nothing_saved(desk: Desk, tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8")
    output = desk.refused(
        "post", "new", "--text", "", "--account", "x:NotOurs", "--at", "2020-06-01 09:00", "--media", str(photo)
    )
    assert "not saved" in output
    for reason in (
        "unknown account x:NotOurs",
        "the x text is empty",
        "the time 2020-06-01 09:00 BST has already passed",
        "has no alt text",
        "the force's accounts are x:NorthshirePolice",
    ):
        assert reason in output
    assert "no posts yet" in desk.ok("post", "list", who="pc.smith")
    with Store(desk.store_path) as store:
        assert store.posts() == [] and {e.action for e in store.audit()} == {"user"}


def test_moves_that_the_table_or_the_roles_forbid_are_one_red_line(desk: Desk) -> None:
    ident = desk.new("--text", CLEAN)
    assert "is draft: cannot approve" in desk.refused("post", "approve", str(ident), who="r.jones")
    assert "no post 99" in desk.refused("post", "show", "99", who="r.jones")
    assert "no post 99" in desk.refused("post", "submit", "99", who="pc.smith")
    desk.ok("post", "submit", str(ident))
    assert "r.jones may not withdraw post" in desk.refused("post", "withdraw", str(ident), who="r.jones")
    assert desk("post", "reject", str(ident), who="r.jones").exit_code == 2  # --comment is required
    rejected = desk.ok("post", "reject", str(ident), "--comment", "Name the junction", who="r.jones")
    assert "→ rejected" in rejected and "Name the junction" in rejected
    assert "is rejected: cannot withdraw (allowed: edit)" in desk.refused("post", "withdraw", str(ident))


def test_hold_and_release_send_the_post_back_to_review(desk: Desk) -> None:
    ident = desk.new("--text", CLEAN, "--at", AT, "--submit")
    desk.ok("post", "approve", str(ident), who="r.jones")
    assert "→ held" in desk.ok("post", "hold", str(ident), "--reason", "Incident in Byker", who="d.khan")
    assert "held because  Incident in Byker" in desk.ok("post", "show", str(ident), who="d.khan")
    assert "→ submitted" in desk.ok("post", "release", str(ident), who="d.khan")


def test_list_shows_the_essentials_newest_first_and_filters(desk: Desk) -> None:
    first = desk.new("--text", CLEAN, "--at", AT)
    second = desk.new("--facebook", "Road works on the Quayside next week.", who="r.jones")
    listing = desk.ok("post", "list", who="pc.smith")
    assert listing.index(f"│ {second} ") < listing.index(f"│ {first} ")
    for essential in ("draft", "pc.smith", "r.jones", "x:NorthshirePolice", "facebook:100000000000001", f"{AT} GMT"):
        assert essential in listing
    assert "when approved" in listing and "The A1 is closed northbound" in listing
    mine = desk.ok("post", "list", "--mine", who="pc.smith")
    assert f"│ {first} " in mine and "r.jones" not in mine
    assert "no scheduled posts" in desk.ok("post", "list", "--state", "scheduled", who="pc.smith")


def test_show_tells_the_whole_story_with_links_once_published(desk: Desk) -> None:
    ident = desk.new("--text", CLEAN, "--submit")
    desk.ok("post", "approve", str(ident), "--note", "Good to go", who="r.jones")
    link = "https://x.com/NorthshirePolice/status/1"
    with Store(desk.store_path) as store:
        store.move_post(ident, "start_publishing", SCHEDULER)
        store.move_post(ident, "mark_published", SCHEDULER, refs={"x:NorthshirePolice": link})
    shown = desk.ok("post", "show", str(ident), who="pc.smith")
    for essential in (
        f"post {ident} · published · version 1 · by pc.smith",
        CLEAN,
        "x:NorthshirePolice",
        "when approved",
        "reviewed by",
        "r.jones",
        "Good to go",
        f"published on x:NorthshirePolice  {link}",
        "nothing found",
        "versions",
        "history",
        "wrote version 1",
        "submitted → approved",
        "approved → scheduled",
        "scheduler",
    ):
        assert essential in shown, essential


def test_passwords_are_set_by_the_person_or_an_admin_and_refused_when_weak(desk: Desk) -> None:
    from commsdesk.store import Store
    from web.auth import default_passwords

    def with_input(text: str, *args: str, who: str) -> Result:
        return desk.runner.invoke(main, [*args, "--config", str(desk.config), "--as", who], input=text)

    done = with_input("correct horse battery\n", "users", "password", "pc.smith", "--stdin", who="pc.smith")
    assert done.exit_code == 0 and "password set for pc.smith" in done.output
    by_admin = with_input("another long password\n", "users", "password", "r.jones", "--stdin", who="a.admin")
    assert by_admin.exit_code == 0, by_admin.output
    other = with_input("not my password at all\n", "users", "password", "r.jones", "--stdin", who="pc.smith")
    assert other.exit_code == 1 and "only an admin" in other.output
    weak = with_input("short\n", "users", "password", "pc.smith", "--stdin", who="pc.smith")
    assert weak.exit_code == 1 and "password" in weak.output
    with Store(desk.store_path) as store:
        stored = store.credentials("pc.smith")
    assert stored is not None and default_passwords().verify(stored.password_hash, "correct horse battery")
