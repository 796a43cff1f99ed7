"""The dataset import dialog: the file's labels listed with what they become, whose work the spans are,
the import on a worker thread, and the window showing what arrived."""

from __future__ import annotations

import json

from annotator.gui.main_window import MainWindow
from annotator.services import codebooks, suggestions
from annotator.services import documents as documents_service

RECORDS = [
    {"text": "浙商银行企业信贷部叶老桂博士则从另一个角度对五道门槛进行了解读。",
     "label": {"name": {"叶老桂": [[9, 11]]}, "company": {"浙商银行": [[0, 3]]}, "scene": {"五道门槛": [[22, 25]]}}},
    {"text": "坏", "label": {"name": {"好": [[0, 0]]}}},
]  # fmt: skip


def _dialog(qtbot, project, tmp_path):
    path = tmp_path / "cluener.json"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS), encoding="utf-8")
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    window.show()
    dialog = window.import_dataset()
    qtbot.addWidget(dialog)
    dialog.choose(str(path), "cluener")
    qtbot.waitUntil(lambda: dialog.labels.rowCount() == 3 and not dialog.running(), timeout=10000)
    return window, dialog


def _becomes(dialog) -> dict[str, str]:
    return {dialog.labels.item(r, 0).text(): dialog.labels.cellWidget(r, 2).currentText() for r in range(3)}


def test_labels_are_listed_and_mapped_and_the_spans_become_my_work(qtbot, project, tmp_path):
    window, dialog = _dialog(qtbot, project, tmp_path)
    assert _becomes(dialog) == {"name": "add as a new kind", "company": "add as a new kind", "scene": "add as a new kind"}
    assert dialog.status.text() == "2 record(s), 3 label(s), 0 relation type(s)."
    for row in range(3):
        combo = dialog.labels.cellWidget(row, 2)
        wanted = "leave out" if dialog.labels.item(row, 0).text() == "scene" else "Stakeholder"
        combo.setCurrentIndex(combo.findText(wanted))
    dialog.as_me.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.import_button.click()
    assert dialog.status.text() == "1 imported, 0 duplicate, 1 refused"
    rows = [[dialog.results.item(r, c).text() for c in range(3)] for r in range(dialog.results.rowCount())]
    assert rows[1][0] == "refused" and "says '好' but the text there is '坏'" in rows[1][2]
    assert window.model.rowCount() == 1
    window.show_document(documents_service.document_ids(project)[0])
    assert sorted(r["text"] for r in window.rows()) == ["叶老桂", "浙商银行"]
    assert codebooks.current_codebook(project)[1].kind_names == ("claim", "figure", "stakeholder")


def test_added_kinds_reopen_the_window_and_suggestions_are_offered(qtbot, project, tmp_path):
    window, dialog = _dialog(qtbot, project, tmp_path)
    assert dialog.as_suggestions.isChecked()  # the default: nobody's work until a coder accepts it
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.import_button.click()
    book = codebooks.current_codebook(project)[1]
    assert {k.label for k in book.kinds} >= {"name", "company", "scene"}
    assert not window.isVisible()  # it reopened with the new kinds (menus, keys, form)
    document = documents_service.document_ids(project)[0]
    offered = suggestions.document_suggestions(project, annotator_id=window.annotator_id, document_id=document)
    assert sorted(s.text for s in offered if s.source == "imported") == ["五道门槛", "叶老桂", "浙商银行"]
