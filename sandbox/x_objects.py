"""X API v2 objects (Tweet, User, Place) rendered from scenario posts, field by field.

X returns only `id`, `text` and `edit_history_tweet_ids` unless more fields are asked for, and
refuses unknown field names; the sandbox does the same so a collector that forgets to ask for
`created_at` finds out here, not in production. Wire names follow the live API and tweepy
(tweet.fields, edit_history_tweet_ids, public_metrics.retweet_count, includes.users/places);
`post.fields` is accepted as an alias of `tweet.fields`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sandbox.scenario import Post
from sandbox.wire import x_time
from sandbox.world import World, XUser


# Allowed values, from the tweet/user/place field enums of the X API v2 OpenAPI spec.
def _names(text: str) -> frozenset[str]:
    """A frozenset from a space-separated list (keeps the long enums readable)."""
    return frozenset(text.split())


TWEET_FIELDS = _names(
    "article attachments author_id card_uri community_id context_annotations conversation_id "
    "created_at display_text_range edit_controls edit_history_tweet_ids entities geo id "
    "in_reply_to_user_id lang matched_media_notes media_metadata non_public_metrics "
    "note_request_suggestions note_tweet organic_metrics paid_partnership possibly_sensitive "
    "promoted_metrics public_metrics referenced_tweets reply_settings scopes source "
    "suggested_source_links suggested_source_links_with_counts text withheld"
)
USER_FIELDS = _names(
    "affiliation confirmed_email connection_status created_at description entities id "
    "is_identity_verified location most_recent_tweet_id name parody pinned_tweet_id "
    "profile_banner_url profile_image_url protected public_metrics receives_your_dm "
    "subscription subscription_type url username verified verified_followers_count "
    "verified_type withheld"
)
PLACE_FIELDS = _names("contained_within country country_code full_name geo id name place_type")
TWEET_EXPANSIONS = _names(
    "article.cover_media article.media_entities attachments.media_keys "
    "attachments.media_source_tweet attachments.poll_ids author_id edit_history_tweet_ids "
    "entities.mentions.username geo.place_id in_reply_to_user_id "
    "entities.note.mentions.username referenced_tweets.id "
    "referenced_tweets.id.attachments.media_keys referenced_tweets.id.author_id"
)
USER_EXPANSIONS = frozenset({"pinned_tweet_id", "most_recent_tweet_id", "affiliation.user_id"})
_METRIC_ALIASES = {
    "retweet_count": ("retweet_count", "retweets", "repost_count", "reposts"),
    "reply_count": ("reply_count", "replies"),
    "like_count": ("like_count", "likes", "favorite_count"),
    "quote_count": ("quote_count", "quotes"),
    "bookmark_count": ("bookmark_count", "bookmarks"),
    "impression_count": ("impression_count", "impressions", "views"),
}
_URL = re.compile(r"https?://\S+")
_ENTITY_MENTION = re.compile(r"(?<![\w@])@(\w+)")
_ENTITY_TAG = re.compile(r"(?<![\w&])#(\w+)")


class FieldError(ValueError):
    """A fields/expansions value X would refuse with 400."""

    def __init__(self, parameter: str, bad: list[str], allowed: Iterable[str]) -> None:
        self.parameter = parameter
        self.bad = bad
        joined = ",".join(sorted(allowed))
        super().__init__(f"The `{parameter}` query parameter value [{','.join(bad)}] is not one of [{joined}]")


@dataclass(frozen=True, slots=True)
class Fields:
    """Which optional fields and expansions a request asked for."""

    tweet: frozenset[str] = frozenset()
    user: frozenset[str] = frozenset()
    place: frozenset[str] = frozenset()
    expansions: frozenset[str] = frozenset()


def _split(query: Mapping[str, str], name: str, allowed: frozenset[str]) -> frozenset[str]:
    """A comma list parameter, checked against its allowed values."""
    raw = query.get(name, "")
    values = [v.strip() for v in raw.split(",") if v.strip()]
    bad = [v for v in values if v not in allowed]
    if bad:
        raise FieldError(name, bad, allowed)
    return frozenset(values)


def parse_fields(query: Mapping[str, str], expansions: frozenset[str] = TWEET_EXPANSIONS) -> Fields:
    """Read tweet.fields (or post.fields), user.fields, place.fields and expansions."""
    tweet = _split(query, "tweet.fields", TWEET_FIELDS) | _split(query, "post.fields", TWEET_FIELDS)
    return Fields(
        tweet=tweet,
        user=_split(query, "user.fields", USER_FIELDS),
        place=_split(query, "place.fields", PLACE_FIELDS),
        expansions=_split(query, "expansions", expansions),
    )


def place_id(name: str) -> str:
    """A stable 16-hex place id, shaped like X's."""
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:16]


class Renderer:
    """Builds Tweet/User/Place objects and `includes` as of one moment in the world."""

    def __init__(self, world: World, now: datetime) -> None:
        self.world = world
        self.now = now

    def parent(self, post: Post) -> Post | None:
        """The visible tweet this one replies to."""
        return self.world.get("x", post.reply_to, self.now) if post.reply_to else None

    def conversation_id(self, post: Post) -> str:
        """The id of the root of the reply chain (as far as the world knows it)."""
        current, seen = post, set()
        while current.reply_to and current.id not in seen:
            seen.add(current.id)
            parent = self.world.get("x", current.reply_to)
            if parent is None:
                return current.reply_to
            current = parent
        return current.id

    def reply_target(self, post: Post) -> XUser | None:
        """The user a reply is addressed to: the parent's author, else a leading @mention."""
        if not post.reply_to:
            return None
        parent = self.world.get("x", post.reply_to)
        if parent is not None:
            return self.world.x_user(parent.author.id)
        lead = _ENTITY_MENTION.match(post.text.lstrip())
        return self.world.x_user_by_username(lead.group(1)) if lead else None

    def reply_target_name(self, post: Post) -> str | None:
        """Lower-cased username of the reply target, for the `to:` operator."""
        user = self.reply_target(post)
        return user.username.lower() if user else None

    def metrics(self, post: Post) -> dict[str, int]:
        """public_metrics from the scenario's metrics (several spellings accepted)."""
        out = {}
        for name, aliases in _METRIC_ALIASES.items():
            out[name] = next((post.metric(a) for a in aliases if a in post.metrics), 0)
        if not any(a in post.metrics for a in _METRIC_ALIASES["reply_count"]):
            out["reply_count"] = len(self.world.children("x", post.id, self.now))
        return out

    def entities(self, post: Post) -> dict[str, Any]:
        """mentions / hashtags / urls with code-point start and end, as X reports them."""
        out: dict[str, Any] = {}
        mentions = []
        for match in _ENTITY_MENTION.finditer(post.text):
            entity: dict[str, Any] = {
                "start": match.start(),
                "end": match.end(),
                "username": match.group(1),
            }
            user = self.world.x_user_by_username(match.group(1))
            if user:
                entity["id"] = user.id
            mentions.append(entity)
        tags = [{"start": m.start(), "end": m.end(), "tag": m.group(1)} for m in _ENTITY_TAG.finditer(post.text)]
        urls = [
            {
                "start": m.start(),
                "end": m.end(),
                "url": m.group(0),
                "expanded_url": m.group(0),
                "display_url": m.group(0).split("://", 1)[1][:26],
            }
            for m in _URL.finditer(post.text)
        ]
        for name, items in (("mentions", mentions), ("hashtags", tags), ("urls", urls)):
            if items:
                out[name] = items
        return out

    def tweet(self, post: Post, fields: Fields) -> dict[str, Any]:
        """A Tweet object: id, text, edit_history_tweet_ids, plus what `fields` asks for."""
        want = fields.tweet
        out: dict[str, Any] = {
            "id": post.id,
            "text": post.text,
            "edit_history_tweet_ids": [post.id],
        }
        if "created_at" in want:
            out["created_at"] = x_time(post.time)
        if "author_id" in want:
            out["author_id"] = post.author.id
        if "conversation_id" in want:
            out["conversation_id"] = self.conversation_id(post)
        if "in_reply_to_user_id" in want and post.reply_to:
            target = self.reply_target(post)
            if target is not None:
                out["in_reply_to_user_id"] = target.id
        if "referenced_tweets" in want and post.reply_to:
            out["referenced_tweets"] = [{"type": "replied_to", "id": post.reply_to}]
        if "lang" in want:
            out["lang"] = post.lang
        if "public_metrics" in want:
            out["public_metrics"] = self.metrics(post)
        if "geo" in want and post.place:
            out["geo"] = {"place_id": place_id(post.place)}
        if "entities" in want and (entities := self.entities(post)):
            out["entities"] = entities
        if "possibly_sensitive" in want:
            out["possibly_sensitive"] = False
        if "reply_settings" in want:
            out["reply_settings"] = "everyone"
        if "edit_controls" in want:
            out["edit_controls"] = {
                "edits_remaining": 5,
                "is_edit_eligible": True,
                "editable_until": x_time(post.time),
            }
        return out

    def user(self, user: XUser, fields: Fields) -> dict[str, Any]:
        """A User object: id, name, username, plus what `fields` asks for."""
        want = fields.user
        out: dict[str, Any] = {"id": user.id, "name": user.name, "username": user.username}
        if "verified" in want:
            out["verified"] = user.verified
        if "verified_type" in want:
            kind = "government" if user.type == "organisation" else "blue"
            out["verified_type"] = kind if user.verified else "none"
        if "protected" in want:
            out["protected"] = False
        if "description" in want:
            out["description"] = ""
        if "created_at" in want:
            out["created_at"] = "2012-03-01T09:00:00.000Z"
        if "profile_image_url" in want:
            out["profile_image_url"] = f"https://pbs.twimg.com/profile_images/{user.id}/avatar_normal.jpg"
        if "public_metrics" in want:
            out["public_metrics"] = {
                "followers_count": 0,
                "following_count": 0,
                "tweet_count": 0,
                "listed_count": 0,
                "like_count": 0,
            }
        return out

    def place(self, name: str, fields: Fields) -> dict[str, Any]:
        """A Place object: id and full_name by default, as X does."""
        want = fields.place
        out: dict[str, Any] = {"id": place_id(name), "full_name": name}
        if "name" in want:
            out["name"] = name.split(",")[0].strip()
        if "country" in want:
            out["country"] = "United Kingdom"
        if "country_code" in want:
            out["country_code"] = "GB"
        if "place_type" in want:
            out["place_type"] = "city"
        return out

    def includes(self, posts: Iterable[Post], fields: Fields) -> dict[str, Any]:
        """`includes.users` / `includes.places` for the expansions asked for."""
        users: dict[str, XUser] = {}
        places: dict[str, str] = {}
        referenced: dict[str, Post] = {}
        for post in posts:
            if "referenced_tweets.id" in fields.expansions and (parent := self.parent(post)):
                referenced.setdefault(parent.id, parent)
            if "author_id" in fields.expansions and (user := self.world.x_user(post.author.id)):
                users.setdefault(user.id, user)
            if "in_reply_to_user_id" in fields.expansions and (user := self.reply_target(post)):
                users.setdefault(user.id, user)
            if "entities.mentions.username" in fields.expansions:
                for name in _ENTITY_MENTION.findall(post.text):
                    if user := self.world.x_user_by_username(name):
                        users.setdefault(user.id, user)
            if "geo.place_id" in fields.expansions and post.place:
                places.setdefault(place_id(post.place), post.place)
        out: dict[str, Any] = {}
        if users:
            out["users"] = [self.user(u, fields) for u in users.values()]
        if places:
            out["places"] = [self.place(p, fields) for p in places.values()]
        if referenced:
            out["tweets"] = [self.tweet(p, fields) for p in referenced.values()]
        return out
