"""Black box: `img-advisor discord sync` and `img-advisor run` as real processes."""

# ruff: noqa: F811  (the fixtures are imported from conftest_discord, then used)
from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.bot.adapters.conftest_discord import StudyGroup, study_group  # noqa: F401

IMG_ADVISOR = Path(sys.executable).with_name("img-advisor")


async def _cli(env: dict[str, str], cwd: Path, *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        IMG_ADVISOR,
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, output.decode()


async def test_run_serves_discord_members_until_stopped(
    study_group: StudyGroup, tmp_path: Path
) -> None:
    """Sync once, run, answer a slash command and a DM, then exit cleanly on SIGTERM."""
    fake = study_group.fake
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "DISCORD_", "ADVISOR_"))
    }
    env.update(
        DISCORD_BOT_TOKEN=fake.token,
        DISCORD_API_BASE_URL=fake.api_base_url,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        ADVISOR_LOG_LEVEL="INFO",
        ADVISOR_DATABASE_URL=f"sqlite:///{tmp_path / 'advisor.db'}",
    )

    code, output = await _cli(
        env, tmp_path, "discord", "sync", "--guild", str(study_group.guild.id)
    )
    assert code == 0, output
    assert [c["name"] for c in fake.guild_commands[study_group.guild.id]] == [
        "advisor",
        "advisor-setup",
    ]

    process = await asyncio.create_subprocess_exec(
        IMG_ADVISOR,
        "run",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        await fake.wait_connected(patience=30)
        helped = await fake.slash(study_group.amira, "advisor help", guild=study_group.guild)
        assert "What I can do" in "\n".join(helped.texts)
        assert all(m.ephemeral for m in helped.messages)
        replies = await fake.send_dm(study_group.amira, "start")
        assert any("Question 1 of" in m.text for m in replies)
    finally:
        process.send_signal(signal.SIGTERM)
        output = (await asyncio.wait_for(process.communicate(), 30))[0].decode()
    assert process.returncode == 0, output
    assert "Traceback" not in output and " ERROR " not in output, output
    assert "DiscordService started" in output
