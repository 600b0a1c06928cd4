"""Signing in and out. Failures say the same for an unknown name as for a wrong password."""

from __future__ import annotations

import logging
import re
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.auth import sign_in
from web.guards import (
    PASSWORD_PAGE,
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    DeskStore,
    check_csrf,
    check_signin_csrf,
    current_session,
    desk,
    forget_session_cookie,
    safe_next,
    set_session_cookie,
)
from web.pages import render
from web.records import LOCK_FOR, MAX_FAILURES, WebSession

log = logging.getLogger(__name__)
router = APIRouter()

_LOCK_MINUTES = int(LOCK_FOR.total_seconds() // 60)
RULE = f"After {MAX_FAILURES} failed attempts in a row, signing in with a name is locked for {_LOCK_MINUTES} minutes."
WRONG = "The name or the password is not right."
LOCKED = (
    f"Too many failed attempts: signing in with this name is locked for {_LOCK_MINUTES} minutes. "
    "Try again later, or ask an admin to set a new password."
)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


@router.get("/signin")
def signin_form(
    request: Request, session: Annotated[WebSession | None, Depends(current_session)], next: str = "/"
) -> Response:
    if session is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _form(request, next=next)


@router.post("/signin", dependencies=[Depends(check_signin_csrf)])
def signin(
    request: Request,
    store: DeskStore,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """A new session on success, replacing any the browser had (a session fixed before sign-in never
    becomes a signed-in one), and on to the password page first when the password is one an admin set.
    400 for a wrong name or password, 429 while the name is locked."""
    app = desk(request)
    attempt = sign_in(store, name, password, passwords=app.passwords)
    if attempt.session is None:
        # not the name typed: it may be a mistyped password; the audit trail names real users' refusals
        log.warning("sign-in refused%s", " (the name is locked out)" if attempt.locked else "")
        error, status = (LOCKED, 429) if attempt.locked else (WRONG, 400)
        return _form(request, next=next, name=name, error=error, status_code=status)
    previous = request.cookies.get(SESSION_COOKIE)
    if previous:
        store.end_web_session(previous)
    log.info("%s signed in", attempt.session.user.name)
    target = PASSWORD_PAGE if attempt.session.must_change_password else safe_next(next)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, attempt.token)
    response.delete_cookie(SIGNIN_COOKIE, path="/signin", secure=True, httponly=True, samesite="strict")
    return response


@router.post("/signout")
def signout(request: Request, store: DeskStore, session: Annotated[WebSession, Depends(check_csrf)]) -> Response:
    """Ends the session on the server, not just in this browser: a copy of the cookie stops working too."""
    store.end_web_session(request.cookies.get(SESSION_COOKIE, ""))
    log.info("%s signed out", session.user.name)
    response = RedirectResponse("/signin", status_code=303)
    forget_session_cookie(response)
    return response


def _form(request: Request, *, next: str, name: str = "", error: str = "", status_code: int = 200) -> Response:
    """The sign-in page, with a CSRF token in the form and the same in a cookie for the POST to match."""
    token = request.cookies.get(SIGNIN_COOKIE, "")
    token = token if _TOKEN.fullmatch(token) else secrets.token_urlsafe(32)
    response = render(
        request,
        "signin.html",
        title="Sign in",
        status_code=status_code,
        signin_token=token,
        next=safe_next(next),
        name=name,
        error=error,
        rule=RULE,
    )
    response.set_cookie(SIGNIN_COOKIE, token, path="/signin", secure=True, httponly=True, samesite="strict")
    return response
