"""The Bot API's objects and request checks for the fake Telegram server."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.telegram_html import MAX_TEXT, EntityParseError, parse_html, utf16_len

RAW_STRINGS = {
    "text",
    "caption",
    "parse_mode",
    "callback_query_id",
    "url",
    "secret_token",
    "chat_id",
    "inline_message_id",
    "description",
    "short_description",
    "name",
    "language_code",
}


class ApiError(Exception):
    """A Bot API error answer: status, description and optional parameters."""

    def __init__(self, status: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


@dataclass
class ApiCall:
    """One request the bot made, kept for assertions."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic()
    status: int = 200


@dataclass
class BotMessage:
    """A message the bot sent, as the user currently sees it (edits applied)."""

    chat_id: int
    message_id: int
    kind: str  # "text", "photo" or "document"
    text: str  # plain text (or caption) after Telegram parsed the HTML
    entities: list[dict[str, Any]]
    html: str | None  # as the bot sent it
    keyboard: list[list[dict[str, Any]]] = field(default_factory=list)
    filename: str | None = None
    data: bytes | None = None
    edits: int = 0

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Return every button, row by row."""
        return [button for row in self.keyboard for button in row]

    @property
    def labels(self) -> list[str]:
        """Return the button labels, row by row."""
        return [button["text"] for button in self.buttons]

    def button(self, label: str) -> dict[str, Any]:
        """Return the button with this label (exact, else the only one containing it)."""
        exact = [b for b in self.buttons if b["text"] == label]
        loose = [b for b in self.buttons if label.lower() in b["text"].lower()]
        found = exact or loose
        if len(found) != 1:
            raise LookupError(f"no single button {label!r} among {self.labels}")
        return found[0]

    def to_api(self, bot_user: dict[str, Any], chat: dict[str, Any]) -> dict[str, Any]:
        """Return the Message object the Bot API would return."""
        body: dict[str, Any] = {
            "message_id": self.message_id,
            "from": bot_user,
            "chat": chat,
            "date": int(time.time()),
        }
        if self.edits:
            body["edit_date"] = int(time.time())
        if self.kind == "text":
            body.update(text=self.text, entities=self.entities)
        else:
            file_id = f"file-{self.chat_id}-{self.message_id}"
            size = len(self.data or b"")
            if self.kind == "photo":
                body["photo"] = [
                    {
                        "file_id": file_id,
                        "file_unique_id": file_id,
                        "width": 800,
                        "height": 600,
                        "file_size": size,
                    }
                ]
            else:
                body["document"] = {
                    "file_id": file_id,
                    "file_unique_id": file_id,
                    "file_name": self.filename,
                    "file_size": size,
                }
            if self.text:
                body.update(caption=self.text, caption_entities=self.entities)
        if self.keyboard:
            body["reply_markup"] = {"inline_keyboard": self.keyboard}
        return body


@dataclass
class Upload:
    filename: str
    data: bytes


async def read_params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        raw: dict[str, Any] = await request.json() if request.can_read_body else {}
        return raw
    form = await request.post()
    params: dict[str, Any] = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):
            params[key] = Upload(value.filename, value.file.read())
        elif key in RAW_STRINGS:
            params[key] = value
        else:
            try:
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
    for key, value in list(params.items()):  # files sent as attach://<part name>
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = params.pop(value.removeprefix("attach://"), value)
    return params


def parsed(raw: str, parse_mode: str | None, limit: int) -> tuple[str, list[dict[str, Any]]]:
    if parse_mode not in (None, "HTML"):
        raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode!r} in this fake")
    try:
        text, entities = parse_html(raw) if parse_mode == "HTML" else (raw, [])
    except EntityParseError as exc:
        raise ApiError(400, f"Bad Request: {exc}") from exc
    if utf16_len(text) > limit:
        raise ApiError(
            400,
            "Bad Request: message is too long"
            if limit == MAX_TEXT
            else "Bad Request: message caption is too long",
        )
    return text, entities


def inline_keyboard(markup: Any) -> list[list[dict[str, Any]]]:
    if not markup:
        return []
    rows = markup.get("inline_keyboard", [])
    for button in (b for row in rows for b in row):
        if not button.get("text"):
            raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
        data, url = button.get("callback_data"), button.get("url")
        if data is not None and not 1 <= len(data.encode()) <= 64:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        if url is not None and not url.startswith(("http://", "https://", "tg://")):
            raise ApiError(400, "Bad Request: inline keyboard button URL is invalid")
        if data is None and url is None:
            raise ApiError(400, "Bad Request: can't parse inline keyboard button")
    return rows


def int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
