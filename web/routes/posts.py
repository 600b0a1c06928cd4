"""The force's own posts, newest first: read-only for now; composing and reviewing come next."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from web.access import POSTS
from web.guards import DeskStore, require
from web.pages import render
from web.records import WebSession

router = APIRouter()


@router.get("/posts")
def post_queue(
    request: Request, store: DeskStore, _: Annotated[WebSession, Depends(require(*POSTS.roles))]
) -> HTMLResponse:
    return render(request, "posts.html", title=POSTS.title, posts=store.posts())
