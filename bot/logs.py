"""Logging set-up: our own records never carry personal data, and neither may libraries'."""

from __future__ import annotations

import logging
import traceback

# Below WARNING these print SQL parameters, i.e. people's answers.
_DATABASE_LOGGERS = (
    "sqlalchemy.engine",
    "sqlalchemy.pool",
    "aiosqlite",
    "asyncpg",
    "alembic.runtime.migration",
)


# Logs every state change of every conversation at INFO: noise, not operations news.
_CHATTY_LOGGERS = ("transitions",)


def configure_logging(level: str) -> None:
    """Log at `level` to standard error, with database and chatty libraries at WARNING."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in (*_DATABASE_LOGGERS, *_CHATTY_LOGGERS):
        logging.getLogger(name).setLevel(logging.WARNING)


def log_failure(logger: logging.Logger, what: str, error: BaseException) -> None:
    """Log a failure by type and code location only.

    Exception messages can quote what they failed on (a validation error shows the value, a
    platform error the text), and those can be someone's scores or visa; frames cannot.
    """
    stack = "".join(traceback.format_tb(error.__traceback__))
    logger.error("%s: %s\n%s", what, type(error).__name__, stack.rstrip())
