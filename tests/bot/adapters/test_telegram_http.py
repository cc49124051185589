"""PTB's Bot on our aiohttp networking: what it sends arrives intact, failures map to PTB's."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import NetworkError, TimedOut

from bot.adapters.telegram.http import AiohttpRequest
from tests.fakes.telegram_server import FakeTelegram


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    """A fake Bot API server on 127.0.0.1."""
    async with FakeTelegram() as server:
        yield server


def bot_for(fake: FakeTelegram, **timeouts: float) -> Bot:
    """The real PTB Bot, sending through AiohttpRequest."""
    return Bot(
        fake.token,
        base_url=fake.base_url,
        request=AiohttpRequest(4, **timeouts),
        get_updates_request=AiohttpRequest(1),
    )


async def test_messages_keyboards_and_files_arrive_as_sent(fake: FakeTelegram) -> None:
    """Text, a keyboard and an uploaded file reach the server as PTB built them."""
    chat = fake.private_chat(fake.user("Amira"))
    async with bot_for(fake) as bot:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("J-1", callback_data="a:1")]])
        sent = await bot.send_message(chat.id, "Visa & <b>status</b>?", reply_markup=keyboard)
        await bot.send_document(
            chat.id, InputFile(b"BEGIN:VCALENDAR", filename="a.ics"), caption="Your calendar"
        )
    assert sent.text == "Visa & <b>status</b>?"
    message, document = chat.history
    assert message.text == "Visa & <b>status</b>?"
    assert [button["text"] for row in message.keyboard for button in row] == ["J-1"]
    assert (document.kind, document.filename, document.data) == (
        "document",
        "a.ics",
        b"BEGIN:VCALENDAR",
    )
    assert document.text == "Your calendar"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=300).filter(
        str.strip
    )
)
async def test_any_text_survives_the_form_encoding(fake: FakeTelegram, text: str) -> None:
    """Whatever someone writes (any script, &, =, %, +) comes back unchanged."""
    chat = fake.private_chat(fake.user("Bilal"))
    async with bot_for(fake) as bot:
        await bot.send_message(chat.id, text)
    assert chat.history[-1].text == text


async def test_a_server_that_does_not_answer_in_time_is_a_timeout() -> None:
    """No answer within the read timeout raises PTB's TimedOut (which PTB users retry)."""
    hang_up = asyncio.Event()

    async def never(_request: web.Request) -> web.Response:
        await hang_up.wait()  # answers only once the client has given up
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/{tail:.*}", never)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    request = AiohttpRequest(read_timeout=0.2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.post(f"http://127.0.0.1:{port}/bot1:A/getMe")
    finally:
        hang_up.set()
        await request.shutdown()
        await runner.cleanup()


async def test_a_refused_connection_is_a_network_error() -> None:
    """Nothing listening: PTB's NetworkError, so the rate limiter's retries apply."""
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http://127.0.0.1:{port}/bot1:A/getMe")
        assert not isinstance(caught.value, TimedOut)
    finally:
        await request.shutdown()


async def test_requests_need_an_initialized_session() -> None:
    """Used before initialize() or after shutdown(), it says so instead of hanging."""
    request = AiohttpRequest()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request("http://127.0.0.1:9/", "POST")
    await request.initialize()
    await request.shutdown()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request("http://127.0.0.1:9/", "POST")
