"""Merging offline work: a coder takes a copy of the project (an SQLite file), codes, and the lead merges the
file back. Documents are matched by text, so ids may differ; merging twice adds nothing; every disagreement
is listed and what the project has is kept. The lead's project runs on both databases."""

from __future__ import annotations

import json
import shutil

import pytest

from annotator.cli.main import main
from annotator.io import native_jsonl
from annotator.services import (
    annotations,
    annotators,
    assignment,
    codebooks,
    documents,
    entities,
    exporting,
    importing,
    merging,
    projects,
)
from annotator.services.errors import ServiceError
from annotator.storage.project import Project

TEXTS = {
    "a": "华为称营收增长了百分之十，利润为3亿元。",
    "b": "腾讯表示，用户达到12亿，同比增长5%。",
    "c": "阿里巴巴的商家数量增加了两成。",
}


def _import(project, folder, names):
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / f"{name}.txt").write_text(TEXTS[name], encoding="utf-8")
    importing.import_paths(project, [folder / f"{name}.txt" for name in names])


def _doc_id(project, key):
    [found] = [d.id for d in documents.list_documents(project) if TEXTS[key].startswith(d.title[:5])]
    return found


def _mark(project, coder, key, piece, kind, **fields):
    text = TEXTS[key]
    start = text.index(piece)
    changes = annotations.create_annotation(
        project, annotator_id=coder, document_id=_doc_id(project, key), kind=kind, start=start, end=start + len(piece),
        fields=fields,
    )  # fmt: skip
    return changes.first("annotation")


def _snapshot(project):
    """Every annotation as (document text, coder, kind, span text, fields with links and entity names)."""
    names = annotators.names(project)
    rows = []
    for doc in documents.list_documents(project):
        text = documents.get_document(project, doc.id)["text"]
        for ann in annotations.annotations_of(project, doc.id):
            fields = dict(ann["fields"])
            if fields.get("entity"):
                fields["entity"] = entities.get_entity(project, fields["entity"])["name"]
            for link in ("claimant", "evidence", "subject", "source"):
                if fields.get(link):
                    linked = fields[link] if isinstance(fields[link], list) else [fields[link]]
                    fields[link] = sorted(
                        a["text"] for a in annotations.annotations_of(project, doc.id) if a["id"] in linked
                    )
            rows.append((text, names[ann["annotator_id"]], ann["kind"], ann["text"], json.dumps(fields, sort_keys=True)))
    return sorted(rows)


def _offline_copy(project, tmp_path):
    """What a coder takes away: the project exported and imported into an SQLite file of their own."""
    export = tmp_path / "handout.jsonl"
    with open(export, "w", encoding="utf-8") as out:
        native_jsonl.export(project, out)
    path = tmp_path / "offline" / "wang.sqlite"
    path.parent.mkdir()
    copy = projects.init_project(path)
    importing.import_paths(copy, [export])
    return copy


@pytest.fixture
def lead(project, tmp_path):
    _import(project, tmp_path / "lead", ["a", "b"])
    li = annotators.ensure(project, "li")
    _mark(project, li, "a", "华为", "stakeholder", type="company")
    _mark(project, li, "a", "3亿元", "figure", normalised_value=300000000)
    return project


def test_offline_work_comes_back_and_merging_twice_adds_nothing(lead, tmp_path):
    offline = _offline_copy(lead, tmp_path)
    wang = annotators.ensure(offline, "wang")
    who = _mark(offline, wang, "a", "华为", "stakeholder", type="company")
    entity = entities.create_entity(offline, annotator_id=wang, name="华为技术有限公司", aliases=["華為"])
    annotations.update_annotation(
        offline, annotator_id=wang, annotation_id=who["id"], expected_version=who["version"],
        fields={"entity": entity.first("entity")["id"]},
    )  # fmt: skip
    _mark(offline, wang, "a", "华为称营收增长了百分之十", "claim", claimant=who["id"], type="statistical")
    _import(offline, tmp_path / "offline-new", ["c"])
    _mark(offline, wang, "c", "阿里巴巴", "stakeholder", type="platform")
    documents.set_document_fields(
        offline, annotator_id=wang, document_id=_doc_id(offline, "a"), fields={"relevance": "relevant"}
    )
    documents.set_status(offline, annotator_id=wang, document_id=_doc_id(offline, "a"), status="done", add_seconds=90)
    assignment.assign(offline, coders=["wang"], overlap=0, seed=1)
    offline.close()

    [report] = merging.merge(lead, [str(tmp_path / "offline" / "wang.sqlite")])
    assert report.conflicts == []
    counts = report.counts
    assert (counts.documents_added, counts.documents_matched) == (1, 2)
    assert (counts.annotations_added, counts.annotations_unchanged, counts.relations_added) == (3, 2, 1)
    # statuses: a done (set) and c in progress (annotated)
    assert (counts.entities_added, counts.statuses_added, counts.assignments_added) == (1, 2, 3)
    again = Project.open(tmp_path / "offline" / "wang.sqlite")
    assert _snapshot(lead) == _snapshot(again)
    names = annotators.names(lead)
    status = {names[s["annotator_id"]]: s for s in documents.statuses_of(lead, _doc_id(lead, "a"))}
    assert (status["wang"]["status"], status["wang"]["fields"], status["wang"]["seconds_spent"]) == (
        "done", {"relevance": "relevant"}, 90,
    )  # fmt: skip
    assert entities.find_entities(lead, "華為")[0]["name"] == "华为技术有限公司"

    [twice] = merging.merge(lead, [str(tmp_path / "offline" / "wang.sqlite")])
    assert (twice.counts.documents_added, twice.counts.annotations_added, twice.counts.relations_added) == (0, 0, 0)
    assert (twice.counts.entities_added, twice.counts.statuses_added, twice.counts.assignments_added) == (0, 0, 0)
    assert twice.counts.annotations_unchanged == 5 and twice.conflicts == []
    assert _snapshot(lead) == _snapshot(again)
    again.close()


def test_the_same_text_under_other_ids_lands_on_its_document(lead, tmp_path):
    """A project made separately: its documents were imported in another order, so ids and uids differ."""
    other = projects.init_project(tmp_path / "separate.sqlite")
    _import(other, tmp_path / "sep", ["c"])
    _import(other, tmp_path / "sep2", ["b", "a"])
    zhao = annotators.ensure(other, "zhao")
    _mark(other, zhao, "a", "利润为3亿元", "claim", type="statistical")
    _mark(other, zhao, "b", "12亿", "figure", normalised_value=1200000000)
    assert _doc_id(other, "a") != _doc_id(lead, "a")
    other.close()

    [report] = merging.merge(lead, [str(tmp_path / "separate.sqlite")])
    assert (report.counts.documents_added, report.counts.documents_matched, report.counts.annotations_added) == (1, 2, 2)
    by_text = {(a["text"], a["kind"]) for a in annotations.annotations_of(lead, _doc_id(lead, "a"))}
    assert ("利润为3亿元", "claim") in by_text
    assert [a["text"] for a in annotations.annotations_of(lead, _doc_id(lead, "b"))] == ["12亿"]


def test_disagreements_are_listed_and_what_is_here_is_kept(lead, tmp_path):
    li = annotators.find(lead, "li")
    offline = _offline_copy(lead, tmp_path)
    li_there = annotators.find(offline, "li")
    [stake, figure] = sorted(annotations.annotations_of(offline, _doc_id(offline, "a")), key=lambda a: a["start"])
    # The same figure edited on both sides; a stakeholder deleted offline; an annotation deleted here.
    annotations.update_annotation(
        offline, annotator_id=li_there, annotation_id=figure["id"], expected_version=figure["version"],
        fields={"normalised_value": 310000000},
    )  # fmt: skip
    annotations.delete_annotation(
        offline, annotator_id=li_there, annotation_id=stake["id"], expected_version=stake["version"]
    )
    gone = _mark(offline, li_there, "b", "腾讯", "stakeholder", type="company")
    documents.set_document_fields(
        offline, annotator_id=li_there, document_id=_doc_id(offline, "a"), fields={"genre": "news"}
    )
    offline.close()
    here = {a["text"]: a for a in annotations.annotations_of(lead, _doc_id(lead, "a"))}
    annotations.update_annotation(
        lead, annotator_id=li, annotation_id=here["3亿元"]["id"], expected_version=here["3亿元"]["version"],
        fields={"normalised_value": 300000001},
    )  # fmt: skip
    documents.set_document_fields(lead, annotator_id=li, document_id=_doc_id(lead, "a"), fields={"genre": "opinion"})
    # Bob deletes, here, what the offline file (made from this project later) would bring back.
    merging.merge(lead, [str(tmp_path / "offline" / "wang.sqlite")])
    brought = next(a for a in annotations.annotations_of(lead, _doc_id(lead, "b")) if a["uid"] == gone["uid"])
    annotations.delete_annotation(lead, annotator_id=li, annotation_id=brought["id"], expected_version=brought["version"])

    [report] = merging.merge(lead, [str(tmp_path / "offline" / "wang.sqlite")])
    problems = {(c.target, c.uid): c.problem for c in report.conflicts}
    assert problems[("annotation", figure["uid"])] == (
        "normalised_value: 300000001 here, 310000000 there; kept what is here"
    )
    assert "was deleted there and exists here; kept" in problems[("annotation", stake["uid"])]
    assert "was deleted here and exists there; not added" in problems[("annotation", gone["uid"])]
    assert '"genre": "opinion"' in problems[("status", "li")] and '"genre": "news"' in problems[("status", "li")]
    assert report.counts.annotations_added == 0
    kept = {a["text"]: a for a in annotations.annotations_of(lead, _doc_id(lead, "a"))}
    assert kept["3亿元"]["fields"]["normalised_value"] == 300000001 and "华为" in kept
    assert all(a["uid"] != gone["uid"] for a in annotations.annotations_of(lead, _doc_id(lead, "b")))


def test_documents_that_do_not_fit_the_codebook_are_listed_and_the_rest_merged(lead, tmp_path):
    offline = _offline_copy(lead, tmp_path)
    definition = json.loads(json.dumps(codebooks.export_definition(offline)))
    definition["kinds"].append({"name": "policy", "label": "Policy", "key": "P", "colour": "#123456", "fields": []})
    codebooks.install(offline, definition)
    wang = annotators.ensure(offline, "wang")
    _mark(offline, wang, "a", "营收", "policy")
    _mark(offline, wang, "b", "腾讯", "stakeholder", type="company")
    offline.close()

    [report] = merging.merge(lead, [str(tmp_path / "offline" / "wang.sqlite")])
    [refused] = report.conflicts
    assert refused.target == "document" and refused.document == TEXTS["a"][: len(refused.document)]
    assert "kind 'policy' is not in the codebook" in refused.problem
    assert report.counts.annotations_added == 1
    assert [a["kind"] for a in annotations.annotations_of(lead, _doc_id(lead, "a"))] == ["stakeholder", "figure"]


def test_entities_are_matched_by_name_in_either_script(lead, tmp_path):
    li = annotators.find(lead, "li")
    entities.create_entity(lead, annotator_id=li, name="腾讯", type="platform")
    other = projects.init_project(tmp_path / "other.sqlite")
    _import(other, tmp_path / "o", ["b"])
    zhao = annotators.ensure(other, "zhao")
    made = entities.create_entity(other, annotator_id=zhao, name="騰訊", aliases=["Tencent"]).first("entity")
    _mark(other, zhao, "b", "腾讯", "stakeholder", entity=made["id"])
    other.close()

    [report] = merging.merge(lead, [str(tmp_path / "other.sqlite")])
    assert report.counts.entities_added == 0 and report.conflicts == []
    [entry] = entities.find_entities(lead, "tencent")
    assert entry["name"] == "腾讯" and entry["aliases"] == ["腾讯", "Tencent"]  # 騰訊 is 腾讯 in the other script
    [ann] = annotations.annotations_of(lead, _doc_id(lead, "b"))
    assert ann["fields"]["entity"] == entry["id"]


def test_a_native_export_merges_like_a_project(lead, tmp_path):
    other = projects.init_project(tmp_path / "other.sqlite")
    _import(other, tmp_path / "o", ["a"])
    _mark(other, annotators.ensure(other, "zhao"), "a", "3亿元", "figure")
    exported = tmp_path / "zhao.jsonl"
    exporting.export_to_file(other, exported)
    other.close()
    [report] = merging.merge(lead, [str(exported)])
    assert (report.counts.documents_matched, report.counts.annotations_added) == (1, 1)
    [again] = merging.merge(lead, [str(exported)])
    assert again.counts.annotations_added == 0 and again.counts.annotations_unchanged == 1


def test_what_cannot_be_merged_is_refused_with_its_name(lead, tmp_path):
    stray = tmp_path / "notes.sqlite"
    stray.write_bytes(b"not a database at all" * 10)
    with pytest.raises(ServiceError, match="notes.sqlite"):
        merging.merge(lead, [str(stray)])
    if lead.is_sqlite:
        with pytest.raises(ServiceError, match="the project itself"):
            merging.merge(lead, [str(lead.path)])
    with pytest.raises(ServiceError, match="gone.jsonl: no such file"):
        merging.merge(lead, [str(tmp_path / "gone.jsonl")])
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"title": "x", "text": "y"}\n', encoding="utf-8")
    with pytest.raises(ServiceError, match="rows.jsonl is not a native"):
        merging.merge(lead, [str(rows)])


def test_an_older_project_file_is_merged_from_a_copy_and_left_as_it_was(lead, tmp_path):
    from alembic import command

    from annotator.storage.project import alembic_config

    older = tmp_path / "older.sqlite"
    other = projects.init_project(older)
    _import(other, tmp_path / "o", ["c"])
    _mark(other, annotators.ensure(other, "zhao"), "c", "阿里巴巴", "stakeholder")
    with other.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0004")
    other.close()
    before = older.read_bytes()
    [report] = merging.merge(lead, [str(older)])
    assert (report.counts.documents_added, report.counts.annotations_added) == (1, 1)
    assert older.read_bytes() == before


def test_merge_from_the_command_line(lead, tmp_path, capsys):
    offline = _offline_copy(lead, tmp_path)
    _mark(offline, annotators.ensure(offline, "wang"), "b", "腾讯", "stakeholder")
    offline.close()
    copy = tmp_path / "second.sqlite"
    shutil.copy(tmp_path / "offline" / "wang.sqlite", copy)
    assert main(["merge", "--project", lead.url, str(tmp_path / "offline" / "wang.sqlite"), str(copy)]) == 0
    out = capsys.readouterr().out
    assert "wang.sqlite: 0 document(s) added, 2 matched; 1 annotation(s)" in out
    assert "second.sqlite: 0 document(s) added, 2 matched; 0 annotation(s)" in out
    assert main(["merge", "--project", lead.url, str(copy), "--json"]) == 0
    [parsed] = json.loads(capsys.readouterr().out)
    assert parsed["counts"]["annotations_unchanged"] == 3 and parsed["conflicts"] == []
    assert main(["merge", "--project", lead.url, str(tmp_path / "missing.sqlite")]) == 2
    assert "missing.sqlite" in capsys.readouterr().err
