"""The consumer check, run before each release (not part of the test suite): our exports loaded by the real
tools that read them, and their exports read back by us.

    .venv/bin/python scripts/check_consumers.py [--work DIR]

1. Installs Label Studio 1.23.2 and doccano 1.8.4 (with marshmallow<4 and numpy<2, which it needs to start
   offline) into virtual environments of their own under DIR (kept for the next run).
2. Builds a project of the shared corpus (or the demo articles) and an article with characters outside the
   BMP and spans across line breaks, coded by two coders sharing spans, and exports it.
3. Runs the rest again in a network namespace with only loopback (`unshare -n`, as root): the tools start on
   127.0.0.1, take our exports through their APIs, and every span they hold is compared with the project's
   (Label Studio's in UTF-16 units); their own exports are imported into empty projects and compared again.
   `spacy train` runs two epochs on our DocBin export.
4. Prints a table: tool, what loaded, spans checked, spans wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

TOOLS = {
    "label-studio": ["label-studio==1.23.2"],
    "doccano": ["doccano==1.8.4", "marshmallow<4", "numpy<2"],
}


def install(work: Path) -> None:
    for name, packages in TOOLS.items():
        venv = work / name
        if (venv / "bin" / name).exists():
            continue
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", *packages], check=True)


def prepare(work: Path) -> None:
    from consumers import sample

    from annotator.services import exporting

    exports = work / "exports"
    shutil.rmtree(exports, ignore_errors=True)
    exports.mkdir(parents=True)
    project = sample.build(exports / "project.sqlite")
    for fmt, name in (("label-studio", "label-studio.json"), ("label-studio-predictions", "label-studio-predictions.json"),
                      ("doccano", "doccano.jsonl")):  # fmt: skip
        exporting.export_to_file(project, exports / name, format=fmt)
    selection = exporting.Selection(annotators=("alice",))
    exporting.export_to_file(project, exports / "spacy", format="spacy", selection=selection)
    project.close()


def spacy_rows(work: Path) -> list:
    """Two epochs of `spacy train` on the DocBin export (one coder's spans as entities), and every entity of
    every document compared with the project's."""
    from collections import Counter

    from consumers import expected

    from annotator.storage.project import Project

    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:
        return [("spaCy (not installed)", "-", 0, 0)]
    exports = work / "exports"
    vocab = spacy.blank("zh").vocab
    docs = [doc for part in sorted((exports / "spacy").glob("*.spacy")) for doc in DocBin().from_disk(part).get_docs(vocab)]
    found = Counter((doc.text, "alice", e.label_, e.start_char, e.end_char) for doc in docs for e in doc.ents)
    project = Project.open(str(exports / "project.sqlite"))
    wanted = Counter({k: 1 for k in expected.spans(project, ("alice",)) if k[2] in ("stakeholder", "figure")})
    project.close()
    nested = wanted - found  # doc.ents cannot nest: the longer of two overlapping spans is kept
    config = exports / "spacy.cfg"
    subprocess.run([sys.executable, "-m", "spacy", "init", "config", str(config), "--lang", "zh", "--pipeline", "ner",
                    "--force"], check=True, capture_output=True)  # fmt: skip
    trained = subprocess.run(
        [sys.executable, "-m", "spacy", "train", str(config), "--output", str(exports / "model"),
         "--paths.train", str(exports / "spacy"), "--paths.dev", str(exports / "spacy"), "--training.max_epochs", "2"],
        capture_output=True, text=True,
    )  # fmt: skip
    said = f"{len(docs)} documents, trained: {'yes' if trained.returncode == 0 else 'NO: ' + trained.stderr[-300:]}"
    wrong = sum((found - wanted).values())
    tool = f"spaCy train ← our DocBin ({sum(nested.values())} nested left out of doc.ents)"
    return [(tool, said, sum(found.values()), wrong)]


def inside(work: Path) -> None:
    """In the namespace: start the tools, check, write the rows."""
    from consumers import doccano_check, label_studio_check

    from annotator.storage.project import Project

    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    exports = work / "exports"
    rows: list = []
    servers = []
    try:
        for name, module in (("label-studio", label_studio_check), ("doccano", doccano_check)):
            data = work / f"{name}-data"
            shutil.rmtree(data, ignore_errors=True)
            data.mkdir()
            started = module.start(work / name, data)
            servers += started if isinstance(started, list) else [started]
            project = Project.open(str(exports / "project.sqlite"))
            try:
                module.check(module.login(), project, exports, rows)
            except Exception as exc:  # noqa: BLE001 -- a tool that fails is a row of the table, said
                rows.append((name, f"FAILED: {exc}"[:200], 0, -1))
            finally:
                project.close()
        rows += spacy_rows(work)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    (work / "results.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def table(rows: list) -> str:
    head = ("tool", "loaded", "spans checked", "wrong")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(4)]
    lines = [" | ".join(str(c).ljust(w) for c, w in zip(head, widths, strict=True))]
    lines.append("-|-".join("-" * w for w in widths))
    lines += [" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path.home() / ".cache" / "annotator-consumer-check")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    work = args.work.resolve()
    if args.inside:
        inside(work)
        return 0
    work.mkdir(parents=True, exist_ok=True)
    install(work)
    prepare(work)
    results = work / "results.json"
    results.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    subprocess.run(["unshare", "-n", sys.executable, __file__, "--work", str(work), "--inside"], env=env, check=True)
    rows = json.loads(results.read_text(encoding="utf-8"))
    print(table(rows))
    return 0 if all(row[3] == 0 and "FAILED" not in str(row[1]) for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
