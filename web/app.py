"""The app factory: `create_app(settings)` gives the web desk as an ASGI app (`commsdesk serve` runs it).

No OpenAPI or /docs pages: they load their scripts from a CDN, and the desk must work with no internet.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from commsdesk.store import now_utc
from config.settings import Settings
from web.auth import Passwords, UnknownNames, default_passwords
from web.desk import Desk, StorePool
from web.guards import CsrfRefused, Forbidden, SignInNeeded
from web.headers import SecurityHeaders
from web.pages import STATIC, make_templates, render
from web.routes import ROUTERS


def create_app(
    settings: Settings, *, clock: Callable[[], datetime] = now_utc, passwords: Passwords | None = None
) -> FastAPI:
    """The desk on `settings`' store. `clock` is the stores' clock (sessions, lock-outs); tests pass a
    fake one, and cheaper `passwords` hashing."""
    desk = Desk(
        settings=settings,
        stores=StorePool(settings.store.path, clock=clock),
        passwords=passwords or default_passwords(),
        unknown_names=UnknownNames(),
        templates=make_templates(),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
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
