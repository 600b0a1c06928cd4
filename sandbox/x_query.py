"""A working subset of X's search query language, compiled to a predicate over posts.

Collectors' queries (keywords, phrases, @mentions, #tags, from:, -is:retweet ...) must select
the same posts they would on X, or the sandbox would hide query bugs. Supported: space = AND
(binding tighter than OR), OR, parentheses, "quoted phrases", -negation, @user, #tag, from:,
to:, lang:, is:retweet, is:reply, is:quote, is:verified, has:links, has:mentions, has:hashtags,
has:geo, has:media, place:, conversation_id:, url:. Matching is case-insensitive on whole words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sandbox.scenario import Post

_WORD = re.compile(r"[\w']+")
_OPERATOR = re.compile(r"^([a-z_]+):(.+)$")
# Real X operators the sandbox does not model: refused with X's own message rather than ignored.
_KNOWN_UNSUPPORTED = frozenset(
    {
        "bio",
        "bio_name",
        "bio_location",
        "bounding_box",
        "cashtag",
        "context",
        "entity",
        "followers_count",
        "in_reply_to_tweet_id",
        "list",
        "point_radius",
        "quotes_of",
        "retweets_of",
        "sample",
        "source",
        "url_title",
        "url_description",
    }
)


class QueryError(ValueError):
    """A query X would refuse with 400 Invalid Request."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a predicate may look up beyond the post: reply targets and conversations."""

    reply_target: Callable[[Post], str | None]  # lower-cased username, or None
    conversation_id: Callable[[Post], str]


Predicate = Callable[[Post, Context], bool]


def compile_query(query: str) -> Predicate:
    """Parse `query` and return a predicate; raises QueryError with X's wording."""
    if not query.strip():
        raise QueryError("The `query` query parameter can not be empty")
    parser = _Parser(_tokenize(query))
    predicate = parser.expression()
    if parser.peek() is not None:
        raise QueryError(f"There were errors processing your request: unexpected ')' in {query!r}")
    return predicate


def _tokenize(query: str) -> list[tuple[str, str, bool]]:
    """(kind, text, negated) tokens; kinds: '(' ')' OR PHRASE TERM."""
    tokens: list[tuple[str, str, bool]] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char.isspace():
            i += 1
            continue
        negated = char == "-" and i + 1 < n and not query[i + 1].isspace()
        if negated:
            i += 1
            char = query[i]
        if char == "(":
            tokens.append(("(", "(", negated))
            i += 1
        elif char == ")":
            tokens.append((")", ")", False))
            i += 1
        elif char == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise QueryError("There were errors processing your request: unbalanced quotes")
            tokens.append(("PHRASE", query[i + 1 : end], negated))
            i = end + 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '()"':
                j += 1
            text = query[i:j]
            kind = "OR" if text == "OR" and not negated else "TERM"
            tokens.append((kind, text, negated))
            i = j
    return tokens


class _Parser:
    """Recursive descent: expr := and ('OR' and)*; and := unary+; unary := '-'? primary."""

    def __init__(self, tokens: list[tuple[str, str, bool]]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> tuple[str, str, bool] | None:
        """The next token without consuming it."""
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def expression(self) -> Predicate:
        """OR of AND-groups."""
        options = [self.conjunction()]
        while (token := self.peek()) is not None and token[0] == "OR":
            self.pos += 1
            options.append(self.conjunction())
        if len(options) == 1:
            return options[0]

        def any_of(post: Post, ctx: Context) -> bool:
            return any(option(post, ctx) for option in options)

        return any_of

    def conjunction(self) -> Predicate:
        """Adjacent terms, all of which must match."""
        parts: list[Predicate] = []
        while (token := self.peek()) is not None and token[0] not in ("OR", ")"):
            parts.append(self.unary())
        if not parts:
            raise QueryError("There were errors processing your request: empty clause near OR/()")
        if len(parts) == 1:
            return parts[0]

        def all_of(post: Post, ctx: Context) -> bool:
            return all(part(post, ctx) for part in parts)

        return all_of

    def unary(self) -> Predicate:
        """A term, phrase or group, possibly negated."""
        kind, text, negated = self.tokens[self.pos]
        self.pos += 1
        if kind == "(":
            inner = self.expression()
            closing = self.peek()
            if closing is None or closing[0] != ")":
                raise QueryError("There were errors processing your request: missing ')'")
            self.pos += 1
        elif kind == "PHRASE":
            inner = _phrase(text)
        else:
            inner = _term(text)
        if negated:
            return lambda post, ctx: not inner(post, ctx)
        return inner


def _phrase(text: str) -> Predicate:
    """Exact word sequence, case-insensitive."""
    words = tuple(w.lower() for w in _WORD.findall(text))
    if not words:
        return lambda post, ctx: True
    size = len(words)

    def match(post: Post, ctx: Context) -> bool:
        seq = post.word_list
        if not set(words) <= post.words:
            return False
        return any(seq[i : i + size] == words for i in range(len(seq) - size + 1))

    return match


def _term(text: str) -> Predicate:
    """One keyword, @mention, #hashtag or operator."""
    if text.startswith("@") and len(text) > 1:
        name = text[1:].lower()
        return lambda post, ctx: name in post.mentions
    if text.startswith("#") and len(text) > 1:
        tag = text[1:].lower()
        return lambda post, ctx: tag in post.hashtags
    operator = _OPERATOR.match(text)
    if operator and not text.startswith(("http:", "https:")):
        return _operator(operator.group(1), operator.group(2))
    words = tuple(w.lower() for w in _WORD.findall(text))
    if len(words) == 1:
        word = words[0]
        return lambda post, ctx: word in post.words
    return _phrase(text)


def _operator(name: str, value: str) -> Predicate:
    """from:, to:, lang:, is:, has:, place:, conversation_id:, url:."""
    low = value.lower().lstrip("@")
    simple: dict[str, Predicate] = {
        "from": lambda post, ctx: post.author.handle.lower() == low or post.author.id == value,
        "to": lambda post, ctx: ctx.reply_target(post) == low,
        "lang": lambda post, ctx: post.lang.lower() == low,
        "place": lambda post, ctx: bool(post.place) and low in (post.place or "").lower(),
        "conversation_id": lambda post, ctx: ctx.conversation_id(post) == value,
        "url": lambda post, ctx: low in post.text.lower(),
    }
    if name in simple:
        return simple[name]
    flags: dict[str, dict[str, Predicate]] = {
        "is": {
            "retweet": lambda post, ctx: post.text.startswith("RT @"),
            "reply": lambda post, ctx: post.reply_to is not None,
            "quote": lambda post, ctx: False,
            "verified": lambda post, ctx: post.author.verified,
            "nullcast": lambda post, ctx: False,
        },
        "has": {
            "links": lambda post, ctx: "http://" in post.text or "https://" in post.text,
            "mentions": lambda post, ctx: bool(post.mentions),
            "hashtags": lambda post, ctx: bool(post.hashtags),
            "geo": lambda post, ctx: post.place is not None,
            "media": lambda post, ctx: False,
            "images": lambda post, ctx: False,
            "videos": lambda post, ctx: False,
            "cashtags": lambda post, ctx: "$" in post.text,
        },
    }
    if name in flags and low in flags[name]:
        return flags[name][low]
    if name in flags or name in _KNOWN_UNSUPPORTED:
        raise QueryError(
            f"There were errors processing your request: Reference to invalid operator "
            f"'{name}:{value}'. Operator is not available in current product or product "
            "packaging."
        )
    raise QueryError(f"There were errors processing your request: Reference to invalid operator '{name}'")
