"""Analyse what is new in the store since the last run: read a batch, analyse it, save it, repeat.

The store remembers how far the analysis reached (by rowid), so a run after each collection
reads only the new mentions, and a crash mid-run redoes at most one batch.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from analyse.pipeline import Analyser, AnalyserConfig, AnalyserStats
from analyse.records import Analysed
from commsdesk.records import Mention, iso
from commsdesk.store import Store

log = logging.getLogger(__name__)

AnalyseBatch = Callable[[Sequence[Mention]], list[Analysed]]
FeatureKeys = Callable[[Analysed], Iterable[str]]


@dataclass
class AnalysisRun:
    """What one run did: how many mentions, in which languages, how fast."""

    analysed: int = 0
    seconds: float = 0.0
    languages: Counter[str] = field(default_factory=Counter)
    modelled: int = 0  # mentions given a sentiment (English text)

    @property
    def per_second(self) -> float:
        return self.analysed / self.seconds if self.seconds else 0.0


def hour_of(record: Analysed) -> str:
    """The UTC hour a mention belongs to, as stored in the feature counts."""
    return iso(record.created_at.replace(minute=0, second=0, microsecond=0))


def count_features(records: Iterable[Analysed], keys: FeatureKeys) -> dict[tuple[str, str], int]:
    """How many of `records` carry each feature in each hour (a mention counts once per feature)."""
    counts: Counter[tuple[str, str]] = Counter()
    for record in records:
        hour = hour_of(record)
        counts.update((key, hour) for key in set(keys(record)))
    return dict(counts)


def analyse_pending(
    store: Store,
    analyse: AnalyseBatch,
    keys: FeatureKeys,
    *,
    batch_size: int = 1000,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_saved: Callable[[list[Analysed]], None] | None = None,
) -> AnalysisRun:
    """Analyse every stored mention not analysed yet (or the first `limit`), a batch per transaction.

    `on_saved` sees each batch once stored: a watcher can keep a window in memory instead of
    reading it back.
    """
    run = AnalysisRun()
    started = time.perf_counter()
    while limit is None or run.analysed < limit:
        size = batch_size if limit is None else min(batch_size, limit - run.analysed)
        batch = store.unanalysed(limit=size)
        if not batch:
            break
        records = analyse([mention for _, mention in batch])
        store.save_analyses(records, features=count_features(records, keys), upto=batch[-1][0])
        if on_saved:
            on_saved(records)
        run.analysed += len(batch)
        run.languages.update(record.lang for record in records)
        run.modelled += sum(1 for record in records if record.sentiment)
        if progress:
            progress(len(batch))
    run.seconds = time.perf_counter() - started
    if run.analysed:
        log.info("analysed %d mentions in %.1f s (%.0f/s)", run.analysed, run.seconds, run.per_second)
    return run


CHUNK = 100  # mentions sent to a worker at a time


class AnalyserPool:
    """Analysers in `workers` spawned processes, each built once from the picklable config.

    The store stays in the calling process (reads and writes); each batch is split across the
    workers and the records come back in order. Worth it for a backlog (an import, a restart after
    downtime): a worker takes a few seconds to load its models, and a name-heavy stream costs about
    1 ms of CPU per mention, so one core does ~850/s and two ~1,400–1,700/s.
    """

    def __init__(self, config: AnalyserConfig, workers: int = 2) -> None:
        context = multiprocessing.get_context("spawn")
        self.workers = workers
        self.stats = AnalyserStats()
        self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(config,))

    def analyse(self, mentions: Sequence[Mention]) -> list[Analysed]:
        # Small chunks, so a worker given the name-heavy posts does not leave the other idle.
        size = max(1, min(CHUNK, math.ceil(len(mentions) / self.workers)))
        chunks = [list(mentions[i : i + size]) for i in range(0, len(mentions), size)]
        records: list[Analysed] = []
        for part, failed in self._pool.map(_analyse_in_worker, chunks):
            records.extend(part)
            self.stats.failed += len(failed)
            self.stats.failed_keys.extend(failed)
        self.stats.mentions += len(mentions)
        return records

    def close(self) -> None:
        self._pool.shutdown()

    def __enter__(self) -> AnalyserPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_WORKER: Analyser | None = None


def _start_worker(config: AnalyserConfig) -> None:
    global _WORKER
    _WORKER = Analyser(config)


def _analyse_in_worker(mentions: list[Mention]) -> tuple[list[Analysed], list[Any]]:
    assert _WORKER is not None, "worker started without its Analyser"
    before = _WORKER.stats.failed
    records = _WORKER.analyse(mentions)
    new_failures = _WORKER.stats.failed - before
    return records, list(_WORKER.stats.failed_keys)[-new_failures:] if new_failures else []
