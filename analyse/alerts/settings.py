"""Alert thresholds, declared once. Defaults come from principles (a false-alarm rate, a story's shape),
not from the events the evaluation replays."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class AlertSettings:
    """What makes a detection, and when a repeat is news.

    Spikes use the same Poisson test as emerging topics: a count is a spike when a normal day would
    reach it with chance below ``alpha`` *and* it is ``min_ratio`` times normal (real traffic varies
    more than Poisson, so a 20% rise on a busy key is not news however significant) *and* it comes
    from ``min_posts`` posts by ``min_authors`` people (one account or one copied post is not news).
    """

    recent: timedelta = timedelta(minutes=30)  # "now": counts are taken over this last span
    window: timedelta = timedelta(hours=24)  # what the detectors see (topics, earlier-hours stand-in)
    history: timedelta = timedelta(hours=6)  # with no previous days, earlier hours stand in from this long
    floor: float = 1.0  # expected mentions per hour never below this: 0 -> 3 is not a spike
    alpha: float = 1e-6  # one in a million normal half-hours: with ~50 keys a minute, well under one a week
    min_ratio: float = 2.0
    high_ratio: float = 5.0  # a spike this many times normal (or a topic this surprising) is high
    min_posts: int = 8
    min_authors: int = 3  # when authors are known
    # negative surge: the share of negative posts now against the window's earlier hours
    negative_min: int = 20  # posts with a sentiment in the recent span
    negative_lift: float = 0.2  # share at least this far above before (0.25 -> 0.45)
    negative_alpha: float = 1e-4  # one test a minute, not one per key: a looser threshold keeps the same rate
    negative_prior: float = 0.3  # a share to start from, worth `negative_prior_weight` posts, when before is thin
    negative_prior_weight: int = 20
    # watch-words: one post reaches staff; this many different posts make it high
    watch_high: int = 3
    # incident mode: the incident's terms and place are watched closely
    focus_terms: tuple[str, ...] = ()
    focus_places: tuple[str, ...] = ()
    focus_alpha: float = 1e-3
    focus_min_posts: int = 3
    # evidence
    top_terms: int = 5
    top_posts: int = 3
    # grouping
    overlap: float = 0.5  # a detection joins an alert sharing this share of the smaller one's mentions
    growth: float = 1.5  # a repeat is news when the story is this many times what staff last heard ...
    growth_min: int = 3  # ... and at least this many mentions bigger
    reopen_within: timedelta = timedelta(hours=6)  # a resolved story flaring within this reopens its alert

    def incident(self, terms: Iterable[str] = (), places: Iterable[str] = ()) -> AlertSettings:
        """Settings for incident mode: the incident's terms alert like watch-words and spike at a
        looser threshold; its places spike at that threshold too."""
        return replace(
            self,
            focus_terms=tuple(dict.fromkeys((*self.focus_terms, *(t.strip() for t in terms if t.strip())))),
            focus_places=tuple(dict.fromkeys((*self.focus_places, *(p.strip() for p in places if p.strip())))),
        )


ALERTS = AlertSettings()
