"""Helpers shared by the benchmarks: a corpus replicated to size, fresh projects, timing and tables."""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"


def corpus_texts() -> list[str]:
    files = sorted((SHARED / "corpus").glob("*/*.txt")) + sorted((SHARED / "samples").glob("*.txt"))
    if not files:
        raise SystemExit("benchmarks need ../shared/corpus beside the repository")
    return [f.read_text(encoding="utf-8") for f in files]


def replicated(n: int) -> list[str]:
    """n distinct articles: the shared ones in turn, each copy marked so its content hash differs."""
    texts = corpus_texts()
    return [f"{texts[i % len(texts)]}\n（第{i}号副本）\n" for i in range(n)]


def write_articles(folder: Path, n: int) -> list[Path]:
    paths = []
    for i, text in enumerate(replicated(n)):
        path = folder / f"{i:06}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def fresh_project(folder: Path):
    from annotator.services import projects

    return projects.init_project(folder / "bench.sqlite")


def temp_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="annotator-bench-"))


def peak_rss_mb() -> float:
    """This process's own peak resident memory (VmHWM). Not getrusage's ru_maxrss, which a process started by
    another inherits through fork and exec: a child of a 500 MB benchmark process reported 511 MB where it
    had used 11."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def table(title: str, rows: list[tuple[str, ...]], headers: tuple[str, ...] = ("measure", "result", "target")) -> None:
    """Print a Markdown table: by default what was measured, the figure, the target of DESIGN §10."""
    print(f"\n### {title}\n")
    print("| " + " | ".join(headers) + " |")
    print("| " + " | ".join("---" for _ in headers) + " |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
