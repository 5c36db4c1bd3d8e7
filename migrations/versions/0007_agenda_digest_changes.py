"""agenda digests: the programme changes each digest mail reports

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 00:40:00

Written by hand, for SQLite and PostgreSQL alike. A digest mail's body is rendered
again from these change records each time a change joins it
(eventapp/programme/digests.py).
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "agenda_digest_changes",
        sa.Column("outbox_mail_id", sa.Integer(), nullable=False),
        sa.Column("session_change_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_mail_id"],
            ["outbox_mails.id"],
            name=op.f("fk_agenda_digest_changes_outbox_mail_id_outbox_mails"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_change_id"],
            ["session_changes.id"],
            name=op.f("fk_agenda_digest_changes_session_change_id_session_changes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "outbox_mail_id", "session_change_id", name=op.f("pk_agenda_digest_changes")
        ),
    )
    with op.batch_alter_table("agenda_digest_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agenda_digest_changes_session_change_id"),
            ["session_change_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("agenda_digest_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_digest_changes_session_change_id"))
    op.drop_table("agenda_digest_changes")
