"""Full-text search over documents in both scripts (DESIGN §6).

SQLite: an FTS5 index with the trigram tokenizer over `documents.search_text` (title and text converted to
simplified script). A new document is queued in `document_search_pending` by a trigger and indexed in
batches (annotator.storage.search.catch_up): trigram indexing costs more than the rest of an import, and
costs far less per document in batches. A deleted document leaves the queue or the index, whichever holds
it. Existing documents are queued here. Queries shorter than three characters look up the trigrams that begin with
them in the index's vocabulary (annotator.storage.search).
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
    "search_text, content='documents', content_rowid='id', tokenize='trigram', columnsize=0)",
    # Merge index segments less eagerly while documents arrive (measured: a quarter less indexing time at
    # 10,000 articles; queries no slower).
    "INSERT INTO document_search(document_search, rank) VALUES ('automerge', 16)",
    # The index's term list, so queries of one or two characters can find the trigrams that start with them.
    "CREATE VIRTUAL TABLE document_search_vocab USING fts5vocab(document_search, 'row')",
    "CREATE TABLE document_search_pending (document_id INTEGER PRIMARY KEY)",
    "CREATE TRIGGER document_search_queue AFTER INSERT ON documents BEGIN "
    "INSERT INTO document_search_pending(document_id) VALUES (new.id); END",
    # One trigger per event, so the order of its statements is the order they run in.
    "CREATE TRIGGER document_search_delete AFTER DELETE ON documents BEGIN "
    "INSERT INTO document_search(document_search, rowid, search_text) SELECT 'delete', old.id, old.search_text "
    "WHERE NOT EXISTS (SELECT 1 FROM document_search_pending WHERE document_id = old.id); "
    "DELETE FROM document_search_pending WHERE document_id = old.id; END",
    "CREATE TRIGGER document_search_update AFTER UPDATE OF search_text ON documents BEGIN "
    "INSERT INTO document_search(document_search, rowid, search_text) SELECT 'delete', old.id, old.search_text "
    "WHERE NOT EXISTS (SELECT 1 FROM document_search_pending WHERE document_id = old.id); "
    "INSERT OR IGNORE INTO document_search_pending(document_id) VALUES (new.id); END",
    "INSERT INTO document_search_pending(document_id) SELECT id FROM documents",
]
_SQLITE_DOWN = [
    "DROP TRIGGER document_search_update",
    "DROP TRIGGER document_search_delete",
    "DROP TRIGGER document_search_queue",
    "DROP TABLE document_search_pending",
    "DROP TABLE document_search_vocab",
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
