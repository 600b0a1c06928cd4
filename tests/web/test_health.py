"""Collector health in the browser: each source's state in words, its last success and error, what it
collected in the last hour, its limits, whether it is degraded; and whether an incident is active."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from html import unescape

import pytest
from fastapi.testclient import TestClient

from commsdesk.records import Mention
from commsdesk.store import Store

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def reader(signed_in: Callable[[str], TestClient]) -> TestClient:
    return signed_in("officer")


def rows(page: str) -> dict[str, list[str]]:
    """The health table's rows as text, by source."""
    found = {}
    for row in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", page, re.S):
        cells = [
            re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", cell))).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        found[cells[0]] = cells[1:]
    return found


def test_each_source_says_how_it_is_doing(store: Store, reader: TestClient) -> None:
    now = store.clock()
    run = store.start_run("x")
    run.status, run.fetched, run.new = "ok", 12, 3
    store.finish_run(run)
    store.record_health("x", success=True, rate_limit={"limit": 450, "remaining": 445})
    store.save_mentions([Mention("x", str(n), f"post {n}", now - timedelta(minutes=n), source="x") for n in range(3)])
    store.record_health(
        "facebook",
        success=False,
        error=f"Page token rejected {SCRIPT}",
        degraded_reason="Facebook Page token rejected (code 190); renew the Page token",
        degraded_until=now + timedelta(hours=2),
    )
    page = reader.get("/health")
    assert page.status_code == 200
    table = rows(page.text)
    assert table["X"] == [
        "healthy",
        "2026-11-20 09:00 GMT (0 s ago)",
        "none",
        "3",
        "445/450 calls left",
        "no",
        "ok at 2026-11-20 09:00 GMT: 3 new of 12",
    ]
    facebook = table["Facebook"]
    assert facebook[0] == "degraded" and 'class="verdict-block">degraded' in page.text
    assert facebook[2] == f"2026-11-20 09:00 GMT (0 s ago): Page token rejected {SCRIPT}"
    assert facebook[5] == (
        "yes: Facebook Page token rejected (code 190); renew the Page token (until 2026-11-20 11:00 GMT)"
    )
    assert table["YouTube"][:2] == ["not yet run", "never"]  # enabled, never run: not mistaken for calm
    assert SCRIPT not in page.text and "&lt;script&gt;" in page.text


def test_the_page_says_whether_a_critical_incident_is_active(store: Store, reader: TestClient) -> None:
    assert "No critical incident is active." in reader.get("/health").text
    store.start_incident(reason="Warehouse fire", by="duty", place="Elswick")
    page = reader.get("/health").text
    assert "A critical incident is active: incident 1 in Elswick: Warehouse fire" in page
    assert "declared 2026-11-20 09:00 GMT by duty" in page


def test_the_page_says_how_far_behind_the_analysis_is(store: Store, reader: TestClient) -> None:
    assert "The analysis is up to date" in reader.get("/health").text
    store.save_mentions([Mention("x", "1", "waiting", store.clock())])
    assert "1 collected mention waiting for the analysis" in reader.get("/health").text
