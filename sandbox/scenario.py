"""The scenario format: one header line, then one post per line (JSON Lines).

A scenario is the day the sandbox plays: what the public posts on X, Facebook and YouTube and
when. Parsing is strict and names the line at fault, because a quietly wrong scenario makes every
later test or demo misleading.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from sandbox.wire import parse_time

PLATFORMS = ("x", "facebook", "youtube")
KINDS: dict[str, frozenset[str]] = {
    "x": frozenset({"post"}),
    "facebook": frozenset({"post", "visitor_post", "comment"}),
    "youtube": frozenset({"video", "comment", "reply"}),
}
AUTHOR_TYPES = ("person", "organisation")
_X_ID = re.compile(r"^[0-9]{1,19}$")
# Real X caps usernames at 15 characters; the sandbox allows longer ones so a scenario
# handle such as 'NorthshirePolice' (16) still works. Keep scenario handles <= 15.
_X_USERNAME = re.compile(r"^[A-Za-z0-9_]{1,50}$")
_FB_ID = re.compile(r"^[0-9]+_[0-9]+$")
_WORD = re.compile(r"[\w']+")
_HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
_MENTION = re.compile(r"(?<![\w@])@(\w+)")
_TWEPOCH_MS = 1288834974657  # X's snowflake epoch (2010-11-04)


class ScenarioError(ValueError):
    """A scenario (or a live-added post) that breaks the format; the message names the line."""


@dataclass(frozen=True, slots=True)
class Author:
    """Who wrote a post: a person or an organisation, on any platform."""

    id: str
    handle: str
    name: str
    verified: bool = False
    type: str = "person"


@dataclass(frozen=True, slots=True)
class XAccount:
    """One of the force's own X accounts."""

    id: str
    username: str
    name: str
    verified: bool = False


@dataclass(frozen=True, slots=True)
class FacebookPage:
    """The force's Facebook Page."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class YouTubeChannel:
    """The force's YouTube channel."""

    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Incident:
    """Something the scenario stages, so a demo can say how soon the desk noticed it."""

    name: str
    start: datetime  # the first post about it
    place: str = ""
    terms: tuple[str, ...] = ()  # words a topic about it would be named by


@dataclass(frozen=True, slots=True)
class ScenarioMeta:
    """The header line: the force's accounts and the day being played."""

    name: str
    description: str
    start: datetime
    end: datetime
    timezone: str
    x_accounts: tuple[XAccount, ...]
    facebook_page: FacebookPage
    youtube_channel: YouTubeChannel
    incidents: tuple[Incident, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The header line's JSON shape."""
        return {
            "name": self.name,
            "description": self.description,
            "start": self.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": self.end.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "timezone": self.timezone,
            "x_accounts": [
                {"id": a.id, "username": a.username, "name": a.name, "verified": a.verified} for a in self.x_accounts
            ],
            "facebook_page": {"id": self.facebook_page.id, "name": self.facebook_page.name},
            "youtube_channel": {
                "id": self.youtube_channel.id,
                "title": self.youtube_channel.title,
            },
            "incidents": [
                {
                    "name": i.name,
                    "start": i.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "place": i.place,
                    "terms": list(i.terms),
                }
                for i in self.incidents
            ],
        }


@dataclass(frozen=True)
class Post:
    """One post, comment, reply or video, on one platform, at one scenario time."""

    platform: str
    id: str
    time: datetime
    kind: str
    author: Author
    text: str
    reply_to: str | None = None
    lang: str = "en"
    place: str | None = None
    title: str | None = None
    metrics: Mapping[str, int] = field(default_factory=dict)
    line: int | None = None

    @cached_property
    def words(self) -> frozenset[str]:
        """Lower-cased words, for keyword search (computed once per post)."""
        return frozenset(w.lower() for w in _WORD.findall(self.searchable))

    @cached_property
    def word_list(self) -> tuple[str, ...]:
        """Lower-cased words in order, for phrase search."""
        return tuple(w.lower() for w in _WORD.findall(self.searchable))

    @cached_property
    def hashtags(self) -> frozenset[str]:
        """Lower-cased hashtags without '#'."""
        return frozenset(h.lower() for h in _HASHTAG.findall(self.text))

    @cached_property
    def mentions(self) -> frozenset[str]:
        """Lower-cased @-mentioned usernames without '@'."""
        return frozenset(m.lower() for m in _MENTION.findall(self.text))

    @property
    def searchable(self) -> str:
        """Title and text together (a YouTube video is found by either)."""
        return f"{self.title}\n{self.text}" if self.title else self.text

    def metric(self, name: str) -> int:
        """A metric from the scenario, 0 when not given."""
        return int(self.metrics.get(name, 0))

    def to_dict(self) -> dict[str, Any]:
        """The scenario-line shape (also what `Sandbox.published` holds)."""
        out: dict[str, Any] = {
            "platform": self.platform,
            "id": self.id,
            "time": self.time.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "kind": self.kind,
            "author": {
                "id": self.author.id,
                "handle": self.author.handle,
                "name": self.author.name,
                "verified": self.author.verified,
                "type": self.author.type,
            },
            "text": self.text,
            "reply_to": self.reply_to,
            "lang": self.lang,
            "place": self.place,
        }
        if self.title is not None:
            out["title"] = self.title
        if self.metrics:
            out["metrics"] = dict(self.metrics)
        return out


@dataclass(frozen=True, slots=True)
class Scenario:
    """A parsed, validated scenario: header plus posts sorted by time."""

    meta: ScenarioMeta
    posts: tuple[Post, ...]

    def shifted(self, delta: timedelta) -> Scenario:
        """The same scenario `delta` later: a recorded day replayed as today.

        X ids keep their order (all move together), which is all since_id paging relies on.
        """
        incidents = tuple(replace(i, start=i.start + delta) for i in self.meta.incidents)
        meta = replace(self.meta, start=self.meta.start + delta, end=self.meta.end + delta, incidents=incidents)
        return Scenario(meta, tuple(replace(post, time=post.time + delta) for post in self.posts))

    def as_today(self, now: datetime) -> Scenario:
        """Shifted by whole days so that its day is the day of `now` (UTC)."""
        days = (now.date() - self.meta.start.date()).days
        return self.shifted(timedelta(days=days))


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file."""
    source = Path(path)
    with source.open(encoding="utf-8") as handle:
        return parse_scenario(handle, source=str(source))


def parse_scenario(lines: Iterable[str], source: str = "<scenario>") -> Scenario:
    """Parse JSON Lines text: the header first, then posts in any order (sorted here)."""
    meta: ScenarioMeta | None = None
    posts: list[Post] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        where = f"{source}:{number}"
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScenarioError(f"{where}: not valid JSON ({exc.msg})") from exc
        if meta is None:
            if not isinstance(obj, dict) or "scenario" not in obj:
                raise ScenarioError(f'{where}: the first line must be {{"scenario": {{...}}}}')
            meta = parse_meta(obj["scenario"], where)
            continue
        posts.append(parse_post(obj, where, line=number))
    if meta is None:
        raise ScenarioError(f"{source}: empty scenario (no header line)")
    posts.sort(key=sort_key)
    check_posts(meta, posts, source)
    return Scenario(meta=meta, posts=tuple(posts))


def sort_key(post: Post) -> tuple[datetime, int, str]:
    """Time order; X ids break ties numerically, as X orders them."""
    return (post.time, int(post.id) if post.platform == "x" else 0, post.id)


def _need(obj: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    """Fetch a required key of a given type, or fail naming the line."""
    if key not in obj:
        raise ScenarioError(f"{where}: missing {key!r}")
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ScenarioError(f"{where}: {key!r} must be {kind.__name__}, got {value!r}")
    return value


def _time(value: Any, key: str, where: str) -> datetime:
    """An ISO 8601 time with a zone."""
    if not isinstance(value, str):
        raise ScenarioError(f"{where}: {key!r} must be an ISO 8601 string, got {value!r}")
    try:
        return parse_time(value)
    except ValueError as exc:
        raise ScenarioError(f"{where}: {key!r} is not an ISO 8601 time with a zone: {value!r}") from exc


def parse_meta(obj: Any, where: str) -> ScenarioMeta:
    """Validate the header object."""
    if not isinstance(obj, dict):
        raise ScenarioError(f"{where}: 'scenario' must be an object")
    start = _time(_need(obj, "start", str, where), "start", where)
    end = _time(_need(obj, "end", str, where), "end", where)
    if end <= start:
        raise ScenarioError(f"{where}: 'end' must be after 'start'")
    accounts = []
    for raw in _need(obj, "x_accounts", list, where):
        if not isinstance(raw, dict):
            raise ScenarioError(f"{where}: each of 'x_accounts' must be an object")
        account = XAccount(
            id=_need(raw, "id", str, where),
            username=_need(raw, "username", str, where),
            name=_need(raw, "name", str, where),
            verified=bool(raw.get("verified", False)),
        )
        if not _X_ID.match(account.id):
            raise ScenarioError(f"{where}: X account id must be numeric: {account.id!r}")
        if not _X_USERNAME.match(account.username):
            raise ScenarioError(f"{where}: invalid X username {account.username!r}")
        accounts.append(account)
    page = _need(obj, "facebook_page", dict, where)
    channel = _need(obj, "youtube_channel", dict, where)
    return ScenarioMeta(
        name=_need(obj, "name", str, where),
        description=str(obj.get("description", "")),
        start=start,
        end=end,
        timezone=str(obj.get("timezone", "UTC")),
        x_accounts=tuple(accounts),
        facebook_page=FacebookPage(_need(page, "id", str, where), _need(page, "name", str, where)),
        youtube_channel=YouTubeChannel(_need(channel, "id", str, where), _need(channel, "title", str, where)),
        incidents=tuple(
            _incident(item, f"{where}: incidents[{n}]") for n, item in enumerate(obj.get("incidents") or [])
        ),
    )


def _incident(obj: Any, where: str) -> Incident:
    if not isinstance(obj, dict):
        raise ScenarioError(f"{where}: expected an object")
    try:
        start = parse_time(_need(obj, "start", str, where))
    except ValueError as exc:
        raise ScenarioError(f"{where}: bad start ({exc})") from None
    terms = obj.get("terms") or []
    if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
        raise ScenarioError(f"{where}: terms must be a list of words")
    return Incident(_need(obj, "name", str, where), start, str(obj.get("place", "")), tuple(terms))


def parse_post(obj: Any, where: str = "<post>", line: int | None = None) -> Post:
    """Validate one post object on its own (references are checked by `check_posts`)."""
    if not isinstance(obj, dict):
        raise ScenarioError(f"{where}: a post must be a JSON object")
    platform = _need(obj, "platform", str, where)
    if platform not in PLATFORMS:
        raise ScenarioError(f"{where}: unknown platform {platform!r} (expected {PLATFORMS})")
    kind = _need(obj, "kind", str, where)
    if kind not in KINDS[platform]:
        raise ScenarioError(f"{where}: kind {kind!r} is not one of {sorted(KINDS[platform])}")
    post_id = _need(obj, "id", str, where)
    _check_id(platform, kind, post_id, where)
    reply_to = obj.get("reply_to")
    if reply_to is not None and not isinstance(reply_to, str):
        raise ScenarioError(f"{where}: 'reply_to' must be a string or null")
    needs_parent = kind in ("comment", "reply")
    if needs_parent and not reply_to:
        raise ScenarioError(f"{where}: a {platform} {kind} needs 'reply_to'")
    top_level = kind in ("video", "visitor_post") or (platform == "facebook" and kind == "post")
    if top_level and reply_to:
        raise ScenarioError(f"{where}: a {platform} {kind} cannot have 'reply_to'")
    if platform == "x" and reply_to and not _X_ID.match(reply_to):
        raise ScenarioError(f"{where}: X 'reply_to' must be a numeric id: {reply_to!r}")
    title = obj.get("title")
    if kind == "video":
        title = _need(obj, "title", str, where)
    elif title is not None:
        raise ScenarioError(f"{where}: only YouTube videos have a 'title'")
    metrics = obj.get("metrics") or {}
    if not isinstance(metrics, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in metrics.values()
    ):
        raise ScenarioError(f"{where}: 'metrics' must map names to integers")
    place = obj.get("place")
    if place is not None and not isinstance(place, str):
        raise ScenarioError(f"{where}: 'place' must be a string or null")
    lang = obj.get("lang") or "en"
    if not isinstance(lang, str):
        raise ScenarioError(f"{where}: 'lang' must be a string")
    return Post(
        platform=platform,
        id=post_id,
        time=_time(obj.get("time"), "time", where),
        kind=kind,
        author=_author(_need(obj, "author", dict, where), where),
        text=_need(obj, "text", str, where),
        reply_to=reply_to or None,
        lang=lang,
        place=place or None,
        title=title,
        metrics=dict(metrics),
        line=line,
    )


def _check_id(platform: str, kind: str, post_id: str, where: str) -> None:
    """Ids in each platform's own form, so clients parse them as they would for real."""
    if platform == "x" and not _X_ID.match(post_id):
        raise ScenarioError(f"{where}: X ids are numeric strings (up to 19 digits): {post_id!r}")
    if platform == "facebook" and not _FB_ID.match(post_id):
        shape = "{page_id}_{n}" if kind != "comment" else "{n}_{m}"
        raise ScenarioError(f"{where}: Facebook {kind} ids look like {shape}: {post_id!r}")
    if platform == "youtube" and (not post_id or re.search(r"[\s,]", post_id)):
        raise ScenarioError(f"{where}: YouTube ids cannot be empty or hold spaces/commas")


def _author(raw: Mapping[str, Any], where: str) -> Author:
    """The 'author' object."""
    kind = raw.get("type", "person")
    if kind not in AUTHOR_TYPES:
        raise ScenarioError(f"{where}: author 'type' must be one of {AUTHOR_TYPES}")
    verified = raw.get("verified", False)
    if not isinstance(verified, bool):
        raise ScenarioError(f"{where}: author 'verified' must be true or false")
    return Author(
        id=_need(raw, "id", str, where),
        handle=_need(raw, "handle", str, where),
        name=_need(raw, "name", str, where),
        verified=verified,
        type=kind,
    )


def _where(source: str, post: Post) -> str:
    """Name a post's line in an error."""
    return f"{source}:{post.line}" if post.line is not None else f"{source}: post {post.id}"


def check_posts(meta: ScenarioMeta, posts: list[Post], source: str) -> None:
    """Whole-scenario rules: unique ids, parents that exist and come first, X ids in time order."""
    seen: dict[tuple[str, str], Post] = {}
    for post in posts:
        key = (post.platform, post.id)
        if key in seen:
            first = _where(source, seen[key])
            raise ScenarioError(f"{_where(source, post)}: duplicate {post.platform} id {post.id} (first at {first})")
        seen[key] = post
    for post in posts:
        check_parent(meta, post, seen.get((post.platform, post.reply_to or "")), source)
    check_x_order([p for p in posts if p.platform == "x"], source)


def check_parent(meta: ScenarioMeta, post: Post, parent: Post | None, source: str) -> None:
    """A reply's parent must exist (X excepted: it may reply to an older, unseen tweet)."""
    where = _where(source, post)
    if post.platform == "facebook":
        if post.kind == "post" and post.author.id != meta.facebook_page.id:
            raise ScenarioError(
                f"{where}: a Facebook 'post' is the Page's own; author.id must be {meta.facebook_page.id}"
            )
        if post.kind == "visitor_post" and post.author.id == meta.facebook_page.id:
            raise ScenarioError(f"{where}: a 'visitor_post' cannot be by the Page itself")
    if not post.reply_to:
        return
    if parent is None:
        if post.platform == "x":
            return
        raise ScenarioError(f"{where}: reply_to {post.reply_to!r} is not in the scenario")
    wanted = {("youtube", "comment"): {"video"}, ("youtube", "reply"): {"comment"}}
    allowed = wanted.get((post.platform, post.kind))
    if allowed and parent.kind not in allowed:
        raise ScenarioError(
            f"{where}: a YouTube {post.kind} must reply to a {'/'.join(sorted(allowed))}, not a {parent.kind}"
        )
    if parent.time > post.time:
        raise ScenarioError(f"{where}: posted before its parent {parent.id} ({_where(source, parent)})")


def check_x_order(x_posts: list[Post], source: str) -> None:
    """X ids must grow with time (since_id/until_id rely on it); `x_posts` is time-sorted."""
    previous: Post | None = None
    for post in x_posts:
        if previous is not None and int(post.id) <= int(previous.id):
            raise ScenarioError(
                f"{_where(source, post)}: X id {post.id} is not greater than {previous.id} "
                f"({_where(source, previous)}), which is earlier or at the same time; "
                "X ids must increase with time"
            )
        previous = post


def snowflake(moment: datetime, sequence: int = 0) -> str:
    """An X-style id for `moment` (ms since X's epoch << 22), for writing scenarios."""
    millis = int(moment.timestamp() * 1000) - _TWEPOCH_MS
    return str((millis << 22) | (sequence & 0x3FFFFF))
