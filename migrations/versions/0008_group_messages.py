"""messages to groups: what an organizer wrote, to whom, and each recipient's outbox mail

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 00:50:00

Written by hand, for SQLite and PostgreSQL alike.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "group_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subject_en", sa.String(length=300), nullable=False),
        sa.Column("subject_fr", sa.String(length=300), nullable=False),
        sa.Column("subject_nl", sa.String(length=300), nullable=False),
        sa.Column("body_en", sa.Text(), nullable=False),
        sa.Column("body_fr", sa.Text(), nullable=False),
        sa.Column("body_nl", sa.Text(), nullable=False),
        sa.Column("recipient_count", sa.Integer(), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_group_messages_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["users.id"],
            name=op.f("fk_group_messages_sender_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_messages")),
    )
    with op.batch_alter_table("group_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_messages_event_id"), ["event_id"], unique=False)
    op.create_table(
        "group_message_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_message_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("outbox_mail_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_message_id"],
            ["group_messages.id"],
            name=op.f("fk_group_message_recipients_group_message_id_group_messages"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["outbox_mail_id"],
            ["outbox_mails.id"],
            name=op.f("fk_group_message_recipients_outbox_mail_id_outbox_mails"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_group_message_recipients_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_message_recipients")),
    )
    with op.batch_alter_table("group_message_recipients", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_group_message_recipients_group_message_id"),
            ["group_message_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_group_message_recipients_outbox_mail_id"),
            ["outbox_mail_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("group_message_recipients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_message_recipients_outbox_mail_id"))
        batch_op.drop_index(batch_op.f("ix_group_message_recipients_group_message_id"))
    op.drop_table("group_message_recipients")
    with op.batch_alter_table("group_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_messages_event_id"))
    op.drop_table("group_messages")
