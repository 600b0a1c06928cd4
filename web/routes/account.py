"""A user's own account: choosing their own password, proving they know the current one.

An admin's temporary password must not live for ever, so until its owner has chosen their own, every other
page sends them here (`web.guards.require`). The rules are `web.auth.change_password`'s: the page reads the
form, says what was wrong, and keeps this browser signed in once every other session has ended.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.auth import AGAIN, CURRENT, NEW, PASSWORD_RULE, change_password
from web.guards import PASSWORD_PAGE, DeskStore, check_csrf, desk, require, set_session_cookie
from web.pages import render
from web.records import WebSession
from web.routes.signin import LOCKED, RULE

log = logging.getLogger(__name__)
router = APIRouter()

TITLE = "Change your password"
CHANGED = "Password changed; you were signed out everywhere else."
TEMPORARY = (
    "Your password was set by an admin, so it is not yet yours alone. Choose your own now: "
    "the rest of the desk opens once you have."
)
# The form's fields by the names its problems start with (`web.auth`), for the summary's links.
FIELD_IDS = {CURRENT: "current-password", NEW: "new-password", AGAIN: "new-password-again"}


@router.get(PASSWORD_PAGE)
def password_form(
    request: Request, session: Annotated[WebSession, Depends(require())], changed: str = ""
) -> HTMLResponse:
    """The form; `changed` after a change (post, redirect, get: a reload does not post the form again)."""
    return _page(request, session, notice=CHANGED if changed and not session.must_change_password else "")


@router.post(PASSWORD_PAGE)
def change_own_password(
    request: Request,
    store: DeskStore,
    session: Annotated[WebSession, Depends(check_csrf)],
    current_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    new_password_again: Annotated[str, Form()] = "",
) -> Response:
    """Every problem at once and nothing saved (400), or 429 while the name is locked out; on success a fresh
    session for this browser, since changing the password ended all of them."""
    name = session.user.name
    change = change_password(
        store, name, current_password, new_password, new_password_again, passwords=desk(request).passwords
    )
    if change.session is None:
        log.warning("password change refused for %s%s", name, " (locked)" if change.locked else "")
        errors = [(FIELD_IDS[CURRENT], LOCKED)] if change.locked else [_linked(p) for p in change.problems]
        return _page(request, session, errors=errors, status_code=429 if change.locked else 400)
    log.info("%s changed their password", name)
    response = RedirectResponse(f"{PASSWORD_PAGE}?changed=1", status_code=303)
    set_session_cookie(response, change.token)
    return response


def _linked(problem: str) -> tuple[str, str]:
    """A problem with the id of the field it names, for the error summary to link."""
    return FIELD_IDS.get(problem.partition(":")[0], ""), problem


def _page(
    request: Request,
    session: WebSession,
    *,
    notice: str = "",
    errors: list[tuple[str, str]] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """While the password is temporary the navigation is left out: every page it links would come back here."""
    hold = {"nav": ()} if session.must_change_password else {}
    return render(
        request,
        "account_password.html",
        title=TITLE,
        status_code=status_code,
        notice=notice,
        temporary=TEMPORARY if session.must_change_password else "",
        errors=errors or [],
        invalid={field for field, _ in errors or []},
        lock_rule=RULE,
        password_rule=PASSWORD_RULE,
        **hold,
    )
