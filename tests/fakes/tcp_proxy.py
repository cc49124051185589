"""A loopback TCP proxy that can be cut: a database outage on demand, through a real server.

The app connects to the proxy's port on 127.0.0.1 instead of the database's. `cut()` drops
every open connection and turns new ones away (accepted, then closed at once, as a database
that is restarting does) until `restore()`; `turned_away` counts those, so a test can end an
outage after so many failed attempts instead of after wall-clock seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable


class CuttableProxy:
    """Forwards 127.0.0.1:<port> to a target host and port until cut."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self.turned_away = 0
        self.cut_now = False
        # Called with the count each time a connection is turned away (to end an outage).
        self.on_turned_away: Callable[[int], None] | None = None
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        """Close everything."""
        self._drop_all()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def cut(self) -> None:
        """Start the outage: drop open connections, turn new ones away."""
        self.cut_now = True
        self._drop_all()

    def restore(self) -> None:
        """End the outage."""
        self.cut_now = False

    def url_for(self, url: str) -> str:
        """The same database URL with the host and port replaced by the proxy's."""
        from sqlalchemy.engine import make_url

        return (
            make_url(url)
            .set(host="127.0.0.1", port=self.port)
            .render_as_string(hide_password=False)
        )

    def _drop_all(self) -> None:
        for writer in list(self._pipes):
            writer.transport.abort()
        self._pipes.clear()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.cut_now:
            self.turned_away += 1
            writer.transport.abort()
            if self.on_turned_away is not None:
                self.on_turned_away(self.turned_away)
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._pipes.update((writer, up_writer))
        await asyncio.gather(
            self._pump(reader, up_writer), self._pump(up_reader, writer), return_exceptions=True
        )

    async def _pump(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        finally:
            self._pipes.discard(sink)
            with contextlib.suppress(Exception):
                sink.transport.abort()
