"""Label Studio's JSON export: a list of tasks `{"id", "data": {"text", …}, "annotations": [{"result": […]}]}`
(or `"predictions"`, for data to be reviewed there). Each coder's work is one annotation of the task. A span
is a `labels` result; its field values are per-region results under the same id (`textarea` for text and
numbers, `choices` for choices and booleans), named `KIND_FIELD`; links are `relation` results. `config`
writes the labelling configuration that names every one of those controls, for the project that takes them.

Coders: Label Studio takes an annotation's `completed_by` only as one of its members (an id, or
`{"email": …}`), so it is written only for a coder whose name is an email address, and each result carries
the coder's name as `annotator`, which Label Studio keeps with the result and gives back in its exports.

Offsets are UTF-16 code units, as Label Studio counts them in the browser: after 𠮷 (outside the BMP) they
are one more than the code points the project stores.

`read` takes an export back (this one's, or Label Studio's own, which lists predictions by id only),
checking every span against its text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from annotator.core import codebook as cb
from annotator.core.text.offsets import Utf16Map
from annotator.io.dataset import Item, Span
from annotator.io.records import Mark, Record, RecordError, check, encoding_of


def _region(span: Span, utf16: Utf16Map) -> tuple[str, dict, dict]:
    region = span.id  # any string will do for Label Studio; the whole id lets a re-import keep it
    position = {"start": utf16.to_utf16(span.start), "end": utf16.to_utf16(span.end)}
    return region, position, {"text": span.text, **position}


def _field_results(item: Item, span: Span, region: str, position: dict, book: cb.Codebook) -> list[dict]:
    """A span's field values as per-region results: choices for choice, multi-choice and yes/no fields,
    text for the others (an entity field gives the entity's name). Links travel as relations instead."""
    if span.kind not in book.kind_names:
        return []
    out = []
    for f in book.kind(span.kind).fields:
        value = span.fields.get(f.name)
        if value in (None, "", []) or f.is_link:
            continue
        base = {"id": region, "from_name": f"{span.kind}_{f.name}", "to_name": "text", "annotator": span.annotator}
        if f.type in ("choice", "multi_choice", "boolean"):
            chosen = value if isinstance(value, list) else ["yes" if value is True else "no" if value is False else value]
            out.append({**base, "type": "choices", "value": {**position, "choices": [str(c) for c in chosen]}})
        else:
            shown = item.entities[value]["name"] if f.is_entity else value
            out.append({**base, "type": "textarea", "value": {**position, "text": [str(shown)]}})
    return out


def _results(item: Item, coder: str, utf16: Utf16Map, book: cb.Codebook) -> list[dict]:
    results = []
    regions = {}
    for span in item.spans:
        if span.annotator != coder:
            continue
        region, position, value = _region(span, utf16)
        regions[span.id] = region
        results.append(
            {
                "id": region,
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {**value, "labels": [span.kind]},
                "origin": span.origin,
                "annotator": coder,
            }
        )
        results += _field_results(item, span, region, position, book)
    for link in item.links:
        if link.annotator == coder and link.source in regions and link.target in regions:
            results.append(
                {
                    "from_id": regions[link.source],
                    "to_id": regions[link.target],
                    "type": "relation",
                    "direction": "right",
                    "labels": [link.type],
                    "annotator": coder,
                }
            )
    return results


def config(book: cb.Codebook) -> str:
    """The labelling configuration that names every control our results use: the kinds as `label`, the link
    fields as relations, and per kind, shown while one of its regions is selected, a `KIND_FIELD` control per
    field (choices for choice, multi-choice and yes/no fields, a text area for the others)."""
    parts = ["<View>", '  <Labels name="label" toName="text">']
    parts += [f"    <Label{_attrs(value=kind.name, background=kind.colour)}/>" for kind in book.kinds]
    parts += ["  </Labels>", '  <Text name="text" value="$text"/>', "  <Relations>"]
    links = dict.fromkeys(f.name for kind in book.kinds for f in kind.fields if f.is_link)
    parts += [f"    <Relation{_attrs(value=name)}/>" for name in links]
    parts.append("  </Relations>")
    for kind in book.kinds:
        controls = []
        for f in kind.fields:
            name = {"name": f"{kind.name}_{f.name}", "toName": "text", "perRegion": "true"}
            if f.type in ("choice", "multi_choice", "boolean"):
                values = f.choices if f.type != "boolean" else ("yes", "no")
                choice = "multiple" if f.type == "multi_choice" else "single"
                controls.append(f"    <Choices{_attrs(**name, choice=choice)}>")
                controls += [f"      <Choice{_attrs(value=value)}/>" for value in values]
                controls.append("    </Choices>")
            elif not f.is_link:
                controls.append(f"    <TextArea{_attrs(**name, maxSubmissions='1', placeholder=f.label or f.name)}/>")
        if controls:
            shown = {"visibleWhen": "region-selected", "whenTagName": "label", "whenLabelValue": kind.name}
            parts += [f"  <View{_attrs(**shown)}>", *controls, "  </View>"]
    parts.append("</View>")
    return "\n".join(parts) + "\n"


def _attrs(**values: str) -> str:
    return "".join(f" {k}={quoteattr(str(v))}" for k, v in values.items())


def write(path: Path, items: Iterable[Item], book: cb.Codebook, *, predictions: bool = False) -> int:
    """A JSON list written task by task (constant memory); with `predictions`, each coder's work is a
    prediction (model_version: the coder) instead of an annotation."""
    documents = 0
    key = "predictions" if predictions else "annotations"
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("[")
        for item in items:
            utf16 = Utf16Map(item.text)
            coders = sorted({s.annotator for s in item.spans} | {link.annotator for link in item.links})
            work = []
            for number, coder in enumerate(coders, start=1):
                entry: dict[str, Any] = {"id": number, "result": _results(item, coder, utf16, book)}
                if predictions:
                    entry["model_version"] = coder
                elif "@" in coder:  # a member's email: Label Studio gives the annotation to that member
                    entry["completed_by"] = {"email": coder}
                work.append(entry)
            task = {
                "id": item.number,
                "data": {
                    "text": item.text,
                    "title": item.title,
                    "document_id": item.id,
                    "outlet": item.outlet,
                    "published": item.published,
                },
                key: work,
            }
            out.write(("," if documents else "") + "\n" + json.dumps(task, ensure_ascii=False))
            documents += 1
        out.write("\n]\n")
    return documents


def read(path: Path) -> Iterator[Record | RecordError]:
    """Every task of a Label Studio JSON export as a record, or the reason it was refused. Offsets are read as
    UTF-16 code units and turned into code points; a span's `text`, when given, must be the text at its
    offsets. Each annotation (or prediction) of a task gives its coder's spans (`completed_by`, or the
    model version); per-region `KIND_FIELD` results give their field values."""
    try:
        tasks = json.loads(path.read_text(encoding=encoding_of(path)))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        yield RecordError(f"{path.name}: not a Label Studio JSON export ({exc})")
        return
    if not isinstance(tasks, list):
        yield RecordError(f"{path.name}: a Label Studio export is a list of tasks")
        return
    for number, task in enumerate(tasks, start=1):
        where = f"{path.name}: task {task.get('id', number) if isinstance(task, dict) else number}"
        try:
            yield _task(task, where)
        except RecordError as exc:
            yield exc


def _coder(work: dict, results: list[dict]) -> str | None:
    """Whose work an annotation (or prediction) is: the name our results carry, else the member Label
    Studio names (an object with an email, or an id), else the model version of a prediction."""
    named = next((r["annotator"] for r in results if isinstance(r.get("annotator"), str) and r["annotator"]), None)
    if named:
        return named
    who = work.get("completed_by") or work.get("model_version")
    if isinstance(who, dict):
        who = who.get("email") or who.get("username") or who.get("id")
    if isinstance(who, int) and not isinstance(who, bool):
        return f"label-studio-user-{who}"
    return None if who in (None, "") else str(who)


def _task(task: Any, where: str) -> Record:
    data = task.get("data") if isinstance(task, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise RecordError(f"{where}: no data.text")
    text = data["text"]
    utf16 = Utf16Map(text)
    meta = {k: v for k, v in data.items() if k != "text"}
    record = Record(where, text, meta={"task": task.get("id"), **meta})
    skipped: dict[str, int] = {}
    work_of_task = (task.get("annotations") or []) + (task.get("predictions") or [])
    by_id = [w for w in work_of_task if not isinstance(w, dict)]
    if by_id:  # Label Studio's own export lists a task's predictions by their ids
        record.notes.append(f"{len(by_id)} prediction(s) given only by their Label Studio ids: not read")
    for work in (w for w in work_of_task if isinstance(w, dict)):
        results = [r for r in work.get("result") or [] if isinstance(r, dict)]
        coder = _coder(work, results)
        regions: dict[Any, list[int]] = {}
        for result in results:
            if result.get("type") != "labels":
                continue
            value = result.get("value") or {}
            try:
                start, end = utf16.from_utf16(int(value["start"])), utf16.from_utf16(int(value["end"]))
                labels = [str(label) for label in value["labels"]] or [""]
            except (KeyError, TypeError, ValueError):
                raise RecordError(f"{where}: result {result.get('id')} lacks start, end or labels") from None
            for label in labels:
                mark = check(record, Mark(label, start, end), ident=result.get("id"), shown=value.get("text"))
                mark.annotator = coder
                mark.uid = str(result.get("id"))
                mark.origin = result.get("origin")
                regions.setdefault(result.get("id"), []).append(len(record.marks))
                record.marks.append(mark)
        for result in results:
            kind = result.get("type")
            if kind == "relation":
                try:
                    source, target = regions[result["from_id"]][0], regions[result["to_id"]][0]
                except KeyError:
                    raise RecordError(f"{where}: a relation links a region the task lacks") from None
                record.relations.append((source, target, str((result.get("labels") or [""])[0])))
            elif kind in ("choices", "textarea", "number") and result.get("id") in regions:
                for index in regions[result["id"]]:
                    mark = record.marks[index]
                    name = str(result.get("from_name", ""))
                    name = name[len(mark.label) + 1 :] if name.startswith(f"{mark.label}_") else name
                    value = result.get("value") or {}
                    got = value.get("choices") if kind == "choices" else value.get("number", value.get("text"))
                    mark.fields[name] = got[0] if isinstance(got, list) and len(got) == 1 and kind != "choices" else got
            elif kind != "labels":
                skipped[str(kind)] = skipped.get(str(kind), 0) + 1
    record.notes += [f"{n} {kind} result(s) not read (not spans or their fields)" for kind, n in skipped.items()]
    return record
