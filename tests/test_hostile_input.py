"""Hostile input: ids in imported files never become paths (an export writes only inside its folder or
archive), and the article pane shows markup as the text it is, loading nothing. (Hostile HTML import is in
test_import_encodings, formula-looking cells in test_export_tables, foreign and damaged project files in
test_storage.)"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from annotator.services import dataset_import, documents, exporting, importing, merging, projects

ESCAPE = "../../../../../../../../tmp/evil-xx"  # 36 characters, as long as a uid
TEXT = "腾讯表示，用户达到12亿。"


def _files_under(folder: Path) -> list[Path]:
    return [p.resolve() for p in folder.rglob("*") if p.is_file()]


def _exports_stay_inside(project, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("brat", "qdpx", "spacy", "conll", "doccano"):
        exporting.export_to_file(project, out / f"export-{fmt}{exporting.FORMATS[fmt].suffix}", format=fmt)
    assert all(out.resolve() in p.parents for p in _files_under(out))
    assert not list(tmp_path.parent.glob("evil-xx*")) and not Path("/tmp/evil-xx.txt").exists()
    with zipfile.ZipFile(out / "export-qdpx.qdpx") as archive:
        assert all(".." not in name and not name.startswith("/") for name in archive.namelist())


def test_ids_in_imported_files_never_become_paths(sqlite_project, tmp_path):
    native = tmp_path / "native.jsonl"
    line = {"id": ESCAPE, "title": "t", "text": TEXT, "annotations": [
        {"id": ESCAPE, "kind": "stakeholder", "start": 0, "end": 2, "annotator": "x", "fields": {}}]}  # fmt: skip
    native.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    importing.import_paths(sqlite_project, [native])
    doccano = tmp_path / "doccano.jsonl"
    entity = {"id": ESCAPE, "label": "stakeholder", "start_offset": 4, "end_offset": 6}
    record = {"id": ESCAPE, "text": "另一篇：" + TEXT, "entities": [entity]}
    doccano.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    dataset_import.import_dataset(sqlite_project, doccano, dataset_import.Options(format="doccano", annotator="y"))
    with sqlite3.connect(sqlite_project.path) as connection:
        stored = [row[0] for table in ("documents", "annotations") for row in connection.execute(f"SELECT uid FROM {table}")]
    assert len(stored) == 4 and all(len(uid) == 36 and "/" not in uid for uid in stored)
    _exports_stay_inside(sqlite_project, tmp_path)


def test_a_crafted_project_file_cannot_write_outside_the_export_folder(sqlite_project, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    importing.import_paths(sqlite_project, [tmp_path / "a.txt"])
    with sqlite3.connect(sqlite_project.path) as connection:  # written by other means than ours
        connection.execute("UPDATE documents SET uid = ?", (ESCAPE,))
    _exports_stay_inside(sqlite_project, tmp_path)


def test_merging_a_crafted_export_keeps_ids_harmless(sqlite_project, tmp_path):
    other = projects.init_project(tmp_path / "other.sqlite")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    importing.import_paths(other, [tmp_path / "a.txt"])
    with sqlite3.connect(other.path) as connection:
        connection.execute("UPDATE documents SET uid = ?", (ESCAPE,))
    other.close()
    merging.merge(sqlite_project, [str(tmp_path / "other.sqlite")])
    [doc] = documents.list_documents(sqlite_project)
    assert "/" not in documents.get_document(sqlite_project, doc.id)["uid"]


def test_the_article_pane_shows_markup_as_text_and_loads_nothing(qtbot, sqlite_project, tmp_path):
    from PySide6.QtWidgets import QPlainTextEdit

    from annotator.gui.main_window import MainWindow

    page = '<img src="https://evil.example/x.png"><script>alert(1)</script><b>粗体</b>'
    (tmp_path / "markup.txt").write_text(page + "\n" + TEXT, encoding="utf-8")
    importing.import_paths(sqlite_project, [tmp_path / "markup.txt"])
    window = MainWindow(sqlite_project, "alice")
    qtbot.addWidget(window)
    window.show_document(1)
    assert isinstance(window.article, QPlainTextEdit)  # plain text only: no HTML, no images, no links
    assert window.article.displayed_text.startswith(page)
    assert window.heading.text() == page and window.heading.textFormat().name == "PlainText"
