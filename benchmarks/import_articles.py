"""Import 10,000 articles (the shared corpus replicated) into a fresh project: rate and memory.

.venv/bin/python benchmarks/import_articles.py [N]
"""

from __future__ import annotations

import sys
import time

from common import fresh_project, peak_rss_mb, table, temp_dir, write_articles

from annotator.services import importing


def main(n: int = 10_000) -> None:
    folder = temp_dir()
    (folder / "in").mkdir()
    paths = write_articles(folder / "in", n)
    project = fresh_project(folder)
    rss = {}

    def progress(done: int, total: int, _label: str) -> None:
        if done in (total // 10, total):
            rss[done] = peak_rss_mb()

    start = time.perf_counter()
    report = importing.import_paths(project, paths, progress=progress)
    elapsed = time.perf_counter() - start
    assert report.count("imported") == n, report.summary()
    size_mb = (folder / "bench.sqlite").stat().st_size / 1e6
    table(
        f"Import of {n:,} articles",
        [
            ("articles per second", f"{n / elapsed:,.0f} ({elapsed:.1f} s)", "≥ 400"),
            ("peak memory after 10% / 100%", f"{rss.get(n // 10, 0):.0f} MB / {rss.get(n, 0):.0f} MB", "flat"),
            ("project file", f"{size_mb:,.0f} MB", ""),
        ],
    )
    project.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
