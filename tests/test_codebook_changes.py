"""Changing the codebook of a project with coded data: versioned, renames carry values over, drops delete
them on request, and anything that would be orphaned silently refuses the change."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest
import yaml

from annotator.core.codebook_changes import Migration
from annotator.services import annotations, codebooks, documents, importing
from annotator.storage.models import Relation

TEXT = "标题\n快手电商负责人表示，平台本季度新增商家超过30万家。"


@pytest.fixture
def coded(project, alice, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    s = TEXT.index("快手电商")
    stakeholder = annotations.create_annotation(
        project, annotator_id=alice, document_id=1, kind="stakeholder", start=s, end=s + 4, fields={"type": "platform"}
    ).first("annotation")
    c = TEXT.index("平台本季度")
    claim = annotations.create_annotation(
        project,
        annotator_id=alice,
        document_id=1,
        kind="claim",
        start=c,
        end=len(TEXT) - 1,
        fields={"type": "evaluation", "claimant": stakeholder["id"], "note": "check"},
    ).first("annotation")
    documents.set_document_fields(project, annotator_id=alice, document_id=1, fields={"genre": "news"})
    return project, claim, stakeholder


def _edited(project, edit) -> dict:
    definition = copy.deepcopy(codebooks.export_definition(project))
    edit(definition)
    return definition


def _kind(definition, name):
    return next(k for k in definition["kinds"] if k["name"] == name)


def _field(definition, kind, name):
    return next(f for f in _kind(definition, kind)["fields"] if f["name"] == name)


def test_removing_a_choice_in_use_is_refused_until_renamed_or_dropped(coded, alice):
    project, claim, _ = coded

    def without_evaluation(d):
        _field(d, "claim", "type")["choices"].remove("evaluation")

    definition = _edited(project, without_evaluation)
    with pytest.raises(codebooks.CodebookConflict) as refused:
        codebooks.change(project, definition, annotator_id=alice)
    [problem] = refused.value.problems
    assert problem.text == "1 value(s) 'evaluation' of claim.type, a choice the new codebook lacks"
    assert (problem.path, problem.count) == ("claim.type.evaluation", 1)
    assert codebooks.current_codebook(project)[0] == 1  # nothing installed

    codebooks.change(project, definition, annotator_id=alice, migration=Migration.parse(["claim.type.evaluation=factual"]))
    assert codebooks.current_codebook(project)[0] == 2
    assert annotations.annotations_of(project, 1, alice)[1]["fields"]["type"] == "factual"


def test_renaming_a_kind_and_a_link_field_keeps_the_links(coded, alice):
    project, claim, stakeholder = coded

    def rename(d):
        kind = _kind(d, "claim")
        kind["name"], kind["label"] = "assertion", "Assertion"
        _field(d, "assertion", "claimant")["name"] = "speaker"
        d.pop("labels", None)  # the Chinese labels name the old paths

    definition = _edited(project, rename)
    with pytest.raises(codebooks.CodebookConflict, match="kind 'claim'"):
        codebooks.change(project, definition, annotator_id=alice)
    codebooks.change(
        project, definition, annotator_id=alice, migration=Migration.parse(["claim=assertion", "claim.claimant=speaker"])
    )
    renamed = annotations.annotations_of(project, 1, alice)[1]
    assert renamed["kind"] == "assertion" and renamed["fields"]["speaker"] == stakeholder["id"]
    with project.read() as session:
        assert [r.type for r in session.query(Relation).all()] == ["speaker"]


def test_dropping_on_purpose_deletes_the_values(coded, alice):
    project, claim, _ = coded

    def drop(d):
        _kind(d, "claim")["fields"] = [f for f in _kind(d, "claim")["fields"] if f["name"] != "note"]
        d["document_fields"] = [f for f in d["document_fields"] if f["name"] != "genre"]
        d.pop("labels", None)

    definition = _edited(project, drop)
    with pytest.raises(codebooks.CodebookConflict) as refused:
        codebooks.change(project, definition, annotator_id=alice)
    assert len(refused.value.problems) == 2
    changes = codebooks.change(
        project, definition, annotator_id=alice, migration=Migration.parse(drops=["claim.note", "document.genre"])
    )
    assert changes.first("codebook")["annotations_changed"] == 1 and changes.first("codebook")["documents_changed"] == 1
    assert "note" not in annotations.annotations_of(project, 1, alice)[1]["fields"]
    assert documents.statuses_of(project, 1)[0]["fields"] == {}


def test_codebook_commands_round_trip(coded, tmp_path):
    project = coded[0]
    project.close()
    run = [sys.executable, "-m", "annotator", "codebook"]
    out = tmp_path / "book.yaml"
    assert subprocess.run([*run, "export", "--project", project.url, str(out)], capture_output=True).returncode == 0
    definition = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [k["name"] for k in definition["kinds"]] == ["claim", "figure", "stakeholder"]
    assert definition["labels"]["zh_CN"]["claim"] == "主张"
    _field(definition, "claim", "type")["choices"].remove("evaluation")
    out.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")
    refused = subprocess.run([*run, "import", "--project", project.url, str(out)], capture_output=True, text=True)
    assert refused.returncode == 1 and "'evaluation' of claim.type" in refused.stderr and "--rename" in refused.stderr
    done = subprocess.run(
        [*run, "import", "--project", project.url, str(out), "--rename", "claim.type.evaluation=causal"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "codebook version 2 installed: 1 annotation(s) changed" in done.stdout
    bad = subprocess.run(
        [*run, "import", "--project", project.url, str(tmp_path / "nope.yaml")], capture_output=True, text=True
    )
    assert bad.returncode == 1 and "cannot read" in bad.stderr


def test_translated_labels_follow_renames():
    from annotator.core.codebook_changes import relabel

    labels = {"zh_CN": {"claim": "主张", "claim.type": "类型", "claim.type.evaluation": "评价", "figure.unit": "单位"}}
    migration = Migration.parse(["claim=assertion", "claim.type=category", "claim.type.evaluation=opinion"])
    assert relabel(labels, migration) == {
        "zh_CN": {
            "assertion": "主张",
            "assertion.category": "类型",
            "assertion.category.opinion": "评价",
            "figure.unit": "单位",
        }
    }
