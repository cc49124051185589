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


def test_secrets_and_token_shapes_are_blanked_from_every_line() -> None:
    """A configured secret, and anything shaped like a bot token, never reach the output,
    in the message or in a traceback."""
    from bot.logs import REDACTED, RedactingFormatter

    secret = "".join(["s3cr3t-", "discord-", "token"])
    token = "".join(["123456789:", "AAH", "x" * 30])
    formatter = RedactingFormatter("%(message)s", [secret])
    try:
        raise RuntimeError(f"GET https://api.telegram.org/bot{token}/getMe")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "httpx", logging.DEBUG, __file__, 1, "using %s", (secret,), sys.exc_info()
        )
    out = formatter.format(record)
    assert secret not in out and token not in out
    assert out.count(REDACTED) == 2
