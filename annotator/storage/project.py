"""Opening a project: a SQLite file or a SQLAlchemy URL, checked, migrated and configured (DESIGN §6).

A SQLite file must be ours (PRAGMA application_id) and of a schema this version knows. An older schema is
backed up next to the file through SQLite's online backup API and upgraded; a newer one is refused. On a
server database an older schema is never upgraded implicitly: others may be using it, so the user runs
`annotator db upgrade`.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from annotator.paths import MIGRATIONS
from annotator.storage.schema import APPLICATION_ID, SCHEMA_HEAD
from annotator.storage.writer import Writer

BUSY_TIMEOUT_MS = 10_000
_SQLITE_MAGIC = b"SQLite format 3\x00"


def _json_serializer(value) -> str:
    """JSON columns store Chinese as itself, not as \\u escapes: readable in any SQLite browser, and spliced
    as they are into exports."""
    return json.dumps(value, ensure_ascii=False)


class ProjectError(Exception):
    """A project cannot be opened or created; the message tells the user why and what to do."""


def alembic_config(connection=None):
    # Alembic is imported only when a schema has to be created, checked in depth or upgraded: opening a
    # current project (every start of the app) compares one row with SCHEMA_HEAD and needs none of it.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def to_url(spec: str | os.PathLike) -> str:
    """A SQLAlchemy URL for a path or URL; paths become absolute SQLite URLs."""
    text = os.fspath(spec)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA cache_size = -16384")  # 16 MiB (4x the default): index merges, big articles
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A writing transaction takes the write lock up front, so two writers queue on the busy timeout
        # instead of one failing when it upgrades a read lock.
        immediate = connection.get_execution_options().get("immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a SQLite database or not an Annotator project, or whose header or schema
    is damaged. Damage deeper in the file is reported by SQLite when a page is read; checking every page
    here (PRAGMA quick_check) took 6.5 s at each opening of a 2 GB project."""
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != _SQLITE_MAGIC:
        raise ProjectError(f"{path} is not an Annotator project (not an SQLite database)")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{path} cannot be read as a project: {exc} (the file may be damaged)") from None
    if app_id != APPLICATION_ID:
        raise ProjectError(
            f"{path} is an SQLite database of another program (application_id {app_id:#x}), not an Annotator project"
        )


def is_damage(error: BaseException) -> bool:
    """Whether an error is SQLite finding the project file damaged (deeper than opening checks look)."""
    return isinstance(error, (sqlite3.DatabaseError, DBAPIError)) and any(
        sign in str(error) for sign in ("disk image is malformed", "file is not a database")
    )


def backup_sqlite(source: Path, dest: Path) -> Path:
    """Copy a live SQLite database consistently with the online backup API."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(dest)) as dst:
        src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        src.backup(dst)
    return dest


class Project:
    """An open project: the engine and the two ways of using it, `read()` and `write()`.

    Services take a Project; they open one `write()` per user action, so each action is one transaction.
    """

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write_engine = engine.execution_options(immediate=True)
        self._write = sessionmaker(self._write_engine, expire_on_commit=False)
        self.backup_made: Path | None = None

    @property
    def path(self) -> Path | None:
        return Path(make_url(self.url).database) if self.is_sqlite else None

    @property
    def label(self) -> str:
        return str(self.path) if self.is_sqlite else make_url(self.url).render_as_string(hide_password=True)

    @classmethod
    def open(cls, spec: str | os.PathLike, *, create: bool = False, upgrade: bool = True) -> Project:
        """Open (or with `create`, make) a project. With `upgrade=False` an older schema is left as it is,
        for `annotator db status|upgrade` to report on or upgrade explicitly; a newer one is always refused."""
        url = to_url(spec)
        sqlite = make_url(url).get_backend_name() == "sqlite"
        path = Path(make_url(url).database) if sqlite else None
        fresh = False
        if path is not None:
            if path.exists() and path.stat().st_size > 0:
                _check_sqlite_file(path)
            elif create:
                path.parent.mkdir(parents=True, exist_ok=True)
                fresh = True
            else:
                raise ProjectError(f"no project at {path}; create one with `annotator init {path}`")
        engine = create_engine(url, pool_pre_ping=not sqlite, json_serializer=_json_serializer)
        if sqlite:
            _configure_sqlite(engine)
        project = cls(url, engine)
        try:
            if fresh:
                with engine.begin() as conn:
                    conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            project._migrate(create=create or fresh, upgrade=upgrade)
        except Exception:
            engine.dispose()
            raise
        return project

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()

    def _migrate(self, *, create: bool, upgrade: bool) -> None:
        current = self.current_revision()
        if current == SCHEMA_HEAD:
            return
        head = head_revision()
        if current is None:
            if not create:
                if self.is_sqlite:
                    raise ProjectError(f"{self.label} is an empty project file; create it with `annotator init`")
                raise ProjectError(f"{self.label} has no Annotator schema; create it with `annotator init URL`")
            self.upgrade()
            return
        if current not in known_revisions():
            raise ProjectError(
                f"{self.label} was written by a newer version of Annotator (schema {current}; this version "
                f"knows up to {head}). Install the newer Annotator to open it; nothing was changed."
            )
        if not upgrade:
            return
        if not self.is_sqlite:
            raise ProjectError(
                f"{self.label} has an older schema ({current}); back it up and run "
                f"`annotator db upgrade --project URL` when no one else is using it"
            )
        self.upgrade()

    def upgrade(self) -> str | None:
        """Bring the schema to head; an existing SQLite file is backed up first. Returns the backup path."""
        current = self.current_revision()
        if current == head_revision():
            return None
        if current is not None and self.is_sqlite:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            path = self.path
            self.backup_made = backup_sqlite(path, path.with_name(f"{path.stem}.before-{current}-{stamp}{path.suffix}"))
        from alembic import command

        with self.engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        return str(self.backup_made) if self.backup_made else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends normally, rolled back on any exception."""
        with self._write() as session, session.begin():
            yield session

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """One transaction on a plain connection, for bulk paths (import) where ORM bookkeeping costs more
        than the work itself."""
        with self._write_engine.begin() as connection:
            yield connection

    @contextmanager
    def writer(self) -> Iterator[Writer]:
        """A connection held for a long write job, one transaction per unit of work (see storage.writer)."""
        with self._write_engine.connect() as connection:
            yield Writer(connection)

    def backup(self, dest: str | os.PathLike) -> Path:
        if not self.is_sqlite:
            raise ProjectError("backup copies SQLite projects; for PostgreSQL use pg_dump")
        dest = Path(dest)
        if dest.is_dir():
            dest = dest / self.path.name
        if dest.exists():
            raise ProjectError(f"{dest} exists; choose another name")
        return backup_sqlite(self.path, dest)

    def close(self) -> None:
        self.engine.dispose()
