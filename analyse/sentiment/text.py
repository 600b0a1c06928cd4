"""Text preparation shared by training and inference, so both see exactly the same features.

Everything here is pure and deterministic. The training data (SemEval tweets) has user names as
`@user` and links as `http`; live mentions get the same treatment here, so the model sees what it
was trained on. Emoji, absent from the training data, become words: the common ones the words and
emoticons tweets use for the same feeling ("😂" -> "lol", "😡" -> "angry"), the others their
Unicode names ("🚓" -> "police car"), so that the n-gram features and VADER can use them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

# Longer posts are cut: sentiment is decided in the first paragraphs, and it bounds the work per post.
MAX_CHARS = 2000

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@\w{1,50}")
_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"[\w']+|[^\w\s]")


# Common emoji as the words and emoticons that tweets of the training data use for the same feeling.
# The rest are spelled out by their Unicode names ("🚓" -> "police car").
_EMOJI_WORDS = {
    **dict.fromkeys("😂🤣😆😹", "lol"),
    **dict.fromkeys("😍🥰😘😻💕💖💗💓💞💘❤♥💙💚💛💜🧡🤍🖤", "love <3"),
    **dict.fromkeys("😊🙂😀😃😄😁☺😌😇🤗😺😸", "happy :)"),
    **dict.fromkeys("😉😜😝😛🤪", ";)"),
    **dict.fromkeys("👍👌💯✅🆒", "good"),
    **dict.fromkeys("👏🙌🎉🥳🏆🌟⭐✨", "great"),
    **dict.fromkeys("🙏", "thanks"),
    **dict.fromkeys("😡😠🤬👿💢😤", "angry"),
    **dict.fromkeys("😢😭😞😔☹🙁😥😿💔😪😓", "sad :("),
    **dict.fromkeys("😒🙄😑😐😶", "annoyed"),
    **dict.fromkeys("🤮🤢💩", "disgusting"),
    **dict.fromkeys("😱😨😰😧😦🥺", "scared"),
    **dict.fromkeys("👎❌🚫", "bad"),
    **dict.fromkeys("😬😳🤦", "awkward"),
}


@lru_cache(maxsize=4096)
def _emoji_words(char: str) -> str | None:
    """' love <3 ' or ' police car ' for an emoji or pictograph, None for any other character."""
    if ord(char) < 0x2190 or unicodedata.category(char) not in ("So", "Sk"):
        return None
    if 0x1F3FB <= ord(char) <= 0x1F3FF:  # skin tones
        return " "
    words = _EMOJI_WORDS.get(char) or unicodedata.name(char, "").lower()
    return f" {words} " if words else " "


def clean(text: object) -> str:
    """The text as the model reads it: a str, cut to MAX_CHARS, links and handles as in training."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text[:MAX_CHARS]
    # lone surrogates (from invalid UTF-8 decoded with surrogateescape) would break encoders later
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = _URL.sub("http", text)
    text = _HANDLE.sub("@user", text)
    if not text.isascii():
        parts = []
        for char in text:
            if char.isascii():
                parts.append(char)
            else:
                words = _emoji_words(char)
                # variation selectors, zero-width joiners and skin tones carry no sentiment
                if words is None and unicodedata.category(char) in ("Mn", "Cf", "Sk"):
                    continue
                parts.append(char if words is None else words)
        text = "".join(parts)
    return _WHITESPACE.sub(" ", text).strip()


def word_ngrams(text: str) -> list[str]:
    """Lower-cased word unigrams and bigrams (words and single punctuation marks) of a cleaned text."""
    words = _WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def char_ngrams(text: str, lo: int = 2, hi: int = 5) -> list[str]:
    """Character n-grams inside word boundaries (sklearn's `char_wb`) of a cleaned, lower-cased text."""
    grams: list[str] = []
    for word in text.lower().split():
        grams += word_char_ngrams(word, lo, hi)
    return grams


def word_char_ngrams(word: str, lo: int = 2, hi: int = 5) -> list[str]:
    """The char n-grams of one lower-cased word, padded with a space each side."""
    padded = f" {word} "
    size = len(padded)
    return [padded[start : start + n] for n in range(lo, min(hi, size) + 1) for start in range(size - n + 1)]
