"""Telegram's HTML parse mode, as strict as its documentation: HTML in, plain text and entities out.

The fake Bot API server uses this so that a message our adapter could not send to Telegram
("can't parse entities", "message is too long") fails in tests the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MAX_TEXT = 4096
MAX_CAPTION = 1024

# tag -> entity type (None: the tag needs an attribute to decide)
_TAGS: dict[str, str | None] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": None,
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_START_TAG = re.compile(r'<([a-z-]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>')
_END_TAG = re.compile(r"</([a-z-]+)\s*>")
_ATTR = re.compile(r'([a-z-]+)(?:="([^"<>]*)")?')
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));")


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; the message reads like Telegram's own."""


@dataclass
class _Open:
    tag: str
    entity: dict[str, Any]


def utf16_len(text: str) -> int:
    """Return the length of text in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(html: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into (plain text, entities) or raise EntityParseError."""
    out: list[str] = []
    offset = 0  # UTF-16 offset of the end of `out`
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(html):
        char = html[i]
        if char == "<":
            end = _END_TAG.match(html, i)
            if end:
                tag = end.group(1)
                if not stack or stack[-1].tag != tag:
                    raise EntityParseError(
                        f"can't parse entities: Unmatched end tag at byte offset "
                        f'{len(html[:i].encode())}, expected "</{stack[-1].tag if stack else ""}>",'
                        f' found "</{tag}>"'
                    )
                opened = stack.pop()
                opened.entity["length"] = offset - opened.entity["offset"]
                if opened.entity["length"] > 0:
                    entities.append(opened.entity)
                i = end.end()
                continue
            start = _START_TAG.match(html, i)
            if not start or start.group(1) not in _TAGS:
                name = start.group(1) if start else html[i + 1 : i + 8]
                raise EntityParseError(
                    f'can\'t parse entities: Unsupported start tag "{name}" at byte offset '
                    f"{len(html[:i].encode())}"
                )
            stack.append(_Open(start.group(1), _entity(start.group(1), start.group(2), offset)))
            i = start.end()
            continue
        if char == ">":
            raise EntityParseError(
                f"can't parse entities: Unexpected > at byte offset {len(html[:i].encode())}"
            )
        if char == "&":
            entity = _ENTITY.match(html, i)
            if not entity:
                raise EntityParseError(
                    "can't parse entities: Unsupported HTML entity at byte offset "
                    f"{len(html[:i].encode())}"
                )
            named, dec, hexa = entity.groups()
            decoded = _NAMED[named] if named else chr(int(dec) if dec else int(hexa, 16))
            out.append(decoded)
            offset += utf16_len(decoded)
            i = entity.end()
            continue
        out.append(char)
        offset += utf16_len(char)
        i += 1
    if stack:
        raise EntityParseError(
            "can't parse entities: Can't find end tag corresponding to start tag "
            f'"{stack[-1].tag}"'
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _entity(tag: str, raw_attrs: str, offset: int) -> dict[str, Any]:
    attrs = {m.group(1): m.group(2) or "" for m in _ATTR.finditer(raw_attrs)}
    kind = _TAGS[tag]
    if tag == "span":
        if attrs.get("class") != "tg-spoiler":
            raise EntityParseError('can\'t parse entities: Tag "span" must have class "tg-spoiler"')
        kind = "spoiler"
    entity: dict[str, Any] = {"type": kind, "offset": offset, "length": 0}
    if tag == "a":
        if not attrs.get("href"):
            raise EntityParseError("can't parse entities: Wrong HTTP URL")
        entity["url"] = attrs["href"]
    if tag == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    return entity
