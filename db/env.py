"""Alembic environment: runs migrations on the connection the app hands over (or on `sqlalchemy.url`).

Batch mode is on for SQLite, which cannot alter most column properties in place. The models' metadata is
given only so `alembic revision --autogenerate` can draft a migration; migrations themselves never import
the models (they declare what they touch), so old migrations keep working when models change.
"""

from alembic import context
from sqlalchemy import engine_from_config, pool

from annotator.storage.models import Base
from annotator.storage.schema import include_object

config = context.config


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
