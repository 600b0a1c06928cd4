"""`make demo` then serves the web desk on the day's store: its address and a sign-in per role, on screen."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from rich.console import Console

from commsdesk.cli import main
from commsdesk.demo_desk import STAFF
from commsdesk.demo_web import DEMO_PASSWORD, serve_demo
from commsdesk.store import Store
from config.settings import Settings
from config.settings import Store as StoreSettings

MORNING_AFTER = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def wait_for_address(console: Console, server: threading.Thread) -> str:
    """The desk's address once it is on screen (the thread dying first fails the test, not a hang)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.is_alive():
        found = re.search(r"the web desk is at (http://127\.0\.0\.1:\d+)/", console.export_text(clear=False))
        if found:
            return found[1]
        time.sleep(0.05)
    raise AssertionError(f"the desk never said where it was:\n{console.export_text()}")


def sign_in(desk: httpx.Client, name: str, password: str) -> httpx.Response:
    """The sign-in form as a browser posts it. The cookies are Secure, which a browser sends to 127.0.0.1
    over http but httpx does not: they are carried by hand."""
    form = desk.get("/signin")
    token = re.search(r'name="csrf_token" value="([^"]*)"', form.text)
    assert token, form.text
    return desk.post(
        "/signin",
        data={"name": name, "password": password, "csrf_token": token[1], "next": "/"},
        headers={"Cookie": f"desk_signin={form.cookies['desk_signin']}"},
    )


def test_the_demo_serves_the_desk_with_a_sign_in_for_each_role_until_stopped(tmp_path: Path) -> None:
    store_path = tmp_path / "demo.sqlite"
    with Store(store_path) as store:  # as the day's play leaves it: the demo's staff are desk users
        for name, (roles, email) in STAFF.items():
            store.add_user(name, roles, email=email)
    settings = replace(Settings(), store=StoreSettings(path=str(store_path)))
    console = Console(record=True, width=200, force_terminal=False)
    stop = threading.Event()
    server = threading.Thread(
        target=serve_demo,
        args=(settings,),
        kwargs={"since": MORNING_AFTER, "console": console, "port": 0, "stop": stop},
        daemon=True,
    )
    server.start()
    try:
        url = wait_for_address(console, server)
        shown = console.export_text(clear=False)
        for name, (roles, _) in STAFF.items():
            assert re.search(rf"{re.escape(name)}\s+│ {', '.join(roles)}\s+│ {DEMO_PASSWORD}", shown), shown
        assert re.search(rf"a\.admin\s+│ admin\s+│ {DEMO_PASSWORD}", shown), shown
        with httpx.Client(base_url=url, follow_redirects=False, trust_env=False, timeout=30) as desk:
            assert desk.get("/healthz").json() == {"status": "ok"}
            assert "<h1" in desk.get("/signin").text
            signed_in = sign_in(desk, "insp.khan", DEMO_PASSWORD)
            assert signed_in.status_code == 303, signed_in.text
            home = desk.get("/", headers={"Cookie": f"desk_session={signed_in.cookies['desk_session']}"})
            assert home.status_code == 200 and "insp.khan" in home.text
            assert sign_in(desk, "insp.khan", "not the demo password").status_code == 400
    finally:
        stop.set()
        server.join(timeout=30)
    assert not server.is_alive(), "the desk kept serving after it was told to stop"
    with Store(store_path) as store:
        admin = store.user("a.admin")
    assert admin is not None and admin.has("admin")


def test_the_demo_serves_only_in_a_terminal_unless_told(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run from CI or into a log, `commsdesk demo` ends after the day rather than waiting for a Ctrl-C."""
    seen: dict[str, object] = {}

    def run_demo(**options: object) -> int:
        seen.update(options)
        return 0

    monkeypatch.setattr("commsdesk.demo.run_demo", run_demo)
    store = str(tmp_path / "demo.sqlite")
    assert CliRunner().invoke(main, ["demo", "--store", store]).exit_code == 0
    assert seen["serve"] is False  # CliRunner's output is not a terminal
    assert CliRunner().invoke(main, ["demo", "--store", store, "--serve", "--port", "8123"]).exit_code == 0
    assert (seen["serve"], seen["port"]) == (True, 8123)
