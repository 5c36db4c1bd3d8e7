"""The personal agenda: what is on it, now and next, changes since the last visit, and the
mail diplomats get when a session on their agenda moves or is cancelled."""

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event as sa_event

from eventapp.extensions import db
from eventapp.mail import outbox
from eventapp.models import (
    Registration,
    RegistrationDay,
    RegistrationStatus,
    SessionChange,
    SessionKind,
    SessionStatus,
    SignUp,
    SignUpStatus,
    Visibility,
    utcnow,
)
from eventapp.programme import agenda, services
from eventapp.programme.services import RuleViolation, SessionDetails

from .support import brussels


@pytest.fixture
def attendee(event, create_user):
    """A diplomat registered for the whole week (or the days given)."""

    def attendee(days=None, status=RegistrationStatus.CONFIRMED, **values):
        user = create_user(**values)
        registration = Registration(event_id=event.id, user_id=user.id, status=status)
        registration.day_rows = [RegistrationDay(day=day) for day in (days or event.days)]
        db.session.add(registration)
        db.session.commit()
        return user

    return attendee


@pytest.fixture
def breakout(create_session):
    def breakout(title="Breakout: economic diplomacy", capacity=2, **values):
        values.setdefault("kind", SessionKind.WORKSHOP)
        return create_session(title=title, capacity=capacity, signup_required=True, **values)

    return breakout


@pytest.fixture
def as_attendee(client, login, attendee):
    """Log in as a diplomat registered for the week (or the days given); returns them."""

    def as_attendee(**values):
        user = attendee(**values)
        login(user)
        return user

    return as_attendee


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def agenda_text(client, **params) -> str:
    response = client.get("/agenda", query_string=params)
    assert response.status_code == 200
    return text_of(response)


def day_section(client, day: str) -> str:
    """The text of one day of the agenda (`day` as YYYY-MM-DD)."""
    html = client.get("/agenda").get_data(as_text=True)
    match = re.search(rf'<section[^>]*id="day-{day}".*?</section>', html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0))) if match else ""


def move(session, by, **changes):
    """Save the session as an organizer would, with these details changed."""
    details = SessionDetails.of(session)
    for name, value in changes.items():
        setattr(details, name, value)
    return services.update_session(session, details, by)


@contextmanager
def counted_statements():
    statements = []

    def count(connection, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)


# Who gets which page


def test_anonymous_visitor_is_sent_to_log_in(client, event):
    response = client.get("/agenda")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_organizer_gets_a_short_page_pointing_to_the_programme(client, login, organizer, event):
    login(organizer)
    response = client.get("/agenda")
    assert "Agendas are for diplomats" in text_of(response)
    assert 'href="/programme"' in response.get_data(as_text=True)


@pytest.mark.parametrize("status", [None, RegistrationStatus.DECLINED])
def test_diplomat_who_does_not_attend_is_pointed_to_the_registration(
    client, login, diplomat, event, status
):
    if status is not None:
        db.session.add(Registration(event_id=event.id, user_id=diplomat.id, status=status))
        db.session.commit()
    login(diplomat)
    response = client.get("/agenda")
    assert "Register for the Contact Days and choose your days first" in text_of(response)
    assert 'href="/registration"' in response.get_data(as_text=True)


# What is on it


def test_sessions_meant_for_the_diplomat_without_sign_up_are_on_the_agenda(
    client, as_attendee, create_session
):
    create_session(title="Opening plenary")
    create_session(
        title="Lunch for heads of post",
        visibility=Visibility.ATTENDEES,
        starts_at=brussels(2, 12),
        ends_at=brussels(2, 13),
    )
    as_attendee()
    page = agenda_text(client)
    assert "Opening plenary" in page and "Lunch for heads of post" in page


def test_session_needing_sign_up_is_not_on_the_agenda_without_a_sign_up(
    client, as_attendee, breakout
):
    breakout(title="Credendo workshop")
    as_attendee()
    assert "Credendo workshop" not in agenda_text(client)


def test_signed_up_session_is_on_the_agenda_with_the_place_marked(client, as_attendee, breakout):
    session = breakout(title="Credendo workshop")
    user = as_attendee()
    db.session.add(SignUp(session_id=session.id, user_id=user.id))
    db.session.commit()
    page = agenda_text(client)
    assert "Credendo workshop" in page and "You have a place" in page


def test_waitlisted_session_is_on_the_agenda_with_its_position(
    client, as_attendee, breakout, attendee
):
    session = breakout(title="Credendo workshop", capacity=1)
    db.session.add(SignUp(session_id=session.id, user_id=attendee().id))
    user = as_attendee()
    db.session.add(
        SignUp(session_id=session.id, user_id=user.id, status=SignUpStatus.WAITLISTED, position=3)
    )
    db.session.commit()
    page = agenda_text(client)
    assert "Credendo workshop" in page and "Waitlist: position 3" in page


def test_cancelled_sign_up_takes_the_session_off_the_agenda(client, as_attendee, breakout):
    session = breakout(title="Credendo workshop")
    user = as_attendee()
    db.session.add(SignUp(session_id=session.id, user_id=user.id, status=SignUpStatus.CANCELLED))
    db.session.commit()
    assert "Credendo workshop" not in agenda_text(client)


def test_agenda_shows_only_the_days_the_diplomat_attends(client, as_attendee, create_session):
    create_session(title="Monday opening", starts_at=brussels(2, 9), ends_at=brussels(2, 10))
    create_session(title="Wednesday panel", starts_at=brussels(4, 9), ends_at=brussels(4, 10))
    as_attendee(days=[brussels(2, 12).date(), brussels(3, 12).date()])
    page = agenda_text(client)
    assert "Monday opening" in page
    assert "Wednesday panel" not in page
    assert "Tuesday 3 February 2026" in page and "Wednesday 4 February" not in page


def test_day_with_nothing_on_it_says_so_and_links_the_programme(client, as_attendee, event):
    as_attendee(days=[brussels(3, 12).date()])
    section = day_section(client, "2026-02-03")
    assert "Nothing on your agenda this day yet" in section


def test_cancelled_session_stays_on_the_agenda_marked_cancelled(
    client, as_attendee, create_session
):
    create_session(title="Reception at the Palace", status=SessionStatus.CANCELLED)
    as_attendee()
    html = client.get("/agenda").get_data(as_text=True)
    assert "Reception at the Palace" in html
    assert 'badge--cancelled">Cancelled<' in html


@pytest.mark.parametrize(
    "values",
    [
        {"visibility": Visibility.INVITED_ONLY, "audience": "regions"},
        # Visible to every attendee, but meant for another region's heads of post.
        {"visibility": Visibility.ATTENDEES, "audience": "regions"},
    ],
)
def test_session_for_an_audience_without_the_diplomat_is_not_on_the_agenda(
    client, as_attendee, create_session, values
):
    create_session(title="Regional meeting: Africa", audience_regions=["africa"], **values)
    as_attendee(region="europe")
    assert "Regional meeting: Africa" not in agenda_text(client)


def test_session_for_the_diplomats_region_is_on_the_agenda(client, as_attendee, create_session):
    create_session(
        title="Regional meeting: Europe",
        visibility=Visibility.INVITED_ONLY,
        audience="regions",
        audience_regions=["europe"],
    )
    as_attendee(region="europe")
    assert "Regional meeting: Europe" in agenda_text(client)


def test_drafts_are_not_on_the_agenda(client, as_attendee, create_session):
    create_session(title="Unfinished draft", status=SessionStatus.DRAFT)
    as_attendee()
    assert "Unfinished draft" not in agenda_text(client)


def test_agenda_costs_the_same_number_of_queries_with_5_or_50_sessions(
    client,
    as_attendee,
    create_session,
    create_room,
    create_speaker,
    create_organisation,
):
    room, organisation = create_room(), create_organisation()
    speaker = create_speaker(organisation=organisation)
    user = as_attendee()
    made = 0

    def add_sessions(count):
        nonlocal made
        for _ in range(count):
            day, minute = 2 + made % 5, made
            session = create_session(
                title=f"Session {made}",
                starts_at=brussels(day, 8, minute),
                ends_at=brussels(day, 9, minute),
                room=room,
                speakers=[speaker],
                capacity=10,
                signup_required=made % 2 == 0,
            )
            session.organisations = [organisation]
            if made % 2 == 0:
                db.session.add(SignUp(session_id=session.id, user_id=user.id))
            db.session.add(
                SessionChange(
                    session=session,
                    changed_at=utcnow(),
                    sequence=1,
                    fields={"room": {"old": "Salon Bleu", "new": room.name}},
                )
            )
            db.session.commit()
            made += 1

    add_sessions(1)
    client.get("/agenda")
    # Both measured visits come after changes, so both record the visit (a visit after
    # no change writes nothing).
    add_sessions(4)
    with counted_statements() as few:
        assert client.get("/agenda").status_code == 200
    add_sessions(45)
    with counted_statements() as many:
        page = agenda_text(client)
    assert "Session 49" in page and "Changed since your last visit" in page
    assert len(many) == len(few)


# Now and next


def test_during_the_event_the_agenda_marks_what_is_on_now_and_next(
    client, as_attendee, create_session, monkeypatch
):
    create_session(title="Opening plenary", starts_at=brussels(2, 9), ends_at=brussels(2, 10))
    create_session(title="Coffee break", starts_at=brussels(2, 10), ends_at=brussels(2, 10, 30))
    create_session(title="Panel", starts_at=brussels(2, 11), ends_at=brussels(2, 12))
    as_attendee()
    monkeypatch.setattr(agenda, "current_time", lambda: brussels(2, 9, 45))
    html = client.get("/agenda").get_data(as_text=True)
    now = re.findall(r'agenda-item--now.*?class="session-title"><a[^>]*><span>([^<]+)', html, re.S)
    upcoming = re.findall(
        r'agenda-item--next.*?class="session-title"><a[^>]*><span>([^<]+)', html, re.S
    )
    assert now == ["Opening plenary"]
    assert upcoming == ["Coffee break"]


def test_next_skips_cancelled_sessions(client, as_attendee, create_session, monkeypatch):
    create_session(
        title="Cancelled talk",
        status=SessionStatus.CANCELLED,
        starts_at=brussels(2, 10),
        ends_at=brussels(2, 11),
    )
    create_session(title="Panel", starts_at=brussels(2, 11), ends_at=brussels(2, 12))
    as_attendee()
    monkeypatch.setattr(agenda, "current_time", lambda: brussels(2, 9, 45))
    html = client.get("/agenda").get_data(as_text=True)
    assert html.count("badge--next") == 1
    assert re.search(r"agenda-item--next.*?<span>Panel<", html, re.S)


def test_before_the_event_nothing_is_marked_now_or_next(
    client, as_attendee, create_session, monkeypatch
):
    create_session(title="Opening plenary")
    as_attendee()
    monkeypatch.setattr(agenda, "current_time", lambda: brussels(1, 12))
    html = client.get("/agenda").get_data(as_text=True)
    assert "badge--now" not in html and "badge--next" not in html


def test_the_time_can_be_given_in_the_address_while_testing(client, as_attendee, create_session):
    create_session(title="Opening plenary", starts_at=brussels(2, 9), ends_at=brussels(2, 10))
    as_attendee()
    html = client.get("/agenda?now=2026-02-02T09:30").get_data(as_text=True)
    assert "badge--now" in html


# Overlaps


def overlap_notes(client) -> dict[str, list[str]]:
    """{title of an agenda item: the overlap notes under it}."""
    html = client.get("/agenda").get_data(as_text=True)
    notes = {}
    for item in re.findall(
        r'<li class="agenda-item .*?</li>\s*(?=<li class="agenda-item|</ol>)', html, re.S
    ):
        title = re.search(r'class="session-title"><a[^>]*><span>([^<]+)', item).group(1)
        notes[title] = re.findall(r"<li>(Overlaps [^<]+)</li>", item)
    return notes


def test_items_that_overlap_each_other_each_name_the_other(
    client, as_attendee, create_session, breakout
):
    create_session(title="Opening plenary", starts_at=brussels(2, 9), ends_at=brussels(2, 10, 30))
    workshop = breakout(
        title="Credendo workshop", starts_at=brussels(2, 10), ends_at=brussels(2, 11)
    )
    create_session(title="Lunch", starts_at=brussels(2, 12), ends_at=brussels(2, 13))
    user = as_attendee()
    db.session.add(SignUp(session_id=workshop.id, user_id=user.id))
    db.session.commit()

    assert overlap_notes(client) == {
        "Opening plenary": ["Overlaps “Credendo workshop”"],
        "Credendo workshop": ["Overlaps “Opening plenary”"],
        "Lunch": [],
    }


def test_overlapping_items_are_marked_for_styling_too(client, as_attendee, create_session):
    create_session(title="Opening plenary", starts_at=brussels(2, 9), ends_at=brussels(2, 10, 30))
    create_session(title="Press point", starts_at=brussels(2, 10), ends_at=brussels(2, 10, 15))
    as_attendee()
    html = client.get("/agenda").get_data(as_text=True)
    assert html.count("agenda-item--overlaps") == 2


def test_a_session_ending_when_the_next_starts_does_not_overlap_it(
    client, as_attendee, create_session
):
    create_session(title="Opening plenary", starts_at=brussels(2, 9), ends_at=brussels(2, 10))
    create_session(title="Coffee break", starts_at=brussels(2, 10), ends_at=brussels(2, 10, 30))
    as_attendee()
    assert overlap_notes(client) == {"Opening plenary": [], "Coffee break": []}


def test_a_cancelled_session_overlaps_nothing(client, as_attendee, create_session):
    create_session(title="Opening plenary", starts_at=brussels(2, 9), ends_at=brussels(2, 10))
    create_session(
        title="Cancelled talk",
        status=SessionStatus.CANCELLED,
        starts_at=brussels(2, 9, 30),
        ends_at=brussels(2, 10, 30),
    )
    as_attendee()
    assert overlap_notes(client) == {"Opening plenary": [], "Cancelled talk": []}


def test_the_overlap_note_names_the_other_session_in_the_readers_language(
    client, as_attendee, create_session
):
    create_session(
        title="Opening plenary",
        title_fr="Séance plénière d’ouverture",
        starts_at=brussels(2, 9),
        ends_at=brussels(2, 10, 30),
    )
    create_session(title="Press point", starts_at=brussels(2, 10), ends_at=brussels(2, 10, 15))
    as_attendee(language="fr")
    html = client.get("/agenda").get_data(as_text=True)
    [note] = re.findall(r'<ul class="agenda-item__overlaps">\s*<li>([^<]+)</li>', html)[1:]
    assert "Séance plénière d’ouverture" in note


# Printing


def test_each_printed_day_gives_the_venue_its_address_and_brussels_time(client, as_attendee, event):
    as_attendee(days=event.days[:2])
    html = client.get("/agenda").get_data(as_text=True)
    lines = re.findall(r'<p class="print-only agenda-print-where">(.*?)</p>', html, re.S)
    assert len(lines) == 2  # one per day, each printed on its own page
    text = re.sub(r"<[^>]+>", "", lines[0])
    assert "Egmont Palace, Place du Petit Sablon 8, 1000 Brussels" in text
    assert "Times are Brussels time." in text


def test_print_stylesheet_shows_the_venue_line_that_screens_hide(client):
    print_css = client.get("/static/css/print.css").get_data(as_text=True)
    screen_css = client.get("/static/css/programme.css").get_data(as_text=True)
    assert ".print-only { display: block !important; }" in print_css
    assert ".agenda-print-where" in print_css
    assert ".print-only { display: none; }" in screen_css


def test_printed_venue_line_is_in_the_readers_language(client, as_attendee, event):
    event.venue_fr = "Palais d’Egmont"
    db.session.commit()
    as_attendee(language="fr")
    html = client.get("/agenda").get_data(as_text=True)
    line = re.search(r'<p class="print-only agenda-print-where">(.*?)</p>', html, re.S).group(1)
    line = re.sub(r"<[^>]+>", "", line)
    assert "Palais d’Egmont, Place du Petit Sablon 8, 1000 Brussels" in line
    assert "Les heures sont indiquées à l’heure de Bruxelles." in line


# Changes since the last visit


def test_first_visit_marks_nothing_as_changed(client, as_attendee, create_session, organizer):
    session = create_session(title="Opening plenary")
    move(session, organizer, ends_at=brussels(2, 11, 30))
    as_attendee()
    assert "Changed since your last visit" not in agenda_text(client)


def test_change_after_the_last_visit_is_marked_with_old_and_new_values(
    client, as_attendee, create_session, create_room, organizer
):
    session = create_session(title="Opening plenary", room=create_room(name="Salle des Glaces"))
    as_attendee()
    client.get("/agenda")
    move(
        session,
        organizer,
        starts_at=brussels(2, 10),
        ends_at=brussels(2, 11, 30),
        room_id=create_room(name="Salle Arenberg").id,
    )
    page = agenda_text(client)
    assert "1 session changed since your last visit" in page
    assert "Changed since your last visit" in page
    assert "Start : Mon 2 Feb, 09:30 → Mon 2 Feb, 10:00" in page
    assert "Room : Salle des Glaces → Salle Arenberg" in page


def test_change_mark_disappears_once_the_agenda_was_seen_again(
    client, as_attendee, create_session, organizer
):
    session = create_session(title="Opening plenary")
    as_attendee()
    client.get("/agenda")
    move(session, organizer, ends_at=brussels(2, 11, 30))
    assert "Changed since your last visit" in agenda_text(client)
    assert "Changed since your last visit" not in agenda_text(client)


def test_cancellation_after_the_last_visit_is_marked(
    client, as_attendee, create_session, organizer
):
    session = create_session(title="Opening plenary")
    as_attendee()
    client.get("/agenda")
    services.cancel_session(session, organizer)
    page = agenda_text(client)
    assert "Cancelled since your last visit" in page
    assert "Status : Published → Cancelled" in page


def test_change_to_a_session_not_on_the_agenda_is_not_counted(
    client, as_attendee, breakout, organizer
):
    session = breakout(title="Credendo workshop")
    as_attendee()
    client.get("/agenda")
    move(session, organizer, ends_at=brussels(2, 11, 30))
    assert "since your last visit" not in agenda_text(client)


# The mail when a session on an agenda moves or is cancelled


def test_moving_a_session_mails_each_agenda_holder_in_their_language(
    app, attendee, create_session, organizer
):
    session = create_session(title="Opening plenary", title_fr="Séance d'ouverture")
    english, french = attendee(language="en"), attendee(language="fr")
    move(session, organizer, starts_at=brussels(2, 10), ends_at=brussels(2, 11, 30))
    mails = {mail.to: mail for mail in outbox()}
    assert set(mails) == {english.email, french.email}
    assert "Opening plenary" in mails[english.email].subject
    assert "Mon 2 Feb, 09:30 → Mon 2 Feb, 10:00" in mails[english.email].body
    assert "Séance d'ouverture" in mails[french.email].subject
    assert "Bonjour" in mails[french.email].body
    assert "lun. 2 févr., 09:30 → lun. 2 févr., 10:00" in mails[french.email].body


def test_changing_the_room_mails_the_old_and_the_new_room(
    app, attendee, breakout, create_room, organizer
):
    session = breakout(title="Credendo workshop", room=create_room(name="Salon Bleu"))
    user = attendee()
    db.session.add(SignUp(session_id=session.id, user_id=user.id))
    db.session.commit()
    move(session, organizer, room_id=create_room(name="Petit Salon").id)
    [mail] = outbox()
    assert mail.to == user.email
    assert "Salon Bleu → Petit Salon" in mail.body


def test_cancelling_a_session_mails_its_holders_that_it_is_cancelled(
    app, attendee, create_session, organizer
):
    session = create_session(title="Opening plenary")
    user = attendee()
    services.cancel_session(session, organizer)
    [mail] = outbox()
    assert mail.to == user.email
    assert mail.subject == "Cancelled: Opening plenary"
    assert "has been cancelled" in mail.body


def test_editing_only_the_description_sends_no_mail(app, attendee, create_session, organizer):
    session = create_session(title="Opening plenary")
    attendee()
    move(session, organizer, descriptions={"en": "Now with a description."})
    assert session.sequence == 1
    assert outbox() == []


def test_moving_a_draft_sends_no_mail(app, attendee, create_session, organizer):
    session = create_session(title="Opening plenary", status=SessionStatus.DRAFT)
    attendee()
    move(session, organizer, starts_at=brussels(2, 10), ends_at=brussels(2, 11, 30))
    assert outbox() == []


def test_only_diplomats_with_the_session_on_their_agenda_are_mailed(
    app, attendee, breakout, organizer
):
    session = breakout(title="Credendo workshop")
    signed_up, not_signed_up = attendee(), attendee()
    attendee(days=[brussels(3, 12).date()])
    db.session.add(SignUp(session_id=session.id, user_id=signed_up.id))
    db.session.commit()
    move(session, organizer, ends_at=brussels(2, 11, 30))
    assert [mail.to for mail in outbox()] == [signed_up.email]
    assert not_signed_up.email not in {mail.to for mail in outbox()}


def test_moving_a_session_to_another_day_tells_those_who_had_it_on_the_old_day(
    app, attendee, breakout, organizer
):
    session = breakout(title="Credendo workshop")
    monday_only = attendee(days=[brussels(2, 12).date()])
    db.session.add(SignUp(session_id=session.id, user_id=monday_only.id))
    db.session.commit()
    move(session, organizer, starts_at=brussels(3, 9, 30), ends_at=brussels(3, 11))
    [mail] = outbox()
    assert mail.to == monday_only.email
    assert "Mon 2 Feb, 09:30 → Tue 3 Feb, 09:30" in mail.body


def test_refused_save_sends_no_mail(app, attendee, create_session, create_room, organizer):
    room = create_room(name="Salle des Glaces")
    create_session(title="Taken", room=room, starts_at=brussels(2, 12), ends_at=brussels(2, 13))
    session = create_session(title="Opening plenary", room=room)
    attendee()
    with pytest.raises(RuleViolation):
        move(session, organizer, starts_at=brussels(2, 12), ends_at=brussels(2, 13))
    assert outbox() == []


def test_agenda_holders_are_exactly_the_diplomats_whose_agenda_has_the_session(
    app, attendee, create_session, breakout, organizer
):
    sessions = [
        create_session(title="Opening plenary"),
        create_session(
            title="Regional meeting: Africa",
            visibility=Visibility.INVITED_ONLY,
            audience="regions",
            audience_regions=["africa"],
            starts_at=brussels(3, 9),
            ends_at=brussels(3, 10),
        ),
        breakout(title="Credendo workshop", starts_at=brussels(3, 14), ends_at=brussels(3, 15)),
    ]
    people = [
        attendee(region="europe"),
        attendee(region="africa", days=[brussels(3, 12).date()]),
        attendee(region="africa", status=RegistrationStatus.DECLINED),
    ]
    db.session.add(SignUp(session_id=sessions[2].id, user_id=people[0].id))
    db.session.commit()
    with app.test_request_context():
        for session in sessions:
            holders = set(agenda.agenda_holders(session))
            having_it = {
                person
                for person in people
                if session.id in {item.session.id for item in agenda.agenda_for(person)}
            }
            assert holders == having_it, session.title_en
    assert {person.id for person in agenda.agenda_holders(sessions[1])} == {people[1].id}


def test_every_agenda_holder_is_mailed_however_many_there_are(
    app, attendee, create_session, organizer
):
    session = create_session(title="Opening plenary")
    people = [attendee(password=None) for _ in range(130)]
    move(session, organizer, ends_at=brussels(2, 11, 30))
    assert sorted(mail.to for mail in outbox()) == sorted(person.email for person in people)


def test_visit_with_no_change_since_the_last_writes_nothing(client, as_attendee, create_session):
    create_session(title="Opening plenary")
    as_attendee()
    client.get("/agenda")
    with counted_statements() as statements:
        assert client.get("/agenda").status_code == 200
    assert not [each for each in statements if each.lstrip().upper().startswith("UPDATE")]
