"""Changing one's own password on /account/password: the current one proves who is asking (and a wrong one counts
toward the lock-out), every other session ends while this browser stays signed in, and a password an admin set
holds every page of the desk until its owner has chosen their own."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from httpx import Response

from commsdesk.store import Store
from web.auth import set_password
from web.guards import PASSWORD_PAGE, SESSION_COOKIE
from web.records import LOCK_FOR, MAX_FAILURES
from web.routes import ROUTERS
from web.routes.account import CHANGED, TEMPORARY
from web.routes.signin import LOCKED

NEW_PASSWORD = "kettle harbour violin"
TEMPORARY_PASSWORD = "lantern orchard pebble"


@contextmanager
def browser(app: FastAPI) -> Iterator[TestClient]:
    """Another browser, with cookies of its own."""
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as opened:
        yield opened


def sign_in_with(client: TestClient, name: str, password: str) -> Response:
    token = _token(client.get("/signin"))
    return client.post("/signin", data={"name": name, "password": password, "csrf_token": token})


def _token(page: Response) -> str:
    found = re.search(r'name="csrf_token" value="([^"]*)"', page.text)
    assert found, "no CSRF token in the page"
    return found.group(1)


def change(client: TestClient, current: str, new: str, again: str | None = None) -> Response:
    """Fill in and post the password form as a person would, with the page's CSRF token."""
    token = _token(client.get(PASSWORD_PAGE))
    fields = {"current_password": current, "new_password": new, "new_password_again": new if again is None else again}
    return client.post(PASSWORD_PAGE, data={"csrf_token": token, **fields})


def errors(page: Response) -> list[tuple[str, str]]:
    """The error summary's lines: (the field it links to, the message)."""
    found = re.search(r'class="error-summary".*?</ul>', page.text, re.S)
    return re.findall(r'<li><a href="#([^"]*)">(.*?)</a></li>', found.group(0)) if found else []


@pytest.fixture
def duty(signed_in: Callable[[str], TestClient]) -> TestClient:
    return signed_in("duty")


# -- changing one's own password ----------------------------------------------------------------------------


def test_the_form_asks_for_the_current_password_and_the_new_one_twice_with_the_rules(duty: TestClient) -> None:
    page = duty.get(PASSWORD_PAGE).text
    assert "<h1>Change your password</h1>" in page
    for field, label, autocomplete in (
        ("current-password", "Current password", "current-password"),
        ("new-password", "New password", "new-password"),
        ("new-password-again", "New password again", "new-password"),
    ):
        assert f'<label for="{field}">{label}</label>' in page
        assert re.search(rf'id="{field}"[^>]*type="password" autocomplete="{autocomplete}"', page)
    assert "After 5 failed attempts in a row" in page  # a wrong current password counts toward the lock-out
    assert "At least 12 characters, and not your name" in page


def test_every_page_links_to_it_beside_signing_out(duty: TestClient) -> None:
    page = duty.get("/").text
    account = re.search(r'<div class="account">.*?</div>', page, re.S)
    assert account is not None
    assert '<a href="/account/password">Change password</a>' in account.group(0)
    assert 'action="/signout"' in account.group(0)


def test_a_change_keeps_this_browser_signed_in_and_ends_every_other_session(
    app: FastAPI, duty: TestClient, store: Store, password: str
) -> None:
    with browser(app) as elsewhere:
        sign_in_with(elsewhere, "duty", password)
        assert elsewhere.get("/alerts").status_code == 200
        response = change(duty, password, NEW_PASSWORD)
        assert (response.status_code, response.headers["location"]) == (303, f"{PASSWORD_PAGE}?changed=1")
        assert SESSION_COOKIE in response.headers["set-cookie"], "a fresh session for this browser"
        assert CHANGED in duty.get(response.headers["location"]).text
        assert duty.get("/alerts").status_code == 200, "still signed in here"
        assert elsewhere.get("/alerts").headers["location"] == "/signin?next=%2Falerts", "signed out everywhere else"
    assert store.audit()[-1].by == "duty" and store.audit()[-1].action == "password"


def test_the_new_password_signs_in_and_the_old_one_no_longer_does(
    app: FastAPI, duty: TestClient, password: str
) -> None:
    change(duty, password, NEW_PASSWORD)
    with browser(app) as other:
        old, new = sign_in_with(other, "duty", password), sign_in_with(other, "duty", NEW_PASSWORD)
    assert (old.status_code, new.status_code) == (400, 303)
    assert new.headers["location"] == "/", "a password of one's own is not temporary"


def test_a_wrong_current_password_is_refused_and_counts_toward_the_lock_out(
    duty: TestClient, store: Store, clock, password: str
) -> None:
    before = store.credentials("duty")
    statuses = [change(duty, "a wrong guess", NEW_PASSWORD).status_code for _ in range(MAX_FAILURES)]
    assert statuses == [400] * (MAX_FAILURES - 1) + [429]
    locked = change(duty, password, NEW_PASSWORD)
    assert locked.status_code == 429, "while the name is locked even the right password is not looked at"
    assert errors(locked) == [("current-password", LOCKED)]
    assert store.credentials("duty").password_hash == before.password_hash  # type: ignore[union-attr]
    clock.now += LOCK_FOR
    assert change(duty, password, NEW_PASSWORD).status_code == 303


def test_the_failures_are_the_sign_in_pages_failures(app: FastAPI, duty: TestClient, store: Store) -> None:
    for _ in range(MAX_FAILURES - 1):
        change(duty, "a wrong guess", NEW_PASSWORD)
    assert store.credentials("duty").attempts.failures == MAX_FAILURES - 1  # type: ignore[union-attr]
    with browser(app) as other:
        fifth = sign_in_with(other, "duty", "one more wrong guess")
    assert fifth.status_code == 429, "the fifth in a row, on either page, locks the name"


@pytest.mark.parametrize(
    ("current", "new", "again", "field", "problem"),
    [
        ("three words together", NEW_PASSWORD, "kettle harbour viola", "new-password-again", "the two new passwords"),
        ("three words together", "too short", "too short", "new-password", "use at least 12 characters"),
        ("three words together", " DUTY ", " DUTY ", "new-password", "must not be the user&#39;s name"),
        ("three words together", "three words together", None, "new-password", "the same as your current password"),
        ("a wrong guess", NEW_PASSWORD, None, "current-password", "that is not your password"),
        ("", NEW_PASSWORD, None, "current-password", "type the password you use now"),
    ],
)
def test_a_change_that_will_not_do_names_its_field_and_saves_nothing(
    duty: TestClient, store: Store, current: str, new: str, again: str | None, field: str, problem: str
) -> None:
    before = store.credentials("duty").password_hash  # type: ignore[union-attr]
    response = change(duty, current, new, again)
    assert response.status_code == 400
    assert any(linked == field and problem in message for linked, message in errors(response)), errors(response)
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', response.text)
    assert store.credentials("duty").password_hash == before  # type: ignore[union-attr]
    assert duty.get("/alerts").status_code == 200, "still signed in"


def test_every_problem_is_named_at_once(duty: TestClient) -> None:
    response = change(duty, "a wrong guess", "short", "shirt")
    assert [field for field, _ in errors(response)] == ["current-password", "new-password", "new-password-again"]
    assert all(message.startswith(field.replace("-", " ")) for field, message in errors(response))


def test_an_empty_current_password_is_not_counted_as_a_guess(duty: TestClient, store: Store) -> None:
    change(duty, "", NEW_PASSWORD)
    assert store.credentials("duty").attempts.failures == 0  # type: ignore[union-attr]


def test_a_form_without_its_csrf_token_is_refused_and_nothing_changes(
    duty: TestClient, store: Store, password: str
) -> None:
    before = store.credentials("duty")
    fields = {"current_password": password, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
    response = duty.post(PASSWORD_PAGE, data=fields)
    assert response.status_code == 403
    assert store.credentials("duty") == before


def test_signed_out_the_page_asks_to_sign_in(client: TestClient) -> None:
    assert client.get(PASSWORD_PAGE).headers["location"] == "/signin?next=%2Faccount%2Fpassword"


# -- a password an admin set is temporary -----------------------------------------------------------------------


@pytest.fixture
def temporary(store: Store, passwords) -> str:
    """duty's password, set by the admin: to be changed at the next sign-in."""
    assert set_password(store, "duty", TEMPORARY_PASSWORD, by="admin", passwords=passwords)
    return TEMPORARY_PASSWORD


def desk_pages() -> list[str]:
    """Every page of the desk a signed-in user may ask for (a made-up id where the path takes one)."""
    gets = [r.path for router in ROUTERS for r in router.routes if isinstance(r, APIRoute) and "GET" in r.methods]
    return sorted({re.sub(r"\{[^}]*\}", "1", path) for path in gets} - {"/signin", "/healthz", PASSWORD_PAGE})


def test_an_admin_set_password_sends_the_user_to_choose_their_own_at_sign_in(
    temporary: str, sign_in: Callable[..., Response], client: TestClient
) -> None:
    response = sign_in("duty", temporary, next="/alerts")
    assert (response.status_code, response.headers["location"]) == (303, PASSWORD_PAGE)
    page = client.get(PASSWORD_PAGE).text
    assert TEMPORARY in page
    assert 'aria-label="Main"' not in page, "no navigation to pages that would only send them back"


def test_until_it_is_changed_every_page_and_form_of_the_desk_sends_them_back_to_it(
    temporary: str, sign_in: Callable[..., Response], client: TestClient
) -> None:
    sign_in("duty", temporary)
    token = _token(client.get(PASSWORD_PAGE))
    for path in desk_pages():
        response = client.get(path)
        assert (response.status_code, response.headers.get("location")) == (303, PASSWORD_PAGE), path
    posted = client.post("/alerts/1/acknowledge", data={"csrf_token": token})
    assert (posted.status_code, posted.headers["location"]) == (303, PASSWORD_PAGE)
    assert client.get("/signin").headers["location"] == "/", "signed in: on to the desk, which sends them back"


def test_once_changed_the_desk_opens(
    temporary: str, sign_in: Callable[..., Response], client: TestClient, store: Store
) -> None:
    sign_in("duty", temporary)
    response = change(client, temporary, NEW_PASSWORD)
    assert response.headers["location"] == f"{PASSWORD_PAGE}?changed=1"
    page = client.get(response.headers["location"]).text
    assert CHANGED in page and TEMPORARY not in page
    assert client.get("/alerts").status_code == 200
    assert client.get("/").status_code == 200
    assert store.credentials("duty").password_temporary is False  # type: ignore[union-attr]


def test_with_a_temporary_password_one_can_still_sign_out(
    temporary: str, sign_in: Callable[..., Response], client: TestClient
) -> None:
    sign_in("duty", temporary)
    response = client.post("/signout", data={"csrf_token": _token(client.get(PASSWORD_PAGE))})
    assert (response.status_code, response.headers["location"]) == (303, "/signin")
    assert client.get(PASSWORD_PAGE).headers["location"].startswith("/signin")


def test_a_session_open_when_the_admin_set_it_has_ended(duty: TestClient, store: Store, passwords) -> None:
    set_password(store, "duty", TEMPORARY_PASSWORD, by="admin", passwords=passwords)
    assert duty.get("/alerts").headers["location"] == "/signin?next=%2Falerts"


def test_the_admins_page_sets_a_temporary_password_and_their_own_is_not(
    signed_in: Callable[[str], TestClient], store: Store
) -> None:
    admin = signed_in("admin")

    def set_on_page(name: str) -> Response:
        token = _token(admin.get("/admin/users"))
        fields = {"name": name, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": token}
        return admin.post("/admin/users/password", data=fields)

    assert set_on_page("duty").status_code == 303
    assert store.credentials("duty").password_temporary is True  # type: ignore[union-attr]
    assert set_on_page("admin").status_code == 303
    assert store.credentials("admin").password_temporary is False  # type: ignore[union-attr]
