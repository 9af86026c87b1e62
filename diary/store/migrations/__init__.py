"""Alembic migrations of the diary file (run on open, after a verified backup)."""
