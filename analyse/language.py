"""Which language a post is in: ISO 639-1 codes ("en", "pl", ...), or "und" when there is nothing to tell.

Detection is Google's Compact Language Detector 2 through `pycld2`: the model is compiled into the
wheel (nothing downloaded at run time), it reads ~140,000 short posts a second, and on the Northshire
scenario it was wrong on 10 of 4,488 posts where `py3langid` was wrong on 297 and `lingua` (96 MB,
2,400 posts/s in its fast mode) on 946.

Choices, for a UK force's mentions:

- The text is read without links, @handles and #hashtags: they are names, not language, and a
  Polish post that starts with "@NorthshirePolice" must still read as Polish.
- No letters left (empty, emoji only, links, handles or numbers only) -> "und", whatever the
  platform said.
- A platform's own code (X gives one per post) is trusted when it is a real language code; X's
  "und", "zxx" and "q.." codes (undetermined, media, hashtags only, ...) are not languages, so
  we detect instead.
- English is the prior: CLD2 is asked with an English hint, Scots ("sco", which CLD2 says of
  Geordie: "Hope nobody's hurt", "Byker Mam sending love x") counts as English, and text that
  CLD2 cannot place but that is written in the Latin alphabet without accents counts as English.
  A short post is far more likely to be English than anything else here, and an English post
  wrongly set aside loses its sentiment, while a foreign one wrongly kept gets a noisy one.
"""

from __future__ import annotations

import re

import pycld2

from analyse.records import ENGLISH, UNDETERMINED

MAX_CHARS = 1000  # the language of a post shows in its first lines; CLD2's cost grows with length

_NOT_LANGUAGE = re.compile(r"(?:https?://|www\.)\S+|[@#＃]\w+", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_OLD_CODES = {"in": "id", "iw": "he", "ji": "yi", "jw": "jv", "sco": ENGLISH, "fil": "tl", "nb": "no"}
_NO_LANGUAGE = {"und", "zxx", "art", "xx", "un", "mis", "mul"}


def normalise_code(code: str) -> str:
    """A platform's or CLD2's language code as a bare lower-case ISO code ("zh-Hant" -> "zh"), or ""."""
    base = code.strip().lower().replace("_", "-").split("-", 1)[0]
    base = _OLD_CODES.get(base, base)
    if not base.isalpha() or not 2 <= len(base) <= 3 or base in _NO_LANGUAGE:
        return ""
    if len(base) == 3 and base.startswith("q"):  # X's qme/qht/qam/qct/qst: media, hashtags, handles...
        return ""
    return base


def readable(text: str) -> str:
    """The part of `text` that shows its language: no links, handles or hashtags, capped."""
    return _NOT_LANGUAGE.sub(" ", text[:MAX_CHARS])


def detect_language(text: str, hint: str = "") -> str:
    """The language of `text` (see the module notes); `hint` is the platform's own code, if any."""
    if not isinstance(text, str) or not text:
        return UNDETERMINED
    words = readable(text)
    if not _LETTER.search(words):
        return UNDETERMINED
    trusted = normalise_code(hint) if hint else ""
    return trusted or _detect(words)


def _detect(words: str) -> str:
    try:
        _, _, details = pycld2.detect(words, bestEffort=True, hintLanguage=ENGLISH)
    except (pycld2.error, ValueError):  # invalid UTF-8 (lone surrogates from a bad import) or control characters
        cleaned = words.encode("utf-8", "replace").decode("utf-8")
        cleaned = "".join(ch if ch.isprintable() else " " for ch in cleaned)
        try:
            _, _, details = pycld2.detect(cleaned, bestEffort=True, hintLanguage=ENGLISH)
        except (pycld2.error, ValueError):
            return _unplaced(words)
    return normalise_code(details[0][1]) or _unplaced(words)


def _unplaced(words: str) -> str:
    """What CLD2 could not place: plain Latin letters are taken as English, anything else as unknown."""
    return ENGLISH if words.isascii() else UNDETERMINED
