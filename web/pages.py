"""Rendering pages: the Jinja2 environment and the context every page's layout needs.

Autoescape is on for every template whatever its name, and undefined names are errors: anything that
came from the public or a user is rendered as text. No template uses `|safe`; links from outside go
through `http_url` so only http(s) addresses ever become an href.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from publish.drafts import show_london
from web.access import pages_for
from web.guards import desk

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def http_url(value: str) -> str:
    """`value` as an http(s) address, or '' when it is anything else (`javascript:`, `data:`, a path):
    a link someone else wrote becomes a link only when following it cannot run script here."""
    parts = urlsplit(value.strip())
    return parts.geturl() if parts.scheme in ("http", "https") and parts.netloc else ""


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates ship with the code: no stat of each one on every render
    )
    env.filters["london"] = show_london
    env.filters["http_url"] = http_url
    return Jinja2Templates(env=env)


def render(request: Request, template: str, *, title: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """`template` with the layout's context: the desk's name, the user and their navigation, the CSRF
    token for forms. `title` names the page, in the browser's title and the page's heading."""
    session = getattr(request.state, "session", None)
    user = session.user if session else None
    shared = {
        "title": title,
        "desk_name": desk(request).name,
        "user": user,
        "csrf_token": session.csrf_token if session else "",
        "nav": pages_for(user) if user else (),
        "current_path": request.url.path,
    }
    return desk(request).templates.TemplateResponse(request, template, {**shared, **context}, status_code=status_code)
