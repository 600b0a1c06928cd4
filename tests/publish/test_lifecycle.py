"""The post life-cycle table: every (state, action) pair, who may move, four eyes, override, lateness."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_checks.records import Finding
from publish.lifecycle import ACTIONS, LATE, MOVES, WHO, IllegalMove, NotAllowed, allowed, changes, move
from publish.records import SCHEDULER, STATES, Account, Post, User

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
AUTHOR = User("pc.smith", frozenset({"officer"}))
REVIEWER = User("r.jones", frozenset({"reviewer"}))
SENIOR = User("s.patel", frozenset({"senior"}))
DUTY = User("d.khan", frozenset({"duty"}))
ADMIN = User("a.admin", frozenset({"admin"}))
# Someone entitled to make each move (never the author, so four eyes is not in the way).
ACTOR = {
    "edit": REVIEWER,
    "submit": AUTHOR,
    "withdraw": AUTHOR,
    "approve": REVIEWER,
    "override": SENIOR,
    "reject": REVIEWER,
    "schedule": REVIEWER,
    "hold": DUTY,
    "release": DUTY,
    "expire": SCHEDULER,
    "start_publishing": SCHEDULER,
    "record": SCHEDULER,
    "mark_published": SCHEDULER,
    "approve_holding": DUTY,
    "fail": SCHEDULER,
}
BLOCK = Finding("protective-marking", "block", 0, 6, "a protective marking")


def post(state: str = "draft", **changes: object) -> Post:
    base = Post(
        id=7,
        author=AUTHOR.name,
        state=state,
        texts={"x": "Road closed on the A1 this morning."},
        accounts=(Account("x", "NorthshirePolice"),),
        scheduled_at=NOW + timedelta(hours=2),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def attempt(p: Post, action: str, **extra: object) -> Post:
    needs = {"override": "cleared by legal", "reject": "too vague", "hold": "incident", "fail": "expired token"}
    kwargs: dict[str, object] = {"note": needs.get(action, "")}
    if action in ("mark_published", "record"):
        kwargs["refs"] = {"x:NorthshirePolice": "https://x.com/NorthshirePolice/status/1900000000000000001"}
    if action == "approve_holding":
        p = replace(p, template="road-closure")
    if action == "override":
        p = replace(p, findings={"x": (BLOCK,)})
    kwargs.update(extra)
    return move(p, action, by=ACTOR[action], at=NOW, **kwargs)  # type: ignore[arg-type]


def test_every_action_has_who_and_every_state_is_known() -> None:
    assert set(ACTIONS) == set(WHO)
    assert {s for s, _ in MOVES} | set(MOVES.values()) <= set(STATES)
    assert allowed("published") == []


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_state_action_pair(state: str, action: str) -> None:
    p = post(state)
    if (state, action) in MOVES:
        moved = attempt(p, action)
        assert moved.state == MOVES[(state, action)]
        assert moved.id == p.id and moved.updated_at == NOW
    else:
        with pytest.raises(IllegalMove, match=f"post 7 is {state}: cannot {action}"):
            attempt(p, action)


@given(state=st.sampled_from(STATES), action=st.text(min_size=1, max_size=12))
def test_unknown_actions_always_raise(state: str, action: str) -> None:
    if (state, action) not in MOVES:
        with pytest.raises(IllegalMove):
            move(post(state), action, by=SENIOR, at=NOW)


@pytest.mark.parametrize("action", ["approve", "override", "reject"])
def test_the_author_cannot_approve_or_reject_their_own_post(action: str) -> None:
    boss = User(AUTHOR.name, frozenset({"officer", "reviewer", "senior"}))
    p = post("submitted", findings={"x": (BLOCK,)} if action == "override" else {})
    with pytest.raises(NotAllowed, match="four eyes"):
        move(p, action, by=boss, at=NOW, note="because")


def test_the_last_editor_cannot_approve_what_they_wrote() -> None:
    p = post("submitted", last_edited_by=REVIEWER.name)
    with pytest.raises(NotAllowed, match="last edited"):
        move(p, "approve", by=REVIEWER, at=NOW)
    other = User("r.other", frozenset({"reviewer"}))
    assert move(p, "approve", by=other, at=NOW).state == "approved"


@pytest.mark.parametrize("who", [AUTHOR, DUTY, ADMIN, SCHEDULER])
def test_approve_needs_a_reviewer(who: User) -> None:
    with pytest.raises(NotAllowed, match="may not approve"):
        move(post("submitted"), "approve", by=who, at=NOW)


def test_a_blocking_finding_stops_approval() -> None:
    p = post("submitted", findings={"x": (BLOCK,)})
    with pytest.raises(NotAllowed, match="blocking findings: protective-marking"):
        move(p, "approve", by=REVIEWER, at=NOW)


def test_override_needs_a_senior_and_a_written_reason() -> None:
    p = post("submitted", findings={"x": (BLOCK,)})
    with pytest.raises(NotAllowed, match="may not override"):
        move(p, "override", by=REVIEWER, at=NOW, note="fine")
    with pytest.raises(NotAllowed, match="written reason"):
        move(p, "override", by=SENIOR, at=NOW, note="   ")
    done = move(p, "override", by=SENIOR, at=NOW, note="the marking is quoted from a public report")
    assert done.state == "approved"
    assert done.override_reason == "the marking is quoted from a public report"
    assert done.reviewed_by == SENIOR.name


def test_override_without_a_block_is_refused() -> None:
    with pytest.raises(NotAllowed, match="approve it instead"):
        move(post("submitted"), "override", by=SENIOR, at=NOW, note="x")


def test_reject_needs_a_comment_and_keeps_it_for_the_author() -> None:
    with pytest.raises(NotAllowed, match="comment"):
        move(post("submitted"), "reject", by=REVIEWER, at=NOW)
    done = move(post("submitted"), "reject", by=REVIEWER, at=NOW, note="say which road")
    assert (done.state, done.reviewer_comment) == ("rejected", "say which road")


@pytest.mark.parametrize(("state", "action"), sorted(LATE))
def test_late_approval_or_scheduling_needs_a_fresh_look(state: str, action: str) -> None:
    p = post(state, scheduled_at=NOW - timedelta(minutes=1))
    done = attempt(p, action)
    assert done.state == "needs_reschedule"
    assert done.reviewed_by == ""
    assert attempt(post(state), action).state != "needs_reschedule"


def test_editing_an_approved_post_sends_it_back_for_approval() -> None:
    approved = move(post("submitted"), "approve", by=REVIEWER, at=NOW)
    edited = move(approved, "edit", by=AUTHOR, at=NOW)
    assert edited.state == "submitted"
    assert edited.reviewed_by == "" and edited.last_edited_by == AUTHOR.name


def test_release_goes_back_to_review_never_to_publishing() -> None:
    held = move(post("scheduled"), "hold", by=DUTY, at=NOW, note="critical incident")
    assert held.held_reason == "critical incident"
    released = move(held, "release", by=DUTY, at=NOW)
    assert released.state == "submitted" and released.held_reason == ""


def test_a_stale_view_cannot_be_approved() -> None:
    with pytest.raises(NotAllowed, match="changed since you looked"):
        move(post("submitted", version=3), "approve", by=REVIEWER, at=NOW, seen_version=2)


def test_only_the_scheduler_publishes() -> None:
    with pytest.raises(NotAllowed):
        move(post("scheduled"), "start_publishing", by=SENIOR, at=NOW)
    with pytest.raises(NotAllowed, match="references"):
        move(post("publishing"), "mark_published", by=SCHEDULER, at=NOW)


def test_changes_names_what_moved() -> None:
    before = post("submitted")
    after = move(before, "reject", by=REVIEWER, at=NOW, note="no")
    assert changes(before, after) == {
        "state": ["submitted", "rejected"],
        "reviewed_by": ["", "r.jones"],
        "reviewer_comment": ["", "no"],
    }


def test_a_filled_holding_statement_is_approved_by_the_duty_officer_who_filled_it() -> None:
    filled = post("draft", author=DUTY.name, template="road-closure")
    done = move(filled, "approve_holding", by=DUTY, at=NOW)
    assert (done.state, done.reviewed_by) == ("approved", DUTY.name)
    with pytest.raises(NotAllowed, match="not from a holding-statement template"):
        move(post("draft", author=DUTY.name), "approve_holding", by=DUTY, at=NOW)
    with pytest.raises(NotAllowed, match="may not approve_holding"):
        move(filled, "approve_holding", by=REVIEWER, at=NOW)
    warned = replace(filled, findings={"x": (Finding("named-suspect", "warn", 0, 4, "a name"),)})
    with pytest.raises(NotAllowed, match="submit it for review"):
        move(warned, "approve_holding", by=DUTY, at=NOW)


def test_publishing_keeps_each_accounts_receipt_and_its_start() -> None:
    started = move(post("scheduled"), "start_publishing", by=SCHEDULER, at=NOW)
    assert started.publishing_since == NOW
    one = move(started, "record", by=SCHEDULER, at=NOW, refs={"x:NorthshirePolice": "https://x.com/a/status/1"})
    assert one.state == "publishing" and dict(one.published) == {"x:NorthshirePolice": "https://x.com/a/status/1"}
    with pytest.raises(NotAllowed, match="record needs"):
        move(started, "record", by=SCHEDULER, at=NOW)
    done = move(one, "mark_published", by=SCHEDULER, at=NOW)
    assert done.state == "published" and done.published == one.published
    with pytest.raises(NotAllowed, match="references"):
        move(started, "mark_published", by=SCHEDULER, at=NOW)
