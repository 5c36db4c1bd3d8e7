"""Sign-ups: capacity is never exceeded, waitlists move up, choices never clash."""

import threading

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.mail import outbox
from eventapp.models import (
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Session,
    SignUp,
    SignUpStatus,
    User,
    Visibility,
)
from eventapp.signups import services
from eventapp.signups.services import SignUpError, SwitchNeeded

from .support import brussels


@pytest.fixture
def attendee(event, create_user):
    """A diplomat registered for the whole week (or the days given)."""

    def attendee(days=None, status=RegistrationStatus.CONFIRMED, **values) -> User:
        user = create_user(password=None, **values)
        registration = Registration(event_id=event.id, user_id=user.id, status=status)
        registration.day_rows = [RegistrationDay(day=day) for day in (days or event.days)]
        db.session.add(registration)
        db.session.commit()
        return user

    return attendee


@pytest.fixture
def breakout(create_session):
    def breakout(title="Breakout: economic diplomacy", capacity=2, **values) -> Session:
        return create_session(title=title, capacity=capacity, signup_required=True, **values)

    return breakout


def signups_of(session):
    return db.session.scalars(
        select(SignUp).where(SignUp.session_id == session.id).order_by(SignUp.id)
    ).all()


def status_of(session, user):
    signup = db.session.scalar(
        select(SignUp).where(SignUp.session_id == session.id, SignUp.user_id == user.id)
    )
    db.session.refresh(signup)
    return signup.status, signup.position


def test_diplomat_gets_a_place_while_places_are_left(app, breakout, attendee):
    session, user = breakout(capacity=2), attendee()
    with app.test_request_context():
        services.sign_up(session, user)
    assert status_of(session, user) == (SignUpStatus.CONFIRMED, None)


def test_full_session_puts_the_next_diplomats_on_its_waitlist_in_order(app, breakout, attendee):
    session = breakout(capacity=1)
    first, second, third = attendee(), attendee(), attendee()
    with app.test_request_context():
        for user in (first, second, third):
            services.sign_up(session, user)
    assert status_of(session, first) == (SignUpStatus.CONFIRMED, None)
    assert status_of(session, second) == (SignUpStatus.WAITLISTED, 1)
    assert status_of(session, third) == (SignUpStatus.WAITLISTED, 2)


def test_cancelling_a_place_promotes_the_first_on_the_waitlist_and_mails_them(
    app, breakout, attendee
):
    session = breakout(title="Round table with the World Bank", capacity=1)
    first, second, third = attendee(), attendee(language="nl"), attendee()
    with app.test_request_context():
        for user in (first, second, third):
            services.sign_up(session, user)
        services.cancel(session, first)
    assert status_of(session, first) == (SignUpStatus.CANCELLED, None)
    assert status_of(session, second) == (SignUpStatus.CONFIRMED, None)
    assert status_of(session, third) == (SignUpStatus.WAITLISTED, 1)
    [mail] = outbox()
    assert mail.to == second.email
    assert "Round table with the World Bank" in mail.subject


def test_leaving_the_waitlist_moves_those_behind_up(app, breakout, attendee):
    session = breakout(capacity=1)
    users = [attendee() for _ in range(4)]
    with app.test_request_context():
        for user in users:
            services.sign_up(session, user)
        services.cancel(session, users[1])
    assert [status_of(session, user)[1] for user in users[2:]] == [1, 2]
    assert outbox() == []


def test_signing_up_again_after_cancelling_joins_the_end_of_the_line(app, breakout, attendee):
    session = breakout(capacity=1)
    first, second = attendee(), attendee()
    with app.test_request_context():
        services.sign_up(session, first)
        services.sign_up(session, second)
        services.cancel(session, first)
        services.sign_up(session, first)
    assert status_of(session, first) == (SignUpStatus.WAITLISTED, 1)


def test_signing_up_twice_is_refused(app, breakout, attendee):
    session, user = breakout(), attendee()
    with app.test_request_context():
        services.sign_up(session, user)
        with pytest.raises(SignUpError, match="already signed up"):
            services.sign_up(session, user)


def test_overlapping_choice_is_refused_with_the_name_of_the_clashing_session(
    app, breakout, attendee
):
    user = attendee()
    first = breakout(
        title="Workshop on export credit", starts_at=brussels(3, 14), ends_at=brussels(3, 15)
    )
    second = breakout(
        title="Workshop on trade missions", starts_at=brussels(3, 14, 30), ends_at=brussels(3, 16)
    )
    with app.test_request_context():
        services.sign_up(first, user)
        with pytest.raises(SignUpError, match="overlaps “Workshop on export credit”"):
            services.sign_up(second, user)
    assert len(signups_of(second)) == 0


def test_another_session_of_the_same_parallel_group_is_offered_as_a_switch(app, breakout, attendee):
    user = attendee()
    africa = breakout(title="Africa breakout", parallel_group="tue-am", room=None)
    asia = breakout(title="Asia breakout", parallel_group="tue-am")
    with app.test_request_context():
        services.sign_up(africa, user)
        with pytest.raises(SwitchNeeded) as offered:
            services.sign_up(asia, user)
        assert offered.value.current.id == africa.id
        services.switch(africa, asia, user)
    assert status_of(africa, user) == (SignUpStatus.CANCELLED, None)
    assert status_of(asia, user) == (SignUpStatus.CONFIRMED, None)


def test_refused_switch_keeps_the_old_place(app, breakout, attendee):
    user = attendee(days=[brussels(2, 12).date()])
    monday = breakout(title="Monday breakout", parallel_group="g")
    tuesday_only = breakout(
        title="Tuesday breakout",
        parallel_group="g",
        starts_at=brussels(3, 9),
        ends_at=brussels(3, 10),
    )
    with app.test_request_context():
        services.sign_up(monday, user)
        with pytest.raises(SignUpError, match="not registered for"):
            services.switch(monday, tuesday_only, user)
    assert status_of(monday, user) == (SignUpStatus.CONFIRMED, None)


def test_switching_frees_the_old_place_for_the_waitlist(app, breakout, attendee):
    mover, waiting = attendee(), attendee()
    full = breakout(title="Full breakout", capacity=1, parallel_group="g")
    other = breakout(title="Other breakout", capacity=5, parallel_group="g")
    with app.test_request_context():
        services.sign_up(full, mover)
        services.sign_up(full, waiting)
        services.switch(full, other, mover)
    assert status_of(full, waiting) == (SignUpStatus.CONFIRMED, None)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"signup_required": False}, "not open for sign-up"),
        ({"status": "draft"}, "not open for sign-up"),
        (
            {
                "visibility": Visibility.INVITED_ONLY,
                "audience": "regions",
                "audience_regions": ["africa"],
            },
            "not meant for you",
        ),
    ],
)
def test_sign_up_is_refused_where_it_does_not_apply(app, create_session, attendee, values, message):
    fields = {"capacity": 5, "signup_required": True} | values
    regions = fields.pop("audience_regions", [])
    session = create_session(**fields)
    session.audience_regions.extend(regions)
    db.session.commit()
    with app.test_request_context(), pytest.raises(SignUpError, match=message):
        services.sign_up(session, attendee())


def test_diplomat_not_attending_that_day_cannot_sign_up(app, breakout, attendee):
    user = attendee(days=[brussels(3, 12).date()])
    with app.test_request_context(), pytest.raises(SignUpError, match="not registered for Monday"):
        services.sign_up(breakout(), user)


def test_diplomat_who_declined_cannot_sign_up(app, breakout, attendee):
    user = attendee(status=RegistrationStatus.DECLINED)
    with app.test_request_context(), pytest.raises(SignUpError, match="Register"):
        services.sign_up(breakout(), user)


def test_a_sign_up_runs_the_same_few_statements_however_many_places_are_taken(
    app, breakout, attendee, count_queries
):
    """The rules (audience, registration days, parallel group, overlaps, capacity) are
    checked in SQL, never by loading a diplomat's or a session's sign-ups."""

    def statements_to_sign_up(session, user) -> int:
        with app.test_request_context():
            # Loaded as a request has them: the session, and the user with their profile.
            db.session.refresh(session)
            db.session.refresh(user)
            assert user.profile is not None
            with count_queries() as statements:
                services.sign_up(session, user)
        return len(statements)

    newcomer, busy = attendee(), attendee()
    empty = breakout(title="Empty", starts_at=brussels(4, 9), ends_at=brussels(4, 10))
    crowded = breakout(
        title="Crowded", capacity=1, starts_at=brussels(4, 11), ends_at=brussels(4, 12)
    )
    with app.test_request_context():
        for _ in range(12):
            services.sign_up(crowded, attendee())
        for day in (2, 3, 5, 6):
            for hour in (9, 14):
                other = breakout(
                    title=f"Day {day} at {hour}",
                    starts_at=brussels(day, hour),
                    ends_at=brussels(day, hour + 1),
                    parallel_group=f"group {day} {hour}",
                )
                services.sign_up(other, busy)
    few = statements_to_sign_up(empty, newcomer)
    many = statements_to_sign_up(crowded, busy)
    assert status_of(crowded, busy) == (SignUpStatus.WAITLISTED, 12)
    assert few == many
    assert many <= 6


@pytest.mark.slow
def test_fifty_concurrent_sign_ups_for_ten_places_confirm_ten_and_queue_forty(
    app, breakout, attendee
):
    session = breakout(capacity=10)
    user_ids = [attendee().id for _ in range(50)]
    session_id = session.id
    barrier = threading.Barrier(50)
    errors = []

    def sign_up(user_id):
        # Each thread has its own app context, so its own database session and connection.
        with app.app_context(), app.test_request_context():
            try:
                barrier.wait(timeout=30)
                services.sign_up(db.session.get(Session, session_id), db.session.get(User, user_id))
            except Exception as error:  # noqa: BLE001
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sign_up, args=(user_id,)) for user_id in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    rows = signups_of(session)
    assert len(rows) == 50
    assert sum(row.status == SignUpStatus.CONFIRMED for row in rows) == 10
    positions = sorted(row.position for row in rows if row.status == SignUpStatus.WAITLISTED)
    assert positions == list(range(1, 41))
