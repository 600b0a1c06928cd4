"""The /_sandbox/ control endpoints: the Python API's controls, over HTTP.

A demo or a test in another process steers the sandbox the same way an in-process test does:
set or advance the clock, inject faults, add posts, read the state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.scenario import ScenarioError
from sandbox.wire import Request, Response, parse_time

if TYPE_CHECKING:
    from sandbox.server import Sandbox


def _error(status: int, message: str) -> Response:
    """A plain JSON error for control calls."""
    return Response.json({"error": message}, status=status)


def handle_control(sandbox: Sandbox, request: Request) -> Response:
    """Dispatch one /_sandbox/... request."""
    name = request.path[len("/_sandbox/") :].strip("/")
    if request.method == "GET" and name == "state":
        return Response.json(sandbox.state())
    if request.method == "GET" and name == "published":
        return Response.json(sandbox.published)
    if request.method != "POST":
        return _error(404, f"no control {request.method} /_sandbox/{name}")
    try:
        body: Any = request.json()
    except ValueError:
        return _error(400, "the body must be JSON")
    try:
        if name == "clock":
            return _clock(sandbox, body)
        if name == "faults":
            if not isinstance(body, dict):
                return _error(400, 'expected {"platform", "kind", "count", ...}')
            options = {k: v for k, v in body.items() if k not in ("platform", "kind", "count")}
            fault = sandbox.inject(body.get("platform", ""), body.get("kind", ""), int(body.get("count", 1)), **options)
            return Response.json({"injected": fault.to_dict()})
        if name == "posts":
            if not isinstance(body, list):
                return _error(400, "expected a JSON list of posts")
            return Response.json({"added": sandbox.add_posts(body)})
    except (ScenarioError, ValueError, TypeError) as exc:
        return _error(400, str(exc))
    return _error(404, f"no control POST /_sandbox/{name}")


def _clock(sandbox: Sandbox, body: Any) -> Response:
    """{"now": iso} or {"advance": seconds} (optionally "speed")."""
    if not isinstance(body, dict):
        return _error(400, 'expected {"now": iso} or {"advance": seconds}')
    if "now" in body:
        sandbox.clock.set(parse_time(str(body["now"])))
    if "advance" in body:
        sandbox.clock.advance(float(body["advance"]))
    if "speed" in body:
        sandbox.clock.set_speed(float(body["speed"]))
    return Response.json({"now": sandbox.clock.now().isoformat()})
