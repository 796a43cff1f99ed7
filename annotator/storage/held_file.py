"""One descriptor per project file and process, opened once and closed only when nothing else may hold it.

Why: SQLite's locks on a file are POSIX advisory locks, and those belong to the process, not to the
descriptor: closing *any* descriptor of the file (a Python `open()` to read its header, for one) drops every
lock the process's SQLite connections hold on it. Another process then believes it is the last user,
checkpoints and deletes the WAL under the live connections, and their writes go into a deleted file (the
SQLite documentation's "How To Corrupt An SQLite Database File", §2.2). SQLite's own connections share one
record per file within a process and defer closing while locks are held; our reads of the file must do the
same. So every read of a project file outside SQLite goes through the one descriptor held here, shared by
all projects on that file in this process, and closed when the last of them is closed with no SQLite
connection left on it.

The descriptor also tells whether the path still names the file that was opened: a project moved, deleted or
replaced (`mv other.sqlite p.sqlite`) under a writing process is found before the next commit, instead of
writes going on into a file nobody will open again.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

HEADER_SIZE = 100  # SQLite's database header
SQLITE_MAGIC = b"SQLite format 3\x00"

_lock = threading.Lock()
_held: dict[tuple[int, int], HeldFile] = {}


class HeldFile:
    """A project file held open by this process (see the module's docstring); `acquire` and `release` pair."""

    def __init__(self, path: Path, fd: int, key: tuple[int, int]) -> None:
        self.path = path
        self.fd = fd
        self.key = key
        self.users = 0

    @classmethod
    def acquire(cls, path: Path) -> HeldFile:
        """The held descriptor of the file at `path`, opened now unless this process holds it already.
        Opening a descriptor is harmless; only closing one drops locks."""
        with _lock:
            try:
                key = _identity(os.stat(path))
            except FileNotFoundError:
                key = None
            held = _held.get(key) if key is not None else None
            if held is None:
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
                key = _identity(os.fstat(fd))  # the file opened, should the path have changed meanwhile
                held = _held.get(key)
                if held is None:
                    held = _held[key] = cls(Path(path), fd, key)
                # else the path came to name a file held already between stat and open (a file moved back):
                # the spare descriptor is left open, since closing it would drop this process's locks on it
            held.users += 1
            return held

    def header(self) -> bytes:
        """The first bytes of the file as it is on disk now (read at an offset: no seek, no new descriptor)."""
        return os.pread(self.fd, HEADER_SIZE, 0)

    def moved(self) -> str | None:
        """None while the path still names this file and the file is still an SQLite database; otherwise
        what happened to it, in words. (Another project copied over it in place keeps both; SQLite then
        finds its pages inconsistent and says the file is damaged.)"""
        try:
            now = _identity(os.stat(self.path))
        except FileNotFoundError:
            return "deleted"
        except OSError as exc:
            return f"unreachable ({exc.strerror})"
        if now != self.key:
            return "replaced by another file"
        if self.header()[:16] != SQLITE_MAGIC:
            return "overwritten (it is no longer an SQLite database)"
        return None

    def release(self, *, connections_left: bool) -> None:
        """One user fewer; the descriptor is closed when none is left, unless an SQLite connection on the
        file may still be open in this process (a connection checked out of a disposed pool): then it is
        left open, since closing it would drop that connection's locks."""
        with _lock:
            self.users -= 1
            if self.users > 0 or _held.get(self.key) is not self:
                return
            del _held[self.key]
            if not connections_left:
                os.close(self.fd)


def held_count() -> int:
    """Files held by this process (for tests: every project closed leaves none)."""
    with _lock:
        return len(_held)


def _identity(stat: os.stat_result) -> tuple[int, int]:
    return (stat.st_dev, stat.st_ino)
