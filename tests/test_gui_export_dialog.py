"""Exporting from the window: the whole project or what the list shows, on a worker thread, written whole."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from annotator.gui.export_dialog import ExportDialog
from annotator.gui.main_window import MainWindow
from annotator.services import annotations, exporting, importing
from annotator.services.exporting import ExportCancelled

from .conftest import CORPUS
from .qt_helpers import type_chinese


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_dialog_writes_all_or_the_listed_documents(qtbot, project, tmp_path):
    importing.import_paths(project, [CORPUS / "simplified"])
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    window.show()
    annotations.create_annotation(project, annotator_id=window.annotator_id, document_id=1, kind="figure", start=0, end=4)
    window.export_project()
    dialog = window.findChild(ExportDialog)
    assert dialog.format.currentData() == "jsonl" and dialog.destination.text().endswith(".jsonl")
    target = tmp_path / "all.jsonl"
    dialog.destination.setText(str(target))
    with qtbot.waitSignal(dialog.finished_export, timeout=20000):
        dialog.export_button.click()
    everything = _lines(target)
    assert len(everything) == window.model.total() and everything[0]["annotations"][0]["kind"] == "figure"
    assert "Exported" in dialog.status.text() and str(target) in dialog.status.text()
    dialog.close()

    type_chinese(window.search, "经济")
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < len(everything), timeout=3000)
    listed = [window.model.document_id(r) for r in range(window.model.rowCount())]
    window.export_project()
    dialog = [d for d in window.findChildren(ExportDialog) if d.isVisible()][-1]
    assert f"The {len(listed)} documents" in dialog.listed_documents.text()
    dialog.listed_documents.setChecked(True)
    dialog.destination.setText(str(tmp_path / "listed.jsonl"))
    with qtbot.waitSignal(dialog.finished_export, timeout=20000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert [d["id"] for d in _lines(tmp_path / "listed.jsonl")] == [everything[i - 1]["id"] for i in listed]


def test_cancelled_or_failed_export_leaves_the_destination_as_it_was(project, tmp_path):
    importing.import_paths(project, [CORPUS / "simplified"])
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "old.jsonl"
    target.write_text("yesterday's export\n", encoding="utf-8")
    with pytest.raises(ExportCancelled):
        exporting.export_to_file(project, target, cancelled=lambda: True)
    assert target.read_text(encoding="utf-8") == "yesterday's export\n"
    assert [p.name for p in target.parent.iterdir()] == ["old.jsonl"]  # no .part left behind
    seen = []
    report = exporting.export_to_file(project, target, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (report.documents, report.documents) and report.bytes == target.stat().st_size
    with pytest.raises(exporting.ServiceError, match="cannot write"):
        exporting.export_to_file(project, tmp_path / "missing-folder" / "x.jsonl")


def test_export_dialog_filters_coders_kinds_and_layer(qtbot, project, tmp_path):
    import csv

    from annotator.services import annotators

    (tmp_path / "a.txt").write_text("標題\n快手電商表示，交易額同比增長18.5%。", encoding="utf-8")
    importing.import_paths(project, [tmp_path / "a.txt"])
    alice, bob = annotators.ensure(project, "alice"), annotators.ensure(project, "bob")
    text = (tmp_path / "a.txt").read_text(encoding="utf-8")
    for coder in (alice, bob):
        annotations.create_annotation(
            project, annotator_id=coder, document_id=1, kind="figure", start=text.index("18.5%"), end=text.index("18.5%") + 5
        )
    annotations.create_annotation(
        project, annotator_id=alice, document_id=1, kind="stakeholder", start=text.index("快手"), end=text.index("快手") + 4
    )
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    window.export_project()
    dialog = window.findChild(ExportDialog)
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    assert not dialog.filters.isEnabled()  # the native format keeps everything
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert dialog.filters.isEnabled() and not dialog.gold.isEnabled()
    dialog.coders.findItems("bob", Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Unchecked)
    dialog.kinds.findItems("Stakeholder", Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Unchecked)
    dialog.layer.setCurrentIndex(dialog.layer.findData("t2s"))
    dialog.destination.setText(str(tmp_path / "tables"))
    with qtbot.waitSignal(dialog.finished_export, timeout=20000):
        dialog.export_button.click()
    with (tmp_path / "tables" / "annotations.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["annotator"], r["kind"], r["text"]) for r in rows] == [("alice", "figure", "18.5%")]
    with (tmp_path / "tables" / "documents.csv").open(encoding="utf-8-sig") as handle:
        assert next(csv.DictReader(handle))["text"].startswith("标题")  # the simplified reading
