"""The store's side of the analysis: the incremental cursor, feature counts, corrections, the pseudonym key."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from analyse.records import Analysed
from analyse.run import analyse_pending, count_features
from analyse.sentiment.train import store_corrections
from commsdesk.records import Mention
from commsdesk.store import Store

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def mention(ident: str, text: str = "fire near the Quayside", *, minutes: int = 0) -> Mention:
    return Mention(platform="x", id=ident, text=text, created_at=T0 + timedelta(minutes=minutes), author_handle="ann")


def analyse_simply(mentions: list[Mention]) -> list[Analysed]:
    """A stand-in for the spaCy pipeline: words as terms, everything English and neutral."""
    return [
        Analysed(
            platform=m.platform,
            id=m.id,
            created_at=m.created_at,
            text=m.text,
            lang="en",
            sentiment="neutral",
            confidence=0.6,
            sentiment_by="model",
            terms=tuple(dict.fromkeys(m.text.lower().split())),
            places=("Quayside",) if "quayside" in m.text.lower() else (),
            community=f"x:conversation:{m.id}",
        )
        for m in mentions
    ]


def terms_as_keys(record: Analysed) -> tuple[str, ...]:
    return record.terms


def test_each_mention_is_analysed_once_across_runs(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.save_mentions([mention("1"), mention("2")])
        first = analyse_pending(store, analyse_simply, terms_as_keys, batch_size=1)
        store.save_mentions([mention("2"), mention("3", "road closed")])
        second = analyse_pending(store, analyse_simply, terms_as_keys)
        assert (first.analysed, second.analysed) == (2, 1)
        assert store.analysis_backlog() == 0
        assert [a.id for a in store.analysed()] == ["1", "2", "3"]


def test_analysed_mentions_come_back_with_their_text_author_and_features(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.save_mentions([mention("1", "Fire near the Quayside", minutes=5)])
        analyse_pending(store, analyse_simply, terms_as_keys)
        (record,) = store.analysed(since=T0, until=T0 + timedelta(hours=1))
        assert record.terms == ("fire", "near", "the", "quayside")
        assert (record.text, record.author_handle, record.places) == ("Fire near the Quayside", "ann", ("Quayside",))
        assert store.analysed(since=T0 + timedelta(hours=1)) == []
        assert store.languages() == {"en": 1}


def test_feature_counts_are_per_hour_and_add_up_across_batches(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.save_mentions([mention("1", "fire fire"), mention("2", "fire", minutes=70), mention("3", "fire")])
        analyse_pending(store, analyse_simply, terms_as_keys, batch_size=2)
        counts = {(key, hour.hour): n for key, hour, n in store.feature_counts(since=T0, until=T0 + timedelta(days=1))}
        assert counts[("fire", 9)] == 2  # a mention counts once however often it says the word
        assert counts[("fire", 10)] == 1


def test_count_features_counts_a_key_once_per_mention() -> None:
    (record,) = analyse_simply([mention("1", "fire fire at the fire station")])
    assert count_features([record, record], lambda r: [*r.terms, "fire"])[("fire", "2026-11-20T09:00:00Z")] == 2


def test_a_staff_correction_wins_over_the_model_and_survives_reanalysis(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        store.save_mentions([mention("1", "well that went brilliantly")])
        analyse_pending(store, analyse_simply, terms_as_keys)
        store.correct_sentiment("x", "1", "negative", by="pc.smith", note="sarcasm")
        assert store.get_analysed("x", "1").sentiment == "negative"
        store.save_analyses(analyse_simply([store.get_mention("x", "1")]), features={}, upto=0)
        again = store.get_analysed("x", "1")
        assert (again.sentiment, again.sentiment_by, again.confidence) == ("negative", "pc.smith", 1.0)
        assert store.analysed_upto() == 1  # saving an older batch never moves the cursor back


def test_corrections_feed_the_next_training_run(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.save_mentions([mention("1", "well that went brilliantly"), mention("2", "road closed")])
        store.correct_sentiment("x", "1", "negative", by="pc.smith")
        store.correct_sentiment("x", "2", "neutral", by="pc.jones")
    texts, labels = store_corrections(path)
    assert texts == ["well that went brilliantly", "road closed"]
    assert labels.tolist() == [0, 1]


def test_correcting_an_unknown_mention_says_so(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store, pytest.raises(KeyError, match="x:404"):
        store.correct_sentiment("x", "404", "negative", by="pc.smith")


def test_the_pseudonym_key_is_made_once_and_kept(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        key = store.pseudonym_key()
    with Store(tmp_path / "s.sqlite") as store:
        assert store.pseudonym_key() == key
    with Store(tmp_path / "other.sqlite") as other:
        assert other.pseudonym_key() != key
        assert len(key) == 32
