"""The desk's routes, one module per area; `ROUTERS` is what the app includes."""

from __future__ import annotations

from web.routes import alerts, home, posts, signin

ROUTERS = (signin.router, home.router, alerts.router, posts.router)
