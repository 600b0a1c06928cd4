"""The credentials the sandbox accepts, one set per platform, with fixed defaults.

Clients are configured exactly as for production (tokens, keys, secrets), so the sandbox checks
them: a collector that sends the wrong credential gets the platform's real auth error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any


@dataclass(frozen=True)
class Credentials:
    """Accepted credentials; secrets are hidden from repr so they never reach a log."""

    x_bearer_token: str = field(default="sandbox-bearer-token", repr=False)
    x_consumer_key: str = "sandbox-consumer-key"
    x_consumer_secret: str = field(default="sandbox-consumer-secret", repr=False)
    x_access_token: str = field(default="sandbox-access-token", repr=False)
    x_access_token_secret: str = field(default="sandbox-access-secret", repr=False)
    x_user_id: str | None = None  # the user the access token belongs to; default first account
    facebook_page_token: str = field(default="sandbox-page-token", repr=False)
    youtube_api_key: str = field(default="sandbox-api-key", repr=False)
    youtube_oauth_token: str = field(default="sandbox-oauth-token", repr=False)

    @classmethod
    def of(cls, value: Credentials | Mapping[str, Any] | None) -> Credentials:
        """Accept a Credentials, a mapping of overrides, or None for the defaults."""
        if value is None:
            return cls()
        if isinstance(value, Credentials):
            return value
        known = {f.name for f in fields(cls)}
        unknown = set(value) - known
        if unknown:
            raise ValueError(f"unknown credential(s) {sorted(unknown)}; known: {sorted(known)}")
        return replace(cls(), **dict(value))
