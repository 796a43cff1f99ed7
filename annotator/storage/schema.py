"""Schema facts shared by the migration environment and the code that opens projects."""

from __future__ import annotations

# The newest migration; a test holds it equal to db/versions. Opening a project at this revision needs no
# migration machinery at all.
SCHEMA_HEAD = "0007"

# PRAGMA application_id of every Annotator SQLite file: "ANNO" in ASCII. A file with another id is not ours.
APPLICATION_ID = 0x414E4E4F

# Objects that the full-text index migration creates outside the models (FTS5 virtual tables and their
# shadow tables); comparing the database with the models ignores them.
SEARCH_TABLE_PREFIX = "document_search"


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "table" and name and name.startswith(SEARCH_TABLE_PREFIX))
