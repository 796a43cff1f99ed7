"""Import pre-annotated datasets: a project's export in each format, imported into an empty project as one
coder's work (documents created, every span checked and stored, links and fields), timed per format.

The project is built as for export_jsonl.py; each import runs in a child process of its own, so that its
peak memory is its own.

    .venv/bin/python benchmarks/import_datasets.py [ARTICLES] [ANNOTATIONS_PER_ARTICLE] [FORMAT…]
"""

from __future__ import annotations

import subprocess
import sys

from common import ROOT, table
from export_jsonl import build

from annotator.services import exporting
from annotator.services.exporting import FORMATS
from annotator.storage.project import Project

CHILD = """
import sys, time
sys.path.insert(0, {root!r})
sys.path.insert(0, {root!r} + "/benchmarks")
from common import peak_rss_mb
from annotator.services import dataset_import, projects
project = projects.init_project({target!r})
start = time.perf_counter()
report = dataset_import.import_dataset(project, {source!r}, dataset_import.Options({fmt!r}, annotator="alice"))
assert report.ok, report.results[:3]
print(report.count("imported"), time.perf_counter() - start, peak_rss_mb())
"""

DEFAULT = ("doccano", "label-studio", "brat", "conll", "csv", "parquet", "qdpx")


def main(articles: int = 1_000, per_document: int = 100, *formats: str) -> None:
    folder, total = build(articles, per_document)
    project = Project.open(folder / "bench.sqlite")
    rows = []
    for fmt in formats or DEFAULT:
        source = folder / f"export-{fmt}{FORMATS[fmt].suffix}"
        exporting.export_to_file(project, source, format=fmt, selection=exporting.Selection(annotators=("alice",)))
        code = CHILD.format(root=str(ROOT), target=str(folder / f"import-{fmt}.sqlite"), source=str(source), fmt=fmt)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if done.returncode:
            rows.append((fmt, "failed: " + done.stderr.strip().splitlines()[-1], ""))
            continue
        n, seconds, peak = done.stdout.split()
        rate = total / float(seconds)
        rows.append((fmt, f"{float(seconds):.1f} s ({rate:,.0f} spans/s), peak {float(peak):.0f} MB", ""))
    project.close()
    table(f"Importing {total:,} annotations over {articles:,} articles as one coder's work (one child process each)", rows)


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:3] if a.isdigit()]
    main(*numbers, *[a for a in sys.argv[1:] if not a.isdigit()])
