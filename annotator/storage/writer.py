"""A connection held for a long write job (an import), with statements compiled once and run on the
driver's cursor.

Per statement, SQLAlchemy's execution path (cache lookup, parameter processing, result wrapping) costs
several times what SQLite spends on a small INSERT; an import writes four statements per article, so this
is where most of its time went. The statements are still SQLAlchemy's, compiled for the project's dialect,
and values still pass through each column type's own bind processor (JSON, timestamps), so rows are stored
exactly as the ORM stores them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table, bindparam, insert, select

from annotator.storage.trouble import begin_immediate


class CompiledInsert:
    """INSERT of every column but the generated id, returning the new id when asked."""

    def __init__(self, dialect, table: Table, *, returning_id: bool = False) -> None:
        self.columns = [c for c in table.columns if c.name != "id"]
        statement = insert(table).values({c.name: bindparam(c.name) for c in self.columns})
        if returning_id:
            statement = statement.returning(table.c.id)
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.order = list(compiled.positiontup) if compiled.positional else None
        self.processors = {c.name: c.type.bind_processor(dialect) for c in self.columns}
        self.returning_id = returning_id

    def params(self, values: dict[str, Any]):
        processed = {}
        for name, process in self.processors.items():
            value = values[name]  # every column is given: defaults belong to the caller's row builder
            processed[name] = process(value) if process and value is not None else value
        return [processed[n] for n in self.order] if self.order is not None else processed

    def execute(self, cursor, values: dict[str, Any]) -> int | None:
        cursor.execute(self.sql, self.params(values))
        return cursor.fetchone()[0] if self.returning_id else None


class CompiledLookup:
    """SELECT of one column where another equals a value (e.g. a document id by content hash)."""

    def __init__(self, dialect, table: Table, column: str, key: str) -> None:
        compiled = select(table.c[column]).where(table.c[key] == bindparam(key)).compile(dialect=dialect)
        self.sql = str(compiled)
        self.positional = compiled.positional
        self.key = key

    def execute(self, cursor, value):
        cursor.execute(self.sql, [value] if self.positional else {self.key: value})
        row = cursor.fetchone()
        return row[0] if row else None


class Writer:
    """One connection for a write job; `transaction()` gives a driver cursor inside one short transaction
    (BEGIN IMMEDIATE on SQLite), committed when the block ends and rolled back on any exception. Between
    two of them the connection holds no transaction, so SQLAlchemy's own `connection.begin()` may follow."""

    def __init__(self, connection, check=lambda: None) -> None:
        self.connection = connection
        self.check = check  # before each commit: the project file is still the one opened (Project.check_file)
        self.dialect = connection.dialect
        self.integrity_error = connection.dialect.dbapi.IntegrityError

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """Begun and ended on the driver's connection: through SQLAlchemy's events, beginning and committing
        cost a fifth of storing a small article. (PostgreSQL's driver begins by itself.)"""
        driver = self.connection.connection.driver_connection
        cursor = driver.cursor()
        try:
            if self.dialect.name == "sqlite":
                begin_immediate(cursor.execute)
            yield cursor
            self.check()
        except BaseException:
            driver.rollback()
            raise
        else:
            driver.commit()
        finally:
            cursor.close()
