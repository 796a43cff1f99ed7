"""Reading our tables back (the `csv` folder, the `xlsx` workbook, the `parquet` folder) as records: a
document from the documents table (its text whole, except where Excel cut it), its spans from the annotations
table with their coders and `KIND_FIELD` values, links from the relations table.

CSV cells other than texts come back as `tables.safe` wrote them, so the formula guard's apostrophe is taken
off; the workbook's cells are exact, but for the characters a worksheet cannot hold (`tables.cell_text`).
The annotations of the whole file are held while reading (imports, unlike exports, need not stream).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.io.records import Mark, Record, RecordError, check
from annotator.io.tables import from_cell, unsafe
from annotator.io.zip_guard import check_archive

_SPAN_COLUMNS = {"document_id", "document_title", "annotation_id", "annotator", "kind", "start", "end", "text", "origin"}


def _csv(folder: Path, table: str) -> list[dict[str, Any]]:
    path = folder / f"{table}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {k: None if v == "" else v if k == "text" else unsafe(v) for k, v in row.items()}
            for row in csv.DictReader(handle)
        ]


def _xlsx(path: Path) -> dict[str, list[dict[str, Any]]]:
    from openpyxl import load_workbook

    check_archive(path, "workbook")  # UnsafeArchive is a ValueError: the file is refused with its words
    workbook = load_workbook(path, read_only=True)
    try:
        tables = {}
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = [str(h) for h in next(rows, ())]
            tables[sheet.title] = [{k: from_cell(v) for k, v in zip(header, row, strict=False)} for row in rows]
        return tables
    finally:
        workbook.close()


def _parquet(folder: Path, table: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    path = folder / f"{table}.parquet"
    return pq.read_table(path).to_pylist() if path.exists() else []


def load(path: Path, format: str) -> dict[str, list[dict[str, Any]]]:
    """Every table of an export, as rows of {column: value}."""
    if format == "xlsx":
        return _xlsx(path)
    reader = _csv if format == "csv" else _parquet
    return {table: reader(path, table) for table in ("documents", "annotations", "relations", "entities", "document_codes")}


def read(path: Path, format: str) -> Iterator[Record | RecordError]:
    """The documents of a table export as records, in the documents table's order."""
    try:
        tables = load(path, format)
    except Exception as exc:  # noqa: BLE001 -- whatever a damaged file raises, the import reports it and goes on
        yield RecordError(f"{path.name}: cannot be read as {format} tables ({exc.__class__.__name__}: {exc})")
        return
    spans: dict[str, list[dict[str, Any]]] = {}
    for row in tables.get("annotations", []):
        spans.setdefault(str(row.get("document_id")), []).append(row)
    codes: dict[str, dict[str, dict[str, Any]]] = {}
    for row in tables.get("document_codes", []):
        fields = {k[len("document_") :]: v for k, v in row.items() if k.startswith("document_") and k != "document_id"}
        codes.setdefault(str(row.get("document_id")), {})[str(row.get("annotator"))] = {
            "status": row.get("status"),
            "seconds_spent": row.get("seconds_spent"),
            "fields": {k: v for k, v in fields.items() if v not in (None, "")},
        }
    relations: dict[str, list[dict[str, Any]]] = {}
    for row in tables.get("relations", []):
        relations.setdefault(str(row.get("document_id")), []).append(row)
    registry = _registry(tables.get("entities", []))
    if not tables.get("documents"):
        yield RecordError(f"{path.name}: no documents table (the texts the spans point into)")
    for number, doc in enumerate(tables.get("documents", []), start=2):  # row 1 is the header
        try:
            record = _record(path, number, doc, spans.get(str(doc.get("document_id")), []), relations)
            record.meta["entities"] = registry
            record.meta["codes"] = codes.get(str(doc.get("document_id")), {})
            yield record
        except RecordError as exc:
            yield exc


def _registry(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The entities table by name: what a re-import needs to give an entity back its id, type and aliases."""
    return {
        str(row["name"]): {
            "id": row.get("entity_id"),
            "type": row.get("type"),
            "aliases": [a for a in str(row.get("aliases") or "").split("; ") if a],
            "notes": row.get("notes") or "",
        }
        for row in rows
        if row.get("name")
    }


def _record(path: Path, number: int, doc: dict, rows: list[dict], relations: dict[str, list[dict]]) -> Record:
    where = f"{path.name}: documents row {number}"
    if not isinstance(doc.get("text"), str):
        raise RecordError(f"{where}: no text")
    meta = {k: doc.get(k) for k in ("document_id", "title", "outlet", "url", "published") if doc.get(k) is not None}
    record = Record(where, doc["text"], meta=meta)
    index = {}
    for row in rows:
        try:
            mark = Mark(str(row["kind"]), int(row["start"]), int(row["end"]))
        except (KeyError, TypeError, ValueError):
            raise RecordError(f"{where}: annotation {row.get('annotation_id')} lacks kind, start or end") from None
        check(record, mark, ident=row.get("annotation_id"), shown=row.get("text"))
        prefix = f"{mark.label}_"
        mark.fields = {
            k[len(prefix) :]: v
            for k, v in row.items()
            if k not in _SPAN_COLUMNS and k.startswith(prefix) and v not in (None, "")
        }
        mark.annotator, mark.uid, mark.origin = row.get("annotator"), row.get("annotation_id"), row.get("origin")
        index[mark.uid] = len(record.marks)
        record.marks.append(mark)
    for relation in relations.get(str(doc.get("document_id")), []):
        source, target = index.get(relation.get("from_annotation")), index.get(relation.get("to_annotation"))
        if source is None or target is None:
            raise RecordError(f"{where}: relation {relation.get('relation_id')} links an annotation the document lacks")
        if relation.get("relation_id"):
            record.relation_ids[len(record.relations)] = str(relation["relation_id"])
        record.relations.append((source, target, str(relation.get("type"))))
    return record
