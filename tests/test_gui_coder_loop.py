"""The coder's loop driven as a coder drives it: mouse selection, kind keys, Delete, undo and redo; the
database is checked afterwards, and again after reopening the project."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.gui import main_window
from annotator.gui.document_model import OUTLET, SCRIPT
from annotator.gui.main_window import MainWindow
from annotator.services import annotations, documents, entities, importing
from annotator.storage.models import Document
from annotator.storage.project import Project

from .qt_helpers import click_at, coding_window, drag_select, type_chinese

TEXT = "𠮷野家與快手電商合作，據負責人表示，交易額同比增長18.5%。\n分析師認為增速將放緩。"


@pytest.fixture
def window(qtbot, project, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    return coding_window(qtbot, project)


def _qt(text: str, piece: str) -> tuple[int, int]:
    """Qt (UTF-16) start and end of a piece of TEXT: 𠮷 counts two."""
    start = text.index(piece)
    before = len(text[:start].encode("utf-16-le")) // 2
    return before, before + len(piece.encode("utf-16-le")) // 2


def _stored(project) -> list[tuple[str, str]]:
    return [(r["kind"], r["text"]) for r in annotations.annotations_of(project, 1)]


def _annotate(qtbot, win, piece: str, key) -> None:
    drag_select(qtbot, win.article, *_qt(win.article.displayed_text, piece))
    qtbot.keyClick(win.article, key)


def test_each_kind_by_its_key_after_an_astral_character(qtbot, window, project):
    _annotate(qtbot, window, "快手電商", Qt.Key.Key_S)
    _annotate(qtbot, window, "18.5%", Qt.Key.Key_F)
    _annotate(qtbot, window, "交易額同比增長18.5%", Qt.Key.Key_C)
    assert sorted(_stored(project)) == [("claim", "交易額同比增長18.5%"), ("figure", "18.5%"), ("stakeholder", "快手電商")]
    assert "Saved" in window.statusBar().currentMessage()
    drawn = [s for s in window.article.extraSelections() if s.format.underlineStyle() != s.format.UnderlineStyle.DotLine]
    assert len(drawn) == 3  # the three annotations (suggestions left, 負責人 among them, are dotted)


def test_undo_and_redo_across_several_actions(qtbot, window, project):
    _annotate(qtbot, window, "野家", Qt.Key.Key_S)
    _annotate(qtbot, window, "快手電商", Qt.Key.Key_S)
    _annotate(qtbot, window, "18.5%", Qt.Key.Key_F)
    ids = [r["id"] for r in annotations.annotations_of(project, 1)]
    for _ in range(3):
        qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(project) == []
    for _ in range(2):
        qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _stored(project) == [("stakeholder", "野家"), ("stakeholder", "快手電商")]
    assert [r["id"] for r in annotations.annotations_of(project, 1)] == ids[:2]  # the same annotations came back


def test_undo_reaches_back_as_far_as_its_limit(qtbot, project, tmp_path, monkeypatch):
    """The history keeps the last UNDO_STEPS actions (memory stays bounded in a session left open for days);
    older ones stay done."""
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    monkeypatch.setattr(main_window, "UNDO_STEPS", 2)
    window = coding_window(qtbot, project)
    for piece in ("野家", "快手電商", "18.5%"):
        _annotate(qtbot, window, piece, Qt.Key.Key_F if piece == "18.5%" else Qt.Key.Key_S)
    for _ in range(3):
        qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(project) == [("stakeholder", "野家")]


def test_undo_walks_back_through_several_changes_of_one_annotation(qtbot, window, project):
    """Create, edit, move its end, then undo all three and redo them: each step names the version the
    step before left (found by the soak benchmark: undoing the creation after an undone edit was refused
    as a change made elsewhere)."""
    _annotate(qtbot, window, "18.5%", Qt.Key.Key_F)
    window.save_fields({"unit": "%"})
    window.move_edge("end", -1)
    assert [(r["text"], r["fields"].get("unit")) for r in annotations.annotations_of(project, 1)] == [("18.5", "%")]
    for _ in range(3):
        window.undo_stack.undo()
    assert _stored(project) == [] and "Not saved" not in window.statusBar().currentMessage()
    for _ in range(3):
        window.undo_stack.redo()
    assert [(r["text"], r["fields"].get("unit")) for r in annotations.annotations_of(project, 1)] == [("18.5", "%")]
    window.undo_stack.undo()
    assert [(r["text"], r["fields"].get("unit")) for r in annotations.annotations_of(project, 1)] == [("18.5%", "%")]


def test_click_then_delete_and_undo(qtbot, window, project):
    _annotate(qtbot, window, "快手電商", Qt.Key.Key_S)
    window.article.setTextCursor(window.article.textCursor())  # clear the selection
    click_at(qtbot, window.article, _qt(TEXT, "快手電商")[0] + 1)
    qtbot.keyClick(window.article, Qt.Key.Key_Delete)
    assert _stored(project) == []
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(project) == [("stakeholder", "快手電商")]


def test_annotating_in_the_simplified_view_stores_traditional_offsets(qtbot, window, project):
    qtbot.keyClick(window.article, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert "快手电商" in window.article.displayed_text
    _annotate(qtbot, window, "快手电商", Qt.Key.Key_S)
    (row,) = annotations.annotations_of(project, 1)
    assert TEXT[row["start"] : row["end"]] == row["text"] == "快手電商"


def test_a_stale_undo_is_reported_and_overwrites_nothing(qtbot, window, project, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    _annotate(qtbot, window, "快手電商", Qt.Key.Key_S)
    (row,) = annotations.annotations_of(project, 1)
    # Another window (or process) changes the annotation meanwhile.
    annotations.update_annotation(
        project, annotator_id=row["annotator_id"], annotation_id=row["id"], expected_version=1, fields={"type": "platform"}
    )
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert warnings and "changed elsewhere" in warnings[0]
    assert annotations.annotations_of(project, 1)[0]["fields"] == {"type": "platform", "entity": row["fields"]["entity"]}


def test_everything_is_there_after_reopening(qtbot, window, project):
    _annotate(qtbot, window, "快手電商", Qt.Key.Key_S)
    _annotate(qtbot, window, "18.5%", Qt.Key.Key_F)
    window.close()
    reopened = Project.open(project.url)
    assert sorted((r["kind"], r["text"]) for r in annotations.annotations_of(reopened, 1)) == [
        ("figure", "18.5%"),
        ("stakeholder", "快手電商"),
    ]
    reopened.close()


def test_a_kind_key_without_a_selection_only_says_what_to_do(qtbot, window, project):
    qtbot.keyClick(window.article, Qt.Key.Key_S)
    assert _stored(project) == [] and "Select some text" in window.statusBar().currentMessage()


def test_mark_done_opens_the_next_unfinished_document_and_undoes(qtbot, project, tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"第{i}篇：快手电商负责人表示。", encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    win = MainWindow(project, "alice")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    win.article.setFocus()
    done = (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(win.article, *done)
    assert win.document_id == 2 and win.article.displayed_text.startswith("第1篇")
    qtbot.keyClick(win.article, *done)
    qtbot.keyClick(win.article, *done)
    statuses = {s["document_id"]: s["status"] for d in (1, 2, 3) for s in documents.statuses_of(project, d)}
    assert statuses == {1: "done", 2: "done", 3: "done"}
    assert "Every listed document is done" in win.statusBar().currentMessage()
    assert win.model.index(0, 6).data() == "done ✓"
    qtbot.keyClick(win.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert documents.statuses_of(project, 3)[0]["status"] == "new"


def test_fields_are_filled_in_the_form_and_saved_with_return(qtbot, window, project):
    _annotate(qtbot, window, "快手電商", Qt.Key.Key_S)
    stakeholder = annotations.annotations_of(project, 1)[0]
    form = window.form
    form.editor("type").setCurrentText("platform")
    form.editor("role").setFocus()
    form.editor("role").setCurrentText("actor")
    qtbot.keyClick(form.editor("role"), Qt.Key.Key_Return)
    # The stakeholder was linked to a registry entity named by its text (created, as the registry was empty).
    entity = annotations.annotations_of(project, 1)[0]["fields"]["entity"]
    assert entities.get_entity(project, entity)["name"] == "快手電商" and form.editor("entity").currentText() == "快手電商"
    qtbot.waitUntil(
        lambda: (
            annotations.annotations_of(project, 1)[0]["fields"] == {"type": "platform", "role": "actor", "entity": entity}
        )
    )

    _annotate(qtbot, window, "18.5%", Qt.Key.Key_F)
    figure_row = next(r for r in annotations.annotations_of(project, 1) if r["kind"] == "figure")
    assert window.form.row["id"] == figure_row["id"] and form.heading.text().startswith("<b>Figure")
    # Filled in from the figure parser (同比增長18.5%): the coder checks and completes.
    prefilled = {"value": "18.5", "unit": "%", "normalised_value": 18.5, "comparison": "year_on_year"}
    assert figure_row["fields"] == prefilled and form.editor("unit").text() == "%"
    form.editor("normalised_value").clear()
    qtbot.keyClicks(form.editor("normalised_value"), "0.185")
    qtbot.keyClicks(form.editor("period"), "last year")  # not a period: refused under the field
    qtbot.keyClick(form.editor("period"), Qt.Key.Key_Return)
    qtbot.waitUntil(form._errors["period"].isVisible, timeout=2000)
    assert "must look like" in form._errors["period"].text()
    assert next(r for r in annotations.annotations_of(project, 1) if r["kind"] == "figure")["fields"] == prefilled
    form.editor("period").clear()
    qtbot.keyClicks(form.editor("period"), "2023-Q3")
    qtbot.keyClick(form.editor("period"), Qt.Key.Key_Return)

    def figure():
        return next(r for r in annotations.annotations_of(project, 1) if r["kind"] == "figure")

    qtbot.waitUntil(lambda: figure()["fields"] == {**prefilled, "normalised_value": 0.185, "period": "2023-Q3"})

    # A claim linked to its claimant (a stakeholder) and backed by the figure.
    _annotate(qtbot, window, "交易額同比增長18.5%", Qt.Key.Key_C)
    claimant = form.editor("claimant")
    assert claimant.currentData() == stakeholder["id"]  # proposed: the stakeholder before it in the sentence
    evidence = form.editor("evidence")
    evidence.item(0).setCheckState(Qt.CheckState.Checked)
    claimant.setFocus()
    qtbot.keyClick(claimant, Qt.Key.Key_Return)

    def claim():
        return next(r for r in annotations.annotations_of(project, 1) if r["kind"] == "claim")

    qtbot.waitUntil(lambda: claim()["fields"] == {"claimant": stakeholder["id"], "evidence": [figure()["id"]]})

    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the evidence link
    assert claim()["fields"] == {"claimant": stakeholder["id"]}


def test_lists_per_kind_jump_to_annotations_and_arrow_keys_move(qtbot, window, project):
    _annotate(qtbot, window, "快手電商", Qt.Key.Key_S)
    _annotate(qtbot, window, "負責人", Qt.Key.Key_S)
    _annotate(qtbot, window, "18.5%", Qt.Key.Key_F)
    stakeholders = window.lists.list_of("stakeholder")
    assert [stakeholders.item(i).text() for i in range(stakeholders.count())] == ["“快手電商”", "“負責人”"]
    assert window.lists.tabText(0) == "Claim (0)" and window.lists.tabText(2) == "Stakeholder (2)"
    stakeholders.setFocus()
    stakeholders.setCurrentRow(0)
    assert window.form.row["text"] == "快手電商"
    qtbot.keyClick(stakeholders, Qt.Key.Key_Down)
    assert window.form.row["text"] == "負責人"
    start, end = window.article.selection_span()
    assert TEXT[start:end] == "負責人"


def test_document_fields_are_saved_per_coder_and_undoable(qtbot, window, project):
    form = window.document_form
    window.lists.setCurrentWidget(form)
    form.editor("relevance").setCurrentText("relevant")
    form.editor("text_problems").item(0).setCheckState(Qt.CheckState.Checked)  # spam_inserted
    form.editor("relevance").setFocus()
    qtbot.keyClick(form.editor("relevance"), Qt.Key.Key_Return)

    def fields():
        return next((s["fields"] for s in documents.statuses_of(project, 1)), {})

    qtbot.waitUntil(lambda: fields() == {"relevance": "relevant", "text_problems": ["spam_inserted"]})
    assert "in progress" in form.heading.text()
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert fields() == {}


def test_span_edges_move_by_keyboard_and_undo(qtbot, window, project):
    _annotate(qtbot, window, "快手電", Qt.Key.Key_S)
    alt, shift = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.article, Qt.Key.Key_Right, alt | shift)  # end one character further: 快手電商
    qtbot.keyClick(window.article, Qt.Key.Key_Left, alt)  # start one earlier: 與快手電商
    assert _stored(project) == [("stakeholder", "與快手電商")]
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(project) == [("stakeholder", "快手電商")]
    for _ in range(4):
        qtbot.keyClick(window.article, Qt.Key.Key_Left, alt | shift)  # an empty span is refused, not saved
    assert _stored(project) == [("stakeholder", "快")]


def test_layout_and_zoom_are_remembered(qtbot, window, project):
    window.resize(790, 700)  # within the offscreen platform's screen, which restoreGeometry clamps to
    panes = window._splitters["panes"]
    panes.setSizes([390, 200, 200])
    sizes = panes.sizes()
    qtbot.keyClick(window.article, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    bigger = window.article.font().pointSizeF()
    header = window.table.horizontalHeader()
    assert header.isSectionHidden(SCRIPT) and not header.isSectionHidden(OUTLET)
    window._show_column(SCRIPT, True)  # what ticking the column in the header's context menu does
    window._show_column(OUTLET, False)
    window.close()
    again = MainWindow(project, "alice")
    qtbot.addWidget(again)
    again.show()
    restored = again._splitters["panes"].sizes()
    assert (restored[0], restored[2]) == (sizes[0], sizes[2])  # the article pane takes any change of width
    assert again.article.font().pointSizeF() == bigger
    assert again.heading.font().pointSizeF() > bigger  # the title follows the zoom
    header = again.table.horizontalHeader()
    assert not header.isSectionHidden(SCRIPT) and header.isSectionHidden(OUTLET)


def test_time_spent_counts_active_work_and_caps_idle_gaps(qtbot, project, tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(f"{name}：" + TEXT, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    win = MainWindow(project, "alice")
    qtbot.addWidget(win)
    win.show()
    moment = [1000.0]
    win.clock.now = lambda: moment[0]
    win.clock.take()  # start counting from this fake moment
    moment[0] += 30
    qtbot.keyClick(win.article, Qt.Key.Key_Right)  # 30 s of reading
    moment[0] += 3600
    qtbot.keyClick(win.article, Qt.Key.Key_Right)  # an hour away counts as the idle cap only
    win.table.selectRow(1)  # leaving the document records its time
    mine = documents.statuses_of(project, 1)[0]
    assert mine["seconds_spent"] == 30 + win.clock.idle and mine["status"] == "new"
    moment[0] += 20
    qtbot.keyClick(win.article, Qt.Key.Key_Right)
    win.close()  # closing records the open document's time too
    assert documents.statuses_of(project, 2)[0]["seconds_spent"] == 20
    again = MainWindow(Project.open(project.url), "alice")
    qtbot.addWidget(again)
    again.table.selectRow(0)
    assert "4 min spent" in again.document_form.heading.text()


def test_the_window_reopens_where_the_coder_left_off(qtbot, project, tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"{name}\n" + "\n".join([TEXT] * 200), encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    win = MainWindow(project, "alice")
    qtbot.addWidget(win)
    win.show()
    win.table.selectRow(2)
    bar = win.article.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    win.close()
    again = MainWindow(Project.open(project.url), "alice")
    qtbot.addWidget(again)
    again.show()
    assert again.document_id == 3 and again.table.currentIndex().row() == 2
    assert again.article.verticalScrollBar().value() == place > 0


def _answer_conflict(qtbot, button_text: str, seen: list[str]) -> None:
    """Click a button of the conflict message once it shows (it is modal: the click comes from a timer)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "") == button_text).click()

    QTimer.singleShot(20, click)


@pytest.mark.parametrize("choice", ["Reload", "Apply my change again"])
def test_an_annotation_changed_elsewhere_is_reloaded_or_overwritten_by_choice(qtbot, window, project, choice):
    _annotate(qtbot, window, "18.5%", Qt.Key.Key_F)
    row = window.form.row
    annotations.update_annotation(  # another session (another machine) edits it meanwhile
        project, annotator_id=window.annotator_id, annotation_id=row["id"], expected_version=row["version"],
        fields={"unit": "percent"},
    )  # fmt: skip
    seen: list[str] = []
    _answer_conflict(qtbot, choice, seen)
    window.form.editor("unit").clear()
    qtbot.keyClicks(window.form.editor("unit"), "pct")
    qtbot.keyClick(window.form.editor("unit"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "was changed elsewhere since you opened it" in seen[0]
    stored = next(r for r in annotations.annotations_of(project, 1) if r["id"] == row["id"])
    if choice == "Reload":
        assert stored["fields"]["unit"] == "percent" and stored["version"] == 2
        assert window.form.editor("unit").text() == "percent"  # the form shows what is stored now
    else:
        assert stored["fields"]["unit"] == "pct" and stored["version"] == 3
        window.undo_stack.undo()  # undo puts back what the other session stored, not what this one read
        assert next(r for r in annotations.annotations_of(project, 1) if r["id"] == row["id"])["fields"]["unit"] == "percent"


def test_the_first_action_makes_an_article_in_progress_and_skip_sets_it_aside(qtbot, project, tmp_path):
    """An article with annotations was still "new" (the "in progress" filter empty), and nothing let the coder
    skip one: the first annotation, edit or rejection makes it in progress; Ctrl+Shift+Return skips it."""
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"第{i}篇：快手电商负责人表示，销售额增长了30%。", encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    win = coding_window(qtbot, project)
    _annotate(qtbot, win, "快手电商", Qt.Key.Key_S)
    assert [s["status"] for s in documents.statuses_of(project, 1)] == ["in_progress"]
    win.filters.status.setCurrentIndex(win.filters.status.findData("in_progress"))
    qtbot.waitUntil(lambda: win.model.rowCount() == 1)
    win.filters.status.setCurrentIndex(0)
    qtbot.waitUntil(lambda: win.model.rowCount() == 3)
    win.table.selectRow(0)
    win.article.setFocus()
    qtbot.keyClick(win.article, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert documents.statuses_of(project, 1)[0]["status"] == "skipped" and win.document_id == 2
    suggestion = next(i for i, s in enumerate(win.suggesting.items) if s.kind == "figure")
    win.suggesting.select(suggestion)
    qtbot.keyClick(win.article, Qt.Key.Key_Delete)  # a rejection is a start too
    assert documents.statuses_of(project, 2)[0]["status"] == "in_progress"
    assert "suggestion rejected" in win.statusBar().currentMessage()  # in words, not the id reject_suggestion
    assert "_" not in win.statusBar().currentMessage()
    qtbot.keyClick(win.article, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    win.table.selectRow(1)  # back to the article just marked done: a later action leaves it done
    win.article.setFocus()
    assert win.document_id == 2
    _annotate(qtbot, win, "快手电商", Qt.Key.Key_S)
    assert documents.statuses_of(project, 2)[0]["status"] == "done"


def test_the_status_bar_says_which_reading_is_shown_and_it_stays_for_the_next_article(qtbot, project, tmp_path):
    (tmp_path / "a.txt").write_text("標題\n快手電商表示，銷售額增長了30%。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("标题\n腾讯表示，用户达到12亿。", encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    win = coding_window(qtbot, project)
    assert win.layer_label.text() == "Original text"
    qtbot.keyClick(win.article, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert win.layer_label.text() == "Reading in simplified (繁→简)" and "background" in win.layer_label.styleSheet()
    assert win.article.displayed_text.startswith("标题")
    win.table.selectRow(1)
    assert win.article.layer == "t2s" and win.layer_label.text().startswith("Reading in simplified")
    qtbot.keyClick(win.article, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert win.layer_label.text() == "Original text" and win.layer_label.styleSheet() == ""


def test_search_matches_are_highlighted_in_the_article_in_either_script(qtbot, project, tmp_path):
    from annotator.core.text.matching import occurrences

    text = "標題\n快手電商表示，快手电商的銷售額增長了30%。"
    assert occurrences(text, "快手电商") == [(3, 7), (10, 14)]  # traditional and simplified alike
    assert occurrences("ABC abc", "abc") == [(0, 3), (4, 7)] and occurrences(text, "  ") == []
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    win = coding_window(qtbot, project)
    type_chinese(win.search, "快手電商")
    qtbot.waitUntil(lambda: len(_yellow(win)) == 2, timeout=3000)
    assert sorted(_yellow(win)) == [(3, 7), (10, 14)]
    win.search.clear()
    qtbot.waitUntil(lambda: _yellow(win) == [], timeout=3000)


def _yellow(win) -> list[tuple[int, int]]:
    """The stored spans highlighted as search matches."""
    found = []
    for selection in win.article.extraSelections():
        if selection.format.background().color().name() == "#ffe066":
            cursor = selection.cursor
            found.append(
                (win.article._from_qt(cursor.selectionStart()), win.article._from_qt(cursor.selectionEnd(), end=True))
            )
    return found


def test_done_after_a_refusal_stays_on_the_article_and_says_why(qtbot, project, tmp_path, monkeypatch):
    """Ctrl+Return on an article deleted elsewhere said "Saved. Every listed document is done.": now the
    refusal is said and the coder stays where they were."""
    (tmp_path / "a.txt").write_text("第1篇：快手电商负责人表示。", encoding="utf-8")
    importing.import_paths(project, [tmp_path])
    win = coding_window(qtbot, project)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    with project.write() as session:  # deleted by someone else while the window shows it
        session.execute(Document.__table__.delete().where(Document.id == 1))
    qtbot.keyClick(win.article, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert warned and "does not exist" in warned[0]
    assert "Every listed document" not in win.statusBar().currentMessage()
