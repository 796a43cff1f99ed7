"""Exporting a project to a file, for the command line and the export dialog alike.

The file is written next to its destination as `NAME.part` and renamed into place only when complete, so
a reader (or a crash) never meets half an export and an existing file is replaced whole or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.io import native_jsonl
from annotator.services.errors import ServiceError
from annotator.storage.project import Project

Progress = Callable[[int, int], None]  # documents written, documents to write


def _jsonl(project: Project, fh, **options) -> int:
    try:
        return native_jsonl.export(project, fh, **options)
    except native_jsonl.Cancelled:
        raise ExportCancelled("export cancelled; nothing was written") from None


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    suffix: str
    write: Callable[..., int]  # (project, text file, document_ids=, progress=, cancelled=) -> documents written


FORMATS = {f.name: f for f in (ExportFormat("jsonl", "Annotator JSON Lines (everything, re-importable)", ".jsonl", _jsonl),)}


class ExportCancelled(ServiceError):
    """The export was cancelled; nothing was written at the destination."""


@dataclass(frozen=True)
class ExportReport:
    path: Path
    format: str
    documents: int
    bytes: int


def export_to_file(
    project: Project,
    path: str | os.PathLike,
    *,
    format: str = "jsonl",
    document_ids: list[int] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportReport:
    """Write the project (or the given documents) to `path` in `format`."""
    if format not in FORMATS:
        raise ServiceError(f"unknown export format {format!r} (known: {', '.join(FORMATS)})")
    out = Path(path)
    part = out.with_name(out.name + ".part")
    try:
        with part.open("w", encoding="utf-8", newline="\n") as fh:
            written = FORMATS[format].write(project, fh, document_ids=document_ids, progress=progress, cancelled=cancelled)
        part.replace(out)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise ServiceError(f"cannot write {out}: {exc.strerror or exc}") from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return ExportReport(out, format, written, out.stat().st_size)
