"""The analysis at the desk: `analyse`, `topics`, `places`, `communities` and `sentiment correct`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from commsdesk.cli import main
from commsdesk.store import Store

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_analyse_then_topics_shows_the_fire_emerging_without_naming_private_people(desk: Path) -> None:
    first = run("analyse", "--config", str(desk))
    assert "analysed 77 mentions" in first
    assert "nothing new to analyse" in run("analyse", "--config", str(desk))

    out = json.loads(run("topics", "--config", str(desk), "--until", NOW.isoformat(), "--json"))
    assert out["mentions"] == 77 and out["not_yet_analysed"] == 0
    top = out["topics"][0]
    assert top["emerging"] and {"fire", "elswick", "smoke"} & set(top["terms"])
    assert top["places"].get("Elswick", 0) >= 10
    text = json.dumps(out)
    assert "jane_doe_99" not in text and "resident_" not in text  # handles pseudonymised, X links handle-free
    assert "https://x.com/i/web/status/" in text


def test_topics_as_a_table(desk: Path) -> None:
    run("analyse", "--config", str(desk))
    table = run("topics", "--config", str(desk), "--until", NOW.isoformat())
    assert "NEW" in table and "Elswick" in table and "77 analysed mentions" in table


def test_places_and_communities(desk: Path) -> None:
    run("analyse", "--config", str(desk))
    places = json.loads(run("places", "--config", str(desk), "--until", NOW.isoformat(), "--json"))
    by_name = {a["area"]: a for a in places["areas"]}
    assert by_name["Elswick"]["mentions"] >= 16
    assert set(by_name) >= {"Heaton", "Jesmond", "Walker"}  # quiet areas are listed, with 0
    communities = json.loads(run("communities", "--config", str(desk), "--until", NOW.isoformat(), "--json"))
    assert communities["most active"], communities
    assert "Resident Person" not in json.dumps(communities)


def test_a_bad_range_is_a_clear_error(desk: Path) -> None:
    result = CliRunner().invoke(main, ["topics", "--config", str(desk), "--since", "yesterday-ish"])
    assert result.exit_code == 2
    assert "expected a duration such as 24h" in result.output


def test_staff_correct_a_sentiment(desk: Path) -> None:
    run("analyse", "--config", str(desk))
    said = run("sentiment", "correct", "x:2000000", "negative", "--by", "pc.smith", "--config", str(desk))
    assert "x:2000000 is now negative" in said
    store_path = desk.read_text().split('path = "')[1].split('"')[0]
    with Store(store_path) as store:
        assert store.get_analysed("x", "2000000").sentiment_by == "pc.smith"
    missing = CliRunner().invoke(main, ["sentiment", "correct", "x:1", "negative", "--config", str(desk)])
    assert missing.exit_code == 1 and "no stored mention x:1" in missing.output
    unparsed = CliRunner().invoke(main, ["sentiment", "correct", "2000000", "negative", "--config", str(desk)])
    assert unparsed.exit_code == 2 and "platform:id" in unparsed.output


def test_two_processes_analyse_exactly_as_one(desk: Path, tmp_path: Path) -> None:
    store_path = desk.read_text().split('path = "')[1].split('"')[0]
    copy = tmp_path / "copy.sqlite"
    with Store(store_path) as store:
        store.db.execute(f"VACUUM INTO '{copy}'")
    other = tmp_path / "other.toml"
    other.write_text(desk.read_text().replace(store_path, str(copy)))
    assert "analysed 77 mentions" in run("analyse", "--config", str(desk), "--workers", "1")
    assert "analysed 77 mentions" in run("analyse", "--config", str(other), "--workers", "2", "--batch-size", "30")
    with Store(store_path) as one, Store(copy) as two:
        assert one.analysed() == two.analysed()
