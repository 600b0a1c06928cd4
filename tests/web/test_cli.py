"""`commsdesk serve`: uvicorn on the configured store, loud about addresses cookies will not work on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner
from fastapi.testclient import TestClient

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
    """What `serve` hands to uvicorn, instead of listening on a port."""
    seen: dict[str, Any] = {}

    def run(app: object, **options: object) -> None:
        seen.update(options, app=app)

    monkeypatch.setattr(uvicorn, "run", run)
    return seen


def test_serve_runs_the_desk_on_the_configured_store(config: Path, served: dict[str, Any], tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--config", str(config), "--port", "8099"])
    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"], served["server_header"]) == ("127.0.0.1", 8099, False)
    assert "http://127.0.0.1:8099/" in result.output
    with TestClient(served["app"], base_url="https://testserver") as client:
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
