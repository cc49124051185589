"""`img-advisor run` as a real process: at DEBUG no secret or personal value reaches the log,
and a database file deleted under it stops it with one clear line.

The process talks to the fake Bot API server (real PTB) or the fake Discord (real
discord.py) on 127.0.0.1; a whole interview is answered, then the log (standard error) is
searched for the token, the chat and user ids, what was typed, what was stored and what
the bot wrote.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

from tests.bot.adapters.conftest_discord import Member
from tests.bot.adapters.telegram_script import TYPED, interview_by_text
from tests.bot.adapters.test_telegram_process import run_env
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.telegram_server import FakeTelegram, FakeUser

# As data, so no line of this file is what the log is searched for.
TOKEN = "".join(["7310000042:", "AAE-rel20-", "Secret_Token_Value_xyz"])
CHAT_ID = 7_384_920_111
NAME = "".join(["Zube", "ida Quin", "tessa"])
SCRIPT = TYPED.with_(ask_name=NAME)
# Typed answers long enough to be unmistakable, the stored visa, and one question's words.
NEVER_LOGGED = (
    TOKEN,
    TOKEN.split(":", 1)[1],
    str(CHAT_ID),
    NAME,
    "failed once, passed on 2nd attempt",
    "I got 241 on CK",
    "6 mo, 3 hands-on IM",
    "2 IM, 1 psych",
    "needs_j1",
    "citizenship and visa",
)


def assert_nothing_personal(log: str, *also: str) -> None:
    """None of the secrets and personal values (nor `also`) appears in the log."""
    assert " DEBUG " in log, "the log really is at DEBUG"
    found = [s for s in (*NEVER_LOGGED, *also) if s.casefold() in log.casefold()]
    assert found == []


async def start_run(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    """Start `img-advisor run`, its log on a pipe."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_a_whole_interview_at_debug_logs_nothing_personal(tmp_path: Path) -> None:
    """Token, chat id, typed answers, stored values and replies: none of them in the log."""
    async with FakeTelegram(token=TOKEN) as fake:
        process = await start_run(run_env(fake, tmp_path, ADVISOR_LOG_LEVEL="DEBUG"), tmp_path)
        try:
            dm = fake.private_chat(FakeUser(CHAT_ID, "Zubeida"))
            await dm.send("/start")
            _, question = await dm.next_messages(2, within=30)
            finished = await interview_by_text(dm, question, SCRIPT)
            assert any("That's everything" in m.text for m in finished)
        finally:
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), 30)
    log = stderr.decode()
    assert process.returncode == 0, log
    assert_nothing_personal(log)


async def test_a_whole_discord_interview_at_debug_logs_nothing_personal(tmp_path: Path) -> None:
    """The same on Discord: token, member and DM channel ids, answers, replies: not logged."""
    fake = FakeDiscord(token=TOKEN)
    member = Member(fake, fake.add_user("zubeida"))
    await fake.start()
    try:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "DISCORD_", "ADVISOR_"))
        }
        env.update(
            ADVISOR_DATABASE_URL=f"sqlite:///{tmp_path / 'advisor.db'}",
            ADVISOR_LOG_LEVEL="DEBUG",
            DISCORD_BOT_TOKEN=TOKEN,
            DISCORD_API_BASE_URL=fake.api_base_url,
            DISCORD_GATEWAY_URL=fake.gateway_url,
        )
        process = await start_run(env, tmp_path)
        try:
            await fake.wait_connected(patience=30)
            await member.type("start")
            await member.answer(SCRIPT)
            assert "That's everything" in member.texts()
        finally:
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), 30)
        ids = (str(member.user.id), str(fake.dm_channel(member.user).id))
    finally:
        await fake.close()
    log = stderr.decode()
    assert process.returncode == 0, log
    assert_nothing_personal(log, *ids)


async def test_a_deleted_database_file_stops_run_with_one_line(tmp_path: Path) -> None:
    """The SQLite file deleted while running: `run` stops within 10 s, saying what to do."""
    async with FakeTelegram() as fake:
        process = await start_run(run_env(fake, tmp_path), tmp_path)
        dm = fake.private_chat(fake.user("Amira"))
        await dm.send("/start")
        await dm.next_messages(2, within=30)
        for name in ("advisor.db", "advisor.db-wal", "advisor.db-shm"):
            (tmp_path / name).unlink(missing_ok=True)
        deleted = time.monotonic()
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    took = time.monotonic() - deleted
    log = stderr.decode()
    assert process.returncode == 1, log
    assert "Traceback" not in log, log
    last = log.strip().splitlines()[-1]
    assert last.startswith("img-advisor run: ") and "was deleted while running" in last, log
    assert "ADVISOR_DATABASE_URL" in last
    assert took < 10, f"{took:.1f} s"
