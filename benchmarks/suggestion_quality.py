"""How good the suggestions are, on our labelled set (labels/corpus.yaml, rules in labels/RULES.md).

    .venv/bin/python benchmarks/suggestion_quality.py [--split test|dev|all]

Per kind, precision, recall and F1, exact (same start and end) and by overlap (a suggestion that overlaps
a labelled span of its kind counts, and so is the span found), in two settings:

- **cold**: a new project, nothing coded (no registry, no names coders marked);
- **learnt**: leave-one-out, as if every other labelled article had been coded (their stakeholders' names
  are the project's, as the app's gazetteer has them), the article itself not.

Claims also report how many of the found claims got the labelled claimant (the suggested claimant's span
overlapping the claimant's mention); the suggestions choose claimants among the stakeholder suggestions.
Time: the median of computing one article's suggestions.
"""

from __future__ import annotations

import argparse
import statistics
import time

from common import table
from labelled import Article, load

from annotator.core import stakeholder_names, suggestions

KINDS = ("stakeholder", "claim", "figure")


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def suggest(article: Article, gazetteer: suggestions.Gazetteer | None) -> list[suggestions.Suggestion]:
    """The suggestions as the app computes them for a coder who has marked nothing in the article yet, but
    with claimants chosen among the stakeholder suggestions (a claim's `claimant` field is the index of one
    in the stakeholders of the list)."""
    found = suggestions.suggest(article.text, gazetteer=gazetteer, kinds=("figure", "stakeholder"))
    stakeholders = [(n, s.start, s.end) for n, s in enumerate(s for s in found if s.kind == "stakeholder")]
    return found + suggestions.suggest(article.text, kinds=("claim",), stakeholders=stakeholders)


class Score:
    """Counts over articles: per kind, exact matches, labelled spans overlapped, suggestions overlapping,
    suggestions, labelled spans; and claimants right of the found claims that have one."""

    def __init__(self) -> None:
        self.counts = {kind: dict.fromkeys(("exact", "found", "right", "suggested", "labelled"), 0) for kind in KINDS}
        self.claimants = [0, 0]

    def add(self, article: Article, found: list[suggestions.Suggestion]) -> None:
        for kind in KINDS:
            wanted, got = article.spans[kind], {(s.start, s.end) for s in found if s.kind == kind}
            counts = self.counts[kind]
            counts["exact"] += len(wanted & got)
            counts["found"] += sum(1 for w in wanted if any(_overlaps(w, g) for g in got))
            counts["right"] += sum(1 for g in got if any(_overlaps(g, w) for w in wanted))
            counts["suggested"] += len(got)
            counts["labelled"] += len(wanted)
        stakeholders = [s for s in found if s.kind == "stakeholder"]
        claims = [s for s in found if s.kind == "claim"]
        for claim in article.claims:
            match = next((s for s in claims if _overlaps((s.start, s.end), (claim.start, claim.end))), None)
            if match is None or claim.claimant is None:
                continue
            self.claimants[1] += 1
            chosen = match.fields.get("claimant")
            if chosen is not None and _overlaps((stakeholders[chosen].start, stakeholders[chosen].end), claim.claimant):
                self.claimants[0] += 1

    def rows(self) -> list[tuple[str, ...]]:
        rows = []
        for kind in KINDS:
            c = self.counts[kind]
            exact = _prf(c["exact"], c["exact"], c["suggested"], c["labelled"])
            overlap = _prf(c["right"], c["found"], c["suggested"], c["labelled"])
            rows.append((kind, exact, overlap, f"{c['suggested']} / {c['labelled']}"))
        right, total = self.claimants
        rows.append(("claimant right, of found claims", f"{right} of {total}", f"{right / total:.2f}" if total else "-", ""))
        return rows


def _prf(right: int, found: int, suggested: int, labelled: int) -> str:
    precision = right / suggested if suggested else 0.0
    recall = found / labelled if labelled else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f"{precision:.2f} / {recall:.2f} / {f1:.2f}"


def learnt_gazetteer(articles: list[Article], left_out: Article) -> suggestions.Gazetteer:
    """The names coders would have marked in every other article."""
    names = {name for other in articles if other is not left_out for name in other.stakeholder_names}
    return suggestions.Gazetteer(suggestions.Name(name) for name in sorted(names))


def _source(s: suggestions.Suggestion) -> str:
    return stakeholder_names.family_of(s.note) if s.source == "names" else s.source


def by_source(everything: list[Article], articles: list[Article]) -> None:
    """How often each rule's suggestions overlap a labelled span of their kind: a new project for the rules,
    leave-one-out for the names learnt from other articles."""
    right: dict[tuple[str, str], list[int]] = {}
    for article in articles:
        cold = suggest(article, None)
        learnt = [s for s in suggest(article, learnt_gazetteer(everything, article)) if s.source == "gazetteer"]
        for s in cold + learnt:
            counts = right.setdefault((s.kind, _source(s)), [0, 0])
            counts[0] += any(_overlaps((s.start, s.end), w) for w in article.spans[s.kind])
            counts[1] += 1
    rows = [(kind, source, f"{r / n:.2f}", str(n)) for (kind, source), (r, n) in sorted(right.items())]
    table("Precision of each rule (overlap)", rows, ("kind", "source", "precision", "suggested"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("test", "dev", "all"), default="test")
    parser.add_argument(
        "--by-source", action="store_true", help="precision of each rule (the suggestions' confidence comes from dev)"
    )
    arguments = parser.parse_args()
    split = arguments.split
    everything = load()  # leave-one-out learns from every other article, whatever the split reported
    articles = [a for a in everything if split == "all" or a.split == split]
    times = []
    which = f"all {len(articles)}" if split == "all" else f"{len(articles)} {split}"
    for setting in ("cold", "learnt"):
        score = Score()
        for article in articles:
            gazetteer = learnt_gazetteer(everything, article) if setting == "learnt" else None
            started = time.perf_counter()
            found = suggest(article, gazetteer)
            times.append((time.perf_counter() - started) * 1000)
            score.add(article, found)
        label = "a new project" if setting == "cold" else "the other labelled articles coded (leave-one-out)"
        table(
            f"Suggestions on {which} articles, {label}",
            score.rows(),
            ("kind", "exact: precision / recall / F1", "overlap: precision / recall / F1", "suggested / labelled"),
        )
    if arguments.by_source:
        by_source(everything, articles)
    chars = statistics.mean(len(a.text) for a in articles)
    print(f"\nmedian {statistics.median(times):.1f} ms per article (mean {chars:,.0f} characters)")


if __name__ == "__main__":
    main()
