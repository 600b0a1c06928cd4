"""Writing a post on the desk: live checks as the officer types, every refusal by its field with nothing
saved, saving and submitting, editing in the same form. The checks are the real process-wide ones."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from commsdesk.records import Mention
from commsdesk.store import Store
from config.settings import Settings, example_path, load
from config.settings import Store as StoreSettings
from publish import desk as publishing
from web.app import create_app
from web.auth import Passwords
from web.pages import STATIC
from web.routes.compose import field_errors, typed_time

# The example force: accounts on every platform (two on X).
EXAMPLE = load(example_path(), environ={})
X = "x:NorthshirePolice"
FACEBOOK = "facebook:100000000000001"
NAMED = (
    "We are appealing for witnesses after the victim, Sarah Jones, 24, was sexually assaulted in Elswick "
    "on Friday night. Call 101 quoting log 123."
)
FIXED = NAMED.replace("the victim, Sarah Jones,", "a woman,")


@pytest.fixture
def force(store: Store) -> Settings:
    return replace(EXAMPLE, store=StoreSettings(path=str(store.path)))


@pytest.fixture
def app(force: Settings, clock: Callable[[], datetime], passwords: Passwords) -> FastAPI:
    return create_app(force, clock=clock, passwords=passwords)


@pytest.fixture
def officer(signed_in: Callable[[str], TestClient]) -> TestClient:
    return signed_in("officer")


@pytest.fixture
def token(officer: TestClient, form_token: Callable[[Response], str]) -> str:
    """The officer's CSRF token, as compose.js reads it from the form."""
    return form_token(officer.get("/posts/new"))


def compose(client: TestClient, token: str, **fields: Any) -> Response:
    data = {"csrf_token": token, "text": FIXED, "account": [X], "at": "", **fields}
    return client.post("/posts/new", data=data)


def check(client: TestClient, token: str, **typed: Any) -> Response:
    return client.post("/posts/check", json={"text": NAMED, "accounts": [X], **typed}, headers={"X-CSRF-Token": token})


# -- live checks ----------------------------------------------------------------------------------


def test_the_live_check_finds_a_named_complainant_and_says_where(officer: TestClient, token: str) -> None:
    response = check(officer, token)
    assert response.status_code == 200
    (x,) = response.json()["platforms"]
    assert (x["platform"], x["text"], x["verdict"]) == ("x", NAMED, "block")
    (named,) = [f for f in x["findings"] if f["rule"] == "sexual-offence-complainant"]
    start = NAMED.index("Sarah Jones")
    assert named["severity"] == "block"
    assert (named["start"], named["end"], named["words"]) == (start, start + len("Sarah Jones"), "Sarah Jones")
    assert "anonymity" in named["reason"]
    assert named["rewrite"]


def test_the_fixed_text_passes_the_live_check(officer: TestClient, token: str) -> None:
    (x,) = check(officer, token, text=FIXED).json()["platforms"]
    assert x["verdict"] == "pass" and x["findings"] == []


def test_the_live_check_checks_each_chosen_platform_with_its_own_words(officer: TestClient, token: str) -> None:
    answer = check(officer, token, text=FIXED, texts={"facebook": NAMED, "x": "  "}, accounts=[X, FACEBOOK]).json()
    texts = {p["platform"]: (p["text"], p["verdict"]) for p in answer["platforms"]}
    assert texts == {"x": (FIXED, "pass"), "facebook": (NAMED, "block")}


def test_spans_count_characters_as_typed_even_after_an_emoji(officer: TestClient, token: str) -> None:
    text = "🚓🚓 " + NAMED
    (x,) = check(officer, token, text=text).json()["platforms"]
    (named,) = [f for f in x["findings"] if f["rule"] == "sexual-offence-complainant"]
    assert text[named["start"] : named["end"]] == "Sarah Jones" == named["words"]


@pytest.mark.parametrize("headers", [{}, {"X-CSRF-Token": "wrong"}], ids=["no token", "wrong token"])
def test_the_live_check_needs_the_token_in_its_header(officer: TestClient, token: str, headers: dict[str, str]) -> None:
    response = officer.post("/posts/check", json={"text": NAMED, "csrf_token": token}, headers=headers)
    assert response.status_code == 403


def test_the_live_check_is_for_people_who_write_posts(signed_in: Callable[[str], TestClient]) -> None:
    duty = signed_in("duty")
    response = duty.post("/posts/check", json={"text": NAMED}, headers={"X-CSRF-Token": "anything"})
    assert response.status_code == 403


def test_the_compose_script_builds_the_page_with_the_dom_only() -> None:
    script = (STATIC / "compose.js").read_text()
    assert "X-CSRF-Token" in script
    for risky in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert risky not in script, risky


def test_the_form_asks_for_the_script_and_works_without_it(officer: TestClient) -> None:
    page = officer.get("/posts/new").text
    assert '<script src="/static/compose.js" defer></script>' in page
    assert 'data-checks="/posts/check"' in page
    assert '<section id="live-checks" class="live-checks" aria-labelledby="live-checks-title" hidden>' in page
    assert 'aria-live="polite"' in page
    assert '<form method="post" action="/posts/new"' in page


# -- saving ---------------------------------------------------------------------------------------


def test_an_officer_writes_a_named_complainant_sees_it_marked_fixes_it_and_submits(
    officer: TestClient, token: str, store: Store
) -> None:
    saved = compose(officer, token, text=NAMED)
    assert saved.status_code == 303
    assert saved.headers["location"] == "/posts/1?done=create"
    page = officer.get(saved.headers["location"]).text
    assert '<mark class="finding-block">Sarah Jones</mark>' in page
    assert "Blocks approval" in page
    post = store.post(1)
    assert post is not None and post.state == "draft" and post.verdict == "block"

    form = officer.get("/posts/1/edit").text
    assert html.escape(NAMED, quote=False) in form
    assert 'name="seen_version" value="1"' in form
    edited = officer.post("/posts/1/edit", data={"csrf_token": token, "text": FIXED, "account": [X], "seen_version": 1})
    assert edited.headers["location"] == "/posts/1?done=edit"

    submit = {"csrf_token": token, "action": "submit", "seen_version": 2, "back": "post"}
    assert officer.post("/posts/1/move", data=submit).status_code == 303
    post = store.post(1)
    assert post is not None
    assert (post.state, post.version, post.verdict, dict(post.texts)) == ("submitted", 2, "pass", {"x": FIXED})
    assert "Post 1 submitted for review" in officer.get("/posts/1?done=submit").text


def test_saving_with_submit_ticked_puts_it_in_the_review_queue(
    officer: TestClient, token: str, store: Store, signed_in: Callable[[str], TestClient]
) -> None:
    response = compose(officer, token, submit="yes", campaign="safer-streets")
    assert response.headers["location"] == "/posts/1?done=submit"
    post = store.post(1)
    assert post is not None and (post.state, post.campaign) == ("submitted", "safer-streets")
    assert "number 1 in the" in officer.get("/posts/1").text


def test_one_text_goes_on_every_chosen_account_unless_a_platform_has_its_own(
    officer: TestClient, token: str, store: Store
) -> None:
    compose(officer, token, account=[X, FACEBOOK, "x:NorthshireRoads"], text_facebook="Longer words for Facebook.")
    post = store.post(1)
    assert post is not None
    assert dict(post.texts) == {"x": FIXED, "facebook": "Longer words for Facebook."}
    assert [str(a) for a in post.accounts] == [X, FACEBOOK, "x:NorthshireRoads"]


def test_the_time_is_typed_in_london_and_kept_in_utc(officer: TestClient, token: str, store: Store) -> None:
    compose(officer, token, at="2027-07-01 09:30")
    post = store.post(1)
    assert post is not None and post.scheduled_at == datetime(2027, 7, 1, 8, 30, tzinfo=UTC)  # BST
    assert 'value="2027-07-01 09:30"' in officer.get("/posts/1/edit").text


def test_a_textareas_line_breaks_are_kept_as_typed(officer: TestClient, token: str, store: Store) -> None:
    compose(officer, token, text="Road closed.\r\nUse the A19.")
    post = store.post(1)
    assert post is not None and post.texts["x"] == "Road closed.\nUse the A19."


def test_a_refused_draft_lists_every_reason_by_its_field_keeps_the_typing_and_saves_nothing(
    officer: TestClient, token: str, store: Store
) -> None:
    typed = {"text": "<script>alert(1)</script>", "at": "tomorrow at nine", "reply_to": "nonsense", "campaign": "x<y"}
    response = compose(officer, token, account=[], **typed)
    assert response.status_code == 400
    page = response.text
    assert "Not saved: fix these and save again" in page
    for field in ("accounts", "at", "reply_to"):
        assert f'<div class="field-error" id="{field}-error">' in page, field
        assert f'<a href="#{field}">' in page, field
    assert "choose at least one account to post on" in page
    assert "is not a time: write it as 2026-11-20 09:30" in page
    assert "reply-to &#39;nonsense&#39;: write it as platform:id" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in page and "<script>alert" not in page
    assert 'value="x&lt;y"' in page
    assert store.posts() == []


def test_an_empty_text_is_refused_next_to_the_text(officer: TestClient, token: str, store: Store) -> None:
    page = compose(officer, token, text="  ").text
    assert '<div class="field-error" id="text-error">' in page
    assert "the x text is empty" in page
    assert 'aria-describedby="text-hint text-error" aria-invalid="true"' in page
    assert store.posts() == []


def test_a_reply_starts_from_the_mention_on_its_platform(
    officer: TestClient, store: Store, clock: Callable[[], datetime]
) -> None:
    store.save_mentions(
        [Mention("facebook", "123_456", "<b>Why</b> is the road shut?", clock(), url="javascript:alert(1)")]
    )
    page = officer.get("/posts/new?reply_to=facebook:123_456").text
    assert f'value="{FACEBOOK}" checked' in page
    assert f'value="{X}" checked' not in page
    assert 'value="facebook:123_456"' in page
    assert "&lt;b&gt;Why&lt;/b&gt; is the road shut?" in page
    assert "javascript:" not in page


# -- editing --------------------------------------------------------------------------------------


def test_editing_an_approved_post_sends_it_back_for_review(
    officer: TestClient, token: str, store: Store, clock: Callable[[], datetime]
) -> None:
    compose(officer, token, submit="yes", at=typed_time(clock() + timedelta(days=1)))
    reviewer = store.user("reviewer")
    assert reviewer is not None
    assert publishing.approve(store, 1, reviewer).state == "scheduled"
    form = officer.get("/posts/1/edit").text
    assert "Saving sends it back for approval" in form
    officer.post("/posts/1/edit", data={"csrf_token": token, "text": "New words.", "account": [X], "seen_version": 1})
    post = store.post(1)
    assert post is not None and (post.state, post.version, post.reviewed_by) == ("submitted", 2, "")


def test_an_edit_over_someone_elses_newer_version_is_refused_with_the_typing_kept(
    officer: TestClient, token: str, store: Store
) -> None:
    compose(officer, token)
    reviewer = store.user("reviewer")
    assert reviewer is not None
    accounts = publishing.accounts_of(EXAMPLE)
    typed = publishing.Typed(text="The reviewer's words.")
    publishing.edit(store, 1, typed, by=reviewer, checker=publishing.checks_for(EXAMPLE), accounts=accounts)
    data = {"csrf_token": token, "text": "My words.", "account": [X], "seen_version": 1}
    response = officer.post("/posts/1/edit", data=data)
    assert response.status_code == 403
    assert "changed since you looked at it (you saw version 1, it is now version 2)" in response.text
    assert "My words.</textarea>" in response.text
    post = store.post(1)
    assert post is not None and post.texts["x"] == "The reviewer's words."


def test_a_post_that_cannot_be_edited_now_says_why_on_its_page(
    officer: TestClient, token: str, store: Store, clock: Callable[[], datetime]
) -> None:
    compose(officer, token, at=typed_time(clock() + timedelta(days=1)))
    for action, by in (("submit", "officer"), ("approve", "reviewer"), ("hold", "duty")):
        user = store.user(by)
        assert user is not None
        store.move_post(1, action, user, note="incident")
    response = officer.get("/posts/1/edit")
    assert response.status_code == 409
    assert "post 1 is held: cannot edit" in response.text
    assert "<h1>Post 1</h1>" in response.text


@pytest.mark.parametrize("who", ["duty", "admin"])
def test_duty_staff_and_admins_do_not_write_posts(signed_in: Callable[[str], TestClient], who: str) -> None:
    client = signed_in(who)
    assert client.get("/posts/new").status_code == 403
    assert 'href="/posts/new"' not in client.get("/posts").text


# -- pure helpers -----------------------------------------------------------------------------------


def test_refusals_are_put_next_to_the_field_they_are_about() -> None:
    reasons = [
        "the x text is empty",
        "the x text is 300 characters, 20 over x's 280: post it as a thread instead",
        "choose at least one account to post on",
        "unknown account x:Nobody: not one of the force's accounts",
        "'soon' is not a time: write it as 2026-11-20 09:30",
        "the time 2026-11-19 09:00 GMT has already passed",
        "01:30 on Sunday 25 October 2026 happens twice in London: the clocks go back an hour that night",
        "reply-to 'x': write it as platform:id, e.g. x:1859000000000000000",
        "on YouTube we only reply to comments: link the comment this answers",
        "media 1 (a.jpg) has no alt text: describe what it shows",
    ]
    fields = [field for field, _ in field_errors(reasons)]
    assert fields == ["text", "text", "accounts", "accounts", "at", "at", "at", "reply_to", "reply_to", ""]


def test_a_time_is_shown_for_typing_back_with_its_offset_only_when_it_happens_twice() -> None:
    assert typed_time(datetime(2026, 11, 21, 9, 30, tzinfo=UTC)) == "2026-11-21 09:30"
    assert typed_time(datetime(2026, 7, 1, 8, 30, tzinfo=UTC)) == "2026-07-01 09:30"
    assert typed_time(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == "2026-10-25 01:30+01:00"
    assert typed_time(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == "2026-10-25 01:30+00:00"


def test_every_account_of_the_force_can_be_ticked(officer: TestClient) -> None:
    page = officer.get("/posts/new").text
    for account in publishing.accounts_of(EXAMPLE):
        assert re.search(rf'<input type="checkbox" id="account-\d" name="account" value="{account}"', page)
