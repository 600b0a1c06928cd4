"""The web desk against a real store in tmp_path: a settable clock, one user per role, cheap hashing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from commsdesk.store import Store
from config.settings import Settings
from config.settings import Store as StoreSettings
from web.app import create_app
from web.auth import Passwords, set_password

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
PASSWORD = "three words together"
# One desk user per role, named for it, plus one holding two roles.
USERS = {
    "officer": ["officer"],
    "reviewer": ["reviewer"],
    "senior": ["senior", "reviewer"],
    "duty": ["duty"],
    "admin": ["admin"],
}
# The smallest argon2 cost: the tests are about the desk, not about argon2's strength.
CHEAP = Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


class Clock:
    """Stands still until a test moves it."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def passwords() -> Passwords:
    """The app's hashing, at the cheapest argon2 cost."""
    return CHEAP


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[Store]:
    with Store(tmp_path / "desk.sqlite", clock=clock) as opened:
        for name, roles in USERS.items():
            opened.add_user(name, roles)
            set_password(opened, name, PASSWORD, by="test set-up", passwords=CHEAP)
        yield opened


@pytest.fixture
def app(store: Store, clock: Clock) -> FastAPI:
    settings = replace(Settings(), store=StoreSettings(path=str(store.path)))
    return create_app(settings, clock=clock, passwords=CHEAP)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A browser on https (the cookies are Secure, and a browser sends those over https only)."""
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as browser:
        yield browser


def _form_token(page: Response) -> str:
    found = re.search(r'name="csrf_token" value="([^"]*)"', page.text)
    assert found, "no CSRF token in the page"
    return found.group(1)


@pytest.fixture
def form_token() -> Callable[[Response], str]:
    """The CSRF token in a page's forms."""
    return _form_token


@pytest.fixture
def password() -> str:
    """Every test user's password."""
    return PASSWORD


@pytest.fixture
def sign_in(client: TestClient) -> Callable[..., Response]:
    """`sign_in(name, password=..., next="/")`: fill in and post the sign-in form as a person would."""

    def post_form(name: str, password: str = PASSWORD, *, next: str = "/") -> Response:
        token = _form_token(client.get("/signin"))
        return client.post("/signin", data={"name": name, "password": password, "csrf_token": token, "next": next})

    return post_form


@pytest.fixture
def signed_in(client: TestClient, sign_in: Callable[..., Response]) -> Callable[[str], TestClient]:
    """`signed_in("duty")`: the client, signed in as that user."""

    def as_user(name: str) -> TestClient:
        response = sign_in(name)
        assert response.status_code == 303, response.text
        return client

    return as_user
