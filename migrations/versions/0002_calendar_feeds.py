"""calendar feeds: programme version, feed token seeds, personal feed Last-Modified

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 10:00:00

Written by hand, for SQLite and PostgreSQL alike. Existing events start at version 0
with no change time (the feed then uses the event's creation time); existing feed tokens
(none were ever handed out) need a seed, made on the next visit of the agenda page.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("programme_version", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("programme_changed_at", sa.DateTime(timezone=True), nullable=True)
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feed_seed", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("feed_etag", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("feed_modified_at", sa.DateTime(timezone=True), nullable=True)
        )

    # A hash without a seed could never be matched again; clear any, so the agenda page
    # makes a fresh token.
    op.execute("UPDATE users SET feed_token_hash = NULL")


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("feed_modified_at")
        batch_op.drop_column("feed_etag")
        batch_op.drop_column("feed_seed")

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("programme_changed_at")
        batch_op.drop_column("programme_version")
