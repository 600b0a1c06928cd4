"""The force's settings file: the example loads, and every mistake is named by file, line and field."""

from pathlib import Path

import pytest

from config.schema import Duration
from config.secrets import Secret
from config.settings import ConfigInvalid, check, example_path, load


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "force.toml"
    path.write_text(text, encoding="utf-8")
    return path


def example_with(tmp_path: Path, old: str, new: str) -> Path:
    text = example_path().read_text(encoding="utf-8")
    assert old in text
    return write(tmp_path, text.replace(old, new, 1))


def test_the_bundled_example_is_valid() -> None:
    settings = load(example_path(), environ={})
    assert settings.force.name == "Northshire Police"
    assert settings.force.timezone == "Europe/London"
    assert settings.x.interval == 300
    assert "Byker" in [area.name for area in settings.neighbourhoods]


def test_every_problem_is_reported_with_its_line_and_field(tmp_path: Path) -> None:
    path = example_with(tmp_path, 'interval = "5m"\n', 'intervall = "5m"\n')
    path.write_text(
        path.read_text()
        .replace('page_id = "100000000000001"', "page_id = 5")
        .replace('search_interval = "4h"', 'search_interval = "soon"')
    )
    settings, problems = check(path, environ={})
    lines = path.read_text().splitlines()
    found = {p.field: p for p in problems}
    assert set(found) == {"x.intervall", "facebook.page_id", "youtube.search_interval"}
    for problem in problems:
        assert problem.file == str(path)
        assert problem.line is not None
        key = problem.field.rsplit(".", 1)[-1]
        assert lines[problem.line - 1].lstrip().startswith(key)
    assert "did you mean 'interval'" in found["x.intervall"].message
    assert settings is not None  # the rest of the file is still read


def test_a_syntax_error_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[force]\nname = "Northshire Police"\ntimezone = Europe/London\n')
    _, problems = check(path, environ={})
    assert len(problems) == 1
    assert problems[0].line == 3
    assert str(path) in str(problems[0])


def test_array_of_tables_entries_are_located(tmp_path: Path) -> None:
    path = example_with(tmp_path, 'name = "Jesmond"', 'name = "Byker"')
    _, problems = check(path, environ={})
    (problem,) = problems
    assert problem.field.startswith("neighbourhoods[") and problem.field.endswith("].name")
    assert 'name = "Byker"' in path.read_text().splitlines()[problem.line - 1]


def test_missing_file_is_a_clear_problem(tmp_path: Path) -> None:
    with pytest.raises(ConfigInvalid, match=r"missing\.toml"):
        load(tmp_path / "missing.toml", environ={})


def test_unknown_time_zone(tmp_path: Path) -> None:
    path = example_with(tmp_path, 'timezone = "Europe/London"', 'timezone = "Europe/Newcastle"')
    _, problems = check(path, environ={})
    assert [p.field for p in problems] == ["force.timezone"]


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("5m", 300), ("2h", 7200), ("1d", 86400), (90, 90)])
def test_durations(text: object, seconds: float) -> None:
    assert Duration.parse(text) == seconds


@pytest.mark.parametrize("bad", ["soon", "-5m", 0, True, "5 minutes"])
def test_bad_durations(bad: object) -> None:
    with pytest.raises(ValueError):
        Duration.parse(bad)


def test_secrets_come_from_the_environment_and_never_print(tmp_path: Path) -> None:
    settings = load(example_path(), environ={"COMMSDESK_X_BEARER_TOKEN": "AAAA-real-token"})
    assert settings.secrets.x_bearer_token.reveal() == "AAAA-real-token"
    shown = f"{settings!r} {settings} {settings.secrets.x_bearer_token}"
    assert "AAAA-real-token" not in shown
    assert "***" in shown


def test_secrets_file_outside_the_repository(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('facebook_page_token = "EAAB-page"\nyoutube_api_key = "AIza-key"\n')
    settings = load(
        example_path(),
        environ={"COMMSDESK_SECRETS_FILE": str(secrets), "COMMSDESK_YOUTUBE_API_KEY": "env-wins"},
    )
    assert settings.secrets.facebook_page_token == Secret("EAAB-page")
    assert settings.secrets.youtube_api_key.reveal() == "env-wins"


def test_secrets_file_inside_a_git_repository_is_refused() -> None:
    inside = Path(__file__).resolve().parent / "secrets-never-here.toml"
    _, problems = check(example_path(), environ={"COMMSDESK_SECRETS_FILE": str(inside)})
    if not (Path(__file__).resolve().parents[2] / ".git").exists():
        pytest.skip("not running inside a git checkout")
    assert any("inside a git repository" in p.message for p in problems)


def test_bad_secrets_file_keys_are_named(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('x_bearer = "oops"\n')
    _, problems = check(example_path(), environ={"COMMSDESK_SECRETS_FILE": str(secrets)})
    assert [p.field for p in problems] == ["x_bearer"]


def test_without_a_sandbox_each_enabled_source_needs_its_secret(tmp_path: Path) -> None:
    path = example_with(tmp_path, 'sandbox = "http://127.0.0.1:8765"\n', "")
    _, problems = check(path, environ={"COMMSDESK_X_BEARER_TOKEN": "AAAA"})
    assert sorted(p.field for p in problems) == ["facebook.enabled", "youtube.enabled"]
    assert "COMMSDESK_FACEBOOK_PAGE_TOKEN" in next(p.message for p in problems if p.field == "facebook.enabled")
    assert all(p.line for p in problems), "pointed at the source's table"


def test_policy_table_problems_are_located(tmp_path: Path) -> None:
    path = example_with(tmp_path, '"reading-age" = "info"', '"reading-age" = "loud"')
    _, problems = check(path, environ={})
    (problem,) = problems
    assert problem.field == "policy.severity.reading-age"
    assert '"reading-age" = "loud"' in path.read_text().splitlines()[problem.line - 1]


def test_the_example_policy_reaches_the_checks() -> None:
    settings = load(example_path(), environ={})
    assert "northshire.police.uk" in settings.policy.allowed_domains
