"""Storage: SQLAlchemy models, the store and Alembic migrations."""
