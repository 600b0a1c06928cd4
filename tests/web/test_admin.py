"""The admins' users page: users with their roles and email, adding one, changing roles under the
first-admin rule, temporary passwords; every form refused without its CSRF token, and nothing half-saved."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from commsdesk.store import Store

NEW_PASSWORD = "kettle harbour violin"


@pytest.fixture
def admin(signed_in: Callable[[str], TestClient]) -> TestClient:
    return signed_in("admin")


@pytest.fixture
def post_form(admin: TestClient, form_token: Callable[[Response], str]) -> Callable[..., Response]:
    """`post_form(path, **fields)`: post one of the page's forms as the admin, with the page's CSRF token."""

    def post(path: str, **fields: object) -> Response:
        token = form_token(admin.get("/admin/users"))
        return admin.post(path, data={"csrf_token": token, **fields})

    return post


def audit_actions(store: Store) -> list[tuple[str, str]]:
    return [(entry.by, entry.action) for entry in store.audit()]


def errors(page: Response) -> list[str]:
    found = re.search(r'class="error-summary".*?</ul>', page.text, re.S)
    return re.findall(r"<li>(.*?)</li>", found.group(0)) if found else []


def test_the_page_lists_every_user_with_roles_email_and_whether_they_can_sign_in(
    admin: TestClient, store: Store
) -> None:
    store.add_user("pc.new", ["officer"], email="pc.new@northshire.police.uk")
    page = admin.get("/admin/users").text
    row = re.search(r'<th scope="row">pc.new</th>.*?</tr>', page, re.S)
    assert row is not None
    assert "officer" in row.group(0) and "pc.new@northshire.police.uk" in row.group(0)
    assert "no password yet" in row.group(0)
    senior = re.search(r'<th scope="row">senior</th>.*?</tr>', page, re.S)
    assert senior is not None and "reviewer, senior" in senior.group(0) and "password set" in senior.group(0)


def test_an_admin_adds_a_user_with_roles_and_email(post_form: Callable[..., Response], store: Store) -> None:
    response = post_form(
        "/admin/users", name=" pc.new ", email="pc.new@northshire.police.uk", roles=["officer", "duty"]
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/users?saved=pc.new"
    added = store.user("pc.new")
    assert added is not None and added.roles == {"officer", "duty"} and added.email == "pc.new@northshire.police.uk"
    assert audit_actions(store)[-1] == ("admin", "user")


def test_after_saving_the_page_says_what_is_now_true_in_a_status_region(admin: TestClient, store: Store) -> None:
    store.add_user("pc.new", ["officer", "duty"])
    page = admin.get("/admin/users?saved=pc.new").text
    assert re.search(r'role="status" aria-live="polite">\s*<p>Saved pc.new: duty, officer.</p>', page)
    assert "Saved" not in admin.get("/admin/users?saved=nobody").text


def test_the_change_link_fills_the_form_and_saving_replaces_the_roles(
    admin: TestClient, post_form: Callable[..., Response], store: Store
) -> None:
    store.add_user("pc.new", ["officer"], email="pc.new@northshire.police.uk")
    page = admin.get("/admin/users?edit=pc.new").text
    assert 'href="/admin/users?edit=pc.new#user-form"' in page
    assert 'id="user-name" name="name" type="text" value="pc.new"' in page
    assert 'value="pc.new@northshire.police.uk"' in page
    assert re.search(r'id="role-officer" name="roles" type="checkbox" value="officer" checked', page)
    assert not re.search(r'id="role-duty"[^>]*checked', page)
    post_form("/admin/users", name="pc.new", email="pc.new@northshire.police.uk", roles=["reviewer"])
    changed = store.user("pc.new")
    assert changed is not None and changed.roles == {"reviewer"}


def test_the_only_admin_keeps_the_role_and_nothing_is_saved(post_form: Callable[..., Response], store: Store) -> None:
    before = audit_actions(store)
    response = post_form("/admin/users", name="admin", roles=["officer"])
    assert response.status_code == 400
    assert errors(response) == ["roles: admin is the only admin: add another admin before taking the role away"]
    assert store.user("admin").roles == {"admin"}  # type: ignore[union-attr]
    assert audit_actions(store) == before


def test_with_a_second_admin_the_first_may_give_up_the_role(post_form: Callable[..., Response], store: Store) -> None:
    post_form("/admin/users", name="a.second", roles=["admin"])
    assert post_form("/admin/users", name="admin", roles=["reviewer"]).status_code == 303
    assert store.user("admin").roles == {"reviewer"}  # type: ignore[union-attr]


def test_every_problem_with_the_form_is_named_at_once_and_nothing_is_saved(
    post_form: Callable[..., Response], store: Store
) -> None:
    before = audit_actions(store)
    response = post_form("/admin/users", name="", email="not an address", roles=["wizard"])
    assert response.status_code == 400
    assert errors(response) == [
        "name: give the user&#39;s desk name, the one they sign in with",
        "email: write it as name@example.police.uk, or leave it empty",
        "roles: unknown role(s) wizard: choose from officer, reviewer, senior, duty, admin",
    ]
    assert audit_actions(store) == before


def test_a_refused_form_keeps_what_was_typed(post_form: Callable[..., Response]) -> None:
    page = post_form("/admin/users", name="pc.new", email="pc.new@", roles=["duty"]).text
    assert 'value="pc.new"' in page and 'value="pc.new@"' in page
    assert re.search(r'id="role-duty"[^>]*checked', page)


def test_a_form_without_its_csrf_token_is_refused_and_nothing_saved(admin: TestClient, store: Store) -> None:
    before = audit_actions(store)
    added = admin.post("/admin/users", data={"name": "pc.new", "roles": ["officer"]})
    password = admin.post(
        "/admin/users/password", data={"name": "duty", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert (added.status_code, password.status_code) == (403, 403)
    assert store.user("pc.new") is None
    assert audit_actions(store) == before


@pytest.mark.parametrize("path", ["/admin/users", "/admin/users/password"])
@pytest.mark.parametrize("who", ["officer", "reviewer", "senior", "duty"])
def test_only_an_admin_may_post_the_forms(
    signed_in: Callable[[str], TestClient], form_token: Callable[[Response], str], store: Store, path: str, who: str
) -> None:
    client = signed_in(who)
    token = form_token(client.get("/"))
    before = audit_actions(store)
    fields = {"name": who, "roles": ["admin"], "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    response = client.post(path, data={"csrf_token": token, **fields})
    assert response.status_code == 403
    assert audit_actions(store) == before


# -- temporary passwords ----------------------------------------------------------------------------


def test_a_temporary_password_ends_the_users_sessions_and_lets_them_sign_in_with_it(
    app: FastAPI, post_form: Callable[..., Response], store: Store, password: str
) -> None:
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as duty:
        token = re.search(r'name="csrf_token" value="([^"]*)"', duty.get("/signin").text).group(1)  # type: ignore[union-attr]
        duty.post("/signin", data={"name": "duty", "password": password, "csrf_token": token})
        assert duty.get("/alerts").status_code == 200
        response = post_form("/admin/users/password", name="duty", password=NEW_PASSWORD, confirm=NEW_PASSWORD)
        assert response.status_code == 303
        assert response.headers["location"] == "/admin/users?password_set=duty"
        assert duty.get("/alerts").status_code == 303, "the old session ended"
    assert audit_actions(store)[-1] == ("admin", "password")
    found = store.credentials("duty")
    assert found is not None and NEW_PASSWORD not in found.password_hash


def test_a_temporary_password_lifts_a_lock_out(
    admin: TestClient, post_form: Callable[..., Response], store: Store
) -> None:
    for _ in range(5):
        store.record_failed_sign_in("duty")
    assert "<strong>locked</strong> until" in admin.get("/admin/users").text
    post_form("/admin/users/password", name="duty", password=NEW_PASSWORD, confirm=NEW_PASSWORD)
    assert "<strong>locked</strong>" not in admin.get("/admin/users").text
    page = admin.get("/admin/users?password_set=duty").text
    assert "Password set for duty, and their sessions have ended." in page


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"name": "duty", "password": "too short", "confirm": "too short"}, "password: use at least 12 characters"),
        ({"name": "duty", "password": NEW_PASSWORD, "confirm": "kettle harbour viola"}, "confirm password: the two"),
        ({"name": "duty", "password": "duty", "confirm": "duty"}, "password: must not be the user&#39;s name"),
        ({"name": "nobody", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, "user: choose one of the desk"),
    ],
)
def test_a_password_that_will_not_do_is_refused_with_its_reason_and_nothing_changes(
    post_form: Callable[..., Response], store: Store, fields: dict[str, str], problem: str
) -> None:
    before = store.credentials("duty")
    response = post_form("/admin/users/password", **fields)
    assert response.status_code == 400
    assert any(problem in line for line in errors(response)), errors(response)
    assert store.credentials("duty") == before


# -- what the page is made of --------------------------------------------------------------------------


def test_user_names_and_emails_are_shown_as_text(admin: TestClient, store: Store) -> None:
    store.add_user('<img src=x onerror="alert(1)">', ["officer"], email="<script>alert(2)</script>@x.uk")
    page = admin.get("/admin/users").text
    assert "<img" not in page and "<script>" not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    assert "edit=%3Cimg%20src%3Dx%20onerror%3D%22alert%281%29%22%3E#user-form" in page


def test_every_role_has_a_labelled_box_in_a_fieldset_with_a_legend(admin: TestClient) -> None:
    page = admin.get("/admin/users").text
    assert "<legend>Roles</legend>" in page
    for role in ("officer", "reviewer", "senior", "duty", "admin"):
        assert f'<label for="role-{role}">{role}</label>' in page
