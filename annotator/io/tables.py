r"""The dataset as tables, for statistics software and spreadsheets: annotations (one row per span, one
column per codebook field), documents, document codes (each coder's status and document fields), relations
and entities. `csv` writes them as five UTF-8 files (with a BOM, so Excel reads the Chinese) in a folder;
`parquet` as five typed Parquet files (each loadable on its own: `pandas.read_parquet(folder /
"annotations.parquet")`); `xlsx` as five sheets of one workbook, written row by row (a text longer than an
Excel cell holds is cut, and says so; the CSV and JSONL exports keep it whole).

Texts are exact everywhere, so `text[start:end]` holds in every reader: the documents' `text` and the
annotations' `text` cells are never changed. The workbook types every cell starting with "=" as text, so
Excel never evaluates one. In the CSV files, every other text cell that a spreadsheet would run as a
formula (starting with =, +, -, @, tab or carriage return, behind any apostrophes) gets one apostrophe in
front (`safe`; `unsafe` undoes it, and so does pandas:
`df.replace(r"^'(?='*[=+\-@\t\r])", "", regex=True)` on every column but `text`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core import codebook as cb
from annotator.io.dataset import Item, field_columns

SHEETS = ("annotations", "documents", "document_codes", "relations", "entities")
_GUARDED = re.compile("^'*[=+\\-@\t\r]")  # a formula's start, behind any apostrophes already there
_FIRST = frozenset("=+-@\t\r'")  # what a guarded cell starts with: only these are matched against _GUARDED
EXCEL_CELL = 32767  # characters: Excel refuses a longer cell


def safe(value: Any) -> Any:
    """A cell value that no spreadsheet will evaluate: a leading apostrophe before a formula's start (and
    before a value that already had one, so that `unsafe` gives every value back exactly)."""
    if isinstance(value, str) and _GUARDED.match(value):
        return "'" + value
    return value


def safe_row(row: list[Any]) -> list[Any]:
    """`safe` over a row, inlined: the table exports call it for every cell of millions of rows. Only a cell
    whose first character could start a formula meets the pattern (the rows of 10,000 annotations: 40 → 26 ms)."""
    return [c if type(c) is not str or c[:1] not in _FIRST or not _GUARDED.match(c) else "'" + c for c in row]


def unsafe(value: Any) -> Any:
    """The value `safe` was given."""
    if isinstance(value, str) and value.startswith("'") and _GUARDED.match(value):
        return value[1:]
    return value


def _joined(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _joined_lists(value: Any) -> Any:
    return "; ".join(str(v) for v in value) if isinstance(value, list) else value


# The annotations table's columns before the codebook's fields.
_SPAN_COLUMNS = ("document_id", "document_title", "annotation_id", "annotator", "kind", "start", "end", "text", "origin")
_SPAN_TEXT = _SPAN_COLUMNS.index("text")


def headers(book: cb.Codebook, kinds: tuple[str, ...]) -> dict[str, list[str]]:
    fields = [name for name, _, _ in field_columns(book, kinds)]
    document_fields = [f"document_{f.name}" for f in book.document_fields]
    return {
        "annotations": [*_SPAN_COLUMNS, *fields],
        "documents": ["document_id", "number", "title", "outlet", "url", "published", "script", "length", "text"],
        "document_codes": ["document_id", "annotator", "status", "seconds_spent", *document_fields],
        "relations": ["document_id", "relation_id", "type", "from_annotation", "to_annotation", "annotator"],
        "entities": ["entity_id", "name", "type", "aliases", "notes"],
    }


def rows(
    items: Iterable[Item], book: cb.Codebook, kinds: tuple[str, ...], cell: Callable[[Any], Any] = _joined
) -> Iterator[tuple[str, list[Any]]]:
    """(table, row) for every row of every table, a document at a time; entities once, at the end. Field
    values go through `cell`: lists joined and yes/no for booleans, or (Parquet) booleans kept."""
    columns = field_columns(book, kinds)
    by_kind: dict[str, list[tuple[int, cb.Field]]] = {}  # a span fills only its own kind's columns
    for index, (_, kind, f) in enumerate(columns, start=len(_SPAN_COLUMNS)):
        by_kind.setdefault(kind, []).append((index, f))
    blank = [None] * len(columns)
    seen_entities: dict[str, dict[str, Any]] = {}
    for item in items:
        yield (
            "documents",
            [
                item.id,
                item.number,
                item.title,
                item.outlet,
                item.url,
                item.published,
                item.script,
                len(item.text),
                item.text,
            ],
        )
        for annotator, code in item.codes.items():
            values = [cell(code["fields"].get(f.name)) for f in book.document_fields]
            yield "document_codes", [item.id, annotator, code["status"], code["seconds_spent"], *values]
        for span in item.spans:
            row = [item.id, item.title, span.id, span.annotator, span.kind, span.start, span.end, span.text, span.origin]
            row += blank
            if span.fields:  # a span not yet described has nothing to fill in
                for index, f in by_kind.get(span.kind, ()):
                    value = span.fields.get(f.name)
                    if value is not None:
                        row[index] = cell(item.entities[value]["name"] if f.is_entity else value)
            yield "annotations", row
        for link in item.links:
            yield "relations", [item.id, link.id, link.type, link.source, link.target, link.annotator]
        seen_entities.update(item.entities)
    for uid, entity in sorted(seen_entities.items(), key=lambda kv: kv[1]["name"]):
        yield "entities", [uid, entity["name"], entity["type"], "; ".join(entity["aliases"]), entity["notes"]]


_QUOTED = re.compile('[,"\r\n]')


def csv_text(text: str) -> str:
    """A text as the csv module writes it as a cell (quoted where it holds a comma, a quote or a line break,
    its quotes doubled), at the speed of a string search."""
    return '"' + text.replace('"', '""') + '"' if _QUOTED.search(text) else text


def write_csv(folder: Path, items: Iterable[Item], book: cb.Codebook, kinds: tuple[str, ...] = ()) -> int:
    """Five CSV files in `folder` (created); returns the number of documents."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {name: (folder / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") for name in SHEETS}
    # Rows are formatted into memory and written to the files every hundred documents: a file write per row
    # cost as much as formatting it.
    buffers = {name: io.StringIO() for name in SHEETS}
    writers = {name: csv.writer(buffer) for name, buffer in buffers.items()}
    # A document's row is written by the writer up to its text, which follows, written by `csv_text`: the
    # writer handles a text character by character, and the articles' texts took a quarter of the export.
    # The writer ends that part with its usual line ending, replaced by the comma before the text: a writer
    # told to end rows with "," would no longer quote the line breaks of a title, outlet or URL.
    document_rows = buffers["documents"]
    before_text = csv.writer(document_rows)

    def flush() -> None:
        for name, buffer in buffers.items():
            files[name].write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()

    try:
        for name, header in headers(book, kinds).items():
            writers[name].writerow(header)
        documents = 0
        for table, row in rows(items, book, kinds):
            if table == "documents":
                documents += 1
                if documents % 100 == 0:
                    flush()
                *cells, text = row
                before_text.writerow(safe_row(cells))
                document_rows.seek(document_rows.tell() - 2)
                document_rows.write("," + csv_text(text) + "\r\n")
                continue
            if table == "annotations":
                text = row[_SPAN_TEXT]
                row = safe_row(row)
                row[_SPAN_TEXT] = text
                writers[table].writerow(row)
                continue
            writers[table].writerow(safe_row(row))
        flush()
        return documents
    finally:
        for handle in files.values():
            handle.close()


def append_csv(folder: Path, part: Path) -> None:
    """Add the tables of `part` (the later documents of the same export, written by `write_csv`) to those in
    `folder`: rows after the header appended, and the entities of both in one list, sorted by name again."""
    for name in SHEETS:
        if name == "entities":
            continue
        with (part / f"{name}.csv").open("rb") as source, (folder / f"{name}.csv").open("ab") as target:
            source.readline()  # the BOM and the header (a header cell never holds a line break)
            shutil.copyfileobj(source, target, 1 << 20)  # as bytes: both halves are UTF-8
    entities: dict[str, list[str]] = {}
    header: list[str] = []
    for source in (folder, part):
        with (source / "entities.csv").open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            for row in reader:
                entities.setdefault(row[0], row)
    with (folder / "entities.csv").open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(sorted(entities.values(), key=lambda row: unsafe(row[1])))


def write_parquet(
    folder: Path, items: Iterable[Item], book: cb.Codebook, kinds: tuple[str, ...] = (), *, group: int = 10_000
) -> int:
    """The same tables as Parquet files in `folder`, a row group of `group` rows at a time. Columns are typed:
    offsets and counts as integers, number fields as floats, yes/no fields as booleans, everything else as
    text (no apostrophes: Parquet is read by programs, not spreadsheets)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    types = {name: pa.float64() for name, _, f in field_columns(book, kinds) if f.type == "number"}
    types |= {name: pa.bool_() for name, _, f in field_columns(book, kinds) if f.type == "boolean"}
    types |= {f"document_{f.name}": pa.bool_() for f in book.document_fields if f.type == "boolean"}
    types |= dict.fromkeys(("start", "end", "number", "length", "seconds_spent"), pa.int64())
    schemas = {
        table: pa.schema([(c, types.get(c, pa.string())) for c in columns])
        for table, columns in headers(book, kinds).items()
    }
    buffers: dict[str, list[list[Any]]] = {table: [] for table in SHEETS}
    writers = {table: pq.ParquetWriter(folder / f"{table}.parquet", schemas[table]) for table in SHEETS}

    def flush(table: str) -> None:
        schema = schemas[table]
        columns = list(zip(*buffers[table], strict=True)) if buffers[table] else [[] for _ in schema.names]
        arrays = [
            pa.array([_typed(v, schema.field(i).type) for v in column], type=schema.field(i).type)
            for i, column in enumerate(columns)
        ]
        writers[table].write_table(pa.Table.from_arrays(arrays, schema=schema))
        buffers[table].clear()

    documents = 0
    try:
        for table, row in rows(items, book, kinds, _joined_lists):
            buffers[table].append(row)
            documents += table == "documents"
            if len(buffers[table]) >= (group // 20 if table == "documents" else group):  # documents hold their text
                flush(table)
        for table in SHEETS:
            if buffers[table]:
                flush(table)
    finally:
        for writer in writers.values():
            writer.close()
    return documents


def _typed(value: Any, kind) -> Any:
    import pyarrow as pa

    if value is None or value == "":
        return None
    if kind == pa.string():
        return str(value)
    if kind == pa.float64():
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    if kind == pa.bool_():
        return value if isinstance(value, bool) else {"yes": True, "no": False}.get(str(value))
    return value


def _fits_cell(value: Any) -> Any:
    if isinstance(value, str) and len(value) > EXCEL_CELL:
        return value[: EXCEL_CELL - 40] + "…[cut: Excel cells hold 32,767 characters]"
    return value


# What a worksheet cannot hold as it is: control characters XML 1.0 refuses (and the two non-characters),
# written as Excel's own escape `_xHHHH_`, and so an underscore that would read as the start of one.
_NOT_IN_CELLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_CELL_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def cell_text(value: str) -> str:
    """The text as a worksheet cell holds it (Excel shows the original)."""
    return _NOT_IN_CELLS.sub(lambda m: "_x005F_" if m.group() == "_" else f"_x{ord(m.group()):04X}_", value)


def from_cell(value: Any) -> Any:
    """The text `cell_text` was given."""
    if type(value) is not str or "_x" not in value:
        return value
    return _CELL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)


def _text_cell(sheet, value: Any) -> Any:
    """A value as a workbook cell: text escaped where a worksheet cannot hold it as it is; and a text
    starting with "=" (which openpyxl would store as a formula) in a cell typed as text, which Excel shows as
    it is and never evaluates."""
    if type(value) is not str:
        return value
    if _NOT_IN_CELLS.search(value):
        value = cell_text(value)
    if not value.startswith("="):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell


def write_xlsx(path: Path, items: Iterable[Item], book: cb.Codebook, kinds: tuple[str, ...] = ()) -> int:
    """One workbook with a sheet per table, written in openpyxl's streaming mode; returns the documents."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheets = {name: workbook.create_sheet(name) for name in SHEETS}
    for name, header in headers(book, kinds).items():
        sheets[name].append(header)
    documents = 0
    try:
        for table, row in rows(items, book, kinds):
            sheets[table].append([_text_cell(sheets[table], _fits_cell(value)) for value in row])
            documents += table == "documents"
        workbook.save(path)
    except BaseException:
        for sheet in sheets.values():  # each sheet's streaming writer closed here: left to the garbage
            with contextlib.suppress(Exception):  # collector, it meets the same error (a full disk) again and
                sheet.close()  # prints it as an "exception ignored" traceback behind the real message
        raise
    return documents
