"""Importing articles (DESIGN §5): files and folders in, one document per article, one transaction each.

Every file (or row) gets a result: imported, duplicate (same text already stored) or refused with the
reason; a bad file never stops the batch and never touches what is stored. Results are kept as
ImportRecords of the batch. Progress is reported through a callback and a cancel callback is polled
between articles, so a GUI worker thread or the CLI can show and stop a long import.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.dates import guess_published, normalise_date
from annotator.core.text import cleaning, quality
from annotator.core.text.newlines import normalise_newlines
from annotator.core.text.script import detect_script
from annotator.io import native_jsonl, readers
from annotator.io.articles import Article, Item
from annotator.services import native_import, workers
from annotator.services.changes import CREATED, Changes, audit_rows
from annotator.services.import_results import (
    DUPLICATE,
    IMPORTED,
    REFUSED,
    Report,
    Result,
    record_values,
)
from annotator.storage import search
from annotator.storage.models import (
    AuditLog,
    Document,
    ImportRecord,
    utcnow,
)
from annotator.storage.project import Project, ProjectFileMoved
from annotator.storage.writer import CompiledInsert, CompiledLookup, Writer
from annotator.worker_life import end_with_parent

DEFAULT_MAX_CHARS = 5_000_000
# Files that hold one article and no date field: their date is guessed from a dateline or the file name.
ONE_ARTICLE_IMPORTERS = ("text", "html", "docx")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Options:
    encoding: str | None = None
    clean: tuple[str, ...] = ()
    max_chars: int = DEFAULT_MAX_CHARS
    mapping: dict[str, str] | None = None
    format: str | None = None  # "jsonl" = the native format; None = by extension


Progress = Callable[[int, int, str], None]


def expand(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[Result]]:
    """Files to import (folders recursively, in name order, hidden files skipped) and refusals for the rest."""
    files: list[Path] = []
    missing: list[Result] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                hidden = any(part.startswith(".") for part in rel.parts)
                if child.is_file() and not hidden and child.suffix.lower() in readers.SUPPORTED:
                    files.append(child)
        elif path.is_file():
            files.append(path)
        else:
            missing.append(Result(str(path), REFUSED, "no such file or folder"))
    return files, missing


def _surrogates_replaced(text: str) -> tuple[str, int]:
    """Lone surrogates (possible from JSON escapes) cannot be stored; they become U+FFFD, counted."""
    return _SURROGATE.subn("\ufffd", text)


def _fields_without_surrogates(article: Article) -> int:
    """Title, outlet, URL, date and metadata cleaned of lone surrogates as the text is (a JSON record may
    escape one anywhere, and the database cannot store it); how many were replaced."""
    replaced = 0

    def clean(value):
        nonlocal replaced
        if isinstance(value, str):
            value, n = _surrogates_replaced(value)
            replaced += n
        elif isinstance(value, dict):
            value = {clean(k): clean(v) for k, v in value.items()}
        elif isinstance(value, list):
            value = [clean(v) for v in value]
        return value

    article.title = clean(article.title)
    article.outlet, article.url, article.published = clean(article.outlet), clean(article.url), clean(article.published)
    article.meta = clean(article.meta)
    return replaced


def prepare(article: Article, options: Options) -> tuple[str, dict]:
    """The text to store and what was done to it; raises ValueError when it must be refused."""
    text, newline_counts = normalise_newlines(article.text)
    text, surrogates = _surrogates_replaced(text)
    surrogates += _fields_without_surrogates(article)
    text, cleaned = cleaning.clean(text, options.clean) if options.clean else (text, {})
    if not text.strip():
        raise ValueError("no text (empty or whitespace only)")
    if len(text) > options.max_chars:
        raise ValueError(
            f"{len(text):,} characters is over the limit of {options.max_chars:,}; raise it with --max-chars "
            f"(or the import dialog's limit) to import this article whole"
        )
    steps = {}
    if newline_counts:
        steps["newlines"] = newline_counts
    if surrogates:
        steps["lone_surrogates_replaced"] = surrogates
    if options.clean:
        steps["cleaning"] = {"requested": list(options.clean), "removed": cleaned}
        inline = tuple(s for s in options.clean if s in cleaning.INLINE)
        article.title = cleaning.clean(article.title, inline)[0] if inline else article.title
    return text, steps


@dataclass
class _Prepared:
    """One article read and processed (no database involved): a documents row to store, or why not."""

    result: Result
    data_hash: str
    row: dict | None = None


@dataclass
class _PreparedFile:
    path: Path
    data_hash: str = ""
    articles: list[_Prepared] = field(default_factory=list)
    native: bytes | None = None  # a native JSON Lines file, stored as a whole by the storing process
    error: str | None = None


def _prepare_file(path: Path, options: Options) -> _PreparedFile:
    """Read, decode and process every article of a file; touches no database (may run in a worker process)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _PreparedFile(path, error=f"cannot read: {exc.strerror or exc}")
    data_hash = hashlib.sha256(data).hexdigest()
    if options.format == "jsonl" or (path.suffix.lower() == ".jsonl" and native_jsonl.looks_native(data)):
        return _PreparedFile(path, data_hash, native=data)
    try:
        articles = [
            _prepare_item(item, data_hash, options) for item in readers.read(path, data, options.encoding, options.mapping)
        ]
    except Exception as exc:  # noqa: BLE001 -- a reader's bug must not end the batch: this file is refused, the rest go on
        return _PreparedFile(path, data_hash, error=f"could not be read ({exc.__class__.__name__}: {exc})")
    return _PreparedFile(path, data_hash, articles)


def _prepare_item(item: Item, data_hash: str, options: Options) -> _Prepared:
    decoded = item.decoded
    result = Result(
        item.label,
        REFUSED,
        encoding=decoded.encoding if decoded else None,
        confidence=decoded.confidence if decoded else None,
        warnings=decoded.warnings if decoded else [],
    )
    if item.error:
        result.message = item.error
        return _Prepared(result, data_hash)
    try:
        text, steps = prepare(item.article, options)
    except ValueError as exc:
        result.message = str(exc)
        return _Prepared(result, data_hash)
    return _Prepared(result, data_hash, document_values(item, text, steps, data_hash))


class _Statements:
    """The import's per-article statements, compiled once for the project's database."""

    def __init__(self, dialect) -> None:
        self.find = CompiledLookup(dialect, Document.__table__, "id", "content_hash")
        self.document = CompiledInsert(dialect, Document.__table__, returning_id=True)
        self.record = CompiledInsert(dialect, ImportRecord.__table__)
        self.audit = CompiledInsert(dialect, AuditLog.__table__)


def _store(writer: Writer, sql: _Statements, batch: str, prepared: _Prepared, annotator_id) -> Result:
    """One transaction: the document (unless its text is stored already), its audit row, the import record."""
    for attempt in (1, 2):
        try:
            with writer.transaction() as cursor:
                if prepared.row is not None:
                    _store_row(cursor, sql, prepared, annotator_id)
                sql.record.execute(cursor, record_values(batch, prepared.result, prepared.data_hash))
            break
        except writer.integrity_error:  # the same text was stored by another process between check and insert
            if attempt == 2:
                raise
    return prepared.result


def _store_row(cursor, sql: _Statements, prepared: _Prepared, annotator_id) -> None:
    """Store one article in the caller's transaction, or note that its text is stored already."""
    row, result = prepared.row, prepared.result
    existing = sql.find.execute(cursor, row["content_hash"])
    if existing is not None:
        result.status, result.document_id = DUPLICATE, existing
        result.message = f"same text as document {existing}"
        return
    doc_id = sql.document.execute(cursor, row)
    result.status, result.document_id = IMPORTED, doc_id
    result.message = f"document {doc_id}, {row['length']:,} characters, {row['script']}"
    changes = Changes("import_document")
    changes.add("document", CREATED, after={"id": doc_id, "title": row["title"], "source": result.source})
    for audit in audit_rows(annotator_id, changes):
        sql.audit.execute(cursor, audit)


def document_values(item: Item, text: str, steps: dict, data_hash: str) -> dict:
    """The documents row for an article: decoding and cleaning provenance, script, the search column."""
    article, decoded = item.article, item.decoded
    title = (article.title or "").strip()
    findings = quality.summary(quality.report(text))
    published = normalise_date(article.published)
    guessed = None
    if not published and item.importer in ONE_ARTICLE_IMPORTERS:
        guessed = guess_published(item.label, text)
        published = guessed[0] if guessed else None
    provenance = {
        "source": item.label,
        "file": Path(item.label.split(":row ")[0].split(":line ")[0].split(":record ")[0]).name,
        "byte_sha256": data_hash,
        "importer": item.importer,
        "imported_at": utcnow().isoformat(timespec="seconds"),
        **({"encoding": decoded.encoding, "confidence": decoded.confidence, "bom": decoded.bom} if decoded else {}),
        **({"replaced_bytes": list(decoded.replaced_offsets[:100])} if decoded and decoded.replaced_offsets else {}),
        **steps,
        **({"quality": findings} if findings else {}),
        **({"published_as_given": article.published} if article.published and published != article.published else {}),
        **({"published_guessed_from": guessed[1]} if guessed else {}),
    }
    return {
        "uid": str(uuid.uuid4()),
        "title": title,
        "text": text,
        "outlet": article.outlet,
        "url": article.url,
        "published": published,
        "script": detect_script(text),
        "length": len(text),
        "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "meta": article.meta,
        "provenance": provenance,
        "search_text": search.search_text(title, text),
        "created_at": utcnow(),
    }


def import_paths(
    project: Project,
    paths: Iterable[str | os.PathLike],
    options: Options = Options(),
    *,
    annotator_id: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Report:
    """Import files and folders; returns the per-file (per-row) results of the batch.

    Each file is first read and processed (decoding, conversion, quality report: no database), then stored,
    one transaction per article. In a large batch worker processes prepare the next files while this one
    stores (see `_prepared`).
    """
    report = Report(str(uuid.uuid4()))
    files, missing = expand(paths)
    report.results.extend(missing)
    total = len(files)
    since_indexed = 0
    with project.writer() as writer:
        sql = _Statements(writer.dialect)
        try:
            for done, prepared in enumerate(_prepared(files, options)):
                if cancelled and cancelled():
                    report.cancelled = True
                    break
                if progress:
                    progress(done, total, str(prepared.path))
                for result in _store_file(project, writer, sql, report.batch, prepared, annotator_id):
                    report.results.append(result)
                    since_indexed += result.status == IMPORTED
                if since_indexed >= search.CATCH_UP_BATCH:
                    _index(writer)
                    since_indexed = 0
        except ProjectFileMoved:
            since_indexed = 0  # nothing more is written into a file that is no longer the project
            raise
        finally:
            if since_indexed:
                _index(writer)
    if progress and not report.cancelled:
        progress(total, total, "")
    return report


PARALLEL_FROM = 64  # files; below this, starting a worker process costs more than it saves
CHUNK_FILES = 16  # files per task handed to a worker: one hand-over per file cost more than preparing a small one
CHUNK_BYTES = 4 << 20  # and at most this much of them (a bigger file is a task of its own)
LOOKAHEAD_CHUNKS = 16  # tasks handed out ahead: enough to keep the workers busy while the search index catches up
# (a pause of a quarter second per 250 articles), and at most 16 × CHUNK_BYTES of files in memory


def _prepared(files: list[Path], options: Options) -> Iterator[_PreparedFile]:
    """The files, read and processed, in order.

    Preparing is Python work and storing is mostly SQLite work; on two or more cores worker processes
    prepare ahead while the caller stores (see `_in_workers`). A worker that dies (killed, out of memory) or
    cannot be started does not end the import: what the workers have not delivered is prepared here.
    Closing the iterator early (a cancelled import) drops what was prepared ahead; none of it was stored.
    """
    if len(files) < PARALLEL_FROM or workers.cores() < 2:
        for path in files:
            yield _prepare_file(path, options)
        return
    chunks = list(_chunks(files))
    delivered = 0
    try:
        for prepared in _in_workers(chunks, options):
            yield from prepared
            delivered += 1
    except (BrokenProcessPool, OSError):  # OSError: no worker could be started (fork refused, no semaphores)
        pass
    for chunk in chunks[delivered:]:
        yield from _prepare_files(chunk, options)


def _in_workers(chunks: list[list[Path]], options: Options) -> Iterator[list[_PreparedFile]]:
    """Each chunk's prepared files, in order, with worker processes preparing ahead: one per core beyond the
    caller's own. One worker on two cores keeps up with the storing, and a second took cycles from it
    (10,000 articles: 823–829 articles/s with one, 659–703 with two). (Threads would not do: they would
    contend for the interpreter lock; that was measured slower than none.) Until the workers are ready (a
    spawned one imports the application again, about a second) chunks are prepared here, and stored as they
    come, so their start-up is not waited for."""
    with ProcessPoolExecutor(
        max_workers=workers.cores() - 1, mp_context=workers.context(), initializer=end_with_parent
    ) as pool:
        ready = pool.submit(_get_ready)
        at = 0
        while at < len(chunks) and not ready.done():
            yield _prepare_files(chunks[at], options)
            at += 1
        if at == len(chunks):
            return
        ready.result()  # a worker that could not start says so here
        queue: deque[Future] = deque(
            pool.submit(_prepare_files, c, options) for c in chunks[at + 1 : at + 1 + LOOKAHEAD_CHUNKS]
        )
        ahead = at + 1 + len(queue)
        try:
            yield _prepare_files(chunks[at], options)  # the chunk in hand, while the workers take the next
            while queue:
                yield queue.popleft().result()
                if ahead < len(chunks):
                    queue.append(pool.submit(_prepare_files, chunks[ahead], options))
                    ahead += 1
        finally:
            for future in queue:
                future.cancel()


def _get_ready() -> None:
    """In a worker, first: load the conversion tables every article needs (a spawned worker starts without)."""
    detect_script(search.search_text("", ""))


def _chunks(files: list[Path]) -> Iterator[list[Path]]:
    """The files in order, in groups of at most CHUNK_FILES and (unless one file is bigger) CHUNK_BYTES."""
    chunk: list[Path] = []
    size = 0
    for path in files:
        try:
            grows = path.stat().st_size
        except OSError:
            grows = 0  # said when it is read
        if chunk and (len(chunk) == CHUNK_FILES or size + grows > CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(path)
        size += grows
    if chunk:
        yield chunk


def _prepare_files(paths: list[Path], options: Options) -> list[_PreparedFile]:
    return [_prepare_file(path, options) for path in paths]


def _index(writer: Writer) -> None:
    """Make the documents imported so far searchable (in one batch: see annotator.storage.search)."""
    with writer.connection.begin():
        search.catch_up(writer.connection)


def _store_file(project, writer, sql, batch: str, prepared: _PreparedFile, annotator_id) -> Iterator[Result]:
    if prepared.error:
        result = Result(str(prepared.path), REFUSED, prepared.error)
        with writer.transaction() as cursor:
            sql.record.execute(cursor, record_values(batch, result, prepared.data_hash))
        yield result
    elif prepared.native is not None:
        yield from native_import.import_native(
            project, batch, prepared.path, prepared.native, prepared.data_hash, annotator_id
        )
    else:
        for article in prepared.articles:
            yield _store(writer, sql, batch, article, annotator_id)
