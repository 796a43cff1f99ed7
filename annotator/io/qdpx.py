"""REFI-QDA project exchange (`.qdpx`), which qualitative-analysis software (ATLAS.ti, MAXQDA, NVivo,
QualCoder…) imports: a zip of `project.qde` (the project as QDA-XML, urn:QDA-XML:project:1.0) and
`sources/` with each article's plain text.

- Codes: one per kind (colour from the codebook), with a child code per choice value (`type: factual`),
  so that the values coders chose can be retrieved as codes.
- Sources: one TextSource per document (its uid as GUID); each annotation a PlainTextSelection (its uid as
  GUID, positions in characters), coded with its kind's code and its choice values' codes, by its coder
  (a User); other field values (text, numbers, periods, entity names) in the selection's Description, a
  `field: value` line each, the value escaped so that any text survives (`field_text`).
- Links: the link fields (claimant, evidence…) between selections, one way.
- Variables: the outlet and publication date, and each coder's document fields, on the TextSource.

Beside it, `taguette_codebook` gives the codebook as Taguette's codebook CSV.
"""

from __future__ import annotations

import csv
import io
import tempfile
import uuid
import zipfile
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from annotator.core import codebook as cb
from annotator.core.uids import file_stem, usable
from annotator.io import field_text
from annotator.io.dataset import Item

NAMESPACE = "urn:QDA-XML:project:1.0"
_SEED = uuid.UUID("8f0e8d0c-6a1e-4f61-9b9a-2f1f4d9e7a01")  # GUIDs made from names are stable across exports


def guid(*names: str) -> str:
    return str(uuid.uuid5(_SEED, "/".join(names)))


def _attrs(**values) -> str:
    return "".join(f" {k}={quoteattr(str(v))}" for k, v in values.items() if v is not None)


def _codebook(book: cb.Codebook) -> str:
    parts = ["<CodeBook><Codes>"]
    for kind in book.kinds:
        parts.append(f"<Code{_attrs(guid=guid('kind', kind.name), name=kind.label, isCodable='true', color=kind.colour)}>")
        parts.append(f"<Description>{escape(kind.name)}</Description>")
        for f in kind.fields:
            values = f.choices if f.type in ("choice", "multi_choice") else ("yes", "no") if f.type == "boolean" else ()
            for value in values:
                name = f"{f.label}: {f.choice_label(value) if f.type != 'boolean' else value}"
                parts.append(f"<Code{_attrs(guid=guid('value', kind.name, f.name, value), name=name, isCodable='true')}>")
                parts.append(f"<Description>{escape(f'{kind.name}.{f.name}.{value}')}</Description></Code>")
        parts.append("</Code>")
    parts.append("</Codes></CodeBook>")
    return "".join(parts)


def taguette_codebook(book: cb.Codebook) -> str:
    """Taguette's codebook CSV (`tag,description`), which its Import codebook takes: a tag per kind and per
    choice value (`claim.type.factual`: Taguette shows dotted names as a tree), so a Taguette user starts
    with our codebook; Taguette imports no highlights, so the spans stay in the .qdpx."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["tag", "description"])
    for kind in book.kinds:
        writer.writerow([kind.name, kind.label])
        for f in kind.fields:
            values = f.choices if f.type in ("choice", "multi_choice") else ("yes", "no") if f.type == "boolean" else ()
            for value in values:
                shown = f.choice_label(value) if f.type != "boolean" else value
                writer.writerow([f"{kind.name}.{f.name}.{value}", f"{kind.label}: {f.label}: {shown}"])
    return out.getvalue()


def _variables(names: list[str]) -> str:
    rows = "".join(f"<Variable{_attrs(guid=guid('variable', n), name=n, typeOfVariable='Text')}/>" for n in names)
    return f"<Variables>{rows}</Variables>"


def _value_codes(kind: cb.Kind, fields: dict, entity_name) -> tuple[list[str], list[tuple[str, str]]]:
    """(codes of the choice values, (field, value) of the other values) of one annotation."""
    codes, lines = [], []
    for f in kind.fields:
        value = fields.get(f.name)
        if value in (None, "", []) or f.is_link:
            continue
        if f.type in ("choice", "multi_choice"):
            codes += [guid("value", kind.name, f.name, v) for v in (value if isinstance(value, list) else [value])]
        elif f.type == "boolean":
            codes.append(guid("value", kind.name, f.name, "yes" if value else "no"))
        else:
            lines.append((f.name, str(entity_name(value) if f.is_entity else value)))
    return codes, lines


def _entity_name(item: Item, uid: str) -> str:
    return item.entities[uid]["name"]


def write(path: Path, items: Iterable[Item], book: cb.Codebook, coders: list[str], project_name: str) -> int:
    """Write the .qdpx zip; `coders` are the Users (every coder whose work may appear)."""
    variables = ["outlet", "published", *[f"{f.name} ({coder})" for coder in coders for f in book.document_fields]]
    links: list[str] = []
    documents = 0
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as sources_xml,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for item in items:
            stem = file_stem(item.id)  # a member name, never a path out of the archive
            source_guid = usable(item.id) or guid("document", item.id)
            archive.writestr(f"sources/{stem}.txt", item.text.encode("utf-8"))
            sources_xml.write(
                f"<TextSource{_attrs(guid=source_guid, name=item.title or item.id, plainTextPath=f'internal://{stem}.txt')}>"
            )
            for span in item.spans:
                kind = book.kind(span.kind) if span.kind in book.kind_names else None
                entity_name = partial(_entity_name, item)
                codes, lines = _value_codes(kind, span.fields, entity_name) if kind else ([], [])
                user = guid("user", span.annotator)
                selection = _attrs(
                    guid=span.id, name=span.text[:100], startPosition=span.start, endPosition=span.end, creatingUser=user
                )
                sources_xml.write(f"<PlainTextSelection{selection}>")
                if lines:
                    sources_xml.write(f"<Description>{escape(field_text.encode(lines, chr(10)))}</Description>")
                for code in [guid("kind", span.kind), *codes]:
                    coding = guid("coding", span.id, code)
                    sources_xml.write(
                        f'<Coding{_attrs(guid=coding, creatingUser=user)}><CodeRef targetGUID="{code}"/></Coding>'
                    )
                sources_xml.write("</PlainTextSelection>")
            values = {"outlet": item.outlet, "published": item.published}
            for coder, code in item.codes.items():
                for f in book.document_fields:
                    value = code["fields"].get(f.name)
                    if value not in (None, "", []):
                        values[f"{f.name} ({coder})"] = "; ".join(value) if isinstance(value, list) else value
            for name, value in values.items():
                if value not in (None, "") and name in variables:
                    sources_xml.write(
                        f'<VariableValue><VariableRef targetGUID="{guid("variable", name)}"/>'
                        f"<TextValue>{escape(str(value))}</TextValue></VariableValue>"
                    )
            sources_xml.write("</TextSource>")
            for link in item.links:
                ends = _attrs(originGUID=link.source, targetGUID=link.target)
                links.append(f"<Link{_attrs(guid=link.id, name=link.type, direction='OneWay')}{ends}/>")
            documents += 1
        sources_xml.seek(0)
        with archive.open("project.qde", "w") as qde:
            head = (
                '<?xml version="1.0" encoding="utf-8"?>\n'
                f'<Project xmlns="{NAMESPACE}"{_attrs(name=project_name, origin="Annotator")}>'
                + (
                    "<Users>" + "".join(f"<User{_attrs(guid=guid('user', c), name=c)}/>" for c in coders) + "</Users>"
                    if coders
                    else ""
                )
                + _codebook(book)
                + _variables(variables)
            )
            qde.write(head.encode("utf-8"))
            qde.write(b"<Sources>" if documents else b"")
            while chunk := sources_xml.read(1 << 16):
                qde.write(chunk.encode("utf-8"))
            qde.write(b"</Sources>" if documents else b"")
            if links:
                qde.write(("<Links>" + "".join(links) + "</Links>").encode("utf-8"))
            qde.write(b"</Project>\n")
    return documents
