"""Phrase matching for watch-words and priority phrases: whole words only, and the spellings people use.

A phrase matches a run of whole words (never part of a word: "fire" is not in "firework"), ignoring
case, with each word in any of its forms:

- endings: plural, -ing, -ed ("stabbing" also finds "stab", "stabs", "stabbed"; "child" finds "children");
- repeated letters: "stabbbing", "shooooting" (runs of a letter are collapsed on both sides);
- hashtags: "#stabbing", and a whole phrase run together: "#missingchild";
- for words of six letters or more, the commonest typing slips: one letter left out, two neighbours
  swapped, or one letter replaced by a key next to it on the keyboard ("explosoin", "exploison",
  "explosiin"). Only these: a general edit distance of one would turn "shooting" into "shouting".
  The first letter is never changed, since slips there are rare and mostly make other words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_WORD = re.compile(r"[#＃]?[^\W_]+(?:'[^\W_]+)*")
_RUN = re.compile(r"(.)\1+")
TYPO_MIN = 6  # words at least this long allow one typing slip
_IRREGULAR = {
    "child": ("children",),
    "knife": ("knives",),
    "man": ("men",),
    "woman": ("women",),
    "person": ("people",),
    "life": ("lives",),
    "wife": ("wives",),
    "thief": ("thieves",),
}
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> dict[str, str]:
    """Keys touching each letter on a QWERTY keyboard: either side, and the two above and below."""
    where = {c: (r, i) for r, row in enumerate(_ROWS) for i, c in enumerate(row)}
    touching = {0: (-1, 1), -1: (0, 1), 1: (-1, 0)}  # row offset -> index offsets (rows are staggered)
    return {
        c: "".join(d for d, (r2, i2) in where.items() if r2 - r in touching and i2 - i in touching[r2 - r])
        for c, (r, i) in where.items()
    }


_NEAR = _neighbours()


def collapse(word: str) -> str:
    """The word with every run of one letter made single ("stabbbing" -> "stabing")."""
    return _RUN.sub(r"\1", word)


def normal(text: str) -> str:
    """Text as phrases are compared: NFKC, case-folded, curly apostrophes straight."""
    return unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")


def words(text: str) -> list[tuple[str, bool]]:
    """(collapsed word, was a hashtag) for each word of `text`."""
    return [
        (token[1:], True) if token[0] in "#＃" else (token, False) for token in _WORD.findall(collapse(normal(text)))
    ]


@lru_cache(maxsize=4096)
def forms(word: str) -> frozenset[str]:
    """The collapsed spellings of one word with its endings: plural, -ing, -ed."""
    w = normal(word)
    stem = w
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not (suffix == "s" and w.endswith("ss")):
            stem = w[: -len(suffix)]
            break
    out = {w, stem, stem + "s", stem + "es", stem + "ing", stem + "ed", *_IRREGULAR.get(w, ())}
    if stem.endswith("e"):
        out |= {stem + "d", stem[:-1] + "ing", stem[:-1] + "ed"}
    elif stem != w:  # "firing" -> "fir": "fire", "fires"
        out |= {stem + "e", stem + "es"}
    if stem.endswith("y"):
        out |= {stem[:-1] + "ies", stem[:-1] + "ied"}
    return frozenset(collapse(f) for f in out)


def slips(word: str) -> frozenset[str]:
    """One typing slip away from `word` (already collapsed): a letter left out, neighbours swapped,
    a letter replaced by a neighbouring key. Never the first letter."""
    out: set[str] = set()
    for i in range(1, len(word)):
        out.add(word[:i] + word[i + 1 :])
        if i + 1 < len(word):
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        for key in _NEAR.get(word[i], ""):
            out.add(word[:i] + key + word[i + 1 :])
    return frozenset(collapse(s) for s in out if s != word)


class PhraseMatcher:
    """Finds which of a list of phrases a text contains. Built once per list; matching is a few set
    look-ups per word, so a minute's mentions cost microseconds each."""

    def __init__(self, phrases: Iterable[str], *, typos: bool = True) -> None:
        self.phrases: list[str] = list(dict.fromkeys(p.strip() for p in phrases if words(p.strip())))
        self._words: list[list[str]] = []
        self._at: dict[str, set[tuple[int, int]]] = {}  # spelling -> (phrase, word position)
        self._joined: dict[str, set[int]] = {}  # a whole phrase as one hashtag
        for index, phrase in enumerate(self.phrases):
            parts = [w for w, _ in words(phrase)]
            self._words.append(parts)
            for position, part in enumerate(parts):
                spellings = set(forms(part))
                if typos and len(part) >= TYPO_MIN:
                    spellings |= {s for f in spellings if len(f) >= TYPO_MIN for s in slips(f)}
                for spelling in spellings:
                    self._at.setdefault(spelling, set()).add((index, position))
            if len(parts) > 1:
                head = "".join(parts[:-1])
                for last in forms(parts[-1]):
                    self._joined.setdefault(collapse(head + last), set()).add(index)

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def find(self, text: str) -> list[str]:
        """The phrases `text` contains, in list order."""
        if not self.phrases:
            return []
        tokens = words(text)
        hits = [self._at.get(w, set()) for w, _ in tokens]
        found: set[int] = set()
        for i, (word, tag) in enumerate(tokens):
            if tag and word in self._joined:
                found |= self._joined[word]
            for index, position in hits[i]:
                if position == 0 and index not in found:
                    parts = self._words[index]
                    if i + len(parts) <= len(tokens) and all((index, k) in hits[i + k] for k in range(1, len(parts))):
                        found.add(index)
        return [self.phrases[i] for i in sorted(found)]
