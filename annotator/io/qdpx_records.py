"""Reading a REFI-QDA project (`.qdpx`) as records: each TextSource a document (its text from `sources/` or
inline PlainTextContent), each PlainTextSelection a span per code it is coded with, by its creating User.

Ours come back whole: a kind's code is known by its Description (the kind's name), a choice value's code
(a child of the kind's code, Description `kind.field.value`) becomes that field's value, the selection's
Description lines `field: value` (escaped, see field_text) the other values, Links the link fields, the
outlet and publication date Variables the document's. From other software, a code's name is the label the
importer maps to a kind, and a selection's Description (a memo) the field `note`.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

from annotator.io import field_text
from annotator.io.qdpx import NAMESPACE
from annotator.io.records import Mark, Record, RecordError, check
from annotator.io.zip_guard import UnsafeArchive, check_archive

_NS = {"q": NAMESPACE}
_VALUE = re.compile(r"^([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\.(.+)$")
_CODER_FIELD = re.compile(r"^([a-z][a-z0-9_]*) \((.+)\)$")


def _codes(root: ET.Element, ours: bool) -> tuple[dict[str, str], dict[str, tuple[str, str, str]]]:
    """(label of each code, kind/field/value of each choice-value code). Value codes only in our exports."""
    labels, values = {}, {}

    def walk(code: ET.Element, parent: str | None) -> None:
        described = (code.findtext("q:Description", default="", namespaces=_NS) or "").strip()
        value = _VALUE.match(described) if ours and parent else None
        if value:
            values[code.get("guid")] = value.groups()
        else:
            labels[code.get("guid")] = described if ours and described else code.get("name", "")
        for child in code.findall("q:Code", _NS):
            walk(child, code.get("guid"))

    for code in root.findall("q:CodeBook/q:Codes/q:Code", _NS):
        walk(code, None)
    return labels, values


def read(path: Path) -> Iterator[Record | RecordError]:
    try:
        check_archive(path, "REFI-QDA project")
        archive = zipfile.ZipFile(path)
        root = ET.fromstring(archive.read("project.qde"))
    except UnsafeArchive as exc:
        yield RecordError(f"{path.name}: {exc}")
        return
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError) as exc:
        yield RecordError(f"{path.name}: not a REFI-QDA project ({exc})")
        return
    with archive:
        ours = root.get("origin") == "Annotator"
        labels, values = _codes(root, ours)
        users = {u.get("guid"): u.get("name") for u in root.findall("q:Users/q:User", _NS)}
        variables = {v.get("guid"): v.get("name") for v in root.findall("q:Variables/q:Variable", _NS)}
        links = [
            (link.get("originGUID"), link.get("targetGUID"), link.get("name", ""), link.get("guid"))
            for link in root.findall("q:Links/q:Link", _NS)
        ]
        for source in root.findall("q:Sources/q:TextSource", _NS):
            try:
                yield _record(path, archive, source, labels, values, users, variables, links)
            except RecordError as exc:
                yield exc


def _text(archive: zipfile.ZipFile, source: ET.Element, where: str) -> str:
    inline = source.find("q:PlainTextContent", _NS)
    if inline is not None:
        return inline.text or ""
    target = source.get("plainTextPath", "")
    name = "sources/" + target.removeprefix("internal://") if target.startswith("internal://") else None
    if name is None or name not in archive.namelist():
        raise RecordError(f"{where}: its text {target!r} is not in the project")
    try:
        return archive.read(name).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RecordError(f"{where}: its text {name} is not UTF-8") from None


def _record(path, archive, source, labels, values, users, variables, links) -> Record:
    where = f"{path.name}: source {source.get('name') or source.get('guid')}"
    record = Record(
        where, _text(archive, source, where), meta={"document_id": source.get("guid"), "title": source.get("name")}
    )
    for value in source.findall("q:VariableValue", _NS):
        name = variables.get(value.find("q:VariableRef", _NS).get("targetGUID"))
        text = value.findtext("q:TextValue", namespaces=_NS)
        if name in ("outlet", "published"):
            record.meta[name] = text
        elif name and (match := _CODER_FIELD.match(name)):  # ours: a coder's document field, "genre (alice)"
            code = record.meta.setdefault("codes", {}).setdefault(match.group(2), {"status": None, "fields": {}})
            code["fields"][match.group(1)] = text
    index: dict[str, int] = {}
    for selection in source.findall("q:PlainTextSelection", _NS):
        try:
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        except (TypeError, ValueError):
            raise RecordError(f"{where}: selection {selection.get('guid')} has no start or end position") from None
        refs = [ref.get("targetGUID") for ref in selection.findall("q:Coding/q:CodeRef", _NS)]
        described = selection.findtext("q:Description", default="", namespaces=_NS) or ""
        decoded = field_text.decode(described, "\n") if described else {}
        fields: dict[str, object] = dict(decoded) if decoded is not None else {"note": described}
        chosen = [values[r] for r in refs if r in values]
        for ref in (r for r in refs if r in labels):
            mark = check(record, Mark(labels[ref], start, end), ident=selection.get("guid"))
            mark.annotator = users.get(selection.get("creatingUser"))
            mark.uid = selection.get("guid")
            mark.fields = dict(fields)
            for kind, name, value in chosen:
                if kind == mark.label:
                    previous = mark.fields.get(name)
                    mark.fields[name] = (
                        value if previous is None else [*(previous if isinstance(previous, list) else [previous]), value]
                    )
            index.setdefault(selection.get("guid"), len(record.marks))
            record.marks.append(mark)
        unknown = [r for r in refs if r not in labels and r not in values]
        if unknown:
            record.notes.append(f"selection {selection.get('guid')}: {len(unknown)} coding(s) name codes the project lacks")
    for origin, target, name, ident in links:
        if origin in index and target in index:
            record.relation_ids[len(record.relations)] = ident
            record.relations.append((index[origin], index[target], name))
    return record
