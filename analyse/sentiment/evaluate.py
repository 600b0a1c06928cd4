"""Evaluate the sentiment model on a labelled file (`make eval-sentiment DATA=file.jsonl`).

    python -m analyse.sentiment.evaluate FILE.jsonl [--model analyse/models/sentiment.npz]

FILE.jsonl has one JSON object per line with `text` and `label` (negative / neutral / positive), as
validation.jsonl. Prints a confusion matrix (rows: true label, columns: predicted), per-class recall,
and as its last line `macro_recall=0.xxxx` (recall averaged over the three classes: TweetEval's
measure). Rows without a text or a known label are skipped and counted.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from analyse.sentiment.model import SentimentModel
from analyse.sentiment.train import read_jsonl, report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="JSON Lines with text and label")
    parser.add_argument("--model", type=Path, default=None, help="model file (default: the shipped one)")
    args = parser.parse_args(argv)
    if not args.data.exists():
        parser.error(f"{args.data} does not exist")

    texts, y = read_jsonl(args.data, strict=False)
    if not texts:
        print(f"{args.data}: no labelled rows", file=sys.stderr)
        print("macro_recall=0.0000")
        return 1
    model = SentimentModel.load(args.model)
    started = time.perf_counter()
    pred = model.predict_proba(texts).argmax(axis=1)
    seconds = time.perf_counter() - started
    print(f"{args.data}: {len(texts)} rows, {len(texts) / max(seconds, 1e-9):,.0f} texts/s")
    score = report("confusion matrix (rows true, columns predicted):", y, pred)
    print(f"macro_recall={score:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
