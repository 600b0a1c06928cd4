"""The daily reports in the browser: listed newest first, the HTML shown under a policy of its own, the
PDF downloaded; nothing but a file the listing names can be reached, however the address is bent."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from commsdesk.store import Store
from config.settings import DailyReport, Settings
from config.settings import Store as StoreSettings
from web.app import create_app
from web.auth import Passwords

REPORT = (
    "<!doctype html><html><head><style>h1 { color: navy }</style></head><body>"
    '<h1 style="margin: 0">Hot topics</h1><img src="data:image/png;base64,iVBORw0KGgo=" alt="chart"></body></html>'
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two days' reports (the older one without its PDF), a file that is no report, and one outside."""
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "hot-topics-2026-11-19.html").write_text(REPORT.replace("Hot topics", "Thursday"))
    (reports / "hot-topics-2026-11-20.html").write_text(REPORT)
    (reports / "hot-topics-2026-11-20.pdf").write_bytes(b"%PDF-1.7 the report")
    (reports / "notes.txt").write_text("not a report")
    (tmp_path / "secret.html").write_text("outside the folder")
    (reports / "hot-topics-2026-11-18.html").symlink_to(tmp_path / "secret.html")
    return reports


@pytest.fixture
def app(store: Store, folder: Path, clock: Callable[[], datetime], passwords: Passwords) -> FastAPI:
    settings = replace(Settings(), store=StoreSettings(path=str(store.path)), report=DailyReport(folder=str(folder)))
    return create_app(settings, clock=clock, passwords=passwords)


@pytest.fixture
def reader(signed_in: Callable[[str], TestClient]) -> TestClient:
    return signed_in("reviewer")


def test_the_reports_are_listed_newest_first_with_what_each_has(reader: TestClient) -> None:
    page = reader.get("/reports").text
    periods = re.findall(r'<th scope="row">(.*?)</th>', page)
    assert periods == ["Friday 20 November 2026", "Thursday 19 November 2026"]  # not the link, not the notes
    assert '<a href="/reports/hot-topics-2026-11-20.html">Read' in page
    assert '<a href="/reports/hot-topics-2026-11-20.pdf" download>PDF' in page
    assert "no PDF" in page.split("Thursday 19 November 2026")[-1]


def test_a_report_is_shown_as_written(reader: TestClient, folder: Path) -> None:
    response = reader.get("/reports/hot-topics-2026-11-20.html")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.text == (folder / "hot-topics-2026-11-20.html").read_text()
    assert "content-disposition" not in response.headers


def test_a_report_has_a_policy_of_its_own_images_and_inline_style_but_no_script(reader: TestClient) -> None:
    policy = reader.get("/reports/hot-topics-2026-11-20.html").headers["content-security-policy"]
    directives = dict(part.strip().partition(" ")[::2] for part in policy.split(";"))
    assert directives["default-src"] == "'none'"  # and so no script at all
    assert directives["img-src"] == "data:"
    assert "sandbox" in directives and "script-src" not in directives
    assert directives["frame-ancestors"] == "'none'"


def test_the_pdf_is_downloaded(reader: TestClient) -> None:
    response = reader.get("/reports/hot-topics-2026-11-20.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="hot-topics-2026-11-20.pdf"'
    assert response.content == b"%PDF-1.7 the report"


@pytest.mark.parametrize(
    "path",
    [
        "/reports/notes.txt",
        "/reports/hot-topics-2026-11-21.html",  # named like a report, not there
        "/reports/hot-topics-2026-11-19.pdf",
        "/reports/hot-topics-2026-11-18.html",  # a link to a file elsewhere
        "/reports/..%2Fsecret.html",
        "/reports/%2e%2e%2fsecret.html",
        "/reports/..%5Csecret.html",
        "/reports/hot-topics-2026-11-20.html%00.txt",
        "/reports/%2Fetc%2Fpasswd",
    ],
)
def test_nothing_but_a_listed_file_is_served(reader: TestClient, path: str) -> None:
    response = reader.get(path)
    assert response.status_code == 404, response.text
    assert "outside the folder" not in response.text


def test_a_missing_folder_means_no_reports_yet(reader: TestClient, folder: Path) -> None:
    for name in os.listdir(folder):
        (folder / name).unlink()
    folder.rmdir()
    page = reader.get("/reports")
    assert page.status_code == 200 and "No reports yet." in page.text
