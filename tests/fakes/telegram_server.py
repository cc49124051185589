"""A fake Telegram Bot API server on 127.0.0.1 that the real python-telegram-bot talks to.

Tests push what a user does (`await dm.send("/start")`, `await dm.press("J-1")`) and read what
the bot did (`await dm.next_message()`), like a chat. The server checks what Telegram checks
(HTML entities, message length, button data, stale callback queries) and can answer 429, 403 or
502 on demand, or enforce flood limits (`enforce_limits`, tests/fakes/telegram_limits.py).
In webhook mode it POSTs updates to the bot's webhook server with the secret.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from dataclasses import dataclass
from typing import Any, Self

import aiohttp
from aiohttp import web

from tests.fakes.telegram_chats import CallbackAnswer, Chat, FakeUser, Group, PrivateChat
from tests.fakes.telegram_html import MAX_CAPTION, MAX_TEXT
from tests.fakes.telegram_limits import FloodControl
from tests.fakes.telegram_objects import (
    ApiCall,
    ApiError,
    BotMessage,
    Upload,
    inline_keyboard,
    int_or_none,
    parsed,
    read_params,
)

__all__ = [
    "ApiCall",
    "ApiError",
    "BotMessage",
    "CallbackAnswer",
    "Chat",
    "FakeTelegram",
    "FakeUser",
    "Group",
    "PrivateChat",
]

_SENDS = {"sendMessage", "sendPhoto", "sendDocument"}
_DESCRIPTIONS = {
    400: "Bad Request: something unexpected",
    403: "Forbidden: bot was blocked by the user",
    500: "Internal Server Error",
}


@dataclass
class _Failure:
    method: str
    status: int
    retry_after: int | None
    remaining: int
    chat_id: int | None


class FakeTelegram:
    """The Bot API for one bot, served on 127.0.0.1 at a free port."""

    def __init__(self, token: str = "123456:TEST", username: str = "img_advisor_bot") -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.username = username
        self.calls: list[ApiCall] = []
        self.commands: dict[str, list[str]] = {}  # scope type -> command names
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        # Where to POST updates while a webhook is set (the bot's local webhook server).
        self.webhook_target: str | None = None
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._new_update = asyncio.Event()
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._messages: dict[tuple[int, int], BotMessage] = {}
        self._chats: dict[int, Chat] = {}
        self._callbacks: dict[str, CallbackAnswer] = {}
        self._callback_ids = itertools.count(1)
        self._failures: list[_Failure] = []
        self._blocked: set[int] = set()
        self.flood: FloodControl | None = None
        self._user_ids = itertools.count(1001)
        self._group_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Serve the Bot API on a free loopback port."""
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        """Stop serving and release long polls."""
        self._new_update.set()
        if self._client:
            await self._client.close()
        if self._runner:
            await self._runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Return the API base URL in PTB's format (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Return the file base URL in PTB's format."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- people and chats ------------------------------------------------------------------

    def user(self, first_name: str, username: str | None = None) -> FakeUser:
        """Create a Telegram user."""
        return FakeUser(next(self._user_ids), first_name, username)

    def private_chat(self, user: FakeUser) -> PrivateChat:
        """Return the private chat between the user and the bot."""
        chat = self._chats.get(user.id)
        if chat is None:
            chat = self._chats[user.id] = PrivateChat(self, user)
        assert isinstance(chat, PrivateChat)
        return chat

    def group(self, title: str, *, basic: bool = False) -> Group:
        """Create a supergroup (or a basic group, with a short id) the bot is a member of."""
        number = next(self._group_ids)
        chat_id = -number if basic else -1_000_000_000_000 - number
        group = self._chats[chat_id] = Group(self, chat_id, title, basic=basic)
        return group

    def bot_user(self) -> dict[str, Any]:
        """Return the bot as a User object."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "IMG Advisor",
            "username": self.username,
        }

    # -- failures on demand ----------------------------------------------------------------

    def fail(
        self,
        method: str,
        status: int = 429,
        *,
        times: int = 1,
        retry_after: int | None = None,
        chat_id: int | None = None,
    ) -> None:
        """Answer the next `times` calls of method (optionally to one chat) with an error.

        429 carries retry_after; 403 says the user blocked the bot; 502 is a network error.
        """
        if status == 429 and retry_after is None:
            retry_after = 1
        self._failures.append(_Failure(method, status, retry_after, times, chat_id))

    def enforce_limits(
        self, per_second: float, chat_interval: float = 1.0, burst: float = 0.0
    ) -> FloodControl:
        """Answer 429 to sends beyond these limits from now on; return the counter of refusals.

        `burst`: sends beyond the steady rate the bucket holds (0: a fifth of a second's).
        """
        self.flood = FloodControl(per_second, chat_interval, burst=burst)
        return self.flood

    def block(self, user: FakeUser) -> None:
        """Make the user block the bot: sends to them get 403 from now on."""
        self._blocked.add(user.id)

    def calls_to(self, method: str) -> list[ApiCall]:
        """Return the calls of one method, in order."""
        return [c for c in self.calls if c.method == method]

    # -- updates ---------------------------------------------------------------------------

    def new_message_id(self, chat_id: int) -> int:
        """Allocate the next message id in a chat."""
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def message(self, chat_id: int, message_id: int) -> BotMessage:
        """Return a bot message as it currently reads."""
        return self._messages[(chat_id, message_id)]

    def register_callback(self, answer: CallbackAnswer) -> str:
        """Allocate an id for a pressed button and remember it until answered."""
        query_id = f"cbq-{next(self._callback_ids)}"
        self._callbacks[query_id] = answer
        return query_id

    async def push(self, kind: str, payload: dict[str, Any]) -> int:
        """Deliver an update (by getUpdates, or POSTed to the webhook); return its id."""
        update: dict[str, Any] = {"update_id": next(self._update_ids), kind: payload}
        if self.webhook_url and self.webhook_target:
            status = await self.post_to_webhook(update, self.webhook_secret)
            if status != 200:
                raise AssertionError(f"webhook answered {status}")
        else:
            self._updates.append(update)
            self._new_update.set()
        return update["update_id"]

    async def post_to_webhook(self, update: dict[str, Any], secret: str | None) -> int:
        """POST one update to the webhook target as Telegram would; return the HTTP status."""
        assert self.webhook_target, "no webhook_target set"
        if self._client is None:
            self._client = aiohttp.ClientSession()
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
        async with self._client.post(self.webhook_target, json=update, headers=headers) as resp:
            return resp.status

    # -- HTTP ------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await read_params(request)
        call = ApiCall(method, params, time.monotonic())
        self.calls.append(call)
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            self._injected_failure(method, params)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            result = await handler(params)
        except ApiError as exc:
            call.status = exc.status
            body: dict[str, Any] = {
                "ok": False,
                "error_code": exc.status,
                "description": exc.description,
            }
            if exc.parameters:
                body["parameters"] = exc.parameters
            return web.json_response(body, status=exc.status)
        return web.json_response({"ok": True, "result": result})

    def _injected_failure(self, method: str, params: dict[str, Any]) -> None:
        chat_id = int_or_none(params.get("chat_id"))
        if method in _SENDS | {"editMessageText"} and chat_id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        for failure in self._failures:
            if (
                failure.method == method
                and failure.remaining > 0
                and (failure.chat_id is None or failure.chat_id == chat_id)
            ):
                failure.remaining -= 1
                if failure.status == 429:
                    raise ApiError(
                        429,
                        f"Too Many Requests: retry after {failure.retry_after}",
                        retry_after=failure.retry_after,
                    )
                raise ApiError(failure.status, _DESCRIPTIONS.get(failure.status, "Bad Gateway"))
        if self.flood is not None and method in _SENDS:
            wait = self.flood.check(chat_id)
            if wait is not None:
                raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)

    async def _api_getMe(self, _: dict[str, Any]) -> dict[str, Any]:
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and float(params.get("timeout") or 0) > 0:
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), float(params["timeout"]))
        limit = int(params.get("limit") or 100)
        return self._updates[:limit]

    async def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        scope = (params.get("scope") or {"type": "default"})["type"]
        self.commands[scope] = [c["command"] for c in params["commands"]]
        return True

    async def _api_getMyCommands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        scope = (params.get("scope") or {"type": "default"})["type"]
        return [{"command": c, "description": c} for c in self.commands.get(scope, [])]

    async def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = str(params["url"])
        self.webhook_secret = params.get("secret_token")
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url, self.webhook_secret = "", None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _api_getWebhookInfo(self, _: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _api_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chats.get(int_or_none(params.get("chat_id")) or 0)
        if not isinstance(chat, Group):
            raise ApiError(400, "Bad Request: chat not found")
        member = chat.member_api(int(params["user_id"]))
        if member is None:
            raise ApiError(400, "Bad Request: user not found")
        return member

    async def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._deliver(params, "text", params.get("text", ""), MAX_TEXT)

    async def _api_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._deliver(params, "photo", params.get("caption", ""), MAX_CAPTION)

    async def _api_sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._deliver(params, "document", params.get("caption", ""), MAX_CAPTION)

    async def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._existing(params)
        if message.kind != "text":
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        text, entities = parsed(params.get("text", ""), params.get("parse_mode"), MAX_TEXT)
        keyboard = inline_keyboard(params.get("reply_markup"))
        if text == message.text and entities == message.entities and keyboard == message.keyboard:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same as a current "
                "content and reply markup of the message",
            )
        message.text, message.entities = text, entities
        message.html = params.get("text") if params.get("parse_mode") else None
        message.keyboard, message.edits = keyboard, message.edits + 1
        return self._as_api(message)

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._existing(params)
        keyboard = inline_keyboard(params.get("reply_markup"))
        if keyboard == message.keyboard:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same as a current "
                "content and reply markup of the message",
            )
        message.keyboard, message.edits = keyboard, message.edits + 1
        return self._as_api(message)

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        answer = self._callbacks.pop(str(params["callback_query_id"]), None)
        if answer is None:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        if len(params.get("text") or "") > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        answer.resolve(params.get("text"), bool(params.get("show_alert")))
        return True

    # -- helpers ---------------------------------------------------------------------------

    def _deliver(self, params: dict[str, Any], kind: str, raw: str, limit: int) -> dict[str, Any]:
        chat_id = int_or_none(params.get("chat_id"))
        chat = self._chats.get(chat_id) if chat_id is not None else None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        if kind == "text" and not raw.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        text, entities = parsed(raw, params.get("parse_mode"), limit)
        upload = params.get(kind) if kind != "text" else None
        if kind != "text" and not isinstance(upload, Upload):
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        message = BotMessage(
            chat_id=chat.id,
            message_id=self.new_message_id(chat.id),
            kind=kind,
            text=text,
            entities=entities,
            html=raw if params.get("parse_mode") else None,
            keyboard=inline_keyboard(params.get("reply_markup")),
            filename=upload.filename if isinstance(upload, Upload) else None,
            data=upload.data if isinstance(upload, Upload) else None,
        )
        self._messages[(chat.id, message.message_id)] = message
        chat.received(message)
        return self._as_api(message)

    def _existing(self, params: dict[str, Any]) -> BotMessage:
        key = (int_or_none(params.get("chat_id")), int_or_none(params.get("message_id")))
        message = self._messages.get(key)  # type: ignore[arg-type]
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    def _as_api(self, message: BotMessage) -> dict[str, Any]:
        return message.to_api(self.bot_user(), self._chats[message.chat_id].to_api())
