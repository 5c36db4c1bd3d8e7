"""bilateral meetings: partner representatives, meeting windows, requests and meetings

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 03:20:00

Drafted by autogenerate, then checked by hand for SQLite and PostgreSQL alike: the
partial unique indexes over accepted meetings (one meeting per table slot, a person in
one place at a time) and over open requests (one per partner and head of post), and the
role's CHECK constraint, which autogenerate does not see.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ROLES_BEFORE = "role IN ('organizer', 'diplomat', 'door_staff')"
ROLES_AFTER = "role IN ('organizer', 'diplomat', 'door_staff', 'partner')"


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_role"), type_="check")
        batch_op.create_check_constraint("role", ROLES_AFTER)
    op.create_table('meeting_windows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('tables', sa.Integer(), nullable=False),
    sa.Column('meeting_minutes', sa.Integer(), nullable=False),
    sa.Column('changeover_minutes', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'open', 'closed', name='window_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('changeover_minutes >= 0', name=op.f('ck_meeting_windows_changeover_not_negative')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_meeting_windows_ends_after_start')),
    sa.CheckConstraint('meeting_minutes >= 5', name=op.f('ck_meeting_windows_meeting_long_enough')),
    sa.CheckConstraint('tables >= 1', name=op.f('ck_meeting_windows_at_least_one_table')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_meeting_windows_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], name=op.f('fk_meeting_windows_room_id_rooms'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_windows'))
    )
    with op.batch_alter_table('meeting_windows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_windows_event_id'), ['event_id'], unique=False)

    op.create_table('partner_profiles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('function', sa.String(length=200), nullable=False),
    sa.Column('mobile_phone', sa.String(length=32), nullable=False),
    sa.Column('sectors', sa.JSON(), nullable=False),
    sa.Column('countries', sa.JSON(), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_partner_profiles_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_partner_profiles_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_partner_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_partner_profiles'))
    )
    with op.batch_alter_table('partner_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_profiles_event_id'), ['event_id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('diplomat_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('requested', 'proposed', 'accepted', 'declined', 'withdrawn', 'cancelled', name='meeting_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('answer_message', sa.Text(), nullable=False),
    sa.Column('proposed_window_id', sa.Integer(), nullable=True),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('table_number', sa.Integer(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(starts_at IS NULL) = (ends_at IS NULL) AND (starts_at IS NULL) = (table_number IS NULL) AND (starts_at IS NULL) = (window_id IS NULL)', name=op.f('ck_meetings_slot_whole_or_none')),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['users.id'], name=op.f('fk_meetings_cancelled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['diplomat_id'], ['users.id'], name=op.f('fk_meetings_diplomat_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_meetings_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['users.id'], name=op.f('fk_meetings_partner_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_window_id'], ['meeting_windows.id'], name=op.f('fk_meetings_proposed_window_id_meeting_windows'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['window_id'], ['meeting_windows.id'], name=op.f('fk_meetings_window_id_meeting_windows'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_diplomat_id'), ['diplomat_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_status'), ['status'], unique=False)
        batch_op.create_index('uq_meetings_diplomat_slot', ['diplomat_id', 'starts_at'], unique=True, sqlite_where=sa.text("status = 'accepted'"), postgresql_where=sa.text("status = 'accepted'"))
        batch_op.create_index('uq_meetings_open_pair', ['partner_id', 'diplomat_id'], unique=True, sqlite_where=sa.text("status IN ('requested', 'proposed', 'accepted')"), postgresql_where=sa.text("status IN ('requested', 'proposed', 'accepted')"))
        batch_op.create_index('uq_meetings_partner_slot', ['partner_id', 'starts_at'], unique=True, sqlite_where=sa.text("status = 'accepted'"), postgresql_where=sa.text("status = 'accepted'"))
        batch_op.create_index('uq_meetings_table_slot', ['window_id', 'starts_at', 'table_number'], unique=True, sqlite_where=sa.text("status = 'accepted'"), postgresql_where=sa.text("status = 'accepted'"))

    op.create_table('meeting_request_windows',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_request_windows_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['window_id'], ['meeting_windows.id'], name=op.f('fk_meeting_request_windows_window_id_meeting_windows'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'window_id', name=op.f('pk_meeting_request_windows'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_requests_per_partner', sa.Integer(), server_default='10', nullable=False))
        batch_op.add_column(sa.Column('meetings_per_diplomat_per_day', sa.Integer(), server_default='8', nullable=False))
        batch_op.add_column(sa.Column('meetings_per_partner_per_day', sa.Integer(), server_default='6', nullable=False))

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepts_meetings', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('meeting_topics', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('meeting_sectors', sa.JSON(), server_default='[]', nullable=False))



def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('meeting_sectors')
        batch_op.drop_column('meeting_topics')
        batch_op.drop_column('accepts_meetings')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('meetings_per_partner_per_day')
        batch_op.drop_column('meetings_per_diplomat_per_day')
        batch_op.drop_column('meeting_requests_per_partner')

    op.drop_table('meeting_request_windows')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('uq_meetings_table_slot', sqlite_where=sa.text("status = 'accepted'"), postgresql_where=sa.text("status = 'accepted'"))
        batch_op.drop_index('uq_meetings_partner_slot', sqlite_where=sa.text("status = 'accepted'"), postgresql_where=sa.text("status = 'accepted'"))
        batch_op.drop_index('uq_meetings_open_pair', sqlite_where=sa.text("status IN ('requested', 'proposed', 'accepted')"), postgresql_where=sa.text("status IN ('requested', 'proposed', 'accepted')"))
        batch_op.drop_index('uq_meetings_diplomat_slot', sqlite_where=sa.text("status = 'accepted'"), postgresql_where=sa.text("status = 'accepted'"))
        batch_op.drop_index(batch_op.f('ix_meetings_status'))
        batch_op.drop_index(batch_op.f('ix_meetings_partner_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_event_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_diplomat_id'))

    op.drop_table('meetings')
    with op.batch_alter_table('partner_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_profiles_event_id'))

    op.drop_table('partner_profiles')
    with op.batch_alter_table('meeting_windows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_windows_event_id'))

    op.drop_table('meeting_windows')
    op.execute("DELETE FROM users WHERE role = 'partner'")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_role"), type_="check")
        batch_op.create_check_constraint("role", ROLES_BEFORE)
