"""Suggestions in the workbench: dotted in the article, F8 to walk them, Return accepts (fields pre-filled,
correctable in the form), Delete rejects for good, both undoable; each kind can be switched off."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from annotator.gui.main_window import MainWindow
from annotator.services import annotations, annotators, entities, importing
from annotator.storage.models import Annotation

from .qt_helpers import click_at, coding_window, drag_select, type_chinese

TEXT = "据海关统计，今年前8个月，我国进出口总值27.08万亿元，同比微降0.1%。快手电商负责人表示，平台本季度新增商家超过30万家。"


@pytest.fixture
def window(qtbot, project, tmp_path):
    (tmp_path / "a.txt").write_text("标题\n" + TEXT, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    entities.create_entity(project, annotator_id=None, name="快手", type="platform")
    return coding_window(qtbot, project)


def _offered(win):
    return [(s.kind, s.text) for s in win.suggesting.items]


def test_suggestions_are_drawn_dotted_and_walked_with_f8(qtbot, window):
    assert ("figure", "27.08万亿元") in _offered(window) and ("stakeholder", "快手") in _offered(window)
    assert ("claim", "平台本季度新增商家超过30万家") in _offered(window)
    dotted = [s for s in window.article.extraSelections() if s.format.underlineStyle() == s.format.UnderlineStyle.DotLine]
    assert len(dotted) == len(window.suggesting.items)
    qtbot.keyClick(window.article, Qt.Key.Key_F8)
    first = window.suggesting.items[window.suggesting.current]
    assert window.form.heading.text().startswith("<b>Suggested")
    assert window.article.selection_span() == (first.start, first.end)
    qtbot.keyClick(window.article, Qt.Key.Key_F8)
    qtbot.keyClick(window.article, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.suggesting.items[window.suggesting.current] == first


def test_return_accepts_with_the_fields_the_coder_corrected_and_undo_takes_it_back(qtbot, window, project):
    while window.suggesting.current is None or window.suggesting.items[window.suggesting.current].text != "27.08万亿元":
        qtbot.keyClick(window.article, Qt.Key.Key_F8)
    form = window.form
    # 今年前8个月 needs a publication date to resolve, and this article has none: left for the coder
    assert form.editor("scale").currentText() == "万亿" and form.editor("period").text() == ""
    qtbot.keyClicks(form.editor("period"), "2023-01/2023-08")
    type_chinese(form.editor("metric"), "进出口总值")
    qtbot.keyClick(form.editor("metric"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(annotations.annotations_of(project, 1)) == 1)
    [row] = annotations.annotations_of(project, 1)
    assert row["text"] == "27.08万亿元" and row["fields"]["normalised_value"] == 27080000000000
    assert row["fields"]["period"] == "2023-01/2023-08" and row["fields"]["metric"] == "进出口总值"
    with project.read() as session:
        assert session.get(Annotation, row["id"]).origin == "suggestion"
    assert ("figure", "27.08万亿元") not in _offered(window)  # now an annotation, drawn as one

    window.article.setFocus()
    qtbot.keyClick(window.article, Qt.Key.Key_F8)
    chosen = window.suggesting.items[window.suggesting.current]
    qtbot.keyClick(window.article, Qt.Key.Key_Return)  # accepted as proposed, straight from the article
    qtbot.waitUntil(lambda: len(annotations.annotations_of(project, 1)) == 2)
    assert (chosen.kind, chosen.text) in {(r["kind"], r["text"]) for r in annotations.annotations_of(project, 1)}

    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(annotations.annotations_of(project, 1)) == 1 and (chosen.kind, chosen.text) in _offered(window)


def test_a_period_that_does_not_fit_is_said_in_red_under_its_field_when_accepting(qtbot, window, project):
    while window.suggesting.current is None or window.suggesting.items[window.suggesting.current].text != "27.08万亿元":
        qtbot.keyClick(window.article, Qt.Key.Key_F8)
    form = window.form
    type_chinese(form.editor("period"), "2023年8月")
    qtbot.keyClick(form.editor("period"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Not saved" in window.statusBar().currentMessage())
    error = form._errors["period"]
    assert error.isVisible() and "must look like 2021" in error.text()
    assert annotations.annotations_of(project, 1) == [] and window.suggesting.current is not None  # still on offer


def test_delete_rejects_for_good_and_undo_proposes_it_again(qtbot, window, project):
    while window.suggesting.current is None or window.suggesting.items[window.suggesting.current].text != "快手":
        qtbot.keyClick(window.article, Qt.Key.Key_F8)  # past the stakeholders found by their shape
    assert window.form.editor("entity").currentText() == "快手" and window.form.editor("type").currentText() == "platform"
    qtbot.keyClick(window.article, Qt.Key.Key_Delete)
    assert ("stakeholder", "快手") not in _offered(window) and annotations.annotations_of(project, 1) == []
    again = MainWindow(project, "alice")  # remembered: not proposed again, in a new session either
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: not again.suggesting.reading_names)
    assert ("stakeholder", "快手") not in _offered(again) and ("figure", "27.08万亿元") in _offered(again)
    again.close()
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ("stakeholder", "快手") in _offered(window)


def test_the_article_is_shown_before_the_names_are_read_and_redrawn_when_they_arrive(qtbot, window):
    """At millions of annotations the names take seconds to read: the window does not wait for them."""
    again = MainWindow(window.project, "alice")
    qtbot.addWidget(again)
    assert again.suggesting.reading_names and again.article.toPlainText()
    assert ("figure", "27.08万亿元") in _offered(again) and ("stakeholder", "快手") not in _offered(again)
    qtbot.waitUntil(lambda: ("stakeholder", "快手") in _offered(again))
    dotted = [s for s in again.article.extraSelections() if s.format.underlineStyle() == s.format.UnderlineStyle.DotLine]
    assert len(dotted) == len(again.suggesting.items)


def test_a_stakeholder_just_annotated_is_suggested_elsewhere_at_once(qtbot, window, project, tmp_path):
    (tmp_path / "b.txt").write_text("海关总署\n海关总署今天公布了数据。", encoding="utf-8")
    other = importing.import_paths(project, [tmp_path / "b.txt"]).results[0].document_id
    at = window.article.displayed_text.index("海关")
    drag_select(qtbot, window.article, at, at + 2)
    qtbot.keyClick(window.article, Qt.Key.Key_S)
    assert not window.suggesting.reading_names  # learned without reading every name again
    window.show_document(other)
    assert [s.start for s in window.suggesting.items if (s.kind, s.text) == ("stakeholder", "海关")] == [0, 5]


def test_each_kind_can_be_switched_off(qtbot, window):
    toggle = next(a for a in window.findChildren(QAction) if a.text() == "Suggest Figure")
    toggle.setChecked(False)
    assert "figure" not in {kind for kind, _ in _offered(window)} and ("stakeholder", "快手") in _offered(window)
    again = MainWindow(window.project, "alice")
    qtbot.addWidget(again)
    assert "figure" not in {kind for kind, _ in _offered(again)}  # remembered
    toggle.setChecked(True)
    assert ("figure", "27.08万亿元") in _offered(window)


def test_names_that_cannot_be_read_are_said_and_read_again_at_the_next_refresh(qtbot, sqlite_project, tmp_path):
    """Reading the names fails (here a damaged page of the index they are read from): the window says so in
    its status bar and goes on with the other suggestions; once the page is whole again, the next refresh
    reads them."""
    (tmp_path / "a.txt").write_text("标题\n" + TEXT, encoding="utf-8")
    importing.import_paths(sqlite_project, [tmp_path])
    entities.create_entity(sqlite_project, annotator_id=None, name="快手", type="platform")
    path = sqlite_project.path
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the index's pages into the file itself
        pages = [n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE name = 'ix_annotations_kind_text'")]
    whole = path.read_bytes()
    damaged = bytearray(whole)
    for page in pages:
        damaged[(page - 1) * 4096 : page * 4096] = b"\x00" * 4096
    path.write_bytes(bytes(damaged))

    window = MainWindow(sqlite_project, "alice")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.suggesting.reading_names)
    assert "Names for suggestions not read" in window.statusBar().currentMessage()
    assert ("figure", "27.08万亿元") in _offered(window) and ("stakeholder", "快手") not in _offered(window)

    path.write_bytes(whole)
    # Connections keep the pages they read, the damaged ones too, until the file changes through SQLite:
    # the pool's connections are closed, so that every page is read from the file again.
    sqlite_project.engine.dispose()
    alice = annotators.ensure(sqlite_project, "alice")
    annotations.create_annotation(sqlite_project, annotator_id=alice, document_id=1, kind="figure", start=0, end=2)
    window.refresh_highlights()
    qtbot.waitUntil(lambda: ("stakeholder", "快手") in _offered(window))


def test_a_click_inside_a_suggestion_places_the_caret_and_undo_takes_back_the_entry_it_made(qtbot, window, project):
    """A click selected the whole suggestion, so extending the selection and pressing S made a 61-character
    "stakeholder"; Ctrl+Z then removed the annotation but left the registry entry it made, suggested in every
    article after. Now the click only places the caret (the form shows the suggestion), and undo takes back
    everything the action made; the registry deletes an entry no span uses."""
    from annotator.services import entities as registry

    text = window.article.displayed_text
    claim = next(s for s in window.suggesting.items if s.kind == "claim")
    inside = text.index(claim.text) + 3
    click_at(qtbot, window.article, inside)
    assert window.suggesting.items[window.suggesting.current] == claim  # shown in the form
    assert not window.article.textCursor().hasSelection()  # the caret only
    start = TEXT.index("新增商家")
    drag_select(qtbot, window.article, text.index("新增商家"), text.index("新增商家") + 4)
    qtbot.keyClick(window.article, Qt.Key.Key_S)
    [made] = annotations.annotations_of(project, 1)
    assert (made["start"], made["end"]) == (start + 3, start + 7) and made["text"] == "新增商家"
    entry = made["fields"]["entity"]
    assert registry.get_entity(project, entry)["name"] == "新增商家"
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert annotations.annotations_of(project, 1) == []
    assert all(e["id"] != entry for e in registry.list_entities(project))  # the entry went with it
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    [back] = annotations.annotations_of(project, 1)
    assert back["id"] == made["id"] and back["fields"]["entity"] == entry  # redo brings both back, same ids
    assert registry.get_entity(project, entry)["name"] == "新增商家"


def test_the_registry_deletes_an_entry_no_span_uses_and_refuses_one_in_use(qtbot, window, project):
    from annotator.gui.registry_dialog import RegistryDialog
    from annotator.services import entities as registry

    unused = registry.create_entity(project, annotator_id=None, name="误建条目").first("entity")["id"]
    kuaishou = next(e["id"] for e in registry.list_entities(project) if e["name"] == "快手")
    start = TEXT.index("快手")
    annotations.create_annotation(
        project, annotator_id=window.annotator_id, document_id=1, kind="stakeholder", start=start + 3, end=start + 5,
        fields={"entity": kuaishou},
    )  # fmt: skip
    dialog = RegistryDialog(project, window.annotator_id)
    qtbot.addWidget(dialog)
    dialog.select_entity(unused)
    dialog.delete()
    assert all(e["id"] != unused for e in registry.list_entities(project)) and "Deleted 误建条目" in dialog.status.text()
    with pytest.raises(Exception, match="linked to 1 span"):
        registry.delete_entity(project, annotator_id=None, entity_id=kuaishou)


def test_hovering_a_suggestion_says_where_it_came_from_and_how_sure_it_is(qtbot, window):
    spans = window.suggesting.refresh()
    by_text = {s.summary.split("“")[1].split("”")[0]: s.summary for s in spans}
    figure = by_text["27.08万亿元"]
    assert "Found by: figure: 27.08万亿元" in figure and "confidence 0.95" in figure
    claim = next(summary for summary in by_text.values() if summary.startswith("Suggested Claim"))
    assert "Found by: attribution cue" in claim
    registry = by_text["快手"]
    assert "Found by: registry: 快手" in registry and "confidence 0.95" in registry
