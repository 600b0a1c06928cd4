"""The shipped sentiment model: negative / neutral / positive with a confidence, per mention.

    from analyse.sentiment import SentimentModel
    model = SentimentModel.load()              # the model in analyse/models/, loaded once per process
    model.predict(["Great work by the officers tonight", "Still no reply after 3 weeks"])

A linear model (multinomial logistic regression) over TF-IDF word 1-2-grams, character 2-5-grams
and the four VADER lexicon scores, with class biases and a temperature tuned on validation so that
the argmax maximises macro-averaged recall and the probabilities are calibrated. Inference needs
only numpy, scipy and vaderSentiment: the artefact is one .npz of arrays (no pickle), written by
`python -m analyse.sentiment.train`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Literal

import numpy as np
import scipy.sparse as sp

from analyse.records import SENTIMENTS
from analyse.sentiment.text import clean, word_char_ngrams, word_ngrams

Label = Literal["negative", "neutral", "positive"]
LABELS: tuple[Label, ...] = SENTIMENTS
MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
DEFAULT_PATH = MODELS_DIR / "sentiment.npz"
FORMAT = 1

_CACHE: dict[Path, SentimentModel] = {}
_CACHE_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Sentiment:
    label: Label
    confidence: float  # the calibrated probability of `label`, in [0, 1]


class _Vader:
    """VADER's four scores (neg, neu, pos, compound) per text; the analyser is built once."""

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self.analyser = SentimentIntensityAnalyzer()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 4), dtype=np.float64)
        score = self.analyser.polarity_scores
        for row, text in enumerate(texts):
            if text:
                s = score(text)
                out[row] = (s["neg"], s["neu"], s["pos"], s["compound"])
        return out


_VADER: _Vader | None = None


def vader_scores(texts: Sequence[str]) -> np.ndarray:
    global _VADER
    if _VADER is None:
        _VADER = _Vader()
    return _VADER(texts)


def _block(texts: Sequence[str], analyse, vocab: dict[str, int], idf: np.ndarray) -> sp.csr_matrix:  # type: ignore[no-untyped-def]
    """TF-IDF rows as sklearn's TfidfVectorizer(analyzer=analyse, sublinear_tf=True) gives them."""
    get = vocab.get
    return _tfidf([[i for g in analyse(t) if (i := get(g)) is not None] for t in texts], idf)


def _tfidf(rows: list[list[int]], idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear TF-IDF, L2-normalised rows, from each row's feature indices (repeats = counts)."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(r) for r in rows], out=indptr[1:])
    flat = np.fromiter(chain.from_iterable(rows), dtype=np.int32, count=int(indptr[-1]))
    matrix = sp.csr_matrix((np.ones(len(flat)), flat, indptr), shape=(len(rows), len(idf)))
    matrix.sum_duplicates()
    matrix.data = (1.0 + np.log(matrix.data)) * idf[matrix.indices]
    lengths = np.diff(matrix.indptr)
    filled = lengths > 0
    norms = np.ones(len(rows))
    if matrix.nnz:  # reduceat over the non-empty rows only: each segment is then exactly one row
        norms[filled] = np.sqrt(np.add.reduceat(matrix.data**2, matrix.indptr[:-1][filled]))
    matrix.data /= np.repeat(norms, lengths)
    return matrix


class _CharIds:
    """Known char n-gram indices per word, cached: words repeat, so most texts cost a few lookups."""

    LIMIT = 200_000

    def __init__(self, vocab: dict[str, int]) -> None:
        self.vocab = vocab
        self.cache: dict[str, list[int]] = {}

    def __call__(self, text: str) -> list[int]:
        cache, out = self.cache, []
        for word in text.lower().split():
            ids = cache.get(word)
            if ids is None:
                get = self.vocab.get
                ids = [i for g in word_char_ngrams(word) if (i := get(g)) is not None]
                if len(cache) >= self.LIMIT:
                    cache.clear()
                cache[word] = ids
            out += ids
        return out


def _vocab(blob: np.ndarray) -> dict[str, int]:
    terms = blob.tobytes().decode("utf-8").split("\n") if blob.size else []
    return {term: index for index, term in enumerate(terms)}


def pack_vocab(terms: Sequence[str]) -> np.ndarray:
    """Terms in index order as one newline-joined UTF-8 byte array (terms never contain newlines)."""
    return np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8)


class SentimentModel:
    """Load with `SentimentModel.load()`; `predict` is pure and thread-safe."""

    def __init__(
        self,
        *,
        word_vocab: dict[str, int],
        word_idf: np.ndarray,
        char_vocab: dict[str, int],
        char_idf: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
        bias: np.ndarray,
        temperature: float,
        meta: dict[str, object] | None = None,
    ) -> None:
        self.word_vocab, self.word_idf = word_vocab, word_idf
        self.char_vocab, self.char_idf = char_vocab, char_idf
        self.coef = np.ascontiguousarray(coef, dtype=np.float64)  # (n_features, 3)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.bias = np.asarray(bias, dtype=np.float64)
        self.temperature = float(temperature)
        self.meta = meta or {}
        self._char_ids = _CharIds(char_vocab)
        expected = len(word_idf) + len(char_idf) + 4
        if self.coef.shape != (expected, len(LABELS)):
            raise ValueError(f"sentiment model: coef has shape {self.coef.shape}, expected ({expected}, 3)")

    # -- loading and saving ---------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path | None = None) -> SentimentModel:
        """The model at `path` (default: the shipped one), read once per process and then shared."""
        resolved = Path(path or DEFAULT_PATH).resolve()
        with _CACHE_LOCK:
            model = _CACHE.get(resolved)
            if model is None:
                model = _CACHE[resolved] = cls._read(resolved)
                vader_scores(["warm up"])  # VADER reads its lexicons once, here rather than mid-stream
        return model

    @classmethod
    def _read(cls, path: Path) -> SentimentModel:
        if not path.exists():
            raise FileNotFoundError(
                f"sentiment model {path} is missing: run `python -m analyse.sentiment.train` to build it"
            )
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(z["meta"].tobytes().decode("utf-8"))
            if meta.get("format") != FORMAT:
                raise ValueError(f"sentiment model {path}: format {meta.get('format')!r}, this code reads {FORMAT}")
            return cls(
                word_vocab=_vocab(z["word_terms"]),
                word_idf=z["word_idf"].astype(np.float64),
                char_vocab=_vocab(z["char_terms"]),
                char_idf=z["char_idf"].astype(np.float64),
                coef=z["coef"],
                intercept=z["intercept"],
                bias=z["bias"],
                temperature=float(z["temperature"]),
                meta=meta,
            )

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        words = sorted(self.word_vocab, key=self.word_vocab.__getitem__)
        chars = sorted(self.char_vocab, key=self.char_vocab.__getitem__)
        meta = {**self.meta, "format": FORMAT, "labels": list(LABELS)}
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8),
                word_terms=pack_vocab(words),
                word_idf=self.word_idf.astype(np.float32),
                char_terms=pack_vocab(chars),
                char_idf=self.char_idf.astype(np.float32),
                coef=self.coef.astype(np.float32),
                intercept=self.intercept,
                bias=self.bias,
                temperature=np.float64(self.temperature),
            )
        return path

    # -- inference ------------------------------------------------------------------------------

    def features(self, texts: Sequence[str]) -> sp.csr_matrix:
        """[word TF-IDF | char TF-IDF | VADER] rows for already cleaned texts."""
        return sp.hstack(
            [
                _block(texts, word_ngrams, self.word_vocab, self.word_idf),
                _tfidf([self._char_ids(t) for t in texts], self.char_idf),
                sp.csr_matrix(vader_scores(texts)),
            ],
            format="csr",
        )

    def logits(self, texts: Sequence[object]) -> np.ndarray:
        """Raw scores (n, 3) before the tuned biases and temperature."""
        cleaned = [clean(t) for t in texts]
        if not cleaned:
            return np.zeros((0, len(LABELS)))
        return np.asarray(self.features(cleaned) @ self.coef) + self.intercept

    def predict_proba(self, texts: Sequence[object], batch_size: int = 512) -> np.ndarray:
        """Calibrated probabilities (n, 3) in LABELS order."""
        parts = [self.logits(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
        scores = np.vstack(parts) if parts else np.zeros((0, len(LABELS)))
        return _softmax(scores / self.temperature + self.bias)

    def predict(self, texts: Sequence[object], batch_size: int = 512) -> list[Sentiment]:
        """One Sentiment per text, in order. Any input (empty, emoji only, very long, None) is labelled."""
        if isinstance(texts, str):
            raise TypeError("predict takes a sequence of texts, not one str")
        probs = self.predict_proba(list(texts), batch_size=batch_size)
        best = probs.argmax(axis=1)
        return [
            Sentiment(LABELS[k], float(min(1.0, max(0.0, p))))
            for k, p in zip(best, probs[np.arange(len(best)), best], strict=True)
        ]


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
