"""Ids that travel between projects and files: accepted from a file only in the UUID form we write.

A document's uid names its files in some exports (brat), so an id from an import must never be a path: a
line of a crafted file saying "id": "../../.bashrc" would otherwise write outside the export folder.
"""

from __future__ import annotations

import hashlib
import re

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def usable(value: object) -> str | None:
    """The value when it is a UUID in its usual text form, else None (the caller makes a new one)."""
    return value if isinstance(value, str) and _UUID.fullmatch(value) else None


def file_stem(uid: str) -> str:
    """A file name for a row's uid: the uid itself when it is a UUID, else a digest of it (a project
    file written by other means may hold anything)."""
    return usable(uid) or hashlib.sha256(uid.encode("utf-8")).hexdigest()[:32]
