"""X API v2 error bodies: RFC 7807 problems, and the `errors` array of partial successes.

tweepy raises by status code and reads `errors`/`detail` for its message; the shapes here are
the live API's, so a collector's error handling sees what it will see in production.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from sandbox.wire import Response

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://api.x.com/2/problems/"


def problem(
    status: int,
    title: str,
    detail: str,
    kind: str = "about:blank",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    """A problem+json answer."""
    body: dict[str, Any] = {"title": title, "detail": detail, "type": kind, "status": status}
    body.update(extra)
    return Response.json(body, status=status, headers=headers, content_type=PROBLEM_JSON)


def unauthorized() -> Response:
    """401 for a missing, wrong or expired credential."""
    return problem(401, "Unauthorized", "Unauthorized")


def too_many_requests(headers: dict[str, str]) -> Response:
    """429 over the rate limit."""
    return problem(429, "Too Many Requests", "Too Many Requests", headers=headers)


def usage_capped(headers: dict[str, str] | None = None) -> Response:
    """429 when the project's monthly post cap is used up (not a rate limit: waiting won't help)."""
    body = {
        "title": "UsageCapExceeded",
        "detail": "Usage cap exceeded: Monthly product cap",
        "type": TYPE_BASE + "usage-capped",
        "period": "Monthly",
        "scope": "Product",
    }
    return Response.json(body, status=429, headers=headers, content_type=PROBLEM_JSON)


def server_error(status: int) -> Response:
    """A 5xx problem."""
    phrase = HTTPStatus(status).phrase
    return problem(status, phrase, phrase)


def forbidden(detail: str) -> Response:
    """403 with X's 'about:blank' Forbidden shape (duplicate content, reply not allowed ...)."""
    return problem(403, "Forbidden", detail)


def unsupported_auth() -> Response:
    """403 for app-only Bearer on an endpoint that needs user context."""
    return problem(
        403,
        "Unsupported Authentication",
        "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  "
        "Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
        TYPE_BASE + "unsupported-authentication",
    )


def invalid_request(
    message: str,
    parameter: str | None = None,
    values: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """400 Invalid Request with X's `errors` list naming the parameter."""
    error: dict[str, Any] = {"message": message}
    if parameter is not None:
        error = {"parameters": {parameter: values or []}, "message": message}
    body = {
        "errors": [error],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": TYPE_BASE + "invalid-request",
    }
    return Response.json(body, status=400, headers=headers, content_type=PROBLEM_JSON)


def not_found_route() -> Response:
    """404 for a path the sandbox does not serve."""
    return problem(404, "Not Found Error", "Sorry, that page does not exist")


def not_found_item(resource_type: str, parameter: str, value: str) -> dict[str, Any]:
    """One `errors` entry for a missing tweet or user (sent with status 200)."""
    label = {"tweet": "tweet", "user": "user"}.get(resource_type, resource_type)
    return {
        "value": value,
        "detail": f"Could not find {label} with {parameter}: [{value}].",
        "title": "Not Found Error",
        "resource_type": resource_type,
        "parameter": parameter,
        "resource_id": value,
        "type": TYPE_BASE + "resource-not-found",
    }
