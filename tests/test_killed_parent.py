"""A command killed outright (SIGKILL, as the kernel kills a process short of memory) leaves no worker
process behind, and the scratch files of a killed export are swept by the next export into that folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.services import exporting, importing, workers

pytestmark = [
    pytest.mark.skipif(workers.cores() < 2, reason="on one core an import or export starts no worker"),
    pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds a process's children in /proc"),
]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _kill_once_it_has_workers(proc: subprocess.Popen) -> list[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        found = [c for c in _children(proc.pid) if _alive(c)]
        if found:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return found
        time.sleep(0.02)
    pytest.skip("the command ended before it started a worker")


def _gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


def test_the_workers_of_a_killed_import_end_with_it(project_path, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(3000):
        (folder / f"{i:04}.txt").write_text(f"第{i}篇：国家统计局发布数据显示，消费增长{i}%。" * 20, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "annotator", "import", "--project", str(project_path), str(folder)])
    workers_seen = _kill_once_it_has_workers(proc)
    assert workers_seen and _gone_within(workers_seen, 5), "a worker outlived its killed import"


def test_a_killed_csv_export_leaves_no_worker_and_its_scratch_is_swept(project_path, tmp_path):
    from annotator.storage.project import Project

    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(3000):
        (folder / f"{i:04}.txt").write_text(f"第{i}篇：国家统计局发布数据显示，消费增长{i}%。" * 200, encoding="utf-8")
    project = Project.open(project_path)
    importing.import_paths(project, [folder])
    out = tmp_path / "exports"
    out.mkdir()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "annotator",
            "export",
            "--project",
            str(project_path),
            "--format",
            "csv",
            "-o",
            str(out / "tables"),
        ]
    )
    workers_seen = _kill_once_it_has_workers(proc)
    assert _gone_within(workers_seen, 5), "the export's worker outlived it"
    left = [p.name for p in out.iterdir()]
    assert left and all(name.startswith(".tables.annotator-") for name in left)  # beside the output, not in /tmp

    exporting.export_to_file(project, out / "other.jsonl", format="jsonl", document_ids=[1])
    project.close()
    assert sorted(p.name for p in out.iterdir()) == ["other.jsonl"]
