"""Sentiment per mention: negative / neutral / positive with a confidence (see model.py)."""

from analyse.sentiment.model import LABELS, Sentiment, SentimentModel

__all__ = ["LABELS", "Sentiment", "SentimentModel"]
