"""Digests of agenda changes: the changes made to a diplomat's agenda within
MAIL_DIGEST_MINUTES of the first go out as one mail, in their language, when the window
ends; a cancellation goes out at once (eventapp/programme/digests.py)."""

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from eventapp import clock
from eventapp.extensions import db
from eventapp.mail_delivery import deliver_all, outbox
from eventapp.models import (
    AgendaDigestChange,
    MailStatus,
    OutboxMail,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Session,
    SessionKind,
    SignUp,
    User,
)
from eventapp.programme import services
from eventapp.programme.services import SessionDetails
from eventapp.unit_of_work import unit_of_work

from .support import POSTGRES_URL, brussels

WINDOW = 10
# Well before the event: the sessions' times are not in the past.
START = brussels(2, 9) - timedelta(days=7)


@pytest.fixture
def app_overrides():
    return {"MAIL_DIGEST_MINUTES": WINDOW}


@pytest.fixture
def now(monkeypatch):
    """The app's clock, stopped at START; `now.move(minutes=...)` moves it on."""

    class Clock:
        moment = START

        def move(self, **delta):
            self.moment += timedelta(**delta)

    stopped = Clock()
    monkeypatch.setattr(clock, "now", lambda: stopped.moment)
    return stopped


@pytest.fixture
def attendee(event, create_user):
    def attendee(**values):
        user = create_user(**values)
        registration = Registration(
            event_id=event.id, user_id=user.id, status=RegistrationStatus.CONFIRMED
        )
        registration.day_rows = [RegistrationDay(day=day) for day in event.days]
        db.session.add(registration)
        db.session.commit()
        return user

    return attendee


@pytest.fixture
def plenary(create_session, create_room):
    return create_session(
        title="Opening plenary",
        title_fr="Séance d'ouverture",
        title_nl="Openingszitting",
        room=create_room(name="Salle des Glaces"),
    )


@pytest.fixture
def workshop(create_session, create_room):
    session = create_session(
        title="Credendo workshop",
        title_fr="Atelier Credendo",
        title_nl="Workshop Credendo",
        room=create_room(name="Salon Bleu"),
        starts_at=brussels(3, 14),
        ends_at=brussels(3, 15),
        kind=SessionKind.WORKSHOP,
        signup_required=True,
        capacity=20,
    )
    return session


def move(session, by, **changes):
    details = SessionDetails.of(session)
    for name, value in changes.items():
        setattr(details, name, value)
    return services.update_session(session, details, by)


def digests():
    return db.session.scalars(
        select(OutboxMail).where(OutboxMail.kind == "agenda_digest").order_by(OutboxMail.id)
    ).all()


def deliver():
    """Send every mail that is due, as `eventapp mail send` does; returns what went out."""
    before = len(outbox())
    deliver_all()
    db.session.expire_all()
    return outbox()[before:]


LOCAL = {
    "en": {
        "dear": "Dear",
        "plenary": "Opening plenary",
        "workshop": "Credendo workshop",
        "plenary_start": "Mon 2 Feb, 09:30 → Mon 2 Feb, 10:30",
    },
    "fr": {
        "dear": "Bonjour",
        "plenary": "Séance d'ouverture",
        "workshop": "Atelier Credendo",
        "plenary_start": "lun. 2 févr., 09:30 → lun. 2 févr., 10:30",
    },
    "nl": {
        "dear": "Geachte",
        "plenary": "Openingszitting",
        "workshop": "Workshop Credendo",
        "plenary_start": "ma 2 feb, 09:30 → ma 2 feb, 10:30",
    },
}


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_three_edits_of_two_sessions_within_the_window_make_one_mail_in_their_language(
    app, now, attendee, plenary, workshop, organizer, create_room, language
):
    user = attendee(language=language)
    db.session.add(SignUp(session_id=workshop.id, user_id=user.id))
    db.session.commit()
    move(plenary, organizer, starts_at=brussels(2, 10), ends_at=brussels(2, 11, 30))
    now.move(minutes=4)
    move(workshop, organizer, room_id=create_room(name="Petit Salon").id)
    now.move(minutes=4)
    move(plenary, organizer, starts_at=brussels(2, 10, 30), ends_at=brussels(2, 12))

    [digest] = digests()
    assert digest.status == MailStatus.WAITING
    assert digest.due_at == START + timedelta(minutes=WINDOW)
    assert deliver() == []

    now.move(minutes=3)
    [mail] = deliver()
    words = LOCAL[language]
    assert mail.to == user.email
    assert words["dear"] in mail.body
    # Each session once, with where it went from and to over the window.
    assert mail.body.count(words["plenary"]) == 1
    assert words["plenary_start"] in mail.body
    assert words["workshop"] in mail.body
    assert "Salon Bleu → Petit Salon" in mail.body
    assert mail.body.index(words["plenary"]) < mail.body.index(words["workshop"])
    assert deliver() == []


def test_an_edit_after_the_window_has_passed_makes_a_new_mail(
    app, now, attendee, plenary, organizer
):
    user = attendee()
    move(plenary, organizer, starts_at=brussels(2, 10), ends_at=brussels(2, 11, 30))
    now.move(minutes=WINDOW + 1)
    [first] = deliver()
    assert "Mon 2 Feb, 09:30 → Mon 2 Feb, 10:00" in first.body

    move(plenary, organizer, starts_at=brussels(2, 11), ends_at=brussels(2, 12, 30))
    assert len(digests()) == 2
    now.move(minutes=WINDOW + 1)
    [second] = deliver()
    assert second.to == user.email
    assert "Mon 2 Feb, 10:00 → Mon 2 Feb, 11:00" in second.body
    assert "09:30" not in second.body


def test_the_window_runs_from_the_first_change_however_many_follow(
    app, now, attendee, plenary, organizer
):
    attendee()
    for minutes in range(0, 3 * WINDOW, 3):
        now.moment = START + timedelta(minutes=minutes)
        move(plenary, organizer, ends_at=brussels(2, 11) + timedelta(minutes=minutes + 1))
    first, *later = digests()
    assert first.due_at == START + timedelta(minutes=WINDOW)
    assert later and all(digest.due_at > first.due_at for digest in later)


def test_a_cancellation_is_mailed_at_once_and_left_out_of_the_digest(
    app, now, attendee, plenary, workshop, organizer
):
    user = attendee()
    db.session.add(SignUp(session_id=workshop.id, user_id=user.id))
    db.session.commit()
    move(plenary, organizer, starts_at=brussels(2, 10), ends_at=brussels(2, 11, 30))
    move(workshop, organizer, ends_at=brussels(3, 15, 30))
    services.cancel_session(workshop, organizer)

    # Out with the commit (tests deliver after each), not held back with the digest.
    [cancelled] = outbox()
    assert cancelled.to == user.email
    assert cancelled.subject == "Cancelled: Credendo workshop"

    now.move(minutes=WINDOW + 1)
    [digest] = deliver()
    assert digest.subject == "Programme change: Opening plenary"
    assert "Credendo workshop" not in digest.body


def test_a_digest_left_with_nothing_to_say_is_withdrawn(
    app, now, attendee, plenary, workshop, organizer
):
    user = attendee()
    db.session.add(SignUp(session_id=workshop.id, user_id=user.id))
    db.session.commit()
    move(plenary, organizer, ends_at=brussels(2, 11, 30))
    move(plenary, organizer, ends_at=brussels(2, 11))  # back where it was
    assert digests() == []
    move(workshop, organizer, ends_at=brussels(3, 15, 30))
    services.cancel_session(workshop, organizer)
    assert digests() == []
    assert db.session.scalar(select(func.count()).select_from(AgendaDigestChange)) == 0
    now.move(minutes=WINDOW + 1)
    assert deliver() == []
    assert [mail.subject for mail in outbox()] == ["Cancelled: Credendo workshop"]


def test_two_diplomats_get_each_their_own_digest(app, now, attendee, plenary, workshop, organizer):
    english, french = attendee(language="en"), attendee(language="fr")
    db.session.add(SignUp(session_id=workshop.id, user_id=french.id))
    db.session.commit()
    move(plenary, organizer, starts_at=brussels(2, 10), ends_at=brussels(2, 11, 30))
    move(workshop, organizer, ends_at=brussels(3, 15, 30))
    assert {digest.digest_key for digest in digests()} == {
        f"agenda:{english.id}",
        f"agenda:{french.id}",
    }

    now.move(minutes=WINDOW + 1)
    mails = {mail.to: mail for mail in deliver()}
    assert set(mails) == {english.email, french.email}
    assert mails[english.email].subject == "Programme change: Opening plenary"
    assert "Credendo" not in mails[english.email].body
    assert "Séance d'ouverture" in mails[french.email].body
    assert "Atelier Credendo" in mails[french.email].body


def test_a_rolled_back_edit_adds_nothing_to_a_digest(
    app, now, attendee, plenary, workshop, organizer
):
    user = attendee()
    db.session.add(SignUp(session_id=workshop.id, user_id=user.id))
    db.session.commit()
    with pytest.raises(RuntimeError), unit_of_work():
        move(plenary, organizer, ends_at=brussels(2, 11, 30))
        raise RuntimeError("the organizer's request failed")
    assert digests() == []

    move(plenary, organizer, starts_at=brussels(2, 10), ends_at=brussels(2, 11, 30))
    [digest] = digests()
    body = digest.body
    with pytest.raises(RuntimeError), unit_of_work():
        move(workshop, organizer, ends_at=brussels(3, 15, 30))
        raise RuntimeError("the organizer's request failed")
    db.session.expire_all()
    [digest] = digests()
    assert digest.body == body
    assert db.session.scalar(select(func.count()).select_from(AgendaDigestChange)) == 1

    now.move(minutes=WINDOW + 1)
    [mail] = deliver()
    assert "Credendo" not in mail.body


def test_with_no_window_each_change_is_mailed_at_once(app, now, attendee, plenary, organizer):
    app.config["MAIL_DIGEST_MINUTES"] = 0
    attendee()
    move(plenary, organizer, ends_at=brussels(2, 11, 30))
    move(plenary, organizer, ends_at=brussels(2, 12))
    assert digests() == []
    assert len(outbox()) == 2  # delivered after each commit (MAIL_DELIVERY in tests)


@pytest.mark.parametrize("started", ["claimed by a worker", "tried once"])
def test_a_digest_the_delivery_has_started_on_is_left_alone(
    app, now, attendee, plenary, workshop, organizer, started
):
    user = attendee()
    db.session.add(SignUp(session_id=workshop.id, user_id=user.id))
    db.session.commit()
    move(plenary, organizer, starts_at=brussels(2, 10), ends_at=brussels(2, 11, 30))
    [first] = digests()
    if started == "claimed by a worker":
        first.status, first.claimed_at = MailStatus.SENDING, now.moment
    else:
        first.attempts, first.last_error = 1, "421 try again later"
    body = first.body
    db.session.commit()

    move(workshop, organizer, ends_at=brussels(3, 15, 30))
    services.cancel_session(plenary, organizer)
    first, second = digests()
    assert first.body == body
    assert "Credendo workshop" in second.body
    assert "Opening plenary" not in second.body


def test_moves_on_the_grid_make_one_digest_with_a_link_to_the_agenda(
    app, client, login, now, attendee, plenary, workshop, organizer
):
    user = attendee(language="fr")
    login(organizer)
    for start_time in ("14:00", "15:00"):
        response = client.post(
            f"/organizer/sessions/{plenary.id}/move",
            data={"day": "2026-02-04", "start_time": start_time, "room_id": ""},
        )
        assert response.status_code in (200, 302, 303)
    [digest] = digests()
    assert digest.user_id == user.id
    assert digest.language == "fr"
    assert digest.subject == "Modification du programme : Séance d'ouverture"
    assert "lun. 2 févr., 09:30 → mer. 4 févr., 15:00" in digest.body
    assert "Salle des Glaces → —" in digest.body
    assert "http://localhost/agenda" in digest.body


@pytest.mark.skipif(
    POSTGRES_URL is None,
    reason="tests a row lock (SELECT ... FOR UPDATE): SQLite has none, it lets one writer in "
    "at a time, which the other tests of this file cover",
)
def test_an_edit_waits_for_a_worker_claiming_the_digest_then_starts_a_new_one(
    app, now, attendee, plenary, workshop, organizer
):
    """A worker is claiming the digest (row locked, about to mark it sending) when an
    organizer's edit would join it. The edit must wait for the claim, then leave the
    claimed mail alone: the worker sends what it read."""
    user = attendee()
    db.session.add(SignUp(session_id=workshop.id, user_id=user.id))
    db.session.commit()
    move(plenary, organizer, starts_at=brussels(2, 10), ends_at=brussels(2, 11, 30))
    [claimed] = digests()
    claimed_id, body = claimed.id, claimed.body
    workshop_id, organizer_id = workshop.id, organizer.id
    errors = []

    def edit():
        with app.app_context():
            try:
                move(
                    db.session.get(Session, workshop_id),
                    db.session.get(User, organizer_id),
                    ends_at=brussels(3, 15, 30),
                )
            except Exception as error:  # noqa: BLE001
                errors.append(error)
            finally:
                db.session.remove()

    with db.engine.connect() as worker:
        worker.execute(
            text("SELECT id FROM outbox_mails WHERE id = :id FOR UPDATE"), {"id": claimed_id}
        )
        organizer_thread = threading.Thread(target=edit)
        organizer_thread.start()
        for _ in range(500):  # until the edit is stuck behind the worker's lock
            if not organizer_thread.is_alive() or worker.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                    "current_database() AND wait_event_type = 'Lock'"
                )
            ):
                break
            time.sleep(0.01)
        assert organizer_thread.is_alive(), "the edit did not wait for the claim"
        worker.execute(
            text("UPDATE outbox_mails SET status = 'sending' WHERE id = :id"), {"id": claimed_id}
        )
        worker.commit()
    organizer_thread.join(10)
    assert not errors
    db.session.expire_all()
    first, second = digests()
    assert (first.id, first.body) == (claimed_id, body)
    assert "Credendo workshop" in second.body
    assert "Opening plenary" not in second.body
