"""Logging set-up: one readable line per event, and secrets scrubbed from every record.

Client libraries log request headers at DEBUG (tweepy logs the bearer token), so the scrubber
sits on the handler and sees every record whichever logger wrote it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from config.secrets import MASK

NOISY = ("tweepy", "urllib3", "googleapiclient", "facebook_business", "apscheduler", "httplib2")


class Scrubber(logging.Filter):
    """Replace every known secret value in a log record's final message with ***."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        cleaned = message
        for secret in self.secrets:
            cleaned = cleaned.replace(secret, MASK)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_text is None and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            for secret in self.secrets:
                text = text.replace(secret, MASK)
            record.exc_text = text
        return True


def setup_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Log to stderr as `time level source: message`, third-party chatter at WARNING."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S"))
    handler.addFilter(Scrubber(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in NOISY:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
