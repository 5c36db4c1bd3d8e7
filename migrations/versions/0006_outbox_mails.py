"""the outbox: every mail as a row, written in the transaction of the change it reports

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 00:30:00

Written by hand, for SQLite and PostgreSQL alike. Delivery (eventapp/mail_delivery.py)
claims waiting rows that are due: hence the index on (status, due_at).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outbox_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "waiting",
                "sending",
                "sent",
                "failed",
                name="mail_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("digest_key", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_outbox_mails_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_outbox_mails_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_mails")),
        sa.UniqueConstraint("message_id", name=op.f("uq_outbox_mails_message_id")),
    )
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_mails_status_due_at", ["status", "due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_mails_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_mails_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_outbox_mails_digest_key"), ["digest_key"], unique=False
        )


def downgrade():
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_mails_digest_key"))
        batch_op.drop_index(batch_op.f("ix_outbox_mails_user_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_mails_event_id"))
        batch_op.drop_index("ix_outbox_mails_status_due_at")
    op.drop_table("outbox_mails")
