"""The critical-incident page: duty staff declare an incident and routine posts hold, end it and they go
back to review, and post a holding statement, fast when the checks pass; every refusal in an error summary."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from commsdesk.store import Store
from config.settings import Settings, example_path, load
from config.settings import Store as StoreSettings
from policy_checks.records import Draft, Finding
from publish.drafts import Checks, PostSpec, force_accounts
from publish.incident_hold import declare
from publish.records import Account, Post
from web.app import create_app
from web.auth import Passwords
from web.guards import policy_checks

# The example force: neighbourhoods, accounts on every platform, three holding statements.
EXAMPLE = load(example_path(), environ={})
X = Account("x", "NorthshirePolice")
FACEBOOK = Account("facebook", "100000000000001")
SCRIPT = "<script>alert(1)</script>"


class NoFindings:
    def check(self, draft: Draft) -> list[Finding]:
        return []


@pytest.fixture
def checker() -> Checks:
    """What the policy checks find: nothing, unless a test says otherwise."""
    return NoFindings()


@pytest.fixture
def force(store: Store) -> Settings:
    """The example force's settings, on the test's store."""
    return replace(EXAMPLE, store=StoreSettings(path=str(store.path)))


@pytest.fixture
def app(force: Settings, clock: Callable[[], datetime], passwords: Passwords, checker: Checks) -> FastAPI:
    desk = create_app(force, clock=clock, passwords=passwords)
    desk.dependency_overrides[policy_checks] = lambda: checker
    return desk


@pytest.fixture
def duty(signed_in: Callable[[str], TestClient]) -> TestClient:
    return signed_in("duty")


@pytest.fixture
def make(store: Store, force: Settings) -> Callable[..., Post]:
    """`make(state, account=X, text=...)`: an officer's post moved as far as `state` (draft, submitted,
    approved, scheduled)."""

    def make(state: str, account: Account = X, text: str = "Come and meet your local team.") -> Post:
        officer, reviewer = store.user("officer"), store.user("reviewer")
        assert officer and reviewer
        spec = PostSpec(
            texts={account.platform: text}, accounts=(account,), scheduled_at=store.clock() + timedelta(hours=3)
        )
        post = store.create_post(spec, by=officer, checker=NoFindings(), known_accounts=force_accounts(force))
        moves = [("submit", officer), ("approve", reviewer), ("schedule", reviewer)]
        for action, by in moves[: ("draft", "submitted", "approved", "scheduled").index(state)]:
            post = store.move_post(post.id, action, by)
        return post

    return make


def state_of(store: Store, post: Post) -> str:
    found = store.post(post.id)
    assert found is not None
    return found.state


def errors_in(page: Response) -> list[str]:
    """The error summary's messages, as text."""
    summary = re.search(r'<div class="error-summary".*?</div>', page.text, re.S)
    assert summary, "no error summary"
    items = re.findall(r"<li>(.*?)</li>", summary.group(0), re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def words(page: Response) -> str:
    """The page's markup with each run of white space as one space, as a browser shows it."""
    return " ".join(page.text.split())


# -- declaring and ending -------------------------------------------------------------------------------


def test_duty_declares_an_incident_the_routine_posts_hold_and_ending_it_sends_them_back_to_review(
    duty: TestClient, store: Store, make: Callable[..., Post], form_token: Callable[[Response], str]
) -> None:
    routine = [make("scheduled"), make("approved", FACEBOOK)]
    untouched = [make("draft"), make("submitted")]
    token = form_token(duty.get("/incident"))

    declared = duty.post(
        "/incident/declare",
        data={"csrf_token": token, "reason": "Warehouse fire", "place": "Elswick", "terms": "fire, smoke,fire"},
    )

    incident = store.active_incident()
    assert incident is not None and declared.headers["location"] == f"/incident?declared={incident.id}"
    assert (incident.reason, incident.place, incident.terms, incident.started_by) == (
        "Warehouse fire",
        "Elswick",
        ("fire", "smoke"),
        "duty",
    )
    assert [state_of(store, p) for p in routine + untouched] == ["held", "held", "draft", "submitted"]
    page = words(duty.get(declared.headers["location"]))
    assert f"You declared incident {incident.id}. It holds 2 routine posts" in page
    for post in routine:
        assert f'<a href="/posts/{post.id}">Post {post.id}</a>' in page
    assert "Warehouse fire" in page and "fire, smoke" in page

    ended = duty.post("/incident/end", data={"csrf_token": token, "note": "Fire out"})

    assert ended.headers["location"] == f"/incident?ended={incident.id}"
    assert store.active_incident() is None
    assert [state_of(store, p) for p in routine] == ["submitted", "submitted"]
    page = words(duty.get(ended.headers["location"]))
    assert "The posts it held went back to review (submitted)" in page
    assert "Fire out" in page and "Declare a critical incident" in page


def test_the_end_form_says_the_held_posts_go_back_to_review(
    duty: TestClient, store: Store, make: Callable[..., Post], form_token: Callable[[Response], str]
) -> None:
    make("scheduled")
    duty.post("/incident/declare", data={"csrf_token": form_token(duty.get("/incident")), "reason": "Flooding"})
    page = words(duty.get("/incident"))
    assert "Ending it sends the 1 post it holds back to review" in page
    assert 'action="/incident/end"' in page and 'action="/incident/declare"' not in page


def test_declaring_needs_a_reason_and_one_of_the_forces_neighbourhoods(
    duty: TestClient, store: Store, form_token: Callable[[Response], str]
) -> None:
    token = form_token(duty.get("/incident"))

    refused = duty.post(
        "/incident/declare", data={"csrf_token": token, "reason": " ", "place": "Atlantis", "terms": "flood"}
    )

    assert refused.status_code == 400
    assert errors_in(refused) == [
        "Reason: say what is happening, for the record.",
        "Place: choose one of the force's neighbourhoods, or none.",
    ]
    assert '<a href="#reason">' in refused.text and '<a href="#place">' in refused.text
    assert 'value="flood"' in refused.text  # what was typed stays
    assert store.active_incident() is None


def test_a_second_incident_is_refused_while_one_is_active(
    duty: TestClient, store: Store, form_token: Callable[[Response], str]
) -> None:
    first = store.start_incident(reason="Flooding", by="senior")
    token = form_token(duty.get("/incident"))

    again = duty.post("/incident/declare", data={"csrf_token": token, "reason": "Another"})

    assert again.status_code == 409
    assert errors_in(again) == [f"Incident {first.id} is already active: end it before declaring another."]
    assert store.active_incident() == first


def test_ending_when_none_is_active_says_so(
    duty: TestClient, store: Store, form_token: Callable[[Response], str]
) -> None:
    ended = duty.post("/incident/end", data={"csrf_token": form_token(duty.get("/incident"))})
    assert ended.status_code == 409
    assert errors_in(ended) == ["No incident is active: someone may have ended it already."]


# -- who may ------------------------------------------------------------------------------------------

POSTS = {
    "/incident/declare": {"reason": "Flooding"},
    "/incident/end": {"note": "over"},
    "/incident/holding": {"statement": "incident-in-area", "blank-place": "Byker"},
}


@pytest.mark.parametrize("who", ["officer", "reviewer", "admin"])
@pytest.mark.parametrize("path", POSTS)
def test_only_duty_staff_and_seniors_may_post_the_incident_forms(
    signed_in: Callable[[str], TestClient],
    store: Store,
    form_token: Callable[[Response], str],
    who: str,
    path: str,
) -> None:
    if path == "/incident/end":
        store.start_incident(reason="Flooding", by="duty")
    browser = signed_in(who)
    token = form_token(browser.get("/"))

    refused = browser.post(path, data={"csrf_token": token, **POSTS[path]})

    assert refused.status_code == 403
    assert "This page is for duty or senior users." in refused.text
    assert [i.reason for i in store.incidents()] == (["Flooding"] if path == "/incident/end" else [])
    assert store.posts() == []


@pytest.mark.parametrize("path", POSTS)
def test_the_incident_forms_need_the_sessions_csrf_token(duty: TestClient, store: Store, path: str) -> None:
    assert duty.post(path, data=POSTS[path]).status_code == 403
    assert duty.post(path, data={"csrf_token": "guessed", **POSTS[path]}).status_code == 403
    assert store.incidents() == [] and store.posts() == []


def test_a_senior_officer_may_declare(
    signed_in: Callable[[str], TestClient], store: Store, form_token: Callable[[Response], str]
) -> None:
    senior = signed_in("senior")
    senior.post("/incident/declare", data={"csrf_token": form_token(senior.get("/incident")), "reason": "Flooding"})
    incident = store.active_incident()
    assert incident is not None and incident.started_by == "senior"


def test_a_reviewer_reads_the_incident_and_what_it_holds_without_its_forms(
    signed_in: Callable[[str], TestClient], store: Store, make: Callable[..., Post]
) -> None:
    post = make("scheduled", text=f"{SCRIPT} <a href='javascript:alert(2)'>x</a>")
    duty = store.user("duty")
    assert duty is not None
    declare(store, reason="Flooding <b>now</b>", by=duty, place="Byker")

    page = signed_in("reviewer").get("/incident").text

    assert "Flooding &lt;b&gt;now&lt;/b&gt;" in page and f'<a href="/posts/{post.id}">' in page
    assert SCRIPT not in page and "&lt;script&gt;" in page and 'href="javascript:' not in page
    assert "<form" not in page.replace('<form method="post" action="/signout">', "")


# -- holding statements -------------------------------------------------------------------------------


def test_the_statements_show_their_blanks_as_labelled_inputs_and_their_accounts_as_checkboxes(
    duty: TestClient,
) -> None:
    page = words(duty.get("/incident"))
    assert '<label for="road-closed-road">Fill in {road}</label>' in page
    assert '<input id="road-closed-road" name="blank-road" type="text"' in page
    assert '<strong class="blank">{place}</strong>' in page
    assert 'name="account" value="x:NorthshirePolice"' in page
    assert 'value="youtube:' not in page  # statements are posts; YouTube takes only replies
    assert "<legend>Post it on</legend>" in page


def test_a_holding_statement_with_a_link_in_a_blank_is_refused_with_every_reason(
    duty: TestClient, store: Store, form_token: Callable[[Response], str]
) -> None:
    token = form_token(duty.get("/incident"))

    refused = duty.post(
        "/incident/holding",
        data={"csrf_token": token, "statement": "road-closed", "blank-road": "A1", "blank-place": "evil.example/x"},
    )

    assert refused.status_code == 400
    assert errors_in(refused) == ["{place} may not hold a link: the approved wording says where to look"]
    assert '<a href="#road-closed-place">' in refused.text
    assert 'value="A1"' in refused.text  # the blanks as typed
    assert store.posts() == []


def test_unknown_statements_and_accounts_are_refused_too(
    duty: TestClient, store: Store, form_token: Callable[[Response], str]
) -> None:
    token = form_token(duty.get("/incident"))
    base = {"csrf_token": token, "statement": "incident-in-area", "blank-place": "Byker"}

    wrong_account = duty.post("/incident/holding", data={**base, "account": "x:SomeoneElse"})
    youtube = duty.post("/incident/holding", data={**base, "account": "youtube:UCnorthshirepolice000001"})
    unknown = duty.post("/incident/holding", data={**base, "statement": "road-closd"})

    assert errors_in(wrong_account) == ["x:SomeoneElse is not one of the force's accounts"]
    assert errors_in(youtube) == [
        "the incident-in-area statement may go on x and facebook, not on youtube:UCnorthshirepolice000001"
    ]
    assert errors_in(unknown)[0].startswith("no holding statement 'road-closd'")
    assert store.posts() == []


def test_a_clean_holding_statement_is_queued_for_the_next_run_linked_to_the_incident(
    duty: TestClient, store: Store, form_token: Callable[[Response], str]
) -> None:
    incident = store.start_incident(reason="Warehouse fire", by="duty")
    token = form_token(duty.get("/incident"))

    posted = duty.post(
        "/incident/holding",
        data={
            "csrf_token": token,
            "statement": "incident-in-area",
            "blank-place": "Elswick",
            "account": str(X),
        },
    )

    assert posted.status_code == 303
    [post] = store.posts()
    assert posted.headers["location"] == f"/incident?posted={post.id}#holding-result"
    assert (post.state, post.accounts, post.incident_id, post.template) == (
        "scheduled",
        (X,),
        incident.id,
        "incident-in-area",
    )
    assert post.texts["x"].startswith("We are aware of an incident in Elswick")
    page = words(duty.get(posted.headers["location"]))
    assert f"Post {post.id} (incident-in-area) passed the checks and is queued on" in page
    assert f"linked to incident {incident.id}" in page


def test_a_holding_statement_the_checks_question_goes_to_ordinary_review_with_the_findings(
    duty: TestClient,
    store: Store,
    form_token: Callable[[Response], str],
    app: FastAPI,
    finds_word: Callable[..., Checks],
) -> None:
    app.dependency_overrides[policy_checks] = lambda: finds_word("Byker", "place-named", "warn")
    token = form_token(duty.get("/incident"))

    posted = duty.post(
        "/incident/holding", data={"csrf_token": token, "statement": "incident-in-area", "blank-place": "Byker"}
    )

    [post] = store.posts()
    assert post.state == "submitted" and post.accounts == (FACEBOOK, X, Account("x", "NorthshireRoads"))
    page = words(duty.get(posted.headers["location"]))
    assert f"Post {post.id} (incident-in-area) went to ordinary review: the checks found something (warn)" in page
    assert "<strong>warn</strong>: place-named: Byker" in page


def test_a_posted_page_names_only_holding_statements(duty: TestClient, store: Store, make: Callable[..., Post]) -> None:
    routine = make("scheduled")
    assert "passed the checks" not in duty.get(f"/incident?posted={routine.id}").text


def test_every_field_on_the_incident_page_has_a_label(duty: TestClient) -> None:
    page = words(duty.get("/incident"))
    fields = re.findall(r"<(?:input|textarea|select)\b[^>]*>", page)
    assert any("<select" in field for field in fields) and any("<textarea" in field for field in fields)
    for field in fields:
        if 'type="hidden"' in field:
            continue
        ident = re.search(r'id="([^"]+)"', field)
        assert ident and f'<label for="{ident.group(1)}">' in page, field
    assert len(re.findall(r"<h1>", page)) == 1
