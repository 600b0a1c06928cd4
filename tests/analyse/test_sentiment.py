"""Sentiment: the shipped model loads once and labels clear cases sensibly, any input is labelled
without a crash, confidences are probabilities, the features equal sklearn's, training runs end to
end on a small made-up set, and `evaluate` ends with `macro_recall=0.xxxx`.

Tests that need the public datasets in ../shared skip when they are absent.
"""

from __future__ import annotations

import json
import re
from dataclasses import FrozenInstanceError
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyse.sentiment import LABELS, Sentiment, SentimentModel
from analyse.sentiment import evaluate as evaluate_cli
from analyse.sentiment.model import DEFAULT_PATH, _block, _CharIds, _tfidf
from analyse.sentiment.text import MAX_CHARS, char_ngrams, clean, word_ngrams

VALIDATION = Path(__file__).resolve().parents[2].parent / "shared" / "datasets" / "sentiment" / "validation.jsonl"
needs_shared = pytest.mark.skipif(not VALIDATION.exists(), reason="needs ../shared/datasets/sentiment")


@pytest.fixture(scope="module")
def model() -> SentimentModel:
    return SentimentModel.load()


def test_shipped_model_is_small_and_loads_once(model: SentimentModel) -> None:
    assert DEFAULT_PATH.exists()
    assert DEFAULT_PATH.stat().st_size < 50_000_000
    assert SentimentModel.load() is model
    assert SentimentModel.load(DEFAULT_PATH) is model


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I love this, thank you so much! Best day ever :)", "positive"),
        ("Huge thanks to the officers who found my dog, amazing work", "positive"),
        ("This is terrible. I hate it, worst service ever", "negative"),
        ("Disgusting behaviour, absolutely furious and nobody cares", "negative"),
        ("The road will be closed between 9am and 5pm on Tuesday.", "neutral"),
        ("Police are at the scene on Grey Street, more details to follow", "neutral"),
    ],
)
def test_clear_cases(model: SentimentModel, text: str, label: str) -> None:
    (result,) = model.predict([text])
    assert result.label == label, (text, result)


def test_emoji_carry_sentiment(model: SentimentModel) -> None:
    results = model.predict(["😍😍😍", "😡😡😡", "Well done everyone 👏👏", "Still waiting for a reply 😒", "😢"])
    assert [r.label for r in results] == ["positive", "negative", "positive", "negative", "negative"]


BAD_INPUTS = [
    "",
    "   \n\t ",
    "😂",
    "🔥🔥🔥🔥🔥🔥",
    "👍🏽‍♀️\u200d\ufe0f",
    "a" * 10_000,
    "word " * 2_000 + "terrible",
    "Ceci n'est pas un texte anglais, mais la police est arrivée très vite.",
    "警察はすぐに来ました",
    "مرحبا بالشرطة",
    "\x00\x01\x02",
    "bad utf-8 \udcff\udcfe",
    "\ud800 lone surrogate",
    "http://example.com/x?y=1",
    "@user @user @user",
    "!!!!!!!!????",
    "n't n't not not no never",
]


def test_bad_inputs_never_crash(model: SentimentModel) -> None:
    results = model.predict([*BAD_INPUTS, None, 12345])  # type: ignore[list-item]
    assert len(results) == len(BAD_INPUTS) + 2
    for result in results:
        assert isinstance(result, Sentiment)
        assert result.label in LABELS
        assert 0.0 <= result.confidence <= 1.0


def test_batches_agree_with_single_calls(model: SentimentModel) -> None:
    texts = ["great stuff", "awful", "Road closed", "", "meh"] * 3
    together = model.predict(texts, batch_size=4)
    alone = [model.predict([t])[0] for t in texts]
    assert [r.label for r in together] == [r.label for r in alone]
    assert np.allclose([r.confidence for r in together], [r.confidence for r in alone])


def test_empty_sequence_and_str_argument(model: SentimentModel) -> None:
    assert model.predict([]) == []
    assert model.predict_proba([]).shape == (0, 3)
    with pytest.raises(TypeError):
        model.predict("one text, not a list")  # type: ignore[arg-type]


def test_probabilities_sum_to_one(model: SentimentModel) -> None:
    probs = model.predict_proba(["good", "bad", "the bus is at 10", ""])
    assert probs.shape == (4, 3)
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert ((probs >= 0) & (probs <= 1)).all()


def test_sentiment_is_frozen() -> None:
    s = Sentiment("positive", 0.9)
    with pytest.raises(FrozenInstanceError):
        s.label = "negative"  # type: ignore[misc]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=400), max_size=8))
def test_any_text_is_labelled(model: SentimentModel, texts: list[str]) -> None:
    results = model.predict(texts)
    assert len(results) == len(texts)
    assert all(r.label in LABELS and 0.0 <= r.confidence <= 1.0 for r in results)


def test_clean_matches_the_training_data_conventions() -> None:
    assert clean("@NorthshirePolice see https://t.co/abc now") == "@user see http now"
    assert clean("so   happy 😂") == "so happy lol"
    assert clean("🚓 at the scene") == "police car at the scene"
    assert clean(None) == ""
    assert len(clean("x" * 50_000)) == MAX_CHARS
    assert clean("\ud800oops") == "?oops"


def test_features_equal_sklearn_tfidf() -> None:
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    corpus = ["the cat sat", "the cat sat on the mat", "a dog!! a dog", "cat cat cat dog", "nothing here"]
    for analyse in (word_ngrams, char_ngrams):
        vectoriser = sklearn_text.TfidfVectorizer(analyzer=analyse, sublinear_tf=True).fit(corpus)
        queries = [*corpus, "unseen words only", "", "the the the cat"]
        ours = _block(queries, analyse, vectoriser.vocabulary_, vectoriser.idf_).toarray()
        assert np.allclose(ours, vectoriser.transform(queries).toarray())
        if analyse is char_ngrams:  # the cached per-word path the model uses
            cached = _tfidf([_CharIds(vectoriser.vocabulary_)(q) for q in queries * 2], vectoriser.idf_).toarray()
            assert np.allclose(cached, np.vstack([ours, ours]))


def test_train_on_a_small_set_round_trips(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from analyse.sentiment.train import train

    pos = ["love it, great work", "brilliant and lovely", "thank you, great job", "so happy, love this"]
    neg = ["awful, hate it", "terrible and rude", "worst ever, hate this", "so angry, awful job"]
    neu = ["road closed on tuesday", "meeting at 10 on the road", "tuesday update on the road", "road at 10"]
    texts = (pos + neg + neu) * 3
    y = np.array(([2] * 4 + [0] * 4 + [1] * 4) * 3)
    corrections = (["hate the road"], np.array([0]))
    trained = train(
        texts,
        y,
        pos + neg + neu,
        np.array([2] * 4 + [0] * 4 + [1] * 4),
        corrections=corrections,
        dedup=1.0,
        log=lambda *_: None,
    )
    assert trained.meta["trained"]["corrections"] == 1
    path = trained.save(tmp_path / "m.npz")
    loaded = SentimentModel.load(path)
    probe = ["great job, love it", "hate this, awful", "road closed tuesday", ""]
    assert np.allclose(loaded.predict_proba(probe), trained.predict_proba(probe))
    assert [r.label for r in loaded.predict(probe[:3])] == ["positive", "negative", "neutral"]


def test_evaluate_prints_confusion_and_macro_recall_last(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        {"text": "I love this, thank you so much!", "label": "positive"},
        {"text": "This is terrible, I hate it", "label": "negative"},
        {"text": "The road is closed on Tuesday", "label": "neutral"},
        {"text": "no label here"},
        {"text": "odd label", "label": "mixed"},
    ]
    data = tmp_path / "small.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n", encoding="utf-8")
    assert evaluate_cli.main([str(data)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(r"macro_recall=[01]\.\d{4}", lines[-1])
    assert any("recall" in line for line in lines[:-1])
    assert any(line.startswith("negative") for line in lines)


@needs_shared
def test_validation_macro_recall(capsys: pytest.CaptureFixture[str]) -> None:
    assert evaluate_cli.main([str(VALIDATION)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert float(last.removeprefix("macro_recall=")) >= 0.68
