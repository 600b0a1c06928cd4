"""The scheduler's publishing round against the sandbox: once per account, whatever crashes where."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from commsdesk.store import Store
from config.settings import Settings
from ingest.base import RetryPolicy
from publish.drafts import Checks, PostSpec, force_accounts
from publish.incident_hold import release_held
from publish.platforms import Outgoing, Published, Publisher
from publish.records import Account, Post, ReplyTo
from publish.run import CLAIM, GIVE_UP, LATE_AFTER, Publishers, publish_due, publishers_from_settings

FAST = RetryPolicy(max_retries=2, base_delay=0.0, max_delay=0.0, max_wait=1.0)
X = Account("x", "NorthshirePolice")
PAGE = Account("facebook", "100000000000001")


class Crash(BaseException):
    """The process dying at this point (BaseException: nothing on the way catches it)."""


@pytest.fixture
def store(sandbox: Any, settings: Settings) -> Iterator[Store]:
    """The desk's store on the sandbox's clock, so "since we started publishing" means the same to both."""
    with Store(settings.store.path, clock=sandbox.clock.now) as opened:
        opened.add_user("pc.smith", ["officer"], email="pc.smith@northshire.police.invalid")
        opened.add_user("r.jones", ["reviewer"])
        opened.add_user("d.khan", ["duty"])
        yield opened


@pytest.fixture
def queued(no_findings: Checks) -> Callable[..., Post]:
    """`queued(store, settings, text, *accounts, **extra)`: a post written, approved and scheduled for
    `extra['scheduled_at']` (default: as soon as approved). The checks find nothing: these tests are about
    publishing, not the policy rules."""

    def queued(store: Store, settings: Settings, text: str, *accounts: Account, **extra: Any) -> Post:
        officer, reviewer = store.user("pc.smith"), store.user("r.jones")
        assert officer is not None and reviewer is not None
        chosen = accounts or (X,)
        texts = {a.platform: text for a in chosen}
        spec = PostSpec(texts=texts, accounts=chosen, **extra)
        post = store.create_post(spec, by=officer, checker=no_findings, known_accounts=force_accounts(settings))
        store.move_post(post.id, "submit", officer)
        store.move_post(post.id, "approve", reviewer)
        return store.move_post(post.id, "schedule", reviewer)

    return queued


def run(store: Store, publishers: Publishers, **extra: Any) -> Any:
    return publish_due(store, publishers, policy=FAST, sleep=lambda seconds: None, **extra)


def texts_published(sandbox: Any) -> list[str]:
    return [p["text"] for p in sandbox.published]


def actions(store: Store, ident: int) -> list[str]:
    return [entry.action for entry in store.audit(post_id=ident)]


# --- the ordinary path ---------------------------------------------------------------------------


def test_a_due_post_goes_out_once_on_each_account_with_its_links_recorded(
    sandbox: Any, settings: Settings, store: Store, queued: Callable[..., Post]
) -> None:
    post = queued(store, settings, "Officers will be at Byker library on Saturday from 10am.", X, PAGE)
    done = run(store, publishers_from_settings(settings))
    assert done.published == [post.id]
    assert texts_published(sandbox) == [post.texts["x"]] * 2
    published = store.post(post.id)
    assert published is not None and published.state == "published"
    assert set(published.published) == {"x:NorthshirePolice", "facebook:100000000000001"}
    assert published.published["x:NorthshirePolice"].startswith("https://x.com/NorthshirePolice/status/")
    assert actions(store, post.id)[-4:] == ["start_publishing", "record", "record", "mark_published"]
    assert not run(store, publishers_from_settings(settings))  # a second round has nothing to do
    assert len(sandbox.published) == 2


def test_a_post_waits_for_its_time(sandbox: Any, settings: Settings, store: Store, queued: Callable[..., Post]) -> None:
    post = queued(store, settings, "Road closed tomorrow.", scheduled_at=sandbox.clock.now() + timedelta(hours=1))
    assert not run(store, publishers_from_settings(settings))
    sandbox.clock.advance(3600)
    assert run(store, publishers_from_settings(settings)).published == [post.id]


def test_a_reply_goes_under_the_mention_it_answers(
    sandbox: Any, settings: Settings, store: Store, queued: Callable[..., Post]
) -> None:
    mention = next(p for p in sandbox.world.visible("x", sandbox.clock.now()) if "question" in p.text)
    reply = ReplyTo("x", mention.id)
    post = queued(store, settings, "Thanks, we have passed this to the Byker team.", in_reply_to=reply)
    run(store, publishers_from_settings(settings))
    assert sandbox.published[0]["reply_to"] == mention.id
    assert store.post(post.id).state == "published"  # type: ignore[union-attr]


def test_an_approved_post_not_yet_queued_is_picked_up(
    sandbox: Any, settings: Settings, store: Store, no_findings: Checks
) -> None:
    officer, reviewer = store.user("pc.smith"), store.user("r.jones")
    assert officer is not None and reviewer is not None
    spec = PostSpec(texts={"x": "Approved, never queued."}, accounts=(X,))
    post = store.create_post(spec, by=officer, checker=no_findings, known_accounts=force_accounts(settings))
    store.move_post(post.id, "submit", officer)
    store.move_post(post.id, "approve", reviewer)
    assert run(store, publishers_from_settings(settings)).published == [post.id]


# --- exactly once, whatever crashes where --------------------------------------------------------


class AnswersThenDies:
    """A publisher whose process dies the moment the platform has answered, before we record it."""

    def __init__(self, real: Publisher) -> None:
        self.real, self.platform = real, real.platform

    def publish(self, item: Outgoing) -> Published:
        self.real.publish(item)
        raise Crash("died after the platform's answer")

    def find(self, item: Outgoing) -> Published | None:
        return self.real.find(item)


def crashing_round(store: Store, settings: Settings, step: str) -> None:
    real = publishers_from_settings(settings)
    if step == "answered":
        with pytest.raises(Crash):
            run(store, lambda account: AnswersThenDies(real(account)))
        return

    def die(name: str, post: Post) -> None:
        if name == step:
            raise Crash(f"died at {step}")

    with pytest.raises(Crash):
        run(store, real, step=die)


class Counting:
    """Real publishers, counting the posts each account is asked to make."""

    def __init__(self, settings: Settings) -> None:
        self.real, self.calls = publishers_from_settings(settings), {"x": 0, "facebook": 0}

    def __call__(self, account: Account) -> Publisher:
        counting = self

        class Counted:
            platform = account.platform

            def publish(self, item: Outgoing) -> Published:
                counting.calls[item.platform] += 1
                return counting.real(account).publish(item)

            def find(self, item: Outgoing) -> Published | None:
                return counting.real(account).find(item)

        return Counted()


@pytest.mark.parametrize(
    ("step", "posted_after_restart"),
    [
        ("started", {"x": 1, "facebook": 1}),  # nothing went out: both accounts are posted
        ("answered", {"x": 0, "facebook": 1}),  # X answered but we never wrote it down: found, not posted
        ("recorded", {"x": 0, "facebook": 1}),  # X's receipt is kept: only the Page is left
    ],
)
def test_a_crash_at_any_step_neither_doubles_nor_loses_the_post(
    sandbox: Any,
    settings: Settings,
    store: Store,
    step: str,
    posted_after_restart: dict[str, int],
    queued: Callable[..., Post],
) -> None:
    post = queued(store, settings, "Appeal for witnesses after a collision on Shields Road.", X, PAGE)
    crashing_round(store, settings, step)
    store.claim_post(post.id, "the-dead-scheduler", ttl=CLAIM)  # a real death leaves its claim behind
    after_restart = run(store, publishers_from_settings(settings))
    assert after_restart.elsewhere == [post.id]  # the dead one's claim still runs: nobody touches it
    sandbox.clock.advance(CLAIM.total_seconds() + 1)
    counting = Counting(settings)
    assert run(store, counting).published == [post.id]
    assert counting.calls == posted_after_restart
    assert texts_published(sandbox) == [post.texts["x"]] * 2  # once on X, once on the Page
    final = store.post(post.id)
    assert final is not None and final.state == "published" and len(final.published) == 2


def test_two_schedulers_at_once_never_double_post(
    sandbox: Any, settings: Settings, store: Store, queued: Callable[..., Post]
) -> None:
    posts = [queued(store, settings, f"Community meeting number {n} at the Heaton hub.", X, PAGE) for n in range(4)]
    start, rounds = threading.Barrier(2), []

    def scheduler(name: str) -> None:
        with Store(settings.store.path, clock=sandbox.clock.now) as own:
            start.wait()
            rounds.append(run(own, publishers_from_settings(settings), worker=name))

    threads = [threading.Thread(target=scheduler, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(ident for r in rounds for ident in r.published) == [p.id for p in posts]
    assert sorted(texts_published(sandbox)) == sorted(p.texts["x"] for p in posts for _ in range(2))


# --- failures --------------------------------------------------------------------------------------


def test_an_expired_token_mid_run_fails_that_post_tells_its_author_and_the_rest_go_on(
    sandbox: Any, settings: Settings, store: Store, queued: Callable[..., Post]
) -> None:
    first = queued(store, settings, "First: the A1 is open again.")
    second = queued(store, settings, "Second: never reaches X.", X, PAGE)
    third = queued(store, settings, "Third: on the Page only.", PAGE)

    def token_expires(name: str, post: Post) -> None:
        if name == "recorded" and post.id == first.id:
            sandbox.inject("x", "expired_token", path="/2/tweets")

    done = run(store, publishers_from_settings(settings), step=token_expires, channels=["email", "slack"])
    assert done.published == [first.id, third.id]
    assert [ident for ident, _ in done.failed] == [second.id]
    failed = store.post(second.id)
    assert failed is not None and failed.state == "failed"
    assert "HTTP 401" in failed.failure_reason and "renew the access token" in failed.failure_reason
    assert texts_published(sandbox) == [first.texts["x"], third.texts["facebook"]]
    told = [item.payload for item in store.outbox(limit=10)]
    assert {tuple(p["to"]) for p in told} == {("pc.smith@northshire.police.invalid",), ()}
    assert all(f"Post {second.id} failed to publish" in p["subject"] and "HTTP 401" in p["text"] for p in told)


def test_a_refused_reply_fails_with_the_platforms_words(
    sandbox: Any, settings: Settings, store: Store, queued: Callable[..., Post]
) -> None:
    post = queued(store, settings, "Replying to nothing.", in_reply_to=ReplyTo("x", "1234567890123456789"))
    done = run(store, publishers_from_settings(settings))
    assert [ident for ident, _ in done.failed] == [post.id]
    assert "X refused the post" in store.post(post.id).failure_reason  # type: ignore[union-attr]
    assert sandbox.published == []


def test_an_outage_keeps_the_post_publishing_then_it_goes_out_once(
    sandbox: Any, settings: Settings, store: Store, queued: Callable[..., Post]
) -> None:
    post = queued(store, settings, "Service restored at the front counter.")
    sandbox.inject("x", "server_error", count=3, path="/2/tweets", status=503)
    assert run(store, publishers_from_settings(settings)).waiting == [post.id]
    assert store.post(post.id).state == "publishing"  # type: ignore[union-attr]
    assert run(store, publishers_from_settings(settings)).published == [post.id]
    assert texts_published(sandbox) == [post.texts["x"]]


def test_an_outage_longer_than_give_up_fails_the_post(
    sandbox: Any, settings: Settings, store: Store, queued: Callable[..., Post]
) -> None:
    post = queued(store, settings, "This one will not get through.")
    sandbox.inject("x", "server_error", count=100, path="/2/", status=503)
    assert run(store, publishers_from_settings(settings)).waiting == [post.id]
    sandbox.clock.advance(GIVE_UP.total_seconds())
    done = run(store, publishers_from_settings(settings))
    assert [ident for ident, _ in done.failed] == [post.id]
    assert "no answer since" in store.post(post.id).failure_reason  # type: ignore[union-attr]


def test_a_post_found_past_its_time_is_not_published_late(
    sandbox: Any, settings: Settings, store: Store, queued: Callable[..., Post]
) -> None:
    post = queued(store, settings, "Event tonight!", scheduled_at=sandbox.clock.now() + timedelta(minutes=5))
    sandbox.clock.advance((timedelta(minutes=5) + LATE_AFTER).total_seconds() + 60)  # the service was down
    done = run(store, publishers_from_settings(settings), channels=["email"])
    assert done.expired == [post.id] and sandbox.published == []
    assert store.post(post.id).state == "needs_reschedule"  # type: ignore[union-attr]
    assert "its time passed" in store.outbox(limit=1)[0].payload["subject"]


def test_during_an_incident_routine_posts_are_held_and_incident_posts_go_out(
    sandbox: Any, settings: Settings, store: Store, queued: Callable[..., Post]
) -> None:
    routine = queued(store, settings, "Come and meet your neighbourhood team!")
    incident = store.start_incident(reason="warehouse fire", by="d.khan")
    urgent = queued(store, settings, "Please avoid Shields Road: fire crews are at work.", incident_id=incident.id)
    done = run(store, publishers_from_settings(settings))
    assert (done.held, done.published) == ([routine.id], [urgent.id])
    held = store.post(routine.id)
    assert held is not None and held.state == "held" and "warehouse fire" in held.held_reason
    assert texts_published(sandbox) == [urgent.texts["x"]]
    duty = store.user("d.khan")
    assert duty is not None
    assert [p.id for p in release_held(store, incident, duty)] == [routine.id]  # `incident end` frees it too
    assert store.post(routine.id).state == "submitted"  # type: ignore[union-attr]


# --- the clocks going back -------------------------------------------------------------------------


def test_the_second_0130_in_october_is_due_an_hour_after_the_first(
    tmp_path: Path, settings: Settings, queued: Callable[..., Post]
) -> None:
    """2026-10-25 01:30+00:00 (GMT, after the clocks went back) is 01:30 UTC, not 00:30 UTC."""
    now = {"at": datetime(2026, 10, 24, 20, 0, tzinfo=UTC)}
    with Store(tmp_path / "october.sqlite", clock=lambda: now["at"]) as store:
        store.add_user("pc.smith", ["officer"])
        store.add_user("r.jones", ["reviewer"])
        second = datetime.fromisoformat("2026-10-25T01:30:00+00:00")
        post = queued(store, settings, "Clocks went back last night.", scheduled_at=second)
        published: list[str] = []

        class Recorder:
            platform = "x"

            def publish(self, item: Outgoing) -> Published:
                published.append(item.text)
                return Published("x", "1", "https://x.com/NorthshirePolice/status/1", now["at"], ("1",))

            def find(self, item: Outgoing) -> Published | None:
                return None

        now["at"] = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # the first 01:30 in London (BST)
        assert not run(store, lambda account: Recorder()).published
        now["at"] = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # the second 01:30 in London (GMT)
        assert run(store, lambda account: Recorder()).published == [post.id]
        assert published == [post.texts["x"]]


def test_the_service_runs_a_publishing_round_as_one_of_its_jobs(
    sandbox: Any, settings: Settings, store: Store, queued: Callable[..., Post]
) -> None:
    from ingest.service import PUBLISH_EVERY, PUBLISH_JOB, Service

    post = queued(store, settings, "Drop-in surgery at Walker library today, 2pm to 4pm.")
    service = Service(settings, clock=sandbox.clock.now, analysis=False)
    scheduler = service.scheduler()
    try:
        job = scheduler.get_job(PUBLISH_JOB)
        assert job is not None and job.trigger.interval.total_seconds() == PUBLISH_EVERY
    finally:
        scheduler.shutdown(wait=False)
    assert service.publish().published == [post.id]
    assert texts_published(sandbox) == [post.texts["x"]]
