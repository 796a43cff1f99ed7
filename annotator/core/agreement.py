"""Inter-coder agreement (DESIGN §8), computed from spans and values alone (no database, no Qt).

Spans. Two coders' spans of one kind are aligned one to one: *exact* when start and end are the same,
*overlap* when they share at least one character (the pairs that share most are taken first). Precision and
recall take the first coder as the reference; F1 is symmetric.

Characters as units. For chance-corrected agreement on where spans are, every character of the documents
both (all) coders coded is a unit, labelled 1 inside a span of the kind and 0 outside: Cohen's κ for a
pair, Fleiss' κ and Krippendorff's α (nominal) for all coders. These are computed from the lengths of the
stretches where k coders mark the text (a sweep over span edges), never character by character, so a
thousand articles take milliseconds.

Values. Spans aligned across coders (by overlap) are the units for field values: Krippendorff's α
(nominal, any number of coders, missing values allowed) and Cohen's κ per pair; figure values agree when
within a relative tolerance; links agree when their targets are aligned spans.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple


class Span(NamedTuple):
    """A coded span (a tuple: hundreds of thousands are made per report). `fields` is not to be changed."""

    id: int
    kind: str
    start: int
    end: int
    fields: dict[str, Any] = {}  # noqa: RUF012 -- shared empty default, never mutated


_ID = itemgetter(0)  # a Span's id


# --- chance-corrected coefficients ----------------------------------------------------------------------


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Cohen's κ of two coders' labels for the same units (None when undefined: no units, or one label
    everywhere for both)."""
    if len(first) != len(second):
        raise ValueError("both coders must label the same units")
    pairs = Counter(zip(first, second, strict=True))
    return _kappa_from_pairs(pairs)


def _kappa_from_pairs(pairs: Counter) -> float | None:
    n = sum(pairs.values())
    if not n:
        return None
    observed = sum(count for (a, b), count in pairs.items() if a == b) / n
    left, right = Counter(), Counter()
    for (a, b), count in pairs.items():
        left[a] += count
        right[b] += count
    expected = sum(left[c] * right[c] for c in left) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def fleiss_kappa(units: Iterable[Sequence[Hashable]]) -> float | None:
    """Fleiss' κ: each unit labelled by the same number (≥ 2) of coders."""
    counts: list[Counter] = [Counter(unit) for unit in units]
    return _fleiss(counts)


def _fleiss(counts: list[Counter], weights: Sequence[float] | None = None) -> float | None:
    """Fleiss' κ from per-unit label counts, each unit weighted (a stretch of characters counts its length)."""
    weights = weights or [1.0] * len(counts)
    total = sum(weights)
    if not counts or not total:
        return None
    raters = sum(counts[0].values())
    if raters < 2 or any(sum(c.values()) != raters for c in counts):
        raise ValueError("Fleiss' κ needs the same number (at least two) of labels per unit")
    agreement, shares = 0.0, Counter()
    for c, w in zip(counts, weights, strict=True):
        agreement += w * (sum(k * (k - 1) for k in c.values()) / (raters * (raters - 1)))
        for label, k in c.items():
            shares[label] += w * k
    observed = agreement / total
    expected = sum((s / (total * raters)) ** 2 for s in shares.values())
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def alpha_nominal(units: Iterable[Sequence[Hashable | None]], weights: Sequence[float] | None = None) -> float | None:
    """Krippendorff's α for nominal values: one row per unit, one entry per coder, None where the coder gave
    no value. Units with fewer than two values do not count. (Weights: a unit standing for that many.)"""
    coincidences: Counter = Counter()  # (c, k) -> o_ck
    rows = list(units)
    for row, w in zip(rows, weights or [1.0] * len(rows), strict=True):
        values = [v for v in row if v is not None]
        m = len(values)
        if m < 2:
            continue
        for a, b in itertools.permutations(range(m), 2):
            coincidences[(values[a], values[b])] += w / (m - 1)
    n = sum(coincidences.values())
    if not n:
        return None
    marginal: Counter = Counter()
    for (c, _k), o in coincidences.items():
        marginal[c] += o
    observed = sum(o for (c, k), o in coincidences.items() if c != k)
    pairable = n * n - sum(v * v for v in marginal.values())  # Σ over c ≠ k of n_c · n_k
    if pairable == 0:
        return None
    return 1 - (n - 1) * observed / pairable


# --- spans ---------------------------------------------------------------------------------------------


def align(first: Sequence[Span], second: Sequence[Span]) -> list[tuple[Span, Span]]:
    """One-to-one pairs of spans of the same kind sharing characters, the pairs sharing most first (then
    those with the closest edges). Pairs with equal edges come first in the list: they are the exact
    matches."""
    # Spans with the same edges pair first: no other pair shares more with either (and none as closely),
    # so the greedy order below would pair them anyway; most of two coders' spans are such, and the sweep
    # then sees only the rest. Equal spans of one coder pair in id order, as the sort below would.
    # (Spans are read by position here, s[1:4] being kind, start and end: this runs for every document.)
    alike: dict[tuple[str, int, int], list[Span]] = {}
    for s in sorted(second, key=_ID):
        alike.setdefault(s[1:4], []).append(s)
    pairs, rest = [], []
    for a in sorted(first, key=_ID):
        same = alike.get(a[1:4])
        if same:
            pairs.append((a, same.pop(0)))
        else:
            rest.append(a)
    candidates = []
    by_kind: dict[str, list[Span]] = {}
    for left in alike.values():  # the second coder's spans not paired above
        for s in left:
            by_kind.setdefault(s[1], []).append(s)
    for kind, others in by_kind.items():
        others.sort(key=lambda s: s.start)
        active: list[Span] = []  # the other coder's spans begun before the current one ends
        position = 0
        for a in sorted((s for s in rest if s.kind == kind), key=lambda s: s.start):
            while position < len(others) and others[position].start < a.end:
                active.append(others[position])
                position += 1
            active = [b for b in active if b.end > a.start or b.start >= a.end]
            for b in active:
                shared = min(a.end, b.end) - max(a.start, b.start)
                if shared > 0:
                    candidates.append((-shared, abs(a.start - b.start) + abs(a.end - b.end), a.id, b.id, a, b))
    candidates.sort(key=lambda c: c[:4])
    used_a, used_b = set(), set()
    for *_, a, b in candidates:
        if a.id not in used_a and b.id not in used_b:
            used_a.add(a.id)
            used_b.add(b.id)
            pairs.append((a, b))
    return pairs


@dataclass
class Scores:
    """Span agreement of a pair: the first coder's spans as the reference."""

    reference: int = 0
    other: int = 0
    matched: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched / self.other if self.other else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.reference if self.reference else None

    @property
    def f1(self) -> float | None:
        total = self.reference + self.other
        return 2 * self.matched / total if total else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "matched": self.matched,
            "reference": self.reference,
            "other": self.other,
        }


def exact_matches(pairs: Sequence[tuple[Span, Span]]) -> int:
    """How many aligned pairs have equal edges: the exact matches (one to one, as the alignment is)."""
    return sum(1 for a, b in pairs if a[2:4] == b[2:4])


# --- characters as units -------------------------------------------------------------------------------


def stretches(length: int, codings: Sequence[Sequence[Span]]) -> list[tuple[int, tuple[bool, ...]]]:
    """The text cut where any coder's span of these begins or ends: (length of the stretch, whether each
    coder marks it). Adjacent or nested spans of one coder mark a character once."""
    edges = {0, length}
    for spans in codings:
        for s in spans:
            edges.update((max(0, min(s.start, length)), max(0, min(s.end, length))))
    cuts = sorted(edges)
    index = {c: i for i, c in enumerate(cuts)}
    marks = []
    for spans in codings:
        covered = [0] * (len(cuts) + 1)  # difference array over the cut points
        for s in spans:
            start, end = max(0, min(s.start, length)), max(0, min(s.end, length))
            if end > start:
                covered[index[start]] += 1
                covered[index[end]] -= 1
        running, row = 0, []
        for i in range(len(cuts) - 1):
            running += covered[i]
            row.append(running > 0)
        marks.append(row)
    return [(cuts[i + 1] - cuts[i], tuple(row[i] for row in marks)) for i in range(len(cuts) - 1) if cuts[i + 1] > cuts[i]]


def merged_runs(spans: Sequence[Span]) -> list[tuple[int, int]]:
    """The characters a coder marks, as sorted, disjoint [start, end) runs: overlapping spans merged, spans
    that only touch kept apart (for unitizing α they are two units). Spans lie inside their text."""
    runs: list[tuple[int, int]] = []
    reach = -1
    for start, end in sorted([s[2:4] for s in spans]):
        if start < reach:
            if end > reach:
                runs[-1] = (runs[-1][0], end)
                reach = end
        else:
            runs.append((start, end))
            reach = end
    return runs


def _shared(first: list[tuple[int, int]], second: list[tuple[int, int]]) -> int:
    """How many characters two sets of disjoint runs share. Runs both have whole are counted at once (most
    are, between coders who mostly agree); the walk below sees the rest."""
    same = set(first).intersection(second)
    shared = sum(e - s for s, e in same)
    if same:
        first = [r for r in first if r not in same]
        second = [r for r in second if r not in same]
    i = j = 0
    while i < len(first) and j < len(second):
        shared += max(0, min(first[i][1], second[j][1]) - max(first[i][0], second[j][0]))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return shared


@dataclass
class CharacterTally:
    """Characters as units, summed over documents: per pattern of which coders mark them, how many. With
    them, for Krippendorff's unitizing α, each coder's units (spans merged where they overlap): how many,
    and the sum of their lengths squared."""

    coders: int
    patterns: Counter = field(default_factory=Counter)
    units: int = 0
    squares: list[int] = field(default_factory=list)

    def add(self, length: int, codings: Sequence[Sequence[Span]]) -> None:
        """A document's spans of one kind, one list per coder."""
        runs = [merged_runs(spans) for spans in codings]
        if not self.squares:
            self.squares = [0] * self.coders
        for i, coder in enumerate(runs):
            self.units += len(coder)
            self.squares[i] += sum([(e - s) * (e - s) for s, e in coder])
        if len(codings) == 2:  # two coders: four counts from the merged spans, no stretches needed
            first, second = runs
            both = _shared(first, second)
            a, b = sum(e - s for s, e in first), sum(e - s for s, e in second)
            for pattern, size in (((True, True), both), ((True, False), a - both), ((False, True), b - both)):
                self.patterns[pattern] += size
            self.patterns[(False, False)] += length - a - b + both
            return
        for size, pattern in stretches(length, codings):
            self.patterns[pattern] += size

    def pair(self, a: int, b: int) -> CharacterTally:
        """The same characters as seen by two of the coders only."""
        pair = CharacterTally(2)
        for pattern, size in self.patterns.items():
            pair.patterns[(pattern[a], pattern[b])] += size
        return pair

    def cohen(self, a: int = 0, b: int = 1) -> float | None:
        pairs = Counter()
        for pattern, size in self.patterns.items():
            pairs[(pattern[a], pattern[b])] += size
        return _kappa_from_pairs(pairs)

    def fleiss(self) -> float | None:
        if not self.patterns:
            return None
        counts = [Counter(pattern) for pattern in self.patterns]
        return _fleiss(counts, list(self.patterns.values()))

    def alpha(self) -> float | None:
        return alpha_nominal(list(self.patterns), list(self.patterns.values()))

    def unitizing_alpha(self) -> float | None:
        """Krippendorff's unitizing α (the |u|α of Krippendorff, Mathet, Bouvry and Widlöcher, 2016, with two
        categories: inside a span of the kind, or not). Units count whole; the text between them is gaps
        of single characters. Coincidences are observed character by character, as for `alpha`; what
        changes is the expected agreement: a long unit is one unit, not many characters agreeing by chance.
        With units of one character the two are equal (a test holds them so)."""
        m = self.coders
        length = sum(self.patterns.values())
        total = m * length
        if m < 2 or not length:
            return None
        marked = [sum(n for p, n in self.patterns.items() if p[i]) for i in range(m)]
        pairs = list(itertools.combinations(range(m), 2))
        shared = {(i, j): sum(n for p, n in self.patterns.items() if p[i] and p[j]) for i, j in pairs}
        inside = sum(marked)
        outside = total - inside
        both_in = 2 * sum(shared.values()) / (m - 1)
        both_out = 2 * sum(length - marked[i] - marked[j] + shared[(i, j)] for i, j in pairs) / (m - 1)
        squares = sum(self.squares)
        pairable = total * total - squares - outside  # units count as their length squared, gap characters as one
        if pairable <= 0:
            return None
        expected = total - total * (inside * inside - squares + outside * outside - outside) / pairable
        if expected == 0:
            return None
        return 1 - (total - both_in - both_out) / expected


# --- values of aligned spans ---------------------------------------------------------------------------


def groups(
    codings: Sequence[Sequence[Span]], aligned: dict[tuple[int, int], list[tuple[Span, Span]]] | None = None
) -> list[list[Span | None]]:
    """Spans of all coders aligned into units: pairs aligned by overlap are joined; a unit holds at most one
    span per coder (where alignment would put two of one coder together, the later pair is not joined).
    `aligned` gives alignments already made, by pair of coder positions."""
    if len(codings) == 2 and aligned and (0, 1) in aligned:  # two coders: the pairs, and the spans left alone
        paired = aligned[(0, 1)]
        taken = {x[0] for x, _ in paired} | {y[0] for _, y in paired}  # ids
        alone = [[s, None] for s in codings[0] if s[0] not in taken] + [[None, s] for s in codings[1] if s[0] not in taken]
        return [[x, y] for x, y in paired] + alone
    slot: dict[int, tuple[int, int]] = {}  # span id -> (group index, coder)
    units: list[list[Span | None]] = []
    for coder, spans in enumerate(codings):
        for s in spans:
            slot[s.id] = (len(units), coder)
            units.append([s if c == coder else None for c in range(len(codings))])
    for a, b in itertools.combinations(range(len(codings)), 2):
        pairs = (aligned or {}).get((a, b))
        for x, y in pairs if pairs is not None else align(codings[a], codings[b]):
            gx, gy = slot[x.id][0], slot[y.id][0]
            if gx == gy:
                continue
            left, right = units[gx], units[gy]
            if any(p is not None and q is not None for p, q in zip(left, right, strict=True)):
                continue
            merged = [p if p is not None else q for p, q in zip(left, right, strict=True)]
            units[gx] = merged
            units[gy] = []
            for s in merged:
                if s is not None:
                    slot[s.id] = (gx, slot[s.id][1])
    return [u for u in units if u]


def value_key(value: Any) -> Hashable | None:
    """A field value as a nominal category (lists as sorted tuples; empty as no value). Called for every
    field of every aligned span: the common cases are decided first."""
    if value is None:
        return None
    kind = value.__class__
    if kind is list:
        return tuple(sorted(map(str, value))) if value else None
    if kind is str and not value:
        return None
    return value


def within(a: float, b: float, tolerance: float) -> bool:
    """Two numbers agree when they differ by at most `tolerance` of the larger one (0: exactly)."""
    return abs(a - b) <= tolerance * max(abs(a), abs(b))
