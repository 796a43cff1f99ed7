"""The `annotator` command as users run it: real processes, real files, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from annotator.services import annotations, annotators, documents, entities
from annotator.storage.schema import SCHEMA_HEAD

from .conftest import CORPUS, SAMPLES


def run(*args, env=None, check_no_traceback=True, cwd=None):
    environment = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        cwd=cwd,
    )
    if check_no_traceback:
        assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_init_import_list_show_stats(tmp_path):
    project = tmp_path / "p.sqlite"
    assert run("init", project).returncode == 0
    proc = run("import", "--project", project, SAMPLES)
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[-1] == "4 imported, 0 duplicate, 0 refused"
    assert lines[0].startswith("imported  ") and "[utf-8, confidence 1.00]" in lines[0]

    listed = json.loads(run("list", "--project", project, "--search", "快手電商", "--json").stdout)
    assert len(listed) == 4
    shown = json.loads(run("show", listed[0]["id"], "--project", project, "--json").stdout)
    assert shown["provenance"]["quality"]["inserted_headline"] == 4 and shown["annotations"] == []
    stats = json.loads(run("stats", "--project", project, "--json").stdout)
    assert stats["documents"] == 4 and stats["documents_by_script"] == {"simplified": 3, "traditional": 1}
    assert run("show", 999, "--project", project).returncode == 1


def test_import_exit_codes_and_json_results(tmp_path):
    project = tmp_path / "p.sqlite"
    run("init", project)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00\x00binary")
    good = next(CORPUS.glob("simplified/*.txt"))
    proc = run("import", "--project", project, "--json", good, tmp_path / "bad.txt", tmp_path / "missing.txt")
    assert proc.returncode == 1
    results = json.loads(proc.stdout)["results"]
    assert [r["status"] for r in results] == ["refused", "imported", "refused"]
    assert results[0]["message"] == "no such file or folder"
    assert run("import", "--project", project, good).returncode == 0  # a duplicate is not a failure
    assert "duplicate" in run("import", "--project", project, good).stdout
    assert run("import", "--project", project, "--clean", "bogus", good).returncode == 2
    assert run("import", "--project", project, "--map", "nonsense", good).returncode == 2
    assert run("import", "--project", project, "--encoding", "klingon", good).returncode == 1
    assert run("import", "--project", tmp_path / "nope.sqlite", good).returncode == 2
    assert run("import", "--project", project, check_no_traceback=False).returncode == 2  # argparse: no paths


def test_project_from_environment_variable(tmp_path):
    project = tmp_path / "env.sqlite"
    run("init", project)
    proc = run("import", next(CORPUS.glob("traditional/*.txt")), env={"ANNOTATOR_PROJECT": str(project)})
    assert proc.returncode == 0
    assert "1 document(s)" in run("list", env={"ANNOTATOR_PROJECT": str(project)}).stdout


def test_native_jsonl_round_trip_is_identical(tmp_path, project):
    from annotator.services import importing

    importing.import_paths(project, [SAMPLES])
    alice = annotators.ensure(project, "alice")
    bob = annotators.ensure(project, "bob")
    doc = documents.list_documents(project)[0].id
    ent = entities.create_entity(project, annotator_id=alice, name="快手", aliases=["快手電商", "Kuaishou"]).first("entity")
    who = annotations.create_annotation(
        project,
        annotator_id=alice,
        document_id=doc,
        kind="stakeholder",
        start=0,
        end=2,
        fields={"entity": ent["id"], "type": "platform"},
    ).first("annotation")
    fig = annotations.create_annotation(
        project,
        annotator_id=bob,
        document_id=doc,
        kind="figure",
        start=4,
        end=8,
        fields={"value": "1758", "normalised_value": 1.758e11, "period": "2021-Q3"},
    ).first("annotation")
    annotations.create_annotation(
        project,
        annotator_id=alice,
        document_id=doc,
        kind="claim",
        start=0,
        end=10,
        fields={"claimant": who["id"], "check_worthy": True},
    )
    documents.set_document_fields(project, annotator_id=alice, document_id=doc, fields={"relevance": "relevant"})
    documents.set_status(project, annotator_id=bob, document_id=doc, status="done", add_seconds=12)
    assert fig["text"]

    first = tmp_path / "first.jsonl"
    assert run("export", "--project", project.url, "--format", "jsonl", "--output", first).returncode == 0
    copy = tmp_path / "copy.sqlite"
    run("init", copy)
    proc = run("import", "--project", copy, "--format", "jsonl", first)
    assert proc.returncode == 0, proc.stdout
    second = tmp_path / "second.jsonl"
    run("export", "--project", copy, "--output", second)
    assert first.read_bytes() == second.read_bytes()
    line = json.loads(first.read_text(encoding="utf-8").splitlines()[0])
    assert {a["annotator"] for a in line["annotations"]} == {"alice", "bob"}
    assert line["relations"][0]["type"] == "claimant" and line["entities"][0]["aliases"] == ["快手", "快手電商", "Kuaishou"]
    assert line["status"]["bob"] == {"status": "done", "seconds_spent": 12}
    # Importing the same file again adds nothing.
    again = run("import", "--project", copy, first)
    assert "0 imported, 4 duplicate" in again.stdout


def test_native_import_checks_every_span(tmp_path):
    project = tmp_path / "p.sqlite"
    run("init", project)
    bad = {
        "id": "d1",
        "text": "快手电商表示",
        "annotations": [{"kind": "stakeholder", "start": 0, "end": 2, "text": "电商", "annotator": "a"}],
    }
    good = {
        "id": "d2",
        "text": "𠮷野家表示",
        "annotations": [{"kind": "stakeholder", "start": 1, "end": 3, "text": "野家", "annotator": "a"}],
    }
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (bad, good)) + "\n", encoding="utf-8")
    proc = run("import", "--project", project, "--json", path)
    results = json.loads(proc.stdout)["results"]
    assert proc.returncode == 1
    assert (
        results[0]["status"] == "refused" and "text[0:2] is '快手' but the annotation says '电商'" in results[0]["message"]
    )
    assert results[1]["status"] == "imported"


def test_backup_and_db_commands(tmp_path):
    project = tmp_path / "p.sqlite"
    run("init", project)
    assert run("backup", "--project", project, tmp_path / "b.sqlite").returncode == 0
    assert f"schema {SCHEMA_HEAD}" in run("db", "status", "--project", tmp_path / "b.sqlite").stdout
    assert f"upgraded to schema {SCHEMA_HEAD}" in run("db", "upgrade", "--project", project).stdout
    assert run("backup", "--project", project, tmp_path / "b.sqlite").returncode == 2  # never overwrites


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="display detection is for Linux")
def test_gui_without_a_display_explains_instead_of_crashing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "--project", str(tmp_path / "x.sqlite")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 2 and "xvfb-run" in proc.stderr and "Traceback" not in proc.stderr


def test_native_import_refuses_relations_and_fields_outside_the_codebook(tmp_path):
    project = tmp_path / "p.sqlite"
    run("init", project)
    spans = [
        {"id": "c", "kind": "claim", "start": 0, "end": 4, "annotator": "a"},
        {"id": "f", "kind": "figure", "start": 4, "end": 6, "annotator": "a"},
    ]
    lines = [
        {
            "id": "d1",
            "text": "快手电商表示增长",
            "annotations": spans,
            "relations": [{"type": "claimant", "from": "c", "to": "f"}],
        },
        {"id": "d2", "text": "另一篇文章的正文", "document_fields": {"a": {"genre": "poem"}}},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n", encoding="utf-8")
    results = json.loads(run("import", "--project", project, "--json", "--format", "jsonl", path).stdout)["results"]
    assert "claim has no link field 'claimant' to a figure" in results[0]["message"]
    assert "genre must be one of" in results[1]["message"]
    assert json.loads(run("stats", "--project", project, "--json").stdout)["documents"] == 0


def test_list_filters_by_outlet_and_dates(tmp_path):
    project = tmp_path / "p.sqlite"
    run("init", project)
    table = tmp_path / "a.csv"
    table.write_text(
        "title,source,date,text\n甲,新华网,2023年1月13日,正文甲。\n乙,澎湃新闻,2023/2/1,正文乙。\n", encoding="utf-8"
    )
    run("import", "--project", project, table)
    listed = json.loads(run("list", "--project", project, "--from", "2023-01-20", "--json").stdout)
    assert [d["title"] for d in listed] == ["乙"] and listed[0]["published"] == "2023-02-01"
    assert "甲" in run("list", "--project", project, "--outlet", "新华网").stdout
    refused = run("list", "--project", project, "--to", "1/2/2023")
    assert refused.returncode == 1 and "not a date" in refused.stderr


def test_project_may_come_before_or_after_the_command(tmp_path):
    """`annotator --project P list` once fell back to the default project: the subcommand's empty default
    overwrote the option given before it."""
    chosen, other = tmp_path / "chosen.sqlite", tmp_path / "other.sqlite"
    for path in (chosen, other):
        assert run("init", path).returncode == 0
    (tmp_path / "a.txt").write_text("快手电商新增商家超过30万家。", encoding="utf-8")
    assert run("--project", chosen, "import", tmp_path / "a.txt").returncode == 0
    env = {"ANNOTATOR_PROJECT": str(other)}  # what a fallback would have used
    for args in (("--project", chosen, "list"), ("list", "--project", chosen), ("-p", chosen, "list")):
        assert run(*args, env=env).stdout.strip().endswith("1 document(s)"), args
    assert run("list", env=env).stdout.strip().endswith("0 document(s)")
