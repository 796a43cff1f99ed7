"""The codebook editor: structure edited in a tree and forms; saving installs a new version; renames
carry coded values; removing coded things asks before deleting values."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.gui import main_window
from annotator.gui.codebook_editor import CodebookEditor
from annotator.gui.main_window import MainWindow
from annotator.services import annotations, codebooks, importing

TEXT = "标题\n快手电商负责人表示，平台本季度新增商家超过30万家。"


@pytest.fixture
def coded(project, alice, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    c = TEXT.index("平台本季度")
    annotations.create_annotation(
        project,
        annotator_id=alice,
        document_id=1,
        kind="claim",
        start=c,
        end=len(TEXT) - 1,
        fields={"type": "evaluation", "note": "check"},
    )
    return project


def _select(editor, text):
    items = editor.tree.findItems(text, Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive)
    editor.tree.setCurrentItem(items[0])


def test_saving_unchanged_installs_the_same_codebook_as_a_new_version(qtbot, coded, alice):
    editor = CodebookEditor(coded, alice)
    qtbot.addWidget(editor)
    before = codebooks.export_definition(coded)
    editor.save()
    assert editor.installed and codebooks.current_codebook(coded)[0] == 2
    assert codebooks.export_definition(coded) == before


def test_rename_a_choice_add_a_kind_and_drop_a_coded_field_after_asking(qtbot, coded, alice, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    editor = CodebookEditor(coded, alice)
    qtbot.addWidget(editor)
    _select(editor, "Type  (choice)")  # the claim's type field
    assert editor.pages.currentWidget() is editor.field_page
    editor.field_page.rename_choice("evaluation", "assessment")
    editor.field_page.add_choice("forecast")
    _select(editor, "Note  (text)")
    editor.remove()
    kind = editor.add_kind("policy")
    editor.kind_page.key.setText("P")
    editor.kind_page.store()
    editor.add_field("instrument", "choice")
    editor.field_page.add_choice("tax")
    editor.save()
    assert editor.installed and len(asked) == 1 and "claim.note" in asked[0]
    version, book = codebooks.current_codebook(coded)
    assert version == 2 and book.kind("policy").key == "P" and book.kind("policy").field("instrument").choices == ("tax",)
    assert book.kind("claim").field("type").choices[-2:] == ("recommendation", "forecast")
    assert "assessment" in book.kind("claim").field("type").choices and kind["name"] == "policy"
    [claim] = annotations.annotations_of(coded, 1, alice)
    assert claim["fields"] == {"type": "assessment"}  # renamed with the choice; the dropped note is gone
    labels = codebooks.export_definition(coded)["labels"]["zh_CN"]
    assert labels["claim.type.assessment"] == "评价"  # the translation followed the rename


def test_cancelling_the_question_installs_nothing(qtbot, coded, alice, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Cancel)
    editor = CodebookEditor(coded, alice)
    qtbot.addWidget(editor)
    _select(editor, "Note  (text)")
    editor.remove()
    editor.save()
    assert not editor.installed and codebooks.current_codebook(coded)[0] == 1
    assert annotations.annotations_of(coded, 1, alice)[0]["fields"]["note"] == "check"


def test_the_window_reopens_with_the_new_codebook(qtbot, coded, alice):
    window = MainWindow(coded, "alice")
    qtbot.addWidget(window)
    window.show()
    editor = window.edit_codebook()
    editor.add_kind("policy")
    editor.kind_page.key.setText("P")
    editor.kind_page.store()
    editor.save()
    fresh = main_window._open_windows[-1]  # the window the project reopened in
    qtbot.addWidget(fresh)
    assert fresh is not window and "policy" in fresh.codebook.kind_names
    assert any(text == "Annotate as Policy" for _, text, _keys in fresh.shortcut_table)


def test_cancel_asks_before_throwing_edits_away(qtbot, coded, alice, monkeypatch):
    asked = []

    def answer(choice):
        def question(*args, **kwargs):
            asked.append(args[2])
            return choice

        return question

    editor = CodebookEditor(coded, alice)
    qtbot.addWidget(editor)
    editor.show()
    editor.reject()  # nothing edited: closes without a question
    assert asked == [] and not editor.isVisible()

    editor = CodebookEditor(coded, alice)
    qtbot.addWidget(editor)
    editor.show()
    _select(editor, "Claim")
    editor.kind_page.label.setText("Assertion")  # typed, not yet confirmed with Return: still an edit
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    editor.reject()
    assert asked == ["Discard your changes to the codebook?"] and editor.isVisible()  # back to editing
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    editor.reject()
    assert not editor.isVisible() and codebooks.current_codebook(coded)[0] == 1  # nothing installed


def test_saving_the_codebook_keeps_the_coders_undo_history(qtbot, coded, alice):
    from annotator.gui import main_window
    from annotator.services import annotations

    from .qt_helpers import coding_window, drag_select

    window = coding_window(qtbot, coded, "alice")
    before = len(annotations.annotations_of(coded, 1))
    drag_select(qtbot, window.article, 0, 2)
    qtbot.keyClick(window.article, Qt.Key.Key_S)
    assert len(annotations.annotations_of(coded, 1)) == before + 1
    editor = window.edit_codebook()
    editor.save()
    qtbot.waitUntil(lambda: main_window._open_windows and main_window._open_windows[-1] is not window)
    reopened = main_window._open_windows[-1]
    qtbot.addWidget(reopened)
    assert reopened.undo_stack.canUndo()
    reopened.undo_stack.undo()
    assert len(annotations.annotations_of(coded, 1)) == before
    assert "Saved" in reopened.statusBar().currentMessage()  # reported in the window that took the history over
