"""Full-text search over documents in both scripts (DESIGN §6).

SQLite: an FTS5 index with the trigram tokenizer over `documents.search_text` (title and text converted to
simplified script), kept in step by triggers; existing documents are indexed by a rebuild. Queries shorter
than three characters cannot use trigrams and fall back to a scan (annotator.storage.search).
PostgreSQL: a pg_trgm GIN index on the same column.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SQLITE_UP = [
    "CREATE VIRTUAL TABLE document_search USING fts5("
    "search_text, content='documents', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER document_search_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO document_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER document_search_delete AFTER DELETE ON documents BEGIN "
    "INSERT INTO document_search(document_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER document_search_update AFTER UPDATE OF search_text ON documents BEGIN "
    "INSERT INTO document_search(document_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO document_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO document_search(document_search) VALUES ('rebuild')",
]
_SQLITE_DOWN = [
    "DROP TRIGGER document_search_update",
    "DROP TRIGGER document_search_delete",
    "DROP TRIGGER document_search_insert",
    "DROP TABLE document_search",
]
_POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX document_search_trgm ON documents USING gin (search_text gin_trgm_ops)",
]
_POSTGRES_DOWN = ["DROP INDEX document_search_trgm"]


def _run(statements_by_dialect: dict[str, list[str]]) -> None:
    for statement in statements_by_dialect.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade() -> None:
    _run({"sqlite": _SQLITE_UP, "postgresql": _POSTGRES_UP})


def downgrade() -> None:
    _run({"sqlite": _SQLITE_DOWN, "postgresql": _POSTGRES_DOWN})
