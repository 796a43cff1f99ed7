"""Where a search query occurs in a stored text, in either script, as stored-text spans: the article pane
highlights them, so the coder who searched for 电商 sees where 电商 or 電商 stands in the article the list
opened."""

from __future__ import annotations

from annotator.core.text.conversion import converted, to_simplified

MOST = 2000  # occurrences highlighted at most (a one-character query in a long article)


def occurrences(text: str, query: str) -> list[tuple[int, int]]:
    """[start, end) spans of `query` in `text`, matched in simplified script and without regard to Latin
    case, as the search matched the article; none for an empty query."""
    wanted = to_simplified(query.strip())
    if not wanted:
        return []
    view = converted(text, "t2s")
    haystack, needle = view.text.casefold(), wanted.casefold()
    if len(haystack) != len(view.text) or len(needle) != len(wanted):  # a fold that changes lengths (ß → ss)
        haystack, needle = view.text, wanted  # would move offsets: match the case as written
    found: list[tuple[int, int]] = []
    at = haystack.find(needle)
    while at >= 0 and len(found) < MOST:
        found.append(view.span_to_source(at, at + len(needle)))
        at = haystack.find(needle, at + len(needle))
    return found
