"""Logging set-up: our own records never carry personal data, and neither may libraries'."""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable

# Below WARNING these print SQL parameters, i.e. people's answers.
_DATABASE_LOGGERS = (
    "sqlalchemy.engine",
    "sqlalchemy.pool",
    "aiosqlite",
    "asyncpg",
    "alembic.runtime.migration",
)
# Floors for the platform and HTTP libraries, pinned before any of them is built: httpx logs
# every request URL at INFO and a Telegram URL holds the bot token; PTB logs "Set Bot API
# URL: …/bot<token>" while the Application is built and whole updates at DEBUG; discord.py
# logs gateway events and request bodies (message contents) at DEBUG.
_LIBRARY_FLOORS = (
    ("httpx", logging.WARNING),
    ("httpcore", logging.WARNING),
    ("telegram", logging.INFO),
    ("discord", logging.INFO),
    ("aiohttp", logging.INFO),
)
# Logs every state change of every conversation at INFO: noise, not operations news.
_CHATTY_LOGGERS = ("transitions",)
# A Telegram bot token wherever it turns up (a URL in an exception, a library's line);
# no word boundary before it: in a URL it follows "/bot" ("…/bot123456:AA…/getMe").
_TELEGRAM_TOKEN = re.compile(r"(?<!\d)\d{5,}:[A-Za-z0-9_-]{20,}")
REDACTED = "<redacted>"


class RedactingFormatter(logging.Formatter):
    """Formats records with every secret (and anything shaped like a bot token) blanked,
    in the message and in any traceback alike."""

    def __init__(self, fmt: str, secrets: Iterable[str] = ()) -> None:
        super().__init__(fmt)
        # Longest first, so a secret that contains another is blanked whole.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        """Format the record, then blank the secrets in the result."""
        return self.redact(super().format(record))

    def redact(self, text: str) -> str:
        """Return text with the secrets and token-shaped strings replaced."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return _TELEGRAM_TOKEN.sub(REDACTED, text)


def configure_logging(level: str, secrets: Iterable[str | None] = ()) -> None:
    """Log at `level` to standard error, secrets blanked, from the first line on.

    Database, platform and chatty libraries are pinned at levels that print no parameters,
    tokens or message contents before anything else runs, whatever `level` is.
    """
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter(
            "%(asctime)s %(levelname)s %(name)s: %(message)s", (s for s in secrets if s)
        )
    )
    logging.basicConfig(level=level, handlers=[handler])
    for name in (*_DATABASE_LOGGERS, *_CHATTY_LOGGERS):
        logging.getLogger(name).setLevel(logging.WARNING)
    for name, floor in _LIBRARY_FLOORS:
        library = logging.getLogger(name)
        if library.level < floor:  # NOTSET (inherit the root's DEBUG) counts as below
            library.setLevel(floor)


def log_failure(logger: logging.Logger, what: str, error: BaseException) -> None:
    """Log a failure by type and code location only.

    Exception messages can quote what they failed on (a validation error shows the value, a
    platform error the text), and those can be someone's scores or visa; frames cannot.
    """
    stack = "".join(traceback.format_tb(error.__traceback__))
    logger.error("%s: %s\n%s", what, type(error).__name__, stack.rstrip())
