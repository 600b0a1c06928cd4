"""The desk's operations on a real store: typed input to a spec, approve-then-queue, override, users, a post's story."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commsdesk.store import Store
from config.settings import example_path, load
from policy_checks.engine import Checker
from policy_checks.testing import FakeEntities
from publish import desk
from publish.desk import Typed, spec_from
from publish.drafts import DraftRefused, PostSpec
from publish.lifecycle import IllegalMove, NotAllowed
from publish.records import Account, MediaItem, ReplyTo, User

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SETTINGS = load(example_path(), environ={})
ACCOUNTS = desk.accounts_of(SETTINGS)
X = Account("x", "NorthshirePolice")
ROADS = Account("x", "NorthshireRoads")
FB = Account("facebook", "100000000000001")
CHECKER = Checker(entity_finder=FakeEntities())  # the real rules, without loading spaCy
CLEAN = "The A1 is closed northbound near Byker this morning."
MARKED = "OFFICIAL-SENSITIVE: the A1 is closed northbound."


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    """On the shared ticking clock, which starts at NOW."""
    return make_store(
        {"a.admin": ["admin"], "pc.smith": ["officer"], "r.jones": ["reviewer"], "s.patel": ["senior", "reviewer"]}
    )


def who(store: Store, name: str) -> User:
    found = store.user(name)
    assert found is not None
    return found


def typed_spec(typed: Typed, base: PostSpec | None = None) -> PostSpec:
    return spec_from(typed, accounts=ACCOUNTS, now=NOW, base=base)


def draft(store: Store, text: str = CLEAN, *, by: str = "pc.smith", at: str = "2026-11-20 12:00") -> int:
    spec = typed_spec(Typed(text=text, at=at))
    return desk.create(store, spec, by=who(store, by), checker=CHECKER, accounts=ACCOUNTS).id


def refusal(typed: Typed, base: PostSpec | None = None) -> list[str]:
    with pytest.raises(DraftRefused) as refused:
        typed_spec(typed, base)
    return refused.value.reasons


# -- what a person typed ----------------------------------------------------------------------------


def test_the_force_accounts_keep_the_settings_order() -> None:
    assert desk.accounts_of(SETTINGS) == (X, ROADS, FB, Account("youtube", "UCnorthshirepolice000001"))


def test_only_a_text_goes_on_the_first_x_account_and_the_time_is_london() -> None:
    spec = typed_spec(Typed(text=CLEAN, at="2026-11-21 09:30", campaign=" winter "))
    assert spec.accounts == (X,)
    assert dict(spec.texts) == {"x": CLEAN}
    assert spec.scheduled_at == datetime(2026, 11, 21, 9, 30, tzinfo=UTC)  # GMT in November
    assert spec.campaign == "winter"


def test_per_platform_texts_choose_each_platforms_first_account_and_override_the_common_text() -> None:
    spec = typed_spec(Typed(text=CLEAN, texts={"facebook": "Longer words for Facebook."}))
    assert spec.accounts == (FB,)
    assert dict(spec.texts) == {"facebook": "Longer words for Facebook."}
    both = typed_spec(
        Typed(
            text=CLEAN,
            texts={"facebook": "Facebook words."},
            accounts=("x:NorthshireRoads", "facebook:100000000000001"),
        )
    )
    assert both.accounts == (ROADS, FB)
    assert dict(both.texts) == {"x": CLEAN, "facebook": "Facebook words."}


def test_accounts_are_matched_as_the_force_spells_them() -> None:
    spec = typed_spec(Typed(text=CLEAN, accounts=("x:@northshireroads", "NorthshirePolice", "x:NorthshirePolice")))
    assert spec.accounts == (ROADS, X)


def test_a_reply_goes_on_the_platform_of_the_mention() -> None:
    spec = typed_spec(Typed(text="Thanks, we have passed this on.", reply_to="facebook:1_2"))
    assert spec.accounts == (FB,)
    assert spec.in_reply_to == ReplyTo("facebook", "1_2")


def test_bad_input_is_refused_with_every_reason_at_once(tmp_path: Path) -> None:
    reasons = refusal(
        Typed(
            text=" ",
            accounts=("x:NotOurs", "NorthshireTypo"),
            at="2026-11-19 09:00",
            reply_to="nonsense",
            media=str(tmp_path / "missing.jpg"),
        )
    )
    text = "\n".join(reasons)
    assert "account 'NorthshireTypo': write it as platform:name" in text
    assert "reply-to 'nonsense': write it as platform:id" in text
    assert "missing.jpg not found" in text
    assert "unknown account x:NotOurs" in text
    assert "the x text is empty" in text
    assert "has already passed" in text
    assert "has no alt text" in text
    assert reasons[-1].startswith("the force's accounts are x:NorthshirePolice, x:NorthshireRoads")


def test_a_time_that_is_not_a_time_or_does_not_exist_in_london_is_refused() -> None:
    assert refusal(Typed(text=CLEAN, at="tomorrow morning")) == [
        "'tomorrow morning' is not a time: write it as 2026-11-20 09:30"
    ]
    assert "does not exist in London" in refusal(Typed(text=CLEAN, at="2027-03-28 01:30"))[0]


def test_media_is_kept_with_its_full_path_and_description(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8")
    spec = typed_spec(Typed(text=CLEAN, media=str(photo), alt="A closed road", source="our own", licence="OGL"))
    assert spec.media == (MediaItem(str(photo.resolve()), "A closed road", "our own", "OGL"),)
    assert refusal(Typed(text=CLEAN, alt="A closed road")) == [
        "alt text, source or licence given but no media file to attach them to"
    ]


def test_an_edit_keeps_what_was_not_typed_and_clears_what_was_blanked(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8")
    base = typed_spec(
        Typed(
            text=CLEAN,
            texts={"facebook": "Facebook words."},
            accounts=("x:NorthshirePolice", "facebook:100000000000001"),
            at="2026-11-21 09:30",
            campaign="winter",
            media=str(photo),
            alt="A road",
        )
    )
    assert typed_spec(Typed(), base) == base
    assert typed_spec(Typed(texts={"x": "New words."}), base).texts == {
        "x": "New words.",
        "facebook": "Facebook words.",
    }
    cleared = typed_spec(Typed(at="asap", campaign="", media=""), base)
    assert (cleared.scheduled_at, cleared.campaign, cleared.media) == (None, "", ())
    assert typed_spec(Typed(alt="A closed road"), base).media[0].alt_text == "A closed road"
    narrowed = typed_spec(Typed(accounts=("x:NorthshirePolice",)), base)
    assert dict(narrowed.texts) == {"x": CLEAN}  # the Facebook text goes with the Facebook account


@given(
    text=st.none() | st.sampled_from(["New words.", "Other words."]),
    campaign=st.none() | st.sampled_from(["", "spring"]),
    at=st.none() | st.sampled_from(["", "2026-12-01 10:00"]),
    thread=st.none() | st.booleans(),
)
def test_an_edit_changes_exactly_the_fields_it_was_given(
    text: str | None, campaign: str | None, at: str | None, thread: bool | None
) -> None:
    base = typed_spec(Typed(text=CLEAN, at="2026-11-21 09:30", campaign="winter"))
    edited = typed_spec(Typed(text=text, campaign=campaign, at=at, thread=thread), base)
    assert edited.texts["x"] == (CLEAN if text is None else text)
    assert edited.campaign == (base.campaign if campaign is None else campaign)
    assert (edited.scheduled_at == base.scheduled_at) == (at is None)
    assert edited.thread == (base.thread if thread is None else thread)
    assert (edited.accounts, edited.media, edited.in_reply_to) == (base.accounts, base.media, base.in_reply_to)


# -- moves -------------------------------------------------------------------------------------------


def test_draft_submit_approve_queues_the_post_for_the_scheduler(store: Store) -> None:
    ident = draft(store)
    assert store.post(ident).state == "draft"  # type: ignore[union-attr]
    store.move_post(ident, "submit", who(store, "pc.smith"))
    done = desk.approve(store, ident, who(store, "r.jones"), note="clear and kind", seen_version=1)
    assert (done.state, done.reviewed_by, done.reviewer_comment) == ("scheduled", "r.jones", "clear and kind")
    assert [(e.action, e.by) for e in store.audit(post_id=ident)][-2:] == [
        ("approve", "r.jones"),
        ("schedule", "r.jones"),
    ]
    assert desk.next_step(done) == "queued: the scheduler publishes it at 2026-11-20 12:00 GMT"
    assert store.due_posts(NOW + timedelta(hours=3)) == [done]


def test_new_with_submit_goes_straight_to_review(store: Store) -> None:
    spec = typed_spec(Typed(text=CLEAN))
    made = desk.create(store, spec, by=who(store, "pc.smith"), checker=CHECKER, accounts=ACCOUNTS, submit=True)
    assert made.state == "submitted"
    assert [e.action for e in store.audit(post_id=made.id)] == ["create", "check", "submit"]


def test_nobody_approves_their_own_post(store: Store) -> None:
    ident = draft(store, by="r.jones")
    store.move_post(ident, "submit", who(store, "r.jones"))
    before = store.audit()
    with pytest.raises(NotAllowed, match="four eyes"):
        desk.approve(store, ident, who(store, "r.jones"))
    assert store.audit() == before
    assert store.post(ident).state == "submitted"  # type: ignore[union-attr]


def test_a_blocked_post_needs_a_senior_override_with_a_reason(store: Store) -> None:
    ident = draft(store, MARKED)
    store.move_post(ident, "submit", who(store, "pc.smith"))
    blocked = store.post(ident)
    assert blocked is not None and blocked.verdict == "block"
    assert "a senior approver may override" in desk.next_step(blocked)
    with pytest.raises(NotAllowed, match="blocking findings"):
        desk.approve(store, ident, who(store, "r.jones"))
    with pytest.raises(NotAllowed, match="only senior may"):
        desk.override(store, ident, who(store, "r.jones"), reason="I say so")
    with pytest.raises(NotAllowed, match="written reason"):
        desk.override(store, ident, who(store, "s.patel"), reason="  ")
    done = desk.override(store, ident, who(store, "s.patel"), reason="Cleared for release by the SIO", seen_version=1)
    assert (done.state, done.override_reason) == ("scheduled", "Cleared for release by the SIO")


def test_approving_after_the_time_has_passed_schedules_nothing_and_says_so(store: Store, ticking_clock: Any) -> None:
    ident = draft(store, at="2026-11-20 09:30")
    store.move_post(ident, "submit", who(store, "pc.smith"))
    ticking_clock.skip(timedelta(hours=1))
    late = desk.approve(store, ident, who(store, "r.jones"))
    assert late.state == "needs_reschedule"
    assert "schedule" not in [e.action for e in store.audit(post_id=ident)]
    assert "passed before it was approved, so nothing was scheduled" in desk.next_step(late)


def test_an_approval_beaten_to_the_queue_by_a_hold_stands_without_a_schedule(store: Store) -> None:
    class HoldingStore:
        """The real store, with a crisis hold landing between the approval and the scheduling."""

        def __init__(self, real: Store) -> None:
            self.real = real

        def move_post(self, ident: int, action: str, by: User, **extra: object):  # type: ignore[no-untyped-def]
            if action == "schedule":
                self.real.move_post(ident, "hold", User("d.khan", frozenset({"duty"})), note="incident")
            return self.real.move_post(ident, action, by, **extra)  # type: ignore[arg-type]

        def post(self, ident: int):  # type: ignore[no-untyped-def]
            return self.real.post(ident)

    ident = draft(store)
    store.move_post(ident, "submit", who(store, "pc.smith"))
    held = desk.approve(HoldingStore(store), ident, who(store, "r.jones"))  # type: ignore[arg-type]
    assert (held.state, held.held_reason) == ("held", "incident")


def test_an_edit_against_a_stale_version_is_refused_and_saves_nothing(store: Store) -> None:
    ident = draft(store)
    officer = who(store, "pc.smith")
    desk.edit(store, ident, Typed(text="Version two."), by=officer, checker=CHECKER, accounts=ACCOUNTS, seen_version=1)
    before = store.audit()
    with pytest.raises(NotAllowed, match="you saw version 1, it is now version 2"):
        desk.edit(
            store, ident, Typed(text="Version three."), by=officer, checker=CHECKER, accounts=ACCOUNTS, seen_version=1
        )
    assert store.audit() == before
    assert store.post(ident).texts == {"x": "Version two."}  # type: ignore[union-attr]
    with pytest.raises(KeyError, match="no post 99"):
        desk.edit(store, 99, Typed(text="x"), by=officer, checker=CHECKER, accounts=ACCOUNTS)


def test_editing_a_scheduled_post_sends_it_back_for_review_with_fresh_checks(store: Store) -> None:
    ident = draft(store)
    store.move_post(ident, "submit", who(store, "pc.smith"))
    desk.approve(store, ident, who(store, "r.jones"))
    edited = desk.edit(store, ident, Typed(text=MARKED), by=who(store, "pc.smith"), checker=CHECKER, accounts=ACCOUNTS)
    assert (edited.state, edited.version, edited.verdict, edited.reviewed_by) == ("submitted", 2, "block", "")


def test_a_refused_draft_leaves_nothing_behind(store: Store) -> None:
    before = store.audit()
    with pytest.raises(DraftRefused):
        desk.create(
            store,
            PostSpec(texts={"x": ""}, accounts=(Account("x", "NotOurs"),), scheduled_at=NOW - timedelta(hours=1)),
            by=who(store, "pc.smith"),
            checker=CHECKER,
            accounts=ACCOUNTS,
        )
    assert (store.posts(), store.audit()) == ([], before)


def test_a_move_on_no_post_or_from_the_wrong_state_is_refused(store: Store) -> None:
    with pytest.raises(KeyError, match="no post 5"):
        desk.approve(store, 5, who(store, "r.jones"))
    ident = draft(store)
    with pytest.raises(IllegalMove, match="is draft: cannot approve"):
        desk.approve(store, ident, who(store, "r.jones"))


# -- listing and telling ------------------------------------------------------------------------------


def test_my_posts_and_posts_in_a_state_newest_first(store: Store) -> None:
    mine = [draft(store), draft(store)]
    theirs = draft(store, by="r.jones")
    store.move_post(mine[0], "submit", who(store, "pc.smith"))
    assert [p.id for p in desk.list_posts(store)] == [theirs, mine[1], mine[0]]
    assert [p.id for p in desk.list_posts(store, author="pc.smith")] == [mine[1], mine[0]]
    assert [p.id for p in desk.list_posts(store, author="pc.smith", limit=1)] == [mine[1]]
    assert [p.id for p in desk.list_posts(store, state="submitted")] == [mine[0]]


def test_findings_name_the_words_the_reason_and_the_rewrite(store: Store) -> None:
    ident = draft(store, "We will utilise all resources. " + MARKED)
    lines = desk.finding_lines(store.post(ident))  # type: ignore[arg-type]
    assert lines[0].severity == "block" and lines[0].rule == "protective-marking"
    assert lines[0].words == "OFFICIAL-SENSITIVE"
    jargon = next(line for line in lines if line.rule == "jargon")
    assert (jargon.words, jargon.rewrite) == ("utilise", "use")


def test_a_posts_story_tells_who_did_what(store: Store) -> None:
    ident = draft(store)
    store.move_post(ident, "submit", who(store, "pc.smith"))
    store.move_post(ident, "reject", who(store, "r.jones"), note="Name the junction")
    desk.edit(
        store, ident, Typed(text=CLEAN + " Junction 3."), by=who(store, "pc.smith"), checker=CHECKER, accounts=ACCOUNTS
    )
    story = desk.describe(store, ident)
    assert story.post.version == 2
    assert [v["version"] for v in story.versions] == [1, 2]
    assert [(s.by, s.action, s.what) for s in story.steps] == [
        ("pc.smith", "create", "wrote version 1"),
        ("pc.smith", "check", "checked version 1: pass"),
        ("pc.smith", "submit", "draft → submitted"),
        ("r.jones", "reject", "submitted → rejected; “Name the junction”"),
        ("pc.smith", "edit", "rejected → draft; version 1 → 2; changed texts"),
        ("pc.smith", "check", "checked version 2: pass"),
    ]
    with pytest.raises(KeyError):
        desk.describe(store, 99)


def test_published_links_show_in_the_story_and_the_next_step(store: Store) -> None:
    from publish.records import SCHEDULER

    ident = draft(store)
    store.move_post(ident, "submit", who(store, "pc.smith"))
    desk.approve(store, ident, who(store, "r.jones"))
    store.move_post(ident, "start_publishing", SCHEDULER)
    link = "https://x.com/NorthshirePolice/status/1"
    done = store.move_post(ident, "mark_published", SCHEDULER, refs={"x:NorthshirePolice": link})
    assert desk.next_step(done) == f"published: x:NorthshirePolice {link}"
    assert desk.describe(store, ident).steps[-1].what == f"publishing → published; x:NorthshirePolice {link}"


# -- users --------------------------------------------------------------------------------------------


def test_the_first_admin_may_be_added_by_anyone_and_only_an_admin(tmp_path: Path) -> None:
    with Store(tmp_path / "fresh.sqlite") as fresh:
        with pytest.raises(NotAllowed, match="no admin yet"):
            desk.add_user(fresh, "pc.smith", ["officer"], by="pc.smith")
        admin, bootstrap = desk.add_user(fresh, "a.admin", ["admin"], by="installer")
        assert bootstrap and admin.roles == {"admin"}
        officer, bootstrap = desk.add_user(fresh, "pc.smith", ["officer"], by="a.admin", email="pc@force.invalid")
        assert not bootstrap and officer.email == "pc@force.invalid"
        with pytest.raises(NotAllowed, match="only an admin may"):
            desk.add_user(fresh, "pc.smith", ["senior"], by="pc.smith")
        with pytest.raises(NotAllowed, match="only an admin may"):
            desk.add_user(fresh, "someone", ["admin"], by="stranger")
        with pytest.raises(NotAllowed, match="only admin"):
            desk.add_user(fresh, "a.admin", ["officer"], by="a.admin")
        assert [(u.name, sorted(u.roles)) for u in fresh.users()] == [("a.admin", ["admin"]), ("pc.smith", ["officer"])]
        assert [e.by for e in fresh.audit()] == ["installer", "a.admin"]


def test_the_last_admin_may_hand_over_once_there_is_another(store: Store) -> None:
    desk.add_user(store, "b.admin", ["admin"], by="a.admin")
    changed, _ = desk.add_user(store, "a.admin", ["reviewer"], by="a.admin")
    assert changed.roles == {"reviewer"}
