"""Attached media: copyright (source and licence) and alt text."""

from __future__ import annotations

from collections.abc import Iterator

from policy_checks.context import Context
from policy_checks.records import Hit
from policy_checks.registry import rule


@rule(
    slug="media-copyright",
    severity="warn",
    reason="Publishing an image or video without knowing its source and licence risks breaching copyright.",
    area="media",
)
def media_copyright(ctx: Context) -> Iterator[Hit]:
    """Every attached image or video needs a recorded source (who made it) and licence (why we
    may use it: our own, family permission, Crown copyright, a licence)."""
    for number, media in enumerate(ctx.draft.media, start=1):
        missing = [n for n, v in (("source", media.source), ("licence", media.licence)) if not v.strip()]
        if missing:
            yield Hit(
                0,
                0,
                f"Attachment {number} has no recorded {' or '.join(missing)}: check we may use it.",
                "Record who made it and on what terms we use it.",
            )


@rule(
    slug="alt-text",
    severity="warn",
    reason="Images without alt text shut out people who use screen readers.",
    area="accessibility",
)
def alt_text(ctx: Context) -> Iterator[Hit]:
    """Every attached image or video needs alt text describing what it shows (for an appeal: the
    person's description, the vehicle, the place)."""
    for number, media in enumerate(ctx.draft.media, start=1):
        if len((media.alt_text or "").strip()) < 5:
            yield Hit(
                0,
                0,
                f"Attachment {number} has no alt text.",
                "Describe what the picture shows, e.g. 'CCTV still of a man in a grey hoodie'.",
            )
