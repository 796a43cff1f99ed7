"""A full disk, for real (a 4 MB tmpfs): an import stops with "the disk is full", keeps what it stored, and
goes on when space is freed; exports say so without a traceback and leave nothing behind."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing

import pytest

from .test_cli import run


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small disk needs root")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    yield disk
    if subprocess.run(["umount", str(disk)], capture_output=True).returncode:
        subprocess.run(["umount", "-l", str(disk)])  # still busy: detached now, gone when let go


def test_an_import_stops_on_a_full_disk_keeps_what_it_stored_and_resumes(small_disk, tmp_path):
    project = small_disk / "p.sqlite"
    assert run("init", project).returncode == 0
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * (1 << 20))
    articles = tmp_path / "articles"
    articles.mkdir()
    for i in range(300):
        (articles / f"{i:03}.txt").write_text(f"第{i}篇" + "国家统计局发布数据显示，消费增长。" * 100, encoding="utf-8")

    full = run("import", "--project", project, articles)
    assert full.returncode == 2
    assert "the disk is full" in full.stderr and "what was stored before is kept" in full.stderr

    filler.unlink()
    for export in (["--format", "xlsx", "-o", small_disk / "out.xlsx"], ["--format", "csv", "-o", small_disk / "csv"]):
        (small_disk / "space").write_bytes(b"\0" * (shutil.disk_usage(small_disk).free - (64 << 10)))
        refused = run("export", "--project", project, *export)
        assert refused.returncode in (1, 2) and "No space left on device" in refused.stderr
        assert sorted(p.name for p in small_disk.iterdir()) == ["p.sqlite", "p.sqlite-shm", "p.sqlite-wal", "space"]
        (small_disk / "space").unlink()

    with closing(sqlite3.connect(project)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert 0 < stored < 300
    shutil.move(project, tmp_path / "p.sqlite")  # on a disk with room, the same import finishes the rest
    for suffix in ("-wal", "-shm"):
        if (small_disk / f"p.sqlite{suffix}").exists():
            shutil.move(small_disk / f"p.sqlite{suffix}", tmp_path / f"p.sqlite{suffix}")
    again = run("import", "--project", tmp_path / "p.sqlite", articles)
    assert again.returncode == 0, again.stderr
    assert f"{300 - stored} imported, {stored} duplicate" in again.stdout
