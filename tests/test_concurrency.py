"""Two processes edit the same annotation at the same moment, on SQLite and on PostgreSQL (the `project`
fixture gives both): one edit wins, the other is told the annotation changed since it was read, and nothing
is lost or overwritten silently."""

from __future__ import annotations

import subprocess
import sys
import time

from sqlalchemy import func, select

from annotator.services import annotations, importing
from annotator.storage.models import Annotation, AuditLog, Document

from .conftest import ROOT

EDITOR = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from annotator.services import annotations
from annotator.services.errors import StaleEdit
from annotator.storage.project import Project
project = Project.open(sys.argv[1])
annotations.annotations_of(project, 1)  # connected and warmed up, as a window that shows the article
Path(sys.argv[2] + "." + sys.argv[5].split()[0]).touch()  # ready
while not Path(sys.argv[2]).exists():
    time.sleep(0.0005)
try:
    annotations.update_annotation(
        project, annotator_id=int(sys.argv[3]), annotation_id=int(sys.argv[4]), expected_version=1,
        fields={{"note": sys.argv[5]}},
    )
    print("saved")
except StaleEdit as exc:
    print("stale:", exc)
"""


def test_one_of_two_simultaneous_edits_wins_and_the_other_is_told(project, alice, tmp_path):
    (tmp_path / "a.txt").write_text("华为称营收增长了百分之十。", encoding="utf-8")
    importing.import_paths(project, [tmp_path / "a.txt"])
    claim = annotations.create_annotation(
        project, annotator_id=alice, document_id=1, kind="claim", start=0, end=12, fields={"note": "original"}
    ).first("annotation")["id"]
    go = tmp_path / "go"
    code = EDITOR.format(root=str(ROOT))
    for round_ in range(3):  # a few rounds: which process wins varies, the outcome must not
        go.unlink(missing_ok=True)
        editors = [
            subprocess.Popen(
                [sys.executable, "-c", code, project.url, str(go), str(alice), str(claim), f"{name} {round_}"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in ("first", "second")
        ]
        deadline = time.monotonic() + 60
        ready = [go.with_name(f"go.{name}") for name in ("first", "second")]
        while not all(r.exists() for r in ready) and time.monotonic() < deadline:
            time.sleep(0.01)
        for r in ready:
            r.unlink()
        go.touch()
        outputs = [editor.communicate(timeout=120) for editor in editors]
        said = sorted(out.strip() for out, _ in outputs)
        assert [s.split(":")[0] for s in said] == ["saved", "stale"], outputs
        assert "was changed elsewhere since you opened it" in said[1] and "Nothing was overwritten" in said[1]
        names = ("first", "second")
        winner = next(f"{n} {round_}" for n, (out, _) in zip(names, outputs, strict=True) if out.startswith("saved"))
        with project.read() as session:
            stored = session.get(Annotation, claim)
            assert stored.fields["note"] == winner and stored.version == 2
            updates = session.scalars(select(AuditLog.after).where(AuditLog.action == "update_annotation:updated")).all()
        assert [u["fields"]["note"] for u in updates][-1] == winner and len(updates) == round_ + 1
        with project.write() as session:  # back to version 1 for the next round
            session.get(Annotation, claim).version = 1


IMPORTER = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from annotator.services import importing
from annotator.storage.project import Project
project = Project.open(sys.argv[1])
Path(sys.argv[2] + "." + sys.argv[4]).touch()  # ready
while not Path(sys.argv[2]).exists():
    time.sleep(0.0005)
for result in importing.import_paths(project, [sys.argv[3]]).results:
    print(Path(result.source).name, result.status)
"""


def test_two_processes_importing_the_same_articles_at_once_store_each_once(project, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(20):
        (folder / f"{i:02}.txt").write_text(f"第{i}篇：华为称营收增长了百分之{i}。", encoding="utf-8")
    go = tmp_path / "go"
    code = IMPORTER.format(root=str(ROOT))
    importers = [
        subprocess.Popen(
            [sys.executable, "-c", code, project.url, str(go), str(folder), name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    deadline = time.monotonic() + 60
    while not all(go.with_name(f"go.{n}").exists() for n in ("first", "second")) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    outputs = [importer.communicate(timeout=120) for importer in importers]
    said = [dict(line.split() for line in out.splitlines()) for out, _ in outputs]
    for name in sorted(said[0]):  # each file stored by one of the two; the other found its text stored
        assert sorted((said[0][name], said[1][name])) == ["duplicate", "imported"], outputs
    with project.read() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 20
        assert session.scalar(select(func.count()).where(AuditLog.action.like("import_document%"))) == 20
