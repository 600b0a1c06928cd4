"""The audit trail page: newest first, a bounded page at a time, searched by post, who, action and UK date;
checking the chain shows OK or the first broken row; downloads for admins, the CSV safe in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from hypothesis import given, settings
from hypothesis import strategies as st

from commsdesk.spreadsheets import FORMULA_STARTS, spreadsheet_safe
from commsdesk.store import AUDIT_PAGE, Store, search_audit
from policy_checks.records import Draft, Finding
from publish.drafts import PostSpec
from publish.records import Account

X = Account("x", "NorthshirePolice")


class NoFindings:
    def check(self, draft: Draft) -> list[Finding]:
        return []


def officer_post(store: Store, text: str = "The A1 is closed northbound.") -> int:
    officer = store.user("officer")
    assert officer is not None
    spec = PostSpec(texts={"x": text}, accounts=(X,), scheduled_at=store.clock() + timedelta(hours=1))
    return store.create_post(spec, by=officer, checker=NoFindings(), known_accounts={X}).id


def shown_rows(page: Response) -> list[int]:
    """The row numbers the page's table shows, in order."""
    return [int(seq) for seq in re.findall(r'<th scope="row">(\d+)</th>', page.text)]


def tamper(store: Store, sql: str) -> None:
    """What someone with the database file could do: drop the guards, change the trail."""
    store.db.execute("DROP TRIGGER IF EXISTS audit_no_update")
    store.db.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    store.db.execute(sql)
    store.db.conn.commit()


@pytest.fixture
def admin(signed_in: Callable[[str], TestClient]) -> TestClient:
    return signed_in("admin")


# -- reading and searching --------------------------------------------------------------------------


def test_the_trail_is_shown_newest_first_with_who_did_what(admin: TestClient, store: Store) -> None:
    ident = officer_post(store)
    page = admin.get("/audit")
    last = store.audit()[-1].seq
    assert shown_rows(page) == list(range(last, 0, -1))
    assert f'<td>check</td>\n      <td><a href="/audit?post={ident}">{ident}' in page.text
    assert "officer: roles none → officer" in page.text  # a user row, in words
    assert "wrote version 1" in page.text  # a post row, as `post show` tells it
    assert '<a href="/audit/export.csv" download>' in page.text


def test_a_senior_approver_reads_and_checks_the_trail_but_gets_no_download_links(
    signed_in: Callable[[str], TestClient],
) -> None:
    senior = signed_in("senior")
    page = senior.get("/audit").text
    assert "Check the chain" in page and "/audit/export.csv" not in page


def test_a_search_narrows_to_one_post(admin: TestClient, store: Store) -> None:
    first, second = officer_post(store), officer_post(store)
    page = admin.get(f"/audit?post={second}")
    wanted = [e.seq for e in reversed(store.audit(post_id=second))]
    assert shown_rows(page) == wanted and wanted
    assert first != second and f'<a href="/audit?post={first}">' not in page.text
    assert 'name="post" type="text" inputmode="numeric" value="' + str(second) in page.text


def test_a_search_narrows_to_who_acted_and_what_they_did(admin: TestClient, store: Store) -> None:
    store.add_user("pc.new", ["officer"], by="senior")
    officer_post(store)
    assert shown_rows(admin.get("/audit?by=senior")) == [e.seq for e in store.audit() if e.by == "senior"]
    checks = [e.seq for e in reversed(store.audit()) if e.action == "check"]
    assert shown_rows(admin.get("/audit?action=check")) == checks and checks


def test_dates_are_whole_uk_days_the_last_one_included(admin: TestClient, store: Store, clock: object) -> None:
    def row_at(moment: datetime) -> int:
        clock.now = moment  # type: ignore[attr-defined]
        store.add_user(f"user.{moment:%H%M}", ["officer"])
        return store.audit()[-1].seq

    late_june = row_at(datetime(2026, 6, 30, 22, 30, tzinfo=UTC))  # 23:30 BST on 30 June
    first_july = row_at(datetime(2026, 6, 30, 23, 30, tzinfo=UTC))  # 00:30 BST on 1 July
    last_july = row_at(datetime(2026, 7, 31, 22, 59, tzinfo=UTC))  # 23:59 BST on 31 July
    august = row_at(datetime(2026, 7, 31, 23, 0, tzinfo=UTC))  # midnight BST: 1 August
    assert shown_rows(admin.get("/audit?from=2026-07-01&to=2026-07-31")) == [last_july, first_july]
    assert shown_rows(admin.get("/audit?to=2026-06-30"))[0] == late_june
    assert shown_rows(admin.get("/audit?from=2026-08-01&to=2026-08-01")) == [august]


def test_a_long_trail_comes_a_bounded_page_at_a_time(admin: TestClient, store: Store) -> None:
    for n in range(AUDIT_PAGE + 20):
        store.add_user(f"user.{n}", ["officer"])
    last = store.audit()[-1].seq
    page = admin.get("/audit")
    assert shown_rows(page) == list(range(last, last - AUDIT_PAGE, -1))
    older = re.search(r'<a href="(/audit\?before=\d+)">Older rows</a>', page.text)
    assert older is not None
    rest = admin.get(older.group(1))
    assert shown_rows(rest) == list(range(last - AUDIT_PAGE, 0, -1))
    assert "Older rows" not in rest.text and '<a href="/audit">Newest rows</a>' in rest.text


def test_the_next_page_keeps_the_search(admin: TestClient, store: Store) -> None:
    for n in range(AUDIT_PAGE + 5):
        store.add_user(f"user.{n}", ["officer"], by="senior")
    page = admin.get("/audit?by=senior&from=2026-11-20")
    assert re.search(r'href="/audit\?by=senior&amp;from=2026-11-20&amp;before=\d+">Older rows', page.text)


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("post=twelve", "post: give a post number, such as 12"),
        ("from=20/11/2026", "from: write the date as 2026-11-20"),
        ("to=yesterday", "to: write the date as 2026-11-20"),
        ("from=2026-11-21&to=2026-11-20", "to: the last day comes before the first"),
        ("before=-3", "before: give a row number, such as 120"),
        ("post=%C2%B2", "post: give a post number, such as 12"),
        ("post=99999999999999999999999", "post: give a post number, such as 12"),
        ("to=9999-12-31", "to: write the date as 2026-11-20"),
    ],
)
def test_a_search_typed_wrongly_names_the_field(admin: TestClient, query: str, problem: str) -> None:
    page = admin.get(f"/audit?{query}")
    assert page.status_code == 400
    assert f"<li>{problem}</li>" in page.text
    assert shown_rows(page) == []


def test_what_people_typed_and_named_is_shown_as_text(admin: TestClient, store: Store) -> None:
    store.add_user("<script>alert(1)</script>", ["officer"], by='"><img src=x onerror=alert(2)>')
    officer_post(store, '<a href="javascript:alert(3)">click</a>')
    page = admin.get("/audit?action=%3Cb%3E").text + admin.get("/audit").text
    assert "<script>alert" not in page and "<img" not in page and "<b>" not in page
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# -- checking the chain -------------------------------------------------------------------------------


def test_checking_an_intact_chain_says_so_with_the_count(admin: TestClient, store: Store) -> None:
    officer_post(store)
    page = admin.get("/audit/verify").text
    assert f"<strong>Verified:</strong> all {len(store.audit())} rows are there" in page


def test_an_edited_row_is_named_with_what_it_says_now(admin: TestClient, store: Store) -> None:
    ident = officer_post(store)
    seq = next(e.seq for e in store.audit() if e.action == "create")
    tamper(store, f"UPDATE audit SET by = 'someone.else' WHERE seq = {seq}")
    page = admin.get("/audit/verify").text
    assert f"does not verify at row {seq}: its content does not match its hash: edited." in page
    assert f", someone.else, create, post {ident}." in page
    assert f'href="/audit?before={seq + 1}">Show the trail from row {seq}' in page


def test_a_deleted_row_is_named_though_it_is_not_there_to_show(admin: TestClient, store: Store) -> None:
    officer_post(store)
    tamper(store, "DELETE FROM audit WHERE seq = 3")
    page = admin.get("/audit/verify").text
    assert "does not verify at row 3: row 3 is missing: deleted." in page
    assert "That row:" not in page


# -- downloads ----------------------------------------------------------------------------------------


def test_the_csv_download_is_the_whole_trail_as_an_attachment(admin: TestClient, store: Store) -> None:
    officer_post(store)
    response = admin.get("/audit/export.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="commsdesk-audit-20261120T090000Z.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    *trail, download = store.audit()  # the download is a row of its own, after the rows it took
    assert [row["hash"] for row in rows] == [entry.hash for entry in trail]
    assert (download.action, dict(download.changes)) == (
        "download",
        {"what": "audit", "format": "csv", "rows": len(rows)},
    )


def test_the_json_download_is_the_stores_exact_export(admin: TestClient, store: Store) -> None:
    store.add_user('=HYPERLINK("https://evil.example","open")', ["officer"], by="@SUM(1+1)")
    exported = store.export_audit("json")  # before the download's own row
    response = admin.get("/audit/export.json")
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    assert response.headers["content-type"] == "application/json"
    assert response.text == exported
    assert json.loads(response.text)["entries"][-1]["by"] == "@SUM(1+1)"


def test_cells_a_spreadsheet_would_run_as_formulas_are_shown_as_text(admin: TestClient, store: Store) -> None:
    store.add_user('=HYPERLINK("https://evil.example","open")', ["officer"], by="@SUM(1+1)")
    store.add_user("-2+3", ["officer"], by="+cmd|' /C calc'!A0")
    rows = list(csv.DictReader(io.StringIO(admin.get("/audit/export.csv").text)))
    assert [row["by"] for row in rows[-2:]] == ["'@SUM(1+1)", "'+cmd|' /C calc'!A0"]
    assert all(row["changes"].startswith("{") for row in rows)  # JSON cells are left as they are


@settings(deadline=None)  # a loaded machine is no reason to fail
@given(st.lists(st.lists(st.text(), min_size=1, max_size=5), min_size=1, max_size=5))
def test_a_guarded_csv_has_no_formula_cell_and_changes_nothing_else(
    table: list[list[str]],
) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    guarded = list(csv.reader(io.StringIO(spreadsheet_safe(out.getvalue()), newline="")))
    original = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert not any(cell.startswith(FORMULA_STARTS) for row in guarded for cell in row)
    assert guarded == [[f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell for cell in row] for row in original]


# -- the store's search --------------------------------------------------------------------------------


def test_the_stores_search_never_returns_more_than_a_page(store: Store) -> None:
    for n in range(AUDIT_PAGE + 1):
        store.add_user(f"user.{n}", ["officer"])
    assert len(search_audit(store, limit=10_000)) == AUDIT_PAGE
    assert len(search_audit(store, limit=0)) == 1
    assert [e.seq for e in search_audit(store, before=4)] == [3, 2, 1]
