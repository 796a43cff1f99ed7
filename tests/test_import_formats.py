"""Each importable format, folders, idempotence, cleaning, progress and cancel (DESIGN §5)."""

from __future__ import annotations

import csv
import json
import threading

import docx
import openpyxl
import pytest
from sqlalchemy import func, select

from annotator.services import documents, importing, workers
from annotator.storage.models import Document, ImportRecord

from .conftest import SAMPLES, kill_workers

ARTICLE = "快手电商负责人表示，平台本季度新增商家超过30万家。\n分析师认为增速将放缓。"


def _import(project, *paths, **options):
    return importing.import_paths(project, list(paths), importing.Options(**options))


def _docs(project):
    return [documents.get_document(project, d.id) for d in documents.list_documents(project)]


def test_markdown_and_text_titles(project, tmp_path):
    (tmp_path / "a.md").write_text("# 快手季度观察\n\n" + ARTICLE, encoding="utf-8")
    report = _import(project, tmp_path / "a.md")
    (doc,) = _docs(project)
    assert doc["title"] == "快手季度观察" and doc["text"] == "# 快手季度观察\n\n" + ARTICLE
    assert report.results[0].status == "imported"


def test_docx_paragraphs_and_tables(project, tmp_path):
    document = docx.Document()
    document.core_properties.title = "快手季度观察"
    for line in ARTICLE.split("\n"):
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "GMV"
    table.rows[0].cells[1].text = "1758亿元"
    document.save(tmp_path / "a.docx")
    _import(project, tmp_path / "a.docx")
    (doc,) = _docs(project)
    assert doc["title"] == "快手季度观察"
    assert doc["text"] == ARTICLE + "\nGMV\t1758亿元"


def test_csv_rows_with_known_columns_and_formula_cells_kept_as_text(project, tmp_path):
    rows = [
        ["标题", "正文", "来源", "日期", "备注"],
        ["第一篇", ARTICLE, "新华社", "2024-03-01", '=HYPERLINK("x")'],
        ["第二篇", "=1+2 看似公式的正文", "", "", ""],
        ["空的", "", "", "", ""],
    ]
    path = tmp_path / "a.csv"
    with path.open("w", encoding="gb18030", newline="") as fh:
        csv.writer(fh).writerows(rows)
    report = _import(project, path)
    assert [r.status for r in report.results] == ["imported", "imported", "refused"]
    assert report.results[2].source.endswith("a.csv:row 4") and "empty text" in report.results[2].message
    first, second = _docs(project)
    assert first["title"] == "第一篇" and first["outlet"] == "新华社" and first["published"] == "2024-03-01"
    assert first["text"] == ARTICLE and first["meta"] == {"备注": '=HYPERLINK("x")'}
    assert second["text"] == "=1+2 看似公式的正文"


def test_tsv_with_a_user_mapping(project, tmp_path):
    path = tmp_path / "a.tsv"
    path.write_text("头\t稿件\nx\t" + ARTICLE.replace("\n", " ") + "\n", encoding="utf-8")
    report = _import(project, path)
    assert "no text column" in report.results[0].message
    report = _import(project, path, mapping={"text": "稿件", "title": "头"})
    assert report.results[0].status == "imported" and _docs(project)[0]["title"] == "x"


def test_xlsx_reads_values_never_formulas(project, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["title", "text", "url"])
    sheet.append(["表格文章", ARTICLE, "https://example.com/a"])
    sheet.append(["公式", "=SUM(1,2)", None])
    book.save(tmp_path / "a.xlsx")
    report = _import(project, tmp_path / "a.xlsx")
    assert [r.status for r in report.results] == ["imported", "refused"]  # a formula without a cached value is empty
    assert _docs(project)[0]["url"] == "https://example.com/a"


def test_json_and_jsonl_rows(project, tmp_path):
    (tmp_path / "a.json").write_text(
        json.dumps({"articles": [{"title": "甲", "content": ARTICLE, "tags": ["x"]}]}, ensure_ascii=False), encoding="utf-8"
    )
    (tmp_path / "b.jsonl").write_text('{"title": "乙", "text": "另一篇文章的正文内容"}\n{broken\n[1, 2]\n', encoding="utf-8")
    report = _import(project, tmp_path)
    statuses = {r.source.rsplit("/", 1)[-1]: (r.status, r.message) for r in report.results}
    assert statuses["a.json:record 1"][0] == "imported"
    assert statuses["b.jsonl:line 1"][0] == "imported"
    assert statuses["b.jsonl:line 2"][0] == "refused" and "invalid JSON" in statuses["b.jsonl:line 2"][1]
    assert statuses["b.jsonl:line 3"] == ("refused", "not a JSON object")
    assert _docs(project)[0]["meta"] == {"tags": '["x"]'}


def test_folder_import_is_recursive_idempotent_and_keeps_every_result(project, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(ARTICLE + "\n第二篇。", encoding="utf-8")
    (tmp_path / "sub" / "c.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / ".hidden.txt").write_text("隐藏文件", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    first = _import(project, tmp_path)
    assert first.summary() == "2 imported, 0 duplicate, 1 refused"
    second = _import(project, tmp_path)
    assert second.summary() == "0 imported, 2 duplicate, 1 refused"
    with project.read() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 2
        batches = session.execute(select(ImportRecord.batch, func.count()).group_by(ImportRecord.batch)).all()
        assert sorted(n for _, n in batches) == [3, 3]


def test_cleaning_is_optional_and_recorded(project):
    sample = SAMPLES / "kuaishou_store_upgrade_traditional_with_pinyin_and_mojibake.txt"
    raw = _import(project, sample)
    cleaned = _import(project, sample, clean=("pinyin", "spam", "footer"))
    raw_doc = documents.get_document(project, raw.results[0].document_id)
    doc = documents.get_document(project, cleaned.results[0].document_id)
    assert "(guī)" in raw_doc["text"] and "(guī)" not in doc["text"]
    assert doc["title"] == "小店升級——快手電商正規軍進場"
    assert doc["provenance"]["cleaning"] == {
        "requested": ["pinyin", "spam", "footer"],
        "removed": {"pinyin": 85, "footer": 1},
    }
    assert raw_doc["provenance"]["quality"]["pinyin_gloss"] == 85 and "cleaning" not in raw_doc["provenance"]


def test_progress_is_reported_and_cancel_stops_between_files(project, tmp_path):
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"第{i}篇：" + ARTICLE, encoding="utf-8")
    seen = []
    report = importing.import_paths(
        project, [tmp_path], progress=lambda done, total, label: seen.append((done, total)), cancelled=lambda: len(seen) >= 3
    )
    assert report.cancelled and report.count("imported") == 3
    assert seen == [(0, 5), (1, 5), (2, 5)]
    assert len(documents.list_documents(project)) == 3
    rest = importing.import_paths(project, [tmp_path])
    assert rest.summary() == "2 imported, 3 duplicate, 0 refused"


@pytest.mark.parametrize("name", ["a.txt", "a.html"])
def test_crlf_becomes_lf_and_is_recorded(project, tmp_path, name):
    (tmp_path / name).write_bytes(ARTICLE.replace("\n", "\r\n").encode())
    _import(project, tmp_path / name)
    doc = _docs(project)[0]
    assert "\r" not in doc["text"]
    if name == "a.txt":
        assert doc["provenance"]["newlines"] == {"crlf": 1}


def test_large_batches_prepare_in_a_worker_and_still_cancel_cleanly(project, tmp_path):
    count = importing.PARALLEL_FROM + 6
    for i in range(count):
        (tmp_path / f"{i:03}.txt").write_text(f"第{i}篇：" + ARTICLE, encoding="utf-8")
    (tmp_path / "zz_bad.txt").write_bytes(b"\x00\x01\x02\x03")
    calls = []
    report = importing.import_paths(
        project, [tmp_path], progress=lambda done, total, label: calls.append(done), cancelled=lambda: len(calls) >= 10
    )
    assert report.cancelled and report.count("imported") == 10
    report = importing.import_paths(project, [tmp_path])
    assert report.summary() == f"{count - 10} imported, 10 duplicate, 1 refused"
    titles = [d.title for d in documents.list_documents(project)]
    assert titles == [f"第{i}篇：" + ARTICLE.split("\n")[0] for i in range(count)]  # stored in file order


def test_an_import_goes_on_when_its_worker_is_killed(project, tmp_path):
    # As the kernel kills a process when memory runs out: what the worker had not delivered is prepared by
    # the importing process, and every file is stored once, in file order.
    if workers.cores() < 2:
        pytest.skip("one core: an import has no worker")
    count = 1024
    for i in range(count):
        (tmp_path / f"{i:04}.txt").write_text(f"第{i}篇：" + ARTICLE, encoding="utf-8")
    killed = []

    def progress(done, total, label):
        if done == 100 and not killed:
            killed.extend(kill_workers())

    report = importing.import_paths(project, [tmp_path], progress=progress)
    assert killed  # there was a worker to kill
    assert report.summary() == f"{count} imported, 0 duplicate, 0 refused"
    titles = [d.title for d in documents.list_documents(project)]
    assert titles == [f"第{i}篇：" + ARTICLE.split("\n")[0] for i in range(count)]


def test_an_import_from_a_thread_stores_while_its_spawned_worker_starts(project, tmp_path):
    # From a thread (as the window imports) the worker is spawned, which takes about a second; this process
    # prepares files itself until it is ready, then hands the rest over: every file once, in file order.
    count = importing.PARALLEL_FROM * 4
    for i in range(count):
        (tmp_path / f"{i:03}.txt").write_text(f"第{i}篇：" + ARTICLE, encoding="utf-8")
    reports = []
    thread = threading.Thread(target=lambda: reports.append(importing.import_paths(project, [tmp_path])))
    thread.start()
    thread.join()
    assert reports[0].summary() == f"{count} imported, 0 duplicate, 0 refused"
    titles = [d.title for d in documents.list_documents(project)]
    assert titles == [f"第{i}篇：" + ARTICLE.split("\n")[0] for i in range(count)]
