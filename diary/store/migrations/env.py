"""Alembic environment: migrations always run on a connection the gateway hands in."""

from alembic import context

from diary.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the app always passes its own connection
    raise RuntimeError("diary migrations run only through diary.store.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
