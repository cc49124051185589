"""Alembic environment: runs migrations on the connection the advisor hands over."""

from __future__ import annotations

from alembic import context

from bot.storage.models import Base
from bot.storage.schema import import_all_models

import_all_models()
target_metadata = Base.metadata
connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `img-advisor db upgrade`")
context.configure(connection=connection, target_metadata=target_metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
