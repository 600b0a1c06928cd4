"""`commsdesk serve`: uvicorn worker processes on the configured store, loud about addresses cookies will
not work on."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from click.testing import CliRunner
from fastapi.testclient import TestClient
from uvicorn.importer import import_from_string

from commsdesk.cli import main
from commsdesk.store import Store

CONFIG = """[force]
name = "Test Force"
[store]
path = "{store}"
[x]
enabled = false
[facebook]
enabled = false
[youtube]
enabled = false
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "force.toml"
    path.write_text(CONFIG.format(store=tmp_path / "force.sqlite"))
    return path


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What `serve` hands to uvicorn, instead of listening on a port (and the environment it sets for the
    workers, put back afterwards)."""
    seen: dict[str, Any] = {}
    for variable in ("COMMSDESK_CONFIG", "COMMSDESK_LOG_LEVEL"):
        monkeypatch.setenv(variable, "")

    def run(app: object, **options: object) -> None:
        seen.update(options, app=app)

    monkeypatch.setattr(uvicorn, "run", run)
    return seen


def test_serve_runs_the_desk_on_the_configured_store(config: Path, served: dict[str, Any], tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--config", str(config), "--port", "8099", "--workers", "3"])
    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"], served["server_header"]) == ("127.0.0.1", 8099, False)
    assert (served["workers"], served["factory"]) == (3, True)
    assert "http://127.0.0.1:8099/ (3 worker processes)" in result.output
    worker_app = import_from_string(served["app"])()  # as each worker process builds it
    with TestClient(worker_app, base_url="https://testserver") as client:
        page = client.get("/signin")
    assert "<title>Sign in – Test Force comms desk</title>" in page.text
    with Store(tmp_path / "force.sqlite") as store:
        assert store.db["web_sessions"].exists()


def test_serving_beyond_this_machine_warns_that_it_needs_https(config: Path, served: dict[str, Any]) -> None:
    result = CliRunner().invoke(main, ["serve", "--config", str(config), "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert "behind TLS" in result.output


def test_a_bad_settings_file_starts_nothing(tmp_path: Path, served: dict[str, Any]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[force]\nname = 1\n")
    result = CliRunner().invoke(main, ["serve", "--config", str(bad)])
    assert result.exit_code == 2
    assert served == {}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_two_worker_processes_serve_the_desk(config: Path) -> None:
    """For real: `commsdesk serve --workers 2` in its own process, answering over HTTP."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "commsdesk", "serve", "--config", str(config), "--port", str(port), "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "COMMSDESK_CONFIG"},
    )
    try:
        deadline, pages = time.monotonic() + 60, []
        while time.monotonic() < deadline and len(pages) < 4:
            try:
                pages.append(httpx.get(f"http://127.0.0.1:{port}/signin", timeout=5))
            except httpx.TransportError:
                time.sleep(0.2)
        assert [page.status_code for page in pages] == [200] * 4
        assert "Test Force comms desk" in pages[-1].text
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "(2 worker processes)" in output
