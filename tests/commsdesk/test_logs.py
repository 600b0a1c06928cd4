"""Secrets never reach a log line, whichever library writes it (tweepy logs request headers)."""

import logging

import pytest

from commsdesk.logs import setup_logging


@pytest.fixture(autouse=True)
def restore_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_a_secret_in_any_log_record_is_masked(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging("DEBUG", ["AAAA-bearer-secret"])
    logging.getLogger("tweepy.client").warning("Headers: {'Authorization': 'Bearer %s'}", "AAAA-bearer-secret")
    try:
        raise RuntimeError("token AAAA-bearer-secret refused")
    except RuntimeError:
        logging.getLogger("commsdesk").exception("call failed")
    err = capsys.readouterr().err
    assert "AAAA-bearer-secret" not in err
    assert err.count("***") >= 2


def test_library_chatter_is_kept_at_warning() -> None:
    setup_logging("INFO", [])
    assert logging.getLogger("tweepy").level == logging.WARNING
    assert logging.getLogger("urllib3").level == logging.WARNING
