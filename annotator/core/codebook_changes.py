"""Changing a codebook that is in use, without losing values silently.

A new version may rename kinds, fields and choices (the values in use follow the rename) and may drop
them; but a kind, field or choice that coded values use and that the new version lacks is refused unless
the coder says what becomes of it: renamed to something the new version has, or dropped on purpose (its
values deleted). Paths name what is meant: `claim`, `claim.type`, `claim.type.evaluation`,
`document.genre`, `document.genre.news`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from annotator.core.codebook import Codebook, Field

DOCUMENT = "document"


@dataclass(frozen=True)
class Problem:
    """Coded values the change would orphan: where (a path), how many, and what it means in words."""

    path: str
    count: int
    text: str


@dataclass
class Migration:
    """What the coder asked for: renames (old path -> new name) and paths whose values may be deleted."""

    renames: dict[str, str] = field(default_factory=dict)
    drops: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, renames: list[str] = (), drops: list[str] = ()) -> Migration:
        """From `OLD=NEW` strings (paths on the left, a bare name on the right) and paths."""
        pairs = {}
        for item in renames:
            old, sep, new = item.partition("=")
            if not sep or not old.strip() or not new.strip():
                raise ValueError(f"a rename is OLD=NEW, e.g. claim.type.evaluation=opinion (not {item!r})")
            pairs[old.strip()] = new.strip().rsplit(".", 1)[-1]
        return cls(pairs, {d.strip() for d in drops if d.strip()})

    def kind(self, name: str) -> str:
        return self.renames.get(name, name)

    def field(self, kind: str, name: str) -> str:
        return self.renames.get(f"{kind}.{name}", name)

    def choice(self, kind: str, field_name: str, value: str) -> str:
        return self.renames.get(f"{kind}.{field_name}.{value}", value)


def usage(kind_values: list[tuple[str, dict[str, Any]]], document_values: list[dict[str, Any]]) -> Counter:
    """How often each path is used by coded values: annotations (kind, field values) and documents."""
    used: Counter = Counter()
    for kind, values in kind_values:
        used[kind] += 1
        _count(used, kind, values)
    for values in document_values:
        _count(used, DOCUMENT, values)
    return used


def _count(used: Counter, prefix: str, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if value in (None, "", []):
            continue
        used[f"{prefix}.{name}"] += 1
        for choice in value if isinstance(value, list) else [value]:
            if isinstance(choice, str):
                used[f"{prefix}.{name}.{choice}"] += 1


def problems(old: Codebook, new: Codebook, used: Counter, migration: Migration) -> list[Problem]:
    """What the change would orphan (dropping those paths would allow it); empty when nothing."""
    found = []
    new_kinds = {k.name: k for k in new.kinds}
    for kind in old.kinds:
        target = migration.kind(kind.name)
        if used[kind.name] and target not in new_kinds and kind.name not in migration.drops:
            text = f"{used[kind.name]} annotation(s) of kind {kind.name!r}, which the new codebook lacks"
            found.append(Problem(kind.name, used[kind.name], text))
            continue
        if target in new_kinds:
            found += _field_problems(kind.name, kind.fields, new_kinds[target].fields, used, migration)
    found += _field_problems(DOCUMENT, old.document_fields, new.document_fields, used, migration)
    return found


def _field_problems(prefix: str, old_fields, new_fields, used: Counter, migration: Migration) -> list[Problem]:
    found = []
    by_name = {f.name: f for f in new_fields}
    for f in old_fields:
        path = f"{prefix}.{f.name}"
        target = by_name.get(migration.field(prefix, f.name))
        if target is None:
            if used[path] and path not in migration.drops and prefix not in migration.drops:
                found.append(Problem(path, used[path], f"{used[path]} value(s) of {path}, a field the new codebook lacks"))
            continue
        if f.choices and target.type in ("choice", "multi_choice"):
            for choice in f.choices:
                choice_path = f"{path}.{choice}"
                if (
                    used[choice_path]
                    and migration.choice(prefix, f.name, choice) not in target.choices
                    and choice_path not in migration.drops
                    and path not in migration.drops
                ):
                    text = f"{used[choice_path]} value(s) {choice!r} of {path}, a choice the new codebook lacks"
                    found.append(Problem(choice_path, used[choice_path], text))
        elif used[path] and f.type != target.type and path not in migration.drops:
            text = f"{used[path]} value(s) of {path}, whose type changes from {f.type} to {target.type}"
            found.append(Problem(path, used[path], text))
    return found


def relabel(labels: dict[str, dict[str, str]], migration: Migration) -> dict[str, dict[str, str]]:
    """Translated labels follow renames: the label of claim.type.evaluation becomes that of the new name."""
    out = {}
    for language, table in labels.items():
        moved = {}
        for path, label in table.items():
            parts = path.split(".")
            # each segment renamed by the old path up to it: kind, kind.field, kind.field.choice
            new = [migration.renames.get(".".join(parts[: i + 1]), part) for i, part in enumerate(parts)]
            moved[".".join(new)] = label
        out[language] = moved
    return out


def migrate(
    kind: str, values: dict[str, Any], old: Codebook, new: Codebook, migration: Migration
) -> tuple[str | None, dict[str, Any]]:
    """An annotation's kind and values under the new codebook (kind None: the annotation is dropped)."""
    target = migration.kind(kind)
    if kind in old.kind_names and target not in new.kind_names:
        return None, {}
    new_kind = new.kind(target) if target in new.kind_names else None
    fields = old.kind(kind).fields if kind in old.kind_names else ()
    return target, _migrate_values(kind, values, fields, new_kind.fields if new_kind else (), migration)


def migrate_document_values(values: dict[str, Any], old: Codebook, new: Codebook, migration: Migration) -> dict:
    return _migrate_values(DOCUMENT, values, old.document_fields, new.document_fields, migration)


def _migrate_values(prefix: str, values: dict[str, Any], old_fields, new_fields, migration: Migration) -> dict:
    old_by_name = {f.name: f for f in old_fields}
    new_by_name: dict[str, Field] = {f.name: f for f in new_fields}
    out = {}
    for name, value in values.items():
        target = new_by_name.get(migration.field(prefix, name))
        if target is None:
            continue  # a field dropped on purpose (problems() refused the others)
        if name in old_by_name and old_by_name[name].choices:
            if isinstance(value, list):
                value = [migration.choice(prefix, name, v) for v in value]
                value = [v for v in value if v in target.choices] or None
            elif isinstance(value, str):
                value = migration.choice(prefix, name, value)
                value = value if value in target.choices else None
        if value not in (None, "", []):
            out[target.name] = value
    return out


def renamed_link_fields(old: Codebook, new: Codebook, migration: Migration) -> dict[tuple[str, str], str | None]:
    """(kind, link or entity field) -> its name in the new codebook (None: dropped), for fields stored
    outside the values (relations, registry links)."""
    out = {}
    for kind in old.kinds:
        target = migration.kind(kind.name)
        new_kind = new.kind(target) if target in new.kind_names else None
        for f in kind.fields:
            if f.is_link or f.is_entity:
                name = migration.field(kind.name, f.name)
                kept = new_kind is not None and new_kind.field(name) is not None and new_kind.field(name).type == f.type
                out[(kind.name, f.name)] = name if kept else None
    return out
