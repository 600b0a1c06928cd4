"""Graph API error bodies and throttling signals.

Errors use Graph's `{"error": {message, type, code, error_subcode, fbtrace_id}}` body, which
facebook-business turns into FacebookRequestError (api_error_code() and friends). The real API
is not consistent about the HTTP status of throttling errors, so the sandbox picks one and
collectors must key on `code`: 4 (app), 17 (user) and 32 (page) come with HTTP 403, 613 (custom
rate limit) with HTTP 400.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from sandbox.limits import Window
from sandbox.wire import Refused, Response

THROTTLE = {
    4: (403, "(#4) Application request limit reached"),
    17: (403, "(#17) User request limit reached"),
    32: (403, "(#32) Page request limit reached"),
    613: (400, "(#613) Calls to this api have exceeded the rate limit."),
}


def graph_error(
    status: int,
    message: str,
    code: int,
    kind: str = "OAuthException",
    subcode: int | None = None,
    transient: bool | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A Graph error body with a fresh fbtrace_id."""
    error: dict[str, Any] = {"message": message, "type": kind, "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    if transient is not None:
        error["is_transient"] = transient
    error["fbtrace_id"] = "A" + secrets.token_urlsafe(16)[:22]
    return Response.json({"error": error}, status=status, headers=headers)


def invalid_param(message: str) -> Refused:
    """(#100) invalid parameter."""
    return Refused(graph_error(400, f"(#100) {message}", 100))


def throttled(code: int, headers: dict[str, str] | None = None) -> Response:
    """A throttling error for code 4, 17, 32 or 613."""
    status, message = THROTTLE[code]
    return graph_error(status, message, code, transient=code == 4 or None, headers=headers)


def usage_headers(window: Window) -> dict[str, str]:
    """x-app-usage / x-page-usage: percentages of the call budget used."""
    percent = min(window.used * 100 // max(window.limit, 1), 100)
    usage = json.dumps({"call_count": percent, "total_cputime": percent // 4, "total_time": percent // 3})
    return {"x-app-usage": usage, "x-page-usage": usage}
