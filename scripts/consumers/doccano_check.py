"""doccano 1.8: our JSONL uploaded through its API into a sequence-labelling project that allows overlapping
spans, every example's spans read back, then its own JSONL export imported into an empty project."""

from __future__ import annotations

import io
import os
import subprocess
import time
import zipfile
from collections import Counter
from pathlib import Path

from annotator.services import dataset_import, projects
from consumers import expected
from consumers.http import Client

PORT = 8000
USER, PASSWORD = "checker", "consumer-check-1"


def _env(data: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{data / 'doccano.sqlite3'}", "HOME": str(data)}


def start(venv: Path, data: Path) -> list[subprocess.Popen]:
    doccano = str(venv / "bin" / "doccano")
    log = (data / "server.log").open("wb")  # noqa: SIM115 -- the servers write to it as long as they run
    subprocess.run([doccano, "init"], env=_env(data), stdout=log, stderr=subprocess.STDOUT, check=True)
    subprocess.run(
        [doccano, "createuser", "--username", USER, "--password", PASSWORD],
        env=_env(data), stdout=log, stderr=subprocess.STDOUT, check=True,
    )  # fmt: skip
    return [
        subprocess.Popen([doccano, "webserver", "--port", str(PORT)], env=_env(data), stdout=log, stderr=subprocess.STDOUT),
        subprocess.Popen([doccano, "task"], env=_env(data), stdout=log, stderr=subprocess.STDOUT),
    ]


def login() -> Client:
    client = Client(f"http://127.0.0.1:{PORT}")
    client.wait("/v1/health/", seconds=300)
    key = client.json("POST", "/v1/auth/login/", {"username": USER, "password": PASSWORD})["key"]
    client.headers["Authorization"] = f"Token {key}"
    return client


def _finished(client: Client, task: str) -> dict:
    for _ in range(600):
        status = client.json("GET", f"/v1/tasks/status/{task}")
        if status["ready"]:
            if status["error"]:
                raise RuntimeError(f"doccano task failed: {status['error']}")
            return status["result"] or {}
        time.sleep(1)
    raise RuntimeError("doccano task did not finish in 10 minutes")


def check(client: Client, project, folder: Path, rows: list) -> None:
    settings = {"name": "consumer check", "description": "Annotator export", "project_type": "SequenceLabeling",
                "allow_overlapping": True, "use_relation": True, "resourcetype": "SequenceLabelingProject"}  # fmt: skip
    ident = client.json("POST", "/v1/projects", settings)["id"]
    path = folder / "doccano.jsonl"
    upload = client.upload("/v1/fp/process/", "filepond", path.name, path.read_bytes()).decode()
    task = client.json("POST", f"/v1/projects/{ident}/upload", {"format": "JSONL", "task": "RelationExtraction",
                       "uploadIds": [upload], "column_data": "text", "column_label": "label"})["task_id"]  # fmt: skip
    errors = _finished(client, task).get("error") or []
    labels = {t["id"]: t["text"] for t in client.json("GET", f"/v1/projects/{ident}/span-types")}
    examples = client.json("GET", f"/v1/projects/{ident}/examples?limit=100000")["results"]
    found: Counter = Counter()
    for example in examples:
        for span in client.json("GET", f"/v1/projects/{ident}/examples/{example['id']}/spans"):
            found[(example["text"], labels[span["label"]], span["start_offset"], span["end_offset"])] += 1
    # doccano gives every uploaded span to the user who uploads: compared without the coder
    wanted = Counter()
    for (text, _, kind, start, end), n in expected.spans(project).items():
        wanted[(text, kind, start, end)] += n
    records = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    said = f"{len(examples)}/{records} documents" + (f", {len(errors)} error(s)" if errors else "")
    rows.append(("doccano ← our doccano JSONL", said, sum(found.values()), expected.wrong(found, wanted)))
    task = client.json("POST", f"/v1/projects/{ident}/download", {"format": "JSONL", "exportApproved": False})["task_id"]
    _finished(client, task)
    archive = client.request("GET", f"/v1/projects/{ident}/download?taskId={task}")
    exported = folder / "from-doccano.jsonl"
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        exported.write_bytes(b"".join(z.read(name) for name in z.namelist() if name.endswith(".jsonl")))
    other = projects.init_project(folder / "from-doccano.sqlite")
    report = dataset_import.import_dataset(other, exported, dataset_import.Options("doccano", annotator="doccano"))
    back = Counter()
    for (text, _, kind, start, end), n in expected.spans(other).items():
        back[(text, kind, start, end)] += n
    distinct = Counter(set(wanted))  # one coder's spans: the same span twice is kept once
    rows.append(("Annotator ← doccano's export", f"{report.count('imported')}/{len(examples)} documents",
                 sum(back.values()), expected.wrong(back, distinct)))  # fmt: skip
    other.close()
