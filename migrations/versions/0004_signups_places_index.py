"""index on signups (session_id, status, position): places taken, from the index alone

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 20:30:00

Written by hand, for SQLite and PostgreSQL alike. Every programme page counts the
confirmed places of each session of the day, and every sign-up counts them again with
the session's last waitlist position; with this index both read no table row.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_signups_session_id_status_position",
        "signups",
        ["session_id", "status", "position"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_signups_session_id_status_position", table_name="signups")
