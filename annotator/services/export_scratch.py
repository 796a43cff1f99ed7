"""Where an export writes until it is whole: a hidden folder beside the output, `.NAME.annotator-PID`.

Everything an export writes on its way goes there: the output itself (moved into place when complete), a
worker's half of a split export, and the temporary files of the libraries it writes with (openpyxl puts its
worksheets in temporary files). Beside the output they are on the same disk (the final move is a rename,
and a full disk is the output's disk), and a killed export leaves them where the user looks, not in /tmp:
the next export into that folder sweeps the folders of processes that no longer run.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_OWNED = re.compile(r"^\..+\.annotator-(\d+)$")
_tempdir_lock = threading.Lock()
_open: list[str] = []  # scratch folders of exports running in this process, oldest first
_system_tempdir: list[str | None] = []  # tempfile's own setting, kept while any is open


def scratch_folder(out: Path) -> Path:
    return out.with_name(f".{out.name}.annotator-{os.getpid()}")


def sweep(folder: Path) -> list[Path]:
    """Remove the scratch folders in `folder` left by exports whose process is gone; those removed."""
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        owner = _OWNED.match(entry.name)
        if owner and entry.is_dir() and not _alive(int(owner.group(1))):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or a system that cannot tell: leave it
    return True


@contextmanager
def writing_beside(out: Path) -> Iterator[Path]:
    """The scratch folder for an export to `out`, made now and removed at the end whatever happens. While it
    is open, temporary files of this process are made in it: tempfile's folder is the process's, so with two
    exports at once it is the scratch folder of one still running, and tempfile's own once none is."""
    sweep(out.parent)
    folder = scratch_folder(out)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()  # the output's folder must exist: an export makes no folders of its own
    with _tempdir_lock:
        if not _open:
            _system_tempdir[:] = [tempfile.tempdir]
        _open.append(str(folder))
        tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        with _tempdir_lock:
            _open.remove(str(folder))
            tempfile.tempdir = _open[-1] if _open else _system_tempdir[0]
        shutil.rmtree(folder, ignore_errors=True)
