"""The issue's four flows in a real browser: an officer sees a finding underlined as they type and fixes it; a
reviewer cannot approve a blocked post, a senior approver can only with a written reason; duty staff start an
incident and see the routine posts it holds; a new alert appears without reloading the page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

NAMES_COMPLAINANT = (
    "Jane Doe, 34, was sexually assaulted in Elswick on Friday night. A 41-year-old man has been charged with rape."
)
FIXED = "A woman was sexually assaulted in Elswick on Friday night. A 41-year-old man has been charged with rape."
LIVE_WAIT_MS = 20_000  # the alerts page asks every few seconds; this bounds the wait, it times nothing


def test_an_officer_sees_the_complainant_named_underlined_fixes_it_and_submits(
    signed_in: Callable[[str], Any], shoot: Callable[[Page, str], Path]
) -> None:
    page = signed_in("officer").page
    page.goto("/posts/new")
    page.get_by_label("What to post").fill(NAMES_COMPLAINANT)
    underlined = page.locator("#live-checks-words mark.finding-block")
    expect(underlined).to_have_text("Jane Doe")
    expect(page.locator("#live-checks-found")).to_contain_text("Blocks approval")
    shoot(page, "compose-finding")

    page.get_by_label("What to post").fill(FIXED)
    expect(page.locator("#live-checks-found")).to_contain_text("The checks found nothing.")
    expect(underlined).to_have_count(0)
    page.get_by_label("Submit it for review now").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/posts/\d+"))
    expect(page.locator(".post-facts")).to_contain_text("submitted")
    expect(page.locator(".post-facts")).to_contain_text("pass")


def test_a_reviewer_cannot_approve_a_blocked_post_and_a_senior_needs_a_written_reason(
    signed_in: Callable[[str], Any], write_post: Callable[..., int], shoot: Callable[[Page, str], Path]
) -> None:
    ident = write_post(NAMES_COMPLAINANT)
    reviewer = signed_in("reviewer").page
    reviewer.goto(f"/posts/{ident}")
    expect(reviewer.get_by_text("You cannot approve it:")).to_be_visible()
    expect(reviewer.get_by_role("button", name=re.compile("^Approve"))).to_have_count(0)
    shoot(reviewer, "post-blocked-reviewer")

    senior = signed_in("senior").page
    senior.goto(f"/posts/{ident}")
    override = senior.get_by_role("button", name=f"Approve over the blocking findings post {ident}")
    override.click()  # no reason written: the form is not sent
    expect(senior.locator(".post-facts")).to_contain_text("submitted")
    senior.get_by_label(re.compile("^Why it may go out despite the blocking findings")).fill(
        "The name is of a consenting adult who has waived anonymity in writing."
    )
    override.click()
    expect(senior.locator(".post-facts")).to_contain_text("scheduled")
    expect(senior.get_by_text("Why it was approved over its blocking findings")).to_be_visible()


def test_duty_staff_start_an_incident_and_see_the_routine_posts_it_holds(
    signed_in: Callable[[str], Any], write_post: Callable[..., int], shoot: Callable[[Page, str], Path]
) -> None:
    routine = write_post("Our drink-drive campaign runs all weekend. Plan your way home.", to="scheduled")
    page = signed_in("duty").page
    page.goto("/incident")
    page.get_by_label("What is happening (needed)").fill("Warehouse fire near the Quayside: roads closed")
    page.get_by_label("Neighbourhood", exact=True).select_option("Elswick")
    page.get_by_label("Words people will use about it").fill("fire, smoke, warehouse")
    page.get_by_role("button", name="Declare critical incident").click()
    held = page.get_by_role("table", name=re.compile("^Routine posts held by incident"))
    try:
        expect(held.get_by_role("link", name=f"Post {routine}", exact=True)).to_be_visible()
        shoot(page, "incident-holding")
    finally:  # the store is shared by the session's tests: leave no incident running
        page.goto("/incident")
        page.get_by_label("How it ended, for the record").fill("Fire out; roads reopened.")
        page.get_by_role("button", name=re.compile("^End incident")).click()
    expect(page.get_by_role("button", name="Declare critical incident")).to_be_visible()


def test_a_new_alert_appears_without_reloading(
    signed_in: Callable[[str], Any], new_alert: Callable[[str], None], shoot: Callable[[Page, str], Path]
) -> None:
    page = signed_in("duty").page
    page.goto("/alerts")
    page.evaluate("() => { window.notReloaded = true; }")
    new_alert("Spike: Walker, <b>live</b>")
    expect(page.get_by_role("heading", name="Spike: Walker, <b>live</b>")).to_be_visible(timeout=LIVE_WAIT_MS)
    assert page.evaluate("() => window.notReloaded === true"), "the page was not reloaded"
    shoot(page, "alerts-live")
