"""Settings, read once at start-up from the environment and an optional `.env` file."""

from __future__ import annotations

from typing import Self

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.storage.database import DatabaseURLError, default_database_url, normalise_url


class Settings(BaseSettings):
    """Every knob the advisor reads; names are the environment variables, upper-cased."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    advisor_database_url: str = Field(default_factory=default_database_url)
    advisor_log_level: str = "INFO"
    # A name that stays the same across restarts (a container's, a service's): claims held
    # under it by a previous run are taken back at once. One running process per name.
    advisor_worker_id: str | None = Field(default=None, max_length=64)

    telegram_bot_token: str | None = None
    telegram_api_base_url: str | None = None  # e.g. http://127.0.0.1:8081/bot
    telegram_api_base_file_url: str | None = None  # e.g. http://127.0.0.1:8081/file/bot
    telegram_webhook_url: str | None = None  # public https URL; enables webhook mode
    telegram_webhook_secret: str | None = None
    telegram_webhook_listen: str = "0.0.0.0"
    telegram_webhook_port: int = Field(default=8443, ge=1, le=65535)
    # Messages a second the bot sends overall (Telegram takes ~30). Raise it only for a Bot
    # API that allows more: a local server, or the tests' fake at scale.
    telegram_messages_per_second: float = Field(default=30.0, gt=0)

    discord_bot_token: str | None = None
    discord_api_base_url: str | None = None  # e.g. http://127.0.0.1:8080/api/v10
    discord_gateway_url: str | None = None  # e.g. ws://127.0.0.1:8080/gateway
    # Sharding across processes: this process runs shard DISCORD_SHARD_ID of COUNT.
    discord_shard_id: int | None = Field(default=None, ge=0)
    discord_shard_count: int | None = Field(default=None, ge=1)

    def secrets(self) -> tuple[str, ...]:
        """The values no log line may show: the platform tokens and the webhook secret."""
        values = (self.telegram_bot_token, self.discord_bot_token, self.telegram_webhook_secret)
        return tuple(value for value in values if value)

    @field_validator("advisor_database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            normalise_url(value)
        except DatabaseURLError as exc:
            raise ValueError(str(exc)) from exc
        return value

    @model_validator(mode="after")
    def _shards(self) -> Self:
        shard, count = self.discord_shard_id, self.discord_shard_count
        if (shard is None) != (count is None):
            raise ValueError("set DISCORD_SHARD_ID and DISCORD_SHARD_COUNT together, or neither")
        if shard is not None and count is not None and shard >= count:
            raise ValueError("DISCORD_SHARD_ID must be below DISCORD_SHARD_COUNT (ids start at 0)")
        return self

    @field_validator("advisor_log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return level

    @field_validator("advisor_worker_id")
    @classmethod
    def _worker_id(cls, value: str | None) -> str | None:
        if value is not None and (not value.strip() or any(c.isspace() for c in value)):
            raise ValueError("must be a name without spaces, e.g. advisor-1")
        return value or None

    @field_validator("telegram_bot_token", "discord_bot_token")
    @classmethod
    def _token(cls, value: str | None) -> str | None:
        if value is not None and (not value.strip() or any(c.isspace() for c in value)):
            raise ValueError("must be the token exactly as given, with no spaces")
        return value or None

    @field_validator(
        "telegram_api_base_url",
        "telegram_api_base_file_url",
        "telegram_webhook_url",
        "discord_api_base_url",
        "discord_gateway_url",
    )
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://", "ws://", "wss://")):
            raise ValueError("must start with http://, https://, ws:// or wss://")
        return value or None
