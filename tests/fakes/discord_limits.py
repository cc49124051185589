"""Discord's limits on a message body, checked by the fake as Discord checks them.

A body over a limit gets Discord's own answer, 400 "Invalid Form Body" (code 50035), so
every test that sends a message also checks that the bot keeps within the limits.
Limits: https://discord.com/developers/docs/resources/message#create-message and
https://discord.com/developers/docs/resources/message#embed-object-embed-limits
"""

from __future__ import annotations

from typing import Any

CONTENT = 2000
EMBEDS = 10
EMBED_TOTAL = 6000  # title, description, field names and values, footer and author, all embeds
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
ACTION_ROWS = 5
BUTTONS_PER_ROW = 5
LABEL = 80
CUSTOM_ID = 100


def invalid_form(body: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
    """Return Discord's 400 answer when a message body breaks a limit, else None."""
    problems = body_problems(body)
    if not problems:
        return None
    return 400, {
        "message": "Invalid Form Body",
        "code": 50035,
        "errors": {
            path: {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": text}]}
            for path, text in problems.items()
        },
    }


def body_problems(body: dict[str, Any]) -> dict[str, str]:
    """Map each over-limit field of a message body to what is wrong with it."""
    problems: dict[str, str] = {}
    if len(body.get("content") or "") > CONTENT:
        problems["content"] = f"Must be {CONTENT} or fewer in length."
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS:
        problems["embeds"] = f"Must be {EMBEDS} or fewer in length."
    total = 0
    for index, embed in enumerate(embeds):
        for name, limit in (("title", TITLE), ("description", DESCRIPTION)):
            if len(embed.get(name) or "") > limit:
                problems[f"embeds.{index}.{name}"] = f"Must be {limit} or fewer in length."
        fields = embed.get("fields") or []
        if len(fields) > FIELDS:
            problems[f"embeds.{index}.fields"] = f"Must be {FIELDS} or fewer in length."
        for number, item in enumerate(fields):
            for name, limit in (("name", FIELD_NAME), ("value", FIELD_VALUE)):
                if len(item.get(name) or "") > limit:
                    problems[f"embeds.{index}.fields.{number}.{name}"] = (
                        f"Must be {limit} or fewer in length."
                    )
        footer = (embed.get("footer") or {}).get("text") or ""
        author = (embed.get("author") or {}).get("name") or ""
        if len(footer) > FOOTER or len(author) > AUTHOR:
            problems[f"embeds.{index}"] = "Footer or author is too long."
        total += (
            len(embed.get("title") or "")
            + len(embed.get("description") or "")
            + sum(len(f.get("name") or "") + len(f.get("value") or "") for f in fields)
            + len(footer)
            + len(author)
        )
    if total > EMBED_TOTAL:
        problems["embeds"] = f"Embed size exceeds maximum size of {EMBED_TOTAL}"
    problems.update(_component_problems(body.get("components") or []))
    return problems


def _component_problems(rows: list[dict[str, Any]]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if len(rows) > ACTION_ROWS:
        problems["components"] = f"Must be {ACTION_ROWS} or fewer in length."
    for index, row in enumerate(rows):
        buttons = row.get("components") or []
        if len(buttons) > BUTTONS_PER_ROW:
            problems[f"components.{index}.components"] = (
                f"Must be {BUTTONS_PER_ROW} or fewer in length."
            )
        for number, button in enumerate(buttons):
            where = f"components.{index}.components.{number}"
            if len(button.get("label") or "") > LABEL:
                problems[f"{where}.label"] = f"Must be {LABEL} or fewer in length."
            if len(button.get("custom_id") or "") > CUSTOM_ID:
                problems[f"{where}.custom_id"] = f"Must be {CUSTOM_ID} or fewer in length."
    return problems
