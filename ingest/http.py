"""The one I/O seam for the requests-based clients (tweepy and facebook-business).

Both libraries build URLs on a fixed host and pass no timeout. `RoutingAdapter` is mounted on
their `requests.Session`: it sends each call to the sandbox when one is configured (keeping
path and query) and always applies a timeout. Retries are ours (ingest.base), not urllib3's.
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter


class RoutingAdapter(HTTPAdapter):
    """Send requests for `prefix` to `target` instead, with a default timeout."""

    def __init__(self, prefix: str, target: str | None, *, timeout: float) -> None:
        super().__init__(max_retries=0, pool_connections=4, pool_maxsize=8)
        self.prefix = prefix.rstrip("/")
        self.target = target.rstrip("/") if target else None
        self.timeout = timeout

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if self.target and request.url and request.url.startswith(self.prefix):
            request.url = self.target + request.url[len(self.prefix) :]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


def route_session(session: requests.Session, prefix: str, target: str | None, *, timeout: float) -> None:
    """Mount the routing adapter on `session` and stop it reading proxies from the environment."""
    session.trust_env = False
    session.mount(prefix, RoutingAdapter(prefix, target, timeout=timeout))
