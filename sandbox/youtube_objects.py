"""YouTube Data API v3 resources (comment, commentThread, video, searchResult) from posts.

Shapes follow the resources in googleapiclient's bundled youtube.v3 discovery document; counts
in `statistics` are strings, as the real API sends them.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from datetime import datetime
from typing import Any

from sandbox.scenario import Post
from sandbox.wire import youtube_time
from sandbox.world import World

_URL = re.compile(r"https?://[^\s<]+")
_ALIASES = {
    "views": ("viewCount", "view_count", "views"),
    "likes": ("likeCount", "like_count", "likes"),
}


def etag(*parts: str) -> str:
    """A stable etag (27 chars, like the real ones) from the parts of a resource."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:27]


def metric(post: Post, name: str) -> int:
    """viewCount / likeCount from the scenario's metrics, under any usual spelling."""
    return next((post.metric(a) for a in _ALIASES[name] if a in post.metrics), 0)


def display(text: str, text_format: str) -> str:
    """textDisplay: HTML (links and line breaks) by default, or the plain text."""
    if text_format == "plainText":
        return text
    escaped = html.escape(text, quote=False)
    linked = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
    return linked.replace("\n", "<br>")


class YouTubeRenderer:
    """Builds YouTube resources as of one moment in the world."""

    def __init__(self, world: World, now: datetime) -> None:
        self.world = world
        self.now = now

    def video_of(self, post: Post) -> Post | None:
        """The video a comment or reply belongs to."""
        current: Post | None = post
        while current is not None and current.kind != "video":
            current = self.world.get("youtube", current.reply_to or "")
        return current

    def replies(self, comment: Post) -> list[Post]:
        """Visible replies to a top-level comment, oldest first."""
        return self.world.children("youtube", comment.id, self.now)

    def comment(self, post: Post, text_format: str = "html") -> dict[str, Any]:
        """A youtube#comment resource."""
        video = self.video_of(post)
        handle = post.author.handle if post.author.handle.startswith("@") else ("@" + post.author.handle)
        snippet: dict[str, Any] = {
            "channelId": video.author.id if video else "",
            "videoId": video.id if video else "",
            "textDisplay": display(post.text, text_format),
            "textOriginal": post.text,
            "authorDisplayName": handle,
            "authorProfileImageUrl": f"https://yt3.ggpht.com/ytc/{post.author.id}=s48-c-k-c0x00ffffff-no-rj",
            "authorChannelUrl": f"http://www.youtube.com/{handle}",
            "authorChannelId": {"value": post.author.id},
            "canRate": True,
            "viewerRating": "none",
            "likeCount": metric(post, "likes"),
            "publishedAt": youtube_time(post.time),
            "updatedAt": youtube_time(post.time),
        }
        if post.kind == "reply":
            snippet["parentId"] = post.reply_to
        return {
            "kind": "youtube#comment",
            "etag": etag(post.id, post.text),
            "id": post.id,
            "snippet": snippet,
        }

    def thread(self, top: Post, parts: set[str], text_format: str) -> dict[str, Any]:
        """A youtube#commentThread: the top-level comment plus up to 5 recent replies."""
        video = self.video_of(top)
        replies = self.replies(top)
        out: dict[str, Any] = {
            "kind": "youtube#commentThread",
            "etag": etag("thread", top.id, str(len(replies))),
            "id": top.id,
        }
        if "snippet" in parts:
            out["snippet"] = {
                "channelId": video.author.id if video else "",
                "videoId": video.id if video else "",
                "topLevelComment": self.comment(top, text_format),
                "canReply": True,
                "totalReplyCount": len(replies),
                "isPublic": True,
            }
        if "replies" in parts and replies:
            recent = list(reversed(replies[-5:]))
            out["replies"] = {"comments": [self.comment(r, text_format) for r in recent]}
        return out

    def video(self, post: Post, parts: set[str]) -> dict[str, Any]:
        """A youtube#video with snippet and/or statistics."""
        out: dict[str, Any] = {
            "kind": "youtube#video",
            "etag": etag("video", post.id),
            "id": post.id,
        }
        if "snippet" in parts:
            out["snippet"] = {
                "publishedAt": youtube_time(post.time),
                "channelId": post.author.id,
                "title": post.title or "",
                "description": post.text,
                "thumbnails": self.thumbnails(post.id),
                "channelTitle": post.author.name,
                "categoryId": "25",
                "liveBroadcastContent": "none",
                "defaultAudioLanguage": post.lang,
                "localized": {"title": post.title or "", "description": post.text},
            }
        if "statistics" in parts:
            comments = self.world.children("youtube", post.id, self.now)
            total = len(comments) + sum(len(self.replies(c)) for c in comments)
            out["statistics"] = {
                "viewCount": str(metric(post, "views")),
                "likeCount": str(metric(post, "likes")),
                "favoriteCount": "0",
                "commentCount": str(total),
            }
        return out

    def search_result(self, post: Post) -> dict[str, Any]:
        """A youtube#searchResult for a video."""
        return {
            "kind": "youtube#searchResult",
            "etag": etag("search", post.id),
            "id": {"kind": "youtube#video", "videoId": post.id},
            "snippet": {
                "publishedAt": youtube_time(post.time),
                "channelId": post.author.id,
                "title": post.title or "",
                "description": post.text[:160],
                "thumbnails": self.thumbnails(post.id),
                "channelTitle": post.author.name,
                "liveBroadcastContent": "none",
                "publishTime": youtube_time(post.time),
            },
        }

    @staticmethod
    def thumbnails(video_id: str) -> dict[str, Any]:
        """The three standard thumbnail sizes."""
        base = f"https://i.ytimg.com/vi/{video_id}"
        return {
            "default": {"url": f"{base}/default.jpg", "width": 120, "height": 90},
            "medium": {"url": f"{base}/mqdefault.jpg", "width": 320, "height": 180},
            "high": {"url": f"{base}/hqdefault.jpg", "width": 480, "height": 360},
        }
