"""Article readers by file type (DESIGN §5): each yields `Item`s, one per article, for one file.

Plain text, Markdown, HTML and Word files hold one article; CSV, TSV, Excel, JSON and JSON Lines files hold
one article per row, whose columns are found by name (or given by the user as a mapping).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.text.decoding import DecodeError, decode
from annotator.io.articles import Article, Item, SourceError, first_line_title
from annotator.io.html_text import decode_html, extract
from annotator.io.zip_guard import UnsafeArchive, check_archive

# Column names recognised for each article attribute, compared case-insensitively.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "正文", "内容", "內容", "全文"),
    "title": ("title", "headline", "标题", "標題", "题目", "題目"),
    "outlet": ("outlet", "source", "media", "publisher", "来源", "來源", "媒体", "媒體"),
    "url": ("url", "link", "链接", "鏈接", "網址", "网址"),
    "published": ("published", "date", "pubdate", "publish_date", "time", "日期", "发布时间", "發布時間", "时间", "時間"),
    "id": ("id", "doc_id", "article_id", "编号", "編號"),
}

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
TABLE_SUFFIXES = {".csv", ".tsv", ".xlsx"}
JSON_SUFFIXES = {".json", ".jsonl"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES | JSON_SUFFIXES | {".docx"}


def _decoded_item(path: Path, data: bytes, encoding: str | None, importer: str) -> tuple[Item, str | None]:
    try:
        decoded = decode_html(data, encoding) if importer == "html" else decode(data, encoding)
    except DecodeError as exc:
        return Item(str(path), error=str(exc), importer=importer), None
    return Item(str(path), decoded=decoded, importer=importer), decoded.text


def read_text_file(path: Path, data: bytes, encoding: str | None, mapping) -> Iterator[Item]:
    item, text = _decoded_item(path, data, encoding, "text")
    if text is not None:
        item.article = Article(text=text, title=first_line_title(text.replace("\r", "\n")))
    yield item


def read_html(path: Path, data: bytes, encoding: str | None, mapping) -> Iterator[Item]:
    item, markup = _decoded_item(path, data, encoding, "html")
    if markup is not None:
        title, text = extract(markup)
        item.article = Article(text=text, title=title or first_line_title(text))
    yield item


def read_docx(path: Path, data: bytes, encoding: str | None, mapping) -> Iterator[Item]:
    import docx  # python-docx; imported here so plain-text imports do not pay for it

    try:
        check_archive(data, "Word document")
    except UnsafeArchive as exc:
        yield Item(str(path), error=str(exc), importer="docx")
        return
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        yield Item(str(path), error=f"not a readable Word document ({exc.__class__.__name__}: {exc})", importer="docx")
        return
    paragraphs = []
    body = document.element.body
    for block in body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iter():
                        if cell.tag.endswith("}tc"):
                            cells.append("".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")))
                    paragraphs.append("\t".join(cells))
    text = "\n".join(paragraphs).strip("\n")
    props = document.core_properties
    meta = {k: v for k, v in {"author": props.author, "subject": props.subject}.items() if v}
    published = props.created.date().isoformat() if props.created else None
    yield Item(
        str(path),
        article=Article(text=text, title=props.title or first_line_title(text), published=published, meta=meta),
        importer="docx",
    )


def find_columns(header: list[str], mapping: dict[str, str] | None) -> dict[str, int]:
    """Column index per article attribute: the user's mapping first, then the known names."""
    lowered = [str(h or "").strip().lower() for h in header]
    found: dict[str, int] = {}
    for attr, column in (mapping or {}).items():
        if column.lower() not in lowered:
            raise SourceError(f"column {column!r} (mapped to {attr}) is not in the header {header}")
        found[attr] = lowered.index(column.lower())
    for attr, names in COLUMN_NAMES.items():
        if attr not in found:
            for name in names:
                if name in lowered:
                    found[attr] = lowered.index(name)
                    break
    if "text" not in found:
        raise SourceError(
            f"no text column: expected one of {', '.join(COLUMN_NAMES['text'])} in the header {header}, "
            f"or map one with --map text=COLUMN"
        )
    return found


@dataclass(frozen=True)
class _Table:
    """Where a table's article attributes are: the header and the column index of each attribute."""

    header: list[str]
    columns: dict[str, int]

    def item(self, label: str, row: list[Any], importer: str) -> Item:
        """The article of one row; columns that are no attribute are kept as metadata under their names."""

        def cell(attr: str) -> str | None:
            i = self.columns.get(attr)
            if i is None or i >= len(row) or row[i] is None:
                return None
            value = row[i]
            return value.isoformat() if hasattr(value, "isoformat") else str(value)

        text = cell("text")
        if not text or not text.strip():
            return Item(label, error="empty text", importer=importer)
        used = set(self.columns.values())
        meta = {
            str(self.header[i]): row[i] if isinstance(row[i], (str, int, float, bool)) else str(row[i])
            for i in range(min(len(row), len(self.header)))
            if i not in used and row[i] not in (None, "")
        }
        if cell("id"):
            meta["source_id"] = cell("id")
        article = Article(
            text=text,
            title=cell("title") or first_line_title(text),
            outlet=cell("outlet"),
            url=cell("url"),
            published=cell("published"),
            meta=meta,
        )
        return Item(label, article=article, importer=importer)


def _table(header: list[str], mapping: dict[str, str] | None) -> _Table:
    return _Table([str(h or "") for h in header], find_columns(header, mapping))


def read_delimited(path: Path, data: bytes, encoding: str | None, mapping) -> Iterator[Item]:
    item, text = _decoded_item(path, data, encoding, "csv")
    if text is None:
        yield item
        return
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        table = _table(next(rows), mapping)
        for n, row in enumerate(rows, start=2):
            if any(c.strip() for c in row):
                row_item = table.item(f"{path}:row {n}", row, "csv")
                row_item.decoded = item.decoded
                yield row_item
    except StopIteration:
        yield Item(str(path), error="empty table (no header row)", importer="csv")
    except csv.Error as exc:
        yield Item(str(path), error=f"malformed CSV: {exc}", importer="csv")


def read_xlsx(path: Path, data: bytes, encoding: str | None, mapping) -> Iterator[Item]:
    import openpyxl

    try:
        check_archive(data, "workbook")
    except UnsafeArchive as exc:
        yield Item(str(path), error=str(exc), importer="xlsx")
        return
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        yield Item(str(path), error=f"not a readable Excel workbook ({exc.__class__.__name__}: {exc})", importer="xlsx")
        return
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(c) if c is not None else "" for c in next(rows, [])]
    if not any(header):
        yield Item(str(path), error="empty workbook (no header row)", importer="xlsx")
        return
    table = _table(header, mapping)
    for n, row in enumerate(rows, start=2):
        if any(c not in (None, "") for c in row):
            yield table.item(f"{path}:row {n}", list(row), "xlsx")
    book.close()


def _json_records(path: Path, text: str) -> Iterator[tuple[int, Any]]:
    if path.suffix.lower() == ".jsonl":
        for n, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                try:
                    yield n, json.loads(line)
                except json.JSONDecodeError as exc:
                    yield n, SourceError(f"invalid JSON: {exc.msg} at column {exc.colno}")
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    if isinstance(data, dict):
        for key in ("articles", "documents", "data", "items"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        raise SourceError("expected a list of article objects")
    yield from enumerate(data, start=1)


def read_json(path: Path, data: bytes, encoding: str | None, mapping) -> Iterator[Item]:
    item, text = _decoded_item(path, data, encoding, "json")
    if text is None:
        yield item
        return
    unit = "line" if path.suffix.lower() == ".jsonl" else "record"
    try:
        for n, record in _json_records(path, text):
            label = f"{path}:{unit} {n}"
            if isinstance(record, SourceError):
                yield Item(label, error=str(record), importer="json")
                continue
            if not isinstance(record, dict):
                yield Item(label, error="not a JSON object", importer="json")
                continue
            try:
                table = _table(list(record), mapping)
            except SourceError as exc:
                yield Item(label, error=str(exc), importer="json")
                continue
            row = [
                v if isinstance(v, (str, int, float)) or v is None else json.dumps(v, ensure_ascii=False)
                for v in record.values()
            ]
            row_item = table.item(label, row, "json")
            row_item.decoded = item.decoded
            yield row_item
    except SourceError as exc:
        yield Item(str(path), error=str(exc), importer="json")


READERS: dict[str, Callable[..., Iterator[Item]]] = {
    **{s: read_text_file for s in TEXT_SUFFIXES},
    **{s: read_html for s in HTML_SUFFIXES},
    ".docx": read_docx,
    ".csv": read_delimited,
    ".tsv": read_delimited,
    ".xlsx": read_xlsx,
    ".json": read_json,
    ".jsonl": read_json,
}


def read(path: Path, data: bytes, encoding: str | None = None, mapping: dict[str, str] | None = None) -> Iterator[Item]:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        yield Item(
            str(path), error=f"unsupported file type {path.suffix or '(none)'}; supported: {', '.join(sorted(SUPPORTED))}"
        )
        return
    try:
        yield from reader(path, data, encoding, mapping)
    except SourceError as exc:
        yield Item(str(path), error=str(exc))
