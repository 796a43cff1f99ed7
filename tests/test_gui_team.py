"""The team windows driven as a lead drives them: adjudication by keys, the agreement report with its charts,
assignment and blind mode, and merging another project's file."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCharts import QBarCategoryAxis
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.services import (
    adjudication,
    annotations,
    annotators,
    assignment,
    codebooks,
    documents,
    importing,
    merging,
    projects,
    team,
)

TEXT = "华为称营收增长了百分之十，利润为3亿元。腾讯表示，用户达到12亿。"


@pytest.fixture
def coded(project, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text("第二篇：腾讯表示，用户达到12亿。", encoding="utf-8")
    importing.import_paths(project, [tmp_path / "a.txt", tmp_path / "b.txt"])
    ids = {name: annotators.ensure(project, name) for name in ("li", "alice", "bob")}

    def mark(coder, piece, kind, document=1, **fields):
        text = TEXT if document == 1 else "第二篇：腾讯表示，用户达到12亿。"
        start = text.index(piece)
        return annotations.create_annotation(
            project, annotator_id=ids[coder], document_id=document, kind=kind, start=start, end=start + len(piece),
            fields=fields,
        ).first("annotation")  # fmt: skip

    for coder in ("alice", "bob"):
        mark(coder, "华为", "stakeholder", type="company")
        mark(coder, "腾讯", "stakeholder", document=2)
    mark("alice", "3亿元", "figure", normalised_value=300000000)
    mark("bob", "3亿", "figure", normalised_value=300000000)
    mark("bob", "12亿", "figure")
    project.ids = ids
    return project


def _lead_window(qtbot, project, name="li"):
    from annotator.gui.main_window import MainWindow

    window = MainWindow(project, name)
    qtbot.addWidget(window)
    return window


def _press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier):
    window = widget.window()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(widget, key, modifier)


def _decisions(project, lead):
    return {
        (i.kind, TEXT[i.start : i.end]): ("gold " + i.gold["text"]) if i.gold else ("rejected" if i.rejected else "open")
        for i in adjudication.review(project, 1, by=lead).items
    }


def test_adjudication_by_keyboard(qtbot, coded):
    window = _lead_window(qtbot, coded)
    view = window.adjudicate()
    qtbot.addWidget(view)
    assert view.documents.count() == 2 and list(view.views) == ["alice", "bob", "gold"]
    assert view.items.rowCount() == 3 and "to decide" in view.items.item(1, 4).text()
    table = view.items
    _press(qtbot, table, Qt.Key.Key_A)  # what both coders gave alike: the stakeholder
    assert _decisions(coded, coded.ids["li"])[("stakeholder", "华为")] == "gold 华为"
    _press(qtbot, table, Qt.Key.Key_N)  # the next disagreement: the figure
    assert view.current().kind == "figure" and view.current().versions["bob"]["text"] == "3亿"
    _press(qtbot, table, Qt.Key.Key_2)  # take Bob's
    assert _decisions(coded, coded.ids["li"])[("figure", "3亿元")] == "gold 3亿"
    _press(qtbot, table, Qt.Key.Key_M)  # no: merge them
    assert _decisions(coded, coded.ids["li"])[("figure", "3亿元")] == "gold 3亿元"
    _press(qtbot, table, Qt.Key.Key_N)  # Bob's lone 12亿
    assert view.current().versions["alice"] is None
    _press(qtbot, table, Qt.Key.Key_R)
    assert _decisions(coded, coded.ids["li"])[("figure", "12亿")] == "rejected"
    assert "3 of 3 items decided; 0 disagreement(s) left" in view.progress.text()
    _press(qtbot, table, Qt.Key.Key_N)
    assert view.statusBar().currentMessage() == "Every disagreement in this article is decided"
    # The gold set is drawn in its own pane; agreed spans are faint in the coders' panes.
    assert sorted(TEXT[s.start : s.end] for s in view.views["gold"]._spans) == ["3亿元", "华为"]
    assert [s.other for s in view.views["alice"]._spans if TEXT[s.start : s.end] == "华为"] == [True]
    # Edit: the form saves the gold values.
    view.items.setCurrentCell(1, 0)
    view.form.editor("unit").setText("亿元")
    with qtbot.waitSignal(view.form.committed):
        view.form.commit()
    gold = next(i.gold for i in adjudication.review(coded, 1, by=coded.ids["li"]).items if i.kind == "figure" and i.gold)
    assert gold["fields"]["unit"] == "亿元"
    _press(qtbot, table, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.review.document_id == 2


def test_f5_reads_the_coders_work_again_where_the_lead_was(qtbot, coded):
    """Coders go on working in a team project while the lead adjudicates: F5 shows what they have added, the
    lead still at the article and the item they were on."""
    window = _lead_window(qtbot, coded)
    view = window.adjudicate()
    qtbot.addWidget(view)
    view.items.setCurrentCell(1, 0)
    assert view.items.rowCount() == 3 and view.documents.count() == 2
    start = TEXT.index("腾讯")
    annotations.create_annotation(
        coded, annotator_id=coded.ids["alice"], document_id=1, kind="stakeholder", start=start, end=start + 2
    )
    assert view.items.rowCount() == 3  # not read yet
    _press(qtbot, view.items, Qt.Key.Key_F5)
    assert view.items.rowCount() == 4 and view.review.document_id == 1 and view.items.currentRow() == 1
    assert view.statusBar().currentMessage() == "The coders' work read again"


def test_blind_mode_guards_adjudication(qtbot, coded, monkeypatch):
    team.set_blind(coded, True, by=coded.ids["li"])
    coder = _lead_window(qtbot, coded, "alice")
    assert coder.adjudicate() is None
    assert coder.statusBar().currentMessage() == "Adjudication is for the project's leads while blind mode is on"
    lead = _lead_window(qtbot, coded)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    view = lead.adjudicate()
    qtbot.addWidget(view)
    assert not team.team(coded).blind and team.team(coded).adjudication_opened


def test_agreement_report_with_charts(qtbot, coded, tmp_path):
    window = _lead_window(qtbot, coded)
    view = window.show_agreement()
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.report is not None, timeout=20000)
    assert view.status.text() == "2 coders (alice, bob) on 2 article(s)"
    for name in ("kinds", "fields", "pairs", "documents", "all"):
        view.view_choice.setCurrentIndex(view.view_choice.findData(name))
        assert view.table.rowCount() == len(view.rows(name)) > 0
    _bars_match_the_table(view, coded)
    view.view_choice.setCurrentIndex(view.view_choice.findData("kinds"))
    [series] = view.chart.chart().series()
    assert [b.label() for b in series.barSets()] == ["overlap_f1", "exact_f1", "alpha_characters", "alpha_unitizing"]
    assert view.save_png(str(tmp_path / "a.png")).stat().st_size > 1000
    rows = list(csv.DictReader(view.save_csv(str(tmp_path / "a.csv")).open(encoding="utf-8-sig")))
    assert len(rows) == len(view.report.rows) and rows[0]["scope"] == "kind"


def _bars_match_the_table(view, project) -> None:
    view.view_choice.setCurrentIndex(view.view_choice.findData("documents"))
    [series] = view.chart.chart().series()
    [bars] = series.barSets()
    [axis] = [a for a in view.chart.chart().axes() if isinstance(a, QBarCategoryAxis)]
    labels = axis.categories()
    assert len(set(labels)) == len(labels) == bars.count() == view.table.rowCount()  # one label per bar
    for n in range(view.table.rowCount()):  # each bar stands against its article's title, with the table's value
        document = int(view.table.item(n, 4).text())
        assert labels[n].startswith(documents.get_document(project, document)["title"][:10])
        assert labels[n].split(" · ")[0].endswith(f"#{document}")
        assert f"{bars.at(n):.3f}" == view.table.item(n, 6).text()


def test_the_least_agreement_chart_labels_each_bar_with_its_article(qtbot, coded):
    """Three coders: each article appears once per pair. The axis dropped repeated labels, so bars stood
    against other articles' numbers; now each bar has its own label, the title and the pair."""
    carol = annotators.ensure(coded, "carol")
    start = TEXT.index("华为")
    annotations.create_annotation(coded, annotator_id=carol, document_id=1, kind="figure", start=start, end=start + 2)
    annotations.create_annotation(coded, annotator_id=carol, document_id=2, kind="stakeholder", start=4, end=6)
    view = _lead_window(qtbot, coded).show_agreement()
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.report is not None, timeout=20000)
    _bars_match_the_table(view, coded)
    assert view.table.rowCount() == 6  # 2 articles × 3 pairs


def test_team_dialog_assigns_and_sets_blind_mode(qtbot, coded):
    window = _lead_window(qtbot, coded)
    dialog = window.show_team()
    qtbot.addWidget(dialog)
    dialog.coders.setText("alice, bob")
    dialog.overlap.setValue(50)
    dialog.assign()
    assert dialog.status.text() == "Assigned 2 document(s), 1 of them to every coder."
    assert [dialog.progress.item(r, 0).text() for r in range(dialog.progress.rowCount())] == ["alice", "bob"]
    assert sorted(r["assigned"] for r in assignment.progress(coded)) == [1, 2]  # the shared one, and one each in turn
    dialog.leads.setText("li")
    dialog.blind.setChecked(True)
    dialog.save_team()
    assert team.team(coded).blind and team.team(coded).leads == ("li",)
    coder = _lead_window(qtbot, coded, "alice").show_team()
    qtbot.addWidget(coder)
    assert not coder.team_box.isEnabled() and "changed by the leads: li" in coder.team_box.title()


def test_merge_dialog_lists_conflicts_and_saves_them(qtbot, coded, tmp_path):
    other = projects.init_project(tmp_path / "wang.sqlite")
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "a.txt").write_text(TEXT, encoding="utf-8")
    importing.import_paths(other, [tmp_path / "o" / "a.txt"])
    wang = annotators.ensure(other, "wang")
    annotations.create_annotation(other, annotator_id=wang, document_id=1, kind="figure", start=16, end=19)
    definition = codebooks.export_definition(other)
    definition["kinds"].append({"name": "policy", "label": "Policy", "key": "P", "colour": "#123456", "fields": []})
    codebooks.install(other, definition)
    (tmp_path / "o" / "c.txt").write_text("第三篇：政策出台。", encoding="utf-8")
    importing.import_paths(other, [tmp_path / "o" / "c.txt"])
    annotations.create_annotation(other, annotator_id=wang, document_id=2, kind="policy", start=4, end=6)
    other.close()

    window = _lead_window(qtbot, coded)
    dialog = window.merge_project()
    qtbot.addWidget(dialog)
    dialog.start([str(tmp_path / "wang.sqlite")])
    qtbot.waitUntil(lambda: not dialog.running(), timeout=20000)
    assert "wang.sqlite: 0 document(s) added, 1 matched; 1 annotation(s)" in dialog.status.text()
    assert dialog.conflicts.rowCount() == 1 and "policy" in dialog.conflicts.item(0, 2).text()
    saved = tmp_path / "conflicts.csv"
    merging.write_conflicts(dialog.reports, saved)  # what "Save conflicts as CSV…" writes
    [row] = list(csv.DictReader(saved.open(encoding="utf-8-sig")))
    assert row["what"] == "document" and "policy" in row["difference"]
