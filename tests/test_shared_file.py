"""The window and the command line on one project file, as the README invites: real processes, each seeing
the other's writes, no WAL deleted under a live process, the file whole at the end.

The bug this holds down: a process that reopened its project (the window does, after a language change or a
codebook save) read the file's header with a descriptor of its own and closed it, which drops every POSIX
lock the process's SQLite connections held; the next `annotator list` then deleted the WAL under the window,
whose writes went on into a deleted file and were lost (storage.held_file says more).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from annotator.services import importing

from .conftest import ROOT

# More rounds and other timings: ANNOTATOR_SHARED_FILE_ROUNDS=20 ANNOTATOR_SHARED_FILE_SEED=$RANDOM ./test.sh -k share_a
ROUNDS = int(os.environ.get("ANNOTATOR_SHARED_FILE_ROUNDS", "6"))
SEED = int(os.environ.get("ANNOTATOR_SHARED_FILE_SEED", "17"))


def cli(*args) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


class Window:
    """The process that plays the window (tests/shared_file_session.py), spoken to line by line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "shared_file_session.py"), str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )

    def ask(self, command: str) -> str:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        assert answer, f"the window process died after {command!r}"
        return answer

    def seen(self) -> tuple[int, int]:
        _, docs, _, anns = self.ask("seen").split()
        return int(docs), int(anns)

    def deleted_files(self) -> list[str]:
        """The project's files this process holds open although they were deleted from the folder."""
        names = []
        fd_dir = Path(f"/proc/{self.proc.pid}/fd")
        for fd in fd_dir.iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith(str(self.path)) and target.endswith("(deleted)"):
                names.append(target)
        return names

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.flush()
            assert self.proc.stdout.readline().strip() == "BYE"
        self.proc.wait(timeout=30)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads a process's open files from /proc")
@pytest.mark.parametrize("folder", ["local", "network"])
def test_window_reopening_and_the_command_line_share_a_project(project_path, tmp_path, monkeypatch, folder):
    """On a local disk (WAL) and on a network folder (the rollback journal; said by ANNOTATOR_NETWORK_FOLDER,
    as a share between machines would be detected)."""
    if folder == "network":
        monkeypatch.setenv("ANNOTATOR_NETWORK_FOLDER", "1")  # both processes inherit it
    first = tmp_path / "first.txt"
    first.write_text("国家统计局发布数据显示，消费增长。" * 8, encoding="utf-8")  # long enough for many rounds
    cli("import", "--project", project_path, first)
    window = Window(project_path)
    shake = random.Random(SEED)
    try:
        docs, anns = window.seen()
        assert (docs, anns) == (1, 0)
        for round_ in range(ROUNDS):
            time.sleep(shake.uniform(0, 0.2))
            assert window.ask("reopen") == "REOPENED"
            listed = json.loads(cli("list", "--project", project_path, "--json").stdout)
            assert len(listed) == docs
            assert window.deleted_files() == [], f"round {round_}: the WAL was deleted under the window"

            time.sleep(shake.uniform(0, 0.2))
            assert window.ask(f"annotate {round_ + 2}") == "ANNOTATED"
            anns += 1
            shown = json.loads(cli("show", listed[0]["id"], "--project", project_path, "--json").stdout)
            assert len(shown["annotations"]) == anns, f"round {round_}: the command line does not see the window's write"

            article = tmp_path / f"round{round_}.txt"
            article.write_text(f"第{round_}篇：市场监管总局表示，将加强监管。", encoding="utf-8")
            assert cli("import", "--project", project_path, article).returncode == 0
            docs += 1
            assert window.seen() == (docs, anns), f"round {round_}: the window does not see the command's import"
            assert window.deleted_files() == []
    finally:
        window.close()
    with closing(sqlite3.connect(project_path)) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == ("wal" if folder == "local" else "delete")
        assert check.execute("SELECT count(*) FROM documents").fetchone()[0] == docs
        assert check.execute("SELECT count(*) FROM annotations").fetchone()[0] == anns


def _articles(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        (folder / f"{i:03}.txt").write_text(f"第{i}篇：国家统计局发布数据显示，消费增长{i}%。", encoding="utf-8")
    return folder


@pytest.mark.parametrize("how", ["moved", "deleted", "overwritten"])
def test_an_import_stops_when_its_project_file_is_taken_away(project_path, tmp_path, how):
    """`mv other.sqlite p.sqlite`, `rm p.sqlite` or `cp notes.txt p.sqlite` while a command imports: it stops
    before the next commit and says so, instead of reporting success for writes nobody will see."""
    from annotator.storage.project import Project, ProjectFileMoved

    folder = _articles(tmp_path / "in", 6)
    other = tmp_path / "other.sqlite"
    other.write_bytes(project_path.read_bytes())
    project = Project.open(project_path)

    def take_away(done, total, label):
        if done == 2:
            if how == "moved":
                os.replace(other, project_path)
            elif how == "deleted":
                project_path.unlink()
            else:
                project_path.write_bytes(b"notes, not a project\n" * 10)

    try:
        with pytest.raises(ProjectFileMoved) as refused:
            importing.import_paths(project, [folder], progress=take_away)
    finally:
        project.close()
    assert str(project_path) in str(refused.value)
    assert {"moved": "replaced by another file", "deleted": "deleted", "overwritten": "overwritten"}[how] in str(
        refused.value
    )


def test_the_command_line_says_the_file_went_away(project_path, tmp_path):
    """The same through a real `annotator import`, whose file is replaced while it runs: exit 2, the reason
    said, no traceback, not 'imported'."""
    folder = _articles(tmp_path / "in", 400)
    other = tmp_path / "other.sqlite"
    other.write_bytes(project_path.read_bytes())
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator", "import", "--project", str(project_path), str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:  # replaced once the import has begun storing
        with closing(sqlite3.connect(f"file:{other}?mode=ro", uri=True)):
            pass
        if (project_path.parent / (project_path.name + "-wal")).exists():
            break
        time.sleep(0.005)
    os.replace(other, project_path)
    out, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the import ended before the file could be replaced")
    assert proc.returncode == 2, (out, err)
    assert "Traceback" not in err
    assert "was replaced by another file" in err


def test_a_damaged_header_is_called_damaged_not_foreign(project_path, tmp_path):
    from annotator.storage.project import Project, ProjectError

    data = bytearray(project_path.read_bytes())
    data[:16] = b"\0" * 16
    project_path.write_bytes(bytes(data))
    with pytest.raises(ProjectError, match="header is damaged"):
        Project.open(project_path)
    foreign = tmp_path / "notes.sqlite"
    foreign.write_bytes("会议纪要\n".encode() * 100)
    with pytest.raises(ProjectError, match="not an SQLite database"):
        Project.open(foreign)


def test_network_folders_are_told_from_the_mount_table():
    from annotator.storage.network_folder import NETWORK_FILESYSTEMS, filesystem_of

    mountinfo = "\n".join(
        [
            "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
            "40 22 0:35 / /home/lab rw,relatime shared:20 - nfs4 server:/export/lab rw,vers=4.2",
            "41 40 0:36 / /home/lab/local\\040copy rw,relatime - ext4 /dev/sdb1 rw",
            "42 22 0:37 / /mnt/share rw,relatime - cifs //nas/share rw",
        ]
    )
    assert filesystem_of(mountinfo, "/home/lab/projects") == "nfs4"
    assert filesystem_of(mountinfo, "/home/lab/local copy/p") == "ext4"
    assert filesystem_of(mountinfo, "/home/labs") == "ext4"
    assert filesystem_of(mountinfo, "/mnt/share") == "cifs"
    assert {"nfs4", "cifs"} <= NETWORK_FILESYSTEMS


def test_closing_every_project_lets_go_of_the_file(project_path):
    from annotator.storage.held_file import held_count
    from annotator.storage.project import Project

    before = held_count()
    first = Project.open(project_path)
    second = Project.open(project_path)  # the same file: one descriptor for both
    assert held_count() == before + 1
    first.close()
    assert held_count() == before + 1
    second.close()
    second.close()  # closing twice is harmless
    assert held_count() == before


def test_a_network_folder_project_open_in_wal_elsewhere_is_refused_plainly(project_path, monkeypatch):
    """A machine that did not see the folder as shared has the project open in WAL mode: one that does is
    told to close it there, instead of the two using different journals on one file."""
    window = Window(project_path)  # opened as a local folder: WAL
    try:
        assert window.seen() == (0, 0)
        monkeypatch.setenv("ANNOTATOR_NETWORK_FOLDER", "1")
        proc = cli("list", "--project", project_path)
        assert proc.returncode == 2 and "is open in WAL mode elsewhere" in proc.stderr
    finally:
        window.close()
    assert cli("list", "--project", project_path).returncode == 0  # once it is closed there
