"""Field values as other formats write them (text in CSV cells, brat attributes and notes, Label Studio
choices and text areas, REFI-QDA descriptions) turned into the codebook's types, or a reason they cannot be.

The importer keeps a span whose value is refused and reports the value; it never guesses one.
"""

from __future__ import annotations

import math
import re
from typing import Any

from annotator.core import codebook as cb

_YES = {"yes", "true", "1", "y", "是", "对"}
_NO = {"no", "false", "0", "n", "否", "不是"}
_LIST = re.compile(r"\s*[;；]\s*")


def _one(value: Any) -> Any:
    """A list of one (Label Studio's choices, a brat attribute given once) as its element."""
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def _choice(f: cb.Field, value: Any) -> str:
    value = str(value).strip()
    if value in f.choices:
        return value
    by_label = {label: stored for stored, label in f.choice_labels}
    if value in by_label:
        return by_label[value]
    raise ValueError(f"{value!r} is not one of {', '.join(f.choices)}")


def _number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        number = value
    else:
        written = str(value).strip().replace(",", "")
        try:
            number = int(written) if re.fullmatch(r"[+-]?\d+", written) else float(written)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueError(f"{value!r} is not yes or no")


def convert(f: cb.Field, value: Any) -> Any:
    """The value for field `f`, converted from what a file wrote; ValueError says why it cannot be.
    Entity fields stay names (the importer looks them up in the registry); link fields are not values
    here (they travel as relations)."""
    if f.type in ("text", "entity"):
        value = _one(value)
        return "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    if f.type == "choice":
        return _choice(f, _one(value))
    if f.type == "multi_choice":
        items = value if isinstance(value, list) else [v for v in _LIST.split(str(value)) if v]
        return [_choice(f, v) for v in items]
    if f.type == "number":
        return _number(_one(value))
    if f.type == "boolean":
        return _boolean(_one(value))
    if f.type == "period":
        period = str(_one(value)).strip()
        message = cb.validate_value(f, period)
        if message:
            raise ValueError(f"{period!r} {message}")
        return period
    raise ValueError(f"a {f.type} field is not read from a value")
