"""Bilateral meetings (issue 21, points 4–6): a partner's request and its refusals, the
slots the app offers, the head of post's answers and either party's cancellation over
HTTP (with the mail to the other party, in their language), organizers acting on
someone's behalf, a slot taken a moment ago, no double booking under concurrency
(PostgreSQL), and the query budget of `offered_slots`."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.meetings import services
from eventapp.meetings.services import MeetingConflict, MeetingRefused
from eventapp.meetings.slots import offered_slots, slot_key
from eventapp.models import (
    AuditLog,
    Meeting,
    MeetingStatus,
    OutboxMail,
    SignUp,
    User,
    WindowStatus,
)

from .support import POSTGRES_URL, brussels
from .test_programme_pages import counted_statements


@pytest.fixture
def head_of_post(attending, event):
    """head_of_post(**values): a diplomat attending every day who accepts requests."""

    def head_of_post(accepts=True, **values) -> User:
        registration = attending(**values)
        registration.accepts_meetings = accepts
        db.session.commit()
        return registration.user

    return head_of_post


@pytest.fixture
def ask(app):
    """ask(partner, diplomat, *windows, subject=...): a request, made in a request
    context (for the mail's link)."""

    def ask(partner, diplomat, *windows, subject="Port of Antwerp investment", note=""):
        with app.test_request_context():
            return services.request_meeting(
                partner, diplomat, subject=subject, note=note, windows=list(windows)
            )

    return ask


def mails_to(user, kind=None):
    statement = select(OutboxMail).where(OutboxMail.recipient == user.email)
    if kind:
        statement = statement.where(OutboxMail.kind == kind)
    return db.session.scalars(statement.order_by(OutboxMail.id)).all()


def accepted_between(partner, diplomat, window, hour, minute=0, table=1):
    """An accepted meeting, written directly (the state another step left)."""
    starts_at = brussels(4, hour, minute)
    meeting = Meeting(
        event_id=window.event_id,
        partner_id=partner.id,
        diplomat_id=diplomat.id,
        status=MeetingStatus.ACCEPTED,
        subject="Earlier",
        window_id=window.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=window.meeting_minutes),
        table_number=table,
    )
    db.session.add(meeting)
    db.session.commit()
    return meeting


# -- request_meeting's refusals --------------------------------------------------------


def test_request_to_a_head_of_post_who_did_not_opt_in_is_refused(
    partner, head_of_post, create_window, ask
):
    diplomat = head_of_post(accepts=False)
    with pytest.raises(MeetingRefused, match="does not accept meeting requests"):
        ask(partner, diplomat, create_window())
    assert db.session.scalars(select(Meeting)).all() == []


@pytest.mark.parametrize("status", [WindowStatus.DRAFT, WindowStatus.CLOSED])
def test_request_in_a_window_not_open_is_refused(partner, head_of_post, create_window, ask, status):
    with pytest.raises(MeetingRefused, match="not open for requests"):
        ask(partner, head_of_post(), create_window(status=status))
    assert db.session.scalars(select(Meeting)).all() == []


def test_request_on_a_day_the_head_of_post_does_not_attend_is_refused(
    partner, head_of_post, create_window, ask, event
):
    diplomat = head_of_post(days=[event.days[0]])  # Monday only; the window is Wednesday
    with pytest.raises(MeetingRefused, match="does not attend on"):
        ask(partner, diplomat, create_window())


def test_request_without_a_window_is_refused(partner, head_of_post, ask):
    with pytest.raises(MeetingRefused, match="at least one meeting window"):
        ask(partner, head_of_post())


def test_request_over_the_open_requests_limit_is_refused(
    partner, head_of_post, create_window, ask, event
):
    event.meeting_requests_per_partner = 2
    db.session.commit()
    window = create_window()
    ask(partner, head_of_post(), window)
    ask(partner, head_of_post(), window)
    with pytest.raises(MeetingRefused, match="2 open requests"):
        ask(partner, head_of_post(), window)
    assert len(db.session.scalars(select(Meeting)).all()) == 2


def test_declined_requests_no_longer_count_against_the_limit(
    partner, head_of_post, create_window, ask, event, app
):
    event.meeting_requests_per_partner = 1
    db.session.commit()
    window = create_window()
    first = head_of_post()
    meeting = ask(partner, first, window)
    with app.test_request_context():
        services.decline(meeting, by=first)
    ask(partner, head_of_post(), window)


def test_a_duplicate_request_to_the_same_person_is_refused(
    partner, head_of_post, create_window, ask
):
    diplomat, window = head_of_post(), create_window()
    ask(partner, diplomat, window)
    with pytest.raises(MeetingRefused, match="already an open request"):
        ask(partner, diplomat, window)
    assert len(db.session.scalars(select(Meeting)).all()) == 1


def test_a_duplicate_slipping_past_the_check_is_stopped_by_the_index(
    partner, head_of_post, create_window, ask, monkeypatch
):
    diplomat, window = head_of_post(), create_window()
    ask(partner, diplomat, window)
    # As a concurrent request would: the check saw nothing, the index decides.
    monkeypatch.setattr(services, "_open_pair", lambda partner, diplomat: None)
    with pytest.raises(MeetingRefused, match="already an open request"):
        ask(partner, diplomat, window)
    assert len(db.session.scalars(select(Meeting)).all()) == 1


def test_a_request_mails_the_head_of_post_in_their_language(
    partner, head_of_post, create_window, ask
):
    diplomat = head_of_post(language="fr")
    meeting = ask(partner, diplomat, create_window(), subject="<script>x</script>")
    [mail] = mails_to(diplomat, "meeting_requested")
    assert mail.language == "fr"
    assert f"/meetings/{meeting.id}" in mail.body
    assert mails_to(partner) == []
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "meeting.request"))


# -- offered slots ---------------------------------------------------------------------


def starts(slots):
    return [(slot.starts_at, slot.tables) for slot in slots]


def test_offered_slots_are_the_windows_slots_with_their_free_tables(
    partner, head_of_post, create_window, ask
):
    window = create_window()
    meeting = ask(partner, head_of_post(), window)
    assert starts(offered_slots(meeting)) == [
        (brussels(4, 14), (1, 2, 3)),
        (brussels(4, 14, 25), (1, 2, 3)),
    ]


def test_offered_slots_leave_out_a_session_meant_for_the_head_of_post(
    partner, head_of_post, create_window, ask, create_session
):
    window = create_window()
    meeting = ask(partner, head_of_post(), window)
    create_session(starts_at=brussels(4, 13, 30), ends_at=brussels(4, 14, 10))
    assert starts(offered_slots(meeting)) == [(brussels(4, 14, 25), (1, 2, 3))]


def test_offered_slots_leave_out_a_session_the_head_of_post_signed_up_for(
    partner, head_of_post, create_window, ask, create_session
):
    diplomat, window = head_of_post(), create_window()
    meeting = ask(partner, diplomat, window)
    breakout = create_session(
        title="Breakout",
        starts_at=brussels(4, 14, 30),
        ends_at=brussels(4, 15, 30),
        signup_required=True,
        capacity=10,
    )
    assert len(offered_slots(meeting)) == 2  # not signed up: not on their agenda
    db.session.add(SignUp(session_id=breakout.id, user_id=diplomat.id))
    db.session.commit()
    assert starts(offered_slots(meeting)) == [(brussels(4, 14), (1, 2, 3))]


def test_a_session_ending_when_a_slot_starts_only_touches_it(
    partner, head_of_post, create_window, ask, create_session
):
    meeting = ask(partner, head_of_post(), create_window())
    create_session(starts_at=brussels(4, 13), ends_at=brussels(4, 14))
    assert len(offered_slots(meeting)) == 2


def test_offered_slots_leave_out_the_partners_other_meetings(
    partner, head_of_post, create_window, ask
):
    window = create_window()
    meeting = ask(partner, head_of_post(), window)
    accepted_between(partner, head_of_post(), window, 14)
    assert starts(offered_slots(meeting)) == [(brussels(4, 14, 25), (1, 2, 3))]


def test_offered_slots_leave_out_the_head_of_posts_other_meetings(
    partner, head_of_post, create_window, ask, create_partner
):
    window, diplomat = create_window(), head_of_post()
    meeting = ask(partner, diplomat, window)
    accepted_between(
        create_partner(email="other@example.org", organisation_name="other@example.org"),
        diplomat,
        window,
        14,
        25,
    )
    assert starts(offered_slots(meeting)) == [(brussels(4, 14), (1, 2, 3))]


def test_offered_slots_leave_out_full_tables(
    partner, head_of_post, create_window, ask, create_partner
):
    window = create_window(tables=2)
    meeting = ask(partner, head_of_post(), window)
    other = create_partner(email="other@example.org", organisation_name="other@example.org")
    accepted_between(other, head_of_post(), window, 14, table=1)
    assert starts(offered_slots(meeting))[0] == (brussels(4, 14), (2,))
    accepted_between(
        create_partner(email="third@example.org", organisation_name="third@example.org"),
        head_of_post(),
        window,
        14,
        table=2,
    )
    assert starts(offered_slots(meeting)) == [(brussels(4, 14, 25), (1, 2))]


def test_offered_slots_respect_the_diplomats_meetings_per_day(
    partner, head_of_post, create_window, ask, create_partner, event
):
    event.meetings_per_diplomat_per_day = 1
    db.session.commit()
    window, diplomat = create_window(ends_at=brussels(4, 16)), head_of_post()
    meeting = ask(partner, diplomat, window)
    accepted_between(
        create_partner(email="other@example.org", organisation_name="other@example.org"),
        diplomat,
        window,
        15,
        15,
    )
    assert offered_slots(meeting) == []


def test_offered_slots_respect_the_partners_meetings_per_day(
    partner, head_of_post, create_window, ask, event
):
    event.meetings_per_partner_per_day = 1
    db.session.commit()
    window = create_window(ends_at=brussels(4, 16))
    meeting = ask(partner, head_of_post(), window)
    accepted_between(partner, head_of_post(), window, 15, 15)
    assert offered_slots(meeting) == []


def test_offered_slots_run_a_fixed_number_of_statements(
    partner, head_of_post, create_window, ask, create_partner, create_session
):
    window = create_window(ends_at=brussels(4, 18), tables=40)
    diplomat = head_of_post()
    meeting = ask(partner, diplomat, window, create_window(starts_at=brussels(4, 9)))
    create_session(starts_at=brussels(4, 9), ends_at=brussels(4, 10))
    db.session.expire_all()
    loaded = db.session.get(Meeting, meeting.id)
    with counted_statements() as few:
        offered_slots(loaded)
    for number in range(30):
        accepted_between(
            create_partner(
                email=f"p{number}@example.org", organisation_name=f"p{number}@example.org"
            ),
            head_of_post(),
            window,
            16,
            15,
            table=number + 1,
        )
    accepted_between(
        create_partner(email="mine@example.org", organisation_name="mine@example.org"),
        diplomat,
        window,
        14,
    )
    create_session(starts_at=brussels(4, 15), ends_at=brussels(4, 16))
    db.session.expire_all()
    loaded = db.session.get(Meeting, meeting.id)
    with counted_statements() as many:
        slots = offered_slots(loaded)
    assert len(many) == len(few) <= 8
    assert brussels(4, 14) not in [slot.starts_at for slot in slots]


# -- answers over HTTP -------------------------------------------------------------------


@pytest.fixture
def requested(partner, head_of_post, create_window, ask, event):
    """A partner (Dutch) asked a head of post (French) for a meeting on Wednesday."""
    partner.language = "nl"
    diplomat = head_of_post(language="fr", email="ambassador@example.org", last_name="Silva")
    window = create_window()
    meeting = ask(partner, diplomat, window)
    db.session.execute(db.delete(OutboxMail))
    db.session.commit()
    return meeting


def test_a_partner_requests_a_meeting_through_the_page(
    client, login, partner, head_of_post, create_window
):
    diplomat = head_of_post(language="fr")
    window = create_window()
    login(partner)
    page = client.get(f"/partner/directory/{diplomat.id}/request")
    assert page.status_code == 200
    response = client.post(
        f"/partner/directory/{diplomat.id}/request",
        data={"subject": "Offshore wind", "note": "", "windows": [str(window.id)]},
    )
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting))
    assert (meeting.status, meeting.subject) == (MeetingStatus.REQUESTED, "Offshore wind")
    assert [mail.language for mail in mails_to(diplomat, "meeting_requested")] == ["fr"]


def test_a_refused_request_says_why_on_the_page(
    client, login, partner, head_of_post, create_window
):
    diplomat = head_of_post(accepts=False)
    window = create_window()
    login(partner)
    response = client.post(
        f"/partner/directory/{diplomat.id}/request",
        data={"subject": "Offshore wind", "windows": [str(window.id)]},
    )
    assert response.status_code == 200
    assert "does not accept meeting requests" in response.get_data(as_text=True)
    assert db.session.scalar(select(Meeting)) is None


def test_the_head_of_post_sees_the_request_on_their_agenda(client, login, requested):
    login(requested.diplomat)
    page = client.get("/agenda").get_data(as_text=True)
    assert f'href="/meetings/{requested.id}"' in page
    page = client.get(f"/meetings/{requested.id}").get_data(as_text=True)
    assert requested.subject in page
    assert slot_key(requested.requested_windows[0].id, brussels(4, 14, 25)) in page


def test_the_head_of_post_accepts_a_slot_and_the_partner_is_mailed_in_their_language(
    client, login, requested
):
    login(requested.diplomat)
    key = slot_key(requested.requested_windows[0].id, brussels(4, 14, 25))
    response = client.post(f"/meetings/{requested.id}/accept", data={"slot": key})
    assert response.status_code == 302
    db.session.refresh(requested)
    assert requested.status == MeetingStatus.ACCEPTED
    assert (requested.starts_at, requested.table_number) == (brussels(4, 14, 25), 1)
    [mail] = mails_to(requested.partner, "meeting_accepted")
    assert mail.language == "nl"
    assert mails_to(requested.diplomat) == []


def test_the_head_of_post_accepts_leaving_the_time_to_the_organizers(client, login, requested):
    login(requested.diplomat)
    client.post(f"/meetings/{requested.id}/accept", data={"slot": "any"})
    db.session.refresh(requested)
    assert (requested.status, requested.starts_at) == (MeetingStatus.ACCEPTED, None)
    [mail] = mails_to(requested.partner, "meeting_accepted")
    assert mail.language == "nl"


def test_the_head_of_post_declines_with_a_message(client, login, requested):
    login(requested.diplomat)
    assert client.get(f"/meetings/{requested.id}/decline").status_code == 200
    client.post(f"/meetings/{requested.id}/decline", data={"message": "Not this year"})
    db.session.refresh(requested)
    assert (requested.status, requested.answer_message) == (
        MeetingStatus.DECLINED,
        "Not this year",
    )
    [mail] = mails_to(requested.partner, "meeting_declined")
    assert mail.language == "nl" and "Not this year" in mail.body


def test_a_proposal_accepted_by_the_partner_takes_the_first_free_slot(
    client, login, requested, create_window, app
):
    other = create_window(starts_at=brussels(4, 16), ends_at=brussels(4, 17))
    login(requested.diplomat)
    assert client.get(f"/meetings/{requested.id}/propose").status_code == 200
    client.post(f"/meetings/{requested.id}/propose", data={"window": str(other.id)})
    db.session.refresh(requested)
    assert (requested.status, requested.proposed_window_id) == (MeetingStatus.PROPOSED, other.id)
    assert [mail.language for mail in mails_to(requested.partner, "meeting_proposed")] == ["nl"]
    client.post("/logout")
    login(requested.partner)
    assert client.get(f"/partner/meetings/{requested.id}/accept-proposal").status_code == 200
    client.post(f"/partner/meetings/{requested.id}/accept-proposal")
    db.session.refresh(requested)
    assert requested.status == MeetingStatus.ACCEPTED
    assert (requested.window_id, requested.starts_at) == (other.id, brussels(4, 16))
    assert [mail.language for mail in mails_to(requested.diplomat, "meeting_accepted")] == ["fr"]


def test_the_partner_withdraws_a_request(client, login, requested):
    login(requested.partner)
    assert client.get(f"/partner/meetings/{requested.id}/withdraw").status_code == 200
    client.post(f"/partner/meetings/{requested.id}/withdraw")
    db.session.refresh(requested)
    assert requested.status == MeetingStatus.WITHDRAWN
    assert [mail.language for mail in mails_to(requested.diplomat, "meeting_withdrawn")] == ["fr"]


def accept_now(app, meeting, minute=0):
    with app.test_request_context():
        services.accept(
            meeting,
            window=meeting.requested_windows[0],
            starts_at=brussels(4, 14, minute),
            by=meeting.diplomat,
        )
    db.session.execute(db.delete(OutboxMail))
    db.session.commit()


def test_the_partner_cancels_an_accepted_meeting_which_is_kept(client, login, requested, app):
    accept_now(app, requested)
    login(requested.partner)
    assert client.get(f"/partner/meetings/{requested.id}/cancel").status_code == 200
    client.post(f"/partner/meetings/{requested.id}/cancel", data={"reason": "Flight cancelled"})
    db.session.refresh(requested)
    assert requested.status == MeetingStatus.CANCELLED
    assert (requested.starts_at, requested.table_number, requested.sequence) == (
        brussels(4, 14),
        1,
        1,
    )
    [mail] = mails_to(requested.diplomat, "meeting_cancelled")
    assert mail.language == "fr" and "Flight cancelled" in mail.body
    assert mails_to(requested.partner) == []


def test_the_head_of_post_cancels_and_the_partner_is_told(client, login, requested, app):
    accept_now(app, requested)
    login(requested.diplomat)
    client.post(f"/meetings/{requested.id}/cancel", data={"reason": "Called home"})
    db.session.refresh(requested)
    assert requested.status == MeetingStatus.CANCELLED
    assert [mail.language for mail in mails_to(requested.partner, "meeting_cancelled")] == ["nl"]


def test_labels_take_a_space_before_the_colon_in_french(client, login, requested, app):
    """'Objet : …' on the French agenda and in the French mail (French typography)."""
    accept_now(app, requested)
    requested.partner.language = "fr"
    db.session.commit()
    login(requested.partner)
    page = client.get("/partner/agenda").get_data(as_text=True)
    assert f"Objet : {requested.subject}" in page and "Objet:" not in page
    client.post(f"/partner/meetings/{requested.id}/cancel", data={"reason": "Flight cancelled"})
    [mail] = mails_to(requested.diplomat, "meeting_cancelled")
    assert f"Objet : {requested.subject}" in mail.body and "Objet:" not in mail.body


def test_a_cancellation_needs_a_reason(client, login, requested, app):
    accept_now(app, requested)
    login(requested.diplomat)
    response = client.post(f"/meetings/{requested.id}/cancel", data={"reason": ""})
    assert response.status_code == 200
    db.session.refresh(requested)
    assert requested.status == MeetingStatus.ACCEPTED


def test_another_partners_meeting_answers_404(client, login, requested, create_partner):
    login(create_partner(email="rival@example.org", organisation_name="rival@example.org"))
    for action in ("accept-proposal", "withdraw", "cancel"):
        assert client.get(f"/partner/meetings/{requested.id}/{action}").status_code == 404
        assert client.post(f"/partner/meetings/{requested.id}/{action}").status_code == 404
    db.session.refresh(requested)
    assert requested.status == MeetingStatus.REQUESTED


def test_another_diplomats_meeting_answers_404(client, login, requested, head_of_post):
    login(head_of_post())
    assert client.get(f"/meetings/{requested.id}").status_code == 404
    assert client.post(f"/meetings/{requested.id}/decline", data={}).status_code == 404


def test_a_slot_taken_a_moment_ago_gets_a_clear_message_and_nothing_is_saved(
    client, login, requested, head_of_post, create_partner, ask, app
):
    window = requested.requested_windows[0]
    window.tables = 1
    requested.diplomat.language = "en"  # the message read below, in English
    db.session.commit()
    login(requested.diplomat)
    key = slot_key(window.id, brussels(4, 14))
    assert key in client.get(f"/meetings/{requested.id}").get_data(as_text=True)
    # Meanwhile another head of post takes the only table at 14:00.
    rival = ask(
        create_partner(email="rival@example.org", organisation_name="rival@example.org"),
        head_of_post(),
        window,
    )
    accept_now(app, rival)
    response = client.post(f"/meetings/{requested.id}/accept", data={"slot": key})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "No table is free at 14:00 any more." in page
    db.session.refresh(requested)
    assert (requested.status, requested.starts_at) == (MeetingStatus.REQUESTED, None)
    assert mails_to(requested.partner) == []


def test_a_chosen_table_taken_names_it(requested, head_of_post, create_partner, ask, app):
    window = requested.requested_windows[0]
    rival = ask(
        create_partner(email="rival@example.org", organisation_name="rival@example.org"),
        head_of_post(),
        window,
    )
    accept_now(app, rival)
    with app.test_request_context(), pytest.raises(MeetingConflict, match="Table 1 at 14:00"):
        services.accept(
            requested, window=window, starts_at=brussels(4, 14), table=1, by=requested.diplomat
        )


def test_the_partners_other_meeting_is_named_to_the_head_of_post(requested, head_of_post, ask, app):
    window = requested.requested_windows[0]
    other = ask(requested.partner, head_of_post(), window)
    accept_now(app, other)
    with app.test_request_context(), pytest.raises(MeetingConflict, match="already has a meeting"):
        services.accept(requested, window=window, starts_at=brussels(4, 14), by=requested.diplomat)


# -- organizers --------------------------------------------------------------------------


def test_an_organizer_moves_a_meeting_raising_its_sequence(
    client, login, organizer, requested, app
):
    accept_now(app, requested)
    login(organizer)
    assert client.get(f"/organizer/meetings/{requested.id}").status_code == 200
    key = slot_key(requested.window_id, brussels(4, 14, 25))
    response = client.post(f"/organizer/meetings/{requested.id}/place", data={"slot": key})
    assert response.status_code == 302
    db.session.refresh(requested)
    assert (requested.starts_at, requested.sequence) == (brussels(4, 14, 25), 1)
    assert [m.language for m in mails_to(requested.partner, "meeting_moved")] == ["nl"]
    assert [m.language for m in mails_to(requested.diplomat, "meeting_moved")] == ["fr"]
    assert db.session.scalar(
        select(AuditLog).where(
            AuditLog.action == "meeting.place", AuditLog.actor_id == organizer.id
        )
    )


def test_an_organizer_books_a_meeting_on_both_peoples_behalf(
    client, login, organizer, partner, head_of_post, create_window
):
    diplomat, window = head_of_post(accepts=False), create_window()
    login(organizer)
    assert client.get("/organizer/meetings/book").status_code == 200
    response = client.post(
        "/organizer/meetings/book",
        data={
            "partner": str(partner.id),
            "diplomat": str(diplomat.id),
            "subject": "Agreed by phone",
            "slot": slot_key(window.id, brussels(4, 14)),
            "table": "2",
        },
    )
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting))
    assert (meeting.status, meeting.table_number) == (MeetingStatus.ACCEPTED, 2)
    assert len(mails_to(partner, "meeting_accepted")) == len(mails_to(diplomat)) == 1


def test_an_organizer_cancels_and_both_are_told(client, login, organizer, requested, app):
    accept_now(app, requested)
    login(organizer)
    assert client.get(f"/organizer/meetings/{requested.id}/cancel").status_code == 200
    client.post(f"/organizer/meetings/{requested.id}/cancel", data={"reason": "Room closed"})
    db.session.refresh(requested)
    assert (requested.status, requested.cancelled_by_id) == (MeetingStatus.CANCELLED, organizer.id)
    assert len(mails_to(requested.partner, "meeting_cancelled")) == 1
    assert len(mails_to(requested.diplomat, "meeting_cancelled")) == 1


# -- no double booking under concurrency (PostgreSQL) -------------------------------------


def race(app, steps):
    """Run each step (a function of no argument, in its own app context and database
    session) at the same moment; return (results, errors)."""
    barrier = threading.Barrier(len(steps))
    results, errors = [], []

    def run(step):
        with app.app_context(), app.test_request_context():
            try:
                barrier.wait(timeout=30)
                results.append(step())
            except services.MeetingError as error:
                errors.append(error)
            except Exception as error:  # noqa: BLE001
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def accepting(meeting_id, window_id, starts_at):
    def step():
        meeting = db.session.get(Meeting, meeting_id)
        window = meeting.requested_windows[0]
        assert window.id == window_id
        return services.accept(meeting, window=window, starts_at=starts_at, by=meeting.diplomat)

    return step


@pytest.mark.skipif(
    POSTGRES_URL is None,
    reason="tests the window and people row locks (SELECT ... FOR UPDATE): SQLite has none, "
    "it lets one writer in at a time, which the slot-taken tests of this file cover",
)
def test_two_heads_of_post_accepting_the_last_table_at_once_make_one_meeting(
    app, head_of_post, create_partner, create_window, ask
):
    window = create_window(tables=1)
    meetings = [
        ask(
            create_partner(
                email=f"p{number}@example.org", organisation_name=f"p{number}@example.org"
            ),
            head_of_post(),
            window,
        )
        for number in range(2)
    ]
    ids, window_id = [meeting.id for meeting in meetings], window.id
    db.session.remove()
    results, errors = race(app, [accepting(id_, window_id, brussels(4, 14)) for id_ in ids])
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], MeetingConflict)
    assert "14:00" in str(errors[0])
    statuses = db.session.scalars(select(Meeting.status).order_by(Meeting.id)).all()
    assert sorted(statuses) == sorted([MeetingStatus.ACCEPTED, MeetingStatus.REQUESTED])


@pytest.mark.skipif(
    POSTGRES_URL is None,
    reason="tests the window and people row locks (SELECT ... FOR UPDATE): SQLite has none, "
    "it lets one writer in at a time, which the slot-taken tests of this file cover",
)
def test_one_partners_two_requests_accepted_for_the_same_slot_make_one_meeting(
    app, head_of_post, partner, create_window, ask
):
    window = create_window(tables=3)
    meetings = [ask(partner, head_of_post(), window) for _ in range(2)]
    ids, window_id = [meeting.id for meeting in meetings], window.id
    db.session.remove()
    results, errors = race(app, [accepting(id_, window_id, brussels(4, 14)) for id_ in ids])
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], MeetingConflict)
    assert "already has a meeting at 14:00" in str(errors[0])
    accepted = db.session.scalars(
        select(Meeting).where(Meeting.status == MeetingStatus.ACCEPTED)
    ).all()
    assert len(accepted) == 1
