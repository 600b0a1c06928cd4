"""Admins' page: who may use the desk, with which roles, and a temporary password when someone is locked out
or new. The rules (only an admin changes users; the only admin keeps the role) are `publish.desk.add_user`'s,
and passwords are `web.auth.set_password`'s: the page only reads the forms and says what happened."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from commsdesk.store import Store
from publish import desk as publish_desk
from publish.lifecycle import NotAllowed
from publish.records import ROLES, User
from web.access import USERS
from web.auth import PasswordRefused, set_password
from web.guards import DeskStore, check_csrf, desk, require
from web.pages import render
from web.records import WebSession

log = logging.getLogger(__name__)
router = APIRouter()

ADMIN = require(*USERS.roles)
# What each role lets a person do, beside its box on the form.
ROLE_HELP = {
    "officer": "writes posts and replies and submits them for review",
    "reviewer": "approves, edits or rejects submitted posts",
    "senior": "may override a blocking finding, with a written reason",
    "duty": "watches alerts and starts or ends a critical incident",
    "admin": "adds users, changes roles and reads the audit trail",
}
NAME_MAX = 64


@dataclass(frozen=True, slots=True)
class DeskUser:
    """A user as the admin page lists them: roles and email, and whether they can sign in now."""

    user: User
    has_password: bool
    locked_until: datetime | None


@dataclass(frozen=True, slots=True)
class UserForm:
    """What the add-or-change form holds: what was typed after a refusal, or the user being changed."""

    name: str = ""
    email: str = ""
    roles: frozenset[str] = frozenset()


@router.get("/admin/users")
def users_page(
    request: Request,
    store: DeskStore,
    _: Annotated[WebSession, Depends(ADMIN)],
    edit: str = "",
    saved: str = "",
    password_set: str = "",
) -> HTMLResponse:
    """Everyone who may use the desk; `edit` fills the form with one user's roles and email to change them."""
    editing = store.user(edit) if edit else None
    form = UserForm(editing.name, editing.email, editing.roles) if editing else UserForm()
    notice = _notice(store, saved=saved, password_set=password_set)
    return _page(request, store, form=form, notice=notice, picked=editing.name if editing else "")


@router.post("/admin/users", dependencies=[Depends(ADMIN)])
def save_user(
    request: Request,
    store: DeskStore,
    session: Annotated[WebSession, Depends(check_csrf)],
    name: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    roles: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies form defaults per request
) -> Response:
    """Add a user or replace their roles and email; refused with every reason at once, nothing saved."""
    form = UserForm(name.strip(), email.strip(), frozenset(roles))
    problems = _user_problems(form)
    if not problems:
        try:
            saved, _ = publish_desk.add_user(store, form.name, form.roles, by=session.user.name, email=form.email)
        except (NotAllowed, ValueError) as refused:
            problems = [_field(refused)]
        else:
            log.info("%s set %s's roles to %s", session.user.name, saved.name, ", ".join(sorted(saved.roles)))
            return _back(saved=saved.name)
    return _page(request, store, form=form, errors=problems, status_code=400)


@router.post("/admin/users/password", dependencies=[Depends(ADMIN)])
def set_temporary_password(
    request: Request,
    store: DeskStore,
    session: Annotated[WebSession, Depends(check_csrf)],
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """A new password for `name`: ends their sessions and any lock-out (see `web.auth.set_password`)."""
    problems = []
    if store.user(name) is None:
        problems.append("user: choose one of the desk's users")
    elif password != confirm:
        problems.append("confirm password: the two passwords are not the same; type them again")
    else:
        try:
            set_password(store, name, password, by=session.user.name, passwords=desk(request).passwords)
        except PasswordRefused as refused:
            problems.append(str(refused))
        else:
            log.info("%s set a temporary password for %s", session.user.name, name)
            return _back(password_set=name)
    return _page(request, store, password_errors=problems, picked=name, status_code=400)


def _user_problems(form: UserForm) -> list[str]:
    """What the form itself shows is wrong; the roles rules are checked by `add_user`."""
    found = []
    if not form.name:
        found.append("name: give the user's desk name, the one they sign in with")
    elif len(form.name) > NAME_MAX or not form.name.isprintable():
        found.append(f"name: use at most {NAME_MAX} letters, digits or punctuation, on one line")
    if form.email and (" " in form.email or form.email.count("@") != 1 or form.email.strip("@") != form.email):
        found.append("email: write it as name@example.police.uk, or leave it empty")
    unknown = sorted(form.roles - set(ROLES))
    if unknown:
        found.append(f"roles: unknown role(s) {', '.join(unknown)}: choose from {', '.join(ROLES)}")
    return found


def _field(refused: Exception) -> str:
    """A refusal from `add_user` (each is about the roles asked for) as a line naming the field."""
    return f"roles: {refused}"


def _back(**done: str) -> Response:
    """After a change, back to the list (post, redirect, get: a reload does not post the form again)."""
    return RedirectResponse(f"/admin/users?{urlencode(done)}", status_code=303)


def _notice(store: Store, *, saved: str, password_set: str) -> str:
    """The line the page says after a change; read back from the store, so it says what is true now."""
    if saved and (user := store.user(saved)) is not None:
        roles = ", ".join(sorted(user.roles)) or "no roles: they can sign in but open only the home page"
        return f"Saved {user.name}: {roles}."
    if password_set and store.user(password_set) is not None:
        return (
            f"Password set for {password_set}, and their sessions have ended. Tell them in person or by phone, "
            "never by email."
        )
    return ""


def _page(
    request: Request,
    store: Store,
    *,
    form: UserForm | None = None,
    errors: list[str] | None = None,
    password_errors: list[str] | None = None,
    notice: str = "",
    picked: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    people = []
    for user in store.users():
        found = store.credentials(user.name)
        locked = found.attempts.locked_until if found and found.attempts.locked(store.clock()) else None
        people.append(DeskUser(user, bool(found and found.password_hash), locked))
    return render(
        request,
        "users.html",
        title=USERS.title,
        status_code=status_code,
        people=people,
        form=form or UserForm(),
        errors=errors or [],
        password_errors=password_errors or [],
        notice=notice,
        picked=picked,
        roles=ROLES,
        role_help=ROLE_HELP,
    )
