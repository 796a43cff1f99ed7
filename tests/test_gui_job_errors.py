"""A background job that meets an error nobody expected (here a real database error: a table the service reads
is gone) ends with a message on the window's thread; no dialog stays at "Computing…" or "Importing…"."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.gui import app
from annotator.gui.agreement_view import AgreementView
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.import_dialog import ImportDialog
from annotator.gui.merge_dialog import MergeDialog
from annotator.services import annotations, annotators, codebooks, importing
from annotator.storage import trouble


def _break(path, table: str) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute(f"ALTER TABLE {table} RENAME TO {table}_gone")


def _coded(sqlite_project, tmp_path):
    """A project with an article, and the codebook and coder the dialogs are opened with (as the window does)."""
    article = tmp_path / "a.txt"
    article.write_text("国家统计局发布数据显示，消费增长。", encoding="utf-8")
    importing.import_paths(sqlite_project, [article])
    return codebooks.current_codebook(sqlite_project)[1], annotators.ensure(sqlite_project, "alice")


def test_agreement_says_a_database_error_instead_of_computing_forever(qtbot, sqlite_project, tmp_path, capsys):
    book, alice = _coded(sqlite_project, tmp_path)
    _break(sqlite_project.path, "annotations")
    view = AgreementView(sqlite_project, book, viewer=alice)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: "Something went wrong" in view.status.text(), timeout=10000)
    assert "no such table" in view.status.text() and "[SQL:" not in view.status.text()  # the reason, not the query
    assert not view.running()
    assert "Traceback" in capsys.readouterr().err  # whole in the log, for a bug report


def test_export_import_and_merge_end_with_the_error_said(qtbot, sqlite_project, tmp_path):
    book, alice = _coded(sqlite_project, tmp_path)
    other = tmp_path / "other.sqlite"  # a whole project to merge in
    sqlite_project.backup(other)
    _break(sqlite_project.path, "documents")

    export = ExportDialog(sqlite_project, lambda: [1], 1, book, viewer=alice)
    qtbot.addWidget(export)
    export.destination.setText(str(tmp_path / "out.jsonl"))
    export.export_button.click()
    qtbot.waitUntil(lambda: not export.running(), timeout=10000)
    assert "no such table" in export.status.text()
    assert not (tmp_path / "out.jsonl").exists()

    more = tmp_path / "b.txt"
    more.write_text("市场监管总局表示，将加强监管。", encoding="utf-8")
    importer = ImportDialog(sqlite_project, alice)
    qtbot.addWidget(importer)
    importer.start([str(more)])
    qtbot.waitUntil(lambda: not importer.running(), timeout=10000)
    assert "no such table" in importer.status.text()

    merger = MergeDialog(sqlite_project, alice)
    qtbot.addWidget(merger)
    merger.start([str(other)])
    qtbot.waitUntil(lambda: not merger.running(), timeout=10000)
    assert "no such table" in merger.status.text()


def test_an_error_on_another_thread_is_said_on_the_windows_thread(qtbot, monkeypatch):
    """The excepthook never builds a message box on the thread that failed (Qt forbids widgets there)."""
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append((threading.current_thread(), args[-1])))
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr("sys.excepthook", __import__("sys").excepthook)
    monkeypatch.setattr(trouble, "on_lock_wait", trouble.on_lock_wait)
    app.install_error_reporting()

    def fail():
        raise sqlite3.OperationalError("attempt to write a readonly database")

    worker = threading.Thread(target=fail)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    thread, text = shown[0]
    assert thread is threading.main_thread()
    assert "read-only" in text
    assert QApplication.instance() is not None


def test_the_windows_thread_is_refused_a_held_write_lock_while_a_job_waits_it_out(sqlite_project, tmp_path, monkeypatch):
    """Another program holds the write lock for 12 s: an action on the window's thread is refused once SQLite's
    10 s wait is over (said, not frozen for minutes); an import on a worker thread waits and stores."""
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr("sys.excepthook", __import__("sys").excepthook)
    monkeypatch.setattr(trouble, "on_lock_wait", trouble.on_lock_wait)
    app.install_error_reporting()
    book, alice = _coded(sqlite_project, tmp_path)
    later = tmp_path / "later.txt"
    later.write_text("市场监管总局表示，将加强监管。", encoding="utf-8")
    holder = sqlite3.connect(sqlite_project.path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(12, lambda: holder.execute("COMMIT"))
    release.start()
    imported = []
    job = threading.Thread(target=lambda: imported.append(importing.import_paths(sqlite_project, [later])))
    job.start()
    try:
        with pytest.raises(trouble.ProjectBusy, match="still holds its write lock"):
            annotations.create_annotation(sqlite_project, annotator_id=alice, document_id=1, kind="figure", start=0, end=4)
    finally:
        job.join()
        release.join()
        holder.close()
    assert imported and imported[0].ok
