"""Holding statements: wording approved before an incident, with blanks duty staff fill in on the day.

A template's wording had its second pair of eyes when it was approved (who and when are in the
force's settings), which is why a filled-in statement may go out fast (`approve_holding`). That only
holds while the day's words change nothing but the blanks, so a filled blank is kept short and plain:
one line of at most `MAX_BLANK` characters, letters and numbers with a little punctuation, and no
link, @handle or #hashtag. Pure: settings in, text out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policy_checks.records import find_links
from publish.drafts import DraftRefused

if TYPE_CHECKING:
    from config.settings import Settings

MAX_BLANK = 60
# Holding statements are posts: on YouTube the desk only replies to comments.
PLATFORMS = ("x", "facebook")
BLANK = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_LEFTOVER_BRACES = re.compile(r"\{[^{}\n]{0,30}\}?|\}")
_PUNCTUATION = frozenset(" .,'’-&()/:")
_DOMAIN_LIKE = re.compile(r"[^\W_]\.[^\W\d_]")  # "evil.xyz": a link to a platform, whatever the suffix


class BlankRefused(DraftRefused):
    """Blanks that cannot go into a pre-approved statement: every reason, naming each blank."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(reasons)
        self.args = ("holding statement refused: " + "; ".join(reasons),)


@dataclass(frozen=True, slots=True)
class Template:
    """One pre-approved holding statement: `text` with blanks written `{place}`."""

    name: str
    title: str
    text: str
    platforms: tuple[str, ...] = PLATFORMS
    approved_by: str = ""
    approved_on: str = ""

    @property
    def blanks(self) -> tuple[str, ...]:
        """The blanks to fill, each once, in the order they appear."""
        return tuple(dict.fromkeys(BLANK.findall(self.text)))


def templates(settings: Settings) -> dict[str, Template]:
    """The force's holding statements by name, from its `[[holding_statements]]`."""
    return {
        statement.name: Template(
            name=statement.name,
            title=statement.title,
            text=statement.text,
            platforms=tuple(statement.platforms) or PLATFORMS,
            approved_by=statement.approved_by,
            approved_on=statement.approved_on,
        )
        for statement in settings.holding_statements
    }


def text_problems(text: str) -> list[str]:
    """What is wrong with a template's wording (for the settings check); empty when it is usable."""
    if not text.strip():
        return ["empty: write the approved wording, with blanks such as {place}"]
    leftovers = dict.fromkeys(_LEFTOVER_BRACES.findall(BLANK.sub("", text)))
    return [
        f"unknown blank syntax {fragment!r}: write a blank as {{place}} (lower-case letters, digits and _)"
        for fragment in leftovers
    ]


def blank_problems(name: str, value: str) -> list[str]:
    """Every reason `value` cannot fill the blank `{name}`: it must be short and plain."""
    shown = f"{{{name}}}"
    value = value.strip()
    if not value:
        return [f"{shown} is empty: fill it in"]
    found = []
    if len(value) > MAX_BLANK:
        found.append(f"{shown} is {len(value)} characters: keep it to {MAX_BLANK}")
    if any(not character.isprintable() for character in value):
        found.append(f"{shown} must be one line of plain text (no line breaks or control characters)")
    if find_links(value) or _DOMAIN_LIKE.search(value) or "://" in value:
        found.append(f"{shown} may not hold a link: the approved wording says where to look")
    if "@" in value:
        found.append(f"{shown} may not hold an @handle")
    if "#" in value:
        found.append(f"{shown} may not hold a #hashtag")
    odd = sorted({c for c in value if c.isprintable() and not (c.isalnum() or c in _PUNCTUATION or c in "@#")})
    if odd:
        allowed = " ".join(sorted(_PUNCTUATION - {" "}))
        found.append(f"{shown} may not hold {' '.join(odd)}: use letters, numbers, spaces and {allowed}")
    return found


def fill(template: Template, values: Mapping[str, str]) -> str:
    """The statement with its blanks filled in, or `BlankRefused` naming every blank that is missing,
    unknown or not short and plain."""
    reasons = []
    for name in template.blanks:
        if name not in values:
            reasons.append(f"fill in {{{name}}}")
        else:
            reasons.extend(blank_problems(name, values[name]))
    for name in values:
        if name not in template.blanks:
            known = ", ".join(f"{{{b}}}" for b in template.blanks) or "none"
            reasons.append(f"the {template.name} statement has no blank {{{name}}} (its blanks: {known})")
    if reasons:
        raise BlankRefused(reasons)
    return BLANK.sub(lambda match: values[match[1]].strip(), template.text)
