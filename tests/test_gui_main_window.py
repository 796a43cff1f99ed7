"""The main window as a user meets it before the full workbench: documents listed, searchable, readable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar

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
    model.set_search("電商")  # and again while searching and filtering: resets and fetches stay consistent
    model.set_filters(status="unfinished")
    qtmodeltester.check(model)
    assert 0 < model.rowCount() < 35 and model.total() == model.rowCount()


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
        if not action.isSeparator() and action.menu() is None
    }
    listed = {text: keys for _, text, keys in window.shortcut_table}
    assert {t for t in in_menus if not t.startswith(("Undo", "Redo"))} <= set(listed)
    assert listed["Annotate as Figure"] == "F" and listed["Mark done and go to the next document"] == "Ctrl+Return"
    toggles = {a.text() for a in window.findChildren(QAction) if a.isCheckable()}
    assert all(keys for text, keys in listed.items() if text not in toggles)  # every command has a key
    assert {"Suggest Figure", "Suggest Claim"} <= toggles
    window.show_shortcuts()
    toolbar = window.findChild(QToolBar, "commands")
    on_toolbar = [a.text().replace("&", "") for a in toolbar.actions() if not a.isSeparator()]
    assert {"Import articles…", "Export…", "Annotate as Claim", "Annotate as Figure", "Delete annotation"} <= set(on_toolbar)
    assert set(on_toolbar) <= in_menus | {"Undo", "Redo"}  # the toolbar offers menu commands, nothing of its own


def test_open_and_new_projects_and_refusals(qtbot, project, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    errors = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: errors.append(args[2]))
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    window.show()
    foreign = tmp_path / "notes.sqlite"
    foreign.write_text("not a database")
    assert window.open_project(str(foreign)) is None
    assert "not an Annotator project" in errors[0] and window.isVisible()
    created = window.open_project(str(tmp_path / "new.sqlite"), create=True)
    qtbot.addWidget(created)
    assert created.project.path == tmp_path / "new.sqlite" and created.model.rowCount() == 0
    assert not window.isVisible()
    again = created.open_project(project.url)
    qtbot.addWidget(again)
    assert again.project.url == project.url


def test_recent_projects_are_offered(qtbot, project, tmp_path):
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    other = window.open_project(str(tmp_path / "other.sqlite"), create=True)
    qtbot.addWidget(other)
    back = other.open_project(project.url)
    qtbot.addWidget(back)
    file_menu = back.menuBar().actions()[0].menu()
    recent = next(a.menu() for a in file_menu.actions() if a.menu() is not None)
    offered = [a.text() for a in recent.actions()]
    assert offered[0] == str(tmp_path / "other.sqlite") and project.label not in offered


def test_filters_by_status_and_kind(qtbot, project, tmp_path):
    from annotator.services import annotations as spans
    from annotator.services import documents as docs

    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(f"第{i}篇：快手电商负责人表示。", encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    docs.set_status(project, annotator_id=window.annotator_id, document_id=1, status="done")
    docs.set_status(project, annotator_id=window.annotator_id, document_id=2, status="skipped")
    spans.create_annotation(project, annotator_id=window.annotator_id, document_id=3, kind="figure", start=1, end=2)
    window.filters.status.setCurrentIndex(window.filters.status.findData("unfinished"))
    assert [window.model.document_id(r) for r in range(window.model.rowCount())] == [3, 4]
    window.filters.kind.setCurrentIndex(window.filters.kind.findData("figure"))
    assert [window.model.document_id(r) for r in range(window.model.rowCount())] == [3]
    window.filters.status.setCurrentIndex(window.filters.status.findData("done"))
    assert window.model.rowCount() == 0
    window.filters.kind.setCurrentIndex(0)
    assert [window.model.document_id(r) for r in range(window.model.rowCount())] == [1]


def test_filters_by_outlet_and_date_range(qtbot, project, tmp_path):
    from PySide6.QtCore import QDate

    table = tmp_path / "articles.csv"
    table.write_text(
        "title,outlet,date,text\n一,新华网,2023-01-13,第一篇。\n二,澎湃新闻,2023-01-20,第二篇。\n三,澎湃新闻,2023-02-02,第三篇。\n",
        encoding="utf-8",
    )
    importing.import_paths(project, [table])
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    window.show()

    def titles():
        return [window.model.data(window.model.index(r, 0)) for r in range(window.model.rowCount())]

    outlets = window.filters.outlet
    assert [outlets.itemText(i) for i in range(outlets.count())] == ["Every outlet", "澎湃新闻 (2)", "新华网 (1)"]
    outlets.setCurrentIndex(1)
    assert titles() == ["二", "三"]
    window.filters.date_to.setFocus()
    window.filters.date_to.setDate(QDate(2023, 1, 31))
    assert titles() == ["二"]
    outlets.setCurrentIndex(0)
    assert titles() == ["一", "二"]
    window.filters.date_from.setDate(QDate(2023, 1, 14))
    assert titles() == ["二"]
    qtbot.mouseClick(window.filters.any_day, Qt.MouseButton.LeftButton)
    assert window.filters.date_to.text() == "any day" and titles() == ["一", "二", "三"]
