"""Signing in and out in a real browser, with the keyboard alone (WCAG 2.1.1: everything works without a mouse)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

PASSWORD = "three words together"


def focused(page: Page) -> str:
    """What has the keyboard focus: its id, or its tag and text for a link or button."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.id || `${e.tagName.toLowerCase()}:${e.textContent.trim()}`; }"
    )


def test_sign_in_and_out_with_the_keyboard_only(
    page_for: Callable[[], Any], shoot: Callable[[Page, str], Path]
) -> None:
    tab = page_for()
    page = tab.page
    page.goto("/alerts")
    assert page.url.endswith("/signin?next=%2Falerts")
    shoot(page, "signin")
    assert focused(page) == "name", "the name field has the focus when the page opens"
    page.keyboard.type("duty")
    page.keyboard.press("Tab")
    assert focused(page) == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert focused(page) == "button:Show password"
    page.keyboard.press("Enter")
    expect(page.locator("#password")).to_have_attribute("type", "text")
    page.keyboard.press("Tab")
    assert focused(page) == "button:Sign in"
    page.keyboard.press("Enter")
    page.wait_for_url("**/alerts")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open alerts")
    shoot(page, "alerts")
    page.get_by_role("button", name="Sign out").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/signin")
    page.goto("/alerts")
    assert "/signin" in page.url, "signed out on the server: the page asks to sign in again"


def test_the_skip_link_is_the_first_stop_and_moves_the_focus_to_the_page(signed_in: Callable[[str], Any]) -> None:
    page = signed_in("admin").page
    page.keyboard.press("Tab")
    assert focused(page) == "a:Skip to main content"
    expect(page.get_by_role("link", name="Skip to main content")).to_be_visible()
    page.keyboard.press("Enter")
    assert focused(page) == "main"
