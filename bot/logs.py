"""Logging set-up: our own records never carry personal data, and neither may libraries'."""

from __future__ import annotations

import logging

# Below WARNING these print SQL parameters, i.e. people's answers.
_DATABASE_LOGGERS = ("sqlalchemy.engine", "sqlalchemy.pool", "aiosqlite", "asyncpg",
                     "alembic.runtime.migration")


# Logs every state change of every conversation at INFO: noise, not operations news.
_CHATTY_LOGGERS = ("transitions",)


def configure_logging(level: str) -> None:
    """Log at `level` to standard error, with database and chatty libraries at WARNING."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in (*_DATABASE_LOGGERS, *_CHATTY_LOGGERS):
        logging.getLogger(name).setLevel(logging.WARNING)
