"""Exporting a project, for the command line and the export dialog alike.

The output (a file, or a folder for formats of several files) is written in a scratch folder next to its
destination (see export_scratch) and moved into place only when complete, so a reader (or a crash) never
meets half an export and an existing output is replaced whole or not at all.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from annotator.core import codebook as cb
from annotator.io import brat, conll, dataset, doccano, label_studio, native_jsonl, qdpx, spacy_docbin, tables
from annotator.services import annotators, codebooks, export_scratch, team, workers
from annotator.services.errors import Invalid, ServiceError
from annotator.storage.models import Annotator
from annotator.storage.project import Project
from annotator.worker_life import end_with_parent

Progress = Callable[[int, int], None]  # documents written, documents to write
Selection, GOLD = dataset.Selection, dataset.GOLD  # what the export dialog chooses with


class ExportCancelled(ServiceError):
    """The export was cancelled; nothing was written at the destination."""


def _jsonl(project: Project, path: Path, selection: dataset.Selection, **options) -> int:
    if selection != dataset.Selection(document_ids=selection.document_ids):
        raise Invalid("the native format keeps everything: it takes a choice of documents, no other filter")
    ids = list(selection.document_ids) if selection.document_ids is not None else None
    with path.open("w", encoding="utf-8", newline="\n") as out:
        try:
            return native_jsonl.export(project, out, document_ids=ids, **options)
        except native_jsonl.Cancelled:
            raise ExportCancelled("export cancelled; nothing was written") from None


@contextmanager
def _said_plainly() -> Iterator[None]:
    """A cancelled read, or what a format cannot hold (said by its writer), as the service's errors."""
    try:
        yield
    except dataset.Cancelled:
        raise ExportCancelled("export cancelled; nothing was written") from None
    except ValueError as exc:
        raise Invalid(f"not exported: {exc}") from None


def _from_dataset(writer):
    """A format written from the dataset reader: `writer(path, items, codebook, selection, project)`."""

    def write(project: Project, path: Path, selection: dataset.Selection, **options) -> int | tuple[int, list[str]]:
        _, book = codebooks.current_codebook(project)
        with _said_plainly():
            return writer(path, dataset.read(project, selection, **options), book, selection, project)

    return write


SPLIT_FROM = 200  # documents: from here a CSV export is written in two halves at once, where a worker can fork
SPAWNED_SPLIT_FROM = 5_000  # and from here where it must be spawned (the window's thread): starting one
# imports the application again, about a second, which a smaller export would not win back


def _csv(project: Project, path: Path, selection: dataset.Selection, *, progress=None, cancelled=None) -> int:
    """CSV tables. A large export on two or more cores is written in two halves at once: the later documents
    by a worker process into a folder of its own, appended when both are done (10,000 annotations over 1,000
    articles: 0.20 → 0.14 s with a forked worker; the halves contend for the machine, so not twice as fast)."""
    _, book = codebooks.current_codebook(project)
    ids = dataset.document_ids(project, selection)
    split = len(ids) >= SPLIT_FROM and workers.cores() >= 2 and (workers.can_fork() or len(ids) >= SPAWNED_SPLIT_FROM)
    first = ids[: len(ids) // 2] if split else ids

    def heard(done: int, _: int) -> None:  # this process's share, told as a share of the whole
        if progress is not None:
            progress(min(len(ids), done * len(ids) // max(1, len(first))), len(ids))

    with _said_plainly():
        items = dataset.read(project, selection, documents=first, progress=heard, cancelled=cancelled)
        if not split:
            return tables.write_csv(path, items, book, selection.kinds)
        with tempfile.TemporaryDirectory(prefix="annotator-export-") as folder:
            part = Path(folder) / "later"
            with ProcessPoolExecutor(max_workers=1, mp_context=workers.context(), initializer=end_with_parent) as pool:
                later = pool.submit(_csv_part, project.url, part, selection, ids[len(first) :], book)
                written = tables.write_csv(path, items, book, selection.kinds)
                try:
                    written += later.result()
                except BrokenProcessPool:  # the worker died (killed, out of memory): the later half is written here
                    rest = dataset.read(project, selection, documents=ids[len(first) :], cancelled=cancelled)
                    written += tables.write_csv(part, rest, book, selection.kinds)
            tables.append_csv(path, part)
        return written


def _csv_part(url: str, folder: Path, selection: dataset.Selection, ids: list[int], book) -> int:
    """In the worker: the later documents of a CSV export, into a folder of their own."""
    project = Project.open(url, upgrade=False)
    try:
        return tables.write_csv(folder, dataset.read(project, selection, documents=ids), book, selection.kinds)
    finally:
        project.close()


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    suffix: str  # "" for a folder
    # (project, path, selection, progress=, cancelled=) -> documents written, or (documents, notes for the user)
    write: Callable[..., int | tuple[int, list[str]]]
    # files the tool reading the output needs beside it: (name ending, description, text from the codebook)
    companions: tuple[tuple[str, str, Callable[[cb.Codebook], str]], ...] = ()


_LABEL_STUDIO_CONFIG = (
    (".label-config.xml", "the labelling configuration for the Label Studio project", label_studio.config),
)

FORMATS = {
    f.name: f
    for f in (
        ExportFormat("jsonl", "Annotator JSON Lines (everything, re-importable)", ".jsonl", _jsonl),
        ExportFormat("csv", "CSV tables (a folder: annotations, documents, codes, relations, entities)", "", _csv),
        ExportFormat(
            "xlsx",
            "Excel workbook (the same tables as sheets)",
            ".xlsx",
            _from_dataset(lambda path, items, book, sel, project: tables.write_xlsx(path, items, book, sel.kinds)),
        ),
        ExportFormat(
            "parquet",
            "Parquet tables (a folder; typed columns, for pandas, R, Spark)",
            "",
            _from_dataset(lambda path, items, book, sel, project: tables.write_parquet(path, items, book, sel.kinds)),
        ),
        ExportFormat(
            "doccano",
            "doccano JSONL (spans and relations)",
            ".jsonl",
            _from_dataset(lambda path, items, book, sel, project: doccano.write(path, items)),
        ),
        ExportFormat(
            "label-studio",
            "Label Studio JSON tasks (UTF-16 offsets)",
            ".json",
            _from_dataset(lambda path, items, book, sel, project: label_studio.write(path, items, book)),
            _LABEL_STUDIO_CONFIG,
        ),
        ExportFormat(
            "label-studio-predictions",
            "Label Studio JSON tasks, each coder's work as predictions to review",
            ".json",
            _from_dataset(lambda path, items, book, sel, project: label_studio.write(path, items, book, predictions=True)),
            _LABEL_STUDIO_CONFIG,
        ),
        ExportFormat(
            "brat",
            "brat standoff (a folder of .txt and .ann files)",
            "",
            _from_dataset(
                lambda path, items, book, sel, project: brat.write(path, items, book, dataset.coders_with_work(project, sel))
            ),
        ),
        ExportFormat(
            "qdpx",
            "REFI-QDA project (.qdpx) for ATLAS.ti, MAXQDA, NVivo, QualCoder",
            ".qdpx",
            _from_dataset(
                lambda path, items, book, sel, project: qdpx.write(
                    path, items, book, list(sel.coders()) or sorted(annotators.names(project).values()), project.label
                )
            ),
            ((".taguette-codebook.csv", "Taguette's codebook (Import codebook)", qdpx.taguette_codebook),),
        ),
        ExportFormat(
            "conll",
            "CoNLL, character-level BIO (stakeholders and figures)",
            ".conll",
            _from_dataset(lambda path, items, book, sel, project: conll.write(path, items, scheme="bio")),
        ),
        ExportFormat(
            "conll-bmes",
            "CoNLL, character-level BMES (stakeholders and figures)",
            ".conll",
            _from_dataset(lambda path, items, book, sel, project: conll.write(path, items, scheme="bmes")),
        ),
        ExportFormat(
            "spacy",
            "spaCy DocBin (a folder of .spacy files; needs spaCy installed)",
            "",
            _from_dataset(lambda path, items, book, sel, project: spacy_docbin.write(path, items)),
        ),
    )
}


@dataclass(frozen=True)
class ExportReport:
    path: Path
    format: str
    documents: int
    bytes: int
    notes: tuple[str, ...] = ()  # what the user must know to load the output where it goes
    companions: tuple[tuple[Path, str], ...] = ()  # the files written beside it, and what each is


def export_to_file(
    project: Project,
    path: str | os.PathLike,
    *,
    format: str = "jsonl",
    selection: dataset.Selection | None = None,
    document_ids: list[int] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    viewer: int | None = None,
) -> ExportReport:
    """Write the project (or the selection of it) to `path` in `format`. A coder in blind mode (`viewer`)
    exports their own work only, whatever the selection names."""
    if format not in FORMATS:
        raise ServiceError(f"unknown export format {format!r} (known: {', '.join(FORMATS)})")
    selection = selection or dataset.Selection()
    with project.read() as session:
        own = team.only_own(session, viewer)
        if own is not None:
            if format == "jsonl":
                raise Invalid("in blind mode you export your own work: choose a dataset format (JSONL keeps everyone's)")
            name = session.get(Annotator, own).name
            selection = dataset.Selection(**{**selection.__dict__, "annotators": (name,), "gold_only": False})
    if document_ids is not None:
        selection = dataset.Selection(**{**selection.__dict__, "document_ids": tuple(document_ids)})
    out = Path(path)
    spec = FORMATS[format]
    companions = [(out.with_name(out.stem + ending), what, write) for ending, what, write in spec.companions]
    try:
        with export_scratch.writing_beside(out) as scratch:
            part = scratch / out.name
            written = spec.write(project, part, selection, progress=progress, cancelled=cancelled)
            book = codebooks.current_codebook(project)[1]
            for companion, _, write in companions:
                (scratch / companion.name).write_text(write(book), encoding="utf-8", newline="\n")
            if out.is_dir():
                shutil.rmtree(out)
            part.replace(out)
            for companion, _, _ in companions:
                (scratch / companion.name).replace(companion)
    except OSError as exc:
        raise ServiceError(f"cannot write {out}: {exc.strerror or exc}") from exc
    except Exception as exc:
        cause = _os_error_behind(exc)
        if cause is None:
            raise
        raise ServiceError(f"cannot write {out}: {cause.strerror or cause}") from exc
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) if out.is_dir() else out.stat().st_size
    documents, notes = written if isinstance(written, tuple) else (written, [])
    return ExportReport(out, format, documents, size, tuple(notes), tuple((path, what) for path, what, _ in companions))


def _os_error_behind(error: BaseException) -> OSError | None:
    """The file error that set off another one: a library writing a file (openpyxl closing its XML) fails
    again on its way out of a full disk, and its own error hides the one that says why."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OSError):
            return error
        if "ENOSPC" in str(error):  # lxml's serialiser says IO_ENOSPC, with no OSError behind it
            return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def write_stream(format: str, project: Project, out, selection: dataset.Selection | None = None) -> int:
    """Formats of one text file written to an open stream (standard output)."""
    if format != "jsonl":
        raise Invalid(f"{format} is not written to standard output; give --output")
    ids = list(selection.document_ids) if selection and selection.document_ids is not None else None
    return native_jsonl.export(project, out, document_ids=ids)
