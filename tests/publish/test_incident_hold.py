"""A critical incident holds every routine post on every platform and releases them to review; holding
statements go out fast, still through the checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from commsdesk.store import IncidentActive, Store
from config.settings import HoldingStatement, Settings, example_path, load
from publish.drafts import Checks, PostSpec, force_accounts
from publish.incident_hold import declare, hold_routine, publish_holding, release_held, stand_down
from publish.lifecycle import IllegalMove, NotAllowed
from publish.records import SCHEDULER, Account, Post, ReplyTo, User

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SETTINGS = load(example_path(), environ={})
X = Account("x", "NorthshirePolice")
ROADS = Account("x", "NorthshireRoads")
FACEBOOK = Account("facebook", "100000000000001")
YOUTUBE = Account("youtube", "UCnorthshirepolice000001")
KNOWN = force_accounts(SETTINGS)


@pytest.fixture
def tone(finds_word: Callable[..., Checks]) -> Checks:
    """Warns on 'sadly', as a tone rule might; passes everything else."""
    return finds_word("sadly", "incident-tone", "warn")


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store(
        {"pc.smith": ["officer"], "r.jones": ["reviewer"], "d.khan": ["duty", "officer"], "s.patel": ["senior"]}
    )


def user(store: Store, name: str) -> User:
    found = store.user(name)
    assert found is not None
    return found


@pytest.fixture
def make(store: Store, tone: Checks) -> Callable[..., Post]:
    """`make(state, account=X, text=..., **extra)`: a post by pc.smith in `store`, moved as far as `state`
    (draft, submitted, approved, scheduled, held)."""

    def make(state: str, account: Account = X, text: str = "Come and meet your local team.", **extra: object) -> Post:
        reply = ReplyTo("youtube", "Ugz0000aaaaaaaaaaaaaaaa") if account.platform == "youtube" else None
        spec = PostSpec(
            texts={account.platform: text},
            accounts=(account,),
            scheduled_at=NOW + timedelta(hours=3),
            in_reply_to=reply,
            **extra,
        )
        post = store.create_post(spec, by=user(store, "pc.smith"), checker=tone, known_accounts=KNOWN)
        steps = {"submitted": 1, "approved": 2, "scheduled": 3, "held": 4}.get(state, 0)
        moves = [
            ("submit", "pc.smith", ""),
            ("approve", "r.jones", ""),
            ("schedule", "r.jones", ""),
            ("hold", "d.khan", "held by hand: waiting for legal"),
        ]
        for action, by, note in moves[:steps]:
            post = store.move_post(post.id, action, user(store, by), note=note)
        return post

    return make


def states(store: Store, *posts: Post) -> list[str]:
    return [store.post(p.id).state for p in posts]  # type: ignore[union-attr]


def test_an_incident_holds_every_routine_post_that_could_go_out_and_nothing_else(
    store: Store, make: Callable[..., Post]
) -> None:
    routine = [make("scheduled"), make("approved", FACEBOOK), make("scheduled", YOUTUBE)]
    about_an_incident = make("scheduled", text="Officers remain at the scene.", incident_id=1)
    statement = make("scheduled", text="Please avoid the area.", template="incident-in-area")
    untouched = [make("draft"), make("submitted"), about_an_incident, statement]
    by_hand = make("held")

    incident, held = declare(store, reason="warehouse fire in Elswick", by=user(store, "d.khan"), place="Elswick")

    assert [p.id for p in held] == [p.id for p in routine]
    assert states(store, *routine) == ["held"] * 3
    assert states(store, *untouched, by_hand) == ["draft", "submitted", "scheduled", "scheduled", "held"]
    assert [p.id for p in store.incident_holds(incident.id)] == [p.id for p in routine]
    for post in routine:
        hold = store.audit(post_id=post.id)[-1]
        assert (hold.action, hold.by) == ("hold", "d.khan")
        assert hold.changes["note"] == f"critical incident {incident.id}: warehouse fire in Elswick"
        assert hold.changes["state"][1] == "held"
    assert store.verify_audit() is None


def test_ending_it_sends_what_it_held_back_to_review_never_out(store: Store, make: Callable[..., Post]) -> None:
    routine = [make("scheduled"), make("approved", FACEBOOK), make("scheduled", YOUTUBE)]
    by_hand = make("held")
    incident, _ = declare(store, reason="flooding", by=user(store, "s.patel"))

    ended, released = stand_down(store, by=user(store, "d.khan"), note="water receding")

    assert not ended.active and ended.end_note == "water receding"
    assert [p.id for p in released] == [p.id for p in routine]
    assert states(store, *routine) == ["submitted"] * 3
    assert all(p.reviewed_by == "" and p.held_reason == "" for p in released)
    assert states(store, by_hand) == ["held"]
    assert store.due_posts(NOW + timedelta(days=1)) == []
    assert store.incident_holds(incident.id) == []
    with pytest.raises(IllegalMove):  # a released post is approved again before it can be queued
        store.move_post(routine[0].id, "schedule", user(store, "r.jones"))
    release = store.audit(post_id=routine[0].id)[-1]
    assert (release.action, release.by, release.changes["state"]) == ("release", "d.khan", ["held", "submitted"])


def test_a_post_released_and_held_again_by_hand_stays_held_when_the_incident_ends(
    store: Store, make: Callable[..., Post]
) -> None:
    post = make("scheduled")
    incident, _ = declare(store, reason="flooding", by=user(store, "d.khan"))
    duty, reviewer = user(store, "d.khan"), user(store, "r.jones")
    store.move_post(post.id, "release", duty)
    store.move_post(post.id, "approve", reviewer)
    store.move_post(post.id, "hold", duty, note="waiting for the family's consent")

    assert store.incident_holds(incident.id) == []
    assert release_held(store, incident, duty) == []
    assert states(store, post) == ["held"]


def test_holding_again_during_the_incident_catches_what_was_approved_since(
    store: Store, make: Callable[..., Post]
) -> None:
    first = make("scheduled")
    incident, held = declare(store, reason="flooding", by=user(store, "d.khan"))
    later = make("approved")

    again = hold_routine(store, incident, SCHEDULER)

    assert [p.id for p in held] == [first.id] and [p.id for p in again] == [later.id]
    assert [p.id for p in store.incident_holds(incident.id)] == [first.id, later.id]
    _, released = stand_down(store, by=user(store, "d.khan"))
    assert [p.id for p in released] == [first.id, later.id]
    assert hold_routine(store, incident, SCHEDULER) == []  # over: nothing more is held for it
    assert states(store, make("scheduled")) == ["scheduled"]


def test_the_incident_and_its_holds_are_all_or_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch, make: Callable[..., Post]
) -> None:
    posts = [make("scheduled"), make("scheduled", FACEBOOK)]
    before = store.audit()
    real_move = store.move_post
    calls = []

    def failing_second_move(*args: object, **kwargs: object) -> Post:
        calls.append(args)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_move(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "move_post", failing_second_move)
    with pytest.raises(OSError):
        declare(store, reason="flooding", by=user(store, "d.khan"))

    assert store.active_incident() is None
    assert states(store, *posts) == ["scheduled", "scheduled"]
    assert store.audit() == before


def test_only_duty_or_senior_declare_and_one_incident_at_a_time(store: Store, make: Callable[..., Post]) -> None:
    post = make("scheduled")
    with pytest.raises(NotAllowed, match="only duty / senior"):
        declare(store, reason="flooding", by=user(store, "r.jones"))
    assert store.active_incident() is None and states(store, post) == ["scheduled"]
    declare(store, reason="flooding", by=user(store, "d.khan"))
    later = make("scheduled")
    with pytest.raises(IncidentActive):
        declare(store, reason="another", by=user(store, "d.khan"))
    assert states(store, later) == ["scheduled"]
    with pytest.raises(NotAllowed):
        stand_down(store, by=user(store, "pc.smith"))


# -- holding statements ---------------------------------------------------------------------------


def test_a_holding_statement_that_passes_the_checks_goes_out_at_the_next_run(store: Store, tone: Checks) -> None:
    incident, _ = declare(store, reason="warehouse fire", by=user(store, "d.khan"), place="Elswick")

    post = publish_holding(store, SETTINGS, "incident-in-area", {"place": "Elswick"}, (), user(store, "d.khan"), tone)

    assert post.state == "scheduled" and post.scheduled_at is None
    assert (post.template, post.incident_id, post.reviewed_by) == ("incident-in-area", incident.id, "d.khan")
    assert post.accounts == (FACEBOOK, X, ROADS)  # every account it may go on; YouTube only takes replies
    assert post.texts["x"].startswith("We are aware of an incident in Elswick and officers are attending.")
    assert [p.id for p in store.due_posts(store.clock())] == [post.id]
    trail = [(e.action, e.by) for e in store.audit(post_id=post.id)]
    assert trail == [
        ("create", "d.khan"),
        ("check", "d.khan"),
        ("approve_holding", "d.khan"),
        ("schedule", "scheduler"),
    ]
    assert "wording approved by Head of Corporate Communications" in store.audit(post_id=post.id)[2].changes["note"]
    assert hold_routine(store, incident, SCHEDULER) == []  # an incident never holds its own statement


def test_a_holding_statement_the_checks_question_goes_to_ordinary_review(store: Store, tone: Checks) -> None:
    sad = HoldingStatement(
        name="sad-news",
        title="A death",
        text="We are sadly aware of a death in {place}.",
        approved_by="Head of Comms",
        approved_on="2026-01-12",
        platforms=["x"],
    )
    settings = replace(SETTINGS, holding_statements=[sad])

    post = publish_holding(store, settings, "sad-news", {"place": "Byker"}, [X], user(store, "s.patel"), tone)

    assert (post.state, post.verdict, post.reviewed_by, post.accounts) == ("submitted", "warn", "", (X,))
    assert [e.action for e in store.audit(post_id=post.id)] == ["create", "check", "submit"]


def test_a_holding_statement_is_refused_with_every_reason_and_nothing_saved(store: Store, tone: Checks) -> None:
    settings: Settings = replace(
        SETTINGS,
        holding_statements=[replace(SETTINGS.holding_statements[0], name="x-only", platforms=["x"])],
    )
    with pytest.raises(ValueError) as refused:
        publish_holding(
            store, settings, "x-only", {"place": "@someone", "time": "now"}, [FACEBOOK], user(store, "d.khan"), tone
        )
    assert refused.value.reasons == [  # type: ignore[attr-defined]
        "{place} may not hold an @handle",
        "the x-only statement has no blank {time} (its blanks: {place})",
        f"the x-only statement may go on x, not on {FACEBOOK}",
    ]
    with pytest.raises(ValueError, match="no holding statement 'road-closd': the force has x-only"):
        publish_holding(store, settings, "road-closd", {}, (), user(store, "d.khan"), tone)
    with pytest.raises(NotAllowed, match="only duty / senior"):
        publish_holding(store, settings, "x-only", {"place": "Byker"}, (), user(store, "r.jones"), tone)
    assert store.posts() == []
