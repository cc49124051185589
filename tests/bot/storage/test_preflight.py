"""A database `run` cannot use stops start-up within 10 s with one line naming the setting.

Each case is a real `img-advisor run` process against something real on 127.0.0.1: a closed
port, a server that accepts and never answers, PostgreSQL with a missing database or role,
a directory, a read-only file, a database a newer version migrated.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.storage.database import create_engine
from bot.storage.schema import upgrade
from tests.conftest import POSTGRES_ENV

LIMIT = 10.0  # seconds: the bound for a clear line


async def run_with(database_url: str, cwd: Path) -> tuple[int, str, float]:
    """Start `img-advisor run` on this database; return its exit code, stderr and time."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env["ADVISOR_DATABASE_URL"] = database_url
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=cwd, env=env, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, stderr.decode(), time.monotonic() - started


def assert_one_clear_line(code: int, stderr: str, took: float, *words: str) -> None:
    """Exit 1, one line naming the setting and the words, no traceback, within the limit."""
    assert code == 1, stderr
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("img-advisor run: ") and "ADVISOR_DATABASE_URL" in lines[0]
    for word in words:
        assert word in lines[0], lines[0]
    assert took < LIMIT, f"{took:.1f} s"


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def silent_server() -> AsyncIterator[int]:
    """A TCP server on 127.0.0.1 that accepts connections and never says a word."""
    held: list[asyncio.StreamWriter] = []

    async def hold(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    yield int(server.sockets[0].getsockname()[1])
    for writer in held:
        writer.close()
    server.close()


async def test_refused_postgres(tmp_path: Path) -> None:
    """Nothing on the port: "connection refused", start the server or fix the URL."""
    url = f"postgresql://postgres@127.0.0.1:{closed_port()}/advisor"
    assert_one_clear_line(*await run_with(url, tmp_path), "connection refused")


async def test_postgres_that_never_answers(tmp_path: Path, silent_server: int) -> None:
    """A host that takes the connection and never answers: a timeout in seconds, not 62."""
    url = f"postgresql://postgres@127.0.0.1:{silent_server}/advisor"
    assert_one_clear_line(*await run_with(url, tmp_path), "did not answer within")


async def test_sqlite_path_that_is_a_directory(tmp_path: Path) -> None:
    """A folder where the file should be: say so, and show a file path in it."""
    folder = tmp_path / "data"
    folder.mkdir()
    code, stderr, took = await run_with(f"sqlite:///{folder}", tmp_path)
    assert_one_clear_line(code, stderr, took, "is a directory", str(folder / "advisor.db"))


async def test_read_only_sqlite(tmp_path: Path) -> None:
    """A database opened read-only fails at start-up, before anyone's answer is lost."""
    path = tmp_path / "advisor.db"
    engine = create_engine(f"sqlite:///{path}")
    await upgrade(engine)
    await engine.dispose()
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    assert_one_clear_line(*await run_with(url, tmp_path), "read-only")


async def test_database_from_a_newer_version(tmp_path: Path) -> None:
    """A database a newer img-advisor migrated: name the revision, upgrade the code."""
    path = tmp_path / "advisor.db"
    engine = create_engine(f"sqlite:///{path}")
    await upgrade(engine)
    async with engine.begin() as conn:
        await conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    await engine.dispose()
    code, stderr, took = await run_with(f"sqlite:///{path}", tmp_path)
    assert_one_clear_line(code, stderr, took, "9999", "upgrade img-advisor")


def _postgres_base() -> str:
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (CI sets it)")
    return base


async def test_missing_postgres_database(tmp_path: Path) -> None:
    """A database name that does not exist: say which, and how to create it."""
    url = make_url(_postgres_base()).set(database="no_such_advisor_db")
    code, stderr, took = await run_with(url.render_as_string(hide_password=False), tmp_path)
    assert_one_clear_line(code, stderr, took, "'no_such_advisor_db' does not exist", "createdb")


async def test_unknown_postgres_role(tmp_path: Path) -> None:
    """A role PostgreSQL does not know: name it, fix the user in the URL."""
    url = make_url(_postgres_base()).set(username="no_such_advisor_role")
    code, stderr, took = await run_with(url.render_as_string(hide_password=False), tmp_path)
    assert_one_clear_line(code, stderr, took, "'no_such_advisor_role'")


async def test_chat_says_it_in_one_line_too(tmp_path: Path) -> None:
    """`img-advisor chat` on a refused database: the same one line, no traceback."""
    url = f"postgresql://postgres@127.0.0.1:{closed_port()}/advisor"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "chat",
        "--db",
        url,
        cwd=tmp_path,
        stdin=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    lines = stderr.decode().strip().splitlines()
    assert process.returncode == 1 and len(lines) == 1, lines
    assert lines[0].startswith("img-advisor chat: ") and "connection refused" in lines[0]
