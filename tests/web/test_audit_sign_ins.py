"""Signing in, a wrong password, signing out and downloading a report or the trail itself, each as an admin sees
it on /audit: who, which action, and what it was in plain words; a name that is no desk user's is never shown."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from commsdesk.store import Store
from config.settings import DailyReport, Settings
from config.settings import Store as StoreSettings
from publish.desk import ACCESS_ACTIONS, history
from publish.records import AuditEntry
from web.app import create_app
from web.auth import Passwords
from web.records import MAX_FAILURES

TYPED = "correct horse battery staple"  # a password typed in the name box
SignInForm = Callable[..., Response]
Search = Callable[[str], list[tuple[str, str, str]]]  # a query string -> (who, action, what) of the rows shown


@pytest.fixture
def app(store: Store, tmp_path: Path, clock: Callable[[], datetime], passwords: Passwords) -> FastAPI:
    """The desk with a report folder holding one day's report, as HTML and PDF."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "hot-topics-2026-11-20.html").write_text("<!doctype html><title>Hot topics</title><h1>Hot topics</h1>")
    (folder / "hot-topics-2026-11-20.pdf").write_bytes(b"%PDF-1.7 the report")
    settings = replace(Settings(), store=StoreSettings(path=str(store.path)), report=DailyReport(folder=str(folder)))
    return create_app(settings, clock=clock, passwords=passwords)


def shown(page: Response) -> list[tuple[str, str, str]]:
    """(who, action, what) of each row the audit page shows, newest first, as a person reads them."""
    assert page.status_code == 200, page.text
    found = re.findall(
        r'<th scope="row">\d+</th>\s*<td class="nowrap">.*?</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>'
        r'.*?<td class="audit-what">\s*(?:<p>(.*?)</p>)?',
        page.text,
        re.DOTALL,
    )
    return [(html.unescape(who), action, html.unescape(what)) for who, action, what in found]


@pytest.fixture
def as_admin(client: TestClient, signed_in: Callable[[str], TestClient]) -> Search:
    """`as_admin("action=download")`: the rows an admin's search shows, from a browser of their own (whoever
    used this one before is left signed in, on the server, and writes no sign-out)."""

    def search(query: str) -> list[tuple[str, str, str]]:
        client.cookies.clear()
        return shown(signed_in("admin").get(f"/audit?{query}"))

    return search


def test_signing_in_and_out_show_on_the_audit_page(
    signed_in: Callable[[str], TestClient], form_token: Callable[[Response], str], as_admin: Search
) -> None:
    duty = signed_in("duty")
    assert duty.post("/signout", data={"csrf_token": form_token(duty.get("/"))}).status_code == 303
    assert as_admin("by=duty") == [
        ("duty", "sign_out", "signed out"),
        ("duty", "sign_in", "signed in"),
    ]


def test_wrong_passwords_show_as_refused_sign_ins_with_their_count(sign_in: SignInForm, as_admin: Search) -> None:
    for _ in range(3):
        assert sign_in("duty", "not the password at all").status_code == 400
    assert as_admin("action=sign_in_refused") == [
        ("duty", "sign_in_refused", "sign-in refused (3rd failure in a row)"),
        ("duty", "sign_in_refused", "sign-in refused (2nd failure in a row)"),
        ("duty", "sign_in_refused", "sign-in refused (1st failure in a row)"),
    ]


def test_the_failure_that_locks_a_name_shows_until_when(sign_in: SignInForm, as_admin: Search) -> None:
    for _ in range(MAX_FAILURES):
        sign_in("duty", "not the password at all")
    newest = as_admin("action=sign_in_refused")[0]
    assert newest == ("duty", "sign_in_refused", "sign-in refused (5th failure in a row): locked out until 09:15 GMT")


def test_a_name_that_is_no_users_shows_as_such_and_never_as_typed(
    sign_in: SignInForm, signed_in: Callable[[str], TestClient]
) -> None:
    assert sign_in(TYPED, "whatever they meant").status_code == 400
    admin = signed_in("admin")
    page = admin.get("/audit?action=sign_in_refused")
    assert shown(page) == [
        ("(unknown name)", "sign_in_refused", "sign-in refused at a name that is no desk user's (1st failure in a row)")
    ]
    assert "horse" not in page.text + admin.get("/audit/export.csv").text + admin.get("/audit/export.json").text


def test_reading_and_downloading_a_report_show_who_took_which(
    signed_in: Callable[[str], TestClient], as_admin: Search
) -> None:
    reviewer = signed_in("reviewer")
    assert reviewer.get("/reports/hot-topics-2026-11-20.pdf").status_code == 200
    assert reviewer.get("/reports/hot-topics-2026-11-20.html").status_code == 200
    assert reviewer.get("/reports/hot-topics-2026-11-21.pdf").status_code == 404  # nothing taken, nothing written
    assert as_admin("action=download") == [
        ("reviewer", "download", "opened the report for 2026-11-20 (HTML)"),
        ("reviewer", "download", "downloaded the report for 2026-11-20 as PDF"),
    ]


def test_downloading_the_trail_shows_with_the_rows_it_took(signed_in: Callable[[str], TestClient]) -> None:
    admin = signed_in("admin")
    taken = list(csv.DictReader(io.StringIO(admin.get("/audit/export.csv").text)))
    taken_json = admin.get("/audit/export.json").json()["count"]
    assert shown(admin.get("/audit?action=download")) == [
        ("admin", "download", f"downloaded the audit trail as JSON ({taken_json} rows)"),
        ("admin", "download", f"downloaded the audit trail as CSV ({len(taken)} rows)"),
    ]
    assert taken_json == len(taken) + 1  # the CSV download's own row, which the JSON took


def test_the_search_offers_the_new_actions(signed_in: Callable[[str], TestClient]) -> None:
    page = signed_in("admin").get("/audit").text
    assert all(f'<option value="{action}"></option>' in page for action in ACCESS_ACTIONS)


def test_the_chain_still_verifies_after_sign_ins_sign_outs_and_downloads(
    sign_in: SignInForm, signed_in: Callable[[str], TestClient], form_token: Callable[[Response], str], store: Store
) -> None:
    sign_in("duty", "not the password at all")
    sign_in(TYPED, "whatever they meant")
    reviewer = signed_in("reviewer")
    reviewer.get("/reports/hot-topics-2026-11-20.pdf")
    reviewer.post("/signout", data={"csrf_token": form_token(reviewer.get("/"))})
    admin = signed_in("admin")
    admin.get("/audit/export.csv")
    assert {e.action for e in store.audit()} >= set(ACCESS_ACTIONS)
    assert "<strong>Verified:</strong>" in admin.get("/audit/verify").text


# -- the words, for rows the pages above do not make ----------------------------------------------------------


def entry(action: str, changes: dict[str, object], *, by: str = "duty", at: datetime | None = None) -> AuditEntry:
    return AuditEntry(1, at or datetime(2026, 11, 20, 9, 0, tzinfo=UTC), by, action, None, changes, "", "")


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (entry("sign_in_refused", {"user": "duty", "failures": 11}), "sign-in refused (11th failure in a row)"),
        (entry("sign_in_refused", {"user": "duty", "failures": 22}), "sign-in refused (22nd failure in a row)"),
        (
            entry(
                "sign_in_refused", {"user": "duty", "counted": False, "locked": True, "until": "2026-11-20T09:15:00Z"}
            ),
            "sign-in refused while locked out until 09:15 GMT (not counted; the lock not lengthened)",
        ),
        (
            entry(
                "sign_in_refused",
                {"user": "duty", "failures": 5, "locked": True, "until": "2026-07-01T23:05:00Z"},
                at=datetime(2026, 7, 1, 22, 55, tzinfo=UTC),
            ),
            "sign-in refused (5th failure in a row): locked out until 2026-07-02 00:05 BST",  # past midnight
        ),
        (entry("sign_in", {"user": "duty", "rehashed": True}), "signed in (password hash renewed)"),
        (entry("sign_out", {"user": "duty", "sessions": 1}), "signed out everywhere (1 session)"),
        (entry("sign_out", {"user": "duty", "sessions": 3}, by="admin"), "signed duty out everywhere (3 sessions)"),
        (
            entry("download", {"what": "audit", "format": "json", "rows": 1204}),
            "downloaded the audit trail as JSON (1,204 rows)",
        ),
        (
            entry(
                "download",
                {
                    "what": "report",
                    "day": "2026-11-20",
                    "format": "pdf",
                    "period": "Fri 20 Nov 2026 07:00 to Sat 21 Nov 2026 07:00",
                },
            ),
            "downloaded the report for Fri 20 Nov 2026 07:00 to Sat 21 Nov 2026 07:00 as PDF",
        ),
    ],
)
def test_each_row_is_told_in_plain_words(row: AuditEntry, words: str) -> None:
    assert history([row])[0].what == words
