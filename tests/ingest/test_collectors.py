"""Each collector, through its real client library, against the sandbox: clean runs and every fault.

For every injected fault: no mention lost, none stored twice, the checkpoint right, and one clear
log line saying what happened.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest

from commsdesk.records import CollectorRun
from commsdesk.store import Store
from config.settings import Settings
from ingest.base import RetryPolicy, run_collector
from ingest.service import Service, build_collectors

FAST = RetryPolicy(max_retries=4, base_delay=0.01, max_delay=0.05, max_wait=3.0)
PLATFORMS = ["x", "facebook", "youtube"]


def expected_ids(posts: list[dict[str, object]], platform: str) -> set[str]:
    return {str(p["id"]) for p in posts if p["platform"] == platform}


def collect(settings: Settings, sandbox, source: str, store: Store) -> CollectorRun:
    collector, _ = build_collectors(settings)[source]
    return run_collector(collector, store, policy=FAST, clock=sandbox.clock.now)


def stored_ids(store: Store, platform: str) -> list[str]:
    return [m.id for m in store.mentions(platform=platform)]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_clean_run_stores_every_post_once_and_a_second_finds_nothing_new(
    settings: Settings, sandbox, scenario_posts, platform: str, tmp_path: Path
) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        first = collect(settings, sandbox, platform, store)
        assert first.status == "ok", first.message
        ids = stored_ids(store, platform)
        assert sorted(ids) == sorted(expected_ids(scenario_posts, platform))
        second = collect(settings, sandbox, platform, store)
        assert second.status == "ok" and second.new == 0
        assert sorted(stored_ids(store, platform)) == sorted(ids)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_new_posts_are_picked_up_from_the_checkpoint(
    settings: Settings, sandbox, scenario_posts, platform: str, tmp_path: Path
) -> None:
    late = [p for p in scenario_posts if p["platform"] == platform][-4:]
    cut = min(str(p["time"]) for p in late)
    from commsdesk.records import parse_time

    sandbox.clock.set(parse_time(cut) - timedelta(seconds=1))
    with Store(tmp_path / "s.sqlite") as store:
        collect(settings, sandbox, platform, store)
        before = set(stored_ids(store, platform))
        assert before and before != expected_ids(scenario_posts, platform)
        sandbox.clock.set(parse_time("2026-11-20T18:00:00Z"))
        run = collect(settings, sandbox, platform, store)
        assert run.status == "ok"
        assert set(stored_ids(store, platform)) == expected_ids(scenario_posts, platform)
        assert run.new == len(expected_ids(scenario_posts, platform) - before)


RECOVERABLE = [
    (platform, kind, options)
    for platform in PLATFORMS
    for kind, options in [
        ("rate_limit", {"reset_in": 1}),
        ("server_error", {}),
        ("slow", {"delay": 2.5}),  # longer than the 2 s timeout in the test settings
        ("drop", {}),
        ("malformed_json", {}),
    ]
] + [("x", "rate_limit_no_reset", {})]


@pytest.mark.parametrize(("platform", "kind", "options"), RECOVERABLE, ids=lambda v: v if isinstance(v, str) else "")
def test_a_transient_fault_is_survived_within_the_run(
    settings: Settings,
    sandbox,
    scenario_posts,
    platform: str,
    kind: str,
    options: dict,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # httplib2 (YouTube's client) reconnects once by itself after a dropped connection
    count = 2 if (platform, kind) == ("youtube", "drop") else 1
    sandbox.inject(platform, kind, count=count, **options)
    with (
        Store(tmp_path / "s.sqlite") as store,
        caplog.at_level(logging.WARNING, logger="commsdesk"),
    ):
        run = collect(settings, sandbox, platform, store)
        assert run.status == "ok", run.message
        assert len(run.faults) == 1
        ids = stored_ids(store, platform)
        assert sorted(ids) == sorted(expected_ids(scenario_posts, platform))
        assert len(ids) == len(set(ids))
        fault_lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(fault_lines) == 1, [r.getMessage() for r in fault_lines]
        assert fault_lines[0].getMessage().startswith(f"{platform}: ")
        again = collect(settings, sandbox, platform, store)
        assert again.new == 0


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_malformed_item_is_quarantined_and_the_rest_of_the_page_kept(
    settings: Settings, sandbox, scenario_posts, platform: str, tmp_path: Path
) -> None:
    pages = {"x": "mentions", "facebook": "feed", "youtube": "commentThreads"}
    sandbox.inject(platform, "malformed_item", count=1, path=pages[platform])
    with Store(tmp_path / "s.sqlite") as store:
        run = collect(settings, sandbox, platform, store)
        assert run.status == "ok"
        (bad,) = store.quarantined(platform)
        assert bad.reason and bad.payload and bad.where
        ids = set(stored_ids(store, platform))
        assert len(ids) == len(expected_ids(scenario_posts, platform)) - 1
        assert ids < expected_ids(scenario_posts, platform)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_an_expired_token_degrades_only_that_source(
    settings: Settings, sandbox, scenario_posts, platform: str, tmp_path: Path
) -> None:
    sandbox.inject(platform, "expired_token", count=1)
    service = Service(settings, clock=sandbox.clock.now)
    runs = {run.source: run for run in service.collect_all()}
    assert runs[platform].status == "degraded"
    assert "renew" in runs[platform].message
    assert all(run.status == "ok" for source, run in runs.items() if source != platform)
    with Store(settings.store.path) as store:
        health = {h.source: h for h in store.health()}
        assert health[platform].degraded and health[platform].degraded_reason
        # the token is renewed: the next run catches up with nothing lost
        assert service.collect(platform).status == "ok"
        assert set(stored_ids(store, platform)) == expected_ids(scenario_posts, platform)
        assert not store.health([platform])[0].degraded


def test_youtube_quota_is_not_retried_until_it_resets(
    settings: Settings, sandbox, scenario_posts, tmp_path: Path
) -> None:
    sandbox.inject("youtube", "quota_exceeded", count=1)
    with Store(tmp_path / "s.sqlite") as store:
        run = collect(settings, sandbox, "youtube", store)
        assert run.status == "degraded" and "quota" in run.message
        requests_before = sandbox.stats["youtube"]["requests"]
        assert collect(settings, sandbox, "youtube", store).status == "skipped"
        assert sandbox.stats["youtube"]["requests"] == requests_before
        (health,) = store.health(["youtube"])
        assert health.degraded_until is not None
        sandbox.clock.set(health.degraded_until + timedelta(minutes=1))
        assert collect(settings, sandbox, "youtube", store).status == "ok"
        assert set(stored_ids(store, "youtube")) == expected_ids(scenario_posts, "youtube")


def test_a_storm_of_server_errors_gives_up_and_the_next_run_catches_up(
    settings: Settings, sandbox, scenario_posts, tmp_path: Path
) -> None:
    sandbox.inject("x", "server_error", count=FAST.max_retries + 1)
    with Store(tmp_path / "s.sqlite") as store:
        run = collect(settings, sandbox, "x", store)
        assert run.status == "failed" and len(run.faults) == FAST.max_retries + 1
        assert collect(settings, sandbox, "x", store).status == "ok"
        assert set(stored_ids(store, "x")) == expected_ids(scenario_posts, "x")


def test_comments_on_other_channels_videos_about_the_force_are_collected(
    settings: Settings, sandbox, scenario_posts, tmp_path: Path
) -> None:
    chronicle = {"id": "UCchronicle0000000000001", "handle": "NorthshireChronicle", "name": "Northshire Chronicle",
                 "verified": True, "type": "organisation"}  # fmt: skip
    video = {"platform": "youtube", "id": "chronVid001", "time": "2026-11-20T15:26:00Z", "kind": "video",
             "author": chronicle, "title": "LIVE: Northshire Police at the Elswick fire", "text": "Our reporter",
             "reply_to": None, "lang": "en", "place": "Elswick"}  # fmt: skip
    comments = [
        {"platform": "youtube", "id": f"UgzChron{n:02d}aaaaaaaaaaaaaa", "time": f"2026-11-20T15:{30 + n}:00Z",
         "kind": "comment", "author": chronicle | {"id": f"UCviewer{n}", "type": "person"}, "text": f"smoke {n}",
         "reply_to": "chronVid001", "lang": "en", "place": None}
        for n in range(5)
    ]  # fmt: skip
    sandbox.add_posts([video, *comments])
    with Store(tmp_path / "s.sqlite") as store:
        assert collect(settings, sandbox, "youtube", store).status == "ok"
        ids = set(stored_ids(store, "youtube"))
        assert {"chronVid001", *(c["id"] for c in comments)} <= ids
        assert ids == expected_ids([*scenario_posts, video, *comments], "youtube")


@pytest.mark.parametrize("sandbox_limits", [{"facebook": (3, 2)}])  # 3 calls per 2 s
def test_facebook_stops_short_of_its_allowance_and_resumes_next_run(
    settings: Settings, sandbox, scenario_posts, tmp_path: Path
) -> None:
    import time

    with Store(tmp_path / "s.sqlite") as store:
        first = collect(settings, sandbox, "facebook", store)
        assert first.status == "rate-limited" and "usage" in first.message
        assert sandbox.stats["facebook"]["requests"] == 3, "no call made past 90% of the allowance"
        time.sleep(2.1)  # the allowance's window moves on
        assert collect(settings, sandbox, "facebook", store).status == "ok"
        assert set(stored_ids(store, "facebook")) == expected_ids(scenario_posts, "facebook")
