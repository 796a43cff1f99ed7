"""The codebook: span kinds with typed fields, and document-level fields (DESIGN §2, §4).

Parsed from YAML/JSON into frozen dataclasses; `validate_values` checks field values for a kind and
returns messages per field, which the services turn into a refusal and the form shows inline.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

FIELD_TYPES = ("text", "choice", "multi_choice", "number", "period", "boolean", "span_link", "entity")
LINK = "span_link"
ENTITY = "entity"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# A period as ISO-like text: 2021, 2021-H1, 2021-Q3, 2021-07, 2021-07-15, or a range of two joined by "/".
_PERIOD_PART = r"\d{4}(?:-(?:H[12]|Q[1-4]|(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?))?"
_PERIOD = re.compile(rf"^{_PERIOD_PART}(?:/{_PERIOD_PART})?$")


class CodebookError(ValueError):
    """The codebook definition itself is wrong."""


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    label: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    multiple: bool = False
    help: str = ""
    choice_labels: tuple[tuple[str, str], ...] = ()  # (stored value, label shown) where they differ

    def choice_label(self, value: str) -> str:
        return dict(self.choice_labels).get(value, value)

    @property
    def is_link(self) -> bool:
        return self.type == LINK

    @property
    def is_entity(self) -> bool:
        return self.type == ENTITY


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    key: str
    colour: str
    underline: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Codebook:
    name: str
    kinds: tuple[Kind, ...]
    document_fields: tuple[Field, ...] = ()
    raw: dict = field(default_factory=dict, compare=False, repr=False)
    warnings: tuple[str, ...] = ()  # what was read but ignored (labels of paths the codebook lacks)

    def kind(self, name: str) -> Kind:
        for kind in self.kinds:
            if kind.name == name:
                return kind
        raise KeyError(name)

    @property
    def kind_names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.kinds)

    def localised(self, language: str) -> Codebook:
        """The same codebook with the labels of `language` from its `labels:` section, where it has them.

        Only what is shown changes (kind and field labels, help, how a choice reads); names and stored
        choice values stay, so data coded under any interface language is the same data. Keys are dotted
        paths: `claim`, `claim.type`, `claim.type.factual`, `claim.type.help`, `document.genre`,
        `document.genre.news`.
        """
        labels = (self.raw.get("labels") or {}).get(language) or {}
        if not labels:
            return self

        def field_in(f: Field, path: str) -> Field:
            choices = tuple((c, labels[f"{path}.{c}"]) for c in f.choices if f"{path}.{c}" in labels)
            return replace(
                f, label=labels.get(path, f.label), help=labels.get(f"{path}.help", f.help), choice_labels=choices
            )

        kinds = tuple(
            replace(
                k,
                label=labels.get(k.name, k.label),
                fields=tuple(field_in(f, f"{k.name}.{f.name}") for f in k.fields),
            )
            for k in self.kinds
        )
        doc_fields = tuple(field_in(f, f"document.{f.name}") for f in self.document_fields)
        return replace(self, kinds=kinds, document_fields=doc_fields)


def _field(data: dict, where: str) -> Field:
    name = data.get("name", "")
    if not _NAME.match(str(name)):
        raise CodebookError(f"{where}: field name {name!r} must be lower_case_with_underscores")
    ftype = data.get("type")
    if ftype not in FIELD_TYPES:
        raise CodebookError(f"{where}.{name}: type {ftype!r} is not one of {', '.join(FIELD_TYPES)}")
    choices = tuple(str(c) for c in data.get("choices", ()))
    if ftype in ("choice", "multi_choice") and not choices:
        raise CodebookError(f"{where}.{name}: a {ftype} field needs choices")
    return Field(
        name=name,
        type=ftype,
        label=data.get("label", name.replace("_", " ").capitalize()),
        required=bool(data.get("required", False)),
        choices=choices,
        targets=tuple(data.get("targets", ())),
        multiple=bool(data.get("multiple", False)),
        help=data.get("help", ""),
    )


def parse(data: dict) -> Codebook:
    if not isinstance(data, dict) or not data.get("kinds"):
        raise CodebookError("a codebook needs a list of kinds")
    kinds = []
    keys: set[str] = set()
    for k in data["kinds"]:
        name = k.get("name", "")
        if not _NAME.match(str(name)):
            raise CodebookError(f"kind name {name!r} must be lower_case_with_underscores")
        key = str(k.get("key", "")).upper()
        if key and key in keys:
            raise CodebookError(f"kind {name}: key {key} is used by another kind")
        keys.add(key)
        fields = tuple(_field(f, name) for f in k.get("fields", ()))
        if len({f.name for f in fields}) != len(fields):
            raise CodebookError(f"kind {name}: field names repeat")
        kinds.append(
            Kind(
                name, k.get("label", name.capitalize()), key, k.get("colour", "#777777"), k.get("underline", "solid"), fields
            )
        )
    names = {k.name for k in kinds}
    if len(names) != len(kinds):
        raise CodebookError("kind names repeat")
    for kind in kinds:
        for f in kind.fields:
            unknown = set(f.targets) - names
            if f.is_link and (not f.targets or unknown):
                raise CodebookError(f"{kind.name}.{f.name}: link targets {sorted(unknown) or 'missing'} are not kinds")
    doc_fields = tuple(_field(f, "document") for f in data.get("document_fields", ()))
    if any(f.is_link or f.is_entity for f in doc_fields):
        raise CodebookError("document fields cannot be links")
    book = Codebook(data.get("name", "codebook"), tuple(kinds), doc_fields, raw=data)
    return replace(book, warnings=tuple(_check_labels(book, data.get("labels"))))


def _check_labels(book: Codebook, labels: Any) -> list[str]:
    """Warnings for translated labels that name nothing in this codebook (a typo, or a choice removed
    since): they are ignored, and said, rather than refusing the codebook."""
    if labels is None:
        return []
    if not isinstance(labels, dict) or not all(isinstance(v, dict) for v in labels.values()):
        raise CodebookError("labels: expected a mapping of language -> {path: label}")
    paths = set()
    for prefix, fields in [(k.name, k.fields) for k in book.kinds] + [("document", book.document_fields)]:
        paths.add(prefix)
        for f in fields:
            paths |= {f"{prefix}.{f.name}", f"{prefix}.{f.name}.help", *(f"{prefix}.{f.name}.{c}" for c in f.choices)}
    warnings = []
    for language, table in labels.items():
        unknown = sorted(str(p) for p in table if p not in paths)
        if unknown:
            warnings.append(f"labels.{language}: {', '.join(unknown[:5])} name nothing in this codebook (ignored)")
        if not all(isinstance(v, str) and v.strip() for v in table.values()):
            raise CodebookError(f"labels.{language}: every label must be non-empty text")
    return warnings


def load(path: Path) -> Codebook:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CodebookError(f"{path}: {exc}") from None
    return parse(data)


def validate_value(f: Field, value: Any) -> str | None:
    """A message if `value` does not fit the field, else None. Empty values are checked by `required`."""
    if f.type == "text":
        return None if isinstance(value, str) else "must be text"
    if f.type == "choice":
        return None if value in f.choices else f"must be one of {', '.join(f.choices)}"
    if f.type == "multi_choice":
        if not isinstance(value, list):
            return "must be a list of choices"
        bad = [v for v in value if v not in f.choices]
        return f"unknown choice(s) {', '.join(map(str, bad))}" if bad else None
    if f.type == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        return None if ok else "must be a number"
    if f.type == "boolean":
        return None if isinstance(value, bool) else "must be yes or no"
    if f.type == "period":
        return (
            None
            if isinstance(value, str) and _PERIOD.match(value)
            else "must look like 2021, 2021-Q3, 2021-H1, 2021-07 or 2021-01/2021-07"
        )
    if f.type == LINK:
        ids = value if f.multiple else [value]
        if not f.multiple and isinstance(value, list):
            return "takes one annotation"
        return None if isinstance(ids, list) and all(isinstance(i, int) for i in ids) else "must name annotation ids"
    if f.type == ENTITY:
        return None if isinstance(value, int) and not isinstance(value, bool) else "must name a registry entity"
    return f"unknown field type {f.type}"


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def validate_values(fields: tuple[Field, ...], values: dict[str, Any]) -> dict[str, str]:
    """Messages per field name; empty when the values are acceptable."""
    errors = {}
    known = {f.name: f for f in fields}
    for name in values:
        if name not in known:
            errors[name] = "is not a field of this kind"
    for f in fields:
        value = values.get(f.name)
        if _empty(value):
            if f.required:
                errors[f.name] = "is required"
            continue
        message = validate_value(f, value)
        if message:
            errors[f.name] = message
    return errors
