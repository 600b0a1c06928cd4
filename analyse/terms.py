"""Text features of a social post, without spaCy: salient terms, hashtags, handles, links, a copy key.

One regular-expression pass over the text, so it is cheap enough to run on every mention (a few
microseconds per tweet) and the same everywhere: the pipeline, the topic evaluation and the tests.

Choices, so that every caller gets the same words:

- letters repeated three or more times are squeezed to two ("soooo" -> "soo", "gooood" -> "good");
- plurals are trimmed lightly ("floods" -> "flood", "cities" -> "city", "boxes" -> "box");
- stopwords, numbers and words of one or two letters are not terms; hashtag words are kept only as
  hashtags; links and @handles are kept apart from the words;
- only the first ``MAX_CHARS`` characters are read, so a 10,000-character post costs no more than
  a long tweet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from hashlib import blake2b

MAX_CHARS = 2000  # a post longer than this is read up to here: topics never need the rest
DUP_WORDS = 12  # copies share their first words; a retweet cut short with "…" still matches
MAX_WORD = 40  # longer "words" are unspaced scripts or junk, not terms


@dataclass(frozen=True, slots=True)
class TextFeatures:
    """What later stages read from a post's text; all empty for empty or emoji-only text."""

    terms: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    dup_key: str = ""


EMPTY = TextFeatures()

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'“”‘’]+", re.IGNORECASE)
_TOKEN = re.compile(r"@_*[^\W_]\w*|[#＃]?[^\W_]\w*(?:['’]\w+)*")  # a word, a #tag or an @handle (not "@_")
_TRIPLE = re.compile(r"(.)\1\1")  # a cheap test before the slower squeeze
_REPEAT = re.compile(r"([^\W\d_])\1{2,}")
_CONTRACTION = ("s", "t", "re", "ve", "ll", "d", "m")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words(
    """
    a about above after again against all almost also although am among an and another any anybody anyone
    anything anyway anywhere are aren around as at away back be became because become been before being
    below beside besides between beyond both but by came can cannot cant come could couldn did didn do does
    doesn doing don done down during each either else enough etc even ever every everybody everyone
    everything everywhere few for from further get gets getting give given go goes going gone got gotta
    gonna had hadn has hasn have haven having he her here hers herself him himself his how however i if
    im in into is isn it its itself just keep know last later least less let like likely lol lmao made
    make makes many may maybe me might mine more most much must my myself near need neither never
    next no nobody none nor not nothing now of off often oh ok okay on once one only onto or other others
    otherwise our ours ourselves out over own per perhaps please put quite rather really rt said same
    say says see seem seemed seems several shall she should shouldn since so some somebody someone
    something sometime sometimes somewhere still such sure take than that thats the their theirs them
    themselves then there thereby therefore these they thing things this those though through thru thus
    till to today together too took toward towards under until unto up upon us very via wanna was wasn
    way we well went were weren what whatever when whenever where whereas wherever whether which while
    who whoever whole whom whose why will with within without won wont would wouldn yeah yes yet you
    your yours yourself yourselves amp http https www com html php ain isnt dont didnt doesnt wasnt
    youre ive ill id hes shes theyre weve theyll lets gets yall omg tho pls plz thx via cc soo noo yess
    """
)
_NOT_PLURAL = _words(
    """
    news series species always perhaps its has was does yes gas lens chaos texas james christmas whereas
    thanks bias atlas canvas alias kansas arkansas dallas vegas thomas lucas douglas nicholas
    """
)


def squeeze(word: str) -> str:
    """Letters repeated for emphasis count once as a pair: "soooo" and "sooo" are the same word."""
    return _REPEAT.sub(r"\1\1", word)


def singular(word: str) -> str:
    """A light plural trim (no dictionary): enough that "flood" and "floods" are one term."""
    if len(word) < 4 or word[-1] != "s" or word in _NOT_PLURAL:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is", "'s", "’s")):
        return word[:-2] if word[-2] in "'’" else word
    return word[:-1]


@lru_cache(maxsize=1 << 16)
def _term(word: str) -> str:
    """The term a (lower-case, squeezed) word counts as, or "" when it is not salient."""
    if "'" in word or "’" in word:
        head, _, tail = word.replace("’", "'").partition("'")
        if tail in _CONTRACTION:
            word = head
    if len(word) < 3 or len(word) > MAX_WORD or word in STOPWORDS or word.isdigit():
        return ""
    if word[0].isdigit():
        return ""  # "10am", "2nd", "35mph": a number with a unit
    word = singular(word)
    return "" if word in STOPWORDS or len(word) < 3 else word


def _key(words: list[str]) -> str:
    """Copies share their first words; a retweet cut short at 140 characters keeps them whole."""
    if not words:
        return ""
    return blake2b(" ".join(words[:DUP_WORDS]).encode(), digest_size=8).hexdigest()


def text_features(text: str) -> TextFeatures:
    """Terms, hashtags, handles, links and a copy key of one post. Never raises on any str."""
    if not text:
        return EMPTY
    text = text[:MAX_CHARS]
    links: tuple[str, ...] = ()
    if "://" in text or "www." in text or "WWW." in text:
        links = tuple(dict.fromkeys(link.rstrip(".,;:!?)]}…") for link in _URL.findall(text)))
        text = _URL.sub(" ", text)
    text = text.lower()
    if _TRIPLE.search(text):
        text = _REPEAT.sub(r"\1\1", text)
    terms: dict[str, None] = {}
    hashtags: dict[str, None] = {}
    handles: dict[str, None] = {}
    words: list[str] = []  # every word, for the copy key
    for token in _TOKEN.findall(text):
        first = token[0]
        if first == "@":
            handles[token[1:]] = None
        elif first == "#" or first == "＃":
            tag = token[1:]
            if not tag.isdigit():
                hashtags[tag] = None
                words.append(tag)
        elif token != "rt":
            words.append(token)
            term = _term(token)
            if term:
                terms[term] = None
    if not (words or handles or links):
        return EMPTY
    for tag in hashtags:
        terms.pop(tag, None)
        terms.pop(singular(tag), None)
    return TextFeatures(
        terms=tuple(terms),
        hashtags=tuple(hashtags),
        handles=tuple(handles),
        links=links,
        dup_key=_key(words),
    )
