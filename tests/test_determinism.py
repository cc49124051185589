"""The test run itself: no network beyond loopback, and hypothesis with no memory of old runs."""

from __future__ import annotations

import asyncio
import os
import socket

import pytest
from hypothesis import settings
from pytest_socket import SocketConnectBlockedError

# A private address nobody routes to: were the guard off, the connect would hang, not leak.
_ELSEWHERE = ("10.255.255.1", 80)
_WARNS = pytest.mark.filterwarnings("ignore:A test tried to use socket")  # what we provoke


@_WARNS
def test_a_connection_beyond_loopback_is_refused_before_it_leaves() -> None:
    """pytest-socket (pyproject addopts) blocks any host but 127.0.0.1, ::1 and localhost."""
    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(_ELSEWHERE, timeout=0.5)


@_WARNS
async def test_asyncio_connections_are_guarded_too() -> None:
    """The adapters' HTTP clients connect through asyncio, which the guard covers as well."""
    with pytest.raises(SocketConnectBlockedError):
        await asyncio.open_connection(*_ELSEWHERE)


async def test_loopback_stays_open() -> None:
    """The fake platform servers listen on 127.0.0.1: tests can still reach them."""

    async def greet(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"hi")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(greet, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        assert await reader.read() == b"hi"
        writer.close()


def test_hypothesis_keeps_no_example_database() -> None:
    """Whatever an earlier run found, this run neither reads nor writes it (tests/conftest.py)."""
    assert settings().database is None
    assert settings().derandomize is bool(
        os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
    )
