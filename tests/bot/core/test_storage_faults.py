"""When the database does not take an answer, the person is told so, and nothing pretends.

Real faults: the SQLite file deleted under the running advisor, the database refusing
writes (SQLite's query_only, as a read-only or full disk does), and PostgreSQL cut away
behind a loopback proxy (tests/fakes/tcp_proxy.py). Never "your answers are saved" then,
and the cache never shows an answer the database does not hold.
"""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.app import open_advisor
from bot.core import texts
from bot.core.advisor import Advisor
from tests.conftest import Chat
from tests.fakes.tcp_proxy import CuttableProxy
from tests.interview_script import SCRIPT

FIXED = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def asked(chat: Chat) -> str | None:
    """The question the latest replies ask."""
    found = SCRIPT.asked(chat.shown())
    return found[0] if found else None


async def test_a_deleted_sqlite_file_is_never_called_saved(tmp_path: Path) -> None:
    """The file deleted while running: the answer is refused as not stored, not "saved"."""
    path = tmp_path / "advisor.db"
    async with open_advisor(f"sqlite:///{path}", clock=lambda: FIXED) as advisor:
        chat = Chat(advisor)
        await chat.answer(until="ask_graduation_year")
        for name in ("advisor.db", "advisor.db-wal", "advisor.db-shm"):
            (tmp_path / name).unlink(missing_ok=True)
        reply = await chat.say(SCRIPT.answer("ask_graduation_year"))
    assert reply == texts.NOT_SAVED
    assert "saved" not in reply.replace("couldn't save", "")


async def test_a_database_turned_read_only_is_said_plainly(tmp_path: Path) -> None:
    """The database stops taking writes mid-run: an answer or a reminder gets "couldn't
    save", and after it is writable again the same question is asked."""
    from bot.app import open_app

    async with open_app(f"sqlite:///{tmp_path / 'advisor.db'}", clock=lambda: FIXED) as app:
        chat = Chat(app.advisor)
        await chat.answer(until="ask_graduation_year")
        async with app.engine.connect() as conn:  # the one pooled connection: the app's own
            await conn.exec_driver_sql("PRAGMA query_only = ON")
        replies = [
            await chat.say(SCRIPT.answer("ask_graduation_year")),
            await chat.say("remind tomorrow 9am: email Dr. Lee"),
        ]
        async with app.engine.connect() as conn:
            await conn.exec_driver_sql("PRAGMA query_only = OFF")
        await chat.say("start")
        again = asked(chat)
    assert replies == [texts.NOT_SAVED, texts.NOT_SAVED]
    assert again == "ask_graduation_year"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MB file system (tmpfs) to fill up; mounting needs root, as CI runs."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path) -> Path:
    """Write zeros until the file system has no room left; return the filler file."""
    filler = disk / "filler"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    return filler


async def test_a_full_disk_is_said_plainly(small_disk: Path) -> None:
    """The disk full under SQLite: the answer gets "couldn't save", not "saved"; once there
    is room again the same question is asked and the answer is kept."""
    from bot.app import open_app

    async with open_app(f"sqlite:///{small_disk / 'advisor.db'}", clock=lambda: FIXED) as app:
        chat = Chat(app.advisor)
        await chat.answer(until="ask_graduation_year")
        await app.engine.dispose()  # the next write opens the database on a full disk
        filler = fill(small_disk)
        full = await chat.say(SCRIPT.answer("ask_graduation_year"))
        filler.unlink()
        await chat.say("start")
        again = asked(chat)
        await chat.say(SCRIPT.answer("ask_graduation_year"))
        kept = await chat.say("profile")
    assert full == texts.NOT_SAVED
    assert again == "ask_graduation_year"
    assert "graduation" in kept.lower()


@pytest.fixture
async def proxy(postgres_url: str) -> AsyncIterator[CuttableProxy]:
    """A cuttable proxy in front of the test's PostgreSQL database."""
    url = make_url(postgres_url)
    cuttable = CuttableProxy(url.host or "127.0.0.1", url.port or 5432)
    await cuttable.start()
    yield cuttable
    await cuttable.stop()


async def test_postgres_gone_mid_interview_loses_nothing_and_says_so(
    postgres_url: str, proxy: CuttableProxy
) -> None:
    """PostgreSQL away: "couldn't save"; back: the same question again, nothing half-kept."""
    advisor: Advisor
    async with open_advisor(proxy.url_for(postgres_url), clock=lambda: FIXED) as advisor:
        chat = Chat(advisor)
        await chat.answer(until="ask_graduation_year")
        proxy.cut()
        reply = await chat.say(SCRIPT.answer("ask_graduation_year"))
        assert reply == texts.NOT_SAVED
        proxy.restore()
        await chat.say("profile")
        stored = chat.last[0].text  # the profile itself (the open question follows it)
        assert "2019" not in stored  # the cache shows only what the database holds
        await chat.say("start")
        assert asked(chat) == "ask_graduation_year"
