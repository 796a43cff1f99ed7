"""The main window as a user meets it before the full workbench: documents listed, searchable, readable."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.gui.document_model import PAGE, DocumentListModel
from annotator.gui.main_window import MainWindow
from annotator.services import importing

from .conftest import CORPUS, SAMPLES
from .qt_helpers import type_chinese


def test_document_model_passes_qt_model_tester(qtmodeltester, project):
    importing.import_paths(project, [SAMPLES, CORPUS / "simplified", CORPUS / "traditional"])
    model = DocumentListModel(project)
    model.reload()
    qtmodeltester.check(model)
    assert model.rowCount() == 35


def test_document_model_pages_through_long_lists(project, tmp_path):
    for i in range(PAGE + 20):
        (tmp_path / f"{i:04}.txt").write_text(f"第{i}篇文章的正文。", encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    model = DocumentListModel(project)
    model.reload()
    assert model.rowCount() == PAGE and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE + 20 and not model.canFetchMore()


def test_window_lists_searches_and_shows_articles(qtbot, project):
    importing.import_paths(project, [SAMPLES, CORPUS / "simplified", CORPUS / "traditional"])
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 35
    assert window.article.toPlainText().startswith("匿名用户")  # the first document is selected and shown

    type_chinese(window.search, "快手電商")
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=3000)
    window.table.selectRow(2)
    assert "快手電商" in window.article.toPlainText()

    window.search.clear()
    type_chinese(window.search, "不存在的词语")
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=3000)
    assert window.article.toPlainText() == ""
    assert "0 document(s)" in window.statusBar().currentMessage()


def test_keyboard_moves_through_the_list(qtbot, project):
    importing.import_paths(project, [SAMPLES])
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    window.show()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert window.article.toPlainText().startswith("不走抖音平台交易")


def test_help_lists_every_menu_command_with_its_shortcut(qtbot, project):
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    in_menus = {
        action.text().replace("&", "")
        for menu in window.menuBar().actions()
        for action in menu.menu().actions()
        if not action.isSeparator()
    }
    listed = {text: keys for _, text, keys in window.shortcut_table}
    assert {t for t in in_menus if not t.startswith(("Undo", "Redo"))} <= set(listed)
    assert listed["Annotate as Figure"] == "F" and listed["Mark done and go to the next document"] == "Ctrl+Return"
    assert all(keys for keys in listed.values())  # every command has a key
    window.show_shortcuts()
