"""Which of the force's neighbourhoods a mention is about: its text, its hashtags, X geo, the profile.

The gazetteer is the neighbourhoods and landmarks from config (`[[neighbourhoods]]` names and
aliases). It is matched by looking word sequences up in a dict, not with spaCy, because it must
work where spaCy does not run: Polish or Urdu posts that name "Fenham" or "Quayside", X's place
names and profile locations; and it costs ~10 µs a post. Matching is case-insensitive, whole words
only, a leading "the" is optional ("the Quayside" = "Quayside"), a possessive is allowed ("Heaton's"),
and apostrophes and full stops are loose ("St James' Park" = "St. James's Park" = "st james park",
"Grey's Monument" = "Greys Monument").

Where a mention's places come from, strongest first, all kept, in order of first appearance:
the text (including "#Byker"); hashtags and handles written as one word ("#TyneBridge",
"#HeatonPark" match only whole, never "Walker" inside "JohnnyWalker"); X's place for the post. The
author's profile location is used only when none of these names an area: where someone lives says
less about a post than what it says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

_APOSTROPHE_S = re.compile(r"['’](?:s\b)?")
_SEPARATORS = re.compile(r"[\s\-_.]+")
_COMPACT = re.compile(r"[\W_]+")


def phrase_key(phrase: str) -> str:
    """The form two spellings of one phrase share: lower case, no "the ", loose apostrophes and dots."""
    key = _SEPARATORS.sub(" ", _APOSTROPHE_S.sub("", phrase.casefold())).strip()
    return key[4:] if key.startswith("the ") else key


def compact_key(phrase: str) -> str:
    """A phrase as a one-word hashtag or handle writes it: "Tyne Bridge" -> "tynebridge"."""
    return _COMPACT.sub("", phrase_key(phrase))


# A word (apostrophes inside or at the end: "James'", "Heaton's"), or a link or handle, which no
# phrase may start in, end in or span.
_TOKEN = re.compile(r"(?:https?://|www\.)\S+|[@＠]\w+|(\w+(?:['’]\w+)*['’]?)", re.IGNORECASE)
_GAP = re.compile(r"[\s\-.&]*")  # what may stand between the words of a phrase: "Tyne  Bridge", "St. James"


def _normal(word: str) -> str:
    word = word.casefold()
    if word[-1] in "'’":
        return word[:-1]
    if len(word) > 2 and word[-2] in "'’" and word[-1] == "s":
        return word[:-2]
    return word


Word = tuple[int, int, str]  # start, end, normal form


def words_of(text: str) -> list[Word | None]:
    """(start, end, normal form) per word; None for a link or handle (a phrase never crosses one)."""
    return [(m.start(1), m.end(1), _normal(m.group(1))) if m.group(1) else None for m in _TOKEN.finditer(text)]


def _keys(phrase: str) -> list[str]:
    """The word sequences that mean `phrase`: without "the", and where config writes a possessive
    ("Grey's Monument") also with a plain s ("Greys Monument")."""
    found = [w for w in words_of(phrase) if w is not None]
    if len(found) > 1 and found[0][2] == "the":
        found = found[1:]
    spellings = [(w, w + "s") if phrase[s:e].endswith(("'", "’", "'s", "’s")) else (w,) for s, e, w in found]
    return [" ".join(words) for words in product(*spellings)]


@dataclass(frozen=True, slots=True)
class Match:
    """One phrase found in a text: where, as written, and what it stands for."""

    start: int
    end: int
    text: str
    label: str


class PhraseTable:
    """Case-insensitive whole-word lookup of phrases, each standing for a label (an area, a term).

    The text is split into words once and word sequences are looked up longest first, so "Heaton
    Park" wins over "Heaton" and the cost is a few dict lookups per word however many phrases there
    are. Plain dicts: picklable, so a worker process can receive one.
    """

    def __init__(self, phrases: Mapping[str, str]) -> None:
        self.labels: dict[str, str] = {}  # "tyne bridge" -> "Quayside"
        self.compact: dict[str, str] = {}  # "tynebridge" -> "Quayside"
        for phrase, label in phrases.items():
            for key in _keys(phrase):
                self.labels.setdefault(key, label)
            for word in (compact_key(phrase), _COMPACT.sub("", phrase.casefold())):
                if word:
                    self.compact.setdefault(word, label)
        # every first part of a longer phrase ("tyne", "st james"): only these are worth extending
        self.prefixes = {key.rsplit(" ", n)[0] for key in self.labels for n in range(1, key.count(" ") + 1)}

    def __bool__(self) -> bool:
        return bool(self.labels)

    def find(self, text: str, words: Sequence[Word | None] | None = None) -> list[Match]:
        """Every phrase in `text`, in order; a leading "the" is part of the match when present.
        `words` is `words_of(text)`, when the caller has it already for another table."""
        if not self.labels or not text:
            return []
        if words is None:
            words = words_of(text)
        labels, prefixes, found = self.labels, self.prefixes, []
        i, count = 0, len(words)
        while i < count:
            first = words[i]
            if first is None:
                i += 1
                continue
            key, n = first[2], 1
            hit = (1, key) if key in labels else None
            while key in prefixes and i + n < count:
                following, last = words[i + n], words[i + n - 1]
                if following is None or last is None or not _GAP.fullmatch(text, last[1], following[0]):
                    break
                key = f"{key} {following[2]}"
                n += 1
                if key in labels:
                    hit = (n, key)
            if hit is None:
                i += 1
                continue
            n, key = hit
            last = words[i + n - 1]
            start, end = first[0], last[1] if last else first[1]
            before = words[i - 1] if i else None
            if before is not None and before[2] == "the" and _GAP.fullmatch(text, before[1], start):
                start = before[0]
            found.append(Match(start, end, text[start:end], labels[key]))
            i += n
        return found

    def labels_in(self, text: str, words: Sequence[Word | None] | None = None) -> tuple[str, ...]:
        """The labels of the phrases in `text`, each once, in order of first appearance."""
        return tuple(dict.fromkeys(m.label for m in self.find(text, words)))

    def label_of_word(self, word: str) -> str | None:
        """The label of a one-word form ("tynebridge", "#HeatonPark"), or None."""
        if not word:
            return None
        word = _COMPACT.sub("", word.casefold())
        return self.compact.get(word) or (self.compact.get(word[3:]) if word.startswith("the") else None)


def gazetteer(neighbourhoods: Iterable[tuple[str, Sequence[str]]]) -> PhraseTable:
    """Area names and aliases -> the area's name exactly as config spells it."""
    phrases: dict[str, str] = {}
    for name, aliases in neighbourhoods:
        for phrase in (name, *aliases):
            phrases.setdefault(phrase, name)
    return PhraseTable(phrases)


def areas_in_words(table: PhraseTable, tags: Iterable[str]) -> tuple[str, ...]:
    """Areas named by hashtags or handles written as one word."""
    return tuple(dict.fromkeys(area for tag in tags if (area := table.label_of_word(tag))))


def x_place_names(raw: Mapping[str, Any]) -> tuple[str, ...]:
    """The names of the post's X place (the `geo.place_id` expansion), when the collector kept it."""
    place = raw.get("place")
    if isinstance(place, str):
        return (place,)
    if not isinstance(place, Mapping):
        return ()
    return tuple(str(place[k]) for k in ("name", "full_name") if isinstance(place.get(k), str) and place[k])


def profile_location(raw: Mapping[str, Any]) -> str:
    """The author's own "location" line (X user field), or ""."""
    author = raw.get("author")
    location = author.get("location") if isinstance(author, Mapping) else None
    return location if isinstance(location, str) else ""


def places_of(
    table: PhraseTable,
    *,
    text_areas: Sequence[str] = (),
    tags: Iterable[str] = (),
    raw: Mapping[str, Any] | None = None,
) -> tuple[str, ...]:
    """A mention's areas: those its text names (`text_areas`, already found), its one-word hashtags
    and handles name, or its X place names, in that order; else the profile location's."""
    if not table:
        return ()
    raw = raw if isinstance(raw, Mapping) else {}
    found = [*text_areas, *areas_in_words(table, tags)]
    for name in x_place_names(raw):
        found += table.labels_in(name)
    if not found:
        found += table.labels_in(profile_location(raw))
    return tuple(dict.fromkeys(found))
