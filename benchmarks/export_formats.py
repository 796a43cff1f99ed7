"""Export the same project to every dataset format: time and peak memory per format.

The project is built as for export_jsonl.py (articles from the shared corpus, annotations written straight
into the database); each export runs in a child process of its own, so that its peak memory is its own.

    .venv/bin/python benchmarks/export_formats.py [ARTICLES] [ANNOTATIONS_PER_ARTICLE] [FORMAT…]
"""

from __future__ import annotations

import subprocess
import sys

from common import ROOT, table
from export_jsonl import build

from annotator.services.exporting import FORMATS

CHILD = """
import sys, time
sys.path.insert(0, {root!r})
sys.path.insert(0, {root!r} + "/benchmarks")
from common import peak_rss_mb
from annotator.services import exporting
from annotator.storage.project import Project
project = Project.open({path!r})
start = time.perf_counter()
report = exporting.export_to_file(project, {out!r}, format={fmt!r}, selection=exporting.Selection(annotators=("alice",)))
print(report.documents, time.perf_counter() - start, peak_rss_mb(),
      report.bytes)
"""


def main(articles: int = 10_000, per_document: int = 100, *formats: str) -> None:
    folder, total = build(articles, per_document)
    rows = []
    for fmt in formats or [f for f in FORMATS if f != "jsonl"]:
        out = folder / f"export-{fmt}{FORMATS[fmt].suffix}"
        code = CHILD.format(root=str(ROOT), path=str(folder / "bench.sqlite"), out=str(out), fmt=fmt)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if done.returncode:
            rows.append((fmt, "failed: " + done.stderr.strip().splitlines()[-1], ""))
            continue
        n, seconds, peak, size = done.stdout.split()
        rows.append(
            (fmt, f"{float(seconds):.1f} s, peak {float(peak):.0f} MB, {int(size) / 1e6:,.0f} MB written", "≤ 300 MB")
        )
    table(f"Exporting {total:,} annotations over {articles:,} articles (one coder; one child process per format)", rows)


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:3] if a.isdigit()]
    main(*numbers, *[a for a in sys.argv[1:] if not a.isdigit()])
