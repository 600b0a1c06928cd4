"""Platform limits: X counts 280 weighted characters."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from policy_checks.context import Context
from policy_checks.records import LINK_PATTERN, Hit
from policy_checks.registry import rule

X_LIMIT = 280
X_URL_LENGTH = 23
# Code points X counts as one; everything else (CJK, most emoji) counts as two.
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_EMOJI_SEQ = re.compile(
    "(?:[\U0001f1e6-\U0001f1ff]{2})"  # flags
    "|(?:[0-9#*]\ufe0f?\u20e3)"  # keycaps
    "|(?:[\U0001f300-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\u00a9\u00ae\u203c\u2049"
    "\u2122\u2139\u2194-\u21aa\u3030\u303d\u3297\u3299]"
    "[\ufe0f\U0001f3fb-\U0001f3ff]*(?:\u200d[\U0001f300-\U0001faff\u2600-\u27bf\u2640\u2642\u2764]"
    "[\ufe0f\U0001f3fb-\U0001f3ff]*)*)"
)


def _char_weight(char: str) -> int:
    code = ord(char)
    return 1 if any(lo <= code <= hi for lo, hi in _LIGHT) else 2


def weighted_positions(text: str) -> list[tuple[int, int]]:
    """(raw index, running weighted length after that unit) for each counted unit of ``text``."""
    units: list[tuple[int, int, int]] = []  # (start, end, weight)
    i = 0
    links = {m.start(): m.end() for m in LINK_PATTERN.finditer(text)}
    while i < len(text):
        if i in links:
            units.append((i, links[i], X_URL_LENGTH))
            i = links[i]
            continue
        m = _EMOJI_SEQ.match(text, i)
        if m and m.end() > i and not (m.group(0).isascii()):
            units.append((i, m.end(), 2))
            i = m.end()
            continue
        units.append((i, i + 1, _char_weight(text[i])))
        i += 1
    out = []
    total = 0
    for start, _end, weight in units:
        total += weight
        out.append((start, total))
    return out


def x_length(text: str) -> int:
    """The length X counts for ``text`` (URLs 23, emoji 2, CJK 2, the rest 1)."""
    text = unicodedata.normalize("NFC", text)
    positions = weighted_positions(text)
    return positions[-1][1] if positions else 0


def split_thread(text: str, limit: int = X_LIMIT) -> list[str]:
    """Split ``text`` at sentence or word boundaries into numbered posts that each fit."""
    words = re.findall(r"\S+\s*", text)
    parts: list[str] = []
    current = ""
    room = limit - 6  # space for " 10/10"
    for word in words:
        if current and x_length(current + word.rstrip()) > room:
            parts.append(current.rstrip())
            current = ""
        current += word
    if current.strip():
        parts.append(current.rstrip())
    if len(parts) <= 1:
        return parts
    return [f"{p} {n}/{len(parts)}" for n, p in enumerate(parts, start=1)]


@rule(
    slug="x-length",
    severity="block",
    reason="X refuses posts over 280 weighted characters.",
    area="platform",
)
def x_length_rule(ctx: Context) -> Iterator[Hit]:
    """On X a post may have 280 weighted characters: each link counts 23, most emoji and CJK
    characters 2. Longer drafts are blocked for X, with the draft split into a thread offered."""
    if ctx.draft.platform.lower() not in ("x", "twitter"):
        return
    text = ctx.raw
    if len(text) <= X_LIMIT // 2 and text.isascii():
        return
    normalised = unicodedata.normalize("NFC", text)
    if normalised != text:
        total = x_length(text)
        over_at = len(text) if total <= X_LIMIT else 0
        positions: list[tuple[int, int]] = []
    else:
        positions = weighted_positions(text)
        total = positions[-1][1] if positions else 0
        over_at = next((start for start, running in positions if running > X_LIMIT), len(text))
    if total <= X_LIMIT:
        return
    thread = split_thread(text)
    yield Hit(
        over_at,
        len(text),
        f"{total} of {X_LIMIT} characters on X: {total - X_LIMIT} over.",
        "Split into a thread:\n" + "\n---\n".join(thread),
        raw=True,
    )
