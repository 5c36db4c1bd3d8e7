"""The programme as diplomats and visitors read it: day pages, session pages, sign-ups, and
the organizer's view of who signed up."""

import csv
import io
import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.mail import outbox
from eventapp.models import (
    AudienceKind,
    DiplomatFunction,
    Event,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Session,
    SessionKind,
    SessionStatus,
    SignUp,
    SignUpStatus,
    SpeakerRole,
    Visibility,
)
from eventapp.programme import agenda, cards, catalogue, services
from eventapp.programme.services import SessionDetails, lock_programme

from .support import brussels, make_app


@pytest.fixture
def attendee(event, create_user):
    """A diplomat registered for the whole week (or the days given)."""

    def attendee(days=None, **values):
        user = create_user(**values)
        registration = Registration(
            event_id=event.id, user_id=user.id, status=RegistrationStatus.CONFIRMED
        )
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


def text_of(response) -> str:
    """The page's visible text, on one line."""
    return text_of_html(response.get_data(as_text=True))


def text_of_html(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#34;", '"')


def flashes(response) -> list[str]:
    html = response.get_data(as_text=True)
    return [
        re.sub(r"\s+", " ", message).strip()
        for message in re.findall(r'class="flash[^"]*">(.*?)</p>', html, flags=re.S)
    ]


def status_of(session, user):
    signup = db.session.scalar(
        select(SignUp).where(SignUp.session_id == session.id, SignUp.user_id == user.id)
    )
    return (signup.status, signup.position) if signup else None


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


@pytest.fixture
def sessions_by_visibility(create_session, create_user):
    """One session of each kind of visibility, on Monday."""
    someone_else = create_user()
    return {
        "public": create_session(title="Public plenary"),
        "attendees": create_session(
            title="Lunch for heads of post", visibility=Visibility.ATTENDEES
        ),
        "invited": create_session(
            title="Briefing for Europe",
            visibility=Visibility.INVITED_ONLY,
            audience="regions",
            audience_regions=["europe"],
        ),
        "elsewhere": create_session(
            title="Briefing for Africa",
            visibility=Visibility.INVITED_ONLY,
            audience="regions",
            audience_regions=["africa"],
        ),
        "named": create_session(
            title="Closed meeting",
            visibility=Visibility.INVITED_ONLY,
            audience="named",
            audience_members=[someone_else],
        ),
        "draft": create_session(title="Unfinished draft", status=SessionStatus.DRAFT),
    }


def shown(page: str, sessions: dict) -> set[str]:
    return {name for name, session in sessions.items() if session.title_en in page}


# What each viewer sees


def test_anonymous_visitors_see_public_published_sessions_only(client, sessions_by_visibility):
    page = text_of(client.get("/programme"))
    assert shown(page, sessions_by_visibility) == {"public"}


def test_diplomat_sees_attendee_sessions_and_invited_ones_meant_for_them(
    client, login, diplomat, sessions_by_visibility
):
    login(diplomat)
    page = text_of(client.get("/programme"))
    assert shown(page, sessions_by_visibility) == {"public", "attendees", "invited"}


def test_diplomat_outside_an_audience_does_not_see_its_invited_only_session(
    client, login, create_user, sessions_by_visibility
):
    login(create_user(region="americas"))
    page = text_of(client.get("/programme"))
    assert shown(page, sessions_by_visibility) == {"public", "attendees"}


def test_organizers_see_every_session_with_drafts_marked(
    client, login, organizer, sessions_by_visibility
):
    login(organizer)
    response = client.get("/programme")
    assert shown(text_of(response), sessions_by_visibility) == set(sessions_by_visibility)
    assert response.get_data(as_text=True).count("badge--draft") == 1


@pytest.mark.parametrize("name", ["attendees", "invited", "draft"])
def test_session_page_answers_404_to_anonymous_visitors_who_may_not_see_it(
    client, sessions_by_visibility, name
):
    session = sessions_by_visibility[name]
    assert client.get(f"/sessions/{session.id}").status_code == 404


def test_session_page_answers_404_to_a_diplomat_outside_its_audience(
    client, login, diplomat, sessions_by_visibility
):
    login(diplomat)
    for name in ("elsewhere", "named", "draft"):
        session = sessions_by_visibility[name]
        assert client.get(f"/sessions/{session.id}").status_code == 404, name


def test_organizers_open_a_draft_session_page(client, login, organizer, sessions_by_visibility):
    login(organizer)
    response = client.get(f"/sessions/{sessions_by_visibility['draft'].id}")
    assert response.status_code == 200
    assert "Draft" in text_of(response)


def test_unknown_session_answers_404(client):
    assert client.get("/sessions/999999").status_code == 404


# The day page


def test_session_shows_time_room_kind_speakers_and_organisations(
    client, create_session, create_room, create_speaker, create_organisation
):
    enabel = create_organisation(name="Enabel")
    speaker = create_speaker(name="Jan Peeters", function="Director-General", organisation=enabel)
    session = create_session(
        title="Development cooperation panel",
        kind=SessionKind.PANEL,
        room=create_room(name="Salle Arenberg"),
        speakers=[speaker],
        starts_at=brussels(2, 14, 0),
        ends_at=brussels(2, 15, 30),
    )
    session.speaker_links[0].role = SpeakerRole.MODERATOR
    session.organisations = [enabel]
    db.session.commit()
    page = text_of(client.get("/programme"))
    assert "14:00 – 15:30" in page
    for fact in (
        "Salle Arenberg",
        "Panel",
        "Jan Peeters",
        "Director-General",
        "Moderator",
        "Enabel",
    ):
        assert fact in page, fact


def test_programme_shows_the_first_day_by_default_and_another_day_on_request(
    client, create_session
):
    create_session(title="Monday opening", starts_at=brussels(2, 9), ends_at=brussels(2, 10))
    create_session(title="Tuesday panel", starts_at=brussels(3, 9), ends_at=brussels(3, 10))
    monday = text_of(client.get("/programme"))
    tuesday = text_of(client.get("/programme?day=2026-02-03"))
    assert "Monday opening" in monday and "Tuesday panel" not in monday
    assert "Tuesday panel" in tuesday and "Monday opening" not in tuesday


def test_during_the_event_the_programme_opens_on_today(client, create_session, monkeypatch):
    create_session(title="Wednesday panel", starts_at=brussels(4, 9), ends_at=brussels(4, 10))
    monkeypatch.setattr(agenda, "current_time", lambda: brussels(4, 8))
    assert "Wednesday panel" in text_of(client.get("/programme"))


def test_a_session_late_in_the_evening_stays_on_its_brussels_day(client, create_session):
    # 23:30 in Brussels is 22:30 UTC: still Monday for everyone reading the programme.
    create_session(title="Late dinner", starts_at=brussels(2, 23, 30), ends_at=brussels(3, 0, 30))
    assert "Late dinner" in text_of(client.get("/programme?day=2026-02-02"))
    assert "Late dinner" not in text_of(client.get("/programme?day=2026-02-03"))


def test_cancelled_session_stays_listed_struck_through_with_a_badge(client, create_session):
    create_session(title="Cancelled reception", status=SessionStatus.CANCELLED)
    html = client.get("/programme").get_data(as_text=True)
    assert "Cancelled reception" in html
    assert 'class="programme-session status-cancelled"' in html
    assert 'badge--cancelled">Cancelled<' in html


def test_sessions_needing_sign_up_show_the_places_left_or_full(client, breakout, attendee):
    open_one = breakout(title="Open breakout", capacity=3)
    full_one = breakout(
        title="Full breakout", capacity=1, starts_at=brussels(2, 14), ends_at=brussels(2, 15)
    )
    db.session.add(SignUp(session_id=full_one.id, user_id=attendee().id))
    db.session.add(SignUp(session_id=open_one.id, user_id=attendee().id))
    db.session.commit()
    page = text_of(client.get("/programme"))
    assert "Sign-up required · 2 places left" in page
    assert "Sign-up required · full, waitlist open" in page


def test_title_in_another_language_is_marked_with_that_language(client, create_session):
    create_session(title=None, title_fr="Déjeuner de travail")
    page = text_of(client.get("/programme"))
    assert "Déjeuner de travail (FR)" in page


def test_kind_filter_keeps_only_that_kind(client, create_session):
    create_session(title="Opening plenary", kind=SessionKind.PLENARY)
    create_session(
        title="Lunch", kind=SessionKind.MEAL, starts_at=brussels(2, 12), ends_at=brussels(2, 13)
    )
    page = text_of(client.get("/programme?kind=meal"))
    assert "Lunch" in page and "Opening plenary" not in page


def test_organisation_filter_keeps_sessions_of_that_organisation(
    client, create_session, create_organisation
):
    credendo = create_organisation(name="Credendo")
    with_it = create_session(title="Export credit workshop")
    with_it.organisations = [credendo]
    db.session.commit()
    create_session(title="Opening", starts_at=brussels(2, 12), ends_at=brussels(2, 13))
    page = text_of(client.get(f"/programme?organisation={credendo.id}"))
    assert "Export credit workshop" in page and "Opening" not in page


@pytest.mark.parametrize(
    "query",
    ["kind=nonsense", "organisation=abc", "organisation=99999", "day=2026-13-45", "day=1999-01-01"],
)
def test_bad_filter_values_are_ignored(client, create_session, query):
    create_session(title="Opening plenary")
    response = client.get(f"/programme?{query}")
    assert response.status_code == 200
    assert "Opening plenary" in text_of(response)


def test_filters_that_match_nothing_say_so_and_offer_to_clear_them(client, create_session):
    create_session(title="Opening plenary", kind=SessionKind.PLENARY)
    page = text_of(client.get("/programme?kind=bilateral"))
    assert "No session matches these filters" in page
    assert "Clear filters" in page


def test_empty_programme_explains_that_nothing_is_published_yet(client, event):
    assert "The programme is not published yet" in text_of(client.get("/programme"))


def test_programme_without_any_event_explains_itself(client, app):
    response = client.get("/programme")
    assert response.status_code == 200
    assert "not published yet" in text_of(response)


def test_site_navigation_links_the_programme_and_a_diplomats_agenda(client, login, diplomat):
    assert 'href="/programme"' in client.get("/changes").get_data(as_text=True)
    login(diplomat)
    assert 'href="/agenda"' in client.get("/changes").get_data(as_text=True)


def test_programme_costs_the_same_number_of_queries_with_5_or_50_sessions(
    client,
    login,
    attendee,
    create_session,
    create_room,
    create_speaker,
    create_organisation,
):
    user = attendee()
    room, organisation = create_room(), create_organisation()
    speaker = create_speaker(organisation=organisation)
    made = 0

    def add_sessions(count):
        nonlocal made
        for _ in range(count):
            minute = made
            session = create_session(
                title=f"Session {made}",
                starts_at=brussels(2, 8, minute),
                ends_at=brussels(2, 9, minute),
                room=room,
                speakers=[speaker],
                capacity=10,
                signup_required=made % 2 == 0,
            )
            session.organisations = [organisation]
            if made % 2 == 0:
                db.session.add(SignUp(session_id=session.id, user_id=user.id))
            db.session.commit()
            made += 1

    login(user)
    add_sessions(5)
    with counted_statements() as few:
        assert client.get("/programme").status_code == 200
    add_sessions(45)
    with counted_statements() as many:
        page = client.get("/programme")
    assert "Session 49" in text_of(page)
    assert len(many) == len(few)


# Signing up


def test_diplomat_signs_up_and_is_told_they_have_a_place(client, login, breakout, attendee):
    session, user = breakout(), attendee()
    login(user)
    response = client.post(f"/sessions/{session.id}/sign-up", follow_redirects=True)
    assert any("You have a place" in message for message in flashes(response))
    assert status_of(session, user) == (SignUpStatus.CONFIRMED, None)


def test_signing_up_for_a_full_session_gives_a_waitlist_number(client, login, breakout, attendee):
    session = breakout(capacity=1)
    db.session.add(SignUp(session_id=session.id, user_id=attendee().id))
    db.session.commit()
    user = attendee()
    login(user)
    response = client.post(f"/sessions/{session.id}/sign-up", follow_redirects=True)
    assert any(
        "The session is full: you are number 1 on the waitlist" in message
        for message in flashes(response)
    )
    assert status_of(session, user) == (SignUpStatus.WAITLISTED, 1)


def test_full_session_page_offers_to_join_the_waitlist(client, login, breakout, attendee):
    session = breakout(capacity=1)
    db.session.add(SignUp(session_id=session.id, user_id=attendee().id))
    db.session.commit()
    login(attendee())
    assert "Join the waitlist" in text_of(client.get(f"/sessions/{session.id}"))


def test_session_page_shows_a_waitlisted_diplomat_their_position(client, login, breakout, attendee):
    session = breakout(capacity=1)
    user = attendee()
    db.session.add(SignUp(session_id=session.id, user_id=attendee().id))
    db.session.add(
        SignUp(session_id=session.id, user_id=user.id, status=SignUpStatus.WAITLISTED, position=1)
    )
    db.session.commit()
    login(user)
    page = text_of(client.get(f"/sessions/{session.id}"))
    assert "Waitlist: position 1" in page
    assert "Leave the waitlist" in page


def test_anonymous_visitor_is_sent_to_log_in_to_sign_up(client, breakout):
    session = breakout()
    response = client.post(f"/sessions/{session.id}/sign-up")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_signing_up_for_a_session_one_may_not_see_answers_404(client, login, breakout, attendee):
    session = breakout(
        visibility=Visibility.INVITED_ONLY, audience="regions", audience_regions=["africa"]
    )
    login(attendee())
    assert client.post(f"/sessions/{session.id}/sign-up").status_code == 404


def test_overlapping_sign_up_is_refused_naming_the_clashing_session(
    client, login, breakout, attendee
):
    first = breakout(
        title="Workshop on export credit", starts_at=brussels(3, 14), ends_at=brussels(3, 15)
    )
    second = breakout(
        title="Workshop on trade missions", starts_at=brussels(3, 14, 30), ends_at=brussels(3, 16)
    )
    login(attendee())
    client.post(f"/sessions/{first.id}/sign-up")
    response = client.post(f"/sessions/{second.id}/sign-up", follow_redirects=True)
    assert any("overlaps “Workshop on export credit”" in message for message in flashes(response))


def test_diplomat_not_attending_that_day_is_told_clearly(client, login, breakout, attendee):
    session = breakout()
    login(attendee(days=[brussels(3, 12).date()]))
    response = client.post(f"/sessions/{session.id}/sign-up", follow_redirects=True)
    assert any("not registered for Monday" in message for message in flashes(response))


def test_cancelling_a_place_asks_first(client, login, breakout, attendee):
    session, user = breakout(title="Round table"), attendee()
    db.session.add(SignUp(session_id=session.id, user_id=user.id))
    db.session.commit()
    login(user)
    page = text_of(client.get(f"/sessions/{session.id}/cancel-sign-up"))
    assert "Give up your place in “Round table”?" in page
    assert status_of(session, user) == (SignUpStatus.CONFIRMED, None)


def test_cancelling_a_place_promotes_the_first_on_the_waitlist_who_gets_a_mail(
    client, login, breakout, attendee
):
    session = breakout(title="Round table with the World Bank", capacity=1)
    leaving, waiting = attendee(), attendee()
    db.session.add(SignUp(session_id=session.id, user_id=leaving.id))
    db.session.add(
        SignUp(
            session_id=session.id,
            user_id=waiting.id,
            status=SignUpStatus.WAITLISTED,
            position=1,
        )
    )
    db.session.commit()
    login(leaving)
    response = client.post(f"/sessions/{session.id}/cancel-sign-up", follow_redirects=True)
    assert any("Your place is cancelled" in message for message in flashes(response))
    assert status_of(session, waiting) == (SignUpStatus.CONFIRMED, None)
    [mail] = outbox()
    assert mail.to == waiting.email
    assert "Round table with the World Bank" in mail.subject


def test_cancel_page_without_a_sign_up_goes_back_to_the_session(client, login, breakout, attendee):
    session = breakout()
    login(attendee())
    response = client.get(f"/sessions/{session.id}/cancel-sign-up")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sessions/{session.id}")


def test_parallel_session_offers_a_switch_then_switches_after_confirmation(
    client, login, breakout, attendee
):
    africa = breakout(title="Africa breakout", parallel_group="tue-am")
    asia = breakout(title="Asia breakout", parallel_group="tue-am")
    user = attendee()
    login(user)
    client.post(f"/sessions/{africa.id}/sign-up")
    offer = client.post(f"/sessions/{asia.id}/sign-up", follow_redirects=True)
    assert "Switch from “Africa breakout” to “Asia breakout”?" in text_of(offer)
    assert status_of(asia, user) is None
    response = client.post(
        f"/sessions/{asia.id}/switch",
        data={"current_session_id": str(africa.id)},
        follow_redirects=True,
    )
    assert any("You have a place" in message for message in flashes(response))
    assert status_of(africa, user) == (SignUpStatus.CANCELLED, None)
    assert status_of(asia, user) == (SignUpStatus.CONFIRMED, None)


def programme_card(client, session) -> str:
    """The HTML of a session's entry on the programme of its day."""
    html = client.get("/programme?day=2026-02-02").get_data(as_text=True)
    return re.search(rf'<li [^>]*id="session-{session.id}".*?</li>\s*(?=<li |</ol>)', html, re.S)[0]


@pytest.fixture
def in_africa_breakout(client, login, breakout, attendee):
    """A diplomat with a place in one of two parallel breakouts, logged in: (the one they
    are in, the other)."""
    africa = breakout(title="Africa breakout", parallel_group="tue-am")
    asia = breakout(title="Asia breakout", parallel_group="tue-am")
    user = attendee()
    db.session.add(SignUp(session_id=africa.id, user_id=user.id))
    db.session.commit()
    login(user)
    return user, africa, asia


def test_session_page_of_a_parallel_session_offers_a_switch_naming_the_one_left(
    client, in_africa_breakout
):
    _user, _africa, asia = in_africa_breakout
    page = text_of(client.get(f"/sessions/{asia.id}"))
    assert "Switch to this session You leave “Africa breakout”." in page
    assert "Sign up" not in page.split("Sign-up", 1)[1]


def test_the_switch_button_is_described_by_the_session_it_leaves(client, in_africa_breakout):
    _user, _africa, asia = in_africa_breakout
    html = client.get(f"/sessions/{asia.id}").get_data(as_text=True)
    button = re.search(r"<button[^>]*>Switch to this session</button>", html)[0]
    described_by = re.search(r'aria-describedby="([^"]+)"', button)[1]
    assert re.search(rf'id="{described_by}">You leave “Africa breakout”.<', html)


def test_posting_the_switch_button_switches_at_once(client, in_africa_breakout):
    user, africa, asia = in_africa_breakout
    html = client.get(f"/sessions/{asia.id}").get_data(as_text=True)
    form = re.search(
        r'<form method="post" action="([^"]+)" class="switch-form">(.*?)</form>', html, re.S
    )
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form[2]))

    response = client.post(form[1], data=fields, follow_redirects=True)

    assert any("You have a place" in message for message in flashes(response))
    assert status_of(africa, user) == (SignUpStatus.CANCELLED, None)
    assert status_of(asia, user) == (SignUpStatus.CONFIRMED, None)


def test_programme_card_offers_the_switch_naming_the_one_left(client, in_africa_breakout):
    _user, africa, asia = in_africa_breakout
    card = text_of_html(programme_card(client, asia))
    assert "Switch to this session You leave “Africa breakout”." in card
    assert "Switch to this session" not in text_of_html(programme_card(client, africa))


def test_switch_to_a_full_session_says_it_joins_the_waitlist(
    client, login, breakout, attendee, create_user
):
    africa = breakout(title="Africa breakout", parallel_group="tue-am")
    asia = breakout(title="Asia breakout", parallel_group="tue-am", capacity=1)
    user = attendee()
    db.session.add_all(
        [
            SignUp(session_id=africa.id, user_id=user.id),
            SignUp(session_id=asia.id, user_id=attendee().id),
        ]
    )
    db.session.commit()
    login(user)
    expected = "You leave “Africa breakout” and join the waitlist of this session, which is full."
    assert expected in text_of(client.get(f"/sessions/{asia.id}"))
    assert expected in text_of_html(programme_card(client, asia))


def test_without_a_place_in_the_group_the_parallel_session_offers_a_plain_sign_up(
    client, login, breakout, attendee
):
    breakout(title="Africa breakout", parallel_group="tue-am")
    asia = breakout(title="Asia breakout", parallel_group="tue-am")
    login(attendee())
    page = text_of(client.get(f"/sessions/{asia.id}"))
    assert "Sign up" in page and "Switch to this session" not in page
    assert "Switch to this session" not in text_of_html(programme_card(client, asia))


def test_a_place_in_a_cancelled_session_of_the_group_offers_no_switch(
    client, login, breakout, attendee
):
    africa = breakout(
        title="Africa breakout", parallel_group="tue-am", status=SessionStatus.CANCELLED
    )
    asia = breakout(title="Asia breakout", parallel_group="tue-am")
    user = attendee()
    db.session.add(SignUp(session_id=africa.id, user_id=user.id))
    db.session.commit()
    login(user)
    assert "Switch to this session" not in text_of(client.get(f"/sessions/{asia.id}"))
    assert "Switch to this session" not in text_of_html(programme_card(client, asia))


def test_no_switch_is_offered_into_a_session_not_meant_for_the_diplomat(
    client, login, breakout, attendee
):
    africa = breakout(title="Africa breakout", parallel_group="tue-am")
    consuls = breakout(
        title="Consuls' breakout",
        parallel_group="tue-am",
        audience=AudienceKind.FUNCTIONS,
        audience_functions=[DiplomatFunction.CONSUL_GENERAL],
    )
    user = attendee()  # an ambassador
    db.session.add(SignUp(session_id=africa.id, user_id=user.id))
    db.session.commit()
    login(user)
    assert "Switch to this session" not in text_of(client.get(f"/sessions/{consuls.id}"))
    assert "Switch to this session" not in text_of_html(programme_card(client, consuls))


@pytest.mark.parametrize("value", ["", "abc", "99999"])
def test_switch_with_a_bad_current_session_changes_nothing(
    client, login, breakout, attendee, value
):
    africa = breakout(title="Africa breakout", parallel_group="tue-am")
    asia = breakout(title="Asia breakout", parallel_group="tue-am")
    user = attendee()
    db.session.add(SignUp(session_id=africa.id, user_id=user.id))
    db.session.commit()
    login(user)
    response = client.post(f"/sessions/{asia.id}/switch", data={"current_session_id": value})
    assert response.status_code == 302
    assert status_of(africa, user) == (SignUpStatus.CONFIRMED, None)
    assert status_of(asia, user) is None


def test_organizer_signing_up_is_told_sign_up_is_for_diplomats(client, login, organizer, breakout):
    session = breakout()
    login(organizer)
    response = client.post(f"/sessions/{session.id}/sign-up", follow_redirects=True)
    assert any("Only diplomats sign up" in message for message in flashes(response))


# The organizer's view of a session's sign-ups


@pytest.fixture
def full_breakout(breakout, attendee):
    """A breakout for 2 with two places taken and two people waiting."""
    session = breakout(title="Credendo workshop", capacity=2)
    people = [
        attendee(first_name="Anna", last_name="Zeeman"),
        attendee(first_name="Bram", last_name="Aerts"),
        attendee(first_name="Chloé", last_name="=HYPERLINK(1)"),
        attendee(first_name="Dirk", last_name="Claes"),
    ]
    db.session.add(SignUp(session_id=session.id, user_id=people[0].id))
    db.session.add(SignUp(session_id=session.id, user_id=people[1].id))
    db.session.add(
        SignUp(
            session_id=session.id,
            user_id=people[3].id,
            status=SignUpStatus.WAITLISTED,
            position=2,
        )
    )
    db.session.add(
        SignUp(
            session_id=session.id,
            user_id=people[2].id,
            status=SignUpStatus.WAITLISTED,
            position=1,
        )
    )
    db.session.commit()
    return session


def test_organizer_sees_places_waitlist_in_order_and_fill_rate(
    client, login, organizer, full_breakout
):
    login(organizer)
    page = text_of(client.get(f"/organizer/sessions/{full_breakout.id}/signups"))
    confirmed, waitlist = page.split("Waitlist, in order")
    assert confirmed.index("Bram Aerts") < confirmed.index("Anna Zeeman")
    assert waitlist.index("=HYPERLINK(1)") < waitlist.index("Dirk Claes")
    assert "2 of 2" in page and "100%" in page


def test_organizer_session_page_links_to_its_sign_ups(client, login, organizer, full_breakout):
    login(organizer)
    html = client.get(f"/organizer/sessions/{full_breakout.id}").get_data(as_text=True)
    assert f'href="/organizer/sessions/{full_breakout.id}/signups"' in html


def test_sign_ups_csv_lists_everyone_and_defuses_formulas(client, login, organizer, full_breakout):
    login(organizer)
    response = client.get(f"/organizer/sessions/{full_breakout.id}/signups.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Status", "Waitlist position", "Last name"]
    assert [(row[0], row[1], row[2]) for row in rows[1:]] == [
        ("Confirmed", "", "Aerts"),
        ("Confirmed", "", "Zeeman"),
        ("Waitlisted", "1", "'=HYPERLINK(1)"),
        ("Waitlisted", "2", "Claes"),
    ]


def test_diplomat_gets_403_on_the_organizer_sign_ups_view(client, login, diplomat, full_breakout):
    login(diplomat)
    assert client.get(f"/organizer/sessions/{full_breakout.id}/signups").status_code == 403
    assert client.get(f"/organizer/sessions/{full_breakout.id}/signups.csv").status_code == 403


def test_organizer_sign_ups_view_of_an_unknown_session_is_404(client, login, organizer, event):
    login(organizer)
    assert client.get("/organizer/sessions/424242/signups").status_code == 404


# What each worker keeps: session cards per programme version (eventapp/programme/cards.py)


@pytest.fixture
def other_worker(tmp_path, postgres_database, app):
    """A second app on the same database, as another gunicorn worker: its own memory."""
    other = make_app(tmp_path, postgres_database)
    yield other
    with other.app_context():
        db.engine.dispose()


def logged_in(app, user, password="correct horse battery"):
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, "login failed"
    return client


def both_pages(client) -> tuple[str, str]:
    """(programme of Monday, agenda) as the client sees them, as text; the agenda without
    its lists of changes since the last visit (old values by design)."""
    programme = client.get("/programme?day=2026-02-02")
    diary = client.get("/agenda")
    assert programme.status_code == diary.status_code == 200
    diary_html = re.sub(
        r'<ul class="agenda-item__changes">.*?</ul>', "", diary.get_data(as_text=True), flags=re.S
    )
    return text_of(programme), text_of_html(diary_html)


@pytest.fixture
def monday_panel(create_session, create_room, create_speaker, create_organisation, organizer):
    """A published public session on Monday, with a room, a speaker and an organisation."""
    enabel = create_organisation(name="Enabel")
    speaker = create_speaker(name="Jan Peeters", function="Director-General", organisation=enabel)
    session = create_session(
        title="Development cooperation panel",
        room=create_room(name="Salle Arenberg"),
        speakers=[speaker],
        starts_at=brussels(2, 9, 30),
        ends_at=brussels(2, 11, 0),
    )
    session.organisations = [enabel]
    lock_programme(session.event_id)
    db.session.commit()
    return session


def _edit(session, organizer, **changes):
    details = SessionDetails.of(session)
    for name, value in changes.items():
        setattr(details, name, value)
    services.update_session(session, details, organizer)


def _change_title(session, organizer, create_room):
    _edit(session, organizer, titles={"en": "Trade missions panel"})
    return "Development cooperation panel", "Trade missions panel"


def _move_to_another_room(session, organizer, create_room):
    _edit(session, organizer, room_id=create_room(name="Salon Bleu").id)
    return "Salle Arenberg", "Salon Bleu"


def _move_in_time(session, organizer, create_room):
    _edit(session, organizer, starts_at=brussels(2, 14, 0), ends_at=brussels(2, 15, 30))
    return "09:30", "14:00"


def _cancel(session, organizer, create_room):
    services.cancel_session(session, organizer)
    return None, "Cancelled"


def _rename_the_room(session, organizer, create_room):
    room = session.room
    catalogue.update_room(room, name="Salle des Glaces", capacity=room.capacity, by=organizer)
    return "Salle Arenberg", "Salle des Glaces"


def _rename_the_speaker(session, organizer, create_room):
    speaker = session.speaker_links[0].speaker
    catalogue.update_speaker(
        speaker,
        name="Anne Janssens",
        function=speaker.function,
        organisation_id=speaker.organisation_id,
        by=organizer,
    )
    return "Jan Peeters", "Anne Janssens"


def _rename_the_organisation(session, organizer, create_room):
    organisation = session.organisations[0]
    catalogue.update_organisation(
        organisation, name="Belgian Development Agency", kind=organisation.kind, by=organizer
    )
    return "Enabel", "Belgian Development Agency"


@pytest.mark.parametrize(
    "change, on_the_agenda",
    [
        (_change_title, True),
        (_move_to_another_room, True),
        (_move_in_time, True),
        (_cancel, True),
        (_rename_the_room, True),
        # The agenda shows neither speakers nor organisations.
        (_rename_the_speaker, False),
        (_rename_the_organisation, False),
    ],
    ids=lambda value: value.__name__.strip("_") if callable(value) else None,
)
def test_a_programme_change_shows_at_once_on_both_pages_in_every_worker(
    app, other_worker, attendee, monday_panel, organizer, create_room, change, on_the_agenda
):
    diplomat = attendee()
    here, there = logged_in(app, diplomat), logged_in(other_worker, diplomat)
    for client in (here, there):
        programme, diary = both_pages(client)  # both workers now keep the cards
        assert "Development cooperation panel" in programme and "Jan Peeters" in programme
        assert "Development cooperation panel" in diary
    old, new = change(db.session.get(Session, monday_panel.id), organizer, create_room)
    for client in (here, there):
        programme, diary = both_pages(client)
        assert new in programme
        assert old is None or old not in programme
        if on_the_agenda:
            assert new in diary
            assert old is None or old not in diary


def test_a_renamed_organisation_is_renamed_in_the_programme_filter_too(
    app, other_worker, client, monday_panel, organizer
):
    elsewhere = other_worker.test_client()
    for each in (client, elsewhere):
        assert ">Enabel</option>" in each.get("/programme").get_data(as_text=True)
    organisation = db.session.get(Session, monday_panel.id).organisations[0]
    catalogue.update_organisation(
        organisation, name="Credendo", kind=organisation.kind, by=organizer
    )
    for each in (client, elsewhere):
        html = each.get("/programme").get_data(as_text=True)
        assert ">Credendo</option>" in html and ">Enabel</option>" not in html


def test_a_session_published_later_appears_at_once(
    app, other_worker, client, create_session, organizer
):
    draft = create_session(title="Late addition", status=SessionStatus.DRAFT)
    elsewhere = other_worker.test_client()
    for each in (client, elsewhere):
        assert "Late addition" not in text_of(each.get("/programme"))
    services.publish_sessions(db.session.get(Event, draft.event_id), [draft.id], organizer)
    for each in (client, elsewhere):
        assert "Late addition" in text_of(each.get("/programme"))


def test_places_left_and_own_places_are_each_viewers_own(app, breakout, attendee):
    full = breakout(title="Full breakout", capacity=1)
    open_one = breakout(
        title="Open breakout", capacity=3, starts_at=brussels(2, 14), ends_at=brussels(2, 15)
    )
    anna, bram, chloe = attendee(), attendee(), attendee()
    db.session.add_all(
        [
            SignUp(session_id=full.id, user_id=anna.id),
            SignUp(
                session_id=full.id,
                user_id=bram.id,
                status=SignUpStatus.WAITLISTED,
                position=1,
            ),
            SignUp(session_id=open_one.id, user_id=bram.id),
        ]
    )
    db.session.commit()
    pages = {}
    for name, person in (("anna", anna), ("bram", bram), ("chloe", chloe)):
        client = logged_in(app, person)
        pages[name] = (client, client.get("/programme").get_data(as_text=True))

    def entry(html, title):
        return re.search(
            rf'<li class="programme-session[^"]*"[^>]*>(?:(?!</li>).)*{title}.*?</li>', html, re.S
        ).group(0)

    anna_page, bram_page, chloe_page = (pages[name][1] for name in ("anna", "bram", "chloe"))
    assert "You have a place" in entry(anna_page, "Full breakout")
    assert "You have a place" not in entry(anna_page, "Open breakout")
    assert "Waitlist: position 1" in entry(bram_page, "Full breakout")
    assert "You have a place" in entry(bram_page, "Open breakout")
    assert "You have a place" not in chloe_page and "Waitlist" not in chloe_page
    for html in (anna_page, bram_page, chloe_page):
        assert "full, waitlist open" in text_of_html(entry(html, "Full breakout"))
        assert "2 places left" in text_of_html(entry(html, "Open breakout"))
    # A sign-up changes no programme version: places left are counted on every request.
    client = pages["chloe"][0]
    assert client.post(f"/sessions/{open_one.id}/sign-up").status_code == 302
    for name in ("anna", "bram", "chloe"):
        html = pages[name][0].get("/programme").get_data(as_text=True)
        assert "1 place left" in text_of_html(entry(html, "Open breakout")), name
    assert "You have a place" in entry(
        client.get("/programme").get_data(as_text=True), "Open breakout"
    )


def test_each_diplomat_sees_their_own_places_on_their_agenda(app, breakout, attendee):
    full = breakout(title="Full breakout", capacity=1)
    anna, bram = attendee(), attendee()
    db.session.add_all(
        [
            SignUp(session_id=full.id, user_id=anna.id),
            SignUp(session_id=full.id, user_id=bram.id, status=SignUpStatus.WAITLISTED, position=1),
        ]
    )
    db.session.commit()
    anna_agenda = text_of(logged_in(app, anna).get("/agenda"))
    bram_agenda = text_of(logged_in(app, bram).get("/agenda"))
    assert "You have a place" in anna_agenda and "Waitlist" not in anna_agenda
    assert "Waitlist: position 1" in bram_agenda and "You have a place" not in bram_agenda


def test_a_session_one_may_not_see_never_shows_though_another_viewer_had_it_rendered(
    app, client, login, organizer, attendee, sessions_by_visibility
):
    # Organizers, and a diplomat of its audience, make this worker render every card.
    logged_in(app, organizer).get("/programme")
    in_europe = attendee(region="europe")
    logged_in(app, in_europe).get("/programme")
    logged_in(app, in_europe).get("/agenda")
    outsider = attendee(region="americas")
    outsider_client = logged_in(app, outsider)
    programme, diary = both_pages(outsider_client)
    assert shown(programme, sessions_by_visibility) == {"public", "attendees"}
    assert shown(diary, sessions_by_visibility) == {"public", "attendees"}
    assert shown(text_of(client.get("/programme")), sessions_by_visibility) == {"public"}


def test_switching_language_shows_the_cards_in_that_language(
    app, create_session, breakout, attendee
):
    create_session(title="Opening plenary", title_fr="Séance plénière inaugurale")
    create_session(
        title="Lunch", starts_at=brussels(2, 12), ends_at=brussels(2, 13), kind=SessionKind.MEAL
    )
    workshop = breakout(
        title="Export workshop", capacity=3, starts_at=brussels(2, 14), ends_at=brussels(2, 15)
    )
    diplomat = attendee()
    db.session.add(SignUp(session_id=workshop.id, user_id=diplomat.id))
    db.session.commit()
    client = logged_in(app, diplomat)
    programme, diary = both_pages(client)
    assert "Opening plenary" in programme and "Opening plenary" in diary
    assert "Meal" in programme and "2 places left" in programme
    assert "You have a place" in programme and "You have a place" in diary
    assert client.post("/language", data={"language": "fr"}).status_code == 302
    programme, diary = both_pages(client)
    for page in (programme, diary):
        assert "Séance plénière inaugurale" in page and "Opening plenary" not in page
        # No French title: the English one, marked as such.
        assert "Lunch (EN)" in page
        assert "Place réservée" in page and "You have a place" not in page
    assert "Repas" in programme and "Meal" not in programme
    assert "2 places restantes" in programme and "places left" not in programme
    assert client.post("/language", data={"language": "en"}).status_code == 302
    programme, diary = both_pages(client)
    assert "Opening plenary" in programme and "Séance plénière" not in programme
    assert "2 places left" in programme and "You have a place" in diary


def test_a_worker_that_keeps_too_much_starts_again_and_stays_right(
    app, client, create_session, monkeypatch
):
    monkeypatch.setattr(cards, "MAX_ENTRIES", 3)
    for hour in range(8, 14):
        create_session(
            title=f"Session at {hour}", starts_at=brussels(2, hour), ends_at=brussels(2, hour, 45)
        )
    for _ in range(2):
        page = text_of(client.get("/programme"))
        assert all(f"Session at {hour}" in page for hour in range(8, 14))
    assert len(app.extensions[cards.EXTENSION].generation.cards) <= 6


def test_the_suite_fails_a_programme_change_that_does_not_raise_the_version(
    app, event, organizer, monkeypatch, programme_writes_raise_the_version
):
    """The guard of tests/programme_guard.py, which every test runs under, catches it."""
    monkeypatch.setattr(services, "lock_programme", lambda event_id: None)
    details = SessionDetails(
        kind=SessionKind.PLENARY,
        starts_at=brussels(2, 9),
        ends_at=brussels(2, 10),
        titles={"en": "Unannounced"},
    )
    services.create_session(event, details, organizer)
    unlocked = list(programme_writes_raise_the_version)
    programme_writes_raise_the_version.clear()
    assert "sessions written by programme/services.py:create_session()" in unlocked
