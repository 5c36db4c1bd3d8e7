"""The database's guards for bilateral meetings (eventapp/models/meetings.py): a table
slot holds one meeting, a person is in one place at a time, one open request per
partner and head of post; and a window's slots."""

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from eventapp.extensions import db
from eventapp.models import Meeting, MeetingStatus

from .support import brussels


def meeting(event, partner, diplomat, window=None, start=None, table=None, **values):
    fields = dict(event_id=event.id, partner_id=partner.id, diplomat_id=diplomat.id)
    fields["subject"] = values.pop("subject", "Port of Antwerp-Bruges in East Africa")
    if window is not None:
        fields.update(
            window_id=window.id,
            starts_at=start,
            ends_at=start + timedelta(minutes=window.meeting_minutes),
            table_number=table,
            status=MeetingStatus.ACCEPTED,
        )
    fields.update(values)
    row = Meeting(**fields)
    db.session.add(row)
    db.session.commit()
    return row


def test_a_window_is_cut_into_meetings_and_changeovers_until_one_no_longer_fits(app, create_window):
    window = create_window(starts_at=brussels(4, 14), ends_at=brussels(4, 15, 10))
    assert [start for start, _end in window.slots()] == [
        brussels(4, 14),
        brussels(4, 14, 25),
        brussels(4, 14, 50),
    ]
    assert window.slots()[-1][1] == brussels(4, 15, 10)


def test_a_table_slot_holds_one_accepted_meeting(
    app, event, create_window, create_partner, attending
):
    window = create_window()
    heads = [attending().user for _ in range(2)]
    partners = [create_partner(organisation_name=f"Company {n}") for n in range(2)]
    meeting(event, partners[0], heads[0], window, brussels(4, 14), table=1)
    with pytest.raises(IntegrityError):
        meeting(event, partners[1], heads[1], window, brussels(4, 14), table=1)
    db.session.rollback()
    # Another table of the same slot is free.
    meeting(event, partners[1], heads[1], window, brussels(4, 14), table=2)


def test_a_person_is_in_one_place_at_a_time(app, event, create_window, create_partner, attending):
    window = create_window()
    head, other_head = attending().user, attending().user
    partner = create_partner()
    meeting(event, partner, head, window, brussels(4, 14), table=1)
    with pytest.raises(IntegrityError):
        meeting(event, partner, other_head, window, brussels(4, 14), table=2)
    db.session.rollback()
    other_partner = create_partner(organisation_name="AWEX")
    with pytest.raises(IntegrityError):
        meeting(event, other_partner, head, window, brussels(4, 14), table=3)


def test_one_open_request_per_partner_and_head_of_post(app, event, create_partner, attending):
    head, partner = attending().user, create_partner()
    first = meeting(event, partner, head)
    with pytest.raises(IntegrityError):
        meeting(event, partner, head)
    db.session.rollback()
    first.status = MeetingStatus.DECLINED
    db.session.commit()
    meeting(event, partner, head, subject="Asking again, a year later")
