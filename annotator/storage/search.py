"""Full-text search over documents in both scripts (DESIGN §6).

Queries are converted to simplified script like the indexed `search_text`, so 快手電商 finds 快手电商. On
SQLite, three or more characters go through the FTS5 trigram index; shorter queries (快手: most Chinese
company names have two characters) cannot, and scan `search_text` with instr(), which is exact and, at
10,000 articles, within the 50 ms target (benchmarks/search.py). PostgreSQL uses pg_trgm through LIKE.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from annotator.core.text.conversion import to_simplified
from annotator.storage.models import Document

TRIGRAM = 3


def normalise_query(query: str) -> str:
    return to_simplified(query.strip())


def matching_ids(session: Session, query: str) -> Select:
    """A SELECT of the ids of documents containing the query (as a phrase) in title or text."""
    q = normalise_query(query)
    if not q:
        return select(Document.id)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite" and len(q) >= TRIGRAM:
        phrase = '"' + q.replace('"', '""') + '"'
        return select(text("rowid AS id")).select_from(text("document_search")).where(
            text("document_search MATCH :phrase").bindparams(phrase=phrase)
        )
    if dialect == "sqlite":
        return select(Document.id).where(func.instr(Document.search_text, q) > 0)
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return select(Document.id).where(Document.search_text.like(f"%{escaped}%", escape="\\"))


def search(session: Session, query: str, limit: int | None = None) -> list[int]:
    ids = matching_ids(session, query)
    if limit is not None:
        ids = ids.limit(limit)
    return sorted(session.scalars(ids).all())
