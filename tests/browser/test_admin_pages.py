"""Admins in a real browser: add a user, change their roles, give them a temporary password they then sign in
with; search the audit trail, check its chain, download it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

TEMPORARY = "lantern meadow copper"


def test_an_admin_adds_a_user_changes_their_roles_and_gives_them_a_password(
    signed_in: Callable[[str], Any], page_for: Callable[[], Any], shoot: Callable[[Page, str], Path]
) -> None:
    page = signed_in("admin").page
    page.goto("/admin/users")
    page.get_by_label("Desk user name").fill("pc.browser")
    page.get_by_label("Email (optional)").fill("pc.browser@northshire.police.invalid")
    page.get_by_role("checkbox", name="officer").check()
    page.get_by_role("button", name="Save user").click()
    status = page.get_by_role("status")
    expect(status).to_have_text("Saved pc.browser: officer.")
    row = page.get_by_role("row", name="pc.browser")
    expect(row).to_contain_text("pc.browser@northshire.police.invalid")
    expect(row).to_contain_text("no password yet")

    row.get_by_role("link", name="Change pc.browser").click()
    expect(page.get_by_label("Desk user name")).to_have_value("pc.browser")
    expect(page.get_by_role("checkbox", name="officer")).to_be_checked()
    page.get_by_role("checkbox", name="duty").check()
    page.get_by_role("button", name="Save user").click()
    expect(status).to_have_text("Saved pc.browser: duty, officer.")

    page.get_by_label("User", exact=True).select_option("pc.browser")
    page.get_by_label("New password", exact=True).fill(TEMPORARY)
    page.get_by_label("New password again").fill(TEMPORARY)
    page.get_by_role("button", name="Set password").click()
    expect(status).to_contain_text("Password set for pc.browser")
    expect(page.get_by_role("row", name="pc.browser")).to_contain_text("password set")
    shoot(page, "admin-users-saved")

    newcomer = page_for().page
    newcomer.goto("/signin")
    newcomer.get_by_label("Desk user name").fill("pc.browser")
    newcomer.get_by_label("Password", exact=True).fill(TEMPORARY)
    newcomer.get_by_role("button", name="Sign in").click()
    newcomer.wait_for_url("**/account/password")  # a password an admin set is theirs to replace first
    expect(newcomer.get_by_role("status")).to_contain_text("set by an admin")


def test_a_refusal_is_announced_and_names_the_field(
    signed_in: Callable[[str], Any], shoot: Callable[..., Path]
) -> None:
    page = signed_in("admin").page
    page.goto("/admin/users")
    page.get_by_label("Desk user name").fill("pc.mistyped")
    page.get_by_label("Email (optional)").evaluate("input => { input.type = 'text'; }")  # past the browser's own check
    page.get_by_label("Email (optional)").fill("pc.mistyped at northshire")
    page.get_by_role("button", name="Save user").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Not saved")
    expect(alert).to_contain_text("email: write it as name@example.police.uk, or leave it empty")
    expect(page.get_by_label("Desk user name")).to_have_value("pc.mistyped")
    shoot(page, "admin-users-refused")


def test_an_admin_searches_checks_and_downloads_the_audit_trail(
    signed_in: Callable[[str], Any], shoot: Callable[[Page, str], Path], tmp_path: Path
) -> None:
    page = signed_in("admin").page
    page.goto("/audit")
    page.get_by_label("Action").fill("password")
    page.get_by_role("button", name="Search").click()
    actions = page.locator("table.audit tbody tr td:nth-child(4)")
    expect(actions.first).to_have_text("password")
    assert set(actions.all_inner_texts()) == {"password"}
    expect(page.get_by_label("Action")).to_have_value("password")

    page.get_by_role("button", name="Check the chain").click()
    expect(page.get_by_role("status")).to_contain_text("Verified: all")
    shoot(page, "audit-verified")

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV file of the audit trail").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("commsdesk-audit-") and saved.suffix == ".csv"
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert rows and rows[0]["seq"] == "1" and {"by", "action", "hash"} <= set(rows[0])


def test_a_senior_approver_reads_the_trail_but_cannot_download_it(signed_in: Callable[[str], Any]) -> None:
    page = signed_in("senior").page
    page.goto("/audit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    expect(page.get_by_role("link", name="CSV file of the audit trail")).to_have_count(0)
    response = page.goto("/audit/export.csv")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not open to you")
