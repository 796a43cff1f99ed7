"""Importing pre-annotated datasets: round trips in every format, the real doccano and Label Studio exports
in ../shared, labels mapped or added, spans as a coder's work or as suggestions, bad records refused with
their reason and the rest imported, and nothing imported twice."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.services import (
    annotations,
    annotators,
    codebooks,
    dataset_import,
    documents,
    entities,
    exporting,
    importing,
    projects,
    suggestions,
)
from annotator.services.errors import Invalid
from annotator.storage.models import Annotation, Document, Entity, ImportedSuggestion, Relation

from .conftest import SHARED, seqeval_entities

TEXT = "標題\n𠮷野家與快手電商合作，據負責人表示，交易額同比增長18.5%。\n第二行：營收3億元。"  # 𠮷 is outside the BMP
DATASETS = SHARED / "datasets"


@pytest.fixture
def coded(project, tmp_path):
    """One article coded by alice: a registry stakeholder, a figure, a claim linking both, document codes."""
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    importing.import_paths(project, [tmp_path / "t.txt"])
    alice = annotators.ensure(project, "alice")
    kuaishou = entities.create_entity(project, annotator_id=alice, name="快手", aliases=["快手電商"]).first("entity")["id"]

    def mark(piece, kind, **fields):
        start = TEXT.index(piece)
        return annotations.create_annotation(
            project, annotator_id=alice, document_id=1, kind=kind, start=start, end=start + len(piece), fields=fields
        ).first("annotation")["id"]

    stakeholder = mark("快手電商", "stakeholder", entity=kuaishou)
    figure = mark("18.5%", "figure", unit="%", value="18.5")
    mark("交易額同比增長18.5%", "claim", claimant=stakeholder, evidence=[figure], type="statistical", check_worthy=True,
         note='=HYPERLINK("x")')  # fmt: skip
    mark("3億元", "figure", value="3", unit="元")
    documents.set_status(project, annotator_id=alice, document_id=1, status="done", add_seconds=95)
    documents.set_document_fields(
        project, annotator_id=alice, document_id=1, fields={"genre": "news", "text_problems": ["boilerplate", "truncated"]}
    )
    return project


def _same(first: Path, second: Path, fmt: str) -> None:
    """The two exports hold the same thing: the same bytes, except what names the project or the time."""
    if first.is_dir():
        files = sorted(p.relative_to(first) for p in first.rglob("*"))
        assert files == sorted(p.relative_to(second) for p in second.rglob("*"))
        for part in files:
            if (first / part).is_file():
                assert (first / part).read_bytes() == (second / part).read_bytes(), part
    elif fmt in ("xlsx", "qdpx"):
        with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
            assert a.namelist() == b.namelist()
            for name in a.namelist():
                if name == "docProps/core.xml":  # the workbook's creation time
                    continue
                left, right = a.read(name), b.read(name)
                if name == "project.qde":  # the project's name is its file's
                    left, right = (re.sub(rb' name="[^"]*" origin=', b" origin=", x, count=1) for x in (left, right))
                assert left == right, name
    else:
        assert first.read_bytes() == second.read_bytes()


ROUND_TRIP = [
    "doccano",
    "label-studio",
    "label-studio-predictions",
    "brat",
    "conll",
    "conll-bmes",
    "csv",
    "xlsx",
    "parquet",
    "qdpx",
    "spacy",
]


@pytest.mark.parametrize("fmt", ROUND_TRIP)
def test_export_import_export_gives_the_same_dataset(coded, tmp_path, fmt):
    suffix = exporting.FORMATS[fmt].suffix
    first, second = tmp_path / f"first{suffix}", tmp_path / f"second{suffix}"
    exporting.export_to_file(coded, first, format=fmt)
    other = projects.init_project(tmp_path / "other.sqlite")
    report = dataset_import.import_dataset(other, first, dataset_import.Options(fmt, annotator="alice"))
    assert report.summary() == "1 imported, 0 duplicate, 0 refused" and report.results[0].warnings == []
    exporting.export_to_file(other, second, format=fmt)
    _same(first, second, fmt)
    with other.read() as session:  # offsets after 𠮷 are right: each span's text is the text at its offsets
        for ann in session.scalars(select(Annotation)):
            assert ann.document.text[ann.start : ann.end] == ann.text
    again = dataset_import.import_dataset(other, first, dataset_import.Options(fmt, annotator="alice"))
    assert again.summary() == "0 imported, 1 duplicate, 0 refused"  # nothing twice
    other.close()


def test_native_jsonl_round_trip_keeps_everything(coded, tmp_path):
    exporting.export_to_file(coded, tmp_path / "first.jsonl", format="jsonl")
    other = projects.init_project(tmp_path / "other.sqlite")
    importing.import_paths(other, [tmp_path / "first.jsonl"], importing.Options(format="jsonl"))
    exporting.export_to_file(other, tmp_path / "second.jsonl", format="jsonl")
    assert (tmp_path / "first.jsonl").read_bytes() == (tmp_path / "second.jsonl").read_bytes()
    other.close()


def test_a_round_trip_keeps_every_coder_when_asked(coded, tmp_path):
    bob = annotators.ensure(coded, "bob")
    start = TEXT.index("營收")
    annotations.create_annotation(coded, annotator_id=bob, document_id=1, kind="figure", start=start, end=start + 5)
    exporting.export_to_file(coded, tmp_path / "ls.json", format="label-studio")
    other = projects.init_project(tmp_path / "other.sqlite")
    dataset_import.import_dataset(other, tmp_path / "ls.json", dataset_import.Options("label-studio", keep_annotators=True))
    exporting.export_to_file(other, tmp_path / "again.json", format="label-studio")
    assert (tmp_path / "ls.json").read_bytes() == (tmp_path / "again.json").read_bytes()
    other.close()


def _count(project, model) -> int:
    with project.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_the_real_doccano_export_needs_its_labels_mapped_first(project):
    path = DATASETS / "doccano_export" / "doccano_ext.jsonl"
    if not path.exists():
        pytest.skip("../shared is not beside the repository")
    documents_before = _count(project, Document)
    with pytest.raises(Invalid, match=r"labels that are not kinds of the codebook: 地点 \(257\).*--label FROM=TO"):
        dataset_import.import_dataset(project, path, dataset_import.Options("doccano", annotator="alice"))
    assert _count(project, Document) == documents_before  # nothing stored

    labels = {"地点": "stakeholder", "住址": "stakeholder", "单位": "stakeholder", "时间": None, "日期": None, "指代": None}
    labels["出行地点"] = None  # a relation type: left out too
    options = dataset_import.Options("doccano", annotator="alice", labels=labels)
    report = dataset_import.import_dataset(project, path, options)
    assert report.summary() == "22 imported, 0 duplicate, 0 refused"
    assert all("relation(s)" not in w for r in report.results for w in r.warnings)
    with project.read() as session:
        rows = session.execute(select(Annotation.text, Annotation.start, Annotation.end, Document.text).join(Document)).all()
        assert all(doc[s:e] == text for text, s, e, doc in rows)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    distinct = {  # 地点 and 住址 on the same words are one stakeholder span
        (n, e["start_offset"], e["end_offset"]) for n, r in enumerate(records) for e in r["entities"] if labels[e["label"]]
    }
    assert len(rows) == len(distinct) == 258 and _count(project, Relation) == 0  # the relations were left out
    again = dataset_import.import_dataset(project, path, options)
    assert again.summary() == "0 imported, 22 duplicate, 0 refused" and _count(project, Annotation) == 258


def test_labels_the_codebook_lacks_can_be_added_as_kinds_with_their_relations(project):
    path = DATASETS / "doccano_export" / "doccano_ext.jsonl"
    if not path.exists():
        pytest.skip("../shared is not beside the repository")
    report = dataset_import.import_dataset(
        project, path, dataset_import.Options("doccano", annotator="alice", add_kinds=True)
    )
    assert report.ok and all(not r.warnings for r in report.results)
    _, book = codebooks.current_codebook(project)
    added = {k.label: k for k in book.kinds if k.name.startswith("label_")}
    assert set(added) == {"地点", "时间", "日期", "住址", "指代", "单位"}
    links = {f.label for kind in added.values() for f in kind.fields if f.is_link}
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert links == {r["type"] for record in records for r in record["relations"]}
    assert _count(project, Relation) == sum(len(record["relations"]) for record in records)
    assert _count(project, Annotation) == sum(len(record["entities"]) for record in records)
    # the second time, the kinds added are found by their labels: nothing is added to the codebook again
    dataset_import.import_dataset(project, path, dataset_import.Options("doccano", annotator="alice", add_kinds=True))
    assert codebooks.current_codebook(project)[1].kind_names == book.kind_names


def test_label_studio_predictions_arrive_as_suggestions_for_every_coder(project, alice, bob):
    path = DATASETS / "label_studio_export" / "label_studio.json"
    if not path.exists():
        pytest.skip("../shared is not beside the repository")
    report = dataset_import.import_dataset(project, path, dataset_import.Options("label-studio", add_kinds=True))
    assert report.summary() == "121 imported, 0 duplicate, 0 refused"
    assert _count(project, Annotation) == 0 and _count(project, ImportedSuggestion) > 121
    assert "suggestions carry no links" in report.results[0].warnings[0]
    document = report.results[0].document_id
    offered = suggestions.document_suggestions(project, annotator_id=alice, document_id=document)
    imported = [s for s in offered if s.source == "imported"]
    assert imported and all(s.note == "from label_studio.json: task 2" for s in imported)
    with project.read() as session:
        text = session.get(Document, document).text
    assert all(text[s.start : s.end] == s.text for s in imported)
    first = imported[0]
    suggestions.accept(project, annotator_id=alice, document_id=document, suggestion=first.as_dict())
    suggestions.reject(project, annotator_id=bob, document_id=document, kind=first.kind, start=first.start, end=first.end)
    for coder in (alice, bob):  # alice has it as her annotation, bob turned it down: neither is offered it again
        again = suggestions.document_suggestions(project, annotator_id=coder, document_id=document)
        assert (first.kind, first.start, first.end) not in [(s.kind, s.start, s.end) for s in again]
    offered_before = _count(project, ImportedSuggestion)
    again = dataset_import.import_dataset(project, path, dataset_import.Options("label-studio", add_kinds=True))
    assert again.count("imported") == 0 and _count(project, ImportedSuggestion) == offered_before


def test_cluener_ends_are_inclusive_and_bad_records_are_refused_with_their_reason(project, tmp_path):
    path = tmp_path / "cluener.json"
    lines = [
        {"text": "浙商银行企业信贷部叶老桂博士则从另一个角度对五道门槛进行了解读。",
         "label": {"name": {"叶老桂": [[9, 11]]}, "company": {"浙商银行": [[0, 3]]}}},
        {"text": "坏消息", "label": {"name": {"好": [[0, 0]]}}},
        {"text": "出界", "label": {"name": {"出界了": [[0, 2]]}}},
        "{broken",
        {"text": "𠮷野家在台北", "label": {"company": {"𠮷野家": [[0, 2]]}, "address": {"台北": [[4, 5]]}}},
    ]  # fmt: skip
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    options = dataset_import.Options(
        "cluener", annotator="alice", labels={"name": "stakeholder", "company": "stakeholder", "address": None}
    )
    report = dataset_import.import_dataset(project, path, options)
    assert [r.status for r in report.results] == ["imported", "refused", "refused", "refused", "imported"]
    assert report.results[1].message == "cluener.json:2: span name '好' says '好' but the text there is '坏'"
    assert report.results[2].message == "cluener.json:3: span name '出界了' [0, 3) is outside the text (2 characters)"
    assert report.results[3].message.startswith("cluener.json:4: not JSON")
    with project.read() as session:
        assert sorted(session.scalars(select(Annotation.text))) == ["叶老桂", "浙商银行", "𠮷野家"]


def test_a_dataset_read_as_the_wrong_format_is_refused_not_imported_without_spans(project, tmp_path):
    """CLUENER read as doccano, or doccano as CLUENER, used to import every text with no span and exit 0."""
    cluener = tmp_path / "cluener.jsonl"
    cluener.write_text(
        json.dumps({"text": "浙商银行称利润增长。", "label": {"company": {"浙商银行": [[0, 3]]}}}, ensure_ascii=False)
    )
    doccano = tmp_path / "doccano.jsonl"
    doccano.write_text(
        json.dumps(
            {"text": "浙商银行称利润增长。", "entities": [{"id": 1, "label": "ORG", "start_offset": 0, "end_offset": 4}]}
        )
    )
    for path, wrong in ((cluener, "doccano"), (doccano, "cluener")):
        with pytest.raises(Invalid, match=f"none of its 1 records has {wrong}'s span field"):
            dataset_import.import_dataset(project, path, dataset_import.Options(wrong, annotator="alice"))
    assert documents.count_documents(project) == 0
    unlabelled = tmp_path / "some-empty.jsonl"  # records with the field, empty, beside labelled ones: imported
    unlabelled.write_text(
        json.dumps({"text": "没有实体的句子。", "entities": []}, ensure_ascii=False)
        + "\n"
        + doccano.read_text(encoding="utf-8")
    )
    options = dataset_import.Options("doccano", annotator="alice", labels={"ORG": "stakeholder"})
    assert dataset_import.import_dataset(project, unlabelled, options).ok


CONLL_FILES = {
    "bio": "中\tB-ORG\n国\tI-ORG\n银\tI-ORG\n行\tI-ORG\n在\tO\n北\tB-LOC\n京\tI-LOC\n\n马\tB-PER\n云\tI-PER\n",
    "bmes": "中 B-ORG\n国 M-ORG\n银 M-ORG\n行 E-ORG\n在 O\n北 B-LOC\n京 E-LOC\n\n马 B-PER\n云 E-PER\n",
    "weibo": "中0\tB-ORG.NAM\n国1\tI-ORG.NAM\n银0\tI-ORG.NAM\n行1\tI-ORG.NAM\n在0\tO\n北0\tB-LOC.NAM\n京1\tI-LOC.NAM\n\n"
    "马0\tB-PER.NAM\n云1\tI-PER.NAM\n",
    "iob1": "中 I-ORG\n国 I-ORG\n银 I-ORG\n行 I-ORG\n在 O\n北 I-LOC\n京 I-LOC\n\n马 I-PER\n云 I-PER\n",
}


@pytest.mark.parametrize("name", sorted(CONLL_FILES))
def test_conll_files_of_every_scheme_give_the_same_spans(project, tmp_path, name):
    from annotator.io import conll

    path = tmp_path / f"{name}.conll"
    path.write_text(CONLL_FILES[name], encoding="utf-8")
    assert conll.scheme(path) == {"bio": "BIO", "bmes": "BMES", "weibo": "BIO", "iob1": "BIO"}[name]
    labels = {label: "stakeholder" for label in ("ORG", "LOC", "PER", "ORG.NAM", "LOC.NAM", "PER.NAM")}
    report = dataset_import.import_dataset(project, path, dataset_import.Options("conll", annotator="a", labels=labels))
    assert report.summary() == "2 imported, 0 duplicate, 0 refused"
    with project.read() as session:
        texts = session.scalars(select(Document.text).order_by(Document.id)).all()
        spans = session.scalars(select(Annotation.text).order_by(Annotation.document_id, Annotation.start)).all()
    assert texts == ["中国银行在北京", "马云"] and spans == ["中国银行", "北京", "马云"]


def test_conll_output_gives_the_same_spans_through_seqeval(coded, tmp_path):
    path = tmp_path / "out.conll"
    exporting.export_to_file(coded, path, format="conll")
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").split("\n") if "\t" in line]
    chars = "".join({"␣": " ", "↵": "\n", "⇥": "\t"}.get(r[0], r[0]) for r in rows)
    assert chars == TEXT
    found = set()
    for column in (1, 2):  # stakeholder, figure
        for kind, first, last in seqeval_entities([r[column] for r in rows]):
            found.add((kind, chars[first : last + 1]))
    assert found == {("stakeholder", "快手電商"), ("figure", "18.5%"), ("figure", "3億元")}
    bmes = tmp_path / "out.bmes"
    exporting.export_to_file(coded, bmes, format="conll-bmes")
    rows = [line.split("\t") for line in bmes.read_text(encoding="utf-8").split("\n") if "\t" in line]
    figures = seqeval_entities([r[2] for r in rows])
    assert {(k, chars[a : b + 1]) for k, a, b in figures} == {("figure", "18.5%"), ("figure", "3億元")}


def test_the_jsonl_exports_load_with_the_datasets_library(coded, tmp_path):
    datasets = pytest.importorskip("datasets")
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "b.txt").write_text("另一篇：营收增长12%，由bob标注。", encoding="utf-8")
    importing.import_paths(coded, [tmp_path / "more"])
    bob = annotators.ensure(coded, "bob")
    annotations.create_annotation(
        coded, annotator_id=bob, document_id=2, kind="figure", start=8, end=11, fields={"unit": "%"}
    )
    documents.set_document_fields(coded, annotator_id=bob, document_id=2, fields={"relevance": "partly"})
    for fmt in ("jsonl", "doccano"):
        path = tmp_path / f"{fmt}.jsonl"
        exporting.export_to_file(coded, path, format=fmt)
        loaded = datasets.load_dataset("json", data_files=str(path), split="train", cache_dir=str(tmp_path / "cache"))
        assert loaded.num_rows == 2 and loaded[0]["text"] == TEXT
        spans = loaded[1]["annotations" if fmt == "jsonl" else "entities"]
        start, end = ("start", "end") if fmt == "jsonl" else ("start_offset", "end_offset")
        assert [loaded[1]["text"][a[start] : a[end]] for a in spans] == ["12%"]


def test_a_folder_format_given_a_file_and_a_mapping_to_nothing_are_refused(project, tmp_path):
    (tmp_path / "x.ann").write_text("", encoding="utf-8")
    report = dataset_import.import_dataset(project, tmp_path / "x.ann", dataset_import.Options("brat", annotator="a"))
    assert report.results[0].status == "refused" and "brat is read from a folder" in report.results[0].message
    with pytest.raises(Invalid, match="--label X=nothing: nothing is neither a kind nor a link field"):
        dataset_import.import_dataset(
            project, tmp_path / "x.ann", dataset_import.Options("brat", annotator="a", labels={"X": "nothing"})
        )


def test_crlf_texts_are_stored_with_lf_and_their_spans_moved_with_them(project, tmp_path):
    path = tmp_path / "crlf.jsonl"
    text = "第一行\r\n快手电商\r\n第三行"
    entity = {"id": 1, "label": "stakeholder", "start_offset": 5, "end_offset": 9}
    path.write_text(json.dumps({"text": text, "entities": [entity]}, ensure_ascii=False), encoding="utf-8")
    report = dataset_import.import_dataset(project, path, dataset_import.Options("doccano", annotator="a"))
    assert "line ends rewritten as LF (2 crlf)" in report.results[0].warnings[0]
    with project.read() as session:
        [ann] = session.scalars(select(Annotation)).all()
        assert ann.text == "快手电商" and ann.document.text == "第一行\n快手电商\n第三行"


def test_brat_from_elsewhere_keeps_attributes_and_free_notes(project, tmp_path):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text("华为称营收增长了百分之十。", encoding="utf-8")
    (folder / "a.ann").write_text(
        "T1\tstakeholder 0 2\t华为\nT2\tclaim 0 12\t华为称营收增长了百分之十\nA1\ttype T2 statistical\n"
        "#1\tAnnotatorNotes T2\t需要核实\nR1\tclaimant Arg1:T2 Arg2:T1\n",
        encoding="utf-8",
    )
    report = dataset_import.import_dataset(project, folder, dataset_import.Options("brat", annotator="a"))
    assert report.ok, report.results
    with project.read() as session:
        claim = session.scalars(select(Annotation).where(Annotation.kind == "claim")).one()
        assert claim.fields == {"type": "statistical", "note": "需要核实"}
        assert session.scalars(select(Relation.type)).all() == ["claimant"]
        assert session.scalars(select(Entity.name)).all() == []  # no entity field given: none made


def test_cli_imports_a_dataset_and_says_what_is_missing(tmp_path, capsys):
    from annotator.cli.main import main

    project = tmp_path / "p.sqlite"
    assert main(["init", str(project)]) == 0
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"text": "马云在杭州", "label": {"PER": {"马云": [[0, 1]]}}}, ensure_ascii=False), "utf-8")
    assert main(["import", "--project", str(project), "--format", "cluener", str(path)]) == 2
    assert "--as-annotator NAME, or --as-suggestions" in capsys.readouterr().err
    assert main(["import", "--project", str(project), "--format", "cluener", str(path), "--as-suggestions"]) == 1
    assert "labels that are not kinds of the codebook: PER (1)" in capsys.readouterr().err
    args = ["import", "--project", str(project), "--format", "cluener", str(path), "--as-annotator", "ann"]
    assert main([*args, "--label", "PER=stakeholder"]) == 0
    assert "1 imported, 0 duplicate, 0 refused" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", sorted(f for f, spec in dataset_import.FORMATS.items() if spec.folder is not True))
def test_binary_and_wrongly_encoded_files_are_refused_by_name_and_nothing_is_stored(project, tmp_path, fmt):
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 8)
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes('{"text": "中国", "label": {}}\n中\tO\n'.encode("gbk"))
    before = _count(project, Document)
    for path in (garbage, gbk):
        report = dataset_import.import_dataset(project, path, dataset_import.Options(fmt, annotator="a"))
        assert report.results and all(r.status == "refused" for r in report.results)
        assert all(path.name in r.message for r in report.results)
    assert _count(project, Document) == before


def test_utf16_files_with_their_byte_order_mark_are_read(project, tmp_path):
    path = tmp_path / "utf16.jsonl"
    record = {"text": "马云在杭州", "entities": [{"id": 1, "label": "stakeholder", "start_offset": 0, "end_offset": 2}]}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\r\n", encoding="utf-16")
    report = dataset_import.import_dataset(project, path, dataset_import.Options("doccano", annotator="a"))
    assert report.summary() == "1 imported, 0 duplicate, 0 refused"


def test_a_span_of_nothing_but_line_breaks_survives_brat(project, tmp_path):
    (tmp_path / "a.txt").write_text("第一段。\n\n第二段。", encoding="utf-8")
    importing.import_paths(project, [tmp_path / "a.txt"])
    coder = annotators.ensure(project, "alice")
    annotations.create_annotation(project, annotator_id=coder, document_id=1, kind="figure", start=4, end=6)
    exporting.export_to_file(project, tmp_path / "brat", format="brat")
    other = projects.init_project(tmp_path / "other.sqlite")
    report = dataset_import.import_dataset(other, tmp_path / "brat", dataset_import.Options("brat", annotator="alice"))
    assert report.summary() == "1 imported, 0 duplicate, 0 refused"
    with other.read() as session:
        assert session.scalars(select(Annotation.text)).all() == ["\n\n"]
    other.close()
