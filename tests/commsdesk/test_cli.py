"""The command line: help everywhere, clear config errors, status at a glance, secrets never shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rich.console import Console

from commsdesk.cli import main
from commsdesk.status import status_table
from commsdesk.store import Store
from config.settings import example_path


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(all_commands(command, (*prefix, name)))
    return found


@pytest.mark.parametrize("words", all_commands(main), ids=" ".join)
def test_every_subcommand_has_help(words: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*words, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_config_check_passes_the_example() -> None:
    result = CliRunner().invoke(main, ["config", "check", str(example_path())])
    assert result.exit_code == 0, result.output
    assert "Northshire Police" in result.output


def test_config_check_names_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "force.toml"
    bad.write_text(example_path().read_text().replace('interval = "5m"', 'interval = "often"', 1))
    result = CliRunner().invoke(main, ["config", "check", str(bad)])
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(bad.read_text().splitlines(), 1) if "often" in text)
    assert f"{bad}:{line}: x.interval:" in result.output.replace("\n", "")


def test_a_bad_config_stops_a_command_with_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "force.toml"
    bad.write_text("[force]\nname = 5\n[x]\npage_size = 1000\n")
    result = CliRunner().invoke(main, ["status", "--config", str(bad)])
    assert result.exit_code == 2
    assert "force.name" in result.output and "x.page_size" in result.output


def test_config_show_masks_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMSDESK_X_BEARER_TOKEN", "AAAA-very-secret")
    result = CliRunner().invoke(main, ["config", "show", "--config", str(example_path())])
    assert result.exit_code == 0, result.output
    assert "AAAA-very-secret" not in result.output
    assert "***" in result.output


def test_status_shows_degraded_sources_with_their_reason(tmp_path: Path) -> None:
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    with Store(tmp_path / "s.sqlite", clock=lambda: now) as store:
        store.record_health("x", success=True)
        store.record_health(
            "youtube",
            success=False,
            error="quota",
            degraded_reason="YouTube daily quota used up",
            degraded_until=now + timedelta(hours=8),
        )
        table = status_table(store, ["x", "facebook", "youtube"], "Europe/London", now=now)
    console = Console(width=200, record=True)
    console.print(table)
    text = console.export_text()
    assert "healthy" in text and "DEGRADED" in text and "not yet run" in text
    assert "YouTube daily quota used up" in text


def test_import_of_an_unusable_file_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    headerless = tmp_path / "mentions.csv"
    headerless.write_text("1,2026-11-20T08:00:00Z,hello\n")
    unknown = tmp_path / "mentions.txt"
    unknown.write_text("hello\n")
    for path in (headerless, unknown):
        result = CliRunner().invoke(main, ["import", str(path), "--config", str(example_path())])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert str(path) in result.output
