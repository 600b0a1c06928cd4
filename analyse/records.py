"""Plain records the analysis produces and the topics, places, communities and reports read.

Frozen dataclasses with no behaviour, so any piece can be built and tested without spaCy,
the sentiment model or a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

ENGLISH = "en"
UNDETERMINED = "und"  # empty, emoji-only, links-only or too short to tell
SENTIMENTS = ("negative", "neutral", "positive")


@dataclass(frozen=True, slots=True)
class Analysed:
    """What the analysis found in one mention: everything later stages need, nothing they recompute.

    Terms, hashtags, handles, entities and places are normalised (lower case, no ``#``/``@``),
    unique, in order of first appearance. Sentiment is empty for text we do not model (not
    English, or nothing to read); such mentions are still kept and counted.
    """

    platform: str
    id: str
    created_at: datetime
    text: str
    url: str = ""
    author_id: str = ""
    author_handle: str = ""
    author_name: str = ""
    author_public: bool = False  # an organisation or verified account: shown by name, not pseudonymised
    lang: str = UNDETERMINED
    sentiment: str = ""  # negative / neutral / positive, or "" when not modelled
    confidence: float = 0.0
    sentiment_by: str = ""  # "model", or the staff member who corrected it
    terms: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # neighbourhood names exactly as in config
    police_terms: tuple[str, ...] = ()
    community: str = ""  # e.g. "x:conversation:123", "facebook:post:1_2", "youtube:video:abc"
    dup_key: str = ""  # equal for retweets and copies of the same text

    @property
    def key(self) -> tuple[str, str]:
        return (self.platform, self.id)

    @property
    def english(self) -> bool:
        return self.lang == ENGLISH


def sentiment_shares(negative: int, neutral: int, positive: int) -> tuple[float, float, float]:
    """(negative, neutral, positive) shares of the mentions with a sentiment: each in [0, 1], summing to
    at most 1 (float rounding absorbed), all 0.0 when none has one."""
    rated = negative + neutral + positive
    if rated <= 0:
        return 0.0, 0.0, 0.0
    share_negative = negative / rated
    share_positive = min(positive / rated, 1.0 - share_negative)
    return share_negative, max(0.0, min(neutral / rated, 1.0 - share_negative - share_positive)), share_positive
