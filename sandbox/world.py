"""The in-memory world: every post the sandbox knows, indexed for the three APIs.

Scenario posts, posts added live and posts created through the APIs all live here. Reads take a
`now` and see only what was posted by then, so the same world plays back at any clock speed.
"""

from __future__ import annotations

import bisect
import itertools
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sandbox.scenario import (
    Author,
    Post,
    Scenario,
    ScenarioError,
    ScenarioMeta,
    check_parent,
    parse_post,
    snowflake,
    sort_key,
)


@dataclass(frozen=True, slots=True)
class XUser:
    """An X user as the sandbox knows it: a force account or an author seen in the scenario."""

    id: str
    username: str
    name: str
    verified: bool = False
    type: str = "person"


class World:
    """Thread-safe store of posts with per-platform time order and reply indexes."""

    def __init__(self, scenario: Scenario) -> None:
        self.meta: ScenarioMeta = scenario.meta
        self._lock = threading.RLock()
        self._posts: dict[tuple[str, str], Post] = {}
        self._order: dict[str, list[Post]] = defaultdict(list)
        self._keys: dict[str, list[tuple[datetime, int, str]]] = defaultdict(list)
        self._children: dict[tuple[str, str], list[Post]] = defaultdict(list)
        self._users: dict[str, XUser] = {}
        self._handles: dict[str, str] = {}
        self._counter = itertools.count(1)
        self.published: list[dict[str, Any]] = []
        for account in self.meta.x_accounts:
            self._remember_user(XUser(account.id, account.username, account.name, account.verified, "organisation"))
        for post in scenario.posts:
            self._insert(post)

    # --- writing -------------------------------------------------------------------------

    def add(self, post: Post) -> None:
        """Add one post, checking its id is new and its parent (if any) is known."""
        with self._lock:
            if (post.platform, post.id) in self._posts:
                raise ScenarioError(f"post {post.id}: duplicate {post.platform} id")
            parent = self._posts.get((post.platform, post.reply_to or ""))
            check_parent(self.meta, post, parent, "<live>")
            self._insert(post)

    def add_dicts(self, items: Iterable[Any]) -> int:
        """Validate and add scenario-shaped post dicts; returns how many were added."""
        posts = [parse_post(item, f"<posts>[{i}]") for i, item in enumerate(items)]
        posts.sort(key=sort_key)
        with self._lock:
            for post in posts:
                self.add(post)
        return len(posts)

    def publish(self, post: Post) -> Post:
        """Store a post created through an API and record it in `published`."""
        with self._lock:
            self.add(post)
            self.published.append(post.to_dict())
        return post

    def _insert(self, post: Post) -> None:
        """Index a post (caller holds the lock or is the constructor)."""
        key = sort_key(post)
        index = bisect.bisect_right(self._keys[post.platform], key)
        self._keys[post.platform].insert(index, key)
        self._order[post.platform].insert(index, post)
        self._posts[(post.platform, post.id)] = post
        if post.reply_to:
            siblings = self._children[(post.platform, post.reply_to)]
            siblings.insert(bisect.bisect_right([sort_key(p) for p in siblings], key), post)
        if post.platform == "x" and post.author.id not in self._users:
            a = post.author
            self._remember_user(XUser(a.id, a.handle, a.name, a.verified, a.type))

    def _remember_user(self, user: XUser) -> None:
        """Index an X user by id and by lower-cased username."""
        self._users[user.id] = user
        self._handles[user.username.lower()] = user.id

    # --- reading -------------------------------------------------------------------------

    def get(self, platform: str, post_id: str, now: datetime | None = None) -> Post | None:
        """A post by id; with `now`, only if it is already visible."""
        post = self._posts.get((platform, post_id))
        if post is None or (now is not None and post.time > now):
            return None
        return post

    def visible(self, platform: str, now: datetime, since: datetime | None = None) -> list[Post]:
        """Posts on `platform` with since <= time <= now, oldest first."""
        with self._lock:
            keys = self._keys[platform]
            high = bisect.bisect_right(keys, (now, 1 << 64, "\U0010ffff"))
            low = bisect.bisect_left(keys, (since, -1, "")) if since is not None else 0
            return self._order[platform][low:high]

    def children(self, platform: str, parent_id: str, now: datetime) -> list[Post]:
        """Direct replies to a post or comment, visible at `now`, oldest first."""
        with self._lock:
            return [p for p in self._children.get((platform, parent_id), ()) if p.time <= now]

    def x_user(self, user_id: str) -> XUser | None:
        """An X user by id."""
        return self._users.get(user_id)

    def x_user_by_username(self, username: str) -> XUser | None:
        """An X user by username, case-insensitively as X matches them."""
        user_id = self._handles.get(username.lower())
        return self._users.get(user_id) if user_id else None

    def counts(self, now: datetime) -> dict[str, dict[str, int]]:
        """Per platform: posts in the world and posts visible now."""
        with self._lock:
            return {
                platform: {
                    "total": len(self._order[platform]),
                    "visible": len(self.visible(platform, now)),
                }
                for platform in ("x", "facebook", "youtube")
            }

    # --- ids for new posts ---------------------------------------------------------------

    def new_x_id(self, now: datetime) -> str:
        """A snowflake-like id above every visible id and, if possible, below every future one."""
        with self._lock:
            keys = self._keys["x"]
            split = bisect.bisect_right(keys, (now, 1 << 64, "\U0010ffff"))
            ids = [int(post.id) for post in self._order["x"]]
            floor = max(ids[:split], default=0)
            ceiling = min(ids[split:], default=None)
            candidate = max(int(snowflake(now, next(self._counter))), floor + 1)
            if ceiling is not None and candidate >= ceiling:
                candidate = (floor + ceiling) // 2 if ceiling - floor > 1 else floor + 1
            while ("x", str(candidate)) in self._posts:
                candidate += 1
            return str(candidate)

    def new_facebook_post_id(self) -> str:
        """'{page_id}_{n}' with n above any the Page has used."""
        page = self.meta.facebook_page.id
        with self._lock:
            used = [int(p.id.split("_")[1]) for p in self._order["facebook"] if p.kind != "comment"]
            number = max(used, default=0) + 1
            while ("facebook", f"{page}_{number}") in self._posts:
                number += 1
            return f"{page}_{number}"

    def new_facebook_comment_id(self, parent: Post) -> str:
        """'{n}_{m}': n from the post being commented on, m fresh."""
        with self._lock:
            prefix = parent.id.split("_")[1] if parent.kind != "comment" else parent.id.split("_")[0]
            used = [int(p.id.split("_")[1]) for p in self._order["facebook"] if p.kind == "comment"]
            number = max(used, default=0) + 1
            while ("facebook", f"{prefix}_{number}") in self._posts:
                number += 1
            return f"{prefix}_{number}"

    def new_youtube_id(self, parent: Post | None) -> str:
        """A reply id '{parentId}.{22 chars}', or a top-level id shaped like 'Ugx…4AaABAg'."""
        with self._lock:
            while True:
                number = next(self._counter)
                new_id = f"{parent.id}.sbx{number:019d}" if parent else f"Ugx{number:016d}4AaABAg"
                if ("youtube", new_id) not in self._posts:
                    return new_id

    def author_for(self, platform: str) -> Author:
        """The force itself as an author on `platform` (for posts created through the APIs)."""
        meta = self.meta
        if platform == "facebook":
            page = meta.facebook_page
            return Author(page.id, page.name, page.name, True, "organisation")
        if platform == "youtube":
            channel = meta.youtube_channel
            return Author(channel.id, channel.title, channel.title, True, "organisation")
        account = meta.x_accounts[0]
        return Author(account.id, account.username, account.name, account.verified, "organisation")

    def x_author(self, user_id: str) -> Author:
        """An Author for an X user id (the OAuth user creating a tweet)."""
        user = self.x_user(user_id)
        if user is None:
            return replace(self.author_for("x"), id=user_id)
        return Author(user.id, user.username, user.name, user.verified, "organisation")
