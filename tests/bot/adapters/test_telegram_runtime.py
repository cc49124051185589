"""PTB runs one chat's updates in order and chats in parallel; requests survive flaky networks."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from telegram import Update
from telegram.error import BadRequest, NetworkError
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.adapters.telegram.runtime import PatientRateLimiter, PerChatUpdateProcessor
from tests.fakes.telegram_server import FakeTelegram


@dataclass
class Hold:
    """Chats whose echo, once started, waits until `release` is set."""

    chats: set[int] = field(default_factory=set)
    release: asyncio.Event = field(default_factory=asyncio.Event)


@pytest.fixture
def hold() -> Hold:
    """Nothing held unless a test says so."""
    return Hold()


@pytest.fixture
async def slow_echo(
    fake_telegram: FakeTelegram, hold: Hold
) -> AsyncIterator[list[tuple[str, int, str]]]:
    """A real PTB echo bot recording when each update runs; the first waits for a second chat.

    Waits on events, not on time: a handler runs on only once two chats have started (so
    two chats overlap if the processor lets them) and, for held chats, once released.
    """
    events: list[tuple[str, int, str]] = []
    two_chats = asyncio.Event()

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        chat, text = update.message.chat.id, update.message.text
        events.append(("start", chat, text))
        if len({c for kind, c, _ in events if kind == "start"}) >= 2:
            two_chats.set()
        async with asyncio.timeout(10):  # a guard: only a broken processor waits that long
            await two_chats.wait()
            if chat in hold.chats:
                await hold.release.wait()
        for _ in range(3):  # let a second update of this chat start now, were it allowed to
            await asyncio.sleep(0)
        events.append(("end", chat, text))
        await update.message.reply_text(text)

    app = (
        Application.builder()
        .token(fake_telegram.token)
        .base_url(fake_telegram.base_url)
        .concurrent_updates(PerChatUpdateProcessor(max_running=2))
        .job_queue(None)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    await app.initialize()
    await app.updater.start_polling(timeout=1)  # type: ignore[union-attr]
    await app.start()
    try:
        yield events
    finally:
        await app.updater.stop()  # type: ignore[union-attr]
        await app.stop()
        await app.shutdown()


async def test_one_chat_is_handled_in_order_and_chats_in_parallel(
    fake_telegram: FakeTelegram, slow_echo: list[tuple[str, int, str]]
) -> None:
    """Quick messages from one chat never overlap and keep their order; two chats overlap."""
    alice = fake_telegram.private_chat(fake_telegram.user("Alice"))
    bob = fake_telegram.private_chat(fake_telegram.user("Bob"))
    for n in range(5):
        await alice.send(f"a{n}")
        await bob.send(f"b{n}")
    assert [m.text for m in await alice.next_messages(5)] == [f"a{n}" for n in range(5)]
    assert [m.text for m in await bob.next_messages(5)] == [f"b{n}" for n in range(5)]
    for chat in (alice.id, bob.id):
        mine = [(kind, text) for kind, c, text in slow_echo if c == chat]
        expected = [
            (kind, f"{'a' if chat == alice.id else 'b'}{n}")
            for n in range(5)
            for kind in ("start", "end")
        ]
        assert mine == expected
    first_end = next(i for i, e in enumerate(slow_echo) if e[0] == "end")
    assert {e[1] for e in slow_echo[:first_end]} == {alice.id, bob.id}


async def test_a_busy_chat_does_not_hold_up_the_others(
    fake_telegram: FakeTelegram, slow_echo: list[tuple[str, int, str]], hold: Hold
) -> None:
    """With two places to run, ten queued messages from Alice don't make Bob wait for all."""
    alice = fake_telegram.private_chat(fake_telegram.user("Alice"))
    bob = fake_telegram.private_chat(fake_telegram.user("Bob"))
    hold.chats.add(alice.id)  # Alice's first message keeps one place busy until Bob is done
    for n in range(10):
        await alice.send(f"a{n}")
    await bob.send("b0")
    assert (await bob.next_message()).text == "b0"
    assert len(alice.history) < 10, "Bob was answered while Alice's messages were still queued"
    hold.release.set()
    assert len(await alice.next_messages(10)) == 10


async def test_processor_forgets_idle_chats(fake_telegram: FakeTelegram) -> None:
    """Once a chat's updates are done, nothing is kept for it."""
    processor = PerChatUpdateProcessor(max_running=8)
    update = Update.de_json(
        {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 5, "type": "private"},
                "text": "x",
            },
        },
        None,
    )

    async def work() -> None:
        await asyncio.sleep(0)

    await asyncio.gather(*(processor.process_update(update, work()) for _ in range(3)))
    assert processor.busy_chats == 0


@pytest.fixture
async def patient_app(fake_telegram: FakeTelegram) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """A PTB Application sending through PatientRateLimiter with short backoff."""
    app = (
        Application.builder()
        .token(fake_telegram.token)
        .base_url(fake_telegram.base_url)
        .rate_limiter(PatientRateLimiter(backoff=0.01, network_retries=3))
        .job_queue(None)
        .build()
    )
    async with app:
        yield app


async def test_network_errors_are_retried_with_backoff(
    fake_telegram: FakeTelegram,
    patient_app: Application,  # type: ignore[type-arg]
) -> None:
    """Two 502s in a row, then the message still arrives."""
    dm = fake_telegram.private_chat(fake_telegram.user("Alice"))
    fake_telegram.fail("sendMessage", 502, times=2)
    await patient_app.bot.send_message(dm.id, "hello")
    assert (await dm.next_message()).text == "hello"
    assert [c.status for c in fake_telegram.calls_to("sendMessage")] == [502, 502, 200]


async def test_network_errors_give_up_eventually(
    fake_telegram: FakeTelegram,
    patient_app: Application,  # type: ignore[type-arg]
) -> None:
    """A server that keeps failing is given up on after the retries."""
    dm = fake_telegram.private_chat(fake_telegram.user("Alice"))
    fake_telegram.fail("sendMessage", 502, times=10)
    with pytest.raises(NetworkError):
        await patient_app.bot.send_message(dm.id, "hello")
    assert len(fake_telegram.calls_to("sendMessage")) == 4


async def test_bad_requests_are_not_retried(
    fake_telegram: FakeTelegram,
    patient_app: Application,  # type: ignore[type-arg]
) -> None:
    """A 400 is final: one attempt only."""
    dm = fake_telegram.private_chat(fake_telegram.user("Alice"))
    with pytest.raises(BadRequest):
        await patient_app.bot.send_message(dm.id, "<oops", parse_mode="HTML")
    assert len(fake_telegram.calls_to("sendMessage")) == 1


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_retry_after_is_honoured(
    fake_telegram: FakeTelegram,
    patient_app: Application,  # type: ignore[type-arg]
) -> None:
    """After a 429 with retry_after=1 the next attempt waits at least a second."""
    dm = fake_telegram.private_chat(fake_telegram.user("Alice"))
    fake_telegram.fail("sendMessage", 429, retry_after=1)
    started = time.monotonic()
    await patient_app.bot.send_message(dm.id, "hello")
    first, second = fake_telegram.calls_to("sendMessage")
    assert first.status == 429 and second.status == 200
    assert second.at - first.at >= 1.0
    assert time.monotonic() - started < 3
