"""Signing in and out through the pages: cookies, lock-out, CSRF, sessions ended on the server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from commsdesk.store import Store
from web.auth import set_password
from web.guards import SESSION_COOKIE, SIGNIN_COOKIE, safe_next
from web.records import IDLE_TIMEOUT, LOCK_FOR, MAX_FAILURES
from web.routes.signin import LOCKED, WRONG

SignInForm = Callable[..., Response]


def set_cookie(response: Response, name: str) -> dict[str, str]:
    """The attributes of cookie `name` as the response sets it (lower-case keys; `value` is its value)."""
    for header in response.headers.get_list("set-cookie"):
        first, *rest = [part.strip() for part in header.split(";")]
        key, _, value = first.partition("=")
        if key == name:
            attributes = {"value": value}
            for part in rest:
                attribute, _, setting = part.partition("=")
                attributes[attribute.lower()] = setting
            return attributes
    raise AssertionError(f"{name} is not set by this response")


def test_signing_in_sets_a_strict_secure_httponly_session_cookie(sign_in: SignInForm) -> None:
    response = sign_in("duty", next="/alerts")
    assert (response.status_code, response.headers["location"]) == (303, "/alerts")
    cookie = set_cookie(response, SESSION_COOKIE)
    assert {"httponly", "secure"} <= cookie.keys()
    assert cookie["samesite"].lower() == "strict"
    assert cookie["path"] == "/"
    assert "max-age" not in cookie  # gone when the browser closes; the server ends it sooner


def test_the_sign_in_forms_token_cookie_is_just_as_strict(client: TestClient) -> None:
    cookie = set_cookie(client.get("/signin"), SIGNIN_COOKIE)
    assert {"httponly", "secure"} <= cookie.keys()
    assert (cookie["samesite"].lower(), cookie["path"]) == ("strict", "/signin")


def test_the_home_page_greets_the_user_with_their_roles(signed_in: Callable[[str], TestClient]) -> None:
    page = signed_in("senior").get("/")
    assert page.status_code == 200
    assert "Signed in as <strong>senior</strong>" in page.text
    assert "<strong>reviewer</strong>, <strong>senior</strong>" in page.text


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(sign_in: SignInForm, password: str) -> None:
    wrong, unknown = sign_in("duty", "not the password"), sign_in("nobody", password)
    assert wrong.status_code == unknown.status_code == 400
    assert WRONG in wrong.text
    assert wrong.text.replace('value="duty"', "") == unknown.text.replace('value="nobody"', "")
    assert SESSION_COOKIE not in wrong.headers.get("set-cookie", "")


def test_five_failures_lock_the_name_for_fifteen_minutes(sign_in: SignInForm, clock, password: str) -> None:
    statuses = [sign_in("duty", "guess").status_code for _ in range(MAX_FAILURES)]
    assert statuses == [400] * (MAX_FAILURES - 1) + [429]
    locked = sign_in("duty", password)
    assert locked.status_code == 429
    assert LOCKED in locked.text
    clock.now += LOCK_FOR - timedelta(seconds=1)
    assert sign_in("duty", password).status_code == 429
    clock.now += timedelta(seconds=1)
    assert sign_in("duty", password).status_code == 303


def test_a_name_that_does_not_exist_locks_too(sign_in: SignInForm) -> None:
    statuses = [sign_in("nobody", "guess").status_code for _ in range(MAX_FAILURES + 1)]
    assert statuses == [400] * (MAX_FAILURES - 1) + [429, 429]


def test_the_page_states_the_lock_out_rule_before_anything_goes_wrong(client: TestClient) -> None:
    assert (
        "After 5 failed attempts in a row, signing in with a name is locked for 15 minutes."
        in client.get("/signin").text
    )


def test_signing_out_ends_the_session_on_the_server(
    signed_in: Callable[[str], TestClient], form_token: Callable[[Response], str], store: Store
) -> None:
    client = signed_in("duty")
    copied = client.cookies[SESSION_COOKIE]
    response = client.post("/signout", data={"csrf_token": form_token(client.get("/"))})
    assert (response.status_code, response.headers["location"]) == (303, "/signin")
    assert set_cookie(response, SESSION_COOKIE)["max-age"] == "0"
    assert store.resume_web_session(copied) is None
    client.cookies.set(SESSION_COOKIE, copied)  # a copy of the cookie, replayed
    assert client.get("/").status_code == 303


@pytest.mark.parametrize("token", [None, "", "not-the-token"])
def test_signing_out_without_the_forms_token_is_refused(
    signed_in: Callable[[str], TestClient], store: Store, token: str | None
) -> None:
    client = signed_in("duty")
    response = client.post("/signout", data={} if token is None else {"csrf_token": token})
    assert response.status_code == 403
    assert store.resume_web_session(client.cookies[SESSION_COOKIE]) is not None


@pytest.mark.parametrize("token", [None, "", "not-the-token"])
def test_signing_in_without_the_forms_token_is_refused(client: TestClient, password: str, token: str | None) -> None:
    client.get("/signin")
    form = {"name": "duty", "password": password}
    response = client.post("/signin", data=form if token is None else {**form, "csrf_token": token})
    assert response.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_a_sign_in_form_posted_without_its_cookie_is_refused(
    client: TestClient, form_token: Callable[[Response], str], password: str
) -> None:
    token = form_token(client.get("/signin"))
    client.cookies.clear()  # as when another site posts the form: it cannot send our cookie
    response = client.post("/signin", data={"name": "duty", "password": password, "csrf_token": token})
    assert response.status_code == 403


def test_signing_in_replaces_any_session_the_browser_had(
    signed_in: Callable[[str], TestClient], form_token: Callable[[Response], str], store: Store, password: str
) -> None:
    client = signed_in("officer")
    before = client.cookies[SESSION_COOKIE]
    client.cookies.clear()
    token = form_token(client.get("/signin"))
    client.cookies.set(SESSION_COOKIE, before)  # a session cookie someone planted, or left from earlier
    response = client.post("/signin", data={"name": "duty", "password": password, "csrf_token": token})
    after = set_cookie(response, SESSION_COOKIE)["value"]
    assert after != before
    assert store.resume_web_session(before) is None
    assert store.resume_web_session(after).user.name == "duty"  # type: ignore[union-attr]


def test_a_signed_in_browser_going_to_the_sign_in_page_goes_home(signed_in: Callable[[str], TestClient]) -> None:
    response = signed_in("duty").get("/signin")
    assert (response.status_code, response.headers["location"]) == (303, "/")


def test_an_idle_session_sends_the_browser_back_to_sign_in(signed_in: Callable[[str], TestClient], clock) -> None:
    client = signed_in("duty")
    clock.now += IDLE_TIMEOUT
    response = client.get("/posts")
    assert (response.status_code, response.headers["location"]) == (303, "/signin?next=%2Fposts")


def test_a_new_password_signs_the_user_out_everywhere(
    signed_in: Callable[[str], TestClient], store: Store, passwords
) -> None:
    client = signed_in("duty")
    set_password(store, "duty", "a brand new passphrase", by="admin", passwords=passwords)
    assert client.get("/").status_code == 303


def test_after_signing_in_the_browser_goes_only_to_a_page_of_the_desk(sign_in: SignInForm) -> None:
    response = sign_in("duty", next="//evil.example/steal")
    assert response.headers["location"] == "/"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/alerts", "/alerts"),
        ("/posts?state=submitted", "/posts?state=submitted"),
        ("//evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/\t/evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
    ],
)
def test_safe_next(target: str, expected: str) -> None:
    assert safe_next(target) == expected
