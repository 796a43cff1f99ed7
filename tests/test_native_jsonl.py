"""The native JSON Lines export: its two builders agree, and it is valid, complete JSON."""

from __future__ import annotations

import io
import json

from annotator.io import native_jsonl
from annotator.services import annotations, annotators, documents, entities, importing, projects

from .conftest import kill_workers

TRICKY = 'He said "快手\\电商"\t𠮷野家\x01\u2028 50% <b>&amp;</b>\n第二行'


def _export(project, **options) -> str:
    out = io.StringIO()
    native_jsonl.export(project, out, **options)
    return out.getvalue()


def test_sqlite_and_python_builders_write_the_same_bytes(sqlite_project, tmp_path):
    project = sqlite_project
    (tmp_path / "a.txt").write_text(TRICKY, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    alice = annotators.ensure(project, "alice 李")
    doc = documents.list_documents(project)[0].id
    ent = entities.create_entity(project, annotator_id=alice, name="快手", aliases=["Kuaishou"]).first("entity")
    for start in range(0, len(TRICKY) - 3, 3):
        annotations.create_annotation(
            project,
            annotator_id=alice,
            document_id=doc,
            kind="figure",
            start=start,
            end=start + 3,
            fields={"unit": TRICKY[start : start + 3], "normalised_value": 1.5e11 + start},
        )
    annotations.create_annotation(
        project, annotator_id=alice, document_id=doc, kind="stakeholder", start=9, end=11, fields={"entity": ent["id"]}
    )

    by_sqlite = _export(project, sql_json=True)
    by_python = _export(project, sql_json=False)
    assert by_sqlite == by_python
    (line,) = by_sqlite.rstrip("\n").split("\n")  # JSON Lines ends lines with \n only (U+2028 stays inside)
    record = json.loads(line)
    assert record["text"] == TRICKY
    for ann in record["annotations"]:
        assert TRICKY[ann["start"] : ann["end"]] == ann["text"]
    (stakeholder,) = [a for a in record["annotations"] if a["kind"] == "stakeholder"]
    assert stakeholder["fields"] == {"entity": ent["uid"]}
    assert {a["annotator"] for a in record["annotations"]} == {"alice 李"}
    assert record["entities"] == [
        {"id": ent["uid"], "name": "快手", "type": None, "notes": "", "aliases": ["快手", "Kuaishou"]}
    ]


def _seven_articles(project, folder) -> None:
    for i in range(7):
        (folder / f"{i}.txt").write_text(f"第{i}篇：快手电商负责人表示，平台新增商家。", encoding="utf-8")
    importing.import_paths(project, [folder])
    alice = annotators.ensure(project, "alice")
    for doc in documents.list_documents(project):
        annotations.create_annotation(project, annotator_id=alice, document_id=doc.id, kind="stakeholder", start=3, end=5)


def test_split_export_joins_into_the_same_file(project, tmp_path):
    """A large export writes its second half in a worker process; joined, it equals the one-process file."""
    _seven_articles(project, tmp_path)
    whole = _export(project, parallel=False)
    assert _export(project, parallel=True) == whole
    assert _export(project, parallel=True, document_ids=[2, 5, 6]) == "".join(
        line + "\n" for i, line in enumerate(whole.splitlines()) if i + 1 in (2, 5, 6)
    )


def test_a_split_export_whose_worker_is_killed_is_finished_here(project, tmp_path):
    """As the kernel kills a process when memory runs out: the second half is written by the exporting
    process, and the file is the same."""
    _seven_articles(project, tmp_path)
    whole = _export(project, parallel=False)
    killed = []

    def progress(done, total):  # the first half written: the worker (spawned, still starting) is killed
        if not killed:
            killed.extend(kill_workers())

    assert _export(project, parallel=True, progress=progress) == whole
    assert killed


def test_a_line_whose_times_are_not_times_is_refused_and_the_others_imported(sqlite_project, tmp_path):
    (tmp_path / "a.txt").write_text("快手电商表示，平台新增商家超过30万家。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("淘宝称，交易额同比增长18.5%。", encoding="utf-8")
    importing.import_paths(sqlite_project, [tmp_path])
    alice = annotators.ensure(sqlite_project, "alice")
    for doc in (1, 2):
        annotations.create_annotation(sqlite_project, annotator_id=alice, document_id=doc, kind="claim", start=0, end=4)
    first, second = _export(sqlite_project).rstrip("\n").split("\n")
    record = json.loads(first)
    record["annotations"][0]["created_at"] = "0-12-0T0:51:01.0"  # found by fuzzing: once an unhandled error
    (tmp_path / "in.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n" + second + "\n", encoding="utf-8")
    target = projects.init_project(tmp_path / "other.sqlite")
    results = importing.import_paths(target, [tmp_path / "in.jsonl"], importing.Options(format="jsonl")).results
    assert [r.status for r in results] == ["refused", "imported"]
    assert "'0-12-0T0:51:01.0' is not a time" in results[0].message
    assert [d.title for d in documents.list_documents(target)] == [json.loads(second)["title"]]
    target.close()
