"""Deterministic generator of the Northshire sandbox scenario.

``python -m sandbox.scenarios.generate --out sandbox/scenarios/northshire_day.jsonl`` writes one
day (2026-11-20) of public posts about the fictional Northshire Police on X, Facebook and
YouTube: a header line, then one post per line sorted by time.  :func:`generate_day` returns the
same posts as dicts; :func:`generate_bulk` streams any number of plausible posts for benchmarks.

The day is simulated as a queue of timed events: background chatter shaped like a real day
(quiet at night, morning and evening peaks), the force's scheduled posts with bursts of replies,
and an afternoon warehouse fire whose posts rise from 14:38 to a peak around 16:30 and fade
through the evening.  Replies are always created after what they answer.  Everything is drawn
from one seeded :class:`random.Random`, so a seed always gives the same file.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import json
import math
import random
import re
import string
import sys
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sandbox.scenarios import texts as T

DAY_START = datetime(2026, 11, 20, tzinfo=UTC)
DAY_END = DAY_START + timedelta(days=1)
DEFAULT_SEED = 20261120
DEFAULT_OUT = Path(__file__).with_name("northshire_day.jsonl")

PLATFORMS = ("x", "facebook", "youtube")
FB_PAGE_ID = "100000000000001"
YT_CHANNEL_ID = "UCnorthshirepolice000001"
#: Lower-case strings that put a public X post in the collectors' view (mentions or search).
SEARCH_TERMS = (
    "@northshirepolice",
    "@northshireroads",
    "northshire police",
    "#northshire",
    "northshire cops",
)

_DAY_MS = 86_400_000
_MIN_MS = 60_000
_TWITTER_EPOCH_MS = 1_288_834_974_657
_START_MS = int(DAY_START.timestamp() * 1000)
_B64URL = string.ascii_letters + string.digits + "-_"
_ALNUM = string.ascii_letters + string.digits
_YT_LAST = "AEIMQUYcgkosw048"  # the last character of a real video id carries only 4 bits

#: Background posts per hour of the day (all platforms, before the fire and the force's bursts).
BG_HOURLY = (
    28, 19, 12, 9, 8, 13, 38, 78, 93, 84, 76, 74,
    84, 80, 76, 76, 82, 95, 110, 118, 106, 86, 63, 44,
)  # fmt: skip

#: Public posts per minute about the fire: (HH:MM, rate), linearly interpolated.
FIRE_RATE = (
    ("14:38", 0.0), ("14:45", 0.68), ("15:00", 3.23), ("15:20", 5.52), ("15:45", 6.63),
    ("16:15", 7.31), ("16:45", 7.14), ("17:15", 5.78), ("17:45", 3.74), ("18:15", 2.21),
    ("18:45", 1.36), ("19:30", 0.77), ("20:30", 0.38), ("22:00", 0.21), ("24:00", 0.09),
)  # fmt: skip

FIRE_START = "14:38"
_PERIOD_BOUNDS = (6, 10, 17, 22)  # night | morning | day | evening | late


def _hhmm_ms(text: str) -> int:
    """Milliseconds after midnight for ``HH:MM``."""
    hours, minutes = text.split(":")
    return (int(hours) * 60 + int(minutes)) * _MIN_MS


def _iso(ms: int) -> str:
    """The ISO time (seconds, ``Z``) of a millisecond offset into the day."""
    return (DAY_START + timedelta(milliseconds=ms)).strftime("%Y-%m-%dT%H:%M:%SZ")


def snowflake(unix_ms: int, worker: int = 0, seq: int = 0) -> int:
    """An X-style id: milliseconds since the X epoch, then 10 worker bits and 12 sequence bits."""
    return ((unix_ms - _TWITTER_EPOCH_MS) << 22) | ((worker & 0x3FF) << 12) | (seq & 0xFFF)


# --- authors -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Author:
    """One account as it appears in a post's ``author`` field."""

    id: str
    handle: str
    name: str
    verified: bool = False
    type: str = "person"

    def as_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "id": self.id,
            "handle": self.handle,
            "name": self.name,
            "verified": self.verified,
            "type": self.type,
        }


POLICE: dict[str, Author] = {
    "x": Author("1500000000000000001", "NorthshirePolice", "Northshire Police", True, "organisation"),
    "facebook": Author(FB_PAGE_ID, "NorthshirePolice", "Northshire Police", True, "organisation"),
    "youtube": Author(YT_CHANNEL_ID, "NorthshirePolice", "Northshire Police", True, "organisation"),
}
ROADS_X = Author("1500000000000000002", "NorthshireRoads", "Northshire Police Roads", True, "organisation")

ORGANISATIONS: dict[str, dict[str, Author]] = {
    "council": {
        "x": Author("284913507", "NorthshireCC", "Northshire City Council", True, "organisation"),
        "facebook": Author(
            "100000000000101",
            "NorthshireCityCouncil",
            "Northshire City Council",
            True,
            "organisation",
        ),
    },
    "fire": {
        "x": Author("417092631", "NorthshireFire", "Northshire Fire & Rescue", True, "organisation"),
        "facebook": Author(
            "100000000000102",
            "NorthshireFireRescue",
            "Northshire Fire & Rescue",
            True,
            "organisation",
        ),
    },
    "chronicle": {
        "x": Author("92837465", "NshireChronicle", "Northshire Chronicle", True, "organisation"),
        "facebook": Author("100000000000103", "NorthshireChronicle", "Northshire Chronicle", True, "organisation"),
        "youtube": Author(
            "UCnorthshirechronicle001",
            "NorthshireChronicle",
            "Northshire Chronicle",
            True,
            "organisation",
        ),
    },
    "drone": {"youtube": Author("UCq7Rk2mXz0dTyneSkyVw9Lp", "NorthshireFromAbove", "Northshire From Above")},
    "dashcam": {"youtube": Author("UCm4Hb8sJpQ1dashTyneE2uK", "tynesidedashcam", "Tyneside Dashcam")},
}


@dataclass(slots=True)
class _Person:
    """A member of the public, with an account on some of the platforms."""

    name: str
    lang: str
    weight: float
    accounts: dict[str, Author] = field(default_factory=dict)


def _ascii(text: str) -> str:
    """Letters and digits only, accents folded."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", folded)


class _People:
    """The pool of public accounts, weighted so a few people post a lot."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.rng = rng
        self._taken: set[str] = set()
        self.people: list[_Person] = []
        for _ in range(size):
            if rng.random() < 0.06:
                name = rng.choice(T.NICKNAMES)
            else:
                name = f"{rng.choice(T.FIRST_NAMES)} {rng.choice(T.SURNAMES)}"
            self.people.append(self._person(name, "en"))
        self.speakers: dict[str, list[_Person]] = {}
        for lang, names in T.LANG_NAMES.items():
            group = [self._person(name, lang) for name in names]
            self.speakers[lang] = group
            self.people.extend(group)
        self.pools: dict[str, tuple[list[Author], list[float]]] = {}
        for platform in PLATFORMS:
            members = [p for p in self.people if platform in p.accounts and p.lang == "en"]
            cumulative = list(itertools.accumulate(p.weight for p in members))
            self.pools[platform] = ([p.accounts[platform] for p in members], cumulative)

    def _unique(self, candidate: str, limit: int) -> str:
        """`candidate` cut to `limit`, with digits added until no one else has it."""
        candidate = candidate[:limit] or "user"
        while candidate.lower() in self._taken:
            suffix = str(self.rng.randint(1, 999))
            candidate = candidate[: limit - len(suffix)] + suffix
        self._taken.add(candidate.lower())
        return candidate

    def _person(self, name: str, lang: str) -> _Person:
        """A new person with accounts on one to three platforms."""
        rng = self.rng
        # A heavy tail: most people post once or twice, a few post all day.
        weight = min(rng.paretovariate(1.3), 20.0)
        person = _Person(name, lang, weight)
        parts = name.split()
        first = _ascii(parts[0]) or "geordie"
        last = _ascii(parts[-1]) if len(parts) > 1 else ""
        year = rng.choice((str(rng.randint(60, 99)), str(rng.randint(1970, 2006)), ""))
        hood = _ascii(rng.choice(list(T.NEIGHBOURHOODS)))
        patterns = (
            f"{first}{last}{year}".lower(),
            f"{first}_{last[:1]}".lower(),
            f"{first}{last}",
            f"geordie{first}".lower(),
            f"{first}_{hood}".lower(),
            f"{last}{first[:1]}{year}".lower(),
            f"{first}{year}_",
        )
        chances = (("x", 0.7), ("facebook", 0.55), ("youtube", 0.3))
        chosen = [platform for platform, chance in chances if rng.random() < chance]
        if not chosen:
            chosen = [rng.choice(PLATFORMS)]
        for platform in chosen:
            if platform == "x":
                handle = self._unique(rng.choice(patterns).strip("_") or first, 15)
                if rng.random() < 0.4:
                    account_id = str(rng.randint(10_000_000, 4_000_000_000))
                else:
                    account_id = str(rng.randint(7 * 10**17, 195 * 10**16))
                verified = rng.random() < 0.03
            elif platform == "facebook":
                slug = f"{first}.{last}".strip(".").lower() or first.lower()
                handle = self._unique(f"{slug}.{rng.randint(1, 9999)}", 50)
                account_id = "10" + "".join(rng.choices(string.digits, k=14))
                verified = False
            else:
                handle = self._unique(f"{first}{last}{rng.randint(1, 9999)}".lower(), 30)
                account_id = "UC" + "".join(rng.choices(_B64URL, k=22))
                verified = False
            person.accounts[platform] = Author(account_id, handle, name, verified, "person")
        return person

    def pick(self, platform: str, avoid: Author | None = None, lang: str = "en") -> Author:
        """A weighted random account on `platform` (a speaker of `lang` when not English)."""
        rng = self.rng
        if lang != "en":
            group = [p.accounts[platform] for p in self.speakers[lang] if platform in p.accounts]
            if group:
                return rng.choice(group)
        authors, cumulative = self.pools[platform]
        for _ in range(5):
            author = rng.choices(authors, cum_weights=cumulative)[0]
            if author != avoid:
                return author
        return author


# --- items ---------------------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class _Item:
    """One post while the day is being built (ids for X are given once it is sorted)."""

    platform: str
    kind: str
    t_ms: int
    seq: int
    author: Author
    text: str
    lang: str
    topic: str
    parent: _Item | None = None
    place: str | None = None
    title: str | None = None
    appeal: float = 1.0
    id: str = ""
    root: _Item | None = None
    children: list[_Item] = field(default_factory=list)
    thread: list[_Item] = field(default_factory=list)
    fb_post_n: str = ""

    def descendants(self) -> int:
        """Every reply below this item."""
        return sum(1 + child.descendants() for child in self.children)


class _Slots(dict[str, str]):
    """Template values, made on first use so a slot used twice reads the same."""

    def __init__(self, resolve: Callable[[str, _Slots], str]) -> None:
        super().__init__()
        self._resolve = resolve
        self.hood: str | None = None

    def __missing__(self, key: str) -> str:
        value = self._resolve(key, self)
        self[key] = value
        return value


def _period(t_ms: int) -> int:
    hour = t_ms // 3_600_000
    return sum(hour >= bound for bound in _PERIOD_BOUNDS)


def _interp(points: Sequence[tuple[str, float]], minute: float) -> float:
    """Linear interpolation of (HH:MM, value) control points at `minute` after midnight."""
    xs = [_hhmm_ms(at) / _MIN_MS for at, _ in points]
    if minute < xs[0] or minute >= xs[-1]:
        return 0.0
    for (x0, (_, y0)), (x1, (_, y1)) in itertools.pairwise(zip(xs, points, strict=True)):
        if x0 <= minute < x1:
            return y0 + (y1 - y0) * (minute - x0) / (x1 - x0)
    return 0.0


class _Texture:
    """Makes template English look typed on a phone: emoji, caps, stretched words, typos."""

    _WORD = re.compile(r"^[a-z]{4,}$")

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def caps(self, text: str) -> str:
        """ALL CAPS, leaving mentions, hashtags and links alone."""
        words = text.split(" ")
        return " ".join(w if w[:1] in "@#" or w.startswith("http") else w.upper() for w in words)

    def apply(self, text: str, mood: str | None, rant: float = 0.0) -> str:
        """Roughen `text`; `mood` picks the emoji (None: no emoji)."""
        rng = self.rng
        ranting = rng.random() < rant
        if ranting:
            text = self.caps(text)
        words = text.split(" ")
        if not ranting and rng.random() < 0.09:
            stretchable = [i for i, w in enumerate(words) if w.lower() in T.STRETCH]
            if stretchable:
                i = rng.choice(stretchable)
                words[i] = T.STRETCH[words[i].lower()]
        if not ranting and rng.random() < 0.1:
            for _ in range(rng.choice((1, 1, 1, 2))):
                plain = [i for i, w in enumerate(words) if self._WORD.match(w) or w in T.SLANG]
                if not plain:
                    break
                i = rng.choice(plain)
                words[i] = self._typo(words[i])
        text = " ".join(words)
        if not ranting and rng.random() < 0.06:
            text = " ".join(w if w[:1] in "@#" or w.startswith("http") else w.lower() for w in text.split(" ")).rstrip(
                ".!"
            )
        if ranting and rng.random() < 0.5:
            text = text.rstrip(".") + rng.choice(("!!!", "!!", "!!!!!"))
        has_emoji = any(ord(char) >= 0x2600 for char in text)
        if mood is not None and not has_emoji and rng.random() < 0.24:
            text = f"{text} {rng.choice(T.EMOJI[mood]) * rng.choice((1, 1, 1, 2, 3))}"
        return text

    def _typo(self, word: str) -> str:
        """One slip: slang, swapped, dropped or doubled letters."""
        rng = self.rng
        if word in T.SLANG and rng.random() < 0.7:
            return T.SLANG[word]
        if len(word) < 4:
            return word
        i = rng.randrange(1, len(word) - 1)
        choice = rng.random()
        if choice < 0.4:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if choice < 0.7:
            return word[:i] + word[i + 1 :]
        return word[:i] + word[i] + word[i:]


def _rand(rng: random.Random, alphabet: str, k: int) -> str:
    return "".join(rng.choices(alphabet, k=k))


_CHRON_SLUGS = (
    "huge-fire-elswick-warehouse-live-updates",
    "police-appeal-assault-greys-monument",
    "off-road-bikes-walker-residents-fed-up",
    "knife-crime-figures-northshire-2026",
    "byker-wall-estate-new-neighbourhood-team",
    "shed-break-ins-gosforth-warning",
    "101-wait-times-northshire-police",
)


# --- the day -------------------------------------------------------------------------------------


class _Day:
    """Builds the day's items from a queue of timed events."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people = _People(self.rng, 380)
        self.texture = _Texture(self.rng)
        self.queue: list[tuple[int, int, str, Any]] = []
        self.counter = itertools.count()
        self.items: list[_Item] = []
        self.recent: dict[str, deque[_Item]] = {p: deque(maxlen=700) for p in PLATFORMS}
        self.videos: list[_Item] = []
        self.keyed: dict[str, _Item] = {}
        self.fb_post_n = 122_184_530_000_000_000
        self.fb_comment_m = 1_042_118_730_000_000
        self.ids: dict[str, set[str]] = {p: set() for p in PLATFORMS}
        self.fire_start = _hhmm_ms(FIRE_START)

    # events ----------------------------------------------------------------------------------

    def push(self, t_ms: int, kind: str, payload: Any = None) -> None:
        """Queue an event; anything after midnight is dropped."""
        if 0 <= t_ms < _DAY_MS:
            heapq.heappush(self.queue, (t_ms, next(self.counter), kind, payload))

    def run(self) -> list[_Item]:
        """Queue the day's events, play them in time order, and return the sorted items."""
        rng = self.rng
        for spec in T.SCRIPT:
            self.push(_hhmm_ms(spec["at"]) + rng.randrange(2_000, 58_000), "script", spec)
        for hour, base in enumerate(BG_HOURLY):
            for _ in range(round(base * rng.uniform(0.92, 1.08))):
                self.push(hour * 3_600_000 + rng.randrange(3_600_000), "bg")
        for minute in range(_hhmm_ms(FIRE_START) // _MIN_MS, 24 * 60):
            rate = _interp(FIRE_RATE, minute + 0.5)
            count = int(rate) + (rng.random() < rate - int(rate))
            for _ in range(count):
                self.push(minute * _MIN_MS + rng.randrange(_MIN_MS), "fire")
        handlers = {
            "script": self.on_script,
            "bg": self.on_background,
            "fire": self.on_fire,
            "burst": self.on_burst,
            "answer": self.on_answer,
        }
        while self.queue:
            t_ms, _, kind, payload = heapq.heappop(self.queue)
            handlers[kind](t_ms, payload)
        self.items.sort(key=lambda item: (item.t_ms, item.seq))
        self._assign_x_ids()
        return self.items

    # building blocks ---------------------------------------------------------------------------

    def _resolver(self, platform: str, topic: str, parent: _Item | None, foreign: bool) -> Callable[[str, _Slots], str]:
        """The function that fills each ``{slot}`` of a template for one post."""
        rng = self.rng

        def resolve(key: str, slots: _Slots) -> str:
            if key == "force":
                if platform == "x":
                    return "@NorthshirePolice"
                return rng.choice(("Northshire Police", "Northshire Police", "the police"))
            if key == "roads":
                if platform == "x":
                    return rng.choice(("@NorthshireRoads", "@NorthshireRoads", "@NorthshirePolice"))
                return "Northshire Police"
            if key == "hood":
                spec = T.TOPICS.get(topic, {})
                if topic.startswith("fire"):
                    hood = rng.choice(("Elswick", "Quayside", "Benwell", "Westgate", "Fenham"))
                elif spec.get("hoods"):
                    hood = rng.choice(spec["hoods"])
                else:
                    hood = rng.choices(list(T.HOOD_WEIGHTS), list(T.HOOD_WEIGHTS.values()))[0]
                slots.hood = hood
                return hood if foreign else rng.choice(T.HOOD_SPOKEN[hood])
            if key == "landmark":
                landmark = rng.choice(list(T.LANDMARKS))
                slots.hood = slots.hood or T.LANDMARKS[landmark]
                return landmark
            if key == "near":
                near = rng.choice(T.NEAR_PLACES)
                slots.hood = slots.hood or next((h for h in T.NEIGHBOURHOODS if h.lower() in near.lower()), None)
                return near
            simple: dict[str, Sequence[str]] = {
                "road": T.ROADS,
                "school": T.SCHOOLS,
                "officer": T.OFFICERS,
                "far": T.FAR_PLACES,
                "fake": T.FAKE_SUSPECTS,
                "sig": T.DESK_SIGNATURES,
            }
            if key in simple:
                return rng.choice(simple[key])
            if key == "mins":
                return str(rng.choice((25, 30, 35, 40, 45, 50, 55, 60, 75, 90)))
            if key == "n":
                return str(rng.randint(2, 5))
            if key == "tco":
                return "https://t.co/" + _rand(rng, _ALNUM, 10)
            if key == "chron":
                slug = rng.choice(_CHRON_SLUGS)
                if topic.startswith("fire"):
                    slug = _CHRON_SLUGS[0]
                return (
                    "https://www.northshirechronicle.co.uk/news/northshire-news/"
                    f"{slug}-{rng.randint(30_000_000, 32_000_000)}"
                )
            if key == "at":
                if parent is None:
                    return ""
                if platform == "x":
                    return "@" + parent.author.handle
                return parent.author.name.split()[0]
            if key in self.keyed:
                return self.keyed[key].id
            raise KeyError(key)

        return resolve

    def fill(
        self,
        template: str,
        platform: str,
        topic: str,
        parent: _Item | None = None,
        foreign: bool = False,
    ) -> tuple[str, str | None]:
        """Fill a template; returns the text and the neighbourhood it mentions (if any)."""
        slots = _Slots(self._resolver(platform, topic, parent, foreign))
        text = template.format_map(slots)
        return text[:1].upper() + text[1:], slots.hood

    def make(
        self,
        t_ms: int,
        platform: str,
        kind: str,
        author: Author,
        text: str,
        topic: str,
        *,
        parent: _Item | None = None,
        lang: str = "en",
        place: str | None = None,
        title: str | None = None,
        appeal: float | None = None,
    ) -> _Item:
        """Create, register and return one item (with its id when not on X)."""
        if appeal is None:
            appeal = 4.0 if author.type == "organisation" else 0.5
        item = _Item(
            platform=platform,
            kind=kind,
            t_ms=t_ms,
            seq=next(self.counter),
            author=author,
            text=text,
            lang=lang,
            topic=topic,
            parent=parent,
            place=place,
            title=title,
            appeal=appeal,
        )
        if parent is not None:
            item.root = parent.root or parent
            parent.children.append(item)
            item.root.thread.append(item)
            item.fb_post_n = parent.fb_post_n
        self._give_id(item)
        self.items.append(item)
        self.recent[platform].append(item)
        if kind == "video":
            self.videos.append(item)
        return item

    def _give_id(self, item: _Item) -> None:
        """Facebook and YouTube ids, in each platform's own form."""
        rng = self.rng
        if item.platform == "x":
            return  # X ids follow the final time order; see _assign_x_ids
        if item.platform == "facebook":
            if item.parent is None:
                self.fb_post_n += rng.randint(40_000, 4_000_000)
                item.fb_post_n = str(self.fb_post_n)
                item.id = f"{FB_PAGE_ID}_{item.fb_post_n}"
            else:
                self.fb_comment_m += rng.randint(1_000, 900_000)
                item.id = f"{item.fb_post_n}_{self.fb_comment_m}"
        elif item.kind == "video":
            item.id = _rand(rng, _B64URL, 10) + rng.choice(_YT_LAST)
        elif item.kind == "comment":
            item.id = "Ugz" + _rand(rng, _B64URL, 20)
        else:
            assert item.parent is not None
            item.id = f"{item.parent.id}.{_rand(rng, _B64URL, 22)}"
        if item.id in self.ids[item.platform]:  # pragma: no cover - astronomically unlikely
            self._give_id(item)
            return
        self.ids[item.platform].add(item.id)

    def _assign_x_ids(self) -> None:
        """Snowflake ids that increase strictly in the final (time) order."""
        last = 0
        for item in self.items:
            if item.platform != "x":
                continue
            candidate = snowflake(_START_MS + item.t_ms, self.rng.randrange(1024), 0)
            last = max(candidate, last + 1)
            item.id = str(last)

    def _place(self, platform: str, hood: str | None, author: Author) -> str | None:
        """About 10% of public posts are geo-tagged (most on X, few on YouTube)."""
        if author.type == "organisation":
            return None
        chance = {"x": 0.13, "facebook": 0.08, "youtube": 0.03}[platform]
        if self.rng.random() >= chance:
            return None
        if hood is None:
            return self.rng.choices(list(T.HOOD_WEIGHTS), list(T.HOOD_WEIGHTS.values()))[0]
        return hood

    def _findable(self, text: str) -> str:
        """Make sure a public X post is found by the mentions or the recent-search endpoint."""
        lowered = text.lower()
        if any(term in lowered for term in SEARCH_TERMS):
            return text
        roll = self.rng.random()
        if roll < 0.55:
            return "@NorthshirePolice " + text
        if roll < 0.8:
            return text + " #Northshire"
        return text + " @NorthshirePolice"

    def _language(self, chance: float = 0.03) -> str:
        """ "en", or with `chance` one of the scenario's other languages."""
        if self.rng.random() >= chance:
            return "en"
        return self.rng.choices(list(T.LANG_WEIGHTS), list(T.LANG_WEIGHTS.values()))[0]

    # top-level public posts ----------------------------------------------------------------------

    def public_post(self, t_ms: int, platform: str, fire: bool) -> _Item:
        """A new top-level post by a member of the public (X post or Facebook visitor post)."""
        rng = self.rng
        lang = self._language(0.035 if fire else 0.03)
        author = self.people.pick(platform, lang=lang)
        kind = "post" if platform == "x" else "visitor_post"
        if lang != "en":
            topic = "fire_foreign" if fire else "foreign"
            template = rng.choice(T.FOREIGN[lang]["fire" if fire else "day"])
            text, hood = self.fill(template, platform, topic, foreign=True)
            answer = 0.0
        elif fire:
            category = self._fire_category(t_ms)
            spec = T.FIRE_TOPICS[category]
            topic = {"roads": "fire_roads_q", "schools": "fire_schools_q"}.get(category)
            topic = topic or f"fire_{category}"
            text, hood = self.fill(rng.choice(spec["templates"]), platform, topic)
            text = self.texture.apply(text, spec["mood"], spec.get("rant", 0.0))
            answerable = category in ("roads", "schools", "rumour", "worry")
            answer = 0.05 if answerable else 0.0
        else:
            topic = self._day_topic(t_ms)
            spec = T.TOPICS[topic]
            text, hood = self.fill(rng.choice(spec["templates"]), platform, topic)
            text = self.texture.apply(text, spec["mood"], spec.get("rant", 0.0))
            answer = spec.get("answer", 0.0) * 0.6
        if platform == "x":
            text = self._findable(text)
        mood_appeal = {"question": 0.9, "complaint": 0.8}.get(T.TOPICS.get(topic, {}).get("mood"))
        item = self.make(
            t_ms,
            platform,
            kind,
            author,
            text,
            topic,
            lang=lang,
            place=self._place(platform, hood, author),
            appeal=mood_appeal or (0.7 if fire else 0.5),
        )
        hour = t_ms // 3_600_000
        if answer and 7 <= hour < 23 and rng.random() < answer:
            self.push(t_ms + rng.randint(4, 80) * _MIN_MS + rng.randrange(_MIN_MS), "answer", item)
        return item

    def _day_topic(self, t_ms: int) -> str:
        """A background topic, weighted by the time of day."""
        period = _period(t_ms)
        names = list(T.TOPICS)
        weights = [T.TOPICS[name]["periods"][period] for name in names]
        return self.rng.choices(names, weights)[0]

    def _fire_category(self, t_ms: int) -> str:
        """A kind of fire post, weighted by the phase of the incident."""
        phase = T.FIRE_PHASES[0][1]
        for at, weights in T.FIRE_PHASES:
            if t_ms >= _hhmm_ms(at):
                phase = weights
        return self.rng.choices(list(phase), list(phase.values()))[0]

    # replies ---------------------------------------------------------------------------------

    def reply(self, t_ms: int, parent: _Item, author: Author | None = None) -> _Item | None:
        """A member of the public answers `parent` (attached as each platform threads it)."""
        rng = self.rng
        platform = parent.platform
        author = author or self.people.pick(platform, avoid=parent.author)
        if author == parent.author:
            return None
        root = parent.root or parent
        lang = self._language(0.025)
        if lang != "en":
            author = self.people.pick(platform, lang=lang)
            fire = root.topic.startswith("fire") or root.topic == "suspect"
            template = rng.choice(T.FOREIGN[lang]["fire" if fire else "day"])
            text, hood = self.fill(template, platform, "foreign", foreign=True)
        else:
            family = self._reply_family(parent, root)
            template = rng.choice(T.REPLIES[family])
            text, hood = self.fill(template, platform, root.topic)
            text = self.texture.apply(text, T.REPLY_MOODS.get(family), 0.04)
        attach, kind, prefix = self._attachment(parent)
        if prefix:
            text = f"{prefix} {text}"
        return self.make(
            t_ms,
            platform,
            kind,
            author,
            text,
            root.topic,
            parent=attach,
            lang=lang,
            place=self._place(platform, hood, author),
            appeal=0.35,
        )

    def _reply_family(self, parent: _Item, root: _Item) -> str:
        """Which REPLIES family answers a post in `root`'s thread."""
        rng = self.rng
        family = root.topic if root.topic in T.REPLIES else T.REPLY_FAMILY.get(root.topic)
        if parent is not root and rng.random() < 0.3:
            family = "generic"
        if family is None or family not in T.REPLIES or rng.random() < 0.15:
            family = "generic"
        return family

    def _attachment(self, parent: _Item) -> tuple[_Item, str, str]:
        """Where a reply to `parent` hangs, its kind, and the addressee prefix."""
        rng = self.rng
        if parent.platform == "x":
            mentions = [parent.author.handle]
            for handle in ("NorthshirePolice", "NorthshireRoads"):
                if f"@{handle}".lower() in parent.text.lower() and handle not in mentions:
                    mentions.append(handle)
            return parent, "post", " ".join(f"@{m}" for m in mentions)
        if parent.platform == "facebook":
            if parent.kind in ("post", "visitor_post"):
                return parent, "comment", ""
            assert parent.parent is not None
            top = parent if parent.parent.kind in ("post", "visitor_post") else parent.parent
            named = rng.random() < (0.8 if top is not parent else 0.4)
            return top, "comment", parent.author.name if named else ""
        if parent.kind == "video":
            return parent, "comment", ""
        if parent.kind == "comment":
            return parent, "reply", ("@" + parent.author.handle) if rng.random() < 0.3 else ""
        assert parent.parent is not None
        return parent.parent, "reply", "@" + parent.author.handle

    def _pick_parent(self, t_ms: int, platform: str, want: Callable[[_Item], bool]) -> _Item | None:
        """A recent item to answer, favouring the force's posts and fresh ones."""
        candidates: list[_Item] = []
        weights: list[float] = []
        horizon = 360 if platform == "youtube" else 240
        for item in self.recent[platform]:
            age = (t_ms - item.t_ms) / _MIN_MS
            if age < 0.4 or age > horizon or not want(item):
                continue
            tau = 150.0 if item.kind == "video" else 60.0
            candidates.append(item)
            weights.append(item.appeal * math.exp(-age / tau))
        if not candidates:
            return None
        return self.rng.choices(candidates, weights)[0]

    # event handlers ------------------------------------------------------------------------------

    def on_background(self, t_ms: int, _: Any) -> None:
        """Everyday chatter: a new post, or a reply to something recent."""
        rng = self.rng
        platform = rng.choices(PLATFORMS, (0.6, 0.3, 0.1))[0]
        videos = [v for v in self.videos if v.t_ms < t_ms - 30_000]
        if platform == "youtube" and not videos:
            platform = "x"
        if platform == "youtube":
            self.reply(t_ms, self._youtube_parent(t_ms, lambda item: True) or videos[-1])
            return
        reply_share = 0.28 if platform == "x" else 0.8
        if rng.random() < reply_share:
            parent = self._pick_parent(t_ms, platform, lambda item: True)
            if parent is not None and self.reply(t_ms, parent):
                return
        self.public_post(t_ms, platform, fire=False)

    def on_fire(self, t_ms: int, _: Any) -> None:
        """A public post or reply about the fire."""
        rng = self.rng
        platform = rng.choices(PLATFORMS, (0.62, 0.26, 0.12))[0]
        about_fire = self._is_fire
        fire_videos = [v for v in self.videos if about_fire(v) and v.t_ms < t_ms - 30_000]
        if platform == "youtube" and not fire_videos:
            platform = "x"
        if platform == "youtube":
            self.reply(t_ms, self._youtube_parent(t_ms, about_fire) or fire_videos[-1])
            return
        reply_share = 0.22 if platform == "x" else 0.85
        if rng.random() < reply_share:
            parent = self._pick_parent(t_ms, platform, about_fire)
            if parent is not None and self.reply(t_ms, parent):
                return
        self.public_post(t_ms, platform, fire=True)

    def _youtube_parent(self, t_ms: int, want: Callable[[_Item], bool]) -> _Item | None:
        """Mostly a video (a new top-level comment), sometimes a comment to reply to."""
        if self.rng.random() < 0.7:
            return self._pick_parent(t_ms, "youtube", lambda i: i.kind == "video" and want(i))
        return self._pick_parent(t_ms, "youtube", lambda i: i.kind != "video" and want(i))

    @staticmethod
    def _is_fire(item: _Item) -> bool:
        """Whether `item` belongs to a thread about the fire."""
        root = item.root or item
        return root.topic.startswith("fire") or root.topic == "suspect"

    def on_burst(self, t_ms: int, root: _Item) -> None:
        """One of the replies a scheduled post draws (to it, or within its thread)."""
        rng = self.rng
        parent = root
        earlier = [item for item in root.thread if item.t_ms < t_ms - 20_000]
        if earlier and rng.random() < 0.3:
            parent = rng.choice(earlier[-40:])
        self.reply(t_ms, parent)

    def on_answer(self, t_ms: int, item: _Item) -> None:
        """The force's social-media desk answers a public post."""
        rng = self.rng
        mood = T.TOPICS.get(item.topic, {}).get("mood")
        family = "fire" if item.topic.startswith("fire") else mood
        if family not in T.ANSWERS:
            return
        text, _ = self.fill(rng.choice(T.ANSWERS[family]), item.platform, item.topic, parent=item)
        author = POLICE[item.platform]
        attach, kind, _prefix = self._attachment(item)
        self.make(t_ms, item.platform, kind, author, text, item.topic, parent=attach, appeal=2.0)

    def on_script(self, t_ms: int, spec: dict[str, Any]) -> None:
        """One item of the day's script (texts.SCRIPT), then its burst of replies."""
        rng = self.rng
        platform: str = spec["platform"]
        parent = self.keyed.get(spec["reply_to"]) if "reply_to" in spec else None
        if "reply_to" in spec and parent is None:
            return
        who = spec["author"]
        if who == "police":
            author = POLICE[platform]
        elif who == "roads":
            author = ROADS_X if platform == "x" else POLICE[platform]
        elif who == "public":
            author = self.people.pick(platform, avoid=parent.author if parent else None)
        else:
            author = ORGANISATIONS[who][platform]
        topic = spec["topic"]
        if spec.get("raw"):
            text, hood = spec["text"], None
        else:
            text, hood = self.fill(spec["text"], platform, topic, parent=parent)
            if spec.get("rant"):
                text = self.texture.caps(text)
        kind = spec.get("kind")
        if kind is None:
            if platform == "x":
                kind = "post"
            elif platform == "facebook":
                kind = "comment" if parent is not None else "post" if author == POLICE["facebook"] else "visitor_post"
            else:
                kind = "comment" if parent is not None and parent.kind == "video" else "reply"
        if parent is not None:
            parent, kind, prefix = self._attachment(parent)
            if prefix and not text.startswith("@") and platform != "x":
                text = f"{prefix} {text}"
        place = spec.get("place") or (self._place(platform, hood, author) if hood else None)
        item = self.make(
            t_ms,
            platform,
            kind,
            author,
            text,
            topic,
            parent=parent,
            place=place,
            title=spec.get("title"),
            appeal=spec.get("appeal"),
        )
        if "key" in spec:
            self.keyed[spec["key"]] = item
        if "burst" in spec:
            count, mean_minutes = spec["burst"]
            for _ in range(round(count * rng.uniform(0.85, 1.15))):
                delay = 25_000 + rng.expovariate(1 / (mean_minutes * _MIN_MS))
                self.push(t_ms + int(min(delay, 6 * mean_minutes * _MIN_MS)), "burst", item)


# --- output --------------------------------------------------------------------------------------


def _metrics(rng: random.Random, item: _Item) -> dict[str, int]:
    """Plausible engagement counts; reply counts match the replies in the file."""
    force = item.author.type == "organisation"
    boost = item.appeal if force else 1.0

    def lognormal(mu: float, sigma: float) -> int:
        return int(rng.lognormvariate(mu, sigma))

    if item.platform == "x":
        likes = lognormal(3.2 + 0.8 * math.log(boost), 0.6) if force else lognormal(0.2, 1.4)
        retweets = int(likes * rng.uniform(0.15, 0.5)) if force else lognormal(-1.0, 1.2)
        return {
            "like_count": likes,
            "retweet_count": retweets,
            "reply_count": len(item.children),
            "quote_count": int(retweets * rng.uniform(0.0, 0.15)),
            "impression_count": likes * rng.randint(30, 90) + rng.randint(15, 400),
        }
    if item.platform == "facebook":
        if item.kind in ("post", "visitor_post"):
            reactions = lognormal(3.6 + 0.8 * math.log(boost), 0.5) if force else lognormal(0.8, 1.1)
            shares = int(reactions * rng.uniform(0.1, 0.9)) if force else lognormal(-1.5, 1.0)
            if item.topic == "missing":
                shares = rng.randint(1800, 2600)
            return {
                "like_count": reactions,
                "comment_count": len(item.children),
                "share_count": shares,
            }
        return {"like_count": lognormal(0.0, 1.3), "comment_count": len(item.children)}
    if item.kind == "video":
        views = lognormal(8.5 if force else 9.6, 0.4)
        return {
            "view_count": views,
            "like_count": int(views * rng.uniform(0.01, 0.04)),
            "comment_count": item.descendants(),
        }
    likes = lognormal(0.3, 1.3)
    if item.kind == "comment":
        return {"like_count": likes, "reply_count": len(item.children)}
    return {"like_count": likes}


def _as_dict(rng: random.Random, item: _Item) -> dict[str, Any]:
    row: dict[str, Any] = {
        "platform": item.platform,
        "id": item.id,
        "time": _iso(item.t_ms),
        "kind": item.kind,
        "author": item.author.as_dict(),
        "text": item.text,
        "reply_to": item.parent.id if item.parent is not None else None,
        "lang": item.lang,
        "place": item.place,
    }
    if item.kind == "video":
        row["title"] = item.title or ""
    row["metrics"] = _metrics(rng, item)
    return row


#: What the day stages, so the demo can say how soon the desk noticed (the first post about each).
INCIDENTS = [
    {
        "name": "false stabbing rumour in Benwell",
        "start": "2026-11-20T10:48:45Z",
        "place": "Benwell",
        "terms": ["stabbed", "stabbing", "stab"],
    },
    {
        "name": "warehouse fire near the Quayside",
        "start": "2026-11-20T14:38:07Z",
        "place": "Elswick",
        "terms": ["fire", "smoke", "warehouse", "blaze"],
    },
]


def scenario_header() -> dict[str, Any]:
    """The first line of the scenario file."""
    return {
        "scenario": {
            "name": "northshire-day",
            "description": (
                "One Friday (20 November 2026) of public posts about the fictional Northshire"
                " Police on X, Facebook and YouTube: everyday praise, complaints, questions and"
                " crime reports; the force's appeals, a missing-person appeal, road closures and"
                " a drink-drive campaign; a false stabbing rumour in Benwell in the late morning;"
                " and a large warehouse fire near the Quayside / Elswick from 14:38 that peaks"
                " around 16:30 and fades through the evening."
            ),
            "start": DAY_START.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": DAY_END.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "timezone": "Europe/London",
            "x_accounts": [
                {"id": a.id, "username": a.handle, "name": a.name, "verified": a.verified}
                for a in (POLICE["x"], ROADS_X)
            ],
            "facebook_page": {"id": FB_PAGE_ID, "name": "Northshire Police"},
            "youtube_channel": {"id": YT_CHANNEL_ID, "title": "Northshire Police"},
            "incidents": INCIDENTS,
        }
    }


def generate_day(seed: int = DEFAULT_SEED) -> list[dict[str, Any]]:
    """The day's posts (without the header line), sorted by time; the same for the same seed."""
    day = _Day(seed)
    items = day.run()
    metrics_rng = random.Random(seed * 7919 + 1)
    rows = [_as_dict(metrics_rng, item) for item in items]
    return _slot_in(items, rows, _hostile(day), random.Random(seed * 7919 + 2))


def _hostile(day: _Day) -> list[_Item]:
    """The posts of `texts.HOSTILE`, made once the day has been played: nothing else draws from the day's
    random stream after that, so they leave every other post as it was. Top-level posts, no replies, so
    every reply count in the file stays true. X ids are given when they are slotted in (`_slot_in`)."""
    made = []
    for spec in T.HOSTILE:
        platform = spec["platform"]
        given = spec["author"]
        author = day.people.pick(platform) if given == "public" else Author(**given)
        kind = spec.get("kind") or ("post" if platform == "x" else "visitor_post")
        t_ms = _hhmm_ms(spec["at"]) + day.rng.randrange(2_000, 58_000)
        item = _Item(
            platform, kind, t_ms, next(day.counter), author, spec["text"], "en", "html", title=spec.get("title")
        )
        day._give_id(item)
        made.append(item)
    return made


def _slot_in(
    items: list[_Item], rows: list[dict[str, Any]], hostile: list[_Item], rng: random.Random
) -> list[dict[str, Any]]:
    """`rows` (the day's, one per item) with the `hostile` posts put in by time, each X one given an id
    between its neighbours' so that X ids still rise with time."""
    slotted: list[tuple[_Item, dict[str, Any] | None]] = sorted(
        [*zip(items, rows, strict=True), *((item, None) for item in hostile)],
        key=lambda pair: (pair[0].t_ms, pair[0].seq),
    )
    out, last_x = [], 0
    for index, (item, row) in enumerate(slotted):
        if row is None:
            if item.platform == "x":
                item.id = str(max(snowflake(_START_MS + item.t_ms), last_x + 1))
                after = next((int(i.id) for i, _ in slotted[index + 1 :] if i.platform == "x" and i.id), None)
                if after is not None and int(item.id) >= after:  # pragma: no cover - two posts in one millisecond
                    raise ValueError(f"no room for an X id at {_iso(item.t_ms)}: move that hostile post")
            row = _as_dict(rng, item)
        if item.platform == "x":
            last_x = int(item.id)
        out.append(row)
    return out


def dumps(row: dict[str, Any]) -> str:
    """One line of the scenario file."""
    return json.dumps(row, ensure_ascii=False)


def write_day(path: Path, seed: int = DEFAULT_SEED) -> int:
    """Write the header and the day to `path`; returns the number of posts."""
    rows = generate_day(seed)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(dumps(scenario_header()) + "\n")
        for row in rows:
            out.write(dumps(row) + "\n")
    return len(rows)


# --- bulk ----------------------------------------------------------------------------------------


def generate_bulk(n: int, seed: int, start: datetime, *, per_hour: float = 2_000.0) -> Iterator[dict[str, Any]]:
    """Stream `n` plausible posts from `start` on, about `per_hour` an hour shaped like a day.

    Nothing grows with `n`: texts and authors come from fixed pools and reply targets from
    short rings of recent ids, so a million posts stream in constant memory.
    """
    if start.tzinfo is None:
        raise ValueError("start needs a time zone")
    return _bulk(n, seed, start, per_hour)


def _bulk(n: int, seed: int, start: datetime, per_hour: float) -> Iterator[dict[str, Any]]:
    """The stream behind :func:`generate_bulk`."""
    rng = random.Random(seed)
    day = _Day(seed)  # borrow its people, texture and templates; the day itself is not run
    pools = _bulk_pools(day, 1500)
    start_ms = int(start.timestamp() * 1000)
    mean_shape = sum(BG_HOURLY) / 24
    gaps = [3_600_000 / (per_hour * shape / mean_shape) for shape in BG_HOURLY]
    t_ms = start_ms
    last_x = 0
    last_second = -1
    stamp = ""
    x_recent: deque[tuple[str, str]] = deque(maxlen=500)
    fb_posts: deque[str] = deque(maxlen=50)
    fb_comments: deque[tuple[str, str]] = deque(maxlen=300)
    yt_videos: deque[str] = deque(maxlen=20)
    yt_comments: deque[str] = deque(maxlen=300)
    fb_n = 122_184_530_000_000_000
    fb_m = 1_042_118_730_000_000
    x_people, x_cum = day.people.pools["x"]
    fb_people, fb_cum = day.people.pools["facebook"]
    yt_people, yt_cum = day.people.pools["youtube"]
    random_ = rng.random
    choice = rng.choice
    for _ in range(n):
        hour = (t_ms // 3_600_000) % 24
        t_ms += int(rng.expovariate(1.0) * gaps[hour]) + 1
        second = t_ms // 1000
        if second != last_second:
            last_second = second
            stamp = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        roll = random_()
        reply_to: str | None = None
        title: str | None = None
        if roll < 0.62:
            platform, kind = "x", "post"
            if random_() < 0.004:
                author = POLICE["x"]
                text, lang = choice(pools["force"]), "en"
            else:
                author = rng.choices(x_people, cum_weights=x_cum)[0]
                if x_recent and random_() < 0.25:
                    reply_to, handle = choice(x_recent)
                    text, lang = choice(pools["reply"])
                    if handle == "NorthshirePolice":
                        text = f"@NorthshirePolice {text}"
                    else:
                        text = f"@{handle} @NorthshirePolice {text}"
                else:
                    text, lang = choice(pools["x"])
            last_x = max(snowflake(t_ms, rng.randrange(1024)), last_x + 1)
            post_id = str(last_x)
            x_recent.append((post_id, author.handle))
        elif roll < 0.88:
            platform = "facebook"
            sub = random_()
            if not fb_posts or sub < 0.005:
                kind, author = "post", POLICE["facebook"]
                text, lang = choice(pools["force"]), "en"
            elif sub < 0.1:
                kind = "visitor_post"
                author = rng.choices(fb_people, cum_weights=fb_cum)[0]
                text, lang = choice(pools["fb"])
            else:
                kind = "comment"
                author = rng.choices(fb_people, cum_weights=fb_cum)[0]
                text, lang = choice(pools["reply"])
                fb_m += rng.randint(1_000, 900_000)
                if fb_comments and sub > 0.7:  # a reply, kept under its top-level comment
                    reply_to, n_part = choice(fb_comments)
                    post_id = f"{n_part}_{fb_m}"
                else:
                    reply_to = choice(fb_posts)
                    n_part = reply_to.split("_", 1)[1]
                    post_id = f"{n_part}_{fb_m}"
                    fb_comments.append((post_id, n_part))
            if kind != "comment":
                fb_n += rng.randint(40_000, 4_000_000)
                post_id = f"{FB_PAGE_ID}_{fb_n}"
                fb_posts.append(post_id)
        else:
            platform = "youtube"
            author = rng.choices(yt_people, cum_weights=yt_cum)[0]
            sub = random_()
            if not yt_videos or sub < 0.003:
                kind = "video"
                if random_() < 0.5:
                    author = POLICE["youtube"]
                title = choice(pools["title"])
                text, lang = choice(pools["force"]), "en"
                post_id = _rand(rng, _B64URL, 10) + choice(_YT_LAST)
                yt_videos.append(post_id)
            elif yt_comments and sub < 0.3:
                kind = "reply"
                reply_to = choice(yt_comments)
                text, lang = choice(pools["reply"])
                post_id = f"{reply_to}.{_rand(rng, _B64URL, 22)}"
            else:
                kind = "comment"
                reply_to = choice(yt_videos)
                text, lang = choice(pools["reply"])
                post_id = "Ugz" + _rand(rng, _B64URL, 20)
                yt_comments.append(post_id)
        row: dict[str, Any] = {
            "platform": platform,
            "id": post_id,
            "time": stamp,
            "kind": kind,
            "author": author.as_dict(),
            "text": text,
            "reply_to": reply_to,
            "lang": lang,
            "place": choice(_BULK_PLACES) if random_() < 0.1 else None,
        }
        if title is not None:
            row["title"] = title
        row["metrics"] = {"like_count": int(rng.expovariate(0.4))}
        yield row


_BULK_PLACES = tuple(T.NEIGHBOURHOODS)


def _bulk_pools(day: _Day, size: int) -> dict[str, list[Any]]:
    """Pre-rendered texts for the bulk stream: (text, lang) pairs, force texts and titles."""
    rng = day.rng
    pools: dict[str, list[Any]] = {"x": [], "fb": [], "reply": []}
    for platform, key in (("x", "x"), ("facebook", "fb")):
        for i in range(size):
            fire = i % 4 == 0
            lang = day._language(0.03)
            if lang != "en":
                template = rng.choice(T.FOREIGN[lang]["fire" if fire else "day"])
                text, _ = day.fill(template, platform, "foreign", foreign=True)
            elif fire:
                spec = T.FIRE_TOPICS[rng.choice(list(T.FIRE_TOPICS))]
                text, _ = day.fill(rng.choice(spec["templates"]), platform, "fire_public")
                text = day.texture.apply(text, spec["mood"], spec.get("rant", 0.0))
            else:
                topic = rng.choice(list(T.TOPICS))
                spec = T.TOPICS[topic]
                text, _ = day.fill(rng.choice(spec["templates"]), platform, topic)
                text = day.texture.apply(text, spec["mood"], spec.get("rant", 0.0))
            if platform == "x" and lang == "en":
                text = day._findable(text)
            pools[key].append((text, lang))
    families = list(T.REPLIES)
    for _ in range(size):
        lang = day._language(0.025)
        if lang != "en":
            text, _ = day.fill(rng.choice(T.FOREIGN[lang]["day"]), "x", "foreign", foreign=True)
        else:
            family = rng.choice(families)
            text, _ = day.fill(rng.choice(T.REPLIES[family]), "facebook", family)
            text = day.texture.apply(text, T.REPLY_MOODS.get(family), 0.03)
        pools["reply"].append((text, lang))
    pools["force"] = [
        spec["text"].replace("{tco}", "https://t.co/Nsh1re2026").replace("{{", "{")
        for spec in T.SCRIPT
        if spec["author"] == "police" and "{" not in spec["text"].replace("{tco}", "")
    ]
    pools["title"] = [spec["title"] for spec in T.SCRIPT if "title" in spec]
    return pools


# --- command line --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m sandbox.scenarios.generate --out FILE [--seed N]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSONL")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    count = write_day(args.out, args.seed)
    print(f"wrote {count} posts to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
