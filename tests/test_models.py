"""What the database itself guards, whatever code writes to it."""

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError

from eventapp.extensions import db
from eventapp.models import Room, Session, SignUp, SignUpStatus, User

from .support import brussels


def assert_refused(obj):
    db.session.add(obj)
    with pytest.raises((IntegrityError, StatementError)):
        db.session.commit()
    db.session.rollback()


def test_session_ending_before_it_starts_is_refused(create_session):
    with pytest.raises(IntegrityError):
        create_session(starts_at=brussels(2, 11), ends_at=brussels(2, 10))


def test_negative_capacities_are_refused(event, create_session):
    assert_refused(Room(event_id=event.id, name="Nowhere", capacity=-1))
    with pytest.raises(IntegrityError):
        create_session(capacity=-5)


def test_session_without_a_title_in_any_language_is_refused(create_session):
    with pytest.raises(IntegrityError):
        create_session(title=None)


def test_room_names_are_unique_within_an_event(create_room):
    create_room(name="Salon Bleu")
    with pytest.raises(IntegrityError):
        create_room(name="Salon Bleu")


def test_email_addresses_are_unique_whatever_their_case(create_user):
    create_user(email="consul@example.org")
    assert_refused(User(email="consul@example.org"))
    assert_refused(User(email="Consul@Example.org"))


def test_one_signup_per_diplomat_and_session(create_session, diplomat):
    session = create_session(capacity=10, signup_required=True)
    db.session.add(SignUp(session_id=session.id, user_id=diplomat.id))
    db.session.commit()
    assert_refused(SignUp(session_id=session.id, user_id=diplomat.id))


def test_waitlist_position_only_for_waitlisted_signups(create_session, diplomat):
    session = create_session(capacity=10, signup_required=True)
    assert_refused(
        SignUp(session_id=session.id, user_id=diplomat.id, status=SignUpStatus.WAITLISTED)
    )
    assert_refused(
        SignUp(
            session_id=session.id,
            user_id=diplomat.id,
            status=SignUpStatus.CONFIRMED,
            position=3,
        )
    )


def test_unknown_enum_values_are_refused(create_session):
    with pytest.raises((IntegrityError, StatementError, LookupError)):
        create_session(kind="karaoke")


def test_naive_datetimes_never_reach_the_database(event):
    session = Session(
        event_id=event.id,
        title_en="Naive",
        kind="plenary",
        starts_at=datetime(2026, 2, 2, 9),
        ends_at=datetime(2026, 2, 2, 10),
    )
    assert_refused(session)


def test_times_come_back_as_the_same_instant_in_utc(create_session):
    created = create_session(starts_at=brussels(2, 9, 30), ends_at=brussels(2, 11))
    db.session.expire_all()
    loaded = db.session.scalar(select(Session).where(Session.id == created.id))
    assert loaded.starts_at == brussels(2, 9, 30)
    assert loaded.starts_at.utcoffset().total_seconds() == 0
    assert loaded.starts_at.hour == 8  # 09:30 in Brussels (CET, UTC+1) is 08:30 UTC
