"""Failure logs name the error and where it happened, never what it was about."""

from __future__ import annotations

import logging

import pytest

from bot.logs import log_failure


def test_a_logged_failure_keeps_the_message_out(caplog: pytest.LogCaptureFixture) -> None:
    """An exception quoting a score is logged by type and frames, without the score."""
    log = logging.getLogger("test")
    name, score = "".join(["Ami", "ra"]), 200 + 19  # as data, not as literals in the source
    try:
        raise ValueError(f"step2_score {score} is not valid for {name}")
    except ValueError as error:
        with caplog.at_level(logging.ERROR):
            log_failure(log, "handling a message failed", error)
    logged = caplog.text
    assert "ValueError" in logged and "test_logs.py" in logged
    assert "219" not in logged and "Amira" not in logged
