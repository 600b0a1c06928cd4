"""Graph API objects (Page posts, visitor posts, comments) rendered from scenario posts.

Graph returns only the fields asked for in `fields=` (with a small default set otherwise) and
omits empty ones, e.g. a post without text has no `message`. Nested field syntax
(`comments.summary(true).limit(0){id,message}`) is understood well enough for collectors to
ask for comment counts and reaction totals in one call.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sandbox.scenario import Post
from sandbox.wire import graph_time
from sandbox.world import World

POST_DEFAULT = "created_time,message,id"
COMMENT_DEFAULT = "created_time,from,message,id"
_NAME = re.compile(r"^\s*([A-Za-z_][\w]*)")
_MODIFIER = re.compile(r"\.(\w+)\(([^)]*)\)")
_METRICS = {
    "reactions": ("reactions", "reaction_count", "likes", "like_count"),
    "likes": ("likes", "like_count", "reactions", "reaction_count"),
    "shares": ("shares", "share_count"),
}


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One requested field with its modifiers (limit, summary ...) and nested fields."""

    name: str
    modifiers: dict[str, str] = field(default_factory=dict)
    nested: str | None = None


def split_top(text: str) -> list[str]:
    """Split on commas outside (...) and {...}."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in "({":
            depth += 1
        elif char in ")}":
            depth = max(depth - 1, 0)
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def parse_fields(text: str) -> dict[str, FieldSpec]:
    """'a,b.limit(2){c,d}' -> {name: FieldSpec}; unknown syntax is tolerated, not refused."""
    specs: dict[str, FieldSpec] = {}
    for part in split_top(text):
        match = _NAME.match(part)
        if not match:
            continue
        head, _, nested = part.partition("{")
        modifiers = dict(_MODIFIER.findall(head))
        specs[match.group(1)] = FieldSpec(match.group(1), modifiers, nested.rstrip("}") if nested else None)
    return specs


def _metric(post: Post, kind: str) -> int:
    """A count from the scenario's metrics, under any of its usual names."""
    return next((post.metric(name) for name in _METRICS[kind] if name in post.metrics), 0)


def _place_id(name: str) -> str:
    """A stable numeric Page id for a place name."""
    return str(int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:13], 16))


def _summary_on(spec: FieldSpec) -> bool:
    """True when `.summary(true)` / `.summary(total_count)` was asked for."""
    return spec.modifiers.get("summary", "false").lower() not in ("false", "0", "")


class GraphRenderer:
    """Builds Graph objects as of one moment in the world."""

    def __init__(self, world: World, now: datetime) -> None:
        self.world = world
        self.now = now
        self.page = world.meta.facebook_page

    def permalink(self, post: Post) -> str:
        """A facebook.com link shaped like the real ones."""
        if post.kind == "comment":
            root = self.root(post)
            number = root.id.split("_")[-1] if root else post.id.split("_")[0]
            return f"https://www.facebook.com/{self.page.id}/posts/{number}?comment_id={post.id.split('_')[-1]}"
        return f"https://www.facebook.com/{self.page.id}/posts/{post.id.split('_')[-1]}"

    def root(self, post: Post) -> Post | None:
        """The post a comment (or reply) belongs to."""
        current: Post | None = post
        while current is not None and current.kind == "comment" and current.reply_to:
            current = self.world.get("facebook", current.reply_to)
        return current

    def top_level_comments(self, post: Post) -> list[Post]:
        """Comments directly on a post (replies to comments excluded), oldest first."""
        return [c for c in self.world.children("facebook", post.id, self.now) if c.kind == "comment"]

    def stream(self, post: Post) -> list[Post]:
        """Every comment and reply under a post, flat, oldest first."""
        out: list[Post] = []
        for comment in self.top_level_comments(post):
            out.append(comment)
            out.extend(self.world.children("facebook", comment.id, self.now))
        return sorted(out, key=lambda c: (c.time, c.id))

    def render(self, post: Post, fields: str | None) -> dict[str, Any]:
        """A post or comment with the requested fields (defaults when none are given)."""
        default = COMMENT_DEFAULT if post.kind == "comment" else POST_DEFAULT
        specs = parse_fields(fields or default)
        out: dict[str, Any] = {}
        builders = self._builders(post)
        for name, spec in specs.items():
            builder = builders.get(name)
            if builder is None:
                continue  # a real field the sandbox does not model: omitted, as if empty
            value = builder(spec)
            if value is not None:
                out[name] = value
        out.setdefault("id", post.id)
        return out

    def _builders(self, post: Post) -> dict[str, Callable[[FieldSpec], Any]]:
        """Field name -> value builder for this object."""
        is_comment = post.kind == "comment"
        builders: dict[str, Callable[[FieldSpec], Any]] = {
            "id": lambda s: post.id,
            "message": lambda s: post.text or None,
            "created_time": lambda s: graph_time(post.time),
            "updated_time": lambda s: graph_time(post.time),
            "from": lambda s: {"name": post.author.name, "id": post.author.id},
            "permalink_url": lambda s: self.permalink(post),
            "is_hidden": lambda s: False,
            "can_comment": lambda s: True,
        }
        if is_comment:
            parent = self.world.get("facebook", post.reply_to or "")
            builders.update(
                {
                    "like_count": lambda s: _metric(post, "likes"),
                    "comment_count": lambda s: len(self.world.children("facebook", post.id, self.now)),
                    "parent": lambda s: {"id": parent.id} if parent is not None and parent.kind == "comment" else None,
                    "user_likes": lambda s: False,
                    "object": lambda s: {"id": root.id} if (root := self.root(post)) else None,
                    "comments": lambda s: self._comments_field(post, s),
                }
            )
        else:
            builders.update(
                {
                    "status_type": lambda s: "mobile_status_update",
                    "is_published": lambda s: True,
                    "shares": lambda s: {"count": n} if (n := _metric(post, "shares")) else None,
                    "place": lambda s: {"name": post.place, "id": _place_id(post.place)} if post.place else None,
                    "comments": lambda s: self._comments_field(post, s),
                    "reactions": lambda s: self._count_field(post, s, "reactions"),
                    "likes": lambda s: self._count_field(post, s, "likes"),
                }
            )
        return builders

    def _comments_field(self, post: Post, spec: FieldSpec) -> dict[str, Any]:
        """The inline `comments` edge: a first page plus an optional summary."""
        comments = (
            self.top_level_comments(post)
            if post.kind != "comment"
            else self.world.children("facebook", post.id, self.now)
        )
        limit = int(spec.modifiers.get("limit", "25") or 25)
        out: dict[str, Any] = {"data": [self.render(c, spec.nested) for c in comments[:limit]]}
        if _summary_on(spec):
            out["summary"] = {
                "order": "chronological",
                "total_count": len(comments),
                "can_comment": True,
            }
        return out

    def _count_field(self, post: Post, spec: FieldSpec, kind: str) -> dict[str, Any]:
        """`reactions` / `likes`: no people listed (privacy), a total if summary asked."""
        out: dict[str, Any] = {"data": []}
        if _summary_on(spec):
            out["summary"] = {"total_count": _metric(post, kind), "viewer_reaction": "NONE"}
        return out
