"""Reading many rows fast: plain tuples as the database driver returns them, without SQLAlchemy's per-row
processing, for the paths where hundreds of thousands of rows pass (export, agreement)."""

from __future__ import annotations


def driver_rows(connection, statement) -> list[tuple]:
    """The statement's rows as the driver's tuples. Its parameters are rendered into the SQL (SQLAlchemy
    quotes them), so they must be the project's own values (ids, kind names), never free text. JSON columns
    come back as the driver gives them: text on SQLite, decoded on PostgreSQL."""
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()
