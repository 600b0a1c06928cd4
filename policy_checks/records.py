"""Plain records the checks take and give: a draft in, findings out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["block", "warn", "info"]
Verdict = Literal["block", "warn", "pass"]
SEVERITIES: tuple[Severity, ...] = ("block", "warn", "info")
PLATFORMS = ("x", "facebook", "youtube", "instagram", "other")

# Links as people type them: with a scheme, with www., or a bare domain with a path or a
# well-known suffix. Trailing punctuation is not part of the link.
LINK_PATTERN = re.compile(
    r"""(?ix)
    \b(?:https?://|www\.)[^\s<>"']+[^\s<>"'.,;:!?)\]]
  | \b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+
      (?:uk|com|org|net|ly|gl|gd|co|io|me|info|gov|eu|tv|be|at|cc|it|in|us|ie|app)
      (?:/[^\s<>"']*[^\s<>"'.,;:!?)\]])?\b/?
    """
)


def find_links(text: str) -> tuple[str, ...]:
    """Every link in ``text``, in order, as typed."""
    return tuple(m.group(0) for m in LINK_PATTERN.finditer(text) if not _is_email_part(text, m))


def _is_email_part(text: str, match: re.Match[str]) -> bool:
    start = match.start()
    return start > 0 and text[start - 1] in "@._-" and not match.group(0).lower().startswith("http")


@dataclass(frozen=True, slots=True)
class Media:
    """An attached image or video: what it shows (alt text) and where it came from."""

    alt_text: str = ""
    source: str = ""
    licence: str = ""


@dataclass(frozen=True, slots=True)
class Draft:
    """A post as the author wrote it, with what the checks need to know about it."""

    text: str
    platform: str = "x"
    media: tuple[Media, ...] = ()
    links: tuple[str, ...] | None = None
    incident: bool = False

    def __post_init__(self) -> None:
        if self.links is None:
            object.__setattr__(self, "links", find_links(self.text))
        else:
            object.__setattr__(self, "links", tuple(self.links))
        object.__setattr__(self, "media", tuple(self.media))


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: which rule, how serious, where in the author's text, and what to do."""

    rule: str
    severity: Severity
    start: int
    end: int
    message: str
    suggestion: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports: a span of the normalised text (or of the raw text when ``raw``)."""

    start: int
    end: int
    message: str
    suggestion: str | None = None
    severity: Severity | None = None  # a rule may soften or harden one hit
    raw: bool = False
    extra: dict[str, object] = field(default_factory=dict, compare=False)
