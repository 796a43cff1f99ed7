"""What goes wrong with a project's storage, said in the user's words: damage, a file moved away, another
program holding the write lock, a read-only file, a full disk, a database server out of reach.

The command line and the window both show `plain_reason(error)` instead of a driver's traceback; the services
never see these words.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
from collections.abc import Callable

from sqlalchemy.exc import DBAPIError

BUSY_TIMEOUT_MS = 10_000  # one wait for a lock inside SQLite; a write waits several (LOCK_PATIENCE_S in all)


class ProjectError(Exception):
    """A project cannot be opened or created; the message tells the user why and what to do."""


class ProjectFileMoved(ProjectError):
    """The path no longer names the project file this process opened (moved, deleted or replaced)."""


class ProjectBusy(ProjectError):
    """Another program held the project's write lock longer than this process would wait."""


def lock_patience() -> float:
    """Seconds a write waits for another program's write lock before it is refused (ANNOTATOR_LOCK_WAIT, else
    two minutes: a long import in another window commits every article, so a real wait is seconds)."""
    try:
        return max(0.0, float(os.environ.get("ANNOTATOR_LOCK_WAIT", "120")))
    except ValueError:
        return 120.0


def _say_wait(waited: float) -> None:
    print(
        f"annotator: waiting for another program to finish writing to the project ({waited:.0f} s so far)…",
        file=sys.stderr,
        flush=True,
    )


on_lock_wait: Callable[[float], None] = _say_wait  # the window replaces it with a status-bar message


def begin_immediate(execute: Callable[[str], object]) -> None:
    """BEGIN IMMEDIATE, waiting out another program's write lock: SQLite waits BUSY_TIMEOUT_MS at a time; each
    time it gives up the wait is said (`on_lock_wait`) and tried again, until `lock_patience()` has passed."""
    waited = 0.0
    while True:
        try:
            execute("BEGIN IMMEDIATE")
            return
        except (sqlite3.OperationalError, DBAPIError) as exc:
            if not _is_locked(exc):
                raise
        waited += BUSY_TIMEOUT_MS / 1000
        if waited >= lock_patience():
            raise busy(waited)
        on_lock_wait(waited)


def busy(waited: float) -> ProjectBusy:
    """The refusal after `waited` seconds of another program's write lock."""
    return ProjectBusy(
        f"another program has been writing to the project for {waited:.0f} s and still holds its write "
        "lock (an import or a merge in another window or terminal?); nothing was changed here. Try "
        "again when it is done, or set ANNOTATOR_LOCK_WAIT to wait longer."
    )


def _is_locked(error: BaseException) -> bool:
    text = str(getattr(error, "orig", None) or error)
    return "database is locked" in text or "database is busy" in text


class DamagedValue(ValueError):
    """A stored value that cannot be read back (JSON cut short or garbled by a damaged page)."""


def is_damage(error: BaseException) -> bool:
    """Whether an error is SQLite finding the project file damaged (deeper than opening checks look), or a
    value read from it that damage garbled."""
    if isinstance(error, DamagedValue):
        return True
    return isinstance(error, (sqlite3.DatabaseError, DBAPIError)) and any(
        sign in str(error) for sign in ("disk image is malformed", "file is not a database", "malformed JSON")
    )


def plain_reason(error: BaseException, where: str = "the project") -> str | None:
    """What went wrong, for the user, when the error is one of storage's known troubles; None otherwise.
    `where` names the project (a path, or a URL without its password)."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0] if str(error).strip() else ""
    low = reason.lower()
    if isinstance(error, ProjectError):
        return str(error)
    if is_damage(error):
        return (
            f"the project file is damaged ({reason}); keep it aside and work on your latest backup "
            "(`annotator backup` makes one; an upgrade keeps the old file as NAME.before-…)"
        )
    if _is_locked(error):
        return (
            f"{where} is busy: another program holds its write lock (an import or a merge in another window?); "
            "nothing was changed here, try again when it is done"
        )
    if "readonly" in low or "read-only" in low or getattr(error, "errno", None) in (errno.EROFS, errno.EACCES):
        return (
            f"{where} cannot be written: the file, its folder or the disk is read-only ({reason}). Nothing was "
            "changed; make it writable, or copy the project somewhere you can write"
        )
    if "disk is full" in low or getattr(error, "errno", None) == errno.ENOSPC:
        return (
            f"the disk is full ({reason}): what was stored before is kept, the step in hand was not saved. "
            "Free some space and run it again"
        )
    if "unable to open database file" in low:
        return f"{where} cannot be opened or created: its folder is missing or not writable ({reason})"
    if isinstance(error, DBAPIError) and getattr(error, "connection_invalidated", False) or _unreachable(low):
        return f"the database server for {where} cannot be reached ({reason}); is it running, and is the address right?"
    return None


def _unreachable(low: str) -> bool:
    return any(
        sign in low
        for sign in (
            "connection refused",
            "could not connect",
            "connection failed",
            "server closed the connection",
            "terminating connection",
            "connection is closed",
            "the connection is lost",
            "no route to host",
            "name or service not known",
        )
    )
