"""What a rule sees: the draft, the settings and the normalised text, with entities on demand."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property

from policy_checks.nlp import Entity, EntityFinder
from policy_checks.normalise import Normalised, normalise
from policy_checks.records import Draft
from policy_checks.settings import PolicySettings

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9#@])|\n+")


class NlpUnavailableError(RuntimeError):
    """A rule asked for entities in a run that was told not to use the model."""


class Context:
    """One draft being checked. Cheap things are computed eagerly, entities only when asked."""

    def __init__(
        self,
        draft: Draft,
        settings: PolicySettings,
        entity_finder: EntityFinder | None,
    ) -> None:
        self.draft = draft
        self.settings = settings
        self.norm: Normalised = normalise(draft.text)
        self._finder = entity_finder
        self.nlp_used = False
        self.memo: dict[str, object] = {}  # shared work between rules (e.g. who is named)

    @property
    def raw(self) -> str:
        return self.draft.text

    @property
    def text(self) -> str:
        return self.norm.text

    @property
    def folded(self) -> str:
        return self.norm.folded

    @cached_property
    def lower(self) -> str:
        return self.norm.folded.lower()

    @cached_property
    def _entities(self) -> tuple[Entity, ...]:
        if self._finder is None:
            raise NlpUnavailableError("entities requested without a model")
        self.nlp_used = True
        return tuple(self._finder(self.norm.text))

    def entities(self, *labels: str) -> list[Entity]:
        """Entities in the normalised text, of the given labels (all when none given)."""
        return [e for e in self._entities if not labels or e.label in labels]

    @cached_property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        """(start, end) of each sentence of the normalised text."""
        spans = []
        start = 0
        for match in _SENTENCE_END.finditer(self.text):
            if match.start() > start:
                spans.append((start, match.start()))
            start = match.end()
        if start < len(self.text):
            spans.append((start, len(self.text)))
        return tuple(spans)

    def sentence_at(self, position: int) -> tuple[int, int]:
        starts = [s for s, _ in self.sentences]
        i = bisect_right(starts, position) - 1
        if i < 0:
            return (0, len(self.text))
        return self.sentences[i]
