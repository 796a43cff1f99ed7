"""The import dialog: the batch runs on a worker thread, results arrive per file, cancel stops cleanly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from annotator.gui.import_dialog import ImportDialog
from annotator.gui.main_window import MainWindow
from annotator.services import documents, importing

ARTICLE = "快手电商负责人表示，平台本季度新增商家超过30万家。"


def test_import_runs_off_the_gui_thread_and_lists_every_result(qtbot, project, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("第二篇" + ARTICLE, encoding="gb18030")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01\x02binary")
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    window.show()
    dialog = ImportDialog(project, window.annotator_id, window)
    dialog.imported.connect(window._imported)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.start([str(tmp_path)])
        assert dialog.running()  # start() returned while the import goes on
    rows = [[dialog.results.item(r, c).text() for c in range(3)] for r in range(dialog.results.rowCount())]
    assert [r[0] for r in rows] == ["imported", "imported", "refused"]
    assert [r[1] for r in rows] == ["a.txt", "b.txt", "c.txt"]
    assert "gb18030" in rows[1][2] and "NUL byte" in rows[2][2]
    assert dialog.status.text() == "2 imported, 0 duplicate, 1 refused"
    assert window.model.rowCount() == 2 and "2 imported" in window.statusBar().currentMessage()


def test_cancel_stops_after_the_current_file(qtbot, project, tmp_path):
    for i in range(40):
        (tmp_path / f"{i:02}.txt").write_text(f"第{i}篇：" + ARTICLE, encoding="utf-8")
    dialog = ImportDialog(project, None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.start([str(tmp_path)])
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        assert dialog.status.text() == "Cancelling after the current file…"
    assert dialog.report.cancelled
    stored = len(documents.list_documents(project))
    assert stored == dialog.report.count("imported") < 40


def test_a_large_batch_lists_every_file_in_order(qtbot, project, tmp_path):
    # Large enough for a worker process, which the dialog's thread must spawn; files are prepared here
    # until it is ready, and by it afterwards.
    count = importing.PARALLEL_FROM * 3
    for i in range(count):
        (tmp_path / f"{i:03}.txt").write_text(f"第{i}篇：" + ARTICLE, encoding="utf-8")
    dialog = ImportDialog(project, None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=60000):
        dialog.start([str(tmp_path)])
    listed = [(dialog.results.item(r, 0).text(), dialog.results.item(r, 1).text()) for r in range(dialog.results.rowCount())]
    assert listed == [("imported", f"{i:03}.txt") for i in range(count)]
    assert [d.title for d in documents.list_documents(project)] == [f"第{i}篇：" + ARTICLE for i in range(count)]
