"""The sandbox server: one local HTTP port speaking X API v2, Graph API and YouTube Data API v3.

`Sandbox` is the in-process handle tests and the demo use; `serve` is what `commsdesk sandbox`
calls. Requests are routed by path prefix (/2/ -> X, /vNN.N/ -> Graph, /youtube/v3/ -> YouTube,
/_sandbox/ -> controls), so one base URL serves all three clients.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from sandbox.clock import SandboxClock
from sandbox.control import handle_control
from sandbox.credentials import Credentials
from sandbox.faults import Fault, FaultBook, Stats
from sandbox.graph_api import VERSIONED, GraphApi
from sandbox.limits import Limits
from sandbox.scenario import Scenario, load_scenario
from sandbox.wire import Request, Response, first_values, parse_time
from sandbox.world import World
from sandbox.x_api import XApi
from sandbox.youtube_api import PREFIX as YOUTUBE_PREFIX
from sandbox.youtube_api import YouTubeApi

ERROR_FAULTS = frozenset({"rate_limit", "rate_limit_no_reset", "server_error", "expired_token", "quota_exceeded"})


class PlatformApi(Protocol):
    """What each platform module offers the dispatcher."""

    platform: str

    def handle(self, request: Request) -> Response:
        """Answer a request normally."""
        ...

    def fault_response(self, fault: Fault, request: Request) -> Response:
        """Answer with an error-kind fault in the platform's shape."""
        ...

    def spoil(self, response: Response, fault: Fault) -> Response:
        """Break one item of a normal page."""
        ...


class Sandbox:
    """A scenario, a clock, faults and the three APIs behind one local URL."""

    def __init__(
        self,
        scenario: str | Path | Scenario,
        speed: float = 0.0,
        start: datetime | str | None = None,
        limits: Mapping[str, Any] | None = None,
        credentials: Credentials | Mapping[str, Any] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        if isinstance(start, str):
            start = parse_time(start)
        self.clock = SandboxClock(start or self.scenario.meta.start, speed)
        self.world = World(self.scenario)
        self.limits = Limits(limits)
        self.credentials = Credentials.of(credentials)
        self.faults = FaultBook()
        self._stats = Stats()
        self.x = XApi(self.world, self.clock, self.limits, self.credentials)
        self.graph = GraphApi(self.world, self.clock, self.limits, self.credentials)
        self.youtube = YouTubeApi(self.world, self.clock, self.limits, self.credentials)
        self.host, self.port = host, port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------------

    def start(self, port: int | None = None) -> str:
        """Bind (port 0 = any free port), serve in a daemon thread, return the base URL."""
        if self._server is not None:
            return self.url
        self._server = _Server((self.host, self.port if port is None else port), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},  # stop() waits at most this long
            name="sandbox-server",
            daemon=True,
        )
        self._thread.start()
        return self.url

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT once started."""
        if self._server is None:
            raise RuntimeError("the sandbox is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        """Stop serving, close the port and any kept-alive connections."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.close_connections()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    # --- controls ------------------------------------------------------------------------

    def inject(self, platform: str, kind: str, count: int = 1, **options: Any) -> Fault:
        """Spoil the next `count` matching requests (options: path, reset_in, status, ...)."""
        path = options.pop("path", None)
        return self.faults.inject(platform, kind, count, path=path, **options)

    def add_posts(self, posts: Iterable[Mapping[str, Any]]) -> int:
        """Add scenario-shaped posts live; returns how many were added."""
        return self.world.add_dicts(posts)

    @property
    def published(self) -> list[dict[str, Any]]:
        """Posts created through the POST endpoints, in order (scenario-line shape)."""
        return list(self.world.published)

    @property
    def stats(self) -> dict[str, dict[str, Any]]:
        """Per platform: requests, faults delivered by kind, response statuses."""
        return self._stats.snapshot()

    def state(self) -> dict[str, Any]:
        """Everything /_sandbox/state reports."""
        now = self.clock.now()
        quota_limit = self.limits.windows["youtube.quota"][0]
        return {
            "scenario": self.scenario.meta.name,
            "clock": {"now": now.isoformat(), "speed": self.clock.speed},
            "counts": self.world.counts(now),
            "published": len(self.world.published),
            "pending_faults": self.faults.pending(),
            "stats": self.stats,
            "youtube_quota": {"used": self.limits.quota_used("project", now), "limit": quota_limit},
        }

    # --- dispatch ------------------------------------------------------------------------

    def api_for(self, path: str) -> PlatformApi | None:
        """The platform that serves a path, by prefix."""
        if path.startswith("/2/"):
            return self.x
        if path.startswith(YOUTUBE_PREFIX):
            return self.youtube
        if VERSIONED.match(path):
            return self.graph
        return None

    def dispatch(self, request: Request) -> Response:
        """Answer one request: controls, or an API call with any pending fault applied."""
        if request.path.startswith("/_sandbox/"):
            return handle_control(self, request)
        api = self.api_for(request.path)
        if api is None:
            return Response.json({"error": f"the sandbox does not serve {request.path}"}, 404)
        self._stats.request(api.platform)
        fault = self.faults.take(api.platform, request.path)
        if fault is not None:
            self._stats.fault(api.platform, fault.kind)
        response = self._answer(api, request, fault)
        self._stats.status(api.platform, "dropped" if response.drop else response.status)
        return response

    @staticmethod
    def _answer(api: PlatformApi, request: Request, fault: Fault | None) -> Response:
        """The normal answer, or the faulted one."""
        if fault is None:
            return api.handle(request)
        if fault.kind == "drop":
            return Response(drop=True)
        if fault.kind in ERROR_FAULTS:
            return api.fault_response(fault, request)
        if fault.kind == "slow":
            time.sleep(fault.option("delay", 1.0))
            return api.handle(request)
        response = api.handle(request)
        if fault.kind == "malformed_json":
            cut = response.body[: max(len(response.body) // 2, 1)]
            return Response(200, cut, dict(response.headers))
        if response.status == 200:
            return api.spoil(response, fault)
        return response


class _Server(ThreadingHTTPServer):
    """Threaded server that remembers open connections so `stop` can close idle keep-alives."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Remember the connection, then hand it to a thread as usual."""
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        """Forget the connection as it closes."""
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Shut every open client socket (handler threads then exit)."""
        with self._open_lock:
            sockets = list(self._open)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    """Turns HTTP into `Request`, and `Response` back into HTTP (keep-alive, HTTP/1.1)."""

    protocol_version = "HTTP/1.1"
    server_version = "commsdesk-sandbox/1"
    sys_version = ""
    timeout = 30  # idle keep-alive connections are closed after this many seconds
    server: _Server

    def setup(self) -> None:
        """No Nagle: headers and body go out as separate writes on kept-alive connections."""
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _serve(self) -> None:
        """Any method: read the body, dispatch, write the answer (or cut the connection)."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        request = Request(
            method=self.command,
            path=split.path,
            query=first_values(parse_qs(split.query, keep_blank_values=True)),
            headers={k: v for k, v in self.headers.items()},
            body=body,
            base_url=f"http://{host}",
            raw_query=split.query,
        )
        try:
            response = self.server.sandbox.dispatch(request)
        except Exception as exc:  # a sandbox bug must not look like a network fault
            response = Response.json({"error": f"sandbox error: {exc!r}"}, status=500)
        if response.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)

    do_GET = do_POST = do_PUT = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the sandbox's stats say what happened; access logs would drown test output."""


def serve(
    host: str,
    port: int,
    scenario_path: str | Path,
    speed: float = 1.0,
    start: datetime | str | None = None,
    today: bool = False,
) -> None:
    """Run the sandbox in the foreground until Ctrl-C (what `commsdesk sandbox` calls).

    With `today`, the scenario's day is moved to today and the clock starts at the current
    time of day, so collectors on the wall clock see its posts arrive as they would live.
    """
    scenario: str | Path | Scenario = scenario_path
    if today:
        now = datetime.now(UTC)
        scenario = load_scenario(scenario_path).as_today(now)
        start = start or now
    sandbox = Sandbox(scenario, speed=speed, start=start, host=host, port=port)
    try:
        url = sandbox.start()
        now = sandbox.clock.now().isoformat()
        print(
            f"sandbox: {sandbox.scenario.meta.name} at {url} (clock {now}, speed {speed})",
            flush=True,
        )
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
