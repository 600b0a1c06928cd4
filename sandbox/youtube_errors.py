"""YouTube Data API v3 error bodies, as googleapiclient's HttpError reads them.

HttpError.reason is the top-level `message`; HttpError.error_details is the `errors` list (the
bodies carry no `details` key, which would take its place), so a collector reads the reason as
`err.error_details[0]["reason"]` (quotaExceeded, rateLimitExceeded, badRequest ...).
"""

from __future__ import annotations

from typing import Any

from sandbox.wire import Refused, Response

QUOTA_MESSAGE = (
    "The request cannot be completed because you have exceeded your "
    '<a href="/youtube/v3/getting-started#quota">quota</a>.'
)


def google_error(
    status: int,
    message: str,
    reason: str,
    domain: str = "global",
    state: str | None = None,
    **where: str,
) -> Response:
    """The {"error": {code, message, errors: [...], status}} body Google APIs send."""
    item: dict[str, Any] = {"message": message, "domain": domain, "reason": reason, **where}
    error: dict[str, Any] = {"code": status, "message": message, "errors": [item]}
    if state:
        error["status"] = state
    return Response.json({"error": error}, status=status)


def bad_param(message: str, reason: str, parameter: str) -> Refused:
    """400 for a bad request parameter."""
    return Refused(
        google_error(
            400,
            message,
            reason,
            "youtube.parameter",
            "INVALID_ARGUMENT",
            location=parameter,
            locationType="parameter",
        )
    )


def auth_error() -> Response:
    """401 for an invalid or expired OAuth access token."""
    return google_error(
        401,
        "Request had invalid authentication credentials. Expected OAuth 2 access token, "
        "login cookie or other valid authentication credential. See "
        "https://developers.google.com/identity/sign-in/web/devconsole-project.",
        "authError",
        state="UNAUTHENTICATED",
        location="Authorization",
        locationType="header",
    )


def quota_exceeded() -> Response:
    """403 quotaExceeded: no retry helps until the quota day rolls over."""
    return google_error(403, QUOTA_MESSAGE, "quotaExceeded", domain="youtube.quota")
