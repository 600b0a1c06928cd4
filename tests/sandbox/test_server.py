"""The server itself: HTTP controls, throughput, serve(), and the bundled scenario."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from sandbox.server import Sandbox

BUNDLED = Path(__file__).parents[2] / "sandbox" / "scenarios" / "northshire_day.jsonl"
SEARCH = "/2/tweets/search/recent"
BEARER = {"Authorization": "Bearer sandbox-bearer-token"}


def test_http_controls(sandbox: Sandbox) -> None:
    session = requests.Session()
    session.trust_env = False
    base = sandbox.url
    moved = session.post(f"{base}/_sandbox/clock", json={"now": "2026-11-20T12:00:00Z"})
    assert moved.json()["now"] == "2026-11-20T12:00:00+00:00"
    moved = session.post(f"{base}/_sandbox/clock", json={"advance": 90})
    assert moved.json()["now"] == "2026-11-20T12:01:30+00:00"
    fault = session.post(
        f"{base}/_sandbox/faults",
        json={"platform": "x", "kind": "server_error", "count": 1, "status": 502},
    )
    assert fault.json()["injected"]["options"] == {"status": 502}
    assert session.get(f"{base}{SEARCH}", params={"query": "traffic"}, headers=BEARER).status_code == 502
    added = session.post(
        f"{base}/_sandbox/posts",
        json=[
            {
                "platform": "x",
                "id": "2123900000000000000",
                "time": "2026-11-20T12:00:00Z",
                "kind": "post",
                "author": {"id": "5", "handle": "zoe", "name": "Zoe"},
                "text": "added over http",
            }
        ],
    )
    assert added.json() == {"added": 1}
    bad = session.post(f"{base}/_sandbox/posts", json=[{"platform": "x"}])
    assert bad.status_code == 400 and "missing" in bad.json()["error"]
    state = session.get(f"{base}/_sandbox/state").json()
    assert state["clock"]["now"] == "2026-11-20T12:01:30+00:00"
    assert state["counts"]["x"]["visible"] == 40
    assert state["stats"]["x"]["statuses"] == {"502": 1}
    assert state["pending_faults"] == []


def test_unknown_paths(sandbox: Sandbox) -> None:
    assert requests.get(f"{sandbox.url}/nowhere", timeout=5).status_code == 404
    x = requests.get(f"{sandbox.url}/2/spaces/search", headers=BEARER, timeout=5)
    assert x.status_code == 404
    graph = requests.get(
        f"{sandbox.url}/v26.0/100000000000001/insights",
        params={"access_token": "sandbox-page-token"},
        timeout=5,
    )
    assert graph.json()["error"]["code"] == 100


def test_handles_fifty_requests_a_second_easily(sandbox: Sandbox) -> None:
    session = requests.Session()
    session.trust_env = False
    url = f"{sandbox.url}{SEARCH}"

    def call(n: int) -> int:
        params = {"query": "traffic OR a61", "max_results": "100", "tweet.fields": "created_at"}
        return session.get(url, params=params, headers=BEARER, timeout=5).status_code

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(call, range(200)))
    elapsed = time.monotonic() - started
    assert statuses == [200] * 200
    assert elapsed < 4.0, f"200 searches took {elapsed:.2f}s"


def test_serve_runs_until_interrupted(scenario_file: Path) -> None:
    code = (
        f"from sandbox.server import serve; serve('127.0.0.1', 0, {str(scenario_file)!r}, 0.0, '2026-11-20T09:00:00Z')"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert url, line
        state = requests.get(f"{url.group(0)}/_sandbox/state", timeout=5).json()
        assert state["clock"]["now"] == "2026-11-20T09:00:00+00:00"
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0


@pytest.mark.skipif(not BUNDLED.exists(), reason="bundled scenario not present")
def test_bundled_scenario_serves() -> None:
    with Sandbox(BUNDLED, start="2026-11-20T18:00:00Z") as sb:
        response = requests.get(
            f"{sb.url}{SEARCH}",
            headers=BEARER,
            timeout=5,
            params={"query": "fire", "max_results": "100"},
        )
        assert response.status_code == 200
        assert response.json()["meta"]["result_count"] > 0
