"""Indexes for projects of a hundred thousand articles and millions of annotations (the scale benchmark):

- the annotations' kind index also holds their text, so that the names coders have annotated as
  stakeholders (the suggestions' gazetteer) are read from the index alone: 3–6 s at five million
  annotations before;
- documents by outlet and by publication date, for the list's filters and the outlet menu, which read every
  row (and its text's overflow pages) at each start-up: 0.2 s at 100,000 articles before.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_annotations_kind_text", "annotations", ["kind", "text"])
    op.drop_index("ix_annotations_kind", table_name="annotations")
    op.create_index("ix_documents_outlet", "documents", ["outlet"])
    op.create_index("ix_documents_published", "documents", ["published"])


def downgrade() -> None:
    op.drop_index("ix_documents_published", table_name="documents")
    op.drop_index("ix_documents_outlet", table_name="documents")
    op.create_index("ix_annotations_kind", "annotations", ["kind"])
    op.drop_index("ix_annotations_kind_text", table_name="annotations")
