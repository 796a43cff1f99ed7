"""Work that test_kill_points kills with SIGKILL: run as its own process.

    python kill_sessions.py coding PROJECT SEED STEPS   a scripted coder: service calls, as the window makes them
    python kill_sessions.py import PROJECT FOLDER       the folder's articles imported, one call per file

After each action has returned (committed, if it ever will be) the session prints "ACK n WHAT": for coding,
a digest of the coder's work as stored; for import, the file just imported. The same seed gives the same
actions on the same project, so a killed run can be compared with one that ran to the end.
"""

from __future__ import annotations

import hashlib
import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from annotator.services import annotations, annotators, documents, importing
from annotator.services.errors import ServiceError
from annotator.storage.project import Project


def digest(path: str) -> str:
    """The coder's work as stored: annotations, relations, document statuses and fields (not timestamps)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = [
            connection.execute('SELECT id, document_id, kind, start, "end", fields FROM annotations ORDER BY id').fetchall(),
            connection.execute("SELECT id, type, source_id, target_id FROM relations ORDER BY id").fetchall(),
            connection.execute(
                "SELECT document_id, annotator_id, status, fields FROM document_statuses ORDER BY 1, 2"
            ).fetchall(),
        ]
    finally:
        connection.close()
    return hashlib.sha1(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:16]


def run_killed(command: list[str], kill_after: int | None = None, delay: float = 0.0) -> list[str]:
    """Run a session script (its command line); with `kill_after`, SIGKILL it `delay` seconds after that
    acknowledgement (0: before the first). Returns what it acknowledged, including what it printed before
    it died. A line saying WARNING is a failure of the session itself."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    acknowledged = []
    if kill_after == 0:
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
    for line in proc.stdout:
        if line.startswith("WARNING"):
            proc.kill()
            raise AssertionError(line)
        if line.startswith("ACK"):
            acknowledged.append(line.split()[2])
            if len(acknowledged) == kill_after:
                time.sleep(delay)
                proc.send_signal(signal.SIGKILL)
                break
    acknowledged += [line.split()[2] for line in proc.stdout if line.startswith("ACK")]
    proc.wait(timeout=120)
    return acknowledged


CHOICES = {"claim": ("type", ["factual", "causal", "prediction"]), "stakeholder": ("type", ["company", "expert"])}


def coding(path: str, seed: int, steps: int) -> None:
    """Create, change, link, delete and finish, as a coder does; every call one transaction."""
    project = Project.open(path)
    coder = annotators.ensure(project, "crash-tester")
    chance = random.Random(seed)
    texts = {d.id: documents.get_document(project, d.id)["text"] for d in documents.list_documents(project)}
    for step in range(1, steps + 1):
        document_id = chance.choice(sorted(texts))
        mine = annotations.annotations_of(project, document_id, coder)
        roll = chance.random()
        try:
            if roll < 0.5 or not mine:
                start = chance.randrange(0, len(texts[document_id]) - 8)
                kind = chance.choice(["claim", "figure", "stakeholder"])
                fields = {}
                if kind == "claim" and (claimants := [a for a in mine if a["kind"] == "stakeholder"]):
                    fields["claimant"] = chance.choice(claimants)["id"]
                annotations.create_annotation(
                    project, annotator_id=coder, document_id=document_id, kind=kind, start=start,
                    end=start + chance.randint(1, 8), fields=fields,
                )  # fmt: skip
            elif roll < 0.7:
                row = chance.choice(mine)
                if row["kind"] in CHOICES:
                    name, values = CHOICES[row["kind"]]
                    annotations.update_annotation(
                        project, annotator_id=coder, annotation_id=row["id"], expected_version=row["version"],
                        fields={name: chance.choice(values)},
                    )  # fmt: skip
                else:
                    annotations.update_annotation(
                        project, annotator_id=coder, annotation_id=row["id"], expected_version=row["version"],
                        end=min(len(texts[document_id]), row["end"] + 1),
                    )  # fmt: skip
            elif roll < 0.85:
                row = chance.choice(mine)
                annotations.delete_annotation(
                    project, annotator_id=coder, annotation_id=row["id"], expected_version=row["version"]
                )
            else:
                documents.set_status(project, annotator_id=coder, document_id=document_id, status="done", add_seconds=30)
        except ServiceError as exc:  # a refusal is part of the script (the same one every run), not a crash
            print(f"REFUSED {step} {exc}", flush=True)
        print(f"ACK {step} {digest(path)}", flush=True)
    print("DONE", flush=True)


def import_folder(path: str, folder: str) -> None:
    project = Project.open(path)
    for n, file in enumerate(sorted(Path(folder).iterdir()), start=1):
        importing.import_paths(project, [file])
        print(f"ACK {n} {file.name}", flush=True)
    print("DONE", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "coding":
        coding(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        import_folder(sys.argv[2], sys.argv[3])
