"""Schema, migrations and opening project files (DESIGN §6)."""

from __future__ import annotations

import sqlite3
import sys
import threading
from contextlib import closing

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from annotator.services import documents, importing, projects
from annotator.storage import trouble
from annotator.storage.models import Base
from annotator.storage.project import (
    Project,
    ProjectError,
    alembic_config,
    head_revision,
    is_damage,
)
from annotator.storage.schema import APPLICATION_ID, include_object

from .conftest import SAMPLES


def test_migrated_schema_equals_the_models(project_path):
    engine = create_engine(f"sqlite:///{project_path}")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object, "compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_sqlite_file_is_marked_and_configured(sqlite_project):
    with sqlite_project.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_file_of_another_program_is_refused(tmp_path):
    other = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE notes (x)")
        conn.commit()
    with pytest.raises(ProjectError, match="another program"):
        Project.open(other)


def test_text_file_and_damaged_file_are_refused(tmp_path, project_path):
    text = tmp_path / "notes.sqlite"
    text.write_text("hello")
    with pytest.raises(ProjectError, match="not an SQLite database"):
        Project.open(text)
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(project_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    damaged.write_bytes(bytes(data))
    with pytest.raises(ProjectError):
        Project.open(damaged)


def test_damage_deep_in_the_file_is_named_when_its_page_is_read(tmp_path, project_path, qapp, monkeypatch, capsys):
    """Opening checks the header and schema only (every page would take seconds on a large project); a
    damaged page further in is reported when read: the window's last resort and the command line name it."""
    from PySide6.QtWidgets import QMessageBox

    from annotator.cli.main import main as cli
    from annotator.gui import app

    project = Project.open(project_path)
    for i in range(40):
        (tmp_path / f"{i}.txt").write_text(f"第{i}篇\n" + "快手电商的销售额增长了。" * 400, encoding="utf-8")
    importing.import_paths(project, [tmp_path / f"{i}.txt" for i in range(40)])
    project.close()
    data = bytearray(project_path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle : middle + 4096 * 8] = b"\x00" * 4096 * 8
    project_path.write_bytes(bytes(data))
    damaged = Project.open(project_path)
    with pytest.raises(Exception) as caught:
        for doc_id in documents.document_ids(damaged):
            documents.get_document(damaged, doc_id)
    damaged.close()
    assert is_damage(caught.value)
    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: said.append(text))
    app.report_unexpected(type(caught.value), caught.value, None)
    assert "damaged" in said[0] and "backup" in said[0]
    assert cli(["--project", str(project_path), "export", "-o", str(tmp_path / "out.jsonl")]) == 2
    assert "the project file is damaged" in capsys.readouterr().err


def test_a_garbled_value_under_a_document_row_is_said_as_damage(tmp_path, project_path, qtbot, monkeypatch, capsys):
    """A JSON column that no longer parses (a damaged page under one row): `show` and `export` say the file
    is damaged (exit 2, no traceback), and the window opening that article says so too, not "Something went
    wrong"."""
    from PySide6.QtWidgets import QMessageBox

    from annotator.cli.main import main as cli
    from annotator.gui import app
    from annotator.gui.main_window import MainWindow

    (tmp_path / "a.txt").write_text("国家统计局发布数据显示，消费增长。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("市场监管总局表示，将加强监管。", encoding="utf-8")
    project = Project.open(project_path)
    importing.import_paths(project, [tmp_path / "a.txt", tmp_path / "b.txt"])
    with closing(sqlite3.connect(project_path)) as conn, conn:
        conn.execute("""UPDATE documents SET provenance = '{"source": ' WHERE id = 2""")
    for args in (["show", "2"], ["export", "-o", str(tmp_path / "out.jsonl")]):
        assert cli(["--project", str(project_path), *args]) == 2
        assert "the project file is damaged" in capsys.readouterr().err
    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: said.append(text))
    window = MainWindow(project, "alice")
    qtbot.addWidget(window)
    window.show_document(1)
    with pytest.raises(Exception) as caught:
        window.show_document(2)
    app.report_unexpected(type(caught.value), caught.value, None)  # what the excepthook does with it
    assert "damaged" in said[0] and "Something went wrong" not in said[0]
    window.close()
    project.close()


def test_a_damaged_page_met_while_the_window_is_built_is_said_and_ends_the_start(
    tmp_path, project_path, qapp, monkeypatch, capfd
):
    """`annotator` (app.run) on a file whose documents' pages are damaged: the window cannot be built; the
    coder is told the file is damaged and what to do, and the start ends with exit status 2, not a traceback
    left to Qt."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from annotator.gui import app

    project = Project.open(project_path)
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"第{i}篇\n" + "快手电商的销售额增长了。" * 400, encoding="utf-8")
    importing.import_paths(project, [tmp_path / f"{i}.txt" for i in range(5)])
    project.close()
    with closing(sqlite3.connect(project_path)) as conn:
        pages = [n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE name = 'documents'")]
    data = bytearray(project_path.read_bytes())
    for page in pages:
        data[(page - 1) * 4096 : page * 4096] = b"\x00" * 4096
    project_path.write_bytes(bytes(data))

    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: said.append(text))
    monkeypatch.setattr(app, "annotator_name", lambda: "tester")
    monkeypatch.setattr(QApplication, "exec", lambda *_: pytest.fail("the window was shown"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(trouble, "on_lock_wait", trouble.on_lock_wait)
    names = qapp.applicationName(), qapp.organizationName()
    try:
        assert app.run(str(project_path)) == 2
        qapp.processEvents()  # what is left of a half-built window would run now
    finally:
        qapp.setApplicationName(names[0])
        qapp.setOrganizationName(names[1])
    assert len(said) == 1 and "damaged" in said[0] and "backup" in said[0]
    assert "malformed" in capfd.readouterr().err  # the whole error printed for a bug report


def test_newer_schema_is_refused_and_left_untouched(project_path):
    with closing(sqlite3.connect(project_path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
    before = project_path.read_bytes()
    with pytest.raises(ProjectError, match="newer version of Annotator"):
        Project.open(project_path)
    assert project_path.read_bytes() == before


def test_older_schema_is_backed_up_and_upgraded(tmp_path):
    """A file at the first schema (no search index) with a document: opening it backs it up, upgrades it,
    and indexes the document that was already there."""
    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        command.upgrade(alembic_config(conn), "0001")
        conn.exec_driver_sql(
            "INSERT INTO documents (uid, title, text, script, length, content_hash, meta, provenance, search_text, "
            "created_at) "
            "VALUES ('u1', '快手', '快手电商表示', 'simplified', 6, 'h', '{}', '{}', '快手\n快手电商表示', '2024-01-01')"
        )
    engine.dispose()

    project = Project.open(path)
    assert project.current_revision() == head_revision()
    assert project.backup_made is not None and project.backup_made.exists()
    with closing(sqlite3.connect(project.backup_made)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert [d.id for d in documents.list_documents(project, search="快手電商")] == [1]
    project.close()


def test_missing_project_is_not_created_by_accident(tmp_path):
    with pytest.raises(ProjectError, match="annotator init"):
        Project.open(tmp_path / "nothing.sqlite")
    assert not (tmp_path / "nothing.sqlite").exists()


def test_init_refuses_an_existing_file(project_path):
    with pytest.raises(ProjectError, match="exists already"):
        projects.init_project(project_path)


def test_online_backup_is_a_working_project(sqlite_project, tmp_path):
    project = sqlite_project
    importing.import_paths(project, [SAMPLES])
    dest = project.backup(tmp_path / "copy.sqlite")
    copy = Project.open(dest)
    assert len(documents.list_documents(copy)) == 4
    copy.close()


def test_schema_head_constant_names_the_newest_migration():
    from annotator.storage.schema import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD
