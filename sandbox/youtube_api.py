"""YouTube Data API v3 endpoints: commentThreads, comments, search, videos, and replies.

googleapiclient (static discovery, api_endpoint = the sandbox URL) requests exactly
/youtube/v3/<resource> with `key=` and `alt=json` in the query. Every call spends quota from
one per-project budget (10,000 units per sandbox-clock UTC day by default; list 1, search 100,
insert 50); when it is gone the answer is 403 quotaExceeded until the clock passes midnight.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sandbox.clock import SandboxClock
from sandbox.credentials import Credentials
from sandbox.faults import Fault, spoil_item
from sandbox.limits import Limits
from sandbox.scenario import Post
from sandbox.wire import Refused, Request, Response, decode_token, encode_token, parse_time
from sandbox.world import World
from sandbox.youtube_errors import auth_error, bad_param, google_error, quota_exceeded
from sandbox.youtube_objects import YouTubeRenderer, etag, metric

PREFIX = "/youtube/v3/"
_WORD = re.compile(r"[\w']+")


def _words(text: str) -> tuple[str, ...]:
    """Lower-cased words."""
    return tuple(w.lower() for w in _WORD.findall(text))


def _phrase_in(words: tuple[str, ...], post: Post) -> bool:
    """True when the word sequence occurs in the post's title or text."""
    seq, size = post.word_list, len(words)
    return bool(words) and any(seq[i : i + size] == words for i in range(len(seq) - size + 1))


_ALT = r'(?:"[^"]*"|[^\s"|]+)'
#: One term: an alternative, or several joined by `|` (spaces around `|` allowed), maybe negated.
_Q_TERM = re.compile(rf"-?{_ALT}(?:\s*\|\s*{_ALT})*")


def matches_q(q: str, post: Post) -> bool:
    """YouTube's q: terms ANDed, `a|b` for OR, `-term` to exclude, "quoted phrases"."""
    for raw in _Q_TERM.findall(q):
        negated = raw.startswith("-") and len(raw) > 1
        term = raw[1:] if negated else raw
        options = [_words(alt.strip().strip('"')) for alt in term.split("|")]
        hit = any(_phrase_in(words, post) for words in options if words)
        if hit == negated:
            return False
    return True


class YouTubeApi:
    """Routes /youtube/v3/... requests, after key/OAuth checks and quota."""

    platform = "youtube"

    def __init__(self, world: World, clock: SandboxClock, limits: Limits, creds: Credentials) -> None:
        self.world = world
        self.clock = clock
        self.limits = limits
        self.creds = creds
        self.routes: dict[tuple[str, str], tuple[str, Callable[..., Response]]] = {
            ("GET", "commentThreads"): ("youtube.cost.list", self.comment_threads),
            ("POST", "commentThreads"): ("youtube.cost.insert", self.insert_thread),
            ("GET", "comments"): ("youtube.cost.list", self.comments),
            ("POST", "comments"): ("youtube.cost.insert", self.insert_reply),
            ("GET", "search"): ("youtube.cost.search", self.search),
            ("GET", "videos"): ("youtube.cost.list", self.videos),
        }

    # --- dispatch ------------------------------------------------------------------------

    def _auth(self, request: Request) -> str | None:
        """'oauth' or 'key' when the caller is accepted; an error response raised otherwise."""
        header = request.header("authorization")
        if header[:7].lower() == "bearer ":
            if secrets.compare_digest(header[7:].strip().encode(), self.creds.youtube_oauth_token.encode()):
                return "oauth"
            raise Refused(auth_error())
        key = request.query.get("key")
        if key is None:
            return None
        if not secrets.compare_digest(key.encode(), self.creds.youtube_api_key.encode()):
            raise Refused(
                google_error(
                    400,
                    "API key not valid. Please pass a valid API key.",
                    "badRequest",
                    state="INVALID_ARGUMENT",
                )
            )
        return "key"

    def handle(self, request: Request) -> Response:
        """Check credentials, spend quota, then answer."""
        name = request.path[len(PREFIX) :].strip("/") if request.path.startswith(PREFIX) else ""
        route = self.routes.get((request.method, name))
        if route is None:
            return google_error(404, "Not Found", "notFound", state="NOT_FOUND")
        cost_name, handler = route
        try:
            caller = self._auth(request)
            if caller is None:
                return google_error(
                    403,
                    "The request is missing a valid API key.",
                    "forbidden",
                    state="PERMISSION_DENIED",
                )
            if request.method == "POST" and caller != "oauth":
                return google_error(
                    401,
                    "API keys are not supported by this API. Expected OAuth2 access token "
                    "or other authentication credentials that assert a principal. See "
                    "https://cloud.google.com/docs/authentication",
                    "required",
                    state="UNAUTHENTICATED",
                    location="Authorization",
                    locationType="header",
                )
            now = self.clock.now()
            allowed, _ = self.limits.spend("project", cost_name, now)
            if not allowed:
                return quota_exceeded()
            return handler(request, now)
        except Refused as refused:
            return refused.response

    def fault_response(self, fault: Fault, request: Request) -> Response:
        """The answer for an error-kind fault, in Google's shapes."""
        if fault.kind in ("rate_limit", "rate_limit_no_reset"):
            return google_error(
                429,
                "Resource has been exhausted (e.g. check quota).",
                "rateLimitExceeded",
                state="RESOURCE_EXHAUSTED",
            )
        if fault.kind == "quota_exceeded":
            return quota_exceeded()
        if fault.kind == "expired_token":
            if request.header("authorization"):
                return auth_error()
            return google_error(
                400,
                "API key expired. Please renew the API key.",
                "badRequest",
                state="INVALID_ARGUMENT",
            )
        status = fault.option("status", 503)
        if status == 503:
            return google_error(503, "The service is currently unavailable.", "backendError", state="UNAVAILABLE")
        return google_error(status, "Internal error encountered.", "backendError", state="INTERNAL")

    def spoil(self, response: Response, fault: Fault) -> Response:
        """A page with one broken item (garbage publishedAt, or no id)."""
        paths = (
            ("snippet", "topLevelComment", "snippet", "publishedAt"),
            ("snippet", "publishedAt"),
        )
        return response.with_payload(spoil_item(response.payload, "items", paths, fault))

    # --- helpers -------------------------------------------------------------------------

    @staticmethod
    def _parts(request: Request, allowed: set[str]) -> set[str]:
        """The required `part` list, checked."""
        raw = request.query.get("part")
        if not raw:
            raise bad_param("Required parameter: part", "required", "part")
        parts = {p.strip() for p in raw.split(",") if p.strip()}
        for part in parts - allowed:
            raise bad_param(f"'{part}'", "unknownPart", "part")
        return parts

    @staticmethod
    def _max(request: Request, low: int, high: int, default: int) -> int:
        """maxResults within [low, high]."""
        raw = request.query.get("maxResults", str(default))
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise bad_param(
                f"Invalid value '{raw}'. Values must be within the range: [{low}, {high}]",
                "invalidValue",
                "maxResults",
            )
        return int(raw)

    @staticmethod
    def _page(
        request: Request, items: list[Post], key: Callable[[Post], list[Any]], size: int, order: str
    ) -> tuple[list[Post], str | None]:
        """Anchor paging: items are in output order; the token holds the last key returned."""
        token = request.query.get("pageToken")
        if token:
            try:
                state = decode_token(token)
                if state["o"] != order:
                    raise ValueError("order changed")
                anchor = state["k"]
                items = [p for p in items if key(p) < anchor]
            except (ValueError, KeyError, TypeError):
                raise bad_param(
                    "The request specifies an invalid page token.", "invalidPageToken", "pageToken"
                ) from None
        page = items[:size]
        more = len(items) > size
        return page, encode_token({"k": key(page[-1]), "o": order}) if more and page else None

    @staticmethod
    def _listing(
        kind: str,
        items: list[dict[str, Any]],
        total: int,
        per_page: int,
        next_token: str | None,
        **extra: Any,
    ) -> Response:
        """A *ListResponse envelope."""
        body: dict[str, Any] = {"kind": kind, "etag": etag(kind, *(i["etag"] for i in items))}
        if next_token:
            body["nextPageToken"] = next_token
        body.update(extra)
        body["pageInfo"] = {"totalResults": total, "resultsPerPage": per_page}
        body["items"] = items
        return Response.json(body)

    def _text_format(self, request: Request) -> str:
        """textFormat: html (the default) or plainText."""
        fmt = request.query.get("textFormat", "html")
        if fmt not in ("html", "plainText"):
            raise bad_param(f"Invalid value '{fmt}' for textFormat", "invalidValue", "textFormat")
        return fmt

    # --- reads ---------------------------------------------------------------------------

    def comment_threads(self, request: Request, now: datetime) -> Response:
        """GET commentThreads: by channel, video or ids; newest first (order=time)."""
        parts = self._parts(request, {"id", "snippet", "replies"})
        query = request.query
        filters = [f for f in ("allThreadsRelatedToChannelId", "channelId", "videoId", "id") if f in query]
        if len(filters) != 1:
            message = (
                "No filter selected. Expected one of: allThreadsRelatedToChannelId, channelId, id, videoId"
                if not filters
                else "Incompatible parameters specified in the request: " + ", ".join(filters)
            )
            reason = "missingRequiredParameter" if not filters else "incompatibleParameters"
            raise bad_param(message, reason, filters[0] if filters else "")
        size = self._max(request, 1, 100, 20)
        order = query.get("order", "time")
        if order not in ("time", "relevance"):
            raise bad_param(f"Invalid value '{order}' for order", "invalidValue", "order")
        fmt = self._text_format(request)
        renderer = YouTubeRenderer(self.world, now)
        tops = [p for p in self.world.visible("youtube", now) if p.kind == "comment"]
        which, value = filters[0], query[filters[0]]
        if which == "videoId":
            video = self.world.get("youtube", value, now)
            if video is None or video.kind != "video":
                raise Refused(
                    google_error(
                        404,
                        'The video identified by the <code><a href="/youtube/v3/docs/'
                        'commentThreads/list#videoId">videoId</a></code> parameter could not be '
                        "found.",
                        "videoNotFound",
                        "youtube.commentThread",
                        location="videoId",
                        locationType="parameter",
                    )
                )
            tops = [p for p in tops if p.reply_to == value]
        elif which == "id":
            wanted = set(value.split(","))
            tops = [p for p in tops if p.id in wanted]
        else:
            tops = [p for p in tops if (v := renderer.video_of(p)) and v.author.id == value]
        if terms := query.get("searchTerms"):
            tops = [p for p in tops if matches_q(terms, p)]
        if query.get("moderationStatus", "published") != "published":
            tops = []

        def key(p: Post) -> list[Any]:
            base = [p.time.timestamp(), p.id]
            return [metric(p, "likes"), *base] if order == "relevance" else base

        tops.sort(key=key, reverse=True)
        page, token = self._page(request, tops, key, size, order)
        items = [renderer.thread(p, parts, fmt) for p in page]
        return self._listing("youtube#commentThreadListResponse", items, len(tops), size, token)

    def comments(self, request: Request, now: datetime) -> Response:
        """GET comments: the replies of one thread (parentId), oldest first, or by id."""
        self._parts(request, {"id", "snippet"})
        query = request.query
        size = self._max(request, 1, 100, 20)
        fmt = self._text_format(request)
        renderer = YouTubeRenderer(self.world, now)
        if "parentId" in query:
            items = [p for p in self.world.children("youtube", query["parentId"], now) if p.kind == "reply"]
        elif "id" in query:
            found = (self.world.get("youtube", i, now) for i in query["id"].split(","))
            items = [p for p in found if p is not None and p.kind in ("comment", "reply")]
        else:
            raise bad_param("No filter selected. Expected one of: id, parentId", "missingRequiredParameter", "")

        def key(p: Post) -> list[Any]:  # ascending output: negate so "after" is "<"
            return [-p.time.timestamp(), _neg(p.id)]

        page, token = self._page(request, items, key, size, "time")
        return self._listing(
            "youtube#commentListResponse",
            [renderer.comment(p, fmt) for p in page],
            len(items),
            size,
            token,
        )

    def search(self, request: Request, now: datetime) -> Response:
        """GET search: videos only; q, channelId, publishedAfter/Before, order."""
        self._parts(request, {"snippet", "id"})
        query = request.query
        size = self._max(request, 0, 50, 5)
        kinds = {k.strip() for k in query.get("type", "video,channel,playlist").split(",")}
        order = query.get("order", "relevance")
        if order not in ("date", "relevance", "viewCount", "rating", "title", "videoCount"):
            raise bad_param(f"Invalid value '{order}' for order", "invalidValue", "order")
        after = self._time(request, "publishedAfter")
        before = self._time(request, "publishedBefore")
        videos = [
            p
            for p in self.world.visible("youtube", now)
            if p.kind == "video"
            and "video" in kinds
            and (not query.get("channelId") or p.author.id == query["channelId"])
            and (after is None or p.time >= after)
            and (before is None or p.time < before)
            and matches_q(query.get("q", ""), p)
        ]

        def key(p: Post) -> list[Any]:
            if order == "date":
                return [p.time.timestamp(), p.id]
            if order == "title":
                return [[-ord(c) for c in (p.title or "").lower()], p.id]
            return [metric(p, "views"), p.time.timestamp(), p.id]

        videos.sort(key=key, reverse=True)
        page, token = self._page(request, videos, key, size, order)
        renderer = YouTubeRenderer(self.world, now)
        return self._listing(
            "youtube#searchListResponse",
            [renderer.search_result(p) for p in page],
            len(videos),
            size,
            token,
            regionCode="GB",
        )

    def _time(self, request: Request, name: str) -> datetime | None:
        """An RFC 3339 time parameter."""
        raw = request.query.get(name)
        if raw is None:
            return None
        try:
            return parse_time(raw)
        except ValueError:
            raise bad_param(f"Invalid value '{raw}' for {name}", "invalidValue", name) from None

    def videos(self, request: Request, now: datetime) -> Response:
        """GET videos?id=a,b: the visible ones, in the order asked."""
        parts = self._parts(request, {"id", "snippet", "statistics", "contentDetails", "status"})
        ids = [i for i in request.query.get("id", "").split(",") if i]
        if not ids:
            raise bad_param(
                "No filter selected. Expected one of: chart, id, myRating",
                "missingRequiredParameter",
                "",
            )
        renderer = YouTubeRenderer(self.world, now)
        found = [p for i in ids if (p := self.world.get("youtube", i, now)) and p.kind == "video"]
        items = [renderer.video(p, parts) for p in found]
        return self._listing("youtube#videoListResponse", items, len(items), len(items), None)

    # --- writes --------------------------------------------------------------------------

    def _body_snippet(self, request: Request) -> dict[str, Any]:
        """The JSON body's snippet."""
        try:
            body = request.json()
        except ValueError:
            raise Refused(
                google_error(400, "Invalid JSON payload received.", "parseError", state="INVALID_ARGUMENT")
            ) from None
        snippet = body.get("snippet") if isinstance(body, dict) else None
        if not isinstance(snippet, dict):
            raise bad_param("Required field: snippet", "required", "snippet")
        return snippet

    def insert_reply(self, request: Request, now: datetime) -> Response:
        """POST comments?part=snippet: the channel replies to a top-level comment."""
        self._parts(request, {"snippet", "id"})
        snippet = self._body_snippet(request)
        text = snippet.get("textOriginal", "")
        parent = self.world.get("youtube", str(snippet.get("parentId", "")), now)
        if parent is None or parent.kind not in ("comment", "reply"):
            raise Refused(
                google_error(
                    404,
                    "The specified parent comment could not be found.",
                    "parentCommentNotFound",
                    "youtube.comment",
                    location="parentId",
                    locationType="parameter",
                )
            )
        if parent.kind == "reply":  # replies are one level deep on YouTube
            parent = self.world.get("youtube", parent.reply_to or "") or parent
        if not isinstance(text, str) or not text.strip():
            raise bad_param("The comment is empty.", "commentTextRequired", "textOriginal")
        reply = Post(
            platform="youtube",
            id=self.world.new_youtube_id(parent),
            time=now,
            kind="reply",
            author=self.world.author_for("youtube"),
            text=text,
            reply_to=parent.id,
        )
        self.world.publish(reply)
        return Response.json(YouTubeRenderer(self.world, now).comment(reply))

    def insert_thread(self, request: Request, now: datetime) -> Response:
        """POST commentThreads?part=snippet: a new top-level comment on a video."""
        self._parts(request, {"snippet", "id", "replies"})
        snippet = self._body_snippet(request)
        video = self.world.get("youtube", str(snippet.get("videoId", "")), now)
        if video is None or video.kind != "video":
            raise Refused(
                google_error(
                    404,
                    "The video could not be found.",
                    "videoNotFound",
                    "youtube.commentThread",
                    location="videoId",
                    locationType="parameter",
                )
            )
        top = snippet.get("topLevelComment", {})
        text = top.get("snippet", {}).get("textOriginal", "") if isinstance(top, dict) else ""
        if not isinstance(text, str) or not text.strip():
            raise bad_param("The comment is empty.", "commentTextRequired", "textOriginal")
        comment = Post(
            platform="youtube",
            id=self.world.new_youtube_id(None),
            time=now,
            kind="comment",
            author=self.world.author_for("youtube"),
            text=text,
            reply_to=video.id,
        )
        self.world.publish(comment)
        thread = YouTubeRenderer(self.world, now).thread(comment, {"snippet"}, "html")
        return Response.json(thread)


def _neg(text: str) -> list[int]:
    """A key that sorts strings in reverse (for ascending pages compared with '<')."""
    return [-ord(c) for c in text]
