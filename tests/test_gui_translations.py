"""The interface in Simplified Chinese: every string translated, compiled at first use, switchable."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from annotator.gui import translations
from annotator.gui.main_window import MainWindow
from annotator.gui.settings_dialog import SettingsDialog
from annotator.paths import TRANSLATIONS
from annotator.services import annotations, importing

from .conftest import ROOT, SAMPLES

SOURCE = TRANSLATIONS / "annotator_zh_CN.ts"


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {
        (context.findtext("name"), message.findtext("source")): message.find("translation")
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_every_interface_string_is_translated(tmp_path):
    """lupdate over today's code finds no string the committed .ts lacks, and none is left unfinished."""
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(PySide6.__file__).parent / "lupdate"
    sources = sorted(str(p) for p in (ROOT / "annotator" / "gui").glob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh), "-locations", "none", "-silent"], check=True)
    committed = _messages(SOURCE)
    missing = set(_messages(fresh)) - set(committed)
    assert not missing, f"run scripts/update-translations.sh and translate: {sorted(missing)}"
    unfinished = [key for key, t in committed.items() if t.get("type") in ("unfinished", "vanished") or not t.text]
    assert not unfinished


@pytest.fixture
def chinese(qapp):
    assert translations.install("zh_CN") == "zh_CN"
    yield
    translations.install("en")


def test_chinese_interface_and_codebook_labels(qtbot, project, chinese):
    assert translations.compiled("zh_CN").exists()  # compiled from the .ts at first use
    importing.import_paths(project, [SAMPLES])
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    window.show()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[:5] == ["文件(&F)", "编辑(&E)", "视图(&V)", "团队(&T)", "帮助(&H)"]
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "标题"
    assert [window.lists.tabText(i) for i in range(window.lists.count())] == [
        "主张 (0)",
        "数字 (0)",
        "利益相关方 (0)",
        "文档",
    ]
    assert "每次修改即时保存" in window.statusBar().currentMessage()

    window.article.select_span(0, 4)
    window.annotate("claim")
    combo = window.form.editor("type")
    assert isinstance(combo, QComboBox) and combo.itemText(1) == "事实" and combo.itemData(1) == "factual"
    combo.setCurrentIndex(1)
    window.form.commit()
    qtbot.waitUntil(lambda: annotations.annotations_of(project, window.document_id)[0]["fields"] == {"type": "factual"})
    assert window.undo_stack.undoText() == "编辑 claim"  # the stored values stay the codebook's own
    qtbot.waitUntil(lambda: "事实" in window.lists.list_of("claim").item(0).text())  # the list shows labels too
    assert "类型: 事实" in window.article.spans_at(0)[0].summary


def test_settings_switch_the_language_by_reopening_the_window(qtbot, project):
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    dialog = SettingsDialog("alice", window)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    try:
        assert dialog.save() is True
        reopened = window.open_project(project.url)
        qtbot.addWidget(reopened)
        assert reopened.menuBar().actions()[0].text() == "文件(&F)"
        assert translations.chosen_language() == "zh_CN" and translations.effective_language() == "zh_CN"
    finally:
        translations.install("en")
    dialog = SettingsDialog("alice")
    dialog.language.setCurrentIndex(dialog.language.findData(""))
    dialog.save()
    assert translations.effective_language("") == "en"  # the test machine's locale is not Chinese
