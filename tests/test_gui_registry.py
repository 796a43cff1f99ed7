"""The registry in the workbench: a stakeholder links its entity, Ctrl+M / Ctrl+Shift+M annotate every
mention (one undo takes them all back), and the registry dialog adds names, merges and splits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from annotator.services import annotations, entities, importing

from .qt_helpers import coding_window, drag_select

TEXTS = {
    "a.txt": "标题甲\n快手电商负责人表示，快手将继续投入。",
    "b.txt": "標題乙\n快手電商與淘寶合作，快手股價上漲。",
}


@pytest.fixture
def window(qtbot, project, tmp_path):
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    return coding_window(qtbot, project)


def _texts(project, document_id, annotator_id):
    return [r["text"] for r in annotations.annotations_of(project, document_id, annotator_id)]


def test_annotate_all_mentions_by_keyboard_and_undo_as_one_step(qtbot, window, project):
    start = TEXTS["a.txt"].index("快手将")
    drag_select(qtbot, window.article, start, start + 2)
    qtbot.keyClick(window.article, Qt.Key.Key_S)  # 快手: a stakeholder, its entity created from its text
    entity = annotations.annotations_of(project, 1)[0]["fields"]["entity"]
    entities.add_alias(project, annotator_id=window.annotator_id, entity_id=entity, alias="快手电商")
    window.article.setFocus()
    qtbot.keyClick(window.article, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # this article
    assert _texts(project, 1, window.annotator_id) == ["快手电商", "快手"]
    assert _texts(project, 2, window.annotator_id) == []
    qtbot.keyClick(window.article, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _texts(project, 2, window.annotator_id) == ["快手電商", "快手"]  # the other script too
    assert {r["fields"]["entity"] for r in annotations.annotations_of(project, 2)} == {entity}
    assert "2 mention(s) of 快手 annotated" in window.statusBar().currentMessage()

    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one step: all of them
    assert _texts(project, 2, window.annotator_id) == [] and len(_texts(project, 1, window.annotator_id)) == 2
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _texts(project, 2, window.annotator_id) == ["快手電商", "快手"]


def test_registry_dialog_adds_names_merges_and_splits(qtbot, window, project):
    alice = window.annotator_id
    a = entities.create_entity(project, annotator_id=alice, name="快手", type="platform").first("entity")["id"]
    b = entities.create_entity(project, annotator_id=alice, name="快手科技", type="company").first("entity")["id"]
    dialog = window.show_registry()
    qtbot.addWidget(dialog)
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == ["快手", "快手科技"]
    dialog.select_entity(a)
    dialog.add_alias("Kuaishou")
    dialog.select_entity(b)
    dialog.merge(into_id=a)
    assert [e["name"] for e in entities.list_entities(project)] == ["快手"]
    assert dialog.table.item(0, 2).text() == "快手 · Kuaishou · 快手科技"
    dialog.select_entity(a)
    dialog.split(["快手科技"])
    assert sorted(e["name"] for e in entities.list_entities(project)) == ["快手", "快手科技"]
    dialog.select_entity(a)
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Annotate all &mentions")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # through the window: undoable
    assert _texts(project, 1, alice) == ["快手", "快手"] and _texts(project, 2, alice) == ["快手", "快手"]
    assert dialog.table.item(0, 3).text() == "4"
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _texts(project, 1, alice) == []


def _offered(window) -> list[str]:
    combo = window.form.editor("entity")
    return [combo.itemText(i) for i in range(combo.count())]


def test_the_form_offers_the_registry_as_it_changes(qtbot, window, project):
    start = TEXTS["a.txt"].index("快手将")
    drag_select(qtbot, window.article, start, start + 2)
    qtbot.keyClick(window.article, Qt.Key.Key_S)  # a new entity, made from the text: offered and chosen at once
    assert _offered(window) == ["", "快手"] and window.form.editor("entity").currentText() == "快手"
    entities.create_entity(project, annotator_id=None, name="淘宝")  # by someone else, meanwhile
    window.table.selectRow(1)
    drag_select(qtbot, window.article, TEXTS["b.txt"].index("淘寶"), TEXTS["b.txt"].index("淘寶") + 2)
    qtbot.keyClick(window.article, Qt.Key.Key_S)  # the other article: the registry is read again
    assert _offered(window) == ["", "快手", "淘宝"] and window.form.editor("entity").currentText() == "淘宝"
    window.table.selectRow(0)
    first = annotations.annotations_of(project, 1, window.annotator_id)[0]["id"]
    window.select_annotation(first)
    assert _offered(window) == ["", "快手", "淘宝"] and window.form.editor("entity").currentText() == "快手"
    start = TEXTS["a.txt"].index("负责人")
    drag_select(qtbot, window.article, start, start + 3)
    qtbot.keyClick(window.article, Qt.Key.Key_S)  # made here: put in its place by name, nothing read again
    assert _offered(window) == ["", "快手", "淘宝", "负责人"] and window.form.editor("entity").currentText() == "负责人"
