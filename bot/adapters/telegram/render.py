"""Render the core's replies for Telegram: Markdown subset to HTML, 4,096-character chunks, buttons.

Everything that is not our markup is escaped, so no message can fail with "can't parse
entities"; every chunk is balanced on its own because it is rendered on its own.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core import payloads
from bot.core.commands import COMMANDS_BY_NAME
from bot.core.markup import ESCAPED, MARKERS
from bot.core.messages import Choice

MAX_MESSAGE = 4096  # Telegram's limit for a text message
MAX_CAPTION = 1024  # and for a photo or document caption
MAX_CALLBACK_DATA = 64  # bytes of callback_data Telegram accepts

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_CODE = re.compile(r"`([^`\n]+)`")
_ITALIC = re.compile(r"(?<![\w*])_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)")
_BULLET = re.compile(r"^(\s*)[-*] (?=\S)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_DEEP_LINK_ARG = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# A user's `\*` (bot.core.markup.literal) is a plain `*`: held as a private-use character
# while the markers are read, then written back as itself.
_HELD = {c: chr(0xE000 + i) for i, c in enumerate(MARKERS)}
_RELEASED = str.maketrans({held: html.escape(c) for c, held in _HELD.items()})
_LINK = re.compile(r"\[([^\[\]\n]+)\]\((https?://[^\s()]+)\)")


def utf16_len(text: str) -> int:
    """Return the length Telegram counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    """Escape text for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def render_inline(text: str) -> str:
    """Render one line: [links](https://…), **bold**, _italic_ and `code` become tags,
    everything else is escaped."""
    text = ESCAPED.sub(lambda m: _HELD[m.group(1)], text)
    parts: list[str] = []
    last = 0
    for match in _LINK.finditer(text):
        parts.append(_render_bold(text[last : match.start()]))
        url = html.escape(match.group(2), quote=True)
        parts.append(f'<a href="{url}">{escape(match.group(1))}</a>')
        last = match.end()
    parts.append(_render_bold(text[last:]))
    return "".join(parts).translate(_RELEASED)


def _render_bold(text: str) -> str:
    parts: list[str] = []
    last = 0
    for match in _BOLD.finditer(text):
        parts.append(_render_code(text[last : match.start()]))
        parts.append(f"<b>{_render_code(match.group(1))}</b>")
        last = match.end()
    parts.append(_render_code(text[last:]))
    return "".join(parts)


def _render_code(text: str) -> str:
    parts: list[str] = []
    last = 0
    for match in _CODE.finditer(text):
        parts.append(_render_italic(text[last : match.start()]))
        parts.append(_code(match.group(1)))
        last = match.end()
    parts.append(_render_italic(text[last:]))
    return "".join(parts)


def _code(content: str) -> str:
    """Render `content`; a bare command becomes a tappable /command, as Telegram users expect."""
    name, _, rest = content.lstrip("/").partition(" ")
    if name in COMMANDS_BY_NAME:
        if not rest:
            return f"/{name}"
        return f"<code>/{escape(name)} {escape(rest)}</code>"
    return f"<code>{escape(content)}</code>"


def _render_italic(text: str) -> str:
    parts: list[str] = []
    last = 0
    for match in _ITALIC.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<i>{escape(match.group(1))}</i>")
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def render_line(line: str) -> str:
    """Render one line, turning a leading "- " into a bullet."""
    bullet = _BULLET.match(line)
    if bullet:
        return f"{bullet.group(1)}• {render_inline(line[bullet.end() :])}"
    return render_inline(line)


def to_html(text: str) -> str:
    """Render a whole Markdown-subset text as Telegram HTML (no length limit)."""
    return "\n".join(render_line(line) for line in _normalise(text).split("\n"))


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Render text as HTML chunks of at most `limit`, split at paragraphs where possible."""
    pieces: list[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(_normalise(text)):
        if paragraph.strip():
            pieces.extend(_fit(paragraph, limit))
    return _pack(pieces, "\n\n", limit)


def _normalise(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _fit(paragraph: str, limit: int) -> list[str]:
    """Render a paragraph as one chunk if it fits, else by lines, then words, then characters."""
    rendered = "\n".join(render_line(line) for line in paragraph.split("\n"))
    if utf16_len(rendered) <= limit:
        return [rendered]
    lines: list[str] = []
    for line in paragraph.split("\n"):
        one = render_line(line)
        lines.extend([one] if utf16_len(one) <= limit else _split_line(line, limit))
    return _pack(lines, "\n", limit)


def _split_line(line: str, limit: int) -> list[str]:
    words: list[str] = []
    for word in line.split(" "):
        if utf16_len(render_inline(word)) <= limit:
            words.append(render_inline(word))
        else:  # one enormous "word": cut it so that even escaped it fits
            step = max(1, limit // 5)  # "&amp;" is the longest escape, 5 characters
            words.extend(escape(word[i : i + step]) for i in range(0, len(word), step))
    return _pack(words, " ", limit)


def _pack(pieces: Iterable[str], joiner: str, limit: int) -> list[str]:
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{joiner}{piece}" if current else piece
        if utf16_len(candidate) <= limit:
            current = candidate
        else:
            if current:
                chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return chunks


def answered_html(original_html: str, label: str) -> str:
    """Return the pressed message's text with the chosen answer shown under it."""
    return f"{original_html}\n\n✓ {escape(label)}"


class PayloadCodec:
    """Fits button payloads into Telegram's 64-byte callback_data.

    Short payloads pass through unchanged (and so survive a restart); longer ones are replaced
    by a digest remembered here, for the most recent `capacity` of them.
    """

    def __init__(self, capacity: int = 10_000) -> None:
        self._long: OrderedDict[str, str] = OrderedDict()
        self._capacity = capacity

    def encode(self, payload: str) -> str:
        """Return callback_data for a payload."""
        if len(payload.encode()) <= MAX_CALLBACK_DATA and not payload.startswith("#"):
            return payload
        key = "#" + hashlib.blake2s(payload.encode(), digest_size=16).hexdigest()
        self._long[key] = payload
        self._long.move_to_end(key)
        while len(self._long) > self._capacity:
            self._long.popitem(last=False)
        return key

    def decode(self, data: str) -> str:
        """Return the payload for callback_data (an unknown digest comes back as it is)."""
        return self._long.get(data, data)


def deep_link(bot_username: str, argument: str) -> str:
    """Return a t.me link that opens a private chat and sends /start <argument>."""
    base = f"https://t.me/{bot_username}"
    return f"{base}?start={argument}" if _DEEP_LINK_ARG.match(argument) else base


def keyboard(
    choices: Sequence[Choice], bot_username: str, codec: PayloadCodec
) -> InlineKeyboardMarkup | None:
    """Lay choices out as an inline keyboard: short labels side by side, long ones stacked."""
    if not choices:
        return None
    buttons = [_button(choice, bot_username, codec) for choice in choices]
    longest = max(len(choice.label) for choice in choices)
    per_row = 3 if longest <= 8 else 2 if longest <= 18 else 1
    rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
    return InlineKeyboardMarkup(rows)


def _button(choice: Choice, bot_username: str, codec: PayloadCodec) -> InlineKeyboardButton:
    if choice.url:
        return InlineKeyboardButton(choice.label, url=choice.url)
    if (line := payloads.private_line(choice.payload)) is not None:
        link = deep_link(bot_username, line)
        return InlineKeyboardButton(choice.label, url=link)
    return InlineKeyboardButton(choice.label, callback_data=codec.encode(choice.payload))
