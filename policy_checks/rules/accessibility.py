"""Accessibility of the text: hashtags in CamelCase, no walls of emoji, no shouting."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policy_checks.context import Context
from policy_checks.records import Hit
from policy_checks.registry import rule

_HASHTAG = re.compile(r"(?<![\w&])#([A-Za-z][A-Za-z0-9_]*)")
# Common words in police hashtags, used to suggest a CamelCase spelling.
_WORDS = sorted(
    """
    road safety roads closure closed closure missing person people find help us stay safe
    safer appeal appeals witness crime stoppers police officer officers community news
    update update week day night drink drug drive driving knife knives free scam scams aware
    awareness fraud burglary prevention lock keep your home homes street streets
    neighbourhood team christmas summer winter festive fatal four five six seven operation
    op speed watch road safety cycle bike bikes walk seen have you know who share please
    report online together hate domestic abuse violence against women girls end stop no more
    rural farm wildlife dog dogs horse cyber protect protecting child children young youth
    school schools happy new year bank holiday weekend friday thank thanks well done proud
    career careers join recruitment hiring national week month leeds west yorkshire
    """.split(),  # noqa: SIM905
    key=len,
    reverse=True,
)
_EMOJI = re.compile(
    "[\U0001f300-\U0001faff\U00002600-\U000027bf\U0001f1e6-\U0001f1ff\u2b50\u2b55\u2934\u2935\u3030\u303d\u3297\u3299]"
)
_EMOJI_RUN = re.compile(
    "(?:[\U0001f300-\U0001faff\U00002600-\U000027bf\U0001f1e6-\U0001f1ff\u2b50\u2b55]"
    "[\ufe0f\u200d\U0001f3fb-\U0001f3ff\\s]*){5,}"
)


def camel_case(tag: str) -> str | None:
    """Split an all-lower-case hashtag into known words (fewest words wins), or None."""
    lower = tag.lower()
    best: list[list[str] | None] = [None] * (len(lower) + 1)
    best[0] = []
    for i in range(len(lower)):
        current = best[i]
        if current is None:
            continue
        for word in _WORDS:
            j = i + len(word)
            if lower.startswith(word, i):
                candidate = [*current, word]
                existing = best[j]
                if existing is None or len(candidate) < len(existing):
                    best[j] = candidate
    words = best[len(lower)]
    if not words or len(words) < 2:
        return None
    return "".join(w.capitalize() for w in words)


@rule(
    slug="hashtag-case",
    severity="info",
    reason="Screen readers read CamelCase hashtags word by word; all-lower-case ones as gibberish.",
    area="accessibility",
)
def hashtag_case(ctx: Context) -> Iterator[Hit]:
    """Hashtags of several words should be in CamelCase (#RoadSafety, not #roadsafety)."""
    for m in _HASHTAG.finditer(ctx.text):
        tag = m.group(1)
        if not (tag.islower() or (tag.isupper() and len(tag) > 6)):
            continue
        suggestion = camel_case(tag)
        if suggestion is None and len(tag) < 10:
            continue
        yield Hit(
            m.start(),
            m.end(),
            f"#{tag} reads as one word to screen readers: capitalise each word.",
            f"#{suggestion}" if suggestion else None,
        )


@rule(
    slug="emoji-wall",
    severity="info",
    reason="Screen readers read out every emoji; a wall of them drowns the message.",
    area="accessibility",
)
def emoji_wall(ctx: Context) -> Iterator[Hit]:
    """Five or more emoji in a row, or more than eight in a post."""
    raw = ctx.raw
    runs = list(_EMOJI_RUN.finditer(raw))
    for m in runs:
        yield Hit(m.start(), m.end(), "A run of emoji: screen readers read each one out.", None, raw=True)
    if not runs:
        found = list(_EMOJI.finditer(raw))
        if len(found) > 8:
            yield Hit(
                found[0].start(),
                found[-1].end(),
                f"{len(found)} emoji: screen readers read each one out.",
                "Keep to one or two.",
                raw=True,
            )


@rule(
    slug="all-caps",
    severity="info",
    reason="Sentences in capitals are harder to read and read as shouting.",
    area="accessibility",
)
def all_caps(ctx: Context) -> Iterator[Hit]:
    """A sentence of four or more words written in capitals (a one- or two-word label such as
    'ROAD CLOSED' or 'UPDATE' is fine)."""
    text = ctx.text
    for start, end in ctx.sentences:
        words = re.findall(r"[A-Za-z][A-Za-z']+", text[start:end])
        if len(words) < 4:
            continue
        caps = sum(w.isupper() for w in words)
        if caps / len(words) >= 0.8:
            yield Hit(
                start,
                end,
                "A sentence in capitals reads as shouting.",
                text[start:end].capitalize(),
            )
