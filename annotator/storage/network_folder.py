"""Whether a project file lies on a network folder (NFS, SMB, sshfs, …), where SQLite's WAL must not be used.

Why: WAL keeps its index in shared memory (NAME-shm), which processes on *different* machines cannot share;
two machines writing one project on a shared folder in WAL mode corrupt it (SQLite's documentation, "WAL
mode does not work over a network filesystem"). On a network folder the project uses SQLite's rollback
journal instead, whose locks the file server keeps for every machine. Detected on Linux from the mount
table and on Windows from UNC paths; `ANNOTATOR_NETWORK_FOLDER=1` (or 0) says it where detection cannot
(a folder synchronised by another program, a macOS share).
"""

from __future__ import annotations

import os
from pathlib import Path

NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "lustre", "gpfs", "ncpfs", "davfs",
    "fuse.sshfs", "fuse.glusterfs", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "fuse.cephfs", "fuse.smbnetfs",
}  # fmt: skip
ENV = "ANNOTATOR_NETWORK_FOLDER"


def on_network_folder(path: Path) -> bool:
    said = os.environ.get(ENV, "").strip()
    if said in ("0", "1"):
        return said == "1"
    if os.name == "nt":
        return str(path.resolve()).startswith("\\\\")
    try:
        mounts = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return filesystem_of(mounts, str(path.resolve().parent)) in NETWORK_FILESYSTEMS


def filesystem_of(mountinfo: str, folder: str) -> str | None:
    """The filesystem type of the mount holding `folder`, from the text of /proc/self/mountinfo (the deepest
    mount point above it wins)."""
    best, kind = -1, None
    for line in mountinfo.splitlines():
        left, sep, right = line.partition(" - ")
        fields = left.split()
        if not sep or len(fields) < 5:
            continue
        point = _unescaped(fields[4])
        inside = folder == point or folder.startswith(point.rstrip("/") + "/")
        if inside and len(point) > best:
            best, kind = len(point), right.split()[0]
    return kind


def _unescaped(field: str) -> str:
    """Mount points escape space, tab, newline and backslash as octal (\\040)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field
