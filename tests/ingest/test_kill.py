"""Kill the collector hard in the middle of a run; the next run resumes with nothing lost or doubled."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from commsdesk.store import Store
from ingest.base import RetryPolicy, run_collector
from ingest.service import build_collectors


@pytest.fixture
def scenario_posts(make_scenario) -> list[dict[str, object]]:
    return make_scenario(n_x=400, n_fb_posts=1, n_videos=1)


def stored_count(path: Path) -> int:
    try:
        with sqlite3.connect(path, timeout=5) as db:
            return db.execute("SELECT count(*) FROM mentions WHERE platform = 'x'").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_sigkill_mid_run_then_resume(sandbox, settings, scenario_posts, force_config, tmp_path: Path) -> None:
    config, store_path = force_config(tmp_path, sandbox.url, sources={"x": "5m"}, page_size=10)
    sandbox.clock.set(datetime(2026, 11, 21, 6, tzinfo=UTC))  # all 400 posts (three minutes apart) visible
    sandbox.inject("x", "slow", count=1000, delay=0.05)
    child = subprocess.Popen(
        [sys.executable, "-m", "commsdesk", "run", "--once", "--config", str(config)],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    deadline = time.monotonic() + 60
    while stored_count(store_path) < 60 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    partial = stored_count(store_path)
    assert 0 < partial < 400

    with Store(store_path, clock=sandbox.clock.now) as store:
        checkpoint = store.checkpoint("x")
        assert checkpoint, "pages were stored, so their checkpoint was too"
        collector, _ = build_collectors(settings)["x"]
        run = run_collector(collector, store, policy=RetryPolicy(base_delay=0.01), clock=sandbox.clock.now)
        assert run.status == "ok"
        ids = [m.id for m in store.mentions(platform="x")]
        assert len(ids) == len(set(ids)) == 400
        floors = {
            name: state["floor"]
            for name, state in store.checkpoint("x").items()
            if isinstance(state, dict) and "floor" in state
        }
        assert floors and set(floors.values()) <= set(ids)
        assert max(map(int, floors.values())) == max(map(int, ids))
