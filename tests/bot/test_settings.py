"""Settings that cannot work stop start-up with the variable named."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import Settings


@pytest.mark.parametrize(
    ("shard", "count"), [("1", None), (None, "2"), ("2", "2"), ("-1", "2"), ("0", "0")]
)
def test_a_shard_setting_that_cannot_work_is_refused(
    shard: str | None, count: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shard id without a count, or out of range, is refused naming the setting."""
    for name, value in (("DISCORD_SHARD_ID", shard), ("DISCORD_SHARD_COUNT", count)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=r"(?i)discord_shard"):
        Settings(_env_file=None)


def test_one_shard_of_two_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shard 1 of 2 is what the second process of a two-shard bot sets."""
    monkeypatch.setenv("DISCORD_SHARD_ID", "1")
    monkeypatch.setenv("DISCORD_SHARD_COUNT", "2")
    settings = Settings(_env_file=None)
    assert (settings.discord_shard_id, settings.discord_shard_count) == (1, 2)
