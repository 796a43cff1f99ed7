"""Importing pre-annotated datasets (DESIGN §7): doccano, Label Studio, brat, CoNLL (any tagging scheme),
CLUENER, our CSV/XLSX/Parquet tables, REFI-QDA projects and spaCy DocBin files, as a named coder's work or
as suggestions offered to every coder.

An import reads its file twice. First every record is read and its labels and relation types counted, so
that labels the codebook lacks stop the import before anything is stored (or, when asked, are added to the
codebook as one new version). Then each record is stored in one transaction with its audit rows and its
import record: the document found by its text's hash (or created, keeping the id it had where it was
exported when that id is free), its spans as annotations (origin `imported`) or imported suggestions.
Importing the same file again adds nothing: a span a coder already has, or a suggestion already offered,
is not added twice.

A record whose spans do not fit its text was refused by its reader, with the reason; a field value the
codebook cannot take is left out and reported; nothing is shifted or guessed.
"""

from __future__ import annotations

import hashlib
import uuid
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from annotator.core import codebook as cb
from annotator.core import field_values, label_mapping, uids
from annotator.core.text.newlines import normalise_newlines
from annotator.io import brat_records, cluener, conll, doccano, label_studio, qdpx_records, spacy_docbin, table_records
from annotator.io.articles import Article, first_line_title
from annotator.io.articles import Item as ArticleItem
from annotator.io.records import Record, RecordError
from annotator.services import annotations, annotators, codebooks, importing
from annotator.services.changes import CREATED, Changes, write_audit
from annotator.services.documents import STATUSES
from annotator.services.entities import alias_key, entity_row
from annotator.services.errors import Invalid
from annotator.services.import_results import DUPLICATE, IMPORTED, REFUSED, Report, Result, record_values
from annotator.storage import search
from annotator.storage.models import (
    Annotation,
    Document,
    DocumentStatus,
    Entity,
    EntityAlias,
    ImportedSuggestion,
    ImportRecord,
    Relation,
)
from annotator.storage.project import Project

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class DatasetFormat:
    name: str
    label: str
    folder: bool | None  # read from a folder (True), a file (False) or either (None)
    read: Callable[[Path], Iterator[Record | RecordError]]


FORMATS = {
    f.name: f
    for f in (
        DatasetFormat("doccano", "doccano JSONL", False, doccano.read),
        DatasetFormat("label-studio", "Label Studio JSON (annotations and predictions)", False, label_studio.read),
        DatasetFormat("label-studio-predictions", "Label Studio JSON (the same reader)", False, label_studio.read),
        DatasetFormat("brat", "brat standoff (a folder of .txt and .ann)", True, brat_records.records),
        DatasetFormat("conll", "CoNLL: BIO, IOB1, BIOES, BILOU or BMES, detected", False, conll.read),
        DatasetFormat("conll-bmes", "CoNLL (the same reader: the scheme is detected)", False, conll.read),
        DatasetFormat("cluener", "CLUENER JSON lines (end offsets inclusive)", False, cluener.read),
        DatasetFormat("csv", "our CSV tables (a folder)", True, lambda path: table_records.read(path, "csv")),
        DatasetFormat("xlsx", "our Excel workbook", False, lambda path: table_records.read(path, "xlsx")),
        DatasetFormat("parquet", "our Parquet tables (a folder)", True, lambda path: table_records.read(path, "parquet")),
        DatasetFormat("qdpx", "REFI-QDA project", False, qdpx_records.read),
        DatasetFormat("spacy", "spaCy DocBin, a .spacy file or a folder of them (needs spaCy)", None, spacy_docbin.read),
    )
}


@dataclass(frozen=True)
class Options:
    format: str
    annotator: str | None = None  # whose work the spans become; None: suggestions for every coder
    keep_annotators: bool = False  # spans whose coder the file names stay that coder's (the rest: `annotator`)
    labels: dict[str, str | None] = field(default_factory=dict)  # file label or relation type -> kind or link
    add_kinds: bool = False  # labels and relation types the codebook lacks are added to it
    max_chars: int = importing.DEFAULT_MAX_CHARS


def _records(path: Path, options: Options) -> Iterator[Record | RecordError]:
    fmt = FORMATS[options.format]
    if fmt.folder is not None and fmt.folder != path.is_dir():
        wanted = "a folder" if fmt.folder else "a file"
        yield RecordError(f"{path}: {fmt.name} is read from {wanted}")
        return
    try:
        yield from fmt.read(path)
    except Exception as exc:  # noqa: BLE001 -- a reader's bug or a file it cannot open ends this file, said, not the import
        yield RecordError(f"{path.name}: could not be read further as {fmt.name} ({exc.__class__.__name__}: {exc})")


def survey(path: Path, options: Options) -> tuple[label_mapping.Survey, int]:
    """The labels and relation types of every readable record, and how many records there are."""
    found = label_mapping.Survey()
    count = 0
    for record in _records(path, options):
        count += 1
        if isinstance(record, RecordError):
            continue
        found.records += 1
        found.with_span_fields += record.span_fields
        found.labels.update(mark.label for mark in record.marks)
        found.relations.update((record.marks[s].label, rel, record.marks[t].label) for s, t, rel in record.relations)
    return found, count


def import_dataset(
    project: Project,
    path: str | Path,
    options: Options,
    *,
    annotator_id: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Report:
    """Import one pre-annotated file (or folder); `annotator_id` is who is importing (the audit log's)."""
    path = Path(path)
    if options.format not in FORMATS:
        raise Invalid(f"unknown dataset format {options.format!r} (known: {', '.join(FORMATS)})")
    if not path.exists():
        raise Invalid(f"{path}: no such file or folder")
    _, book = codebooks.current_codebook(project)
    problems = label_mapping.check_mapping(book, options.labels)
    if problems:
        raise Invalid("; ".join(problems))
    found, total = survey(path, options)
    if found.records and not found.with_span_fields:
        raise Invalid(
            f"{path.name}: none of its {found.records:,} records has {FORMATS[options.format].name}'s span field, "
            "so it is another format or plain texts; nothing was imported (choose its format, or import plain "
            "texts as articles)"
        )
    plan = label_mapping.plan(book, found, dict(options.labels), add=options.add_kinds)
    if plan.problem():
        raise Invalid(f"{path.name}: {plan.problem()}")
    if plan.definition is not None:
        codebooks.change(project, plan.definition, annotator_id=annotator_id)
    version, book = codebooks.current_codebook(project)
    report = Report(str(uuid.uuid4()))
    file_hash = _file_hash(path)
    store = _Store(project, book, version, plan, options, report.batch, annotator_id)
    since_indexed = 0
    for done, record in enumerate(_records(path, options)):
        if cancelled and cancelled():
            report.cancelled = True
            break
        if progress:
            progress(done, total, record.where if isinstance(record, Record) else "")
        if isinstance(record, RecordError):
            result = Result(f"{path.name} record {done + 1}", REFUSED, str(record))
            with project.write() as session:
                session.add(ImportRecord(**record_values(report.batch, result, file_hash)))
        else:
            result = store.record(record, file_hash)
            since_indexed += result.status == IMPORTED
        report.results.append(result)
        if since_indexed >= search.CATCH_UP_BATCH:  # searchable as the import goes, in batches
            _index(project)
            since_indexed = 0
    _index(project)
    if progress and not report.cancelled:
        progress(total, total, "")
    return report


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    for part in sorted(path.rglob("*")) if path.is_dir() else [path]:
        if part.is_file():
            digest.update(part.read_bytes())
    return digest.hexdigest()


def _index(project: Project) -> None:
    with project.write_connection() as connection:
        search.catch_up(connection)


def _normalised(record: Record) -> list[str]:
    """Line ends as the project stores them (LF), each span moved with the characters removed before it;
    returns what was done, for the result."""
    text, counts = normalise_newlines(record.text)
    if not counts:
        return []
    removed = [i for i in range(len(record.text) - 1) if record.text[i : i + 2] == "\r\n"]  # each CR of a CRLF
    for mark in record.marks:
        mark.start, mark.end = mark.start - bisect_left(removed, mark.start), mark.end - bisect_left(removed, mark.end)
    record.text = text
    return [f"line ends rewritten as LF ({', '.join(f'{n} {kind}' for kind, n in counts.items())}); spans moved with them"]


class _Store:
    """Stores the records of one import, one transaction each."""

    def __init__(self, project, book: cb.Codebook, version: int, plan, options: Options, batch: str, importer) -> None:
        self.project, self.book, self.version, self.plan = project, book, version, plan
        self.options, self.batch, self.importer = options, batch, importer

    def record(self, record: Record, file_hash: str) -> Result:
        result = Result(record.where, REFUSED)
        result.warnings += _normalised(record) + record.notes
        try:
            text, steps = importing.prepare(Article(record.text), importing.Options(max_chars=self.options.max_chars))
        except ValueError as exc:
            result.message = str(exc)
        else:
            if text != record.text:
                result.message = "its text would change on import (lone surrogates), which would move its spans"
            else:
                with self.project.write() as session:
                    changes = Changes("import_dataset")
                    document_id, created = self._document(session, record, steps, file_hash, changes)
                    added, present = (
                        self._annotations(session, record, document_id, changes, result)
                        if self.options.annotator or self.options.keep_annotators
                        else self._suggestions(session, record, document_id, changes, result)
                    )
                    result.document_id = document_id
                    result.status = IMPORTED if created or added else DUPLICATE
                    what = "suggestions" if self.options.annotator is None and not self.options.keep_annotators else "spans"
                    result.message = (
                        f"document {document_id} ({'new' if created else 'already stored'}), {added} {what} added"
                        + (f", {present} not added again (same coder, kind and span)" if present else "")
                    )
                    session.add(ImportRecord(**record_values(self.batch, result, file_hash)))
                    write_audit(session, self.importer, changes)
                return result
        with self.project.write() as session:
            session.add(ImportRecord(**record_values(self.batch, result, file_hash)))
        return result

    def _document(self, session, record: Record, steps: dict, file_hash: str, changes: Changes) -> tuple[int, bool]:
        content_hash = hashlib.sha256(record.text.encode("utf-8")).hexdigest()
        existing = session.scalar(select(Document.id).where(Document.content_hash == content_hash))
        if existing is not None:
            return existing, False
        meta = record.meta
        article = Article(
            record.text,
            title=str(meta.get("title") or "") or first_line_title(record.text) or record.where,
            outlet=meta.get("outlet"),
            url=meta.get("url"),
            published=str(meta["published"]) if meta.get("published") else None,
            meta={k: v for k, v in meta.items() if k not in ("title", "outlet", "url", "published", "document_id")},
        )
        row = importing.document_values(
            ArticleItem(record.where, article, importer=self.options.format), record.text, steps, file_hash
        )
        wanted = str(meta.get("document_id") or "")
        if uids.usable(wanted) and session.scalar(select(Document.id).where(Document.uid == wanted)) is None:
            row["uid"] = wanted  # the id it had where it was exported, so a re-export names it the same
        doc = Document(**row)
        session.add(doc)
        session.flush()
        changes.add("document", CREATED, after={"id": doc.id, "title": doc.title, "source": record.where})
        return doc.id, True

    def _fields(self, kind: cb.Kind, mark, result: Result) -> dict[str, Any]:
        values = {}
        for name, raw in mark.fields.items():
            f = kind.field(name)
            if f is None:
                result.warnings.append(f"{mark.label} [{mark.start}, {mark.end}): {name} is not a field of {kind.name}")
            elif not f.is_link and raw not in (None, "", []):
                try:
                    values[name] = field_values.convert(f, raw)
                except ValueError as exc:
                    result.warnings.append(f"{kind.name} [{mark.start}, {mark.end}): {name} left out: {exc}")
        return values

    def _annotations(self, session, record: Record, document_id: int, changes: Changes, result: Result):
        """The record's spans as annotations (in one statement per coder), then their links and codes."""
        stored: dict[int, tuple[int, cb.Kind, int]] = {}  # mark index -> annotation id, kind, coder
        repeats: list[tuple[int, int, tuple[str, int, int], cb.Kind]] = []  # marks whose span is stored already
        have: dict[int, dict[tuple[str, int, int], int]] = {}  # coder -> (kind, start, end) -> annotation id
        coders: dict[str, int] = {}
        pending: dict[int, list[tuple[int, annotations.NewAnnotation]]] = {}  # coder -> (mark index, annotation)
        taken = self._taken_uids(session, record)
        for index, mark in enumerate(record.marks):
            kind_name = self.plan.kinds.get(mark.label)
            if kind_name is None:
                continue
            kind = self.book.kind(kind_name)
            name = mark.annotator if self.options.keep_annotators and mark.annotator else self.options.annotator
            if name is None:
                result.warnings.append(f"{mark.label} [{mark.start}, {mark.end}): the file names no coder for it")
                continue
            if name not in coders:
                coders[name] = annotators.in_session(session, name)
            coder = coders[name]
            if coder not in have:  # the coder's spans on this document, read once
                have[coder] = {
                    (k, s, e): i
                    for i, k, s, e in session.execute(
                        select(Annotation.id, Annotation.kind, Annotation.start, Annotation.end).where(
                            Annotation.document_id == document_id, Annotation.annotator_id == coder
                        )
                    )
                }
            key = (kind.name, mark.start, mark.end)
            if key in have[coder]:  # stored before, or earlier in this record (then it is stored below)
                repeats.append((index, coder, key, kind))
                continue
            values = self._checked(kind, mark, result)
            if values is None:
                continue
            for f in kind.fields:
                if f.is_entity and isinstance(values.get(f.name), str):
                    values[f.name] = self._entity(session, values[f.name], values.get("type"), record, coder, changes)
            uid = mark.uid if uids.usable(mark.uid) and mark.uid not in taken else None
            taken.add(uid)
            origin = mark.origin if mark.origin in annotations.ORIGINS else "imported"
            have[coder][key] = -1  # not stored yet
            pending.setdefault(coder, []).append(
                (index, annotations.NewAnnotation(kind, mark.start, mark.end, values, origin, uid))
            )
        added = 0
        for coder, items in pending.items():
            ids = annotations.insert_many(
                session, self.version, coder, document_id, record.text, [item for _, item in items], changes
            )
            for (index, item), annotation_id in zip(items, ids, strict=True):
                stored[index] = (annotation_id, item.kind, coder)
                have[coder][(item.kind.name, item.start, item.end)] = annotation_id
            added += len(ids)
        for index, coder, key, kind in repeats:  # now that every annotation has its id
            stored[index] = (have[coder][key], kind, coder)
        present = len(repeats)
        self._links(session, record, document_id, stored, changes, result)
        added += self._codes(session, record, document_id, changes, result)
        return added, present

    def _taken_uids(self, session, record: Record) -> set[str | None]:
        """The span ids the file gives that the project already uses (those spans get new ids)."""
        wanted = [m.uid for m in record.marks if uids.usable(m.uid)]
        taken: set[str | None] = {None}
        for first in range(0, len(wanted), 500):
            chunk = wanted[first : first + 500]
            taken.update(session.scalars(select(Annotation.uid).where(Annotation.uid.in_(chunk))))
        return taken

    def _checked(self, kind: cb.Kind, mark, result: Result) -> dict[str, Any] | None:
        """The mark's field values as the codebook takes them, or None (and why, in the result) when the
        codebook refuses the span itself (a required field left empty)."""
        values = self._fields(kind, mark, result)
        names_for_entities = {f.name: 0 for f in kind.fields if f.is_entity and isinstance(values.get(f.name), str)}
        errors = cb.validate_values(tuple(f for f in kind.fields if not f.is_link), {**values, **names_for_entities})
        if errors:
            detail = "; ".join(f"{name} {message}" for name, message in errors.items())
            result.warnings.append(f"{kind.name} [{mark.start}, {mark.end}) not imported: {detail}")
            return None
        return values

    def _codes(self, session, record: Record, document_id: int, changes: Changes, result: Result) -> int:
        """Each coder's status, time spent and document fields (our tables carry them), where the coder has
        none on this document yet; returns how many were added."""
        added = 0
        for name, code in (record.meta.get("codes") or {}).items():
            coder_name = name if self.options.keep_annotators else self.options.annotator
            if coder_name is None:
                continue
            coder = annotators.in_session(session, coder_name)
            if session.get(DocumentStatus, (document_id, coder)) is not None:
                continue
            fields = {}
            for f in self.book.document_fields:
                if code["fields"].get(f.name) not in (None, "", []):
                    try:
                        fields[f.name] = field_values.convert(f, code["fields"][f.name])
                    except ValueError as exc:
                        result.warnings.append(f"document field {f.name} of {coder_name} left out: {exc}")
            status = code.get("status") if code.get("status") in STATUSES else "new"
            row = DocumentStatus(
                document_id=document_id,
                annotator_id=coder,
                status=status,
                seconds_spent=int(code.get("seconds_spent") or 0),
                fields=fields,
            )
            session.add(row)
            session.flush()
            changes.add(
                "document_status", CREATED, after={"document_id": document_id, "annotator_id": coder, "status": status}
            )
            added += 1
        return added

    def _entity(self, session, name: str, type_: str | None, record: Record, coder: int, changes: Changes) -> int:
        """The registry entry named `name` (in either script); a new one when there is none, with the id,
        type, aliases and notes the file's registry gives it (our tables carry one)."""
        known = (record.meta.get("entities") or {}).get(name)
        if (
            known is None
            or session.scalar(select(EntityAlias.entity_id).where(EntityAlias.key == alias_key(name)).limit(1)) is not None
        ):
            return annotations.entity_for_name(session, name, type_, coder, changes)
        uid = known.get("id")
        free = uids.usable(uid) and session.scalar(select(Entity.id).where(Entity.uid == uid)) is None
        entity = Entity(
            uid=str(uid) if free else str(uuid.uuid4()),
            name=name,
            type=known.get("type") or type_,
            notes=known.get("notes") or "",
            version=1,
        )
        for alias in dict.fromkeys([name, *known.get("aliases", [])]):
            entity.aliases.append(EntityAlias(alias=alias, key=alias_key(alias)))
        session.add(entity)
        session.flush()
        changes.add("entity", CREATED, after=entity_row(entity))
        return entity.id

    def _links(self, session, record: Record, document_id: int, stored, changes: Changes, result: Result) -> None:
        """The record's relations as link fields of their sources (merged with the links those have already),
        in one statement."""
        wanted: dict[tuple[int, str], list[int]] = {}  # (source annotation, link field) -> targets
        sources: dict[int, tuple[cb.Kind, int]] = {}  # source annotation -> its kind, its coder
        given: dict[tuple[int, str, int], str] = {}  # the relation ids the file gives
        for number, (source, target, relation) in enumerate(record.relations):
            if source not in stored or target not in stored:
                continue
            (source_id, kind, coder), (target_id, target_kind, _) = stored[source], stored[target]
            name = label_mapping.link_for(self.book, kind.name, relation, self.options.labels)
            f = kind.field(name) if name else None
            if f is None or not f.is_link or target_kind.name not in f.targets:
                if name is not None:
                    result.warnings.append(
                        f"relation {relation} from {kind.name} to {target_kind.name} left out: no such link field"
                    )
                continue
            wanted.setdefault((source_id, f.name), []).append(target_id)
            sources[source_id] = (kind, coder)
            if uids.usable(uid := record.relation_ids.get(number)):
                given[(source_id, f.name, target_id)] = uid
        if not wanted:
            return
        existing: dict[tuple[int, str], list[int]] = {}
        ids = list(sources)
        for first in range(0, len(ids), 500):
            for source_id, name, target_id in session.execute(
                select(Relation.source_id, Relation.type, Relation.target_id)
                .where(Relation.source_id.in_(ids[first : first + 500]))
                .order_by(Relation.id)
            ):
                existing.setdefault((source_id, name), []).append(target_id)
        taken = set(session.scalars(select(Relation.uid).where(Relation.uid.in_(list(given.values())))))
        rows = []
        for (source_id, name), targets in wanted.items():
            kind, coder = sources[source_id]
            have = existing.get((source_id, name), [])
            merged = list(dict.fromkeys([*have, *targets]))
            if not kind.field(name).multiple and len(merged) > 1:
                result.warnings.append(f"{kind.name} {source_id}: {name} takes one annotation; the first is kept")
                merged = merged[:1]
            for target_id in merged:
                if target_id not in have:
                    uid = given.get((source_id, name, target_id))
                    rows.append(
                        {
                            "uid": uid if uid and uid not in taken else str(uuid.uuid4()),
                            "document_id": document_id,
                            "annotator_id": coder,
                            "type": name,
                            "source_id": source_id,
                            "target_id": target_id,
                        }
                    )
        annotations.insert_relations(session, rows, changes)

    def _suggestions(self, session, record: Record, document_id: int, changes: Changes, result: Result):
        added = present = 0
        for mark in record.marks:
            kind_name = self.plan.kinds.get(mark.label)
            if kind_name is None:
                continue
            kind = self.book.kind(kind_name)
            exists = session.scalar(
                select(ImportedSuggestion.id).where(
                    ImportedSuggestion.document_id == document_id,
                    ImportedSuggestion.kind == kind.name,
                    ImportedSuggestion.start == mark.start,
                    ImportedSuggestion.end == mark.end,
                )
            )
            if exists is not None:
                present += 1
                continue
            values = {
                name: value for name, value in self._fields(kind, mark, result).items() if not kind.field(name).is_entity
            }
            row = ImportedSuggestion(
                document_id=document_id,
                kind=kind.name,
                start=mark.start,
                end=mark.end,
                fields=values,
                source=record.where,
                batch=self.batch,
            )
            session.add(row)
            session.flush()
            changes.add(
                "imported_suggestion", CREATED, after={"id": row.id, "kind": row.kind, "start": row.start, "end": row.end}
            )
            added += 1
        if record.relations:
            result.warnings.append(f"{len(record.relations)} relation(s) not kept: suggestions carry no links")
        return added, present
