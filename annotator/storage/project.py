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
import weakref
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from annotator.paths import MIGRATIONS
from annotator.storage.held_file import SQLITE_MAGIC, HeldFile
from annotator.storage.network_folder import on_network_folder
from annotator.storage.schema import APPLICATION_ID, SCHEMA_HEAD
from annotator.storage.trouble import (  # noqa: F401 -- ProjectBusy and is_damage: storage's errors, imported from here
    BUSY_TIMEOUT_MS,
    DamagedValue,
    ProjectBusy,
    ProjectError,
    ProjectFileMoved,
    begin_immediate,
    is_damage,
    plain_reason,
)
from annotator.storage.writer import Writer


def _json_deserializer(text: str):
    """JSON columns read back; a value that is not JSON was garbled on disk (a damaged page under the row),
    and is said as damage instead of a JSONDecodeError from deep inside a query."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DamagedValue(f"a stored value cannot be read ({exc.msg} at character {exc.pos})") from None


def _json_serializer(value) -> str:
    """JSON columns store Chinese as itself, not as \\u escapes: readable in any SQLite browser, and spliced
    as they are into exports."""
    return json.dumps(value, ensure_ascii=False)


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


def _configure_sqlite(engine: Engine, *, shared_folder: bool) -> None:
    """Pragmas for every connection. On a network folder (see storage.network_folder) the rollback journal
    with full syncs, which the file server's locks keep safe between machines; elsewhere WAL."""
    journal, synchronous = ("DELETE", "FULL") if shared_folder else ("WAL", "NORMAL")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            mode = cursor.execute(f"PRAGMA journal_mode = {journal}").fetchone()[0]
        except sqlite3.OperationalError:  # busy: WAL cannot be left while another process has the file open
            mode = "wal"
        if mode.upper() != journal:
            cursor.close()
            raise ProjectError(
                f"{engine.url.database} is on a network folder but is open in {mode.upper()} mode elsewhere (an "
                "older Annotator, or one on this machine that did not see the folder as shared): close it there "
                "first. Shared between machines, a project must not use WAL"
            )
        cursor.execute(f"PRAGMA synchronous = {synchronous}")
        cursor.execute("PRAGMA cache_size = -16384")  # 16 MiB (4x the default): index merges, big articles
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A writing transaction takes the write lock up front, so two writers queue on the busy timeout
        # instead of one failing when it upgrades a read lock.
        if connection.get_execution_options().get("immediate", False):
            begin_immediate(connection.exec_driver_sql)
        else:
            connection.exec_driver_sql("BEGIN")


def _check_sqlite_file(path: Path, held: HeldFile) -> None:
    """Refuse a file that is not a SQLite database or not an Annotator project, or whose header or schema
    is damaged. Damage deeper in the file is reported by SQLite when a page is read; checking every page
    here (PRAGMA quick_check) took 6.5 s at each opening of a 2 GB project. The header is read through the
    process's held descriptor (see storage.held_file), never a descriptor of its own."""
    header = held.header()
    if header[:16] != SQLITE_MAGIC:
        raise ProjectError(_not_sqlite(path, header))
    try:
        # A second SQLite connection is safe beside live ones: SQLite shares one lock record per file
        # within a process and keeps the descriptor of a closed connection until no lock needs it.
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if _on_read_only_disk(path):
            raise ProjectError(
                f"{path} is on a read-only disk or folder: a project is opened with its journal files beside it "
                "(NAME-wal, NAME-shm), even to be read. Copy it somewhere you can write and open the copy"
            ) from None
        raise ProjectError(f"{path} cannot be read as a project: {exc} (the file may be damaged)") from None
    if app_id != APPLICATION_ID:
        raise ProjectError(
            f"{path} is an SQLite database of another program (application_id {app_id:#x}), not an Annotator project"
        )


def _on_read_only_disk(path: Path) -> bool:
    folder = path.parent
    if hasattr(os, "statvfs") and os.statvfs(folder).f_flag & os.ST_RDONLY:
        return True
    return not os.access(folder, os.W_OK)


def _not_sqlite(path: Path, header: bytes) -> str:
    """Why a file without SQLite's magic string is refused: a project whose first bytes were overwritten
    still carries our application id (offset 68) or SQLite's fixed header bytes (offsets 21-23), and is
    called damaged, not foreign."""
    ours = header[68:72] == APPLICATION_ID.to_bytes(4, "big")
    sqlite_shaped = len(header) >= 24 and header[21:24] == bytes((64, 32, 32))
    if ours or sqlite_shaped:
        whose = "an Annotator project" if ours else "an SQLite database"
        return (
            f"{path} looks like {whose} whose header is damaged (its first bytes are not SQLite's); keep it "
            "aside and open your latest backup"
        )
    return f"{path} is not an Annotator project (not an SQLite database)"


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

    def __init__(self, url: str, engine: Engine, held: HeldFile | None = None) -> None:
        self.url = url
        self.engine = engine
        self.held = held
        self._closed = weakref.finalize(self, _close, engine, held)  # also when dropped without close()
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
        held = None
        if path is not None:
            if path.exists() and path.stat().st_size > 0:
                held = _hold(path)
                try:
                    _check_sqlite_file(path, held)
                except ProjectError:
                    held.release(connections_left=False)
                    raise
            elif create:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise ProjectError(f"{path} cannot be created: its folder cannot be made ({exc.strerror})") from None
                fresh = True
            else:
                raise ProjectError(f"no project at {path}; create one with `annotator init {path}`")
        try:
            engine = create_engine(
                url, pool_pre_ping=not sqlite, json_serializer=_json_serializer, json_deserializer=_json_deserializer
            )
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            if held is not None:
                held.release(connections_left=False)
            shown = make_url(url).render_as_string(hide_password=True)
            raise ProjectError(f"{shown} is not a project Annotator can open: {exc}") from None
        if sqlite:
            _configure_sqlite(engine, shared_folder=on_network_folder(path))
        project = cls(url, engine, held)
        try:
            if fresh:  # SQLite makes the file at the first connection; it is held from then on
                with engine.begin() as conn:
                    conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                project.held = held = _hold(path)
                project._closed.detach()
                project._closed = weakref.finalize(project, _close, engine, held)
            project._migrate(create=create or fresh, upgrade=upgrade)
        except Exception as exc:
            project.close()
            if isinstance(exc, ProjectError):
                raise
            reason = plain_reason(exc, project.label)
            if reason is None:
                raise
            raise ProjectError(reason) from None
        return project

    def check_file(self) -> None:
        """Refuse to go on when the path no longer names the file this process opened: a write would go into
        a file nobody will open again. Called before every commit (a stat, about a microsecond)."""
        if self.held is not None and (what := self.held.moved()) is not None:
            raise ProjectFileMoved(
                f"the project file {self.path} was {what} while Annotator had it open; this process stopped "
                "writing (what it wrote before is in the file it opened, wherever that is now). Reopen the "
                "project to go on."
            )

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
            self.check_file()

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """One transaction on a plain connection, for bulk paths (import) where ORM bookkeeping costs more
        than the work itself."""
        with self._write_engine.begin() as connection:
            yield connection
            self.check_file()

    @contextmanager
    def writer(self) -> Iterator[Writer]:
        """A connection held for a long write job, one transaction per unit of work (see storage.writer)."""
        with self._write_engine.connect() as connection:
            yield Writer(connection, self.check_file)

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
        """Close the engine's connections and let go of the held file (idempotent)."""
        self._closed()


def _hold(path: Path) -> HeldFile:
    try:
        return HeldFile.acquire(path)
    except PermissionError:
        raise ProjectError(f"{path} cannot be opened: you have no permission to read it") from None


def _close(engine: Engine, held: HeldFile | None) -> None:
    """A project's end: its connections closed, then the held descriptor released (see storage.held_file);
    a connection still checked out elsewhere keeps the descriptor open."""
    left = engine.pool.checkedout() > 0
    engine.dispose()
    if held is not None:
        held.release(connections_left=left)
