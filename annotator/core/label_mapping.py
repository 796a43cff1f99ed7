"""How the labels of a pre-annotated file become the codebook's kinds, and its relation types link fields.

A label is a kind when the user maps it (`--label 地点=stakeholder`; `--label 地点=` leaves it out), when it
is a kind's name (in any case), or when it is how a kind is shown in any language of the codebook
(`Stakeholder`, `利益相关方`). A relation type is a link field of its source's kind the same ways. What is
left is either added to the codebook (a kind named after the label, shown as it; a link field on the
source's kind, to the kinds it was seen pointing at) or refused before anything is stored, with counts,
so that the user decides.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from annotator.core import codebook as cb

_PALETTE = ("#6a1b9a", "#00838f", "#ef6c00", "#2e7d32", "#ad1457", "#4e342e", "#283593", "#9e9d24")


def _shown_names(book: cb.Codebook) -> list[cb.Codebook]:
    return [book] + [book.localised(language) for language in (book.raw.get("labels") or {})]


def kind_for(book: cb.Codebook, label: str, mapping: dict[str, str | None]) -> str | None | bool:
    """The kind `label` stands for; None when the user left it out; False when nothing says."""
    if label in mapping:
        return mapping[label] or None
    for shown in _shown_names(book):
        for kind in shown.kinds:
            if label.casefold() in (kind.name.casefold(), kind.label.casefold()):
                return kind.name
    return False


def link_for(book: cb.Codebook, kind: str, relation: str, mapping: dict[str, str | None]) -> str | None | bool:
    """The link field of `kind` that relation type `relation` stands for (None: left out; False: unknown)."""
    if relation in mapping:
        return mapping[relation] or None
    for shown in _shown_names(book):
        if kind in shown.kind_names:
            for f in shown.kind(kind).fields:
                if f.is_link and relation.casefold() in (f.name.casefold(), f.label.casefold()):
                    return f.name
    return False


def check_mapping(book: cb.Codebook, mapping: dict[str, str | None]) -> list[str]:
    """Problems with the user's mapping: targets that are neither a kind nor a link field."""
    links = {f.name for kind in book.kinds for f in kind.fields if f.is_link}
    return [
        f"--label {label}={target}: {target} is neither a kind nor a link field of the codebook"
        for label, target in mapping.items()
        if target and target not in book.kind_names and target not in links
    ]


def name_for(label: str, taken: set[str]) -> str:
    """A codebook name for a label: its ASCII letters and digits (`GPE.NAM` → `gpe_nam`), else `label_`
    and a short hash of it (Chinese labels); never one already taken."""
    slug = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")
    if not slug or not slug[0].isalpha():
        slug = "label_" + hashlib.sha1(label.encode("utf-8")).hexdigest()[:6]
    name, n = slug, 1
    while name in taken:
        n += 1
        name = f"{slug}_{n}"
    return name


@dataclass
class Survey:
    """What a file holds, counted before anything is stored."""

    labels: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)  # (source label, type, target label)
    records: int = 0  # records read whole
    with_span_fields: int = 0  # of them, those that have the format's span field (see io.records.Record)


@dataclass
class Plan:
    kinds: dict[str, str | None]  # label -> kind (None: left out)
    unknown_labels: Counter
    unknown_relations: Counter  # (kind, relation type) -> count
    definition: dict[str, Any] | None  # the codebook with what was added, when anything was

    def problem(self) -> str | None:
        """What stops the import, in words, with what to do about it."""
        parts = []
        if self.unknown_labels:
            listed = ", ".join(f"{label} ({n})" for label, n in self.unknown_labels.most_common())
            parts.append(f"labels that are not kinds of the codebook: {listed}")
        if self.unknown_relations:
            listed = ", ".join(f"{kind}→{rel} ({n})" for (kind, rel), n in self.unknown_relations.most_common())
            parts.append(f"relation types that are not link fields: {listed}")
        if not parts:
            return None
        return (
            "; ".join(parts)
            + ". Map each with --label FROM=TO (--label FROM= leaves it out), or add them to the codebook with"
            " --add-kinds; nothing was imported"
        )


def plan(book: cb.Codebook, survey: Survey, mapping: dict[str, str | None], *, add: bool) -> Plan:
    kinds: dict[str, str | None] = {}
    unknown: Counter = Counter()
    for label, n in survey.labels.items():
        found = kind_for(book, label, mapping)
        if found is False:
            unknown[label] += n
        else:
            kinds[label] = found
    definition = copy.deepcopy(dict(book.raw)) if add and unknown else None
    if definition is not None:
        taken = set(book.kind_names)
        for i, label in enumerate(sorted(unknown)):
            name = name_for(label, taken)
            taken.add(name)
            definition["kinds"].append({"name": name, "label": label, "colour": _PALETTE[i % len(_PALETTE)], "fields": []})
            kinds[label] = name
        unknown = Counter()
    targets_of: dict[tuple[str, str], set[str]] = {}
    unknown_relations: Counter = Counter()
    growing = cb.parse(definition) if definition is not None else book
    for (source, relation, target), n in survey.relations.items():
        source_kind, target_kind = kinds.get(source), kinds.get(target)
        if not source_kind or not target_kind or link_for(growing, source_kind, relation, mapping) is not False:
            continue
        unknown_relations[(source_kind, relation)] += n
        targets_of.setdefault((source_kind, relation), set()).add(target_kind)
    if add and unknown_relations:
        definition = definition if definition is not None else copy.deepcopy(dict(book.raw))
        for (kind_name, relation), targets in sorted(targets_of.items()):
            kind = next(k for k in definition["kinds"] if k["name"] == kind_name)
            kind.setdefault("fields", [])
            name = name_for(relation, {f["name"] for f in kind["fields"]})
            kind["fields"].append(
                {"name": name, "label": relation, "type": "span_link", "targets": sorted(targets), "multiple": True}
            )
        unknown_relations = Counter()
    return Plan(kinds, unknown if not add else Counter(), unknown_relations, definition)
