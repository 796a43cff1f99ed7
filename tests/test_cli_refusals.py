"""Every option that parses what a user types, and every storage trouble a command can meet, ends in a plain
message and an exit code, never a traceback (real `annotator` processes)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing

import pytest

from .test_cli import run


@pytest.fixture
def one_article(project_path, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("华为称营收增长了百分之十。", encoding="utf-8")
    assert run("import", "--project", project_path, article).returncode == 0
    return article


@pytest.mark.parametrize(
    "args, said",
    [
        (["export", "--documents", "abc", "-o", "x.jsonl"], "document ids are positive whole numbers"),
        (["export", "--documents", "1,,x", "--format", "csv", "-o", "out"], "got 'x'"),
        (["export", "--documents", "0", "-o", "x.jsonl"], "got '0'"),
        (["assign", "--annotators", "a", "--documents", "x"], "document ids are positive whole numbers"),
        (["assign", "--annotators", "a,b", "--overlap", "150"], "a percentage from 0 to 100"),
        (["assign", "--annotators", "a,b", "--overlap", "lots"], "a number is needed"),
        (["assign", "--annotators", "a,b", "--seed", "x"], "invalid int value"),
        (["list", "--limit", "-5"], "must be at least 1"),
        (["list", "--limit", "ten"], "a whole number is needed"),
        (["list", "--from", "2024-13-45"], "is not a date"),
        (["list", "--to", "yesterday"], "is not a date"),
        (["agreement", "--tolerance", "nan"], "a share from 0 to 1"),
        (["agreement", "--tolerance", "-1"], "a share from 0 to 1"),
        (["show", "abc"], "invalid int value"),
        (["show", "99"], "document 99 does not exist"),
        (["suggest", "--document", "x"], "invalid int value"),
        (["import", "a.txt", "--max-chars", "0"], "must be at least 1"),
        (["import", "a.txt", "--map", "text"], "--map takes ATTRIBUTE=COLUMN"),
        (["import", "a.txt", "--clean", "bogus"], "unknown cleaning step"),
        (["import", "a.txt", "--format", "doccano", "--as-annotator", "x", "--label", "a"], "--label takes FROM=TO"),
        (["codebook", "import", "missing.yaml"], "missing.yaml"),
        (["merge", "a.txt"], "not an Annotator project"),
        (["backup", "a.txt"], "exists; choose another name"),
        (["team", "blind", "on"], "the following arguments are required: --annotator"),
        (["team", "blind", "maybe", "--annotator", "li"], "invalid choice: 'maybe'"),
        (["export", "--format", "pdf", "-o", "x.pdf"], "invalid choice: 'pdf'"),
        (["export", "--layer", "latin", "-o", "x.jsonl"], "invalid choice: 'latin'"),
        (["import", "--format", "nope", "a.txt"], "invalid choice: 'nope'"),
    ],
)
def test_bad_values_are_refused_plainly(project_path, one_article, args, said):
    proc = run("--project", project_path, *args, cwd=one_article.parent)
    assert proc.returncode in (1, 2), proc.stdout
    assert said in proc.stderr


@pytest.mark.parametrize(
    "spec, said",
    [
        ("postgresql://coder:secret@127.0.0.1:1/none", "cannot be reached"),
        ("bogus://somewhere", "is not a project Annotator can open"),
    ],
)
def test_a_database_out_of_reach_is_said_without_its_password(spec, said):
    proc = run("list", "--project", spec)
    assert proc.returncode == 2
    assert said in proc.stderr and "secret" not in proc.stderr


def test_a_project_in_a_missing_folder_cannot_be_created(tmp_path):
    proc = run("init", tmp_path / "missing" / "deeper" / "x.sqlite", env={"HOME": str(tmp_path)})
    # init makes the folders it needs; a folder that cannot exist is said plainly
    assert proc.returncode == 0
    proc = run("init", "/proc/no/x.sqlite")
    assert proc.returncode == 2 and "cannot be created" in proc.stderr


def _read_only_mount(source, target) -> bool:
    target.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    if subprocess.run(["mount", "--bind", str(source), str(target)], capture_output=True).returncode != 0:
        return False
    if subprocess.run(["mount", "-o", "remount,ro,bind", str(target)], capture_output=True).returncode != 0:
        subprocess.run(["umount", str(target)])
        return False
    return True


def test_a_project_on_a_read_only_disk_is_called_read_only(project_path, one_article, tmp_path):
    folder = tmp_path / "disk"
    folder.mkdir()
    with closing(sqlite3.connect(project_path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(project_path, folder / "p.sqlite")
    mounted = tmp_path / "mounted"
    if not _read_only_mount(folder, mounted):
        pytest.skip("cannot mount a read-only folder here (needs root and mount)")
    try:
        for command in (["list"], ["import", str(one_article)]):
            proc = run(command[0], "--project", mounted / "p.sqlite", *command[1:])
            assert proc.returncode == 2
            assert "read-only" in proc.stderr and "damaged" not in proc.stderr
    finally:
        subprocess.run(["umount", str(mounted)])


def test_an_immutable_project_is_read_and_its_writes_refused_as_read_only(project_path, one_article):
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(project_path)]).returncode != 0:
        pytest.skip("chattr +i is not available here (needs root on a filesystem that has it)")
    other = one_article.with_name("b.txt")
    other.write_text("国家统计局表示，消费增长。", encoding="utf-8")
    try:
        listed = run("list", "--project", project_path)
        assert listed.returncode == 0 and "华为" in listed.stdout
        proc = run("import", "--project", project_path, other)
        assert proc.returncode == 2
        assert "read-only" in proc.stderr
    finally:
        subprocess.run(["chattr", "-i", str(project_path)])


def test_a_write_waits_for_another_programs_lock_saying_so_then_refuses(project_path, one_article, tmp_path):
    """Another program holds the write lock for 12 s: a command waits (saying so) and then stores; one that
    may wait only 5 s is refused with the reason. (SQLite waits 10 s at a time.)"""
    article = tmp_path / "b.txt"
    article.write_text("国家统计局表示，消费增长。", encoding="utf-8")
    holder = sqlite3.connect(project_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(12, lambda: holder.execute("COMMIT"))
    try:
        impatient = run("import", "--project", project_path, article, env={"ANNOTATOR_LOCK_WAIT": "5"})
        assert impatient.returncode == 2
        assert "still holds its write lock" in impatient.stderr
        started = time.monotonic()
        release.start()
        patient = run("import", "--project", project_path, article)
    finally:
        release.join()
        holder.close()
    assert patient.returncode == 0, patient.stderr
    assert "waiting for another program to finish writing" in patient.stderr
    assert time.monotonic() - started >= 10
    assert "1 imported" in patient.stdout


def test_a_database_server_stopped_during_an_import_is_said_plainly(tmp_path):
    """The team's PostgreSQL server goes away while `annotator import` stores: exit 2, "cannot be reached"
    with the URL and no password, no traceback."""
    from .pg_server import Server, binaries

    if binaries() is None:
        pytest.skip("PostgreSQL is not installed")
    server = Server()
    running = True
    try:
        url = server.create("stopping").replace("annotator@", "annotator:secret@")
        assert run("init", url).returncode == 0
        folder = tmp_path / "articles"
        folder.mkdir()
        for i in range(5000):
            (folder / f"{i:04}.txt").write_text(f"第{i}篇：国家统计局发布数据显示，消费增长{i}%。" * 20, encoding="utf-8")
        proc = subprocess.Popen(
            [sys.executable, "-m", "annotator", "import", "--project", url, str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        import psycopg

        deadline = time.monotonic() + 60
        with psycopg.connect(f"host=127.0.0.1 port={server.port} user=annotator dbname=stopping", autocommit=True) as db:
            while time.monotonic() < deadline and not db.execute("SELECT count(*) FROM documents").fetchone()[0]:
                time.sleep(0.01)  # until the import has begun storing
        server.stop()
        running = False
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 2, (out, err[-2000:])
        assert "Traceback" not in err
        assert "cannot be reached" in err and "annotator:***@127.0.0.1" in err and "secret" not in err
    finally:
        if running:
            server.stop()
