"""`commsdesk check`: one draft, a file, or many drafts as JSON Lines; exit 1 when one blocks."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from policy_checks.cli import check

CLEAN = "The M62 eastbound is closed between junctions 25 and 26. Please find another route."
BLOCKED = "A man has been arrested. He has previous convictions for burglary."


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(check, list(args), input=input, catch_exceptions=False)


def test_a_clean_draft_passes_with_exit_code_0() -> None:
    result = run(CLEAN)
    assert result.exit_code == 0
    assert "pass" in result.output


def test_a_blocking_draft_exits_1_and_shows_the_finding() -> None:
    result = run(BLOCKED)
    assert result.exit_code == 1
    assert "contempt-of-court" in result.output
    assert "verdict: block" in result.output


def test_json_output_has_the_findings_and_verdict() -> None:
    result = run("--json", "Closed after an RTC.")
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["verdict"] == "warn"
    [finding] = payload["findings"]
    assert finding == {
        "rule": "jargon",
        "severity": "warn",
        "start": 16,
        "end": 19,
        "message": finding["message"],
        "suggestion": "crash",
    }


def test_a_draft_can_come_from_a_file(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(BLOCKED, encoding="utf-8")
    result = run("--file", str(draft), "--json")
    assert result.exit_code == 1
    assert json.loads(result.output)["verdict"] == "block"


def test_platform_and_incident_mode_are_passed_through() -> None:
    long_post = "Police are appealing for witnesses. " * 9
    assert run("--json", long_post).exit_code == 1
    assert run("--json", "--platform", "facebook", long_post).exit_code == 0
    result = run("--json", "--incident", "Happy Friday everyone!")
    assert [f["rule"] for f in json.loads(result.output)["findings"]] == ["incident-tone"]


def test_jsonl_gives_one_line_per_input_line_in_order(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": CLEAN}),
        "not json",
        json.dumps({"id": "c", "text": BLOCKED, "platform": "facebook"}),
        json.dumps({"id": "d"}),
        "",
        json.dumps({"id": "f", "text": "Happy Friday!", "incident": True}),
        json.dumps([1, 2]),
    ]
    source = tmp_path / "drafts.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("--jsonl", str(source))
    out = [json.loads(line) for line in result.output.splitlines()]
    assert len(out) == len(lines)
    assert out[0]["id"] == "a" and out[0]["verdict"] == "pass" and out[0]["findings"] == []
    assert out[1]["error"].startswith("line 2:")
    assert out[2]["id"] == "c" and out[2]["platform"] == "facebook" and out[2]["verdict"] == "block"
    assert {"rule", "severity", "start", "end", "message", "suggestion"} == set(out[2]["findings"][0])
    assert out[3]["id"] == "d" and out[3]["error"].startswith("line 4:") and "text" in out[3]["error"]
    assert out[4]["error"] == "line 5: empty line"
    assert out[5]["verdict"] == "warn"
    assert out[6]["error"].startswith("line 7:")
    assert result.exit_code == 1  # one draft blocks


def test_jsonl_from_stdin_with_nothing_blocking_exits_0() -> None:
    result = run("--jsonl", "-", input=json.dumps({"text": CLEAN}) + "\n")
    assert result.exit_code == 0
    assert json.loads(result.output)["verdict"] == "pass"


def test_a_force_config_changes_the_checks(tmp_path: Path) -> None:
    config = tmp_path / "force.toml"
    config.write_text(
        '[force]\nname = "Test"\n\n[policy]\nwatch_words = ["Nightjar"]\n\n'
        '[policy.severity]\n"contempt-of-court" = "warn"\n',
        encoding="utf-8",
    )
    result = run("--config", str(config), "--json", BLOCKED + " Operation Nightjar.")
    payload = json.loads(result.output)
    assert result.exit_code == 0
    assert {(f["rule"], f["severity"]) for f in payload["findings"]} == {
        ("contempt-of-court", "warn"),
        ("watch-word", "warn"),
    }


def test_a_bad_config_is_a_usage_error_naming_each_field(tmp_path: Path) -> None:
    config = tmp_path / "force.toml"
    config.write_text('[policy]\nallowed_domains = "gov.uk"\n[policy.severity]\nabuse = "loud"\n')
    result = CliRunner().invoke(check, ["--config", str(config), CLEAN])
    assert result.exit_code == 2
    assert "policy.allowed_domains" in result.output
    assert "policy.severity.abuse" in result.output


def test_exactly_one_source_is_needed() -> None:
    assert CliRunner().invoke(check, []).exit_code == 2
    assert CliRunner().invoke(check, ["text", "--jsonl", "x.jsonl"]).exit_code == 2
