"""Named entities from spaCy, loaded once and only when a rule first asks for them.

Loading (which model, which components) is shared with the analysis: `commsdesk.spacy_model`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from commsdesk.spacy_model import MODEL_NAMES, ModelMissingError, load_entity_recogniser

__all__ = ["MODEL_NAMES", "Entity", "EntityFinder", "ModelMissingError", "SpacyEntities"]


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    label: str
    text: str


EntityFinder = Callable[[str], Sequence[Entity]]


class SpacyEntities:
    """Callable text -> entities, backed by one lazily loaded spaCy pipeline (thread-safe)."""

    def __init__(self, model_names: Sequence[str] = MODEL_NAMES, cache_size: int = 256) -> None:
        self.model_names = tuple(model_names)
        self._nlp: Any = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, tuple[Entity, ...]] = OrderedDict()
        self._cache_size = cache_size

    @property
    def loaded(self) -> bool:
        return self._nlp is not None

    def load(self) -> Any:
        if self._nlp is not None:
            return self._nlp
        with self._lock:
            if self._nlp is None:
                self._nlp = load_entity_recogniser(self.model_names)
        return self._nlp

    def clear_cache(self) -> None:
        self._cache.clear()

    def __call__(self, text: str) -> tuple[Entity, ...]:
        cached = self._cache.get(text)
        if cached is not None:
            self._cache.move_to_end(text)
            return cached
        doc = self.load()(text)
        found = tuple(Entity(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents)
        self._cache[text] = found
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return found
