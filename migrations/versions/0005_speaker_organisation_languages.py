"""speakers' functions and organisations' names in French and Dutch

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 10:00:00

Written by hand, for SQLite and PostgreSQL alike. `speakers.function`,
`organisations.name` and `organisations.short_name` stay the English ones (the name is
the organisation's key in imports and its unique constraint); the French and Dutch
columns start empty and fall back to them.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_fr", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("name_nl", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("short_name_fr", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("short_name_nl", sa.String(length=40), nullable=True))
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("function_fr", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("function_nl", sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.drop_column("function_nl")
        batch_op.drop_column("function_fr")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("short_name_nl")
        batch_op.drop_column("short_name_fr")
        batch_op.drop_column("name_nl")
        batch_op.drop_column("name_fr")
