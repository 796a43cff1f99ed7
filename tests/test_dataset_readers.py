"""Reading pre-annotated files back: the real doccano and Label Studio exports in ../shared, our own
exports (offsets after 𠮷 included), and records that must be refused with their reason."""

from __future__ import annotations

import json

import pytest

from annotator.io import doccano, label_studio
from annotator.io.records import Record, RecordError
from annotator.services import annotations, exporting, importing

from .conftest import SHARED

DATASETS = SHARED / "datasets"


def _records(reader, path):
    results = list(reader(path))
    refused = [r for r in results if isinstance(r, RecordError)]
    return [r for r in results if isinstance(r, Record)], refused


def test_the_real_doccano_export_reads_whole():
    path = DATASETS / "doccano_export" / "doccano_ext.jsonl"
    if not path.exists():
        pytest.skip("../shared is not beside the repository")
    records, refused = _records(doccano.read, path)
    assert len(records) == 22 and refused == []
    assert sum(len(r.marks) for r in records) > 100 and any(r.relations for r in records)
    first = records[0]
    assert first.text[3:12] == "顺义区李桥镇后桥村" and first.marks[0].span == ("地点", 3, 12)


def test_the_real_label_studio_export_reads_whole_and_every_span_matches_its_text():
    path = DATASETS / "label_studio_export" / "label_studio.json"
    if not path.exists():
        pytest.skip("../shared is not beside the repository")
    records, refused = _records(label_studio.read, path)
    assert len(records) == 121 and refused == []
    first = records[0]
    assert ("武器名称", 2, 15) in [m.span for m in first.marks] and first.text[2:15] == "P-59“空中彗星”战斗机"
    assert any(rel[2] == "产国" for rel in first.relations)


def test_our_exports_read_back_with_the_same_spans(project, alice, tmp_path):
    text = "标题\n𠮷野家與快手電商合作，交易額同比增長18.5%。"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    importing.import_paths(project, [tmp_path / "a.txt"])
    for piece, kind in (("快手電商", "stakeholder"), ("18.5%", "figure")):
        start = text.index(piece)
        annotations.create_annotation(
            project, annotator_id=alice, document_id=1, kind=kind, start=start, end=start + len(piece)
        )
    expected = {("stakeholder", "快手電商"), ("figure", "18.5%")}
    for fmt, reader in (("doccano", doccano.read), ("label-studio", label_studio.read)):
        path = tmp_path / f"out.{fmt}"
        exporting.export_to_file(project, path, format=fmt)
        [record], refused = _records(reader, path)
        assert refused == [] and {(m.label, record.text[m.start : m.end]) for m in record.marks} == expected


def test_bad_records_are_refused_with_their_reason(tmp_path):
    path = tmp_path / "bad.jsonl"
    lines = [
        {"id": 1, "text": "快手电商", "entities": [{"id": 1, "label": "x", "start_offset": 2, "end_offset": 9}]},
        "not json",
        {"id": 3, "entities": []},
        {"id": 4, "text": "好", "entities": [], "relations": [{"id": 1, "from_id": 5, "to_id": 6, "type": "t"}]},
        {"id": 5, "text": "快手电商", "entities": [{"id": 1, "label": "平台", "start_offset": 0, "end_offset": 2}]},
    ]
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines),
        encoding="utf-8",
    )
    records, refused = _records(doccano.read, path)
    assert [[m.span for m in r.marks] for r in records] == [[("平台", 0, 2)]]
    assert [str(e) for e in refused] == [
        "bad.jsonl:1: span 1 [2, 9) is outside the text (4 characters)",
        "bad.jsonl:2: not JSON (Expecting value)",
        "bad.jsonl:3: a record needs a text",
        "bad.jsonl:4: relation 1 links an entity the record lacks",
    ]
    tasks = tmp_path / "ls.json"
    tasks.write_text(
        json.dumps(
            [
                {
                    "id": 7,
                    "data": {"text": "快手电商"},
                    "annotations": [
                        {
                            "result": [
                                {
                                    "id": "a",
                                    "type": "labels",
                                    "value": {"start": 0, "end": 2, "text": "电商", "labels": ["平台"]},
                                }
                            ]
                        }
                    ],
                }
            ]
        ),
        encoding="utf-8",
    )
    _, [error] = _records(label_studio.read, tasks)
    assert str(error) == "ls.json: task 7: span a says '电商' but the text there is '快手'"
