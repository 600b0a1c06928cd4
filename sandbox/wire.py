"""Plain request/response values and the small encodings the three APIs share.

The HTTP handler turns each request into a `Request` and writes back a `Response`; the platform
modules never touch sockets, which keeps them testable and lets faults rewrite any answer.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs


@dataclass(slots=True)
class Request:
    """One HTTP request, already split into the parts the APIs look at."""

    method: str
    path: str
    query: dict[str, str]
    headers: Mapping[str, str]
    body: bytes = b""
    base_url: str = ""  # scheme://host:port as the client addressed us, for paging links
    raw_query: str = ""  # the query string as sent (OAuth signatures cover every pair)

    @property
    def form(self) -> dict[str, str]:
        """Form-encoded body fields (Graph API writes send them this way)."""
        kind = self.header("content-type").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded" or not self.body:
            return {}
        return first_values(parse_qs(self.body.decode("utf-8"), keep_blank_values=True))

    def header(self, name: str) -> str:
        """Header value by case-insensitive name, '' when absent."""
        wanted = name.lower()
        for key, value in self.headers.items():
            if key.lower() == wanted:
                return value
        return ""

    def json(self) -> Any:
        """The body parsed as JSON; raises ValueError when it is not JSON."""
        return json.loads(self.body.decode("utf-8") or "null")

    def param(self, name: str, default: str = "") -> str:
        """A query parameter, falling back to a form field (Graph accepts either)."""
        if name in self.query:
            return self.query[name]
        return self.form.get(name, default)


@dataclass(slots=True)
class Response:
    """What to send back; `drop` closes the socket without sending anything."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False
    payload: Any = None  # the JSON value behind `body`, for faults that break one item

    @classmethod
    def json(
        cls,
        payload: Any,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str = "application/json; charset=utf-8",
    ) -> Response:
        """A JSON answer, compact as the real APIs send them."""
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        all_headers = {"content-type": content_type, **(headers or {})}
        return cls(status=status, body=body, headers=all_headers, payload=payload)

    def with_payload(self, payload: Any) -> Response:
        """The same response with a new JSON body (headers and status kept)."""
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        return Response(self.status, body, dict(self.headers), self.drop, payload)


class Refused(Exception):
    """Raised inside a handler to answer with an error response instead of data."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


def first_values(parsed: Mapping[str, list[str]]) -> dict[str, str]:
    """Collapse parse_qs output to one value per name (the APIs use no repeated names)."""
    return {key: values[-1] for key, values in parsed.items() if values}


def parse_time(text: str) -> datetime:
    """Parse ISO 8601 with a zone, incl. 'Z', '+0000' (Graph) and a space for the 'T'."""
    cleaned = text.strip().replace(" ", "T", 1)
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    elif len(cleaned) > 5 and cleaned[-5] in "+-" and cleaned[-3] != ":":
        cleaned = f"{cleaned[:-2]}:{cleaned[-2:]}"
    moment = datetime.fromisoformat(cleaned)
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without a time zone: {text!r}")
    return moment.astimezone(UTC)


def x_time(moment: datetime) -> str:
    """X API v2 form: milliseconds and 'Z' (2026-11-20T08:15:03.000Z)."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def graph_time(moment: datetime) -> str:
    """Graph API form: seconds and '+0000' (2026-11-20T08:15:03+0000)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def youtube_time(moment: datetime) -> str:
    """YouTube Data API form: seconds and 'Z' (2026-11-20T08:15:03Z)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def encode_token(anchor: Mapping[str, Any], alphabet: str = "base64") -> str:
    """An opaque paging token holding an anchor (never an offset, so new posts can't shift it)."""
    raw = json.dumps(anchor, separators=(",", ":"), sort_keys=True).encode("utf-8")
    if alphabet == "base32hex":  # X documents its tokens as base32hex
        return base64.b32hexencode(raw).decode("ascii").rstrip("=").lower()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_token(token: str, alphabet: str = "base64") -> dict[str, Any]:
    """Reverse `encode_token`; raises ValueError for anything it did not make."""
    try:
        if alphabet == "base32hex":
            text = token.upper()
            raw = base64.b32hexdecode(text + "=" * (-len(text) % 8))
        else:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        value = json.loads(raw.decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"invalid page token {token!r}") from exc
    if not isinstance(value, dict):
        raise ValueError(f"invalid page token {token!r}")
    return value
