"""The checks routes make, as FastAPI dependencies: a store for the request, who is signed in, whether
their roles allow the page, and the CSRF token of a posted form.

Why sessions live on the server (the `web_sessions` table) rather than in a signed cookie: signing out,
a password change or a role taken away must take effect at once, and a copied cookie must stop working
when its session is ended. The cookie holds only a random token.

Why the cookie is SameSite=Strict: the desk is an internal tool, never reached by following a link
from another site in the normal course of work, so the browser need never send the session cookie on
a request another site started: cross-site request forgery fails before the CSRF token is even
checked. (The price: a link to the desk in an email opens it signed out, once.) HttpOnly keeps it
from script; Secure keeps it off plain HTTP (browsers treat 127.0.0.1 and localhost as secure, so
it works there; anywhere else the desk must be served over HTTPS).
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Form, Header, Request
from starlette.exceptions import HTTPException
from starlette.responses import Response

from commsdesk.store import Store
from publish.desk import checks_for
from publish.drafts import Checks
from publish.records import ROLES
from web.desk import Desk
from web.records import WebSession

SESSION_COOKIE = "desk_session"
SIGNIN_COOKIE = "desk_signin"  # the sign-in form's CSRF token, before there is a session to hold one
CSRF_FIELD = "csrf_token"
PASSWORD_PAGE = "/account/password"
# All that a user signed in with a password someone else set may open until they choose their own.
OPEN_WITH_TEMPORARY_PASSWORD = frozenset({PASSWORD_PAGE, "/signout"})


class SignInNeeded(Exception):
    """No live session: a page sends the browser to sign in, then back."""


class Forbidden(Exception):
    """Signed in, but none of the roles the page needs."""

    def __init__(self, needs: tuple[str, ...]) -> None:
        super().__init__(f"needs {' or '.join(needs)}")
        self.needs = needs


class PasswordChangeNeeded(HTTPException):
    """Signed in with a password someone else set (an admin's temporary one): to the password page first.
    An HTTPException, so the app's handler for those answers it: a 303 with its `Location`."""

    def __init__(self) -> None:
        super().__init__(303, headers={"Location": PASSWORD_PAGE})


class CsrfRefused(Exception):
    """A form posted without this session's CSRF token: from another site, or from a page left open
    across a sign-out."""


def desk(request: Request) -> Desk:
    return request.app.state.desk


def policy_checks(request: Request) -> Checks:
    """The force's policy checks, as a dependency so tests can stand in a quicker checker."""
    return checks_for(desk(request).settings)


async def open_store(request: Request) -> AsyncIterator[Store]:
    """A store for this request (one per request, shared by all its dependencies). Lent on the event loop:
    a sync dependency costs a hop to a request thread and back, and lending one is a list pop."""
    with desk(request).stores.borrow() as store:
        yield store


DeskStore = Annotated[Store, Depends(open_store)]


def current_session(request: Request, store: DeskStore) -> WebSession | None:
    """The browser's live session, or None; kept on `request.state` for the page layout."""
    token = request.cookies.get(SESSION_COOKIE, "")
    session = store.resume_web_session(token) if token else None
    request.state.session = session
    return session


def require(*roles: str) -> Callable[..., Awaitable[WebSession]]:
    """A dependency giving the signed-in session whose user holds one of `roles` (any desk user when no
    role is named): `SignInNeeded` without a session, `Forbidden` without the role. Checked on the
    server for every request; the navigation hiding a link is a courtesy, not the check.

    While the user's password is temporary, `PasswordChangeNeeded` for everything but the password page and
    signing out: this one check holds every page and form of the desk, the CSRF checks' included."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown role(s) {', '.join(sorted(unknown))}: expected {', '.join(ROLES)}")

    async def signed_in(
        request: Request, session: Annotated[WebSession | None, Depends(current_session)]
    ) -> WebSession:
        if session is None:
            raise SignInNeeded()
        if session.must_change_password and request.url.path not in OPEN_WITH_TEMPORARY_PASSWORD:
            raise PasswordChangeNeeded()
        if roles and not session.user.has(*roles):
            raise Forbidden(roles)
        return session

    return signed_in


async def check_csrf(
    session: Annotated[WebSession, Depends(require())], csrf_token: Annotated[str, Form()] = ""
) -> WebSession:
    """Every form a signed-in user posts carries the session's CSRF token (`csrf_token` in the layout)."""
    if not _same(csrf_token, session.csrf_token):
        raise CsrfRefused()
    return session


async def check_csrf_header(
    session: Annotated[WebSession, Depends(require())], x_csrf_token: Annotated[str, Header()] = ""
) -> WebSession:
    """A script's request (the compose page's live checks) carries the session's CSRF token in an
    `X-CSRF-Token` header, read from the page's form: another site can neither read the token nor set
    a custom header on a cross-site request without CORS, which the desk never grants."""
    if not _same(x_csrf_token, session.csrf_token):
        raise CsrfRefused()
    return session


async def check_signin_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    """The sign-in form's token must match the cookie set with the form (double submit): another site
    cannot read the cookie, so it cannot sign a browser in to an account of its choosing."""
    if not _same(csrf_token, request.cookies.get(SIGNIN_COOKIE, "")):
        raise CsrfRefused()


# Every POST route depends on one of these; a test walks the routes to hold us to it.
CSRF_CHECKS = (check_csrf, check_signin_csrf, check_csrf_header)


def _same(given: str, expected: str) -> bool:
    return bool(expected) and secrets.compare_digest(given.encode(), expected.encode())


def set_session_cookie(response: Response, token: str) -> None:
    """No Max-Age: the browser forgets it when closed; the server ends it sooner (see `web.records`)."""
    response.set_cookie(SESSION_COOKIE, token, path="/", secure=True, httponly=True, samesite="strict")


def forget_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="strict")


def safe_next(target: str) -> str:
    """Where to go after signing in: a path on this desk, never another site (`//host`, `https:`,
    a backslash or control character a browser might bend into one); otherwise home."""
    plain = target.isprintable() and " " not in target and "\\" not in target
    return target if plain and target.startswith("/") and not target.startswith("//") else "/"
