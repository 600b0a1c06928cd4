"""Security headers on every response the app makes, pages, files, redirects and errors alike.

A plain ASGI middleware (not Starlette's BaseHTTPMiddleware) so it wraps the exception handlers'
responses too and never buffers a body.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Everything comes from the app itself: no CDN, no inline script or style (a stored `<script>` that
# ever slipped past escaping still would not run), no framing (clickjacking), forms post only here.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # a desk address (with a post or alert id) never leaves the desk
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeaders:
    """Add `HEADERS` to every HTTP response, keeping a Content-Security-Policy a route set itself (the
    daily report's: its `data:` images and inline style, and still no script). Pages also get
    `Cache-Control: no-store`, so what one officer saw is not kept on a shared machine or shown again
    by the back button after sign-out."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name == "Content-Security-Policy" and name in headers:
                        continue  # a route's own, stricter-scoped policy (the report's) stands
                    headers[name] = value
                if not static:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
