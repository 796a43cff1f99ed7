"""Our labelled set (benchmarks/labels) holds together against the shared corpus: every label is found in its
article, the splits are the ones RULES.md gives, claimants precede or follow their claims, and the benchmark
that scores the suggestions on it runs."""

from __future__ import annotations

import subprocess
import sys

from .conftest import CORPUS, ROOT


def test_every_label_is_in_its_article_and_the_splits_alternate():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import labelled
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    articles = labelled.load()
    assert all((CORPUS / a.file).exists() for a in articles)
    for article in articles:
        number = int(article.file.split("_")[2])
        assert article.split == ("dev" if number % 2 else "test"), article.file
        for kind, spans in article.spans.items():
            assert spans or kind == "claim", (article.file, kind)
            assert all(0 <= s < e <= len(article.text) for s, e in spans)
        for claim in article.claims:  # a claim runs to its sentence's end, or to the next attribution's comma
            assert article.text[claim.end : claim.end + 1] in ("。", "，", "\n", ""), article.text[claim.start : claim.end]
            if claim.claimant is not None:
                s, e = claim.claimant
                assert (s, e) in article.spans["stakeholder"] or any(
                    os <= s and e <= oe for os, oe in article.spans["stakeholder"]
                ), (article.file, article.text[s:e])
    assert {a.split for a in articles} == {"dev", "test"}


def test_the_quality_benchmark_prints_its_tables():
    assert CORPUS.is_dir()  # the benchmark reads the texts from there
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "suggestion_quality.py"), "--split", "test"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "a new project" in done.stdout and "leave-one-out" in done.stdout
    assert "| figure |" in done.stdout and "ms per article" in done.stdout
