"""Train the shipped sentiment model (`make train-sentiment`).

    python -m analyse.sentiment.train \\
        --train ../shared/datasets/sentiment/train.jsonl \\
        --validation ../shared/datasets/sentiment/validation.jsonl \\
        [--corrections corrections.jsonl] [--store var/commsdesk.sqlite] --out analyse/models/sentiment.npz

Deterministic: the same files give the same model, byte for byte in its arrays. Steps:

1. Read the training rows (`text`, `label`) and any staff corrections (`text`, `label`, added to
   training, and replacing a training row with the same text): from JSONL files, and from the
   store's `sentiment_corrections` (`commsdesk sentiment correct`), so the desk's own fixes
   reach the next model.
2. Drop training rows that near-duplicate a validation row (cosine >= --dedup of character 3-5-gram
   TF-IDF). The SemEval collections hold hundreds of retweets and lightly edited copies of the
   TweetEval validation tweets, almost always with the same label; left in, they lift validation
   macro recall by ~6 points that no new post would see. Staff corrections are never dropped.
3. Fit TF-IDF over word 1-2-grams and char 2-5-grams (see text.py) plus the 4 VADER scores, and a
   multinomial logistic regression with balanced class weights.
4. On validation: additive class biases that maximise macro-averaged recall (the TweetEval
   measure; neutral's fixed at 0), kept only if they also help when tuned on one half of
   validation and scored on the other (for this model they do not: balanced class weights already
   aim at macro recall); then a temperature that minimises log loss, so that the confidence is a
   calibrated probability. Prints the figures, writes the model.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import numpy as np

from analyse.sentiment.model import DEFAULT_PATH, LABELS, SentimentModel
from analyse.sentiment.text import char_ngrams, clean, word_ngrams

SHARED = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "sentiment"
SEED = 0


def read_jsonl(path: Path, *, strict: bool = True) -> tuple[list[str], np.ndarray]:
    """Texts and label indices. Rows without a known label are skipped (counted on stderr)."""
    texts: list[str] = []
    labels: list[int] = []
    skipped = 0
    with path.open(encoding="utf-8", errors="replace") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                label = str(row["label"]).strip().lower()
                text = row.get("text")
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                if strict:
                    raise ValueError(f"{path}:{number}: not a JSON object with text and label ({exc})") from exc
                skipped += 1
                continue
            if label not in LABELS or not isinstance(text, str):
                skipped += 1
                continue
            texts.append(text)
            labels.append(LABELS.index(label))
    if skipped:
        print(f"{path}: skipped {skipped} rows without a text and a label in {LABELS}", file=sys.stderr)
    return texts, np.asarray(labels, dtype=np.int64)


def store_corrections(path: Path) -> tuple[list[str], np.ndarray]:
    """Texts and labels the desk's staff corrected, from a commsdesk store."""
    from commsdesk.store import Store

    with Store(path) as store:
        rows = [row for row in store.sentiment_corrections() if row["label"] in LABELS]
    return [row["text"] for row in rows], np.asarray([LABELS.index(row["label"]) for row in rows], dtype=np.int64)


def macro_recall(y: np.ndarray, pred: np.ndarray) -> float:
    recalls = [float((pred[y == k] == k).mean()) for k in range(len(LABELS)) if (y == k).any()]
    return float(np.mean(recalls)) if recalls else 0.0


def confusion(y: np.ndarray, pred: np.ndarray) -> np.ndarray:
    matrix = np.zeros((len(LABELS), len(LABELS)), dtype=np.int64)
    np.add.at(matrix, (y, pred), 1)
    return matrix


def near_duplicates(train: Sequence[str], validation: Sequence[str], threshold: float) -> np.ndarray:
    """Mask of training texts whose char 3-5-gram TF-IDF cosine to some validation text >= threshold."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), dtype=np.float32)
    vectoriser.fit(list(train) + list(validation))
    similarity = vectoriser.transform(train) @ vectoriser.transform(validation).T
    best = np.asarray(similarity.max(axis=1).todense()).ravel()
    return best >= threshold


def tune_bias(logits: np.ndarray, y: np.ndarray, grid: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Additive biases for negative and positive (neutral 0) that maximise macro recall; ties -> smallest."""
    grid = np.round(np.arange(-1.5, 1.5001, 0.05), 2) if grid is None else grid
    best = (macro_recall(y, logits.argmax(1)), 0.0, 0.0, 0.0)
    for a in grid:
        for c in grid:
            score = macro_recall(y, (logits + np.array([a, 0.0, c])).argmax(1))
            key = (score, -(abs(a) + abs(c)))
            if key > (best[0], -best[3]):
                best = (score, float(a), float(c), abs(a) + abs(c))
    return np.array([best[1], 0.0, best[2]]), best[0]


def choose_bias(logits: np.ndarray, y: np.ndarray, min_gain: float = 0.002) -> tuple[np.ndarray, float, float]:
    """Class biases, used only if they help on held-out data: tuned on one half of validation and
    scored on the other (both ways), they must beat no bias by `min_gain` in macro recall, else 0.

    Returns (bias, macro recall on all of validation with it, the 2-fold gain)."""
    order = np.random.default_rng(SEED).permutation(len(y))
    halves = (order[: len(y) // 2], order[len(y) // 2 :])
    gains = []
    for fit, held in (halves, halves[::-1]):
        bias, _ = tune_bias(logits[fit], y[fit])
        with_bias = macro_recall(y[held], (logits[held] + bias).argmax(1))
        gains.append(with_bias - macro_recall(y[held], logits[held].argmax(1)))
    gain = float(np.mean(gains))
    bias = tune_bias(logits, y)[0] if gain >= min_gain else np.zeros(len(LABELS))
    return bias, macro_recall(y, (logits + bias).argmax(1)), gain


def tune_temperature(logits: np.ndarray, y: np.ndarray, bias: np.ndarray) -> float:
    """The temperature T minimising the log loss of softmax(logits / T + bias)."""
    best_t, best_loss = 1.0, np.inf
    for t in np.round(np.arange(0.3, 3.001, 0.02), 2):
        z = logits / t + bias
        z = z - z.max(1, keepdims=True)
        loss = float(-(z[np.arange(len(y)), y] - np.log(np.exp(z).sum(1))).mean())
        if loss < best_loss:
            best_t, best_loss = float(t), loss
    return best_t


def report(title: str, y: np.ndarray, pred: np.ndarray, out: TextIO | None = None) -> float:
    """Print a confusion matrix (rows true, columns predicted) and per-class recall; return macro recall."""
    out = out or sys.stdout
    matrix = confusion(y, pred)
    print(title, file=out)
    width = max(len(label) for label in LABELS) + 2
    print(" " * width + "".join(f"{'pred ' + label[:3]:>10}" for label in LABELS) + f"{'recall':>10}", file=out)
    for k, label in enumerate(LABELS):
        total = matrix[k].sum()
        recall = matrix[k, k] / total if total else float("nan")
        print(f"{label:<{width}}" + "".join(f"{v:>10d}" for v in matrix[k]) + f"{recall:>10.4f}", file=out)
    return macro_recall(y, pred)


def train(
    train_texts: Sequence[str],
    train_y: np.ndarray,
    val_texts: Sequence[str],
    val_y: np.ndarray,
    *,
    corrections: tuple[Sequence[str], np.ndarray] = ((), np.zeros(0, dtype=np.int64)),
    dedup: float = 0.5,
    c: float = 1.0,
    log=print,  # type: ignore[no-untyped-def]
) -> SentimentModel:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    started = time.perf_counter()
    texts = [clean(t) for t in train_texts]
    y = np.asarray(train_y)
    latest = dict(zip((clean(t) for t in corrections[0]), np.asarray(corrections[1]).tolist(), strict=True))
    fixed_texts = list(latest)  # a text corrected more than once keeps its last label
    fixed_y = np.asarray(list(latest.values()), dtype=np.int64)
    if fixed_texts:  # a staff correction overrides the training row with the same text
        corrected = set(fixed_texts)
        keep = np.array([t not in corrected for t in texts], dtype=bool)
        texts, y = [t for t, k in zip(texts, keep, strict=True) if k], y[keep]
    val_clean = [clean(t) for t in val_texts]
    if dedup < 1.0:
        dupes = near_duplicates(texts, val_clean, dedup)
        log(f"dropped {int(dupes.sum())} of {len(texts)} training rows that near-duplicate validation rows")
        texts, y = [t for t, d in zip(texts, dupes, strict=True) if not d], y[~dupes]
    texts += fixed_texts
    y = np.concatenate([y, fixed_y])
    log(f"training on {len(texts)} rows ({len(fixed_texts)} staff corrections): {np.bincount(y, minlength=3).tolist()}")

    vectorisers = []
    for analyse, min_df in ((word_ngrams, 2), (char_ngrams, 3)):
        # sklearn numbers the vocabulary in sorted term order, so the model is independent of hash seeds
        vectoriser = TfidfVectorizer(analyzer=analyse, min_df=min_df, sublinear_tf=True, dtype=np.float64)
        vectorisers.append(vectoriser.fit(texts))
    word_vec, char_vec = vectorisers
    model = SentimentModel(
        word_vocab=dict(word_vec.vocabulary_),
        word_idf=word_vec.idf_.copy(),
        char_vocab=dict(char_vec.vocabulary_),
        char_idf=char_vec.idf_.copy(),
        coef=np.zeros((len(word_vec.idf_) + len(char_vec.idf_) + 4, 3)),
        intercept=np.zeros(3),
        bias=np.zeros(3),
        temperature=1.0,
    )
    x_train = model.features(texts)
    log(
        f"features: {len(word_vec.idf_)} word + {len(char_vec.idf_)} char n-grams + 4 VADER scores "
        f"({time.perf_counter() - started:.0f} s)"
    )
    classifier = LogisticRegression(C=c, max_iter=5000, class_weight="balanced", random_state=SEED)
    classifier.fit(x_train, y)
    model.coef = np.ascontiguousarray(classifier.coef_.T)
    model.intercept = classifier.intercept_.copy()
    log(f"fitted logistic regression, C={c} ({time.perf_counter() - started:.0f} s)")

    val_logits = np.asarray(model.features(val_clean) @ model.coef) + model.intercept
    raw = macro_recall(val_y, val_logits.argmax(1))
    model.bias, tuned, gain = choose_bias(val_logits, val_y)
    model.temperature = tune_temperature(val_logits, val_y, model.bias)
    model.meta = {
        "trained": {
            "rows": len(texts),
            "corrections": len(fixed_texts),
            "dedup_threshold": dedup,
            "C": c,
            "features": {"word": len(word_vec.idf_), "char": len(char_vec.idf_), "vader": 4},
        },
        "validation": {
            "rows": len(val_y),
            "macro_recall_unbiased": round(raw, 4),
            "bias_gain_2fold": round(gain, 4),
            "macro_recall": round(tuned, 4),
        },
    }
    log(
        f"validation macro recall {raw:.4f} without class biases; 2-fold gain of tuned biases {gain:+.4f}, "
        f"so bias {model.bias.tolist()} -> {tuned:.4f}; temperature {model.temperature} "
        f"({time.perf_counter() - started:.0f} s)"
    )
    return model


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=SHARED / "train.jsonl")
    parser.add_argument("--validation", type=Path, default=SHARED / "validation.jsonl")
    parser.add_argument(
        "--corrections",
        type=Path,
        action="append",
        default=[],
        help="JSONL of staff corrections (text, label); may be given more than once",
    )
    parser.add_argument(
        "--store", type=Path, default=None, help="a commsdesk store whose staff sentiment corrections are used"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH)
    parser.add_argument(
        "--dedup", type=float, default=0.5, help="drop training rows this similar to a validation row (1 keeps all)"
    )
    parser.add_argument("-C", type=float, default=1.0, help="inverse regularisation of the regression")
    args = parser.parse_args(argv)

    stores = [args.store] if args.store else []
    for path in (args.train, args.validation, *args.corrections, *stores):
        if not path.exists():
            parser.error(f"{path} does not exist")
    train_texts, train_y = read_jsonl(args.train)
    val_texts, val_y = read_jsonl(args.validation)
    fixed_texts: list[str] = []
    fixed_y: list[np.ndarray] = []
    for path in args.corrections:
        texts, y = read_jsonl(path, strict=False)
        fixed_texts += texts
        fixed_y.append(y)
    if args.store:
        texts, y = store_corrections(args.store)
        print(f"{args.store}: {len(texts)} staff corrections")
        fixed_texts += texts
        fixed_y.append(y)
    corrections = (fixed_texts, np.concatenate(fixed_y) if fixed_y else np.zeros(0, dtype=np.int64))

    model = train(train_texts, train_y, val_texts, val_y, corrections=corrections, dedup=args.dedup, c=args.C)
    model.meta["data"] = {
        "train": args.train.name,
        "validation": args.validation.name,
        "corrections": [p.name for p in (*args.corrections, *stores)],
    }
    out = model.save(args.out)
    check = SentimentModel._read(out.resolve())
    pred = check.predict_proba(val_texts).argmax(1)
    score = report("validation (rows true, columns predicted):", val_y, pred)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    print(f"macro_recall={score:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
