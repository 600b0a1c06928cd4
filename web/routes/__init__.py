"""The desk's routes, one module per area; `ROUTERS` is what the app includes."""

from __future__ import annotations

from web.routes import (
    account,
    admin,
    alerts,
    audit,
    compose,
    health,
    home,
    incident,
    mentions,
    posts,
    replies,
    reports,
    review,
    signin,
    topics,
)

# compose before review: /posts/new must be matched before /posts/{ident}
ROUTERS = (
    signin.router,
    home.router,
    alerts.router,
    posts.router,
    admin.router,
    audit.router,
    incident.router,
    compose.router,
    review.router,
    topics.router,
    mentions.router,
    replies.router,
    reports.router,
    health.router,
    account.router,
)
