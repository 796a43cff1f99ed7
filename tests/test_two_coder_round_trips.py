"""Two coders marking the same spans, with field values of several lines: every format that carries coders
gives, through export, import into an empty project and export again, the same bytes; CoNLL (one coder)
gives back the overlapping spans it could not tag."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.io import spacy_docbin
from annotator.services import annotations, annotators, dataset_import, documents, entities, exporting, importing, projects
from annotator.storage.models import Annotation

from .test_dataset_import import _same

TEXT = "標題\n𠮷野家與快手電商合作，據負責人表示，交易額同比增長18.5%。\n第二行：營收3億元。"
NOTE = "记者注\npolarity: negative | note: x\t\\n 结尾\r"  # what a coder may type into a text field


@pytest.fixture
def shared_spans(project, tmp_path):
    """alice and bob mark the same stakeholder, figure and claim, with different values; bob's claim note
    has line breaks, a tab, a ` | ` and a line shaped like another field."""
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    importing.import_paths(project, [tmp_path / "t.txt"])
    entity = entities.create_entity(project, annotator_id=annotators.ensure(project, "alice"), name="快手")
    kuaishou = entity.first("entity")["id"]
    for coder, kind_of_claim, note in (("bob", "causal", NOTE), ("alice", "statistical", "一行")):
        who = annotators.ensure(project, coder)

        def mark(piece, kind, who=who, **fields):
            start = TEXT.index(piece)
            return annotations.create_annotation(
                project, annotator_id=who, document_id=1, kind=kind, start=start, end=start + len(piece), fields=fields
            ).first("annotation")["id"]

        stakeholder = mark("快手電商", "stakeholder", entity=kuaishou)
        figure = mark("18.5%", "figure", unit="%", metric=f"交易額 ({coder})")
        mark("交易額同比增長18.5%", "claim", claimant=stakeholder, evidence=[figure], type=kind_of_claim, note=note)
        documents.set_status(project, annotator_id=who, document_id=1, status="done", add_seconds=30)
    return project


CODERS_CARRIED = ["doccano", "label-studio", "label-studio-predictions", "brat", "csv", "xlsx", "parquet", "qdpx"]


@pytest.mark.parametrize("fmt", [*CODERS_CARRIED, "spacy"])
def test_two_coders_on_the_same_spans_come_back_byte_for_byte(shared_spans, tmp_path, fmt):
    if fmt == "spacy" and not spacy_docbin.available():
        pytest.skip("spaCy is not installed")
    suffix = exporting.FORMATS[fmt].suffix
    first, second = tmp_path / f"first{suffix}", tmp_path / f"second{suffix}"
    exporting.export_to_file(shared_spans, first, format=fmt)
    other = projects.init_project(tmp_path / "other.sqlite")
    report = dataset_import.import_dataset(other, first, dataset_import.Options(fmt, keep_annotators=True))
    assert report.summary() == "1 imported, 0 duplicate, 0 refused", report.results
    assert report.results[0].warnings == []
    exporting.export_to_file(other, second, format=fmt)
    _same(first, second, fmt)
    with other.read() as session:
        rows = session.execute(select(Annotation.kind, Annotation.fields, Annotation.annotator_id)).all()
    assert len(rows) == 6
    if fmt != "doccano":  # doccano has no place for field values
        assert sorted(fields.get("note") for kind, fields, _ in rows if kind == "claim") == sorted([NOTE, "一行"])
    other.close()


def test_conll_gives_back_the_overlapping_spans_it_could_not_tag(project, tmp_path):
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    importing.import_paths(project, [tmp_path / "t.txt"])
    alice = annotators.ensure(project, "alice")
    for piece in ("快手電商", "快手", "電商合作"):  # three stakeholders, overlapping: CoNLL tags the longest
        start = TEXT.index(piece)
        annotations.create_annotation(
            project, annotator_id=alice, document_id=1, kind="stakeholder", start=start, end=start + len(piece)
        )
    first, second = tmp_path / "first.conll", tmp_path / "second.conll"
    exporting.export_to_file(project, first, format="conll")
    assert "# 2 overlapping span(s)" in first.read_text(encoding="utf-8")
    other = projects.init_project(tmp_path / "other.sqlite")
    report = dataset_import.import_dataset(other, first, dataset_import.Options("conll", annotator="alice"))
    assert report.summary() == "1 imported, 0 duplicate, 0 refused"
    with other.read() as session:
        assert sorted(session.scalars(select(Annotation.text))) == sorted(["快手電商", "快手", "電商合作"])
    exporting.export_to_file(other, second, format="conll")
    assert first.read_bytes() == second.read_bytes()
    other.close()
