"""Graph API endpoints for one Page: feed, posts, comments, object lookup and writes.

Paging uses cursors that hold an anchor (created_time and id of the edge item), so the
facebook-business Cursor, which follows `paging.cursors.after` while `paging.next` exists,
walks the same pages even while new posts arrive. Every response carries x-app-usage and
x-page-usage with percentages of the "facebook" call budget.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from sandbox.clock import SandboxClock
from sandbox.credentials import Credentials
from sandbox.faults import Fault, spoil_item
from sandbox.graph_errors import THROTTLE, graph_error, invalid_param, throttled, usage_headers
from sandbox.graph_objects import GraphRenderer
from sandbox.limits import Limits
from sandbox.scenario import Post
from sandbox.wire import Refused, Request, Response, decode_token, encode_token, parse_time
from sandbox.world import World

VERSIONED = re.compile(r"^/v\d+\.\d+(?:/|$)")
_DIGITS = re.compile(r"\d+")


def _parse_when(raw: str, name: str) -> datetime:
    """Graph time parameters: unix seconds or an ISO-ish string."""
    try:
        if raw.lstrip("-").isdigit():
            return datetime.fromtimestamp(int(raw), UTC)
        return parse_time(raw)
    except (ValueError, OverflowError):
        raise invalid_param(f"The parameter {name} is not a valid time") from None


def _key(post: Post) -> list[Any]:
    """Sort/cursor key: time, then the numbers in the id."""
    return [post.time.timestamp(), [int(n) for n in _DIGITS.findall(post.id)]]


class GraphApi:
    """Routes /vNN.N/... requests for the scenario's Page."""

    platform = "facebook"

    def __init__(self, world: World, clock: SandboxClock, limits: Limits, creds: Credentials) -> None:
        self.world = world
        self.clock = clock
        self.limits = limits
        self.creds = creds
        self.page = world.meta.facebook_page

    # --- dispatch ------------------------------------------------------------------------

    def _token(self, request: Request) -> str:
        """access_token param (query or form), else an Authorization: Bearer header."""
        token = request.param("access_token")
        header = request.header("authorization")
        if not token and header[:7].lower() == "bearer ":
            token = header[7:].strip()
        return token

    def handle(self, request: Request) -> Response:
        """Authenticate, meter, then dispatch on node and edge."""
        token = self._token(request)
        if not token:
            return graph_error(400, "An access token is required to request this resource.", 104)
        if not secrets.compare_digest(token.encode(), self.creds.facebook_page_token.encode()):
            return self.invalid_token()
        window = self.limits.hit("facebook", token)
        headers = usage_headers(window)
        if window.exceeded:
            return throttled(32, headers)
        parts = [p for p in VERSIONED.sub("/", request.path).split("/") if p]
        try:
            response = self._dispatch(request, parts, self.clock.now())
        except Refused as refused:
            response = refused.response
        response.headers.update(headers)
        return response

    def _dispatch(self, request: Request, parts: list[str], now: datetime) -> Response:
        """Node or node/edge, by method."""
        if not parts or len(parts) > 2:
            return graph_error(400, f"Unknown path components: /{'/'.join(parts[2:])}", 2500)
        node = self.page.id if parts[0] == "me" else parts[0]
        edge = parts[1] if len(parts) == 2 else None
        is_page = node == self.page.id
        post = None if is_page else self.world.get("facebook", node, now)
        if not is_page and post is None:
            verb = "get" if request.method == "GET" else "post"
            return graph_error(
                400,
                f"Unsupported {verb} request. Object with ID '{node}' does not exist, cannot be "
                "loaded due to missing permissions, or does not support this operation. Please "
                "read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
                100,
                kind="GraphMethodException",
                subcode=33,
            )
        routes: dict[tuple[str, str | None, bool], Callable[[], Response]] = {
            ("GET", None, True): lambda: self.page_node(request),
            ("GET", None, False): lambda: self.node(request, post),
            ("GET", "feed", True): lambda: self.feed(request, now, ("post", "visitor_post")),
            ("GET", "posts", True): lambda: self.feed(request, now, ("post",)),
            ("GET", "published_posts", True): lambda: self.feed(request, now, ("post",)),
            ("GET", "visitor_posts", True): lambda: self.feed(request, now, ("visitor_post",)),
            ("GET", "comments", False): lambda: self.comments(request, post, now),
            ("POST", "feed", True): lambda: self.create_post(request, now),
            ("POST", "comments", False): lambda: self.create_comment(request, post, now),
        }
        handler = routes.get((request.method, edge, is_page))
        if handler is None:
            node_type = "Page" if is_page else ("Comment" if post and post.kind == "comment" else "PagePost")
            if edge is None:
                return graph_error(
                    400,
                    f"Unsupported {request.method.lower()} request.",
                    100,
                    kind="GraphMethodException",
                )
            return graph_error(
                400,
                f"(#100) Tried accessing nonexisting field ({edge}) on node type ({node_type})",
                100,
            )
        return handler()

    # --- faults --------------------------------------------------------------------------

    def invalid_token(self) -> Response:
        """Code 190: a token that is not the Page token."""
        message = "Invalid OAuth access token - Cannot parse access token"
        return graph_error(
            400,
            message,
            190,
            headers={"www-authenticate": f'OAuth "Facebook Platform" "invalid_token" "{message}"'},
        )

    def fault_response(self, fault: Fault, request: Request) -> Response:
        """The answer for an error-kind fault, in Graph's shapes."""
        if fault.kind in ("rate_limit", "rate_limit_no_reset"):
            code = fault.option("code", 32)
            if code not in THROTTLE:
                code = 32
            return throttled(
                code,
                {
                    "x-app-usage": json.dumps({"call_count": 100, "total_cputime": 40, "total_time": 60}),
                    "x-page-usage": json.dumps({"call_count": 100, "total_cputime": 40, "total_time": 60}),
                },
            )
        if fault.kind == "quota_exceeded":
            return throttled(4)
        if fault.kind == "expired_token":
            stamp = self.clock.now().strftime("%A, %d-%b-%y %H:%M:%S UTC")
            message = f"Error validating access token: Session has expired on {stamp}. The current time is {stamp}."
            return graph_error(400, message, 190, subcode=463)
        status = fault.option("status", 503)
        if status == 500:
            return graph_error(500, "An unknown error has occurred.", 1, transient=True)
        return graph_error(
            status,
            "An unexpected error has occurred. Please retry your request later.",
            2,
            transient=True,
        )

    def spoil(self, response: Response, fault: Fault) -> Response:
        """A page with one broken object (bad created_time, or no id)."""
        payload = spoil_item(response.payload, "data", (("created_time",),), fault)
        return response.with_payload(payload)

    # --- reads ---------------------------------------------------------------------------

    def _limit(self, request: Request, default: int = 25) -> int:
        """The `limit` parameter: 1..100."""
        raw = request.param("limit", str(default))
        if not raw.isdigit():
            raise invalid_param("The parameter limit must be a positive integer")
        if int(raw) > 100:
            raise invalid_param("The limit parameter should not exceed 100")
        return max(int(raw), 1)

    def _listing(
        self,
        request: Request,
        items: list[Post],
        newest_first: bool,
        render: Callable[[Post], dict[str, Any]],
        extra: dict[str, Any] | None = None,
    ) -> Response:
        """Cursor paging over `items`: after/before anchors, since/until, next/previous URLs."""
        limit = self._limit(request)
        since = request.param("since")
        until = request.param("until")
        low = _parse_when(since, "since") if since else None
        high = _parse_when(until, "until") if until else None
        ordered = sorted(
            (p for p in items if (low is None or p.time >= low) and (high is None or p.time <= high)),
            key=_key,
            reverse=newest_first,
        )

        def later(key: list[Any], anchor: list[Any]) -> bool:
            """True when `key` comes after `anchor` in output order."""
            return key < anchor if newest_first else key > anchor

        after, before = request.param("after"), request.param("before")
        try:
            if after:
                anchor = decode_token(after)["k"]
                page = [p for p in ordered if later(_key(p), anchor)][:limit]
            elif before:
                anchor = decode_token(before)["k"]
                page = [p for p in ordered if later(anchor, _key(p))][-limit:]
            else:
                page = ordered[:limit]
        except (ValueError, KeyError, TypeError):
            raise invalid_param("The after/before cursor is not valid") from None
        body: dict[str, Any] = {"data": [render(p) for p in page]}
        if page:
            first, last = encode_token({"k": _key(page[0])}), encode_token({"k": _key(page[-1])})
            paging: dict[str, Any] = {"cursors": {"before": first, "after": last}}
            if later(_key(ordered[-1]), _key(page[-1])):
                paging["next"] = self._link(request, "after", last)
            if later(_key(page[0]), _key(ordered[0])):
                paging["previous"] = self._link(request, "before", first)
            body["paging"] = paging
        body.update(extra or {})
        return Response.json(body)

    def _link(self, request: Request, name: str, cursor: str) -> str:
        """The full next/previous URL, with the caller's parameters and a new cursor."""
        params = {k: v for k, v in request.query.items() if k not in ("after", "before")}
        params[name] = cursor
        return f"{request.base_url}{request.path}?{urlencode(params)}"

    def feed(self, request: Request, now: datetime, kinds: tuple[str, ...]) -> Response:
        """/feed, /posts, /visitor_posts: newest first by created_time."""
        renderer = GraphRenderer(self.world, now)
        fields = request.param("fields") or None
        items = [p for p in self.world.visible("facebook", now) if p.kind in kinds]
        return self._listing(request, items, True, lambda p: renderer.render(p, fields))

    def comments(self, request: Request, post: Post | None, now: datetime) -> Response:
        """/{post or comment}/comments: filter toplevel|stream, order, since, cursors."""
        assert post is not None
        renderer = GraphRenderer(self.world, now)
        fields = request.param("fields") or None
        flt = request.param("filter", "toplevel")
        order = request.param("order", "chronological")
        if flt not in ("toplevel", "stream"):
            raise invalid_param("filter must be one of {toplevel, stream}")
        if order not in ("chronological", "reverse_chronological", "ranked"):
            raise invalid_param("order must be one of {chronological, reverse_chronological, ranked}")
        if post.kind == "comment":
            items = self.world.children("facebook", post.id, now)
        elif flt == "stream":
            items = renderer.stream(post)
        else:
            items = renderer.top_level_comments(post)
        if flt == "stream" and not fields:
            fields = "created_time,from,message,id,parent"
        extra = None
        if request.param("summary", "false").lower() not in ("false", "0"):
            extra = {"summary": {"order": order, "total_count": len(items), "can_comment": True}}
        return self._listing(
            request,
            items,
            order == "reverse_chronological",
            lambda p: renderer.render(p, fields),
            extra,
        )

    def node(self, request: Request, post: Post | None) -> Response:
        """GET /{post or comment id}."""
        assert post is not None
        renderer = GraphRenderer(self.world, self.clock.now())
        return Response.json(renderer.render(post, request.param("fields") or None))

    def page_node(self, request: Request) -> Response:
        """GET /{page_id} or /me."""
        wanted = [f.strip() for f in request.param("fields", "name,id").split(",") if f.strip()]
        values = {
            "id": self.page.id,
            "name": self.page.name,
            "link": f"https://www.facebook.com/{self.page.id}",
            "category": "Police Station",
        }
        return Response.json({k: values[k] for k in wanted if k in values} | {"id": self.page.id})

    # --- writes --------------------------------------------------------------------------

    def create_post(self, request: Request, now: datetime) -> Response:
        """POST /{page_id}/feed: message and/or link; published=false keeps it off the feed."""
        message, link = request.param("message"), request.param("link")
        if not message.strip() and not link.strip():
            raise invalid_param("Missing message or attachment")
        text = f"{message}\n{link}".strip() if link else message
        duplicate = any(p.kind == "post" and p.text == text for p in self.world.visible("facebook", now))
        if duplicate:
            raise Refused(graph_error(400, "Duplicate status message", 506, subcode=1455006))
        published = request.param("published", "true").lower() not in ("false", "0")
        when = now
        scheduled = request.param("scheduled_publish_time")
        if scheduled:
            if published:
                raise invalid_param("scheduled_publish_time needs published=false")
            when = _parse_when(scheduled, "scheduled_publish_time")
        post = Post(
            platform="facebook",
            id=self.world.new_facebook_post_id(),
            time=when,
            kind="post",
            author=self.world.author_for("facebook"),
            text=text,
        )
        if published or scheduled:
            self.world.publish(post)
        else:
            self.world.published.append({**post.to_dict(), "published": False})
        return Response.json({"id": post.id})

    def create_comment(self, request: Request, post: Post | None, now: datetime) -> Response:
        """POST /{object_id}/comments: the Page replies; a reply to a reply joins its thread."""
        assert post is not None
        message = request.param("message")
        if not message.strip():
            raise invalid_param("Missing message or attachment")
        parent = post
        if parent.kind == "comment":
            grand = self.world.get("facebook", parent.reply_to or "")
            if grand is not None and grand.kind == "comment":
                parent = grand  # Graph threads are one level deep
        comment = Post(
            platform="facebook",
            id=self.world.new_facebook_comment_id(parent),
            time=now,
            kind="comment",
            author=self.world.author_for("facebook"),
            text=message,
            reply_to=parent.id,
        )
        self.world.publish(comment)
        return Response.json({"id": comment.id})
