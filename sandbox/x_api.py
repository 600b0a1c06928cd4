"""X API v2 endpoints: recent search, mentions, user timeline, lookups and posting.

Paging tokens hold an anchor (the last id returned plus the original since_id/until_id), never
an offset, so a collector paging back while new posts arrive sees the same pages X would give.
"""

from __future__ import annotations

import bisect
import itertools
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sandbox import x_errors as err
from sandbox.clock import SandboxClock
from sandbox.credentials import Credentials
from sandbox.faults import Fault, spoil_item
from sandbox.limits import Limits
from sandbox.scenario import Post
from sandbox.wire import Refused, Request, Response, decode_token, encode_token
from sandbox.world import World
from sandbox.x_auth import identify
from sandbox.x_objects import USER_EXPANSIONS, Fields, Renderer
from sandbox.x_params import (
    CREATE_KEYS,
    FIELD_PARAMS,
    ID,
    SEARCH_PARAMS,
    TIMELINE_PARAMS,
    USERNAME,
    check_params,
    fields_of,
    id_param,
    int_param,
    rate_headers,
    time_param,
    tweet_length,
)
from sandbox.x_query import Context, QueryError, compile_query

Handler = Callable[[Request, "re.Match[str]", datetime], Response]


@dataclass(frozen=True, slots=True)
class _Route:
    """One served path: method, pattern, rate-limit bucket, handler, user context only?"""

    method: str
    pattern: re.Pattern[str]
    limit: str
    handler: Handler
    user_only: bool = False


def _numeric_id(post: Post) -> int:
    return int(post.id)


class XApi:
    """Routes /2/... requests to handlers, after auth and rate limits."""

    platform = "x"

    def __init__(self, world: World, clock: SandboxClock, limits: Limits, creds: Credentials) -> None:
        self.world = world
        self.clock = clock
        self.limits = limits
        self.creds = creds
        accounts = world.meta.x_accounts
        self.user_id = creds.x_user_id or (accounts[0].id if accounts else "0")
        self.routes = [
            _Route("GET", re.compile(r"/2/tweets/search/recent"), "x.search", self.search),
            _Route(
                "GET",
                re.compile(r"/2/users/by/username/(?P<username>[^/]+)"),
                "x.user_lookup",
                self.user_by_username,
            ),
            _Route("GET", re.compile(r"/2/users/me"), "x.user_lookup", self.me, user_only=True),
            _Route("GET", re.compile(r"/2/users/(?P<id>[^/]+)/mentions"), "x.mentions", self.mentions),
            _Route(
                "GET",
                re.compile(r"/2/users/(?P<id>[^/]+)/tweets"),
                "x.user_tweets",
                self.user_tweets,
            ),
            _Route("GET", re.compile(r"/2/users/(?P<id>[^/]+)"), "x.user_lookup", self.user_by_id),
            _Route("GET", re.compile(r"/2/tweets/(?P<id>[^/]+)"), "x.tweet_lookup", self.tweet),
            _Route("GET", re.compile(r"/2/tweets"), "x.tweet_lookup", self.tweets),
            _Route("POST", re.compile(r"/2/tweets"), "x.create_tweet", self.create, user_only=True),
        ]

    # --- dispatch ------------------------------------------------------------------------

    def route(self, request: Request) -> tuple[_Route, re.Match[str]] | None:
        """The route for a request, if the sandbox serves it."""
        for route in self.routes:
            match = route.pattern.fullmatch(request.path.rstrip("/"))
            if match and route.method == request.method:
                return route, match
        return None

    def handle(self, request: Request) -> Response:
        """Authenticate, count against the rate limit, then answer."""
        found = self.route(request)
        if found is None:
            return err.not_found_route()
        route, match = found
        caller = identify(request, self.creds)
        if caller is None:
            return err.unauthorized()
        if route.user_only and caller.kind != "user":
            return err.unsupported_auth()
        key = self.user_id if route.limit == "x.create_tweet" else caller.key
        window = self.limits.hit(route.limit, key)
        headers = rate_headers(window)
        if window.exceeded:
            return err.too_many_requests(headers)
        try:
            response = route.handler(request, match, self.clock.now())
        except Refused as refused:
            response = refused.response
        response.headers.update(headers)
        return response

    def fault_response(self, fault: Fault, request: Request) -> Response:
        """The answer for an error-kind fault, in X's shapes."""
        found = self.route(request)
        limit_name = found[0].limit if found else "x.search"
        limit = self.limits.windows[limit_name][0]
        if fault.kind in ("rate_limit", "rate_limit_no_reset"):
            headers = {"x-rate-limit-limit": str(limit), "x-rate-limit-remaining": "0"}
            if fault.kind == "rate_limit":
                reset = int(time.time() + fault.option("reset_in", 2.0))
                headers["x-rate-limit-reset"] = str(reset)
            return err.too_many_requests(headers)
        if fault.kind == "quota_exceeded":
            return err.usage_capped(rate_headers(self.limits.peek(limit_name, "fault")))
        if fault.kind == "expired_token":
            return err.unauthorized()
        return err.server_error(fault.option("status", 503))

    def spoil(self, response: Response, fault: Fault) -> Response:
        """A page with one broken tweet (bad created_at, or no id)."""
        payload = spoil_item(response.payload, "data", (("created_at",),), fault)
        return response.with_payload(payload)

    # --- paging --------------------------------------------------------------------------

    def _page(
        self,
        posts: list[Post],
        request: Request,
        token_name: str,
        fields: Fields,
        renderer: Renderer,
        *,
        keep: Callable[[Post], bool] = lambda post: True,
        end: datetime | None = None,
        previous: bool = True,
        max_results: int = 10,
    ) -> Response:
        """Newest first, filtered by ids/times/`keep`, one page cut at the token's anchor.

        Scans lazily from the newest post and stops one match past the page, so a collector
        polling with since_id costs little however big the world is.
        """
        query = request.query
        since, until = id_param(query, "since_id"), id_param(query, "until_id")
        start = time_param(query, "start_time")
        end = end or time_param(query, "end_time")
        anchor, direction = None, "next"
        token = query.get(token_name) or query.get("pagination_token")
        if token:
            try:
                state = decode_token(token, "base32hex")
                anchor, direction = int(state["a"]), str(state["d"])
                since = max(filter(None, (since, state.get("s"))), default=None)
                until = min(filter(None, (until, state.get("u"))), default=None)
            except (ValueError, KeyError, TypeError):
                message = f"The `{token_name}` query parameter value [{token}] is not valid"
                raise Refused(err.invalid_request(message, token_name, [token])) from None

        # `posts` come oldest first, and X ids grow with time (the scenario loader checks it), so
        # the list is sorted by id too: a page starts with a bisection, not a scan of the world.
        def matches(low: int | None, high: int | None) -> Iterator[Post]:
            """Matching posts with low < id < high, newest first."""
            floor = max(filter(None, (since, low)), default=None)
            ceiling = min(filter(None, (until, high)), default=None)
            top = len(posts) if ceiling is None else bisect.bisect_left(posts, ceiling, key=_numeric_id)
            for index in range(top - 1, -1, -1):
                post = posts[index]
                if floor is not None and int(post.id) <= floor:
                    return
                if start is not None and post.time < start:
                    continue
                if end is not None and post.time >= end:
                    continue
                if keep(post):
                    yield post

        if direction == "prev" and anchor is not None:
            page = list(matches(anchor, None))[-max_results:]
        else:
            page = list(itertools.islice(matches(None, anchor), max_results))
        if not page:
            return Response.json({"meta": {"result_count": 0}})
        newest, oldest = int(page[0].id), int(page[-1].id)
        meta: dict[str, Any] = {
            "newest_id": page[0].id,
            "oldest_id": page[-1].id,
            "result_count": len(page),
        }
        bounds = {k: v for k, v in (("s", since), ("u", until)) if v is not None}
        if next(matches(None, oldest), None) is not None:
            meta["next_token"] = encode_token({"a": oldest, "d": "next", **bounds}, "base32hex")
        if previous and next(matches(newest, None), None) is not None:
            meta["previous_token"] = encode_token({"a": newest, "d": "prev", **bounds}, "base32hex")
        body: dict[str, Any] = {"data": [renderer.tweet(p, fields) for p in page]}
        if includes := renderer.includes(page, fields):
            body["includes"] = includes
        body["meta"] = meta
        return Response.json(body)

    # --- endpoints -----------------------------------------------------------------------

    def search(self, request: Request, match: re.Match[str], now: datetime) -> Response:
        """GET /2/tweets/search/recent: the last 7 days, newest first."""
        query = request.query
        check_params(query, SEARCH_PARAMS)
        text = query.get("query", "")
        try:
            predicate = compile_query(text)
        except QueryError as exc:
            raise Refused(err.invalid_request(str(exc), "query", [text])) from None
        max_results = int_param(query, "max_results", 10, 100, 10)
        fields = fields_of(query)
        floor = now - timedelta(days=7)
        start, end = time_param(query, "start_time"), time_param(query, "end_time")
        if start is not None and start < floor:
            message = (
                f"Invalid 'start_time':'{query['start_time']}'. 'start_time' must be on "
                f"or after {floor.strftime('%Y-%m-%dT%H:%MZ')}"
            )
            raise Refused(err.invalid_request(message, "start_time", [query["start_time"]]))
        if end is not None and end > now - timedelta(seconds=10):
            message = (
                f"Invalid 'end_time':'{query['end_time']}'. 'end_time' must be a minimum "
                "of 10 seconds prior to the request time."
            )
            raise Refused(err.invalid_request(message, "end_time", [query["end_time"]]))
        if start is not None and end is not None and start >= end:
            message = "Invalid 'start_time'. 'start_time' must be before 'end_time'."
            raise Refused(err.invalid_request(message, "start_time", [query["start_time"]]))
        renderer = Renderer(self.world, now)
        ctx = Context(renderer.reply_target_name, renderer.conversation_id)
        visible = self.world.visible("x", now, since=max(floor, start or floor))
        return self._page(
            visible,
            request,
            "next_token",
            fields,
            renderer,
            keep=lambda post: predicate(post, ctx),
            end=end,
            previous=False,
            max_results=max_results,
        )

    def mentions(self, request: Request, match: re.Match[str], now: datetime) -> Response:
        """GET /2/users/:id/mentions: @-mentions of the user and replies to its tweets."""
        query = request.query
        check_params(query, TIMELINE_PARAMS)
        user = self.world.x_user(match["id"])
        if user is None:
            return Response.json({"errors": [err.not_found_item("user", "id", match["id"])]})
        max_results = int_param(query, "max_results", 5, 100, 10)
        fields = fields_of(query)
        name = user.username.lower()

        def mentions_user(post: Post) -> bool:
            if post.author.id == user.id:
                return False
            if name in post.mentions:
                return True
            parent = self.world.get("x", post.reply_to) if post.reply_to else None
            return parent is not None and parent.author.id == user.id

        return self._page(
            self.world.visible("x", now),
            request,
            "pagination_token",
            fields,
            Renderer(self.world, now),
            keep=mentions_user,
            max_results=max_results,
        )

    def user_tweets(self, request: Request, match: re.Match[str], now: datetime) -> Response:
        """GET /2/users/:id/tweets: the user's own tweets, incl. those created here."""
        query = request.query
        check_params(query, TIMELINE_PARAMS | {"exclude"})
        user = self.world.x_user(match["id"])
        if user is None:
            return Response.json({"errors": [err.not_found_item("user", "id", match["id"])]})
        max_results = int_param(query, "max_results", 5, 100, 10)
        fields = fields_of(query)
        exclude = {v.strip() for v in query.get("exclude", "").split(",") if v.strip()}
        if exclude - {"replies", "retweets"}:
            message = f"The `exclude` query parameter value [{query['exclude']}] is not one of [replies,retweets]"
            raise Refused(err.invalid_request(message, "exclude", [query["exclude"]]))
        posts = [
            p
            for p in self.world.visible("x", now)
            if p.author.id == user.id
            and not ("replies" in exclude and p.reply_to)
            and not ("retweets" in exclude and p.text.startswith("RT @"))
        ]
        return self._page(
            posts,
            request,
            "pagination_token",
            fields,
            Renderer(self.world, now),
            max_results=max_results,
        )

    def tweet(self, request: Request, match: re.Match[str], now: datetime) -> Response:
        """GET /2/tweets/:id: 200 with `errors` when it does not exist (as X does)."""
        check_params(request.query, FIELD_PARAMS)
        tweet_id = match["id"]
        if not ID.match(tweet_id):
            message = f"The `id` query parameter value [{tweet_id}] does not match ^[0-9]{{1,19}}$"
            raise Refused(err.invalid_request(message, "id", [tweet_id]))
        fields = fields_of(request.query)
        post = self.world.get("x", tweet_id, now)
        if post is None:
            return Response.json({"errors": [err.not_found_item("tweet", "id", tweet_id)]})
        renderer = Renderer(self.world, now)
        body: dict[str, Any] = {"data": renderer.tweet(post, fields)}
        if includes := renderer.includes([post], fields):
            body["includes"] = includes
        return Response.json(body)

    def tweets(self, request: Request, match: re.Match[str], now: datetime) -> Response:
        """GET /2/tweets?ids=...: found tweets in `data`, missing ones in `errors`."""
        check_params(request.query, FIELD_PARAMS | {"ids"})
        ids = [i for i in request.query.get("ids", "").split(",") if i]
        if not 1 <= len(ids) <= 100 or not all(ID.match(i) for i in ids):
            message = "The `ids` query parameter value must be 1 to 100 numeric ids"
            raise Refused(err.invalid_request(message, "ids", ids))
        fields = fields_of(request.query)
        renderer = Renderer(self.world, now)
        found = [p for i in ids if (p := self.world.get("x", i, now)) is not None]
        body: dict[str, Any] = {}
        if found:
            body["data"] = [renderer.tweet(p, fields) for p in found]
            if includes := renderer.includes(found, fields):
                body["includes"] = includes
        missing = [i for i in ids if self.world.get("x", i, now) is None]
        if missing:
            body["errors"] = [err.not_found_item("tweet", "id", i) for i in missing]
        return Response.json(body)

    def _user_answer(self, request: Request, user_id: str | None, parameter: str, value: str) -> Response:
        """A user lookup answer: data, or 200 with `errors`."""
        check_params(request.query, {"expansions", "tweet.fields", "user.fields"})
        fields = fields_of(request.query, USER_EXPANSIONS)
        user = self.world.x_user(user_id) if user_id else None
        if user is None:
            return Response.json({"errors": [err.not_found_item("user", parameter, value)]})
        return Response.json({"data": Renderer(self.world, self.clock.now()).user(user, fields)})

    def user_by_username(self, request: Request, match: re.Match[str], now: datetime) -> Response:
        """GET /2/users/by/username/:username."""
        username = match["username"]
        if not USERNAME.match(username):
            message = f"The `username` query parameter value [{username}] does not match ^[A-Za-z0-9_]{{1,50}}$"
            raise Refused(err.invalid_request(message, "username", [username]))
        user = self.world.x_user_by_username(username)
        return self._user_answer(request, user.id if user else None, "username", username)

    def user_by_id(self, request: Request, match: re.Match[str], now: datetime) -> Response:
        """GET /2/users/:id."""
        return self._user_answer(request, match["id"], "id", match["id"])

    def me(self, request: Request, match: re.Match[str], now: datetime) -> Response:
        """GET /2/users/me: the user the OAuth access token belongs to."""
        return self._user_answer(request, self.user_id, "id", self.user_id)

    def create(self, request: Request, match: re.Match[str], now: datetime) -> Response:
        """POST /2/tweets: store the tweet at the clock's time; 201 with id and text."""
        try:
            body = request.json()
        except ValueError:
            raise Refused(err.invalid_request("Request body is not valid JSON")) from None
        if not isinstance(body, dict):
            raise Refused(err.invalid_request("$: object expected"))
        for key in body:
            if key not in CREATE_KEYS:
                raise Refused(
                    err.invalid_request(
                        f"$.{key}: is not defined in the schema and the schema does not allow additional properties"
                    )
                )
        text = body.get("text", "")
        if not isinstance(text, str):
            raise Refused(err.invalid_request("$.text: string found, expected"))
        if not text.strip() and not body.get("media") and not body.get("poll"):
            raise Refused(err.invalid_request("Requires at least one of text, media, poll, or quote_tweet_id"))
        if tweet_length(text) > 280:
            raise Refused(err.forbidden("Tweet needs to be a bit shorter."))
        reply = body.get("reply") or {}
        parent_id = reply.get("in_reply_to_tweet_id") if isinstance(reply, dict) else None
        if parent_id is not None and self.world.get("x", str(parent_id), now) is None:
            raise Refused(err.forbidden("You attempted to reply to a Tweet that is deleted or not visible to you."))
        author = self.world.x_author(self.user_id)
        duplicate = any(p.author.id == author.id and p.text == text for p in self.world.visible("x", now))
        if duplicate:
            raise Refused(err.forbidden("You are not allowed to create a Tweet with duplicate content."))
        post = Post(
            platform="x",
            id=self.world.new_x_id(now),
            time=now,
            kind="post",
            author=author,
            text=text,
            reply_to=str(parent_id) if parent_id else None,
        )
        self.world.publish(post)
        data = {"id": post.id, "text": post.text, "edit_history_tweet_ids": [post.id]}
        return Response.json({"data": data}, status=201)
