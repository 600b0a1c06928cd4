"""The response queue in the browser: take a mention, answer it and the reply goes for approval, or dismiss
it with a note; refusals come back as errors on the page, and the public's words stay inert and unnamed."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from html import unescape

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from httpx import Response

from analyse.records import Analysed
from commsdesk.records import Mention
from commsdesk.store import Store
from config.settings import Store as StoreSettings
from config.settings import example_path, load
from policy_checks.records import Draft, Finding
from publish.replies.records import QueueItem, Reason
from web.app import create_app
from web.auth import Passwords
from web.guards import policy_checks
from web.routes.replies import Queued, shown_items

EXAMPLE = load(example_path(), environ={})  # the example force: @NorthshirePolice answers on X
SCRIPT = "<script>alert(1)</script>"
QUESTION = Reason("question", "asks a question; names @NorthshirePolice", 4)


class FindsByker:
    """A checker standing in for the policy rules: it warns wherever "Byker" appears."""

    def check(self, draft: Draft) -> list[Finding]:
        return [
            Finding("place-named", "warn", m.start(), m.end(), "Naming the area may identify the victim", "the area")
            for m in re.finditer("Byker", draft.text)
        ]


@pytest.fixture
def app(store: Store, clock: Callable[[], datetime], passwords: Passwords) -> FastAPI:
    desk = create_app(replace(EXAMPLE, store=StoreSettings(path=str(store.path))), clock=clock, passwords=passwords)
    desk.dependency_overrides[policy_checks] = lambda: FindsByker()
    return desk


def queue(store: Store, text: str, *, n: int = 1, reason: Reason = QUESTION) -> int:
    """A mention to @NorthshirePolice from a private person, analysed and put in the queue; its queue id."""
    ident = str(6_000_000 + n)
    at = store.clock() - timedelta(minutes=10)
    stored = Mention("x", ident, text, at, author_id=str(800 + n), author_handle=f"worried_{n}", conversation_id=ident)
    analysed = Analysed("x", ident, at, text, author_id=str(800 + n), author_handle=f"worried_{n}", lang="en")
    store.save_mentions([stored])
    store.save_analyses([analysed], features={}, upto=0)
    store.mark_for_reply([(analysed, reason)], upto=0)
    (item,) = [i for i in store.reply_queue() if i.mention_id == ident]
    return item.id


def post_form(client: TestClient, path: str, token: str, **fields: str) -> Response:
    return client.post(path, data={"csrf_token": token, **fields})


@pytest.fixture
def officer(signed_in: Callable[[str], TestClient]) -> TestClient:
    return signed_in("officer")


@pytest.fixture
def token(officer: TestClient, form_token: Callable[[Response], str]) -> str:
    return form_token(officer.get("/replies"))


def notice(page: str) -> str:
    """What the page says was done (its status message)."""
    found = re.search(r'<div class="notice"><p>(.*?)</p>', page, re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", found.group(1)))) if found else ""


def test_an_officer_takes_a_mention_answers_it_and_the_reply_goes_for_approval(
    store: Store, officer: TestClient, token: str
) -> None:
    ident = queue(store, "@NorthshirePolice is the Byker bridge open again?")
    listed = officer.get("/replies").text
    assert f'<a href="/replies/{ident}">Reply {ident}: question</a>' in listed
    taken = post_form(officer, f"/replies/{ident}/assign", token)
    assert (taken.status_code, taken.headers["location"]) == (303, f"/replies/{ident}?done=assigned")
    page = officer.get(taken.headers["location"]).text
    assert notice(page) == f"Reply {ident} is assigned to you: write the answer below."
    assert '<textarea id="reply-text" name="text"' in page
    answered = post_form(officer, f"/replies/{ident}/answer", token, text="It is open again near Byker, thanks.")
    assert (answered.status_code, answered.headers["location"]) == (303, f"/replies/{ident}?done=answered")
    item = store.reply_item(ident)
    assert item is not None and item.status == "answered" and item.post_id is not None
    post = store.post(item.post_id)
    assert post is not None and (post.state, post.author) == ("submitted", "officer")
    page = officer.get(answered.headers["location"]).text
    assert notice(page) == f"Your reply is saved as post {post.id} and is waiting for approval."
    assert f'<a href="/posts/{post.id}">post {post.id}</a>' in page
    assert "Naming the area may identify the victim" in page and "Try: the area" in page  # the findings, at once
    assert "awaiting approval" in officer.get("/replies").text  # still the desk's until it is out


def test_only_the_one_it_is_assigned_to_answers_and_the_page_says_why(
    store: Store, officer: TestClient, token: str
) -> None:
    ident = queue(store, "@NorthshirePolice when is the station open?")
    page = officer.get(f"/replies/{ident}").text
    assert '<textarea id="reply-text"' not in page and "Assign it to yourself to answer it." in page
    refused = post_form(officer, f"/replies/{ident}/answer", token, text="From 8am.")
    assert refused.status_code == 409
    assert "cannot answer (allowed: assign, dismiss)" in refused.text
    assert store.posts() == []


def test_an_empty_reply_is_refused_naming_the_field_and_nothing_is_saved(
    store: Store, officer: TestClient, token: str
) -> None:
    ident = queue(store, "@NorthshirePolice when is the station open?")
    post_form(officer, f"/replies/{ident}/assign", token)
    refused = post_form(officer, f"/replies/{ident}/answer", token, text="   ")
    assert refused.status_code == 400
    assert '<a href="#reply-text">Reply: the x text is empty</a>' in refused.text
    assert 'aria-invalid="true"' in refused.text
    assert store.posts() == [] and store.reply_item(ident).status == "assigned"  # type: ignore[union-attr]


def test_dismissing_needs_a_note_and_then_takes_it_off_the_queue(
    store: Store, signed_in: Callable[[str], TestClient], form_token: Callable[[Response], str]
) -> None:
    ident = queue(store, "@NorthshirePolice is this true?")
    duty = signed_in("duty")
    token = form_token(duty.get("/replies"))
    page = duty.get("/replies").text
    assert "Assign to me" not in page  # duty staff route replies; they do not write them
    refused = post_form(duty, f"/replies/{ident}/dismiss", token, note=" ")
    assert refused.status_code == 400 and "Note: say why no reply is needed" in refused.text
    done = post_form(duty, f"/replies/{ident}/dismiss", token, note="Answered in the 09:10 appeal post")
    assert (done.status_code, done.headers["location"]) == (303, f"/replies?dismissed={ident}")
    page = duty.get(done.headers["location"]).text
    assert notice(page) == f"Reply {ident} dismissed: Answered in the 09:10 appeal post"
    assert f'href="/replies/{ident}"' not in page
    assert store.reply_item(ident).dismissed_by == "duty"  # type: ignore[union-attr]


def test_a_form_without_the_token_changes_nothing(store: Store, officer: TestClient) -> None:
    ident = queue(store, "@NorthshirePolice is this true?")
    for action, fields in (("assign", {}), ("answer", {"text": "Yes."}), ("dismiss", {"note": "no"})):
        assert post_form(officer, f"/replies/{ident}/{action}", "wrong", **fields).status_code == 403
    assert store.reply_item(ident).status == "open"  # type: ignore[union-attr]


def test_an_item_not_in_the_queue_is_not_found(officer: TestClient, token: str) -> None:
    assert officer.get("/replies/99").status_code == 404
    assert post_form(officer, "/replies/99/assign", token).status_code == 404
    assert post_form(officer, "/replies/99/dismiss", token, note="gone").status_code == 404


def test_the_queue_filters_by_kind_and_by_who_has_it(store: Store, officer: TestClient, token: str) -> None:
    asked = queue(store, "@NorthshirePolice is the road open?", n=1)
    reported = queue(store, "@NorthshirePolice my shed was broken into", n=2, reason=Reason("crime_report", "x", 2))
    post_form(officer, f"/replies/{asked}/assign", token)
    assert f"Reply {reported}:" in officer.get("/replies?kind=crime_report").text
    assert f"Reply {asked}:" not in officer.get("/replies?kind=crime_report").text
    mine = officer.get("/replies?mine=1").text
    assert f"Reply {asked}:" in mine and f"Reply {reported}:" not in mine
    bad = officer.get("/replies?kind=praise")
    assert bad.status_code == 400 and "Kind: choose a crime report, a complaint or a question" in bad.text


def test_the_publics_words_stay_inert_and_the_person_unnamed(store: Store, officer: TestClient) -> None:
    ident = queue(store, f"@NorthshirePolice {SCRIPT} <a href='javascript:alert(2)'>see</a> @worried_1 help?")
    for path in ("/replies", f"/replies/{ident}"):
        page = officer.get(path).text
        assert SCRIPT not in page and "<a href='" not in page and 'href="javascript' not in page.lower()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "worried_1" not in page and "Resident " in page
        assert "@NorthshirePolice" in page  # the force's own account is named


def test_a_page_of_the_queue_is_read_in_as_many_queries_as_one_item_with_the_same_records(
    store: Store, app: FastAPI, officer: TestClient, token: str
) -> None:
    """The mentions, analyses and reply posts of the page's items are read together, not one query per item,
    and what the page shows of each item is what reading it alone gives."""
    idents = [queue(store, f"@NorthshirePolice is road {n} open?", n=n) for n in range(1, 13)]
    for answered in (idents[0], idents[5]):
        post_form(officer, f"/replies/{answered}/assign", token)
        post_form(officer, f"/replies/{answered}/answer", token, text="It is open again, thank you.")
    items = store.reply_queue()
    assert [item.id for item in items] == idents
    request = Request({"type": "http", "app": app})
    store.pseudonym_key()  # made once, on first use: not a read of the page's

    def reads(page: list[QueueItem]) -> tuple[list[Queued], int]:
        statements: list[str] = []
        store.db.conn.set_trace_callback(statements.append)
        try:
            return shown_items(request, store, page), len(statements)
        finally:
            store.db.conn.set_trace_callback(None)

    (one, one_read), (page, page_read) = reads(items[:1]), reads(items)
    assert page_read == one_read
    assert page[:1] == one and page == [reads([item])[0][0] for item in items]
    assert page[5].reply == store.post(items[5].post_id or 0) and page[5].status == "awaiting approval"
    assert all(shown.mention is not None and shown.mention.analysed for shown in page)
