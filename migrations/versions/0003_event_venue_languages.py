"""event venue in French and Dutch: venue_fr, venue_nl (venue stays the English one)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 10:00:00

Written by hand, for SQLite and PostgreSQL alike. Existing events keep their venue as
the English name; the French and Dutch names start empty and fall back to it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("venue_fr", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("venue_nl", sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("venue_nl")
        batch_op.drop_column("venue_fr")
