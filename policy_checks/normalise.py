"""The copy of a draft that the rules read, and the map back to the text as typed.

People dodge word lists with look-alike letters ("SЕCRET" with a Cyrillic Е), invisible characters
("SEC\u200bRET"), full-width or styled letters ("𝐒𝐄𝐂𝐑𝐄𝐓") and leetspeak ("S3CRET"). Rules read a
normalised copy so one pattern catches every spelling, while every finding still points at the
characters the author typed: each normalised character remembers the index it came from.

Two copies are made, both with the same offsets:

* ``text``: NFKC, accents and invisible characters removed, look-alikes folded to Latin. Safe for
  every rule, including those that read digits (phone numbers, registrations, postcodes).
* ``folded``: ``text`` with leetspeak undone inside words ("S3CRET" -> "SECRET"). Only word-list
  rules read it; it would spoil numbers such as "A61" or "LS1 4AP", so it leaves those alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Characters that render as nothing (or nearly) and are used to split words invisibly.
_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u200b\u200c\u200d\u200e"
    "\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u206a\u206b\u206c\u206d\u206e\u206f\u3164\ufeff\uffa0"
)

# Look-alike letters from other scripts, folded to the Latin letter they imitate.
_CONFUSABLES = {
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "Ӏ": "I", "ё": "e", "Ё": "E",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "α": "a", "ι": "i", "κ": "k",
    "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
    # Latin look-alikes and symbols
    "ı": "i", "ȷ": "j", "ℓ": "l", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
    "\u2014": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
}  # fmt: skip

_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
_LEET_TOKEN = re.compile(r"[A-Za-z0-9@$!]+")
# Tokens that mix letters and digits legitimately: road numbers (A61, M62), postcodes (LS1, 4AP),
# times and ordinals (10am, 1st), sizes (4x4), registrations (AB12), codes (COVID19, IC1).
_LEGIT_ALNUM = re.compile(
    r"""^(?:
        [A-Za-z]{1,2}\d{1,4}[A-Za-z]?        # A61, M62, LS1, B6154, AB12, LS1A
      | \d+[A-Za-z]{1,3}                     # 4pm, 1st, 3QP, 10am, 24hr, 5k
      | \d+(?:mph|kph|hrs|mins|yrs)          # 30mph
      | [A-Za-z]+\d{2,}                      # COVID19, Op2024
      | \d+[xX]\d+                           # 4x4
    )$""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Normalised:
    """A normalised copy of ``original`` with, for each of its characters, the source index."""

    original: str
    text: str
    folded: str
    sources: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to the smallest original span covering it."""
        if not self.sources:
            return (0, 0)
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if start == end:
            at = self.sources[start] if start < len(self.sources) else len(self.original)
            return (at, at)
        first = self.sources[start]
        last = self.sources[end - 1]
        # Extend to the end of the original character (a surrogate-free str: one index each).
        return (first, last + 1)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """What one typed character becomes in the normalised copy ("" when it is dropped)."""
    if char in _INVISIBLE:
        return ""
    category = unicodedata.category(char)
    if category in ("Cf", "Mn"):
        return ""  # format characters and combining marks (variation selectors, zalgo)
    if char in _CONFUSABLES:
        return _CONFUSABLES[char]
    composed = unicodedata.normalize("NFKC", char)
    decomposed = unicodedata.normalize("NFD", composed)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    out = "".join(_CONFUSABLES.get(c, c) for c in kept)
    if out == "\u00a0" or (len(out) == 1 and unicodedata.category(out) == "Zs"):
        return " "
    return out


def _undo_leet(text: str) -> str:
    """Replace leet digits inside word-like tokens, keeping the length (offsets stay valid)."""

    def fix(match: re.Match[str]) -> str:
        token = match.group(0)
        letters = sum(c.isalpha() for c in token)
        leet = sum(c in _LEET for c in token)
        if letters < 2 or leet == 0 or _LEGIT_ALNUM.match(token) or token.isdigit():
            return token
        upper = sum(c.isupper() for c in token) > letters / 2
        out = []
        for c in token:
            rep = _LEET.get(c)
            out.append((rep.upper() if upper else rep) if rep else c)
        return "".join(out)

    return _LEET_TOKEN.sub(fix, text)


def normalise(original: str) -> Normalised:
    """Build the normalised copies of ``original`` and the map back to it."""
    pieces: list[str] = []
    sources: list[int] = []
    index = 0
    length = len(original)
    while index < length:
        char = original[index]
        if char == "\r" and index + 1 < length and original[index + 1] == "\n":
            index += 1
            continue
        if char.isascii() and char != "\r":
            pieces.append(char)
            sources.append(index)
        else:
            folded = _fold_char(char)
            if char == "\r":
                folded = "\n"
            for out in folded:
                pieces.append(out)
                sources.append(index)
        index += 1
    text = "".join(pieces)
    return Normalised(original, text, _undo_leet(text), tuple(sources))
