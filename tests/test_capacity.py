"""Capacity changes keep places and waitlists right.

Raising a session's capacity gives the new places to the first on its waitlist (mailed,
in their language); lowering it below the places taken is refused, and so is turning
sign-up off while diplomats hold places, unless the organizer releases them first.
"""

# The fixtures `attendee` and `breakout` come from test_signups; tests take them by name.
# ruff: noqa: F811

import threading

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import event as sa_event
from sqlalchemy import func, select, text

from eventapp.extensions import db
from eventapp.mail import outbox
from eventapp.models import AuditLog, Role, Session, SignUp, SignUpStatus, User
from eventapp.programme import services as programme
from eventapp.programme.services import RuleViolation, SessionDetails
from eventapp.signups import services as signups

from .support import POSTGRES_URL
from .test_organizer_sessions import form_data
from .test_signups import attendee, breakout  # noqa: F401  (fixtures)


@pytest.fixture
def as_organizer(client, organizer, login):
    login(organizer)
    return client


def signed_up(app, session, *users):
    with app.test_request_context():
        for user in users:
            signups.sign_up(session, user)
    outbox().clear()
    return users


def edit(client, session, **changes):
    """Post the session form for `session` (a breakout as the fixture makes it), changed."""
    values = {
        "title_en": session.title_en,
        "title_fr": session.title_fr,
        "title_nl": session.title_nl,
        "kind": session.kind.value,
        "day": "2026-02-02",
        "start_time": "09:30",
        "duration": "90",
        "capacity": session.capacity,
        "signup_required": "y",
    }
    values.update(changes)
    data = form_data(**{key: value for key, value in values.items() if value is not None})
    return client.post(f"/organizer/sessions/{session.id}/edit", data=data)


def places(session):
    """(confirmed user ids in sign-up order, waitlist as [(position, user id)])."""
    rows = db.session.scalars(
        select(SignUp).where(SignUp.session_id == session.id).order_by(SignUp.id)
    ).all()
    confirmed = [row.user_id for row in rows if row.status == SignUpStatus.CONFIRMED]
    waiting = sorted(
        (row.position, row.user_id) for row in rows if row.status == SignUpStatus.WAITLISTED
    )
    return confirmed, waiting


def capacity_of(session):
    db.session.refresh(session)
    return session.capacity


def subject_in(language, message, **values):
    with force_locale(language):
        return gettext(message, **values)


# Raising capacity


def test_raising_capacity_promotes_the_first_on_the_waitlist_in_order(
    app, as_organizer, breakout, attendee
):
    session = breakout(title="Round table", capacity=1)
    holder, first, second, third, fourth = signed_up(app, session, *(attendee() for _ in range(5)))

    response = edit(as_organizer, session, capacity=3)

    assert response.status_code == 302
    confirmed, waiting = places(session)
    assert confirmed == [holder.id, first.id, second.id]
    assert waiting == [(1, third.id), (2, fourth.id)]


def test_those_promoted_are_mailed_in_their_language(app, as_organizer, breakout, attendee):
    session = breakout(title="Round table", title_fr="Table ronde", title_nl="Rondetafel")
    holders = [attendee(), attendee()]
    french, dutch, english = attendee(language="fr"), attendee(language="nl"), attendee()
    signed_up(app, session, *holders, french, dutch, english)

    assert edit(as_organizer, session, capacity=4).status_code == 302

    mails = {mail.to: mail for mail in outbox()}
    assert set(mails) == {french.email, dutch.email}
    with app.test_request_context():
        expected = {
            french.email: subject_in("fr", "A place is yours: %(title)s", title="Table ronde"),
            dutch.email: subject_in("nl", "A place is yours: %(title)s", title="Rondetafel"),
        }
    assert expected[french.email] != "A place is yours: Table ronde"  # really translated
    for email, subject in expected.items():
        assert mails[email].subject == subject


def test_raising_capacity_beyond_the_waitlist_promotes_everyone(
    app, as_organizer, breakout, attendee
):
    session = breakout(capacity=2)
    users = signed_up(app, session, *(attendee() for _ in range(4)))

    assert edit(as_organizer, session, capacity=10).status_code == 302

    assert places(session) == ([user.id for user in users], [])
    assert sorted(mail.to for mail in outbox()) == sorted(user.email for user in users[2:])


def test_cancelling_after_a_raise_still_moves_the_waitlist_up(
    app, as_organizer, breakout, attendee
):
    session = breakout(capacity=1)
    holder, first, second, third = signed_up(app, session, *(attendee() for _ in range(4)))
    assert edit(as_organizer, session, capacity=2).status_code == 302

    with app.test_request_context():
        signups.cancel(session, holder)

    confirmed, waiting = places(session)
    assert confirmed == [first.id, second.id]
    assert waiting == [(1, third.id)]


# Lowering capacity


def test_lowering_capacity_below_the_places_taken_is_refused_with_the_count(
    app, as_organizer, breakout, attendee
):
    session = breakout(capacity=5)
    signed_up(app, session, *(attendee() for _ in range(3)))
    before = places(session)

    response = edit(as_organizer, session, capacity=2)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "3 places are taken in this session, so its capacity cannot be lower than 3." in page
    assert capacity_of(session) == 5
    assert places(session) == before
    assert outbox() == []


def test_lowering_capacity_to_exactly_the_places_taken_is_accepted(
    app, as_organizer, breakout, attendee
):
    session = breakout(capacity=5)
    users = signed_up(app, session, *(attendee() for _ in range(3)))

    assert edit(as_organizer, session, capacity=3).status_code == 302

    assert capacity_of(session) == 3
    assert places(session) == ([user.id for user in users], [])


def test_a_full_session_with_a_waitlist_keeps_it_when_its_capacity_stays(
    app, as_organizer, breakout, attendee
):
    session = breakout(capacity=1)
    holder, waiting = signed_up(app, session, attendee(), attendee())

    assert edit(as_organizer, session, title_en="Renamed").status_code == 302

    assert places(session) == ([holder.id], [(1, waiting.id)])
    assert outbox() == []


# Turning sign-up off


def test_turning_sign_up_off_with_sign_ups_is_refused_with_the_count(
    app, as_organizer, breakout, attendee
):
    session = breakout(capacity=2)
    signed_up(app, session, *(attendee() for _ in range(3)))  # two places, one waiting

    response = edit(as_organizer, session, signup_required=None)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "3 diplomats hold a place or a waitlist position in this session." in page
    assert f'href="/organizer/sessions/{session.id}/signups/release"' in page
    db.session.refresh(session)
    assert session.signup_required is True
    assert len(places(session)[0]) == 2


def test_the_sign_ups_page_links_to_the_release(app, as_organizer, breakout, attendee):
    session = breakout()
    signed_up(app, session, attendee())
    page = as_organizer.get(f"/organizer/sessions/{session.id}/signups").get_data(as_text=True)
    assert f'href="/organizer/sessions/{session.id}/signups/release"' in page


def test_the_release_page_lists_who_loses_a_place(app, as_organizer, breakout, attendee):
    session = breakout(capacity=1)
    holder = attendee(first_name="Amina", last_name="Diallo")
    waiting = attendee(first_name="Bruno", last_name="Costa")
    signed_up(app, session, holder, waiting)

    response = as_organizer.get(f"/organizer/sessions/{session.id}/signups/release")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Amina Diallo" in page and "Bruno Costa" in page
    assert "Nairobi" in page  # their post
    assert "Confirmed" in page and "Waitlisted" in page
    assert '<form method="post">' in page
    assert places(session) == ([holder.id], [(1, waiting.id)])  # nothing released yet


def test_releasing_mails_each_diplomat_and_turns_sign_up_off(
    app, as_organizer, organizer, breakout, attendee
):
    session = breakout(title="Round table", title_fr="Table ronde", capacity=1)
    holder, waiting = signed_up(app, session, attendee(language="fr"), attendee())

    response = as_organizer.post(f"/organizer/sessions/{session.id}/signups/release")

    assert response.status_code == 302
    rows = db.session.scalars(select(SignUp).where(SignUp.session_id == session.id)).all()
    assert {(row.status, row.position) for row in rows} == {(SignUpStatus.CANCELLED, None)}
    db.session.refresh(session)
    assert session.signup_required is False
    mails = {mail.to: mail for mail in outbox()}
    assert set(mails) == {holder.email, waiting.email}
    with app.test_request_context():
        french = subject_in("fr", "Sign-up closed: %(title)s", title="Table ronde")
    assert mails[holder.email].subject == french
    assert "place on its waitlist is released" in mails[waiting.email].body
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "session.release_places"))
    assert entry.actor_id == organizer.id
    assert entry.target_id == session.id
    assert entry.details["released"] == 2
    log = as_organizer.get("/organizer/audit").get_data(as_text=True)
    assert "Places and waitlist positions released" in log


def test_after_the_release_sign_up_can_be_turned_off_on_the_form(
    app, as_organizer, breakout, attendee
):
    session = breakout(capacity=1)
    signed_up(app, session, attendee(), attendee())
    assert as_organizer.post(f"/organizer/sessions/{session.id}/signups/release").status_code == 302

    assert edit(as_organizer, session, signup_required=None).status_code == 302

    db.session.refresh(session)
    assert session.signup_required is False


def test_the_release_says_how_many_places_went(app, as_organizer, breakout, attendee):
    session = breakout(capacity=1)
    signed_up(app, session, attendee(), attendee())
    response = as_organizer.post(
        f"/organizer/sessions/{session.id}/signups/release", follow_redirects=True
    )
    assert "2 places and waitlist positions were released" in response.get_data(as_text=True)


def test_with_nobody_signed_up_the_release_only_turns_sign_up_off(as_organizer, breakout):
    session = breakout()
    response = as_organizer.post(
        f"/organizer/sessions/{session.id}/signups/release", follow_redirects=True
    )
    assert "Sign-up is off." in response.get_data(as_text=True)
    db.session.refresh(session)
    assert session.signup_required is False
    assert outbox() == []


# Two organizers changing capacity while diplomats sign up


def set_capacity(session_id, organizer_id, capacity=None, *, above_taken=0):
    """An organizer saves the session with `capacity`, or with the places taken as they
    read them just before plus `above_taken` (0: lowered to exactly what is taken)."""
    target = db.session.get(Session, session_id)
    if capacity is None:
        taken = db.session.scalar(
            select(func.count(SignUp.id)).where(
                SignUp.session_id == session_id, SignUp.status == SignUpStatus.CONFIRMED
            )
        )
        capacity = taken + above_taken
    details = SessionDetails.of(target)
    details.capacity = capacity
    programme.update_session(target, details, db.session.get(User, organizer_id))


@pytest.mark.slow
def test_capacity_changes_racing_sign_ups_never_overfill_or_leave_gaps(
    app, breakout, attendee, create_user
):
    session = breakout(capacity=4)
    session_id = session.id
    user_ids = [attendee().id for _ in range(40)]
    organizer_ids = [create_user(role=Role.ORGANIZER, password=None).id for _ in range(2)]
    # Each organizer in turn lowers the capacity to exactly the places taken (any sign-up
    # slipping in would overfill it) and raises it (promoting from the waitlist).
    steps = [0, 3, 0, 1, 0, 2, 0, 4]
    barrier = threading.Barrier(len(user_ids) + len(organizer_ids))
    errors, refused = [], []

    def sign_up(user_id):
        # Each thread has its own app context, so its own database session and connection.
        with app.app_context(), app.test_request_context():
            try:
                barrier.wait(timeout=30)
                signups.sign_up(db.session.get(Session, session_id), db.session.get(User, user_id))
            except Exception as error:  # noqa: BLE001
                errors.append(error)
            finally:
                db.session.remove()

    def change_capacity(organizer_id):
        with app.app_context(), app.test_request_context():
            try:
                barrier.wait(timeout=30)
                for above_taken in steps:
                    try:
                        set_capacity(session_id, organizer_id, above_taken=above_taken)
                    except RuleViolation as violation:
                        refused.append(violation)
                    db.session.expire_all()
            except Exception as error:  # noqa: BLE001
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sign_up, args=(user_id,)) for user_id in user_ids]
    threads += [
        threading.Thread(target=change_capacity, args=(organizer_id,))
        for organizer_id in organizer_ids
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    for violation in refused:  # a sign-up came between the organizer's reading and saving
        assert [clash.field for clash in violation.clashes] == ["capacity"]
    capacity = capacity_of(session)
    confirmed, waiting = places(session)
    assert len(confirmed) + len(waiting) == 40
    assert len(confirmed) <= capacity
    assert [position for position, _user in waiting] == list(range(1, len(waiting) + 1))
    if waiting:
        assert len(confirmed) == capacity  # nobody waits while a place is free


@pytest.mark.skipif(
    POSTGRES_URL is None,
    reason="tests a row lock (SELECT ... FOR UPDATE): SQLite has none, it lets one writer in "
    "at a time, which the other tests of this file cover",
)
def test_a_sign_up_waits_while_an_organizer_lowers_the_capacity(app, breakout, attendee, organizer):
    """The interleaving the lock exists for, forced: the organizer has counted two places
    taken and is about to save capacity 2 when a diplomat asks for the third place. The
    sign-up must wait, then find the session full."""
    session = breakout(capacity=3)
    signed_up(app, session, attendee(), attendee())
    session_id, latecomer_id, organizer_id = session.id, attendee().id, organizer.id
    counted, signed = threading.Event(), threading.Event()
    organizer_thread = []
    errors = []

    def a_sign_up_is_waiting_for_a_lock() -> bool:
        with db.engine.connect() as connection:
            return bool(
                connection.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                        "current_database() AND wait_event_type = 'Lock'"
                    )
                )
            )

    def pause_after_counting(conn, cursor, statement, parameters, context, executemany):
        if (
            organizer_thread == [threading.get_ident()]
            and "count(signups.id)" in statement
            and not counted.is_set()
        ):
            counted.set()
            for _ in range(1000):  # until the sign-up is done or stuck behind a lock
                if signed.wait(0.01) or a_sign_up_is_waiting_for_a_lock():
                    break

    def lower_capacity():
        organizer_thread.append(threading.get_ident())
        with app.app_context(), app.test_request_context():
            try:
                set_capacity(session_id, organizer_id, 2)
            except Exception as error:  # noqa: BLE001
                errors.append(error)
                counted.set()
            finally:
                db.session.remove()

    def sign_up():
        with app.app_context(), app.test_request_context():
            try:
                counted.wait(30)
                signups.sign_up(
                    db.session.get(Session, session_id), db.session.get(User, latecomer_id)
                )
            except Exception as error:  # noqa: BLE001
                errors.append(error)
            finally:
                signed.set()
                db.session.remove()

    sa_event.listen(db.engine, "after_cursor_execute", pause_after_counting)
    try:
        threads = [threading.Thread(target=lower_capacity), threading.Thread(target=sign_up)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        sa_event.remove(db.engine, "after_cursor_execute", pause_after_counting)

    assert errors == []
    assert capacity_of(session) == 2
    confirmed, waiting = places(session)
    assert len(confirmed) == 2
    assert waiting == [(1, latecomer_id)]
