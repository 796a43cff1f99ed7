"""Importing the native JSON Lines format: each line a document with its annotations, relations, entities
and statuses, stored in one transaction; a line that does not fit the text or the codebook is refused whole."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import insert, select

from annotator.io import native_jsonl
from annotator.services import merging
from annotator.services.changes import Changes, write_audit
from annotator.services.import_results import (
    DUPLICATE,
    IMPORTED,
    REFUSED,
    Result,
    record_values,
    refuse,
)
from annotator.storage.models import Document, ImportRecord
from annotator.storage.project import Project


def import_native(project: Project, batch: str, path: Path, data: bytes, data_hash: str, annotator_id) -> Iterator[Result]:
    """Native JSON Lines: each line a document with its annotations, relations, entities and statuses."""
    try:
        lines = list(native_jsonl.parse_lines(data))
    except UnicodeDecodeError as exc:
        yield refuse(
            project, batch, str(path), f"native JSON Lines must be UTF-8 (invalid byte at offset {exc.start})", data_hash
        )
        return
    for n, parsed in lines:
        label = f"{path}:line {n}"
        if isinstance(parsed, native_jsonl.FormatError):
            yield refuse(project, batch, label, str(parsed), data_hash)
            continue
        record = parsed.record
        text = record["text"]
        content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        result = Result(label, REFUSED, encoding="utf-8", confidence=1.0)
        try:
            with project.write() as session:
                existing = session.scalar(select(Document.id).where(Document.content_hash == content_hash))
                if existing is not None:
                    result.status, result.document_id = DUPLICATE, existing
                    result.message = f"same text as document {existing}"
                else:
                    changes = Changes("import_document")
                    doc, counts, conflicts = merging.merge_record(session, project.url, record, changes=changes)
                    result.status, result.document_id = IMPORTED, doc.id
                    result.message = (
                        f"document {doc.id} with {counts.annotations_added} annotation(s), "
                        f"{counts.relations_added} relation(s)"
                    )
                    result.warnings = [c.problem for c in conflicts]
                    write_audit(session, annotator_id, changes)
                session.execute(insert(ImportRecord), record_values(batch, result, data_hash))
        except merging.RecordRefused as exc:
            yield refuse(project, batch, label, str(exc), data_hash)
            continue
        yield result
