"""X API v2 request parameters: the names each endpoint accepts, checked as X checks them.

X answers an unknown parameter, an out-of-range max_results or a malformed id with 400 and a
message naming the parameter; a collector with a typo should meet that here first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from sandbox import x_errors as err
from sandbox.limits import Window
from sandbox.wire import Refused, parse_time
from sandbox.x_objects import TWEET_EXPANSIONS, FieldError, Fields, parse_fields


def _names(text: str) -> frozenset[str]:
    """A frozenset from a space-separated list."""
    return frozenset(text.split())


FIELD_PARAMS = _names("expansions tweet.fields post.fields user.fields place.fields media.fields poll.fields")
TIMELINE_PARAMS = FIELD_PARAMS | _names("since_id until_id start_time end_time max_results pagination_token")
SEARCH_PARAMS = TIMELINE_PARAMS | _names("query next_token sort_order")
ID = re.compile(r"^[0-9]{1,19}$")
# Real X caps usernames at 15 characters; the sandbox allows longer ones so a scenario
# handle such as 'NorthshirePolice' (16) still works. Keep scenario handles <= 15.
USERNAME = re.compile(r"^[A-Za-z0-9_]{1,50}$")
# The properties of CreatePostsRequest in the OpenAPI spec (additionalProperties: false).
CREATE_KEYS = _names(
    "card_uri community_id direct_message_deep_link edit_options for_super_followers_only geo "
    "made_with_ai media nullcast paid_partnership poll quote_tweet_id reply reply_settings "
    "share_with_followers text"
)
_URL = re.compile(r"https?://\S+")


def rate_headers(window: Window) -> dict[str, str]:
    """The three x-rate-limit headers X sends on every response."""
    return {
        "x-rate-limit-limit": str(window.limit),
        "x-rate-limit-remaining": str(window.remaining),
        "x-rate-limit-reset": str(window.reset_epoch),
    }


def check_params(query: Mapping[str, str], allowed: frozenset[str]) -> None:
    """X refuses unknown query parameters."""
    for name, value in query.items():
        if name not in allowed:
            message = f"The query parameter [{name}] is not one of [{','.join(sorted(allowed))}]"
            raise Refused(err.invalid_request(message, name, [value]))


def int_param(query: Mapping[str, str], name: str, low: int, high: int, default: int) -> int:
    """An integer parameter within [low, high]."""
    raw = query.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        message = f"The `{name}` query parameter value [{raw}] is not between {low} and {high}"
        raise Refused(err.invalid_request(message, name, [raw]))
    return int(raw)


def id_param(query: Mapping[str, str], name: str) -> int | None:
    """A numeric id parameter (since_id, until_id)."""
    raw = query.get(name)
    if raw is None:
        return None
    if not ID.match(raw):
        message = f"The `{name}` query parameter value [{raw}] does not match ^[0-9]{{1,19}}$"
        raise Refused(err.invalid_request(message, name, [raw]))
    return int(raw)


def time_param(query: Mapping[str, str], name: str) -> datetime | None:
    """An RFC 3339 time parameter (start_time, end_time)."""
    raw = query.get(name)
    if raw is None:
        return None
    try:
        return parse_time(raw)
    except ValueError:
        message = f"The `{name}` query parameter value [{raw}] is not a valid RFC3339 date-time"
        raise Refused(err.invalid_request(message, name, [raw])) from None


def fields_of(query: Mapping[str, str], expansions: frozenset[str] = TWEET_EXPANSIONS) -> Fields:
    """Parse the field parameters, turning bad values into X's 400."""
    try:
        return parse_fields(query, expansions)
    except FieldError as exc:
        raise Refused(err.invalid_request(str(exc), exc.parameter, exc.bad)) from None


def tweet_length(text: str) -> int:
    """Approximate X's weighted length: every URL counts 23."""
    return len(_URL.sub("x" * 23, text))
