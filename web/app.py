"""The app factory: `create_app(settings)` gives the web desk as an ASGI app (`commsdesk serve` runs it).

No OpenAPI or /docs pages: they load their scripts from a CDN, and the desk must work with no internet.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from urllib.parse import quote

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from commsdesk.store import now_utc
from config.settings import Settings
from web.auth import Passwords, default_passwords
from web.desk import Desk, StorePool
from web.guards import CsrfRefused, Forbidden, SignInNeeded
from web.headers import SecurityHeaders
from web.pages import STATIC, make_templates, render
from web.routes import ROUTERS

# Threads serving one process's requests. A page is mostly Python holding the GIL, so anyio's default of 40
# threads had 50 concurrent requests share one core in 5 ms slices: every page finished late, and the hand-offs
# doubled each request's CPU (`python -m bench web`, no pause: p95 4.8 s with 40 threads, about 1 s with 1 to 4).
# Two still overlap one request's SQLite reads, which release the GIL, with another's rendering, and keep a slow
# request (a PDF, a first topics computation) from holding up every other. More cores: `serve --workers`.
REQUEST_THREADS = 2
LOG_LEVEL_VARIABLE = "COMMSDESK_LOG_LEVEL"  # how `serve` tells its worker processes the log level


def create_app(
    settings: Settings,
    *,
    clock: Callable[[], datetime] = now_utc,
    passwords: Passwords | None = None,
    threads: int = REQUEST_THREADS,
) -> FastAPI:
    """The desk on `settings`' store. `clock` is the stores' clock (sessions, lock-outs); tests pass a
    fake one, and cheaper `passwords` hashing. `threads` serve the requests (see `REQUEST_THREADS`)."""
    desk = Desk(
        settings=settings,
        stores=StorePool(settings.store.path, clock=clock),
        passwords=passwords or default_passwords(),
        templates=make_templates(),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        desk.stores.close()

    app = FastAPI(title="commsdesk", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.desk = desk
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(SignInNeeded, _sign_in_needed)
    app.add_exception_handler(Forbidden, _forbidden)
    app.add_exception_handler(CsrfRefused, _csrf_refused)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _bad_request)
    return app


def from_environment() -> FastAPI:
    """The desk as each of `commsdesk serve`'s worker processes builds it: the settings from
    $COMMSDESK_CONFIG (the command has already checked them and set it), logging at $COMMSDESK_LOG_LEVEL."""
    from commsdesk.logs import setup_logging
    from config.settings import load

    settings = load()
    setup_logging(os.environ.get(LOG_LEVEL_VARIABLE, "INFO"), settings.secrets.values())
    return create_app(settings)


def _sign_in_needed(request: Request, _: Exception) -> Response:
    """To the sign-in page; a page asked for comes back after it (a form post does not: it would need
    its token again)."""
    if request.method != "GET":
        return RedirectResponse("/signin", status_code=303)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/signin?next={quote(target, safe='')}", status_code=303)


def _forbidden(request: Request, error: Exception) -> Response:
    needs = error.needs if isinstance(error, Forbidden) else ()
    return render(
        request,
        "error.html",
        title="Not open to you",
        status_code=403,
        message=f"This page is for {_either(needs)} users. Ask an admin if your work needs it.",
    )


def _csrf_refused(request: Request, _: Exception) -> Response:
    return render(
        request,
        "error.html",
        title="Form not accepted",
        status_code=403,
        message="That form did not come from this page of the desk, or it was open across a sign-in. "
        "Go back, reload the page and try again.",
    )


def _http_error(request: Request, error: Exception) -> Response:
    status = error.status_code if isinstance(error, HTTPException) else 500
    titles = {404: "Page not found", 405: "Not available this way"}
    response = render(
        request,
        "error.html",
        title=titles.get(status, "Something went wrong"),
        status_code=status,
        message="Check the address, or start again from the home page.",
    )
    if isinstance(error, HTTPException) and error.headers:
        response.headers.update(error.headers)
    return response


def _bad_request(request: Request, _: Exception) -> Response:
    return render(
        request, "error.html", title="Request not understood", status_code=400, message="Go back and try again."
    )


def _either(roles: tuple[str, ...]) -> str:
    """("duty", "reviewer", "senior") → "duty, reviewer or senior"."""
    return f"{', '.join(roles[:-1])} or {roles[-1]}" if len(roles) > 1 else "".join(roles)
