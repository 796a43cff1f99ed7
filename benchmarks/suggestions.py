"""Computing the suggestions for one article: figures, stakeholders from a gazetteer, claims from cues.

.venv/bin/python benchmarks/suggestions.py

Articles of 5,000 characters cut from the shared corpus (simplified, and traditional through its
conversion, which the app caches per text as this does); a gazetteer of 2,000 names (a registry and the
names coders annotated, as a large project has). The names found by their shape are computed afresh each
time (the app keeps them per text, so this is the first time an article is shown).
"""

from __future__ import annotations

import random
import statistics
import time

from common import SHARED, table

from annotator.core import stakeholder_names, suggestions


def article(script: str, chars: int = 5000) -> str:
    folder = "simplified" if script == "simplified" else "traditional"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((SHARED / "corpus" / folder).glob("*.txt")))
    return (text * (chars // len(text) + 1))[:chars]


def gazetteer(size: int) -> suggestions.Gazetteer:
    rng = random.Random(5)
    pool = "华为快手京东阿里腾讯美团拼多多小米联想戴尔英特尔高通台积电海关总署国家统计局中国银行农业银行分析师记者商务部"
    names = [suggestions.Name(name, i) for i, name in enumerate(("快手", "海关总署", "台积电", "英特尔", "高通", "联发科"))]
    while len(names) < size:
        start = rng.randrange(len(pool) - 6)
        names.append(suggestions.Name(pool[start : start + rng.randint(2, 6)] + str(len(names))))
    return suggestions.Gazetteer(names)


def median_ms(fn, runs: int = 15) -> float:
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    names = gazetteer(2000)
    rows = []
    for script in ("simplified", "traditional"):
        text = article(script)
        found = suggestions.suggest(text, published="2024-10-14", gazetteer=names)
        counts = {k: sum(1 for s in found if s.kind == k) for k in suggestions.KINDS}

        def compute(text=text):
            stakeholder_names.candidates.cache_clear()  # the window computes an article's new names once
            return suggestions.suggest(text, published="2024-10-14", gazetteer=names)

        ms = median_ms(compute)
        what = ", ".join(f"{n} {k}s" for k, n in counts.items())
        rows.append((f"5,000 {script} characters, 2,000 names ({what})", f"{ms:.1f} ms", "≤ 50 ms"))
    table("Suggestions for one article (median of 15)", rows)


if __name__ == "__main__":
    main()
