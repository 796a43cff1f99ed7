"""Full-text search over documents in both scripts (DESIGN §6).

Queries are converted to simplified script like the indexed `search_text`, so 快手電商 finds 快手电商. On
SQLite, three or more characters go through the FTS5 trigram index; shorter queries (快手: most Chinese
company names have two characters) cannot, and scan `search_text` with instr(), which is exact and, at
10,000 articles, within the 50 ms target (benchmarks/search.py). PostgreSQL uses pg_trgm through LIKE.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Integer, Select, column, false, func, select, table, text, true
from sqlalchemy.orm import Session

from annotator.core.text.conversion import to_simplified
from annotator.storage.models import Document

TRIGRAM = 3
SENTINEL = "\n\n"
MAX_PREFIX_TERMS = 5000  # beyond this (a very common single character) scanning the column is faster


def search_text(title: str, text: str) -> str:
    """The indexed column: title and text in simplified script, and the end sentinel."""
    return to_simplified(f"{title}\n{text}") + SENTINEL


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def normalise_query(query: str) -> str:
    return to_simplified(query.strip())


CATCH_UP_BATCH = 250


def catch_up(connection) -> int:
    """Index the documents waiting in the queue, in the caller's (writing) transaction; returns how many."""
    if connection.dialect.name != "sqlite":
        return 0
    waiting = connection.exec_driver_sql("SELECT count(*) FROM document_search_pending").scalar()
    if waiting:
        connection.exec_driver_sql(
            "INSERT INTO document_search(rowid, search_text) SELECT d.id, d.search_text FROM documents d "
            "JOIN document_search_pending p ON p.document_id = d.id ORDER BY d.id"
        )
        connection.exec_driver_sql("DELETE FROM document_search_pending")
    return waiting


def has_pending(connection) -> bool:
    if connection.dialect.name != "sqlite":
        return False
    return connection.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM document_search_pending)").scalar() == 1


def ensure_indexed(project) -> None:
    """Index any queued documents before a search (a cheap check when there are none)."""
    with project.engine.connect() as connection:
        pending = has_pending(connection)
    if pending:
        with project.write_connection() as connection:
            catch_up(connection)


_INDEX = table("document_search", column("rowid", Integer))  # the FTS5 table, as far as queries join it


def _matches(expression: str) -> ColumnElement:
    return text("document_search MATCH :expression").bindparams(expression=expression)


def matching_ids(session: Session, query: str) -> Select:
    """A SELECT of the ids of documents containing the query (as a phrase) in title or text."""
    found = _match(session, query)
    if isinstance(found, str):
        return select(_INDEX.c.rowid.label("id")).where(_matches(found))
    return select(Document.id).where(found)


def narrowed(session: Session, documents: Select, query: str) -> tuple[Select, ColumnElement]:
    """`documents` (a SELECT from the documents table) narrowed to those containing the query, and the column
    to order and page it by, which follows the documents' ids. Where SQLite's index answers, the index is
    joined and its rowid is that column: SQLite then reads the matches in order, and a page of the list stops
    at its last row, where `id IN (matches)` collected every match first (快手 over 100,000 articles, the
    first 500 of 11,428 matches: 24 → 5 ms)."""
    found = _match(session, query)
    if isinstance(found, str):
        return documents.join(_INDEX, _INDEX.c.rowid == Document.id).where(_matches(found)), _INDEX.c.rowid
    return documents.where(found), Document.id


def _match(session: Session, query: str) -> str | ColumnElement:
    """How to find the query: an FTS5 expression for SQLite's index, or a condition on documents (no query,
    a query the index cannot answer, PostgreSQL)."""
    q = normalise_query(query)
    if not q:
        return true()
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite" and len(q) < TRIGRAM:
        folded = q.lower()  # the trigram tokenizer folds case; so do its terms
        terms = session.scalars(
            text("SELECT term FROM document_search_vocab WHERE term >= :lo AND term < :hi LIMIT :n").bindparams(
                lo=folded, hi=folded + "\U0010ffff", n=MAX_PREFIX_TERMS + 1
            )
        ).all()
        if len(terms) > MAX_PREFIX_TERMS:
            return func.instr(Document.search_text, q) > 0
        if not terms:
            return false()
        return " OR ".join(_quoted(t) for t in terms)
    if dialect == "sqlite":
        return _quoted(q)
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    # PostgreSQL: ILIKE (case folded, as the trigram tokenizer folds it on SQLite), served by the pg_trgm index
    return Document.search_text.ilike(f"%{escaped}%", escape="\\")
