"""Label Studio 1.23: our annotations and our predictions uploaded through its API, read back task by task
(offsets in UTF-16 units, compared with ours), then its own export imported into an empty project."""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from pathlib import Path

from annotator.services import dataset_import, projects
from consumers import expected
from consumers.http import Client

PORT = 8089
EMAIL, PASSWORD = "checker@example.org", "consumer-check-1"


def start(venv: Path, data: Path) -> subprocess.Popen:
    env = {**os.environ, "LABEL_STUDIO_BASE_DATA_DIR": str(data), "DJANGO_DB": "sqlite"}
    command = [str(venv / "bin" / "label-studio"), "start", "--no-browser", "--host", "127.0.0.1", "--port", str(PORT)]
    command += ["--data-dir", str(data), "--username", EMAIL, "--password", PASSWORD]
    log = (data / "server.log").open("wb")  # noqa: SIM115 -- the server writes to it as long as it runs
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def login() -> Client:
    client = Client(f"http://127.0.0.1:{PORT}")
    client.wait("/health", seconds=300)
    client.request("GET", "/user/login/")
    client.form("/user/login/", {"email": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": client.csrf() or ""})
    client.json("GET", "/api/current-user/whoami")
    return client


def _project(client: Client, title: str, config: str) -> int:
    return client.json("POST", "/api/projects", {"title": title, "label_config": config})["id"]


def _read_back(work: list, text: str, key: str) -> Counter:
    """(text, coder, kind, start, end) of every labels result, offsets as Label Studio keeps them."""
    found: Counter = Counter()
    for entry in work:
        for result in entry.get("result", []):
            if result.get("type") == "labels":
                value = result["value"]
                coder = result.get("annotator") or entry.get(key)
                found[(text, coder, value["labels"][0], value["start"], value["end"])] += 1
    return found


def check(client: Client, project, folder: Path, rows: list) -> None:
    wanted = expected.in_utf16(expected.spans(project))
    for name, key in (("label-studio", "annotations"), ("label-studio-predictions", "predictions")):
        tasks = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        config = (folder / f"{name}.label-config.xml").read_text(encoding="utf-8")
        ident = _project(client, f"consumer check {name}", config)
        client.json("POST", f"/api/projects/{ident}/import", tasks)
        found: Counter = Counter()
        loaded = 0
        listed = client.json("GET", f"/api/tasks?project={ident}&page_size=100000")
        for task in listed["tasks"] if isinstance(listed, dict) else listed:
            full = client.json("GET", f"/api/tasks/{task['id']}")
            loaded += 1
            if key == "predictions":
                work = client.json("GET", f"/api/predictions?task={task['id']}")
                found += _read_back(work, full["data"]["text"], "model_version")
            else:
                found += _read_back(full["annotations"], full["data"]["text"], "completed_by")
        rows.append((f"Label Studio ← our {name}", f"{loaded}/{len(tasks)} tasks", sum(found.values()),
                     expected.wrong(found, wanted)))  # fmt: skip
        exported = client.request("GET", f"/api/projects/{ident}/export?exportType=JSON&download_all_tasks=true")
        path = folder / f"from-label-studio-{name}.json"
        path.write_bytes(exported)
        other = projects.init_project(folder / f"from-label-studio-{name}.sqlite")
        options = dataset_import.Options("label-studio", keep_annotators=True)
        if key == "predictions":
            options = dataset_import.Options("label-studio")  # predictions come back as suggestions
        report = dataset_import.import_dataset(other, path, options)
        if key == "annotations":
            back = expected.spans(other)
            wrong = expected.wrong(back, expected.spans(project))
            checked = sum(back.values())
        else:  # Label Studio's export lists predictions by id only: the texts come back, the spans cannot
            wrong, checked = 0, 0
        said = f"{report.count('imported')}/{len(tasks)} documents"
        rows.append((f"Annotator ← Label Studio's export ({name})", said, checked, wrong))
        other.close()
