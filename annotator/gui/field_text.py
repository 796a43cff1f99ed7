"""Field values as a line of text for the lists and the hover tooltips, in the codebook's labels for the
interface language (choice values are stored as the codebook names them, and shown as it labels them)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from annotator.core.codebook import Kind
from annotator.gui.article_view import Span


def value_text(field, value: Any) -> str | None:
    """One value as shown, or None for values a line cannot show (links, lists of choices are named)."""
    if field.type == "choice":
        return field.choice_label(value)
    if field.type == "multi_choice" and isinstance(value, list):
        return "/".join(field.choice_label(v) for v in value)
    if field.type == "boolean":
        return QCoreApplication.translate("CodingForm", "yes" if value else "no")
    if field.type in ("text", "number", "period"):
        return str(value)
    return None  # span and entity links: their targets are shown by the form


def values_line(kind: Kind, values: dict[str, Any], *, names: bool) -> str:
    """ "prediction, indirect" (names=False, for lists) or "Type: prediction, Attribution: indirect"."""
    parts = []
    for field in kind.fields:
        if field.name in values:
            shown = value_text(field, values[field.name])
            if shown is not None:
                parts.append(f"{field.label}: {shown}" if names else shown)
    return ", ".join(parts)


def span_of(row: dict, codebook) -> Span:
    """An annotation row as the article view shows it: kind label and the values filled in, for hovering."""
    try:
        kind = codebook.kind(row["kind"])
    except KeyError:  # a kind the codebook no longer has: shown by its name, without values
        label, values = row["kind"], ""
    else:
        label, values = kind.label, values_line(kind, row["fields"], names=True)
    summary = f"{label} “{row['text']}”" + (f" — {values}" if values else "")
    return Span(row["id"], row["kind"], row["start"], row["end"], summary)
