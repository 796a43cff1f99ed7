"""Zip containers (.docx, .xlsx, .qdpx) checked before anything reads them: a small file that expands to
gigabytes (a zip bomb) or XML that declares entities is refused at once, with memory bounded.

Why the declared sizes are enough: Python's zipfile, which python-docx, openpyxl and our QDPX reader all read
through, never returns more than a member's declared size (a member that holds more fails its CRC check), so
sizes checked here bound what any reader will unpack. Why DOCTYPE is refused: Word, Excel and REFI-QDA
programs never write one, and entity declarations are how XML reads other files (XXE) or expands itself.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

MAX_UNPACKED = 512 << 20  # bytes in all: a Word document or workbook of articles is a few MB
MAX_MEMBERS = 20_000
BOMB_RATIO = 200  # a member over 1 MiB that expands more than this is not compressed text (XML packs 5-20×)
PROLOGUE = 4096  # an XML member's DOCTYPE comes before its root element: within its first bytes


class UnsafeArchive(ValueError):
    """The container is refused before reading; the message says why."""


def check_archive(source: bytes | Path, what: str) -> None:
    """Refuse a zip bomb or an XML member with a DOCTYPE; `what` names the kind for the message
    ("Word document"). A file that is not a zip at all is left to its reader to refuse."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UnsafeArchive(f"not read: this {what} holds {len(members):,} files (over {MAX_MEMBERS:,})")
        total = 0
        for member in members:
            total += member.file_size
            if total > MAX_UNPACKED:
                raise UnsafeArchive(
                    f"not read: this {what} would unpack to over {MAX_UNPACKED >> 20} MB (a zip bomb, or not an "
                    "article); nothing was unpacked"
                )
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > 1 << 20 and ratio > BOMB_RATIO:
                raise UnsafeArchive(
                    f"not read: {member.filename} in this {what} expands {ratio:,.0f} times "
                    f"({member.compress_size:,} → {member.file_size:,} bytes), as zip bombs do; nothing was unpacked"
                )
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".qde")) and _declares_doctype(archive, member):
                raise UnsafeArchive(
                    f"not read: {member.filename} in this {what} declares a DOCTYPE (entities), which no "
                    "office program writes and which can make XML read other files"
                )


def _declares_doctype(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    try:
        with archive.open(member) as handle:
            head = handle.read(PROLOGUE)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError):
        return False  # unreadable: its reader refuses it with its own words
    return b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper() or _utf16_doctype(head)


def _utf16_doctype(head: bytes) -> bool:
    for encoding in ("utf-16-le", "utf-16-be"):
        if "<!DOCTYPE".encode(encoding) in head or "<!ENTITY".encode(encoding) in head:
            return True
    return False
