"""Who may open what: every route against every role, checked on the server; every form post guarded."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from commsdesk.store import Store
from web.guards import CSRF_CHECKS, require
from web.routes import ROUTERS

ROLES = ("officer", "reviewer", "senior", "duty", "admin")
ANYONE_SIGNED_IN = dict.fromkeys(ROLES, 200)
# route → who (None: not signed in) → the status they get. 303 sends them to sign in (or, from the
# sign-in page, home); 403 is the "not open to you" page.
ACCESS: dict[str, dict[str | None, int]] = {
    "/": {None: 303, **ANYONE_SIGNED_IN},
    "/posts": {None: 303, **ANYONE_SIGNED_IN},
    "/alerts": {None: 303, "officer": 403, "reviewer": 200, "senior": 200, "duty": 200, "admin": 200},
    "/signin": {None: 200, **dict.fromkeys(ROLES, 303)},
    "/healthz": {None: 200, **ANYONE_SIGNED_IN},
    "/admin/users": {None: 303, "officer": 403, "reviewer": 403, "senior": 403, "duty": 403, "admin": 200},
    "/audit": {None: 303, "officer": 403, "reviewer": 403, "senior": 200, "duty": 403, "admin": 200},
    "/audit/verify": {None: 303, "officer": 403, "reviewer": 403, "senior": 200, "duty": 403, "admin": 200},
    "/audit/export.csv": {None: 303, "officer": 403, "reviewer": 403, "senior": 403, "duty": 403, "admin": 200},
    "/audit/export.json": {None: 303, "officer": 403, "reviewer": 403, "senior": 403, "duty": 403, "admin": 200},
    # Duty staff's pages. /alerts/latest answers 204 when no alert changed since `after`; /alerts/{ident} is
    # asked for alert 1, which the empty store does not have: 404 once the role is let in.
    "/alerts/latest": {None: 303, "officer": 403, "reviewer": 204, "senior": 204, "duty": 204, "admin": 204},
    "/alerts/{ident}": {None: 303, "officer": 403, "reviewer": 404, "senior": 404, "duty": 404, "admin": 404},
    "/incident": {None: 303, "officer": 403, "reviewer": 200, "senior": 200, "duty": 200, "admin": 403},
    # Officers' and reviewers' pages. /posts/{ident} is asked for post 1, which the empty store does not have.
    "/posts/new": {None: 303, "officer": 200, "reviewer": 200, "senior": 200, "duty": 403, "admin": 403},
    "/posts/{ident}": {None: 303, **dict.fromkeys(ROLES, 404)},
    "/posts/{ident}/edit": {None: 303, "officer": 404, "reviewer": 404, "senior": 404, "duty": 403, "admin": 403},
    "/review": {None: 303, "officer": 403, "reviewer": 200, "senior": 200, "duty": 403, "admin": 403},
    "/calendar": {None: 303, **ANYONE_SIGNED_IN},
    # The comms team's pages. A topic, a queue item and a report are asked for by names the empty store and
    # folder do not have: 404 once the role is let in. The response queue is for those who answer or route.
    "/topics": {None: 303, **ANYONE_SIGNED_IN},
    "/topics/{ident:path}": {None: 303, **dict.fromkeys(ROLES, 404)},
    "/topics/{ident:path}/chart.png": {None: 303, **dict.fromkeys(ROLES, 404)},
    "/mentions": {None: 303, **ANYONE_SIGNED_IN},
    "/replies": {None: 303, "officer": 200, "reviewer": 200, "senior": 200, "duty": 200, "admin": 403},
    "/replies/{ident}": {None: 303, "officer": 404, "reviewer": 404, "senior": 404, "duty": 404, "admin": 403},
    "/reports": {None: 303, **ANYONE_SIGNED_IN},
    "/reports/{name}": {None: 303, **dict.fromkeys(ROLES, 404)},
    "/health": {None: 303, **ANYONE_SIGNED_IN},
    "/account/password": {None: 303, **ANYONE_SIGNED_IN},
}
# Every route of the desk (FastAPI 0.16x keeps included routers nested, so read them where they are made).
ROUTES = [route for router in ROUTERS for route in router.routes if isinstance(route, APIRoute)]
CASES = [(route, who, status) for route, table in ACCESS.items() for who, status in table.items()]


@pytest.mark.parametrize(("route", "who", "status"), CASES, ids=[f"{r} as {w or 'nobody'}" for r, w, _ in CASES])
def test_each_route_answers_each_role_as_the_table_says(
    client: TestClient, signed_in: Callable[[str], TestClient], route: str, who: str | None, status: int
) -> None:
    browser = signed_in(who) if who else client
    response = browser.get(route.replace("{ident}", "1"))
    assert response.status_code == status, response.text
    if status == 403:
        assert "This page is for " in response.text


def test_every_page_route_is_in_the_table() -> None:
    assert {r.path for r in ROUTES if "GET" in r.methods} == set(ACCESS)


def test_a_page_asked_for_before_signing_in_comes_back_after_it(
    client: TestClient, sign_in: Callable[..., object]
) -> None:
    response = client.get("/alerts")
    assert response.headers["location"] == "/signin?next=%2Falerts"
    form = client.get(response.headers["location"])
    assert 'name="next" value="/alerts"' in form.text


def test_a_role_taken_away_takes_effect_on_the_next_request(
    signed_in: Callable[[str], TestClient], store: Store
) -> None:
    client = signed_in("duty")
    assert client.get("/alerts").status_code == 200
    store.add_user("duty", ["officer"])
    assert client.get("/alerts").status_code == 403


@pytest.mark.parametrize("who", ROLES)
def test_the_navigation_links_only_what_the_user_may_open(signed_in: Callable[[str], TestClient], who: str) -> None:
    page = signed_in(who).get("/").text
    for route, table in ACCESS.items():
        if route in ("/", "/signin", "/healthz", "/audit/verify", "/audit/export.csv", "/audit/export.json"):
            continue
        assert (f'href="{route}"' in page) == (table[who] == 200), route


def _dependencies(dependant: Dependant) -> Iterator[object]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _dependencies(sub)


def test_every_form_post_checks_a_csrf_token() -> None:
    posts = [r for r in ROUTES if "POST" in r.methods]
    assert posts, "no POST routes found: has the app changed shape?"
    for route in posts:
        assert any(call in CSRF_CHECKS for call in _dependencies(route.dependant)), route.path


def test_a_route_cannot_name_a_role_that_does_not_exist() -> None:
    with pytest.raises(ValueError, match="wizard"):
        require("wizard")
