"""Alembic environment: runs (and autogenerates) migrations on the connection handed over."""

from __future__ import annotations

from typing import Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.types import TypeDecorator

from bot.storage.models import Base
from bot.storage.schema import import_all_models


def render_item(type_: str, obj: object, _context: AutogenContext) -> str | Literal[False]:
    """Write an app-defined column type as the type it stores (UTCDateTime: DateTime).

    Migrations are frozen history: they must not import application code that may change.
    """
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl_instance!r}"
    return False  # Alembic's own rendering


import_all_models()
connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `img-advisor db upgrade`")
# Batch operations (copy-and-rename on SQLite, plain ALTERs on PostgreSQL) in generated
# migrations, so one written against either database runs on both.
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
