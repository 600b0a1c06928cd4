"""`commsdesk run`: the APScheduler service collects on its intervals and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start(config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "commsdesk", "run", "--config", str(config)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def runs(store: Path) -> list[tuple[str, str]]:
    try:
        with sqlite3.connect(store, timeout=5) as db:
            return db.execute("SELECT source, status FROM collector_runs ORDER BY id").fetchall()
    except sqlite3.OperationalError:
        return []


def analysed(store: Path) -> int:
    try:
        with sqlite3.connect(store, timeout=5) as db:
            return db.execute("SELECT count(*) FROM analyses").fetchone()[0]
    except sqlite3.OperationalError:
        return -1


def wait_for(predicate, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_the_service_collects_and_stops_cleanly_on_sigterm(
    sandbox, scenario_posts, force_config, tmp_path: Path
) -> None:
    intervals = {"x": "1s", "facebook": "1s", "youtube": "1s"}
    config, store = force_config(tmp_path, sandbox.url, sources=intervals)
    service = start(config)
    try:
        assert wait_for(lambda: {s for s, status in runs(store) if status == "ok"} == {"x", "facebook", "youtube"})
        assert wait_for(lambda: len(runs(store)) >= 6), "each job runs again on its interval"
        expected = {str(p["id"]) for p in scenario_posts}
        assert wait_for(lambda: analysed(store) == len(expected), seconds=60), "the analysis follows the collection"
    finally:
        service.send_signal(signal.SIGTERM)
        _, err = service.communicate(timeout=30)
    assert service.returncode == 0, err.decode()
    assert all(status != "running" for _, status in runs(store)), "every run was finished and recorded"
    with sqlite3.connect(store) as db:
        stored = {row[0] for row in db.execute("SELECT id FROM mentions")}
    assert stored == {str(p["id"]) for p in scenario_posts}
    jobs = store.with_name("force.jobs.sqlite")
    with sqlite3.connect(jobs) as db:
        kept = {row[0] for row in db.execute("SELECT id FROM apscheduler_jobs")}
    assert kept == {
        "collect:x",
        "collect:facebook",
        "collect:youtube",
        "analyse",
        "incident-watch",
        "daily-report",
        "publish",
    }
