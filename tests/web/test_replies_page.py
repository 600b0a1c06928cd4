"""The response queue in the browser: take a mention, answer it and the reply goes for approval, or dismiss
it with a note; refusals come back as errors on the page, and the public's words stay inert and unnamed."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from html import escape, unescape
from pathlib import Path

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from httpx import Response
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyse.records import Analysed
from commsdesk.records import Mention
from commsdesk.store import Store
from config.settings import Store as StoreSettings
from config.settings import example_path, load
from policy_checks.records import Draft, Finding
from publish.replies.records import QueueItem, Reason
from web.app import create_app
from web.auth import Passwords, set_password
from web.guards import policy_checks
from web.routes import replies
from web.routes.replies import PAGE, Queued, shown_items

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


def force_desk(store: Store, clock: Callable[[], datetime], passwords: Passwords) -> FastAPI:
    """The example force's desk on `store`, with `FindsByker` for the policy checks."""
    desk = create_app(replace(EXAMPLE, store=StoreSettings(path=str(store.path))), clock=clock, passwords=passwords)
    desk.dependency_overrides[policy_checks] = lambda: FindsByker()
    return desk


@pytest.fixture
def app(store: Store, clock: Callable[[], datetime], passwords: Passwords) -> FastAPI:
    return force_desk(store, clock, passwords)


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


def queue_many(store: Store, wanted: Sequence[tuple[int, int, str]], *, first: int = 100) -> list[int]:
    """Mentions to @NorthshirePolice from private people, one per (priority, minutes old, kind), analysed and put in
    the queue together; their queue ids, in that order."""
    mentions, marked = [], []
    for n, (priority, minutes, kind) in enumerate(wanted, start=first):
        ident, at, text = str(6_000_000 + n), store.clock() - timedelta(minutes=minutes), f"@NorthshirePolice road {n}?"
        author = {"author_id": str(800 + n), "author_handle": f"worried_{n}"}
        mentions.append(Mention("x", ident, text, at, conversation_id=ident, **author))
        marked.append((Analysed("x", ident, at, text, lang="en", **author), Reason(kind, f"a {kind}", priority)))
    store.save_mentions(mentions)
    store.save_analyses([analysed for analysed, _ in marked], features={}, upto=0)
    store.mark_for_reply(marked, upto=0)
    queued = {item.mention_id: item.id for item in store.reply_queue(statuses=None, limit=len(wanted) + 1000)}
    return [queued[mention.id] for mention in mentions]


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


# -- a page at a time -------------------------------------------------------------------------------

PAGES_OF = "the response queue"


def shown(page: str) -> list[int]:
    """The queue items a page lists, in order."""
    return [int(n) for n in re.findall(r'<h2 id="reply-(\d+)">', page)]


def pager(page: str) -> list[tuple[str, str]]:
    """The links (address, words) of the page's pager, in order."""
    nav = re.search(rf'<nav class="pager" aria-label="Pages of {PAGES_OF}">(.*?)</nav>', page, re.S)
    return (
        [(unescape(href), words) for href, words in re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav.group(1))]
        if nav
        else []
    )


def next_link(page: str) -> str:
    return next((href for href, words in pager(page) if words.startswith("Next ")), "")


def said(page: str) -> str:
    """What the page says of the queue's length."""
    found = re.search(r"<p>(\d+ needs? the desk[^<]*)</p>", page)
    return found.group(1) if found else ""


def place(store: Store, ident: int) -> tuple[int, datetime, int]:
    """Where item `ident` is in the queue's order: most urgent, then oldest, then first queued."""
    item = store.reply_item(ident)
    assert item is not None
    return item.priority, item.mention_at, item.id


def test_a_long_queue_shows_the_fifty_most_urgent_and_links_on_to_the_rest(store: Store, officer: TestClient) -> None:
    idents = queue_many(
        store, [(n % 4 + 1, n % 9, ("question", "complaint", "crime_report")[n % 3]) for n in range(120)]
    )
    ordered = sorted(idents, key=lambda ident: place(store, ident))
    first = officer.get("/replies").text
    assert shown(first) == ordered[:PAGE]
    assert said(first) == "120 need the desk; these are numbers 1–50, the most urgent first."
    (link,) = pager(first)
    assert link[1] == "Next 50" and link[0].startswith("/replies?after=")

    second = officer.get(link[0]).text
    assert shown(second) == ordered[50:100]
    assert said(second) == "120 need the desk; these are numbers 51–100, the most urgent first."
    assert [words for _, words in pager(second)] == ["Most urgent first", "Next 20"]
    assert pager(second)[0][0] == "/replies"

    third = officer.get(next_link(second)).text
    assert shown(third) == ordered[100:]
    assert said(third) == "120 need the desk; these are numbers 101–120, the most urgent first."
    assert pager(third) == [("/replies", "Most urgent first")]


def test_a_short_queue_is_one_page_with_no_pager(store: Store, officer: TestClient) -> None:
    idents = queue_many(store, [(4, 1, "question"), (1, 0, "crime_report")])
    page = officer.get("/replies").text
    assert shown(page) == idents[::-1] and said(page) == "2 need the desk, the most urgent first."
    assert pager(page) == []


@contextmanager
def fresh_desk(
    clock: Callable[[], datetime], passwords: Passwords, password: str
) -> Iterator[tuple[Store, TestClient]]:
    """A desk of its own, with an officer signed in: one for each example of a property."""
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "desk.sqlite", clock=clock) as store:
        store.add_user("officer", ["officer"])
        set_password(store, "officer", password, by="test set-up", passwords=passwords)
        app = force_desk(store, clock, passwords)
        with TestClient(app, base_url="https://testserver", follow_redirects=False) as browser:
            token = re.search(r'name="csrf_token" value="([^"]*)"', browser.get("/signin").text)
            assert token is not None
            fields = {"name": "officer", "password": password, "csrf_token": token.group(1), "next": "/"}
            assert browser.post("/signin", data=fields).status_code == 303
            yield store, browser


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    wanted=st.lists(st.tuples(st.integers(1, 4), st.integers(0, 4)), max_size=20),  # (priority, minutes old): ties
    size=st.integers(1, 6),
    data=st.data(),
)
def test_following_the_next_links_visits_every_item_once_in_order_while_others_are_answered_or_dismissed(
    wanted: list[tuple[int, int]],
    size: int,
    data: st.DataObject,
    clock: Callable[[], datetime],
    passwords: Passwords,
    password: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(replies, "PAGE", size)
    with fresh_desk(clock, passwords, password) as (store, officer):
        idents = queue_many(store, [(priority, minutes, "question") for priority, minutes in wanted])
        key = {ident: place(store, ident) for ident in idents}
        token = re.search(r'name="csrf_token" value="([^"]*)"', officer.get("/replies").text)
        assert token is not None
        gone: set[int] = set()  # dismissed
        answered: set[int] = set()
        visited: list[int] = []
        link = "/replies"
        for _ in range(len(idents) + 1):
            page = officer.get(link)
            assert page.status_code == 200
            waiting = sorted((i for i in idents if i not in gone), key=key.__getitem__)
            before = [i for i in waiting if visited and key[i] <= key[visited[-1]]]
            assert shown(page.text) == waiting[len(before) :][:size]
            if len(shown(page.text)) > 1 and len(waiting) > size:
                first, last = len(before) + 1, len(before) + len(shown(page.text))
                assert said(page.text).startswith(f"{len(waiting)} need the desk; these are numbers {first}–{last},")
            visited += shown(page.text)
            link = next_link(page.text)
            if not link:
                break
            # Between pages, items anywhere in the queue, shown or not, are dismissed (off the queue) or answered.
            still_open = [i for i in idents if i not in gone and i not in answered]
            picked = st.tuples(st.sampled_from(still_open), st.booleans())
            moves = data.draw(st.lists(picked, max_size=3)) if still_open else []  # all answered: nothing to move
            for ident, dismiss in dict(moves).items():
                if dismiss:
                    post_form(officer, f"/replies/{ident}/dismiss", token.group(1), note="a duplicate")
                    gone.add(ident)
                else:
                    post_form(officer, f"/replies/{ident}/assign", token.group(1))
                    done = post_form(officer, f"/replies/{ident}/answer", token.group(1), text="Open again, thanks.")
                    assert done.status_code == 303
                    answered.add(ident)  # still the desk's until the reply is out: it stays in the queue
        else:
            pytest.fail("the next links did not come to an end")
        assert len(set(visited)) == len(visited)  # no item twice
        assert visited == sorted(visited, key=key.__getitem__)  # in the queue's order
        assert set(idents) - gone <= set(visited)  # every item still waiting was reached


def test_the_filters_carry_through_the_pages(store: Store, officer: TestClient) -> None:
    questions = queue_many(store, [(4, n % 5, "question") for n in range(60)])
    queue_many(store, [(2, n, "complaint") for n in range(10)], first=500)
    me = store.user("officer")
    assert me is not None
    for ident in questions[:55]:
        store.assign_reply(ident, to=me, by=me)
    ordered = sorted(questions[:55], key=lambda ident: place(store, ident))

    first = officer.get("/replies?kind=question&mine=1").text
    assert shown(first) == ordered[:50]
    assert said(first) == "55 need the desk; these are numbers 1–50, the most urgent first."
    (link, words) = pager(first)[0]
    assert words == "Next 5" and re.fullmatch(r"/replies\?after=[^&]+&kind=question&mine=1", link)
    second = officer.get(link).text
    assert shown(second) == ordered[50:]
    assert pager(second) == [("/replies?kind=question&mine=1", "Most urgent first")]
    assert 'id="replies-kind"' in second and '<option value="question" selected>' in second
    assert 'id="replies-mine" name="mine" type="checkbox" value="1" checked' in second


@pytest.mark.parametrize(
    "after",
    [
        "not-a-cursor",
        "2.20261120T081500Z",  # no id
        "2.20261320T081500Z.17",  # a 13th month
        "2.20261130T251500Z.17",  # a 25th hour
        "-1.20261120T081500Z.17",
        "2.2026-11-20T08:15:00Z.17",
        "2.20261120T081500Z.1234567890123456789",
        "2.20261120T081500Z.17.4",
        "%D9%A2.20261120T081500Z.17",  # an Arabic-Indic two
    ],
)
def test_a_malformed_cursor_is_refused_naming_the_field(store: Store, officer: TestClient, after: str) -> None:
    queue_many(store, [(4, 1, "question")])
    page = officer.get(f"/replies?after={after}")
    assert page.status_code == 400
    assert "<li>After: not a place in the queue; choose Show to start from the most urgent</li>" in page.text
    assert shown(page.text) == []


def test_a_cursor_past_the_end_says_so_and_links_back_to_the_start(store: Store, officer: TestClient) -> None:
    idents = queue_many(store, [(1, 2, "crime_report"), (4, 1, "question")])
    past = officer.get("/replies?after=9.20261120T090000Z.99")
    assert past.status_code == 200 and shown(past.text) == []
    assert "2 need the desk, none of them after this point in the queue." in past.text
    assert pager(past.text) == [("/replies", "Most urgent first")]
    between = officer.get(f"/replies?after=1.20261120T085800Z.{idents[0]}").text
    assert shown(between) == idents[1:]
    assert said(between) == "2 need the desk; this is number 2, the most urgent first."


def test_a_form_on_a_later_page_comes_back_to_that_page(store: Store, officer: TestClient, token: str) -> None:
    idents = queue_many(store, [(n % 3 + 1, n % 7, "question") for n in range(70)])
    ordered = sorted(idents, key=lambda ident: place(store, ident))
    link = next_link(officer.get("/replies?kind=question").text)
    second = officer.get(link).text
    assert shown(second) == ordered[50:]
    back = unescape(re.findall(r'name="back" value="([^"]*)"', second)[0])
    assert back == link

    taken = ordered[55]
    done = post_form(officer, f"/replies/{taken}/assign", token, back=back)
    assert (done.status_code, done.headers["location"]) == (303, f"{link}&assigned={taken}#reply-{taken}")
    again = officer.get(done.headers["location"]).text
    assert shown(again) == ordered[50:]  # the same page, the item now the officer's
    assert notice(again) == f"Reply {taken} is assigned to you: write the answer."
    assert f'<a href="/replies/{taken}">write the answer</a>' in again

    reviewer = store.user("reviewer")
    assert reviewer is not None
    store.assign_reply(ordered[60], to=reviewer, by=reviewer)
    refused = post_form(officer, f"/replies/{ordered[60]}/assign", token, back=back)
    assert refused.status_code == 409
    assert "is assigned to reviewer: only they or a reviewer / senior / duty may hand it on" in refused.text
    assert shown(refused.text) == ordered[50:]  # the page the form was on, with why not


def test_an_item_opened_from_a_later_page_is_dismissed_back_to_that_page(
    store: Store, officer: TestClient, token: str
) -> None:
    idents = queue_many(store, [(n % 3 + 1, n % 7, "question") for n in range(70)])
    ordered = sorted(idents, key=lambda ident: place(store, ident))
    link = next_link(officer.get("/replies?kind=question").text)
    opened = re.findall(rf'href="(/replies/{ordered[52]}[^"]*)"', officer.get(link).text)[0]
    item = officer.get(unescape(opened)).text
    assert f'<a href="{escape(link)}">The response queue</a>' in item
    back = unescape(re.findall(r'name="back" value="([^"]*)"', item)[0])
    assert back == link

    done = post_form(officer, f"/replies/{ordered[52]}/dismiss", token, note="Already answered by phone", back=back)
    assert (done.status_code, done.headers["location"]) == (303, f"{link}&dismissed={ordered[52]}")
    assert ordered[52] not in shown(officer.get(done.headers["location"]).text)

    elsewhere = officer.get(f"/replies/{ordered[53]}?back=https://elsewhere.example/replies").text
    assert '<a href="/replies">The response queue</a>' in elsewhere  # only a page of the queue is followed


@pytest.mark.parametrize(
    "back", ["https://elsewhere.example/replies", "/replies/3", "/replies?kind=praise", "/replies?next=/"]
)
def test_an_assign_whose_back_is_not_a_queue_page_goes_to_the_item(
    store: Store, officer: TestClient, token: str, back: str
) -> None:
    (ident,) = queue_many(store, [(4, 1, "question")])
    done = post_form(officer, f"/replies/{ident}/assign", token, back=back)
    assert (done.status_code, done.headers["location"]) == (303, f"/replies/{ident}?done=assigned")
