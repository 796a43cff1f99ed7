"""Optional cleaning before annotation starts (DESIGN §5): only what the user asks for, always counted.

Cleaning changes the stored text, so it is applied at import, never afterwards (offsets would move), and
what was removed is recorded in the document's provenance.
"""

from __future__ import annotations

from annotator.core.text import quality

PINYIN = "pinyin"
INVISIBLE = "invisible"
SPAM = "spam"
FOOTER = "footer"
ALL = (PINYIN, INVISIBLE, SPAM, FOOTER)
INLINE = (PINYIN, INVISIBLE)  # the steps that also apply to a title

_FINDERS = {
    PINYIN: quality.pinyin_glosses,
    INVISIBLE: lambda text: [(i, i + 1) for i, c in enumerate(text) if c in quality.INVISIBLE_CHARS],
    SPAM: quality.spam_spans,
    FOOTER: quality.footer_lines,
}


def parse_options(value: str | bool | None) -> tuple[str, ...]:
    """`--clean` alone means everything; `--clean pinyin,spam` names the steps."""
    if value is True or value == "all":
        return ALL
    if not value:
        return ()
    steps = tuple(s.strip() for s in str(value).split(",") if s.strip())
    unknown = [s for s in steps if s not in ALL]
    if unknown:
        raise ValueError(f"unknown cleaning step(s) {', '.join(unknown)}; choose from {', '.join(ALL)}")
    return steps


def clean(text: str, steps: tuple[str, ...]) -> tuple[str, dict[str, int]]:
    """Apply the steps in order; returns the new text and how many spans each step removed."""
    counts: dict[str, int] = {}
    for step in steps:
        spans = _FINDERS[step](text)
        if step == FOOTER and spans:
            spans = [(spans[0][0], len(text))]  # the block and the blank lines inside it
        if not spans:
            continue
        counts[step] = len(spans)
        parts, cursor = [], 0
        for start, end in spans:
            if start >= cursor:
                parts.append(text[cursor:start])
                cursor = end
        parts.append(text[cursor:])
        text = "".join(parts)
        if step == FOOTER:
            text = text.rstrip("\n") + "\n"
    return text, counts
