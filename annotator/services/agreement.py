"""Agreement between coders on a project (DESIGN §8): per kind, per field, per pair and per document, as
rows (for CSV and charts) that also nest into JSON.

A document counts for a pair when both coders coded it (an annotation, or the document marked in progress
or done), and for the all-coder coefficients when every chosen coder did. The gold set is not a coder here.
"""

from __future__ import annotations

import csv
import gc
import itertools
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy import select

from annotator.core import agreement as ag
from annotator.core import codebook as cb
from annotator.io.dataset import GOLD
from annotator.io.tables import safe
from annotator.services import codebooks, team
from annotator.services.errors import Invalid
from annotator.storage.driver_rows import driver_rows
from annotator.storage.models import Annotation, AnnotationEntity, Annotator, Document, DocumentStatus, Relation
from annotator.storage.project import Project

TOLERANCE = 0.01  # figure values agree within 1% of the larger


@dataclass
class Row:
    scope: str  # kind, field, figure, link, document
    kind: str
    metric: str
    value: float | None
    pair: str = "all"  # "alice|bob", or all coders
    field: str = ""
    document: int | None = None
    units: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "kind": self.kind,
            "field": self.field,
            "pair": self.pair,
            "document": self.document,
            "metric": self.metric,
            "value": self.value,
            "units": self.units,
        }


@dataclass
class Report:
    coders: list[str]
    documents: int
    rows: list[Row] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"coders": self.coders, "documents": self.documents, "rows": [r.as_dict() for r in self.rows]}

    def write_csv(self, out: IO[str]) -> None:
        """Every row as CSV (scope, kind, field, pair, document, metric, value, units), cells guarded
        against spreadsheet formulas as in exports."""
        writer = csv.DictWriter(out, fieldnames=list(Row("", "", "", None).as_dict()), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: safe(v) for k, v in row.as_dict().items()} for row in self.rows)


@dataclass
class _Document:
    id: int
    title: str
    length: int
    coders: set[str]  # the coders who coded it (an annotation, or marked in progress or done)
    links: dict[str, set[tuple[int, str, int]]]  # coder -> (source, field, target)
    by_kind: dict[str, dict[str, list[ag.Span]]] = field(default_factory=dict)  # coder -> kind -> spans


def _load(project: Project, coders: list[str], kinds: list[str]) -> tuple[list[str], list[_Document]]:
    with project.read() as session:
        names = dict(session.execute(select(Annotator.id, Annotator.name)).all())
        wanted = {i: n for i, n in names.items() if n != GOLD and (not coders or n in coders)}
        missing = sorted(set(coders) - set(names.values()))
        if missing:
            raise Invalid(f"no such coder: {', '.join(missing)}")
        a_ = Annotation.__table__.c
        # Every annotation in one scan, the choice of coders and kinds made below: filtered through the index
        # on kind and sorted, the query takes twice as long. Fields come as stored text on SQLite: most are
        # alike ({}), and each distinct one is parsed once.
        scan = select(a_.id, a_.document_id, a_.annotator_id, a_.kind, a_.start, a_.end, a_.fields)
        chosen_kinds = set(kinds)
        rows = [r for r in driver_rows(session.connection(), scan) if r[2] in wanted and r[3] in chosen_kinds]
        entity_values = dict(
            ((annotation_id, name), entity_id)
            for annotation_id, name, entity_id in session.execute(
                select(AnnotationEntity.annotation_id, AnnotationEntity.field, AnnotationEntity.entity_id)
                .join(Annotation, Annotation.id == AnnotationEntity.annotation_id)
                .where(Annotation.annotator_id.in_(wanted))
            )
        )
        relations = session.execute(
            select(Relation.document_id, Relation.annotator_id, Relation.source_id, Relation.type, Relation.target_id).where(
                Relation.annotator_id.in_(wanted)
            )
        ).all()
        statuses = session.execute(
            select(DocumentStatus.document_id, DocumentStatus.annotator_id).where(
                DocumentStatus.annotator_id.in_(wanted), DocumentStatus.status.in_(("in_progress", "done"))
            )
        ).all()
        coded: dict[int, set[str]] = {}
        for document_id, annotator_id in {(r[1], r[2]) for r in rows}.union(statuses):
            coded.setdefault(document_id, set()).add(wanted[annotator_id])
        docs = {
            d.id: _Document(d.id, d.title, d.length, coded.get(d.id, set()), {n: set() for n in coded.get(d.id, ())})
            for d in session.execute(
                select(Document.id, Document.title, Document.length).where(Document.id.in_(list(coded)))
            )
        }
    entities_of: dict[int, dict[str, int]] = {}
    for (annotation_id, name), entity_id in entity_values.items():
        entities_of.setdefault(annotation_id, {})[name] = entity_id
    parsed: dict[str, dict] = {}  # alike field texts share one (read-only) dict
    by_id: dict[int, ag.Span] = {}
    lists: dict[tuple[int, int], dict[str, list]] = {}  # (document, coder) -> their spans by kind
    Span, new = ag.Span, tuple.__new__  # tuple.__new__(Span, …) skips the named tuple's argument parsing
    for id_, document_id, annotator_id, kind, start, end, stored in rows:
        if stored.__class__ is str:  # SQLite gives the stored text; PostgreSQL's driver decodes JSON itself
            fields = parsed.get(stored)
            if fields is None:
                fields = parsed[stored] = json.loads(stored) if stored else {}
        else:
            fields = stored or {}
        if id_ in entities_of:
            fields = {**fields, **entities_of[id_]}
        span = by_id[id_] = new(Span, (id_, kind, start, end, fields))
        place = lists.get((document_id, annotator_id))
        if place is None:
            place = lists[(document_id, annotator_id)] = docs[document_id].by_kind.setdefault(wanted[annotator_id], {})
        same_kind = place.get(kind)
        if same_kind is None:
            place[kind] = [span]
        else:
            same_kind.append(span)
    for document_id, annotator_id, source, type_, target in relations:
        if document_id in docs and source in by_id and target in by_id:
            docs[document_id].links[wanted[annotator_id]].add((source, type_, target))
    chosen = coders or sorted({n for d in docs.values() for n in d.coders})
    return chosen, [docs[i] for i in sorted(docs)]


def compute(
    project: Project,
    *,
    coders: Iterable[str] = (),
    kinds: Iterable[str] = (),
    tolerance: float = TOLERANCE,
    viewer: int | None = None,
) -> Report:
    """Agreement of the chosen coders (default: every coder but the gold set) on the chosen kinds. In blind
    mode it is for the leads: a coder (`viewer`) would learn from it how the others coded."""
    with _collector_paused():
        return _compute(project, list(coders), list(kinds), tolerance, viewer)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the report is computed. Loading makes hundreds of thousands of
    tuples and dicts that live to the end, and the collector, woken by every few hundred of them, walks
    them all again and again: a third of the time. None of them form cycles; reference counting frees
    them as usual."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _compute(project: Project, coders: list[str], kinds: list[str], tolerance: float, viewer: int | None) -> Report:
    with project.read() as session:
        if team.only_own(session, viewer) is not None:
            raise Invalid("in blind mode agreement is for the project's leads, until adjudication opens")
    _, book = codebooks.current_codebook(project)
    kinds = kinds or list(book.kind_names)
    unknown = [k for k in kinds if k not in book.kind_names]
    if unknown:
        raise Invalid(f"not kinds of the codebook: {', '.join(unknown)}")
    coders, docs = _load(project, coders, kinds)
    report = Report(coders, len(docs))
    if len(coders) < 2:
        return report
    pairs = list(itertools.combinations(coders, 2))
    aligned: dict[tuple[str, str], dict[int, dict[int, int]]] = {p: {} for p in pairs}  # pair -> doc -> a id -> b id
    for kind_name in kinds:
        kind = book.kind(kind_name)
        alignment = _align(docs, kind_name, pairs)  # once per kind, for the spans and every field
        for pair, by_doc in alignment.items():
            for document_id, matched in by_doc.items():
                aligned[pair].setdefault(document_id, {}).update([(x[0], y[0]) for x, y in matched])  # ids
        _spans(report, kind_name, docs, coders, pairs, alignment)
        units = _groups(docs, kind_name, coders, alignment)
        distinct = {id(s[4]): s[4] for group in units for s in group if s is not None}  # alike fields share a dict
        given = {name for fields in distinct.values() for name in fields}
        for f in kind.fields:
            if not f.is_link:
                _values(report, kind, f, units, pairs, alignment, tolerance, given)
    for kind_name in kinds:
        for f in book.kind(kind_name).fields:
            if f.is_link:
                _links(report, book.kind(kind_name), f, docs, pairs, aligned)
    _documents(report, docs, pairs, aligned)
    return report


def _align(docs: list[_Document], kind: str, pairs) -> dict[tuple[str, str], dict[int, list]]:
    """Overlap alignment of each pair's spans of one kind, per document both coded."""
    return {
        (a, b): {d.id: ag.align(_of(d, a, kind), _of(d, b, kind)) for d in docs if a in d.coders and b in d.coders}
        for a, b in pairs
    }


def _groups(docs: list[_Document], kind: str, coders: list[str], alignment) -> list[list[ag.Span | None]]:
    """Spans of one kind aligned across all coders, in the documents two or more of them coded (reusing
    the pairs' alignments)."""
    position = {c: i for i, c in enumerate(coders)}
    units = []
    for d in docs:
        if sum(c in d.coders for c in coders) >= 2:
            made = {(position[a], position[b]): by_doc[d.id] for (a, b), by_doc in alignment.items() if d.id in by_doc}
            units += ag.groups([_of(d, c, kind) if c in d.coders else [] for c in coders], made)
    return units


def _of(doc: _Document, coder: str, kind: str) -> list[ag.Span]:
    """A coder's spans of one kind in a document (sorted out as they were loaded)."""
    return doc.by_kind.get(coder, {}).get(kind, [])


def _spans(report: Report, kind: str, docs: list[_Document], coders: list[str], pairs, alignment) -> None:
    everyone = [d for d in docs if all(c in d.coders for c in coders)]
    tally = ag.CharacterTally(len(coders))
    for d in everyone:
        tally.add(d.length, [_of(d, c, kind) for c in coders])
    for a, b in pairs:
        both = [d for d in docs if a in d.coders and b in d.coders]
        reference = other = exactly = matched = 0
        by_doc = alignment[(a, b)]
        for d in both:
            pairs_here = by_doc[d.id]
            reference += len(_of(d, a, kind))
            other += len(_of(d, b, kind))
            exactly += ag.exact_matches(pairs_here)
            matched += len(pairs_here)
        exact, overlap = ag.Scores(reference, other, exactly), ag.Scores(reference, other, matched)
        if len(both) == len(everyone):  # the same documents: the pair's characters are the all-coder tally's
            chars = tally.pair(coders.index(a), coders.index(b))
        else:
            chars = ag.CharacterTally(2)
            for d in both:
                chars.add(d.length, [_of(d, a, kind), _of(d, b, kind)])
        pair = f"{a}|{b}"
        for mode, scores in (("exact", exact), ("overlap", overlap)):
            for metric in ("precision", "recall", "f1"):
                value = getattr(scores, metric)
                report.rows.append(Row("kind", kind, f"{mode}_{metric}", value, pair, units=scores.matched))
        characters = sum(chars.patterns.values())
        report.rows.append(Row("kind", kind, "cohen_kappa_characters", chars.cohen(), pair, units=characters))
    characters = sum(tally.patterns.values())
    report.rows.append(Row("kind", kind, "fleiss_kappa_characters", tally.fleiss(), units=characters))
    report.rows.append(Row("kind", kind, "alpha_characters", tally.alpha(), units=characters))
    report.rows.append(Row("kind", kind, "alpha_unitizing", tally.unitizing_alpha(), units=tally.units))


def _values(report, kind: cb.Kind, f: cb.Field, units, pairs, alignment, tolerance: float, given: set[str]) -> None:
    if f.name not in given:
        units, alignment = [], {pair: {} for pair in pairs}  # nobody gave this field a value: nothing to compare
    name, key = f.name, ag.value_key
    values = [[key(s[4].get(name)) if s is not None else None for s in group] for group in units]
    pairable = sum(1 for u in values if sum(v is not None for v in u) >= 2)
    report.rows.append(Row("field", kind.name, "alpha_nominal", ag.alpha_nominal(values), field=f.name, units=pairable))
    for a, b in pairs:
        if len(pairs) == 1:  # two coders: the units where both have a span are the pair's aligned spans
            keyed = [v for v, group in zip(values, units, strict=True) if group[0] is not None and group[1] is not None]
        else:
            keyed = [(key(x[4].get(name)), key(y[4].get(name))) for m in alignment[(a, b)].values() for x, y in m]
        first, second, close, numbers = [], [], 0, 0
        for vx, vy in keyed:
            if vx is None and vy is None:
                continue
            first.append(vx if vx is not None else "(empty)")
            second.append(vy if vy is not None else "(empty)")
            if f.type == "number" and isinstance(vx, (int, float)) and isinstance(vy, (int, float)):
                numbers += 1
                close += ag.within(float(vx), float(vy), tolerance)
        pair, n = f"{a}|{b}", len(first)
        same = sum(x == y for x, y in zip(first, second, strict=True))
        report.rows.append(
            Row("field", kind.name, "cohen_kappa", ag.cohen_kappa(first, second) if n else None, pair, f.name, units=n)
        )
        report.rows.append(Row("field", kind.name, "percent_agreement", same / n if n else None, pair, f.name, units=n))
        if f.type == "number":
            share = close / numbers if numbers else None
            report.rows.append(Row("figure", kind.name, f"within_{tolerance:g}", share, pair, f.name, units=numbers))


def _links(report, kind: cb.Kind, f: cb.Field, docs, pairs, aligned) -> None:
    for a, b in pairs:
        matched = total_a = total_b = 0
        for d in docs:
            if a not in d.coders or b not in d.coders:
                continue
            mine = {(s, t) for s, name, t in d.links[a] if name == f.name}
            theirs = {(s, t) for s, name, t in d.links[b] if name == f.name}
            pairs_by_id = aligned[(a, b)].get(d.id, {})
            matched += sum((pairs_by_id.get(s), pairs_by_id.get(t)) in theirs for s, t in mine)
            total_a += len(mine)
            total_b += len(theirs)
        f1 = 2 * matched / (total_a + total_b) if total_a + total_b else None
        report.rows.append(Row("link", kind.name, "f1_after_alignment", f1, f"{a}|{b}", f.name, units=matched))


def _documents(report: Report, docs: list[_Document], pairs, aligned) -> None:
    """Overlap F1 of each pair on each document they both coded, all kinds together."""
    for d in docs:
        for a, b in pairs:
            if a in d.coders and b in d.coders:
                first = sum(map(len, d.by_kind.get(a, {}).values()))  # only the chosen kinds were loaded
                second = sum(map(len, d.by_kind.get(b, {}).values()))
                scores = ag.Scores(first, second, len(aligned[(a, b)].get(d.id, {})))
                row = Row("document", "", "overlap_f1", scores.f1, f"{a}|{b}", document=d.id, units=scores.matched)
                report.rows.append(row)
