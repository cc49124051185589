"""PTB's networking on aiohttp: the same requests as its httpx backend, for less CPU each.

PTB sends every Bot API call through a `BaseRequest`, and its default, `HTTPXRequest`, spends
more CPU per call than anything else in the bot (httpx and httpcore were about half of it
under load). aiohttp, already installed for discord.py, parses HTTP in C. The requests are
the ones PTB builds: form fields, or multipart when there are files.
"""

from __future__ import annotations

from urllib.parse import urlencode

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` on one aiohttp session with at most `pool_size` connections.

    aiohttp has no write timeout: a request's write is bounded by its read timeout instead
    (the answer cannot arrive before the request is sent). Waiting for a free connection
    counts against `pool_timeout` plus `connect_timeout`.
    """

    __slots__ = ("_pool_size", "_session", "_timeouts")

    def __init__(
        self,
        pool_size: int = 8,
        *,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._pool_size = pool_size
        self._timeouts = {"connect": connect_timeout, "read": read_timeout, "pool": pool_timeout}
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The read timeout used when a call does not give its own."""
        return self._timeouts["read"]

    async def initialize(self) -> None:
        """Open the session (inside the running loop, as aiohttp requires)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    def _timeout(self, name: str, given: float | object | None) -> float | None:
        """The timeout a call asked for, else ours (PTB's documented DEFAULT_NONE check)."""
        if given is BaseRequest.DEFAULT_NONE:
            return self._timeouts[name]
        return given if given is None else float(given)  # type: ignore[arg-type]

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        write_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        connect_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        pool_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; return the status code and the body."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        read = self._timeout("read", read_timeout)
        connect = self._timeout("connect", connect_timeout)
        pool = self._timeout("pool", pool_timeout)
        timeout = aiohttp.ClientTimeout(
            total=None,
            sock_read=read,
            sock_connect=connect,
            connect=None if pool is None or connect is None else pool + connect,
        )
        try:
            body, headers = _body(request_data)
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # ServerTimeoutError is one too
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc


def _body(
    request_data: RequestData | None,
) -> tuple[bytes | aiohttp.FormData | None, dict[str, str] | None]:
    """Form fields as PTB's httpx backend sends them; multipart when there are files."""
    if request_data is None:
        return None, None
    fields = request_data.json_parameters
    files = request_data.multipart_data
    if not files:
        # Encoded here: handed a dict, aiohttp builds a multipart writer it then discards.
        return urlencode(fields).encode(), _FORM
    form = aiohttp.FormData(fields)
    for name, (filename, content, mimetype) in files.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form, None
