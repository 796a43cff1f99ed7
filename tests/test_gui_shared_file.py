"""The real window, reopened as it is after a language change and after a codebook save, with the command
line working on the same file beside it: neither loses the other's writes, no WAL is deleted under the
window, and the file is whole at the end (the test that held the bug down is test_shared_file)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from annotator.gui import main_window, translations
from annotator.gui.main_window import MainWindow
from annotator.gui.settings_dialog import SettingsDialog
from annotator.services import annotations, documents
from annotator.storage.project import Project

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads this process's open files from /proc")


def cli(*args) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return proc


def deleted_project_files(path: Path) -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(path)) and target.endswith("(deleted)"):
            found.append(target)
    return found


def _share_a_round(window: MainWindow, path: Path, tmp_path: Path, n: int) -> None:
    """The command line reads, the window writes and the command sees it, the command imports and the window
    sees it; no file of the project deleted under the window at any step."""
    listed = json.loads(cli("list", "--project", path, "--json").stdout)
    assert deleted_project_files(path) == []
    annotations.create_annotation(
        window.project, annotator_id=window.annotator_id, document_id=listed[0]["id"], kind="figure", start=0, end=n
    )
    shown = json.loads(cli("show", listed[0]["id"], "--project", path, "--json").stdout)
    assert len(shown["annotations"]) == n
    article = tmp_path / f"{n}.txt"
    article.write_text(f"第{n}篇：市场监管总局表示，将加强监管。", encoding="utf-8")
    cli("import", "--project", path, article)
    window.model.reload()
    assert window.model.total() == len(listed) + 1 == documents.count_documents(window.project)
    assert deleted_project_files(path) == []


def test_the_reopened_window_and_the_command_line_see_each_others_writes(qtbot, project_path, tmp_path):
    first = tmp_path / "first.txt"
    first.write_text("国家统计局发布数据显示，消费增长。", encoding="utf-8")
    cli("import", "--project", project_path, first)
    window = MainWindow(Project.open(project_path), "alice")
    qtbot.addWidget(window)
    window.show()
    _share_a_round(window, project_path, tmp_path, 1)

    dialog = SettingsDialog("alice", window)  # View → Language and settings…, the other language, OK
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    try:
        assert dialog.save()
        window = window.open_project(window.project.url)  # what show_settings does after OK
        qtbot.addWidget(window)
        _share_a_round(window, project_path, tmp_path, 2)
    finally:
        translations.install("en")

    editor = window.edit_codebook()  # saving the codebook reopens the window too
    editor.save()
    assert editor.installed
    qtbot.waitUntil(lambda: main_window._open_windows and main_window._open_windows[-1] is not window)
    window = main_window._open_windows[-1]
    qtbot.addWidget(window)
    _share_a_round(window, project_path, tmp_path, 3)

    window.close()
    with closing(sqlite3.connect(project_path)) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert check.execute("SELECT count(*) FROM documents").fetchone()[0] == 4
        assert check.execute("SELECT count(*) FROM annotations").fetchone()[0] == 3
