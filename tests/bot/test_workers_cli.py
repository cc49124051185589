"""`img-advisor run --workers N`: each worker's own port and shard, and what it refuses."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from bot.workers import WorkersError, worker_environments

POSTGRES = "postgresql://postgres@127.0.0.1:5432/advisor"


def settings(**values: object) -> Settings:
    """Settings from these values alone (no environment, no .env)."""
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_each_worker_gets_its_webhook_port_and_discord_shard() -> None:
    """Three workers: webhook ports 8443-8445, Discord shards 0-2 of 3, one database."""
    chosen = settings(
        advisor_database_url=POSTGRES,
        telegram_bot_token="123:ABC",
        telegram_webhook_url="https://example.org/tg",
        telegram_webhook_port=8443,
        discord_bot_token="discord-token",
    )
    envs = worker_environments(chosen, 3, {"PATH": "/bin"})
    assert [e["TELEGRAM_WEBHOOK_PORT"] for e in envs] == ["8443", "8444", "8445"]
    assert [(e["DISCORD_SHARD_ID"], e["DISCORD_SHARD_COUNT"]) for e in envs] == [
        ("0", "3"),
        ("1", "3"),
        ("2", "3"),
    ]
    assert {e["ADVISOR_DATABASE_URL"] for e in envs} == {POSTGRES}
    assert all(e["PATH"] == "/bin" for e in envs)


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"advisor_database_url": "sqlite:///advisor.db", "discord_bot_token": "t"}, "PostgreSQL"),
        ({"advisor_database_url": POSTGRES, "telegram_bot_token": "123:ABC"}, "long polling"),
        (
            {
                "advisor_database_url": POSTGRES,
                "discord_bot_token": "t",
                "discord_shard_id": 0,
                "discord_shard_count": 2,
            },
            "DISCORD_SHARD_ID",
        ),
    ],
)
def test_what_several_workers_cannot_share_is_refused(
    values: dict[str, object], reason: str
) -> None:
    """SQLite, long polling and hand-set shards are refused, saying why."""
    with pytest.raises(WorkersError, match=reason):
        worker_environments(settings(**values), 2, {})
