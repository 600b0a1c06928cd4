"""A post's page, the review queue and the calendar: four eyes, blocked posts, overrides with a reason,
stale versions refused, what changed since the last version, and public text that stays inert."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from hypothesis import given
from hypothesis import strategies as st

from commsdesk.records import Mention
from commsdesk.store import Store
from policy_checks.engine import Checker
from policy_checks.records import Finding
from policy_checks.testing import FakeEntities
from publish import desk as publishing
from publish.drafts import PostSpec
from publish.records import SCHEDULER, Account, ReplyTo
from web.routes.posts import calendar_days
from web.routes.review import Change, Noted, marked, queue_window, word_diff

X = Account("x", "NorthshirePolice")
CHECKER = Checker(entity_finder=FakeEntities(["Sarah Jones"]))  # the real rules, without loading spaCy
CLEAN = "The A1 is closed northbound near Byker this morning."
NAMED = "We are appealing for witnesses after the victim, Sarah Jones, 24, was sexually assaulted in Elswick."
FIXED = NAMED.replace("the victim, Sarah Jones,", "a woman,")
SCRIPT = "<script>alert(1)</script>"


def write(store: Store, text: str = CLEAN, *, by: str = "officer", submit: bool = True, hours: float = 3) -> int:
    """A post on the force's X account, `hours` from now, submitted for review unless told otherwise."""
    user = store.user(by)
    assert user is not None
    spec = PostSpec(texts={"x": text}, accounts=(X,), scheduled_at=store.clock() + timedelta(hours=hours))
    return publishing.create(store, spec, by=user, checker=CHECKER, accounts=(X,), submit=submit).id


def rewrite(store: Store, ident: int, text: str, *, by: str = "officer") -> None:
    user = store.user(by)
    assert user is not None
    publishing.edit(store, ident, publishing.Typed(text=text), by=user, checker=CHECKER, accounts=(X,))


@pytest.fixture
def as_user(
    signed_in: Callable[[str], TestClient], form_token: Callable[[Response], str]
) -> Callable[[str], tuple[TestClient, str]]:
    """`as_user("reviewer")`: the client signed in as them, and their CSRF token."""

    def sign_in(name: str) -> tuple[TestClient, str]:
        client = signed_in(name)
        return client, form_token(client.get("/"))

    return sign_in


def move(
    client: TestClient, token: str, ident: int, action: str, *, version: int = 1, note: str = "", back: str = "post"
) -> Response:
    data = {"csrf_token": token, "action": action, "seen_version": version, "note": note, "back": back}
    return client.post(f"/posts/{ident}/move", data=data)


def state(store: Store, ident: int) -> str:
    post = store.post(ident)
    assert post is not None
    return post.state


def offers(page: str, action: str, ident: int) -> bool:
    """Whether `page` has a form making `action` on post `ident`."""
    form = rf'<form method="post" action="/posts/{ident}/move"[^>]*>\s*(?:<input[^>]*>\s*)*?'
    return re.search(form + rf'<input type="hidden" name="action" value="{action}">', page) is not None


# -- approving --------------------------------------------------------------------------------------


def test_a_reviewer_approves_from_the_queue_and_the_post_is_scheduled(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    ident = write(store)
    reviewer, token = as_user("reviewer")
    assert offers(reviewer.get("/review").text, "approve", ident)
    response = move(reviewer, token, ident, "approve", back="review")
    assert response.headers["location"] == f"/review?done=approve&post={ident}#post-{ident}"
    assert state(store, ident) == "scheduled"
    page = reviewer.get(response.headers["location"]).text
    assert f"Post {ident} approved. Next: queued: the scheduler publishes it at" in page
    assert "Nothing is waiting for review." in page


def test_the_author_cannot_approve_their_own_post_and_the_page_says_so(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    ident = write(store, by="reviewer")
    reviewer, token = as_user("reviewer")
    page = reviewer.get(f"/posts/{ident}").text
    assert not offers(page, "approve", ident) and not offers(page, "reject", ident)
    assert (
        f"You cannot approve it:</strong> reviewer wrote post {ident}: someone else must approve it (four eyes)" in page
    )
    refused = move(reviewer, token, ident, "approve")
    assert refused.status_code == 403
    assert "someone else must approve it (four eyes)" in refused.text
    assert 'class="error-summary"' in refused.text
    assert state(store, ident) == "submitted"


def test_a_reviewer_sees_a_blocked_post_is_blocked_and_why_with_no_approve_button(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    ident = write(store, NAMED)
    reviewer, token = as_user("reviewer")
    page = reviewer.get("/review").text
    assert not offers(page, "approve", ident) and not offers(page, "override", ident)
    assert offers(page, "reject", ident)
    assert "You cannot approve it:</strong> post 1 has blocking findings: sexual-offence-complainant (x)" in page
    assert '<mark class="finding-block">Sarah Jones</mark><sup class="finding-number">[1]</sup>' in page
    refused = move(reviewer, token, ident, "approve", back="review")
    assert refused.status_code == 403
    assert "has blocking findings" in refused.text
    assert state(store, ident) == "submitted"


def test_a_senior_overrides_a_blocking_finding_only_with_a_written_reason(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    ident = write(store, NAMED)
    senior, token = as_user("senior")
    page = senior.get("/review").text
    assert offers(page, "override", ident)
    assert f'<label for="override-note-{ident}">' in page
    refused = move(senior, token, ident, "override", note="   ", back="review")
    assert refused.status_code == 403
    assert f'<a href="#override-note-{ident}">post {ident}: override needs a written reason' in refused.text
    assert state(store, ident) == "submitted"

    reason = "The complainant asked us to name her and waived anonymity in writing."
    assert move(senior, token, ident, "override", note=reason).status_code == 303
    post = store.post(ident)
    assert post is not None and (post.state, post.override_reason, post.reviewed_by) == ("scheduled", reason, "senior")
    assert reason in senior.get(f"/posts/{ident}").text


def test_only_a_senior_is_offered_the_override(as_user: Callable[[str], tuple[TestClient, str]], store: Store) -> None:
    ident = write(store, NAMED)
    reviewer, token = as_user("reviewer")
    assert not offers(reviewer.get(f"/posts/{ident}").text, "override", ident)
    refused = move(reviewer, token, ident, "override", note="I think it is fine.")
    assert refused.status_code == 403
    assert "only senior may" in refused.text
    assert state(store, ident) == "submitted"


def test_approving_a_version_that_changed_since_it_was_read_is_refused(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    ident = write(store)
    reviewer, token = as_user("reviewer")
    assert 'name="seen_version" value="1"' in reviewer.get(f"/posts/{ident}").text
    rewrite(store, ident, "The A1 is closed both ways near Byker.")
    refused = move(reviewer, token, ident, "approve", version=1)
    assert refused.status_code == 403
    assert "changed since you looked at it (you saw version 1, it is now version 2)" in refused.text
    assert state(store, ident) == "submitted"
    assert move(reviewer, token, ident, "approve", version=2).status_code == 303
    assert state(store, ident) == "scheduled"


def test_a_rejection_needs_a_comment_which_the_author_then_reads(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store, signed_in: Callable[[str], TestClient]
) -> None:
    ident = write(store)
    reviewer, token = as_user("reviewer")
    refused = move(reviewer, token, ident, "reject", note="", back="review")
    assert refused.status_code == 403 and "needs a comment telling the author why" in refused.text
    assert move(reviewer, token, ident, "reject", note="Say which junction.").status_code == 303
    assert state(store, ident) == "rejected"
    reviewer.post("/signout", data={"csrf_token": token})
    page = signed_in("officer").get(f"/posts/{ident}").text
    assert "Say which junction." in page
    assert f'<a href="/posts/{ident}/edit">Edit post {ident}</a>' in page


def test_a_move_the_posts_state_does_not_allow_is_a_conflict_not_an_error(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    ident = write(store, submit=False)
    officer, token = as_user("officer")
    refused = move(officer, token, ident, "withdraw")
    assert refused.status_code == 409
    assert f"post {ident} is draft: cannot withdraw" in refused.text


def test_a_move_without_the_forms_token_is_refused_and_changes_nothing(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    ident = write(store)
    reviewer, _ = as_user("reviewer")
    assert move(reviewer, "forged", ident, "approve").status_code == 403
    assert state(store, ident) == "submitted"


def test_no_such_post_and_no_such_move(as_user: Callable[[str], tuple[TestClient, str]], store: Store) -> None:
    ident = write(store)
    reviewer, token = as_user("reviewer")
    assert reviewer.get("/posts/99").status_code == 404
    assert move(reviewer, token, 99, "approve").status_code == 404
    assert move(reviewer, token, ident, "start_publishing").status_code == 400
    assert state(store, ident) == "submitted"


def test_duty_staff_hold_a_scheduled_post_with_a_reason_and_release_it_to_review(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    ident = write(store)
    reviewer = store.user("reviewer")
    assert reviewer is not None
    publishing.approve(store, ident, reviewer)
    duty, token = as_user("duty")
    assert offers(duty.get(f"/posts/{ident}").text, "hold", ident)
    assert move(duty, token, ident, "hold", note="").status_code == 403
    assert move(duty, token, ident, "hold", note="Road reopened: the post is wrong now.").status_code == 303
    assert state(store, ident) == "held"
    assert offers(duty.get(f"/posts/{ident}").text, "release", ident)
    assert move(duty, token, ident, "release").status_code == 303
    assert state(store, ident) == "submitted"


# -- what the pages show ----------------------------------------------------------------------------


def test_the_queue_is_oldest_first_and_shows_what_the_last_edit_changed(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    first, second = write(store, NAMED), write(store, CLEAN)
    rewrite(store, first, FIXED)
    page = as_user("reviewer")[0].get("/review").text
    assert page.index(f'id="post-{first}"') < page.index(f'id="post-{second}"')
    assert "From version 1 to 2." in page
    assert '<del><span class="visually-hidden">[removed: </span>the victim, Sarah Jones,' in page
    assert '<ins><span class="visually-hidden">[added: </span>a woman,' in page
    assert "The first version: nothing to compare." in page


def test_a_posts_page_tells_its_story(as_user: Callable[[str], tuple[TestClient, str]], store: Store) -> None:
    ident = write(store, NAMED)
    rewrite(store, ident, FIXED)
    page = as_user("officer")[0].get(f"/posts/{ident}").text
    assert "<h1>Post 1</h1>" in page
    assert 'It is number 1 in the <a href="/review">review queue</a>' in page
    assert "What changed from version 1 to 2" in page
    for step in ("wrote version 1", "checked version 1: block (1 block)", "draft → submitted", "version 1 → 2"):
        assert step in page, step
    assert re.search(r"<th scope=\"row\">2</th><td>2026-11-20 09:00 GMT</td><td>officer</td>", page)


def test_the_posts_list_links_each_post_and_says_where_it_is(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    waiting, draft = write(store, NAMED), write(store, submit=False)
    page = as_user("officer")[0].get("/posts").text
    assert f'<a href="/posts/{waiting}">Post {waiting}</a>' in page
    assert "number 1 of 1 waiting for review; a finding blocks approval" in page
    assert f'<a href="/posts/{draft}">Post {draft}</a>' in page
    assert "a draft: submit it for review when it is ready" in page


def test_public_text_and_links_stay_inert_on_a_post_and_in_the_queue(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    store.save_mentions([Mention("x", "77", f"{SCRIPT} <b>why</b>", store.clock(), url="javascript:alert(2)")])
    officer = store.user("officer")
    assert officer is not None
    text = f'{SCRIPT} <a href="javascript:alert(3)">click</a>'
    spec = PostSpec(texts={"x": text}, accounts=(X,), in_reply_to=ReplyTo("x", "77"))
    ident = publishing.create(store, spec, by=officer, checker=CHECKER, accounts=(X,), submit=True).id
    reviewer, _ = as_user("reviewer")
    for page in (reviewer.get(f"/posts/{ident}").text, reviewer.get("/review").text):
        assert SCRIPT not in page and "<b>why</b>" not in page
        assert 'href="javascript:' not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;why&lt;/b&gt;" in reviewer.get(f"/posts/{ident}").text


def test_a_published_link_becomes_a_link_only_when_it_is_http(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    ident = write(store, hours=0.5)
    reviewer = store.user("reviewer")
    assert reviewer is not None
    publishing.approve(store, ident, reviewer)
    store.move_post(ident, "start_publishing", SCHEDULER)
    refs = {"x:NorthshirePolice": "javascript:alert(1)", "x:Other": "https://x.com/i/status/9"}
    store.move_post(ident, "mark_published", SCHEDULER, refs=refs)
    page = as_user("duty")[0].get(f"/posts/{ident}").text
    assert 'href="javascript:' not in page
    assert '<a href="https://x.com/i/status/9" rel="noreferrer noopener">' in page
    assert "x:NorthshirePolice: javascript:alert(1)" in page


def test_the_calendar_shows_the_next_two_weeks_by_london_day(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    reviewer = store.user("reviewer")
    assert reviewer is not None
    soon, later, far = (
        write(store, hours=3),
        write(store, "Beat surgery on Tuesday.", hours=24 * 5),
        write(store, hours=24 * 20),
    )
    for ident in (soon, later, far):
        publishing.approve(store, ident, reviewer)
    waiting = write(store, "Still waiting for review.")
    page = as_user("officer")[0].get("/calendar").text
    assert page.count('<section class="calendar-day"') == 14
    assert '<h2 id="day-1">Friday 20 November 2026</h2>' in page
    assert re.search(
        r'<th scope="row">12:00 GMT</th>\s*<td><a href="/posts/1">Post 1</a></td>\s*<td>scheduled</td>', page
    )
    assert '<h2 id="day-6">Wednesday 25 November 2026</h2>' in page
    assert page.index('id="day-6"') < page.index(f'href="/posts/{later}"') < page.index('id="day-7"')
    assert f'href="/posts/{far}"' not in page and f'href="/posts/{waiting}"' not in page


# -- the pure helpers -------------------------------------------------------------------------------


def finding(start: int, end: int, severity: str = "block") -> Finding:
    return Finding("rule", severity, start, end, "why")  # type: ignore[arg-type]


def test_overlapping_findings_are_marked_with_the_worst_and_numbered_where_they_end() -> None:
    text = "abcdefgh"
    noted = [Noted(1, finding(1, 5, "warn"), "bcde"), Noted(2, finding(3, 7, "block"), "defg")]
    pieces = [(p.text, p.severity, p.notes) for p in marked(text, noted)]
    assert pieces == [
        ("a", "", ()),
        ("bc", "warn", ()),
        ("de", "block", (1,)),
        ("fg", "block", (2,)),
        ("h", "", ()),
    ]


@given(st.text(max_size=40), st.lists(st.tuples(st.integers(-3, 45), st.integers(-3, 45)), max_size=5))
def test_marking_never_loses_or_reorders_a_character(text: str, spans: list[tuple[int, int]]) -> None:
    noted = [Noted(n, finding(min(a, b), max(a, b)), "") for n, (a, b) in enumerate(spans, start=1)]
    pieces = marked(text, noted)
    assert "".join(p.text for p in pieces) == text
    assert sorted(n for p in pieces for n in p.notes) == ([n.number for n in noted] if text else [])


@given(st.text(alphabet="ab \n", max_size=30), st.text(alphabet="ab \n", max_size=30))
def test_a_word_diff_gives_back_both_versions(before: str, after: str) -> None:
    changes = word_diff(before, after)
    assert "".join(c.text for c in changes if c.kind != "ins") == before
    assert "".join(c.text for c in changes if c.kind != "del") == after


def test_a_word_diff_marks_whole_words() -> None:
    assert word_diff("the victim, Sarah Jones, 24", "a woman, 24") == [
        Change("del", "the victim, Sarah Jones, "),
        Change("ins", "a woman, "),
        Change("same", "24"),
    ]


def test_calendar_days_start_on_todays_london_date_across_midnight() -> None:
    late = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)  # already 2 July in London (BST)
    days = calendar_days([], now=late, days=2)
    assert [d.heading for d in days] == ["Thursday 2 July 2026", "Friday 3 July 2026"]


# -- accessibility basics ---------------------------------------------------------------------------

PAGES = ["/posts/new", "/posts/1", "/posts/1/edit", "/posts/2", "/review", "/calendar", "/posts"]


@pytest.mark.parametrize("path", PAGES)
def test_each_page_has_one_heading_naming_it_and_every_field_labelled_once(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store, path: str
) -> None:
    blocked = write(store, NAMED, by="reviewer")
    rewrite(store, blocked, NAMED + " Call 101.", by="reviewer")
    reviewer = store.user("reviewer")
    assert reviewer is not None
    publishing.approve(store, write(store), reviewer)
    page = as_user("senior")[0].get(path).text
    headings = re.findall(r"<h1>(.*?)</h1>", page)
    assert len(headings) == 1
    assert re.search(rf"<title>{re.escape(headings[0])} – ", page), "the title names the page"
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "ids are unique"
    for field in re.findall(r"<(?:input|textarea)\b[^>]*>", page):
        if 'type="hidden"' in field:
            continue
        ident = re.search(r'id="([^"]+)"', field)
        assert ident and page.count(f'<label for="{ident.group(1)}">') == 1, field
    if path in ("/posts/new", "/review", "/calendar", "/posts"):
        assert f'<a href="{path}" aria-current="page">' in page, "the navigation marks where the user is"


# -- long lists a page at a time --------------------------------------------------------------------


def shown_posts(page: str) -> list[int]:
    """The posts a page of the review queue shows, in order."""
    return [int(n) for n in re.findall(r'<article class="card review-card[^"]*" id="post-(\d+)"', page)]


def places(page: str) -> list[tuple[int, int]]:
    """(place, of how many) of each post a page of the review queue shows, in order."""
    return [(int(a), int(b)) for a, b in re.findall(r"<dt>Place</dt><dd>(\d+) of (\d+)</dd>", page)]


def listed(page: str) -> list[int]:
    """The posts the posts list shows, in order."""
    return [int(n) for n in re.findall(r'<th scope="row"><a href="/posts/(\d+)">', page)]


def pager(page: str, of: str) -> list[tuple[str, str]]:
    """The links (address, words) of the page's pager for the list `of`, in order."""
    nav = re.search(rf'<nav class="pager" aria-label="Pages of {of}">(.*?)</nav>', page, re.S)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav.group(1)) if nav else []


QUEUE, POSTS = "the review queue", "the force&#39;s posts"


def test_a_long_queue_shows_the_oldest_twenty_and_links_on_to_the_next(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    posts = [write(store) for _ in range(45)]
    reviewer = as_user("reviewer")[0]
    first = reviewer.get("/review").text
    assert shown_posts(first) == posts[:20]
    assert "45 posts waiting; these are numbers 1–20, the oldest first." in first
    assert places(first) == [(n, 45) for n in range(1, 21)]
    assert pager(first, QUEUE) == [(f"/review?after={posts[19]}", "Next 20 waiting")]

    second = reviewer.get(f"/review?after={posts[19]}").text
    assert shown_posts(second) == posts[20:40]
    assert "45 posts waiting; these are numbers 21–40, the oldest first." in second
    assert places(second) == [(n, 45) for n in range(21, 41)]
    assert pager(second, QUEUE) == [("/review", "Earlier"), (f"/review?after={posts[39]}", "Next 5 waiting")]

    third = reviewer.get(f"/review?after={posts[39]}").text
    assert shown_posts(third) == posts[40:] and places(third) == [(n, 45) for n in range(41, 46)]
    assert pager(third, QUEUE) == [(f"/review?after={posts[19]}", "Earlier")]


def test_a_move_on_a_later_page_comes_back_to_that_page_and_the_places_move_up(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    posts = [write(store) for _ in range(25)]
    reviewer, token = as_user("reviewer")
    after, approved, rejected = posts[19], posts[22], posts[21]
    page = reviewer.get(f"/review?after={after}").text
    assert f'name="back" value="review:{after}"' in page and offers(page, "approve", approved)

    done = move(reviewer, token, approved, "approve", back=f"review:{after}")
    assert done.headers["location"] == f"/review?after={after}&done=approve&post={approved}#post-{approved}"
    page = reviewer.get(done.headers["location"]).text
    assert f"Post {approved} approved." in page
    assert shown_posts(page) == [p for p in posts[20:] if p != approved]
    assert places(page) == [(n, 24) for n in range(21, 25)]
    assert "It is number 21 in the" in reviewer.get(f"/posts/{posts[20]}").text

    refused = move(reviewer, token, rejected, "reject", note="", back=f"review:{after}")
    assert refused.status_code == 403
    assert shown_posts(refused.text) == shown_posts(page), "the same page, with the post the error is about"
    assert f'<a href="#reject-note-{rejected}">' in refused.text and f'id="reject-note-{rejected}"' in refused.text


def test_a_cursor_past_the_end_says_so_and_a_made_up_one_is_refused(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    posts = [write(store) for _ in range(3)]
    reviewer = as_user("reviewer")[0]
    past = reviewer.get(f"/review?after={posts[-1]}").text
    assert "3 posts waiting, none of them after this point in the queue." in past
    assert shown_posts(past) == [] and pager(past, QUEUE) == [("/review", "Earlier")]
    for made_up in ("/review?after=soon", "/review?after=-1", f"/review?after={2**63}", "/posts?before=-1"):
        assert reviewer.get(made_up).status_code == 400, made_up


def test_the_posts_list_goes_back_fifty_at_a_time_saying_where_each_post_is(
    as_user: Callable[[str], tuple[TestClient, str]], store: Store
) -> None:
    posts = [write(store, submit=n % 2 == 0) for n in range(60)]  # every other one waits for review: 30
    officer = as_user("officer")[0]
    newest = officer.get("/posts").text
    assert listed(newest) == posts[:9:-1]
    assert pager(newest, POSTS) == [(f"/posts?before={posts[10]}", "Older posts")]
    waiting_last = (
        rf'<a href="/posts/{posts[58]}">Post {posts[58]}</a></th>\s*<td>submitted</td>\s*<td class="post-text">'
    )
    assert re.search(waiting_last + "number 30 of 30 waiting for review</td>", newest)

    older = officer.get(f"/posts?before={posts[10]}").text
    assert listed(older) == posts[9::-1]
    assert f"The force's posts, newest first, from before post {posts[10]}" in older
    assert pager(older, POSTS) == [("/posts", "Newest posts")]
    waiting_first = (
        rf'<a href="/posts/{posts[0]}">Post {posts[0]}</a></th>\s*<td>submitted</td>\s*<td class="post-text">'
    )
    assert re.search(waiting_first + "number 1 of 30 waiting for review</td>", older)

    nothing = officer.get(f"/posts?before={posts[0]}").text
    assert f"No posts older than post {posts[0]}." in nothing and pager(nothing, POSTS) == [("/posts", "Newest posts")]


@given(st.lists(st.integers(1, 300), unique=True).map(sorted), st.integers(1, 7))
def test_following_the_next_links_shows_every_waiting_post_once_and_earlier_comes_back(
    waiting: list[int], size: int
) -> None:
    seen: list[int] = []
    after = 0
    while True:
        window = queue_window(waiting, after=after, size=size)
        assert (window.first, window.last, window.waiting) == (len(seen) + 1, len(seen) + len(window.ids), len(waiting))
        seen += window.ids
        if window.later is None:
            assert window.coming == 0
            break
        following = queue_window(waiting, after=window.later, size=size)
        assert following.earlier == after and window.coming == len(following.ids)
        after = window.later
    assert seen == waiting
