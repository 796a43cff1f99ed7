"""Character-level CoNLL for sequence labelling (NER-style training data): one character per line, a tab,
then one tag column per kind (stakeholder, figure: a column each, so a figure inside a stakeholder's name
keeps both); BIO (`B-figure`, `I-figure`, `O`) or BMES (`B-`, `M-`, `E-`, `S-`, `O`).

Boundaries are kept: `-DOCSTART- UID` opens each document, a blank line ends each sentence (after 。！？!?;
and at line breaks, which are not written). A space or tab is written as `␣` so that every line holds one
character. CoNLL cannot nest: of two overlapping spans of one kind, the longer is written, and a `#` line at
the document's start counts what was left out. It holds one coder's work; the caller chooses whose.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.io.dataset import Item

KINDS = ("stakeholder", "figure")
SPACE = "␣"
_SENTENCE_END = "。！？!?；;"


def tags(length: int, spans: list[tuple[int, int]], kind: str, scheme: str) -> tuple[list[str], int]:
    """The tag of every character for one kind's spans; and how many overlapping spans were left out."""
    out = ["O"] * length
    dropped = 0
    for start, end in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):  # the longest first
        if any(t != "O" for t in out[start:end]):
            dropped += 1
            continue
        if scheme == "bmes":
            if end - start == 1:
                out[start] = f"S-{kind}"
            else:
                out[start], out[end - 1] = f"B-{kind}", f"E-{kind}"
                for i in range(start + 1, end - 1):
                    out[i] = f"M-{kind}"
        else:
            out[start] = f"B-{kind}"
            for i in range(start + 1, end):
                out[i] = f"I-{kind}"
    return out, dropped


def write(path: Path, items: Iterable[Item], *, scheme: str = "bio", kinds: tuple[str, ...] = KINDS) -> int:
    if scheme not in ("bio", "bmes"):
        raise ValueError("scheme must be bio or bmes")
    documents = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for item in items:
            coders = {s.annotator for s in item.spans if s.kind in kinds}
            if len(coders) > 1:
                raise ValueError(
                    f"CoNLL holds one coder's spans; document {item.number} has {', '.join(sorted(coders))}: "
                    "choose one coder (or the gold set)"
                )
            columns, dropped = [], 0
            for kind in kinds:
                column, lost = tags(len(item.text), [(s.start, s.end) for s in item.spans if s.kind == kind], kind, scheme)
                columns.append(column)
                dropped += lost
            out.write(f"-DOCSTART- {item.id}\n")
            if dropped:
                out.write(f"# {dropped} overlapping span(s) left out: CoNLL cannot nest spans of one kind\n")
            out.write("\n")
            open_sentence = False
            for i, char in enumerate(item.text):
                if char == "\n":
                    if open_sentence:
                        out.write("\n")
                        open_sentence = False
                    continue
                shown = SPACE if char in " \t" else char
                out.write("\t".join([shown, *(column[i] for column in columns)]) + "\n")
                open_sentence = True
                if char in _SENTENCE_END:
                    out.write("\n")
                    open_sentence = False
            if open_sentence:
                out.write("\n")
            documents += 1
    return documents
