"""What the tools that read our exports need, and what their own exports hold: Label Studio's members and
its predictions listed by id, brat's every line type, field values of any text in every format that carries
fields, texts exact in CSV as pandas reads them, doccano's overlapping spans, Taguette's codebook, Parquet's
booleans."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from annotator.core import codebook as cb
from annotator.io import brat, brat_records, dataset, label_studio, qdpx, qdpx_records, spacy_docbin, table_records, tables
from annotator.paths import DEFAULT_CODEBOOK
from annotator.services import annotations, annotators, dataset_import, exporting, importing, projects
from annotator.storage.models import Annotation

TEXT = "-5%的增幅\n𠮷野家與快手電商合作，交易額同比增長18.5%。"
BOOK = cb.load(DEFAULT_CODEBOOK)


def _coded(project, tmp_path, coder="alice", text=TEXT):
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    importing.import_paths(project, [tmp_path / "t.txt"])
    who = annotators.ensure(project, coder)
    for piece, kind, fields in (("-5%", "figure", {"unit": "%"}), ("快手電商", "stakeholder", {}),
                                ("交易額同比增長18.5%", "claim", {"check_worthy": True, "note": "=1+1"})):  # fmt: skip
        start = text.index(piece)
        annotations.create_annotation(
            project, annotator_id=who, document_id=1, kind=kind, start=start, end=start + len(piece), fields=fields
        )
    return project


# Label Studio


def test_label_studio_export_names_members_only_by_email_and_every_result_its_coder(project, tmp_path):
    _coded(project, tmp_path, coder="alice")
    bob = annotators.ensure(project, "bob@example.org")
    annotations.create_annotation(project, annotator_id=bob, document_id=1, kind="figure", start=0, end=3)
    out = tmp_path / "ls.json"
    report = exporting.export_to_file(project, out, format="label-studio")
    [task] = json.loads(out.read_text(encoding="utf-8"))
    by_coder = {a["result"][0]["annotator"]: a for a in task["annotations"]}
    assert "completed_by" not in by_coder["alice"]  # Label Studio refuses a name that is not a member's
    assert by_coder["bob@example.org"]["completed_by"] == {"email": "bob@example.org"}
    assert all(r["annotator"] == coder for coder, a in by_coder.items() for r in a["result"])
    # the labelling configuration beside it names every control and label the results use
    [(config, _)] = report.companions
    assert config == tmp_path / "ls.label-config.xml"
    view = ET.fromstring(config.read_text(encoding="utf-8"))
    controls = {e.get("name") for e in view.iter() if e.get("toName") == "text"}
    labels = {e.get("value") for e in view.iter("Label")}
    relations = {e.get("value") for e in view.iter("Relation")}
    for annotation in task["annotations"]:
        for result in annotation["result"]:
            if result["type"] == "relation":
                assert set(result["labels"]) <= relations
                continue
            assert result["from_name"] in controls
            assert set(result["value"].get("labels", [])) <= labels
            assert set(result["value"].get("choices", [])) <= {c.get("value") for c in view.iter("Choice")}


def test_label_studio_own_export_with_predictions_listed_by_id_is_read(project, tmp_path):
    """Label Studio's export lists predictions by id and gives completed_by as a member id; our results keep
    the coder's name, which wins."""
    text = "𠮷野家與快手電商合作"
    task = {
        "id": 190,
        "data": {"text": text},
        "predictions": [190, 191],
        "annotations": [
            {"id": 7, "completed_by": 1, "result": [
                {"id": "r1", "type": "labels", "from_name": "label", "to_name": "text", "annotator": "alice",
                 "value": {"start": 5, "end": 9, "text": "快手電商", "labels": ["stakeholder"]}}]},
            {"id": 8, "completed_by": 2, "result": [
                {"id": "r2", "type": "labels", "from_name": "label", "to_name": "text",
                 "value": {"start": 0, "end": 4, "text": "𠮷野家", "labels": ["stakeholder"]}}]},
        ],
    }  # fmt: skip
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    report = dataset_import.import_dataset(project, path, dataset_import.Options("label-studio", keep_annotators=True))
    assert report.summary() == "1 imported, 0 duplicate, 0 refused"
    assert "2 prediction(s) given only by their Label Studio ids: not read" in report.results[0].warnings
    with project.read() as session:
        rows = session.execute(select(Annotation.text, Annotation.annotator_id)).all()
    names = annotators.names(project)
    assert sorted((text, names[a]) for text, a in rows) == [("快手電商", "alice"), ("𠮷野家", "label-studio-user-2")]


# brat


def test_a_brat_corpus_with_every_line_type_is_read_and_what_is_left_out_said(project, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    text = "华为称\r\n营收增长了百分之十。"
    (folder / "a.txt").write_bytes(text.encode("utf-8"))  # CRLF: brat counts the CR
    ann = [
        "T1\tOrganization 0 2\t华为",
        "T2\tClaim 5 15\t营收增长了百分之十。",
        "T3\tTrigger 2 3\t称",
        "T4\tOrganization 0 2\t华为",
        "R1\tclaimant Arg1:T2 Arg2:T1\t",  # brat's own files end relations with a tab
        "E1\tSay:T3 Speaker:T1 Content:T2",
        "A1\tConfident T2",
        "M1\tNegated E1",
        "N1\tReference T1 Wikidata:Q160120\t华为",
        "*\tEquiv T1 T4",
        "#1\tAnnotatorNotes T2\t需要核实",
        "#2\tAnnotatorNotes E1\t事件备注",
    ]
    (folder / "a.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    labels = {"Organization": "stakeholder", "Claim": "claim", "Trigger": None}
    options = dataset_import.Options("brat", annotator="a", labels=labels)
    report = dataset_import.import_dataset(project, folder, options)
    assert report.summary() == "1 imported, 0 duplicate, 0 refused", report.results
    warnings = " ".join(report.results[0].warnings)
    assert "1 equivalence line(s), 1 event line(s), 1 normalisation line(s) not read" in warnings
    assert "1 attribute(s) of a relation or event not read" in warnings
    assert "1 note(s) on a relation or event not read" in warnings
    with project.read() as session:
        claim = session.scalars(select(Annotation).where(Annotation.kind == "claim")).one()
        assert claim.text == "营收增长了百分之十。" and claim.document.text == "华为称\n营收增长了百分之十。"


@pytest.mark.parametrize(
    "line, reason",
    [
        ("T1\tOrganization 0 9\t华为", "outside the text"),
        ("R1\tclaimant Arg1:T1 Arg2:T9", "refers to T9, which is not defined"),
        ("X1\tsomething", "not a standoff line"),
        ("E1\tSay", "not a standoff E line"),
    ],
)
def test_a_brat_document_that_cannot_be_trusted_is_refused_with_its_line(project, tmp_path, line, reason):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("华为称", encoding="utf-8")
    (folder / "a.ann").write_text(f"T1\tOrganization 0 2\t华为\n{line}\n" if line[0] != "T" else line + "\n", "utf-8")
    report = dataset_import.import_dataset(
        project, folder, dataset_import.Options("brat", annotator="a", labels={"Organization": "stakeholder"})
    )
    assert report.results[0].status == "refused" and reason in report.results[0].message


# field values of any text, in every format that carries them


def _item(note: str, coder: str = "alice") -> dataset.Item:
    span = dataset.Span("5b9ad1a6-2f2e-4d43-9d5f-0f6c3d1d7a11", "claim", 0, 3, "-5%", coder, "manual", {"note": note})
    return dataset.Item("7d1f7f43-6a25-4c36-8f65-b0f3e3a8f9a2", 1, "t", TEXT, None, None, None, "simplified", {}, [span])


def _notes_through(fmt: str, folder: Path, note: str) -> list:
    """The note of the one span, written in `fmt` and read back by our reader."""
    item = _item(note)
    if fmt == "qdpx":
        qdpx.write(folder / "x.qdpx", [item], BOOK, ["alice"], "p")
        records = list(qdpx_records.read(folder / "x.qdpx"))
    elif fmt == "brat":
        brat.write(folder / "brat", [item], BOOK, ["alice"])
        records = list(brat_records.records(folder / "brat"))
    elif fmt == "label-studio":
        label_studio.write(folder / "ls.json", [item], BOOK)
        records = list(label_studio.read(folder / "ls.json"))
    elif fmt == "spacy":
        spacy_docbin.write(folder / "spacy", [item])
        records = list(spacy_docbin.read(folder / "spacy"))
    else:
        out = folder / ("x.xlsx" if fmt == "xlsx" else fmt)
        {"csv": tables.write_csv, "xlsx": tables.write_xlsx, "parquet": tables.write_parquet}[fmt](out, [item], BOOK)
        records = list(table_records.read(out, fmt))
    return [mark.fields.get("note") for record in records for mark in record.marks]


ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
FIELD_FORMATS = ["qdpx", "brat", "label-studio", "csv", "xlsx", "parquet", "spacy"]


@pytest.mark.parametrize("fmt", FIELD_FORMATS)
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=ANY_TEXT | st.sampled_from(["记者注\npolarity: negative", "a | b", "x\\n", "\\", "note: y\r\nz", " "]))
def test_a_text_field_of_any_text_survives_every_format_that_carries_fields(tmp_path_factory, fmt, note):
    if fmt == "spacy" and not spacy_docbin.available():
        pytest.skip("spaCy is not installed")
    folder = tmp_path_factory.mktemp(fmt)
    assert _notes_through(fmt, folder, note) == [note]


# CSV, as pandas reads it


def test_csv_texts_are_exact_as_pandas_reads_them_and_the_guard_undone_by_the_readme_recipe(project, tmp_path):
    pd = pytest.importorskip("pandas")
    text = '=HYPERLINK("x")开头\n-5%的增幅，+3个百分点，@快手電商称交易額同比增長18.5%。'
    _coded(project, tmp_path, text=text)
    exporting.export_to_file(project, tmp_path / "csv", format="csv")
    docs = pd.read_csv(tmp_path / "csv" / "documents.csv", dtype=str, keep_default_na=False)
    spans = pd.read_csv(tmp_path / "csv" / "annotations.csv", dtype=str, keep_default_na=False)
    texts = dict(zip(docs["document_id"], docs["text"], strict=True))
    assert list(texts.values()) == [text]
    for row in spans.itertuples():
        assert texts[row.document_id][int(row.start) : int(row.end)] == row.text
    guarded = spans.set_index("kind")["claim_note"]["claim"]
    assert guarded == "'=1+1"  # other cells are guarded, and the README's line gives them back
    undone = spans.replace(r"^'(?='*[=+\-@\t\r])", "", regex=True)
    assert undone.set_index("kind")["claim_note"]["claim"] == "=1+1"


def test_the_workbook_keeps_texts_exact_and_never_a_formula(project, tmp_path):
    from openpyxl import load_workbook

    _coded(project, tmp_path)
    exporting.export_to_file(project, tmp_path / "x.xlsx", format="xlsx")
    workbook = load_workbook(tmp_path / "x.xlsx")
    notes = [c.value for c in workbook["annotations"]["Q"] if c.value not in (None, "claim_note")]
    cells = [c for row in workbook["annotations"].iter_rows() for c in row if c.value == "=1+1"]
    assert cells and all(c.data_type == "s" for c in cells), notes  # text, not a formula
    assert [c.value for c in workbook["documents"]["I"]][1] == TEXT


# doccano, Taguette, Parquet


def test_doccano_export_says_when_the_project_must_allow_overlapping_spans(project, tmp_path):
    _coded(project, tmp_path)
    report = exporting.export_to_file(project, tmp_path / "d.jsonl", format="doccano")
    assert report.notes == ()  # no span overlaps another
    bob = annotators.ensure(project, "bob")
    annotations.create_annotation(project, annotator_id=bob, document_id=1, kind="figure", start=0, end=3)
    report = exporting.export_to_file(project, tmp_path / "d.jsonl", format="doccano")
    assert len(report.notes) == 1 and report.notes[0].startswith("2 span(s) overlap another")
    assert "Allow overlapping spans" in report.notes[0]


def test_a_qdpx_export_has_taguettes_codebook_beside_it(project, tmp_path):
    _coded(project, tmp_path)
    report = exporting.export_to_file(project, tmp_path / "p.qdpx", format="qdpx")
    [(companion, what)] = report.companions
    assert companion.name == "p.taguette-codebook.csv" and "Taguette" in what
    with companion.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    tags = [row["tag"] for row in rows]
    assert list(rows[0]) == ["tag", "description"] and tags[:2] == ["claim", "claim.type.factual"]
    assert len(tags) == len(set(tags)) and "stakeholder" in tags


def test_parquet_gives_yes_no_fields_as_booleans_and_reads_them_back(project, tmp_path):
    pd = pytest.importorskip("pandas")
    _coded(project, tmp_path)
    exporting.export_to_file(project, tmp_path / "pq", format="parquet")
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "pq" / "annotations.parquet"
    assert pq.read_schema(path).field("claim_check_worthy").type == pa.bool_()
    assert pd.read_parquet(path)["claim_check_worthy"].dropna().tolist() == [True]
    other = projects.init_project(tmp_path / "other.sqlite")
    dataset_import.import_dataset(other, tmp_path / "pq", dataset_import.Options("parquet", keep_annotators=True))
    with other.read() as session:
        claim = session.scalars(select(Annotation).where(Annotation.kind == "claim")).one()
        assert claim.fields["check_worthy"] is True
    other.close()
