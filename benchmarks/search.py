"""Full-text search over 10,000 articles with 2- and 4-character queries in both scripts.

.venv/bin/python benchmarks/search.py [N]
"""

from __future__ import annotations

import sys
import time

from common import fresh_project, median_ms, table, temp_dir, write_articles

from annotator.services import documents, importing

QUERIES = [
    ("2 characters, simplified", "快手"),
    ("2 characters, traditional", "電商"),
    ("4 characters, simplified", "快手电商"),
    ("4 characters, traditional", "快手電商"),
    ("4 characters, traditional corpus", "台積電"),
    ("rare, 2 characters", "淘特"),
    ("absent, 4 characters", "不存在词"),
]


def main(n: int = 10_000, repeats: int = 15) -> None:
    folder = temp_dir()
    (folder / "in").mkdir()
    project = fresh_project(folder)
    importing.import_paths(project, write_articles(folder / "in", n))
    rows = []
    for label, query in QUERIES:
        samples = []
        for _ in range(repeats):
            start = time.perf_counter()
            found = documents.list_documents(project, search=query)
            samples.append(time.perf_counter() - start)
        rows.append((f"{label}: {query}", f"{median_ms(samples):.1f} ms ({len(found):,} found)", "≤ 50 ms"))
    table(f"Search over {n:,} articles (median of {repeats}, matching documents listed with counts)", rows)
    project.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
