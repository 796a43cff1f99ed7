"""Tables for statistics software and spreadsheets: CSV files and an XLSX workbook, with the filters
(coders, statuses, kinds, documents, gold) and text layers every exporter takes."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import tempfile
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from annotator.io import tables
from annotator.io.dataset import Selection
from annotator.services import annotations, annotators, documents, entities, exporting, importing, workers

from .conftest import ROOT, kill_workers, seqeval_entities

TRADITIONAL = "標題\n𠮷野家與快手電商合作，據負責人表示，交易額同比增長18.5%。"
SIMPLIFIED = "标题\n=SUM(A1)是公式吗？快手电商表示，平台新增商家超过30万家。"


@pytest.fixture
def coded(project, alice, bob, tmp_path):
    (tmp_path / "t.txt").write_text(TRADITIONAL, encoding="utf-8")
    (tmp_path / "s.txt").write_text(SIMPLIFIED, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    kuaishou = entities.create_entity(project, annotator_id=alice, name="快手", aliases=["快手電商"]).first("entity")["id"]
    t = TRADITIONAL.index("快手電商")
    stakeholder = annotations.create_annotation(
        project, annotator_id=alice, document_id=2, kind="stakeholder", start=t, end=t + 4, fields={"entity": kuaishou}
    ).first("annotation")
    f = TRADITIONAL.index("18.5%")
    annotations.create_annotation(
        project, annotator_id=alice, document_id=2, kind="figure", start=f, end=f + 5, fields={"unit": "%", "value": "18.5"}
    )
    c = TRADITIONAL.index("交易額")
    annotations.create_annotation(
        project,
        annotator_id=alice,
        document_id=2,
        kind="claim",
        start=c,
        end=f + 5,
        fields={"claimant": stakeholder["id"], "type": "statistical", "note": '=HYPERLINK("x")'},
    )
    s = SIMPLIFIED.index("30万家")
    annotations.create_annotation(project, annotator_id=bob, document_id=1, kind="figure", start=s, end=s + 4)
    documents.set_status(project, annotator_id=alice, document_id=2, status="done")
    gold = annotators.ensure(project, "gold")
    annotations.create_annotation(project, annotator_id=gold, document_id=2, kind="figure", start=f, end=f + 5)
    return project


def _csv(folder, name):
    with (folder / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_tables_hold_every_span_with_its_fields(coded, tmp_path):
    report = exporting.export_to_file(coded, tmp_path / "out", format="csv")
    assert report.documents == 2 and sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "annotations.csv",
        "document_codes.csv",
        "documents.csv",
        "entities.csv",
        "relations.csv",
    ]
    rows = _csv(tmp_path / "out", "annotations")
    assert len(rows) == 5
    claim = next(r for r in rows if r["kind"] == "claim")
    stakeholder = next(r for r in rows if r["kind"] == "stakeholder")
    assert claim["claim_claimant"] == stakeholder["annotation_id"] and claim["claim_type"] == "statistical"
    assert claim["claim_note"] == '\'=HYPERLINK("x")'  # text, never a formula
    assert stakeholder["stakeholder_entity"] == "快手"
    text = {r["document_id"]: r["text"] for r in _csv(tmp_path / "out", "documents")}
    for row in rows:  # offsets are code points of the stored text: 𠮷 counts one
        assert text[row["document_id"]][int(row["start"]) : int(row["end"])] == row["text"]
    assert _csv(tmp_path / "out", "relations")[0]["type"] == "claimant"
    assert _csv(tmp_path / "out", "entities")[0]["aliases"] == "快手; 快手電商"
    codes = {r["annotator"]: r["status"] for r in _csv(tmp_path / "out", "document_codes")}
    assert codes["alice"] == "done" and codes["bob"] == "in_progress"  # bob annotated, so he started
    assert next(r for r in _csv(tmp_path / "out", "documents") if r["title"] == "标题")["text"].startswith("标题\n=SUM")


SPLIT_EXPORT = """
import sys
sys.path.insert(0, {root!r})
from annotator.services import exporting, workers
from annotator.storage.project import Project
assert workers.can_fork() and workers.cores() >= 2  # a process of one thread: the export below is split
exporting.SPLIT_FROM = 2
heard = []
report = exporting.export_to_file(Project.open(sys.argv[1]), sys.argv[2], format="csv", progress=lambda *p: heard.append(p))
print(report.documents, *heard[-1])
"""


def test_a_csv_export_written_in_two_processes_equals_one_written_alone(coded, alice, tmp_path, monkeypatch):
    if workers.cores() < 2:
        pytest.skip("one core: exports are never split")
    # Entities in both halves (快手 in each), and names whose sorting the formula guard must not disturb.
    for name, phrase in (("=Z公司", "商家"), ("快手", "快手电商"), ("A公司", "平台")):
        known = entities.find_entities(coded, name)
        created = None if known else entities.create_entity(coded, annotator_id=alice, name=name).first("entity")
        entity = known[0]["id"] if known else created["id"]
        at = SIMPLIFIED.index(phrase)
        annotations.create_annotation(
            coded, annotator_id=alice, document_id=1, kind="stakeholder", start=at, end=at + len(phrase),
            fields={"entity": entity},
        )  # fmt: skip
    monkeypatch.setattr(exporting, "SPLIT_FROM", 10**9)
    exporting.export_to_file(coded, tmp_path / "alone", format="csv")
    # Split in a process of its own: this one may hold threads of earlier tests, and then never forks.
    split = subprocess.run(
        [sys.executable, "-c", SPLIT_EXPORT.format(root=str(ROOT)), coded.url, str(tmp_path / "split")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert split.stdout.split() == ["2", "2", "2"], split.stderr  # documents written; the last progress: 2 of 2
    for name in tables.SHEETS:
        assert (tmp_path / "split" / f"{name}.csv").read_bytes() == (tmp_path / "alone" / f"{name}.csv").read_bytes()
    assert [r["name"] for r in _csv(tmp_path / "split", "entities")] == ["'=Z公司", "A公司", "快手"]

    # From a thread (as the window exports) the worker cannot be forked: a large export spawns it.
    monkeypatch.setattr(exporting, "SPLIT_FROM", 2)
    monkeypatch.setattr(exporting, "SPAWNED_SPLIT_FROM", 2)
    halves, folder = [], tempfile.TemporaryDirectory  # the later half's folder: made only for a split
    monkeypatch.setattr(tempfile, "TemporaryDirectory", lambda **kw: halves.append(kw) or folder(**kw))
    thread = threading.Thread(target=exporting.export_to_file, args=(coded, tmp_path / "spawned"), kwargs={"format": "csv"})
    thread.start()
    thread.join(timeout=120)
    assert len(halves) == 1  # it was written in two halves
    for name in tables.SHEETS:
        assert (tmp_path / "spawned" / f"{name}.csv").read_bytes() == (tmp_path / "alone" / f"{name}.csv").read_bytes()


def test_a_split_csv_export_whose_worker_is_killed_is_finished_here(coded, tmp_path, monkeypatch):
    """As the kernel kills a process when memory runs out: the later half is written by the exporting
    process, and the tables are the same."""
    if workers.cores() < 2:
        pytest.skip("one core: exports are never split")
    monkeypatch.setattr(exporting, "SPLIT_FROM", 10**9)
    exporting.export_to_file(coded, tmp_path / "alone", format="csv")
    monkeypatch.setattr(exporting, "SPLIT_FROM", 2)
    monkeypatch.setattr(exporting, "SPAWNED_SPLIT_FROM", 2)
    killed = []

    def progress(done, total):  # the first half read: the worker (spawned from the thread, still starting) is killed
        if not killed:
            killed.extend(kill_workers())

    export = {"format": "csv", "progress": progress}
    thread = threading.Thread(target=exporting.export_to_file, args=(coded, tmp_path / "killed"), kwargs=export)
    thread.start()
    thread.join(timeout=120)
    assert killed
    for name in tables.SHEETS:
        assert (tmp_path / "killed" / f"{name}.csv").read_bytes() == (tmp_path / "alone" / f"{name}.csv").read_bytes()


def test_filters_and_the_simplified_layer(coded, tmp_path):
    exporting.export_to_file(
        coded, tmp_path / "a", format="csv", selection=Selection(annotators=("alice",), kinds=("figure", "claim"))
    )
    assert sorted(r["kind"] for r in _csv(tmp_path / "a", "annotations")) == ["claim", "figure"]
    assert _csv(tmp_path / "a", "relations") == []  # the claimant is a stakeholder, which was left out
    exporting.export_to_file(coded, tmp_path / "d", format="csv", selection=Selection(statuses=("done",)))
    assert [r["title"] for r in _csv(tmp_path / "d", "documents")] == ["標題"]
    exporting.export_to_file(coded, tmp_path / "g", format="csv", selection=Selection(gold_only=True))
    assert [(r["annotator"], r["kind"]) for r in _csv(tmp_path / "g", "annotations")] == [("gold", "figure")]
    exporting.export_to_file(coded, tmp_path / "s", format="csv", selection=Selection(layer="t2s", annotators=("alice",)))
    text = {r["document_id"]: r["text"] for r in _csv(tmp_path / "s", "documents")}
    rows = _csv(tmp_path / "s", "annotations")
    assert {r["text"] for r in rows} >= {"快手电商", "18.5%"}
    assert all(text[r["document_id"]][int(r["start"]) : int(r["end"])] == r["text"] for r in rows)


def test_xlsx_sheets_show_no_formula(coded, tmp_path):
    path = tmp_path / "out.xlsx"
    exporting.export_to_file(coded, path, format="xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["annotations", "documents", "document_codes", "relations", "entities"]
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert any(c.value == '=HYPERLINK("x")' and c.data_type == "s" for c in cells)  # exact, as text
    header = [c.value for c in next(book["annotations"].iter_rows())]
    assert header[:9] == [
        "document_id",
        "document_title",
        "annotation_id",
        "annotator",
        "kind",
        "start",
        "end",
        "text",
        "origin",
    ]
    starts = [row[5].value for row in book["annotations"].iter_rows(min_row=2)]
    assert all(isinstance(v, int) for v in starts)  # numbers stay numbers


def test_export_command_with_filters(coded, tmp_path):
    coded.close()
    run = [sys.executable, "-m", "annotator", "export", "--project", coded.url]
    done = subprocess.run(
        [*run, "--format", "csv", "--output", str(tmp_path / "c"), "--kinds", "figure"], capture_output=True, text=True
    )
    assert done.returncode == 0 and "exported 2 document(s)" in done.stderr
    assert {r["kind"] for r in _csv(tmp_path / "c", "annotations")} == {"figure"}
    refused = subprocess.run(
        [*run, "--format", "jsonl", "--output", str(tmp_path / "x.jsonl"), "--kinds", "figure"],
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 1 and "keeps everything" in refused.stderr and not (tmp_path / "x.jsonl").exists()


def test_doccano_lines_hold_spans_and_relations(coded, tmp_path):
    import json

    exporting.export_to_file(coded, tmp_path / "d.jsonl", format="doccano", selection=Selection(annotators=("alice",)))
    records = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()]
    record = next(r for r in records if r["entities"])
    text = record["text"]
    labels = {(e["label"], text[e["start_offset"] : e["end_offset"]]) for e in record["entities"]}
    assert labels == {("stakeholder", "快手電商"), ("figure", "18.5%"), ("claim", "交易額同比增長18.5%")}
    [relation] = record["relations"]
    by_id = {e["id"]: e["label"] for e in record["entities"]}
    assert (by_id[relation["from_id"]], by_id[relation["to_id"]], relation["type"]) == ("claim", "stakeholder", "claimant")


def test_label_studio_counts_utf16_and_carries_field_values(coded, tmp_path):
    import json

    exporting.export_to_file(coded, tmp_path / "ls.json", format="label-studio")
    tasks = json.loads((tmp_path / "ls.json").read_text(encoding="utf-8"))
    task = next(t for t in tasks if t["data"]["title"] == "標題")
    assert [a["result"][0]["annotator"] for a in task["annotations"]] == ["alice", "gold"]
    assert not any("completed_by" in a for a in task["annotations"])  # Label Studio takes members only
    results = task["annotations"][0]["result"]
    figure = next(r for r in results if r["type"] == "labels" and r["value"]["labels"] == ["figure"])
    text = task["data"]["text"]
    utf16 = text.encode("utf-16-le")
    shown = utf16[2 * figure["value"]["start"] : 2 * figure["value"]["end"]].decode("utf-16-le")
    assert shown == figure["value"]["text"] == "18.5%"
    assert figure["value"]["start"] == text.index("18.5%") + 1  # 𠮷 is two UTF-16 units
    per_region = {
        (r["from_name"], r["type"]): r["value"] for r in results if r.get("id") == figure["id"] and r["type"] != "labels"
    }
    assert per_region[("figure_unit", "textarea")]["text"] == ["%"]
    claim_type = next(r for r in results if r.get("from_name") == "claim_type")
    assert claim_type["value"]["choices"] == ["statistical"]
    [relation] = [r for r in results if r["type"] == "relation"]
    assert relation["labels"] == ["claimant"]


def test_brat_folder_reads_back_strictly(coded, tmp_path):
    from annotator.io import brat_records

    (tmp_path / "two.txt").write_text("标题\n第一行快手\n电商第二行", encoding="utf-8")
    importing.import_paths(coded, [tmp_path / "two.txt"])
    start = "标题\n第一行快手\n电商第二行".index("快手")
    annotations.create_annotation(
        coded, annotator_id=annotators.ensure(coded, "alice"), document_id=3, kind="stakeholder", start=start, end=start + 5
    )
    exporting.export_to_file(coded, tmp_path / "brat", format="brat", selection=Selection(annotators=("alice",)))
    assert sorted(p.name for p in (tmp_path / "brat").iterdir()) == ["alice", "annotation.conf"]
    conf = (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8")
    assert "claimant\tArg1:claim, Arg2:stakeholder" in conf and "\ntype\tArg:claim|stakeholder, Value:factual|" in conf
    folder = tmp_path / "brat" / "alice"
    files = sorted(p.suffix for p in folder.iterdir())
    assert files == [".ann", ".ann", ".ann", ".txt", ".txt", ".txt"]
    docs = {p.stem: brat_records.read(p.with_suffix(".txt"), p) for p in folder.glob("*.ann")}
    crossing = next(d for d in docs.values() if "第一行" in d.text)
    [(kind, pieces, shown)] = crossing.spans.values()
    assert kind == "stakeholder" and pieces == [(start, start + 2), (start + 3, start + 5)] and shown == "快手 电商"
    claim_doc = next(d for d in docs.values() if "交易額" in d.text)
    kinds = {ident: span[0] for ident, span in claim_doc.spans.items()}
    [(rtype, arg1, arg2)] = claim_doc.relations
    assert (rtype, kinds[arg1], kinds[arg2]) == ("claimant", "claim", "stakeholder")
    assert ("type", "statistical") in {(a[0], a[2]) for a in claim_doc.attributes}
    notes = {claim_doc.spans[target][0]: note for target, note in claim_doc.notes}
    assert notes["figure"] == "value: 18.5 | unit: %" and notes["stakeholder"] == "entity: 快手"
    bad = tmp_path / "bad.ann"
    bad.write_text("T1\tfigure 0 2\twrong\n", encoding="utf-8")
    with pytest.raises(brat_records.BratError, match="bad.ann:1: 'wrong' is not the text"):
        brat_records.read(next(folder.glob("*.txt")), bad)


@pytest.mark.parametrize("fmt", ["conll", "conll-bmes"])
def test_conll_gives_the_spans_back(coded, tmp_path, fmt):
    path = tmp_path / "out.conll"
    exporting.export_to_file(coded, path, format=fmt, selection=Selection(annotators=("alice",)))
    lines = path.read_text(encoding="utf-8").split("\n")
    docs, current = {}, None
    for line in lines:
        if line.startswith("-DOCSTART-"):
            current = docs.setdefault(line.split()[1], [])
        elif line and not line.startswith("#"):
            current.append(line.split("\t"))
    [rows] = [r for r in docs.values() if any(r_[0] == "交" for r_ in r)]
    chars = "".join({"␣": " ", "↵": "\n", "⇥": "\t"}.get(r[0], r[0]) for r in rows)
    found = set()
    for column in (1, 2):  # stakeholder, figure
        for name, first, last in seqeval_entities([r[column] for r in rows]):
            found.add((name, chars[first : last + 1]))
    assert found == {("stakeholder", "快手電商"), ("figure", "18.5%")}
    assert all(len(r) == 3 for r in rows) and "𠮷" in chars  # one code point per line
    with pytest.raises(exporting.ServiceError, match="one coder"):
        exporting.export_to_file(coded, tmp_path / "two.conll", format=fmt)  # alice and gold both tagged figures


def test_qdpx_validates_against_the_refi_qda_schema(coded, tmp_path):
    import xml.etree.ElementTree as ET
    import zipfile

    import xmlschema

    from .conftest import SHARED

    schema_file = SHARED / "schemas" / "refi-qda" / "Project-mrt2019.xsd"
    if not schema_file.exists():
        pytest.skip("../shared is not beside the repository")
    path = tmp_path / "project.qdpx"
    exporting.export_to_file(coded, path, format="qdpx")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        qde = archive.read("project.qde")
        sources = {n: archive.read(n).decode("utf-8") for n in names if n.startswith("sources/")}
    assert not qde.startswith(b"\xef\xbb\xbf")  # no BOM
    assert sources and all(n.startswith("sources/") and n == n.lower() for n in sources)
    xmlschema.XMLSchema(str(schema_file)).validate(qde.decode("utf-8"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    root = ET.fromstring(qde)
    source = next(s for s in root.iterfind(".//q:TextSource", ns) if s.get("name") == "標題")
    text = sources[f"sources/{source.get('guid')}.txt"]
    selections = source.findall("q:PlainTextSelection", ns)
    assert {text[int(s.get("startPosition")) : int(s.get("endPosition"))] for s in selections} >= {"快手電商", "18.5%"}
    codes = {c.get("guid"): c.get("name") for c in root.iterfind(".//q:Code", ns)}
    claim = next(s for s in selections if text[int(s.get("startPosition")) : int(s.get("endPosition"))].startswith("交易額"))
    coded_as = {codes[ref.get("targetGUID")] for ref in claim.iterfind(".//q:CodeRef", ns)}
    assert {"Claim", "Type: statistical"} <= coded_as
    assert "note: =HYPERLINK" in claim.findtext("q:Description", namespaces=ns)
    [link] = root.findall(".//q:Link", ns)
    assert link.get("name") == "claimant" and link.get("originGUID") == claim.get("guid")
    users = {u.get("name") for u in root.iterfind(".//q:User", ns)}
    assert {"alice", "bob", "gold"} <= users


def test_csv_and_parquet_read_back_with_pandas(coded, tmp_path):
    pandas = pytest.importorskip("pandas")

    exporting.export_to_file(coded, tmp_path / "csv", format="csv")
    exporting.export_to_file(coded, tmp_path / "parquet", format="parquet")
    from_csv = pandas.read_csv(tmp_path / "csv" / "annotations.csv", encoding="utf-8-sig")
    from_parquet = pandas.read_parquet(tmp_path / "parquet" / "annotations.parquet")
    assert list(from_csv.columns) == list(from_parquet.columns) and len(from_csv) == len(from_parquet) == 5
    assert str(from_parquet["start"].dtype) == "int64" and str(from_parquet["figure_normalised_value"].dtype) == "float64"
    assert sorted(from_parquet["kind"]) == sorted(from_csv["kind"])
    figure = from_parquet[(from_parquet["kind"] == "figure") & (from_parquet["annotator"] == "alice")].iloc[0]
    assert (figure["figure_unit"], figure["figure_value"], figure["text"]) == ("%", "18.5", "18.5%")
    documents = pandas.read_parquet(tmp_path / "parquet" / "documents.parquet")
    for _, row in from_parquet.iterrows():
        text = documents.set_index("document_id").loc[row["document_id"], "text"]
        assert text[row["start"] : row["end"]] == row["text"]
    assert len(pandas.read_parquet(tmp_path / "parquet" / "entities.parquet")) == 1


@given(st.text())
def test_a_text_cell_is_written_as_the_csv_module_writes_it(text):
    out = io.StringIO()
    csv.writer(out).writerow(["before", text])
    assert out.getvalue() == "before," + tables.csv_text(text) + "\r\n"


def test_article_texts_read_back_exactly_from_documents_csv(project, tmp_path):
    texts = ['=1+1, "quoted", and more', "plain 快手电商", "two\nlines, one comma", "@handle\n\nend,"]
    for i, text in enumerate(texts):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    exporting.export_to_file(project, tmp_path / "out", format="csv")
    with (tmp_path / "out" / "documents.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["text"] for r in rows) == sorted(texts)  # exact: offsets into them hold in any reader


def test_titles_outlets_and_urls_with_line_breaks_stay_in_their_cells(project, tmp_path, template_project):
    """A title with a line break and a formula after it, an outlet with quotes, a URL with a comma: each stays
    one cell for the csv module, pandas and our own import of the exported documents.csv."""
    import shutil

    import pandas

    from annotator.storage.project import Project

    rows = [
        ("第一条\n=1+1", '新华社"快讯"', "https://example.cn/a,b", "快手电商表示，平台新增商家超过30万家。"),
        (
            '=HYPERLINK("x")\r\n@second',
            "人民日报\r\n海外版",
            "https://example.cn/\n=2",
            "国家统计局发布数据显示，消费增长。",
        ),
    ]
    with (tmp_path / "in.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "outlet", "url", "text"])
        writer.writerows(rows)
    assert importing.import_paths(project, [tmp_path / "in.csv"]).ok
    exporting.export_to_file(project, tmp_path / "out", format="csv")

    exported = _csv(tmp_path / "out", "documents")
    assert [(tables.unsafe(r["title"]), tables.unsafe(r["outlet"]), r["url"]) for r in exported] == [
        (t, o, u) for t, o, u, _ in rows
    ]
    frame = pandas.read_csv(tmp_path / "out" / "documents.csv", encoding="utf-8-sig", keep_default_na=False)
    assert len(frame) == 2 and [tables.unsafe(t) for t in frame["title"]] == [r[0] for r in rows]
    assert all(not str(cell).startswith(("=", "@", "+")) for cell in frame.to_numpy().ravel())

    again = tmp_path / "again.sqlite"
    shutil.copy(template_project, again)
    other = Project.open(again)
    try:
        report = importing.import_paths(other, [tmp_path / "out" / "documents.csv"])
        assert report.ok and len(report.results) == 2
        assert sorted(documents.get_document(other, i)["text"] for i in (1, 2)) == sorted(r[3] for r in rows)
    finally:
        other.close()
