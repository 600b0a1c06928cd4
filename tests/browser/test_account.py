"""A password an admin set is changed at the next sign-in, in a real browser, with the keyboard alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from web.auth import set_password
from web.routes.account import CHANGED, TEMPORARY

TEMPORARY_PASSWORD = "lantern orchard pebble"
OWN_PASSWORD = "kettle harbour violin"


def test_a_temporary_password_is_changed_at_sign_in_with_the_keyboard_only(
    desk: Any, page_for: Callable[[], Any], shoot: Callable[[Page, str], Path]
) -> None:
    with desk.open_store() as store:
        store.add_user("pc.temporary", ["officer"], by="admin")
        assert set_password(store, "pc.temporary", TEMPORARY_PASSWORD, by="admin")
    page = page_for().page
    page.goto("/signin?next=%2Fposts")
    page.keyboard.type("pc.temporary")
    page.keyboard.press("Tab")
    page.keyboard.type(TEMPORARY_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/password")
    expect(page.get_by_role("status")).to_contain_text(TEMPORARY)
    expect(page.get_by_label("Current password")).to_be_focused()
    shoot(page, "account-password")
    page.keyboard.type(TEMPORARY_PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_label("New password", exact=True)).to_be_focused()
    page.keyboard.type(OWN_PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show password")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("New password again")).to_be_focused()
    page.keyboard.type(OWN_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/password?changed=1")
    expect(page.get_by_role("status")).to_have_text(CHANGED)
    page.goto("/posts")
    expect(page.get_by_role("heading", level=1)).to_have_text("Posts")
