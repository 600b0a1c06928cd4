"""Hot topics: what people are talking about, and what is new or growing fast."""

from analyse.topics.baseline import ALL, Baseline, feature_keys, surprise
from analyse.topics.hot import SETTINGS, TopicSettings, earlier_baseline, hot_topics
from analyse.topics.records import Sample, Topic

__all__ = [
    "ALL",
    "SETTINGS",
    "Baseline",
    "Sample",
    "Topic",
    "TopicSettings",
    "earlier_baseline",
    "feature_keys",
    "hot_topics",
    "surprise",
]
