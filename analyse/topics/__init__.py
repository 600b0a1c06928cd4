"""Hot topics: what people are talking about, and what is new or growing fast."""

from analyse.topics.baseline import ALL, Baseline, feature_keys
from analyse.topics.hot import SETTINGS, TopicSettings, hot_topics
from analyse.topics.records import Sample, Topic

__all__ = ["ALL", "SETTINGS", "Baseline", "Sample", "Topic", "TopicSettings", "feature_keys", "hot_topics"]
