"""the door: door-staff accounts, badge codes, check-ins, counts kept after a purge

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 02:21:13

Drafted by autogenerate, then checked by hand for SQLite and PostgreSQL alike. The role's
CHECK constraint is replaced (batch mode: SQLite copies the table).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ROLES_BEFORE = "role IN ('organizer', 'diplomat')"
ROLES_AFTER = "role IN ('organizer', 'diplomat', 'door_staff')"


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_role"), type_="check")
        batch_op.create_check_constraint("role", ROLES_AFTER)
    op.create_table(
        "arrival_counts",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "function",
            sa.Enum(
                "ambassador",
                "permanent_representative",
                "consul_general",
                "charge_d_affaires",
                "other",
                name="diplomat_function",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "region",
            sa.Enum(
                "europe",
                "africa",
                "americas",
                "asia_oceania",
                "middle_east_north_africa",
                "multilateral",
                name="region",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("arrived", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_arrival_counts_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "event_id", "day", "function", "region", name=op.f("pk_arrival_counts")
        ),
    )
    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("client_key", sa.String(length=64), nullable=True),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_id"], ["users.id"], name=op.f("fk_check_ins_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_check_ins_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_check_ins_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_ins")),
        sa.UniqueConstraint("event_id", "client_key", name="uq_check_ins_event_id_client_key"),
        sa.UniqueConstraint("registration_id", "day", name="uq_check_ins_registration_id_day"),
    )
    with op.batch_alter_table("check_ins", schema=None) as batch_op:
        batch_op.create_index("ix_check_ins_event_id_day", ["event_id", "day"], unique=False)

    op.create_table(
        "session_check_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["by_id"],
            ["users.id"],
            name=op.f("fk_session_check_ins_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_session_check_ins_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_session_check_ins_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_check_ins")),
        sa.UniqueConstraint(
            "session_id", "user_id", name="uq_session_check_ins_session_id_user_id"
        ),
    )
    with op.batch_alter_table("session_check_ins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_check_ins_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_session_check_ins_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("badge_registration_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_mails_badge_registration_id_registrations"),
            "registrations",
            ["badge_registration_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("badge_seed", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("badge_code_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_registrations_badge_code_hash"), ["badge_code_hash"]
        )


def downgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_registrations_badge_code_hash"), type_="unique")
        batch_op.drop_column("badge_code_hash")
        batch_op.drop_column("badge_seed")

    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_mails_badge_registration_id_registrations"), type_="foreignkey"
        )
        batch_op.drop_column("badge_registration_id")

    with op.batch_alter_table("session_check_ins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_check_ins_user_id"))
        batch_op.drop_index(batch_op.f("ix_session_check_ins_session_id"))

    op.drop_table("session_check_ins")
    with op.batch_alter_table("check_ins", schema=None) as batch_op:
        batch_op.drop_index("ix_check_ins_event_id_day")

    op.drop_table("check_ins")
    op.drop_table("arrival_counts")
    op.execute("DELETE FROM users WHERE role = 'door_staff'")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_role"), type_="check")
        batch_op.create_check_constraint("role", ROLES_BEFORE)
