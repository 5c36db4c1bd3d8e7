"""Organizers keep the rooms, organisations and speakers that sessions draw on."""

import re
import threading
from datetime import date

import pytest
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import (
    AuditLog,
    Event,
    Organisation,
    OrganisationKind,
    Room,
    SessionChange,
    SessionStatus,
    Speaker,
    User,
)
from eventapp.programme import catalogue

from .support import brussels

CATALOGUE_PAGES = [
    "/organizer/rooms",
    "/organizer/rooms/new",
    "/organizer/organisations",
    "/organizer/organisations/new",
    "/organizer/speakers",
    "/organizer/speakers/new",
]


@pytest.fixture
def as_organizer(client, organizer, login):
    login(organizer)
    return client


def page(response) -> str:
    return response.get_data(as_text=True)


def table_of(response) -> str:
    """The page with the blanks between tags and the cells' attributes (the column names
    a phone shows) removed, to read a table row as one string."""
    return re.sub(r"<td [^>]*>", "<td>", re.sub(r">\s+<", "><", page(response)))


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def last_audit() -> AuditLog:
    return db.session.scalar(select(AuditLog).order_by(AuditLog.id.desc()).limit(1))


def room_named(name):
    return db.session.scalar(select(Room).where(Room.name == name))


@pytest.fixture
def other_event(create_event):
    return create_event(slug="dcd-2025", first_day=date(2025, 2, 3), last_day=date(2025, 2, 7))


# Who may enter


@pytest.mark.parametrize("url", CATALOGUE_PAGES)
def test_anonymous_visitor_is_sent_to_login(client, event, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


@pytest.mark.parametrize("url", CATALOGUE_PAGES)
def test_diplomat_is_refused_the_catalogue_pages(client, event, diplomat, login, url):
    login(diplomat)
    assert client.get(url).status_code == 403


def test_diplomat_cannot_add_a_room(client, event, diplomat, login):
    login(diplomat)
    response = client.post("/organizer/rooms/new", data={"name": "Salon Bleu", "capacity": "40"})
    assert response.status_code == 403
    assert room_named("Salon Bleu") is None


# Every kind alike


@pytest.fixture
def create_record(create_room, create_organisation, create_speaker):
    builders = {"room": create_room, "organisation": create_organisation, "speaker": create_speaker}
    return lambda kind, name: builders[kind](name=name)


@pytest.mark.parametrize(
    ("kind", "invitation"),
    [
        ("room", "No rooms yet — add the first room"),
        ("organisation", "No organisations yet — add the first organisation"),
        ("speaker", "No speakers yet — add the first speaker"),
    ],
)
def test_empty_list_invites_to_add_the_first(as_organizer, event, kind, invitation):
    text = page(as_organizer.get(f"/organizer/{kind}s"))
    assert invitation in text
    assert f'href="/organizer/{kind}s/new"' in text


@pytest.mark.parametrize("kind", ["room", "organisation", "speaker"])
def test_unused_record_is_deleted_after_the_confirmation_page(as_organizer, create_record, kind):
    record = create_record(kind, "Unused")
    model, url = type(record), f"/organizer/{kind}s/{record.id}/delete"
    confirmation = page(as_organizer.get(url))
    assert "Delete “Unused”?" in confirmation and "Yes, delete it" in confirmation
    assert db.session.query(model).count() == 1
    response = as_organizer.post(url, follow_redirects=True)
    assert "“Unused” deleted." in page(response)
    assert db.session.query(model).count() == 0
    assert (last_audit().action, last_audit().details) == (f"{kind}.delete", {"name": "Unused"})


# Rooms: list


def test_room_list_shows_each_room_with_its_number_of_sessions(
    as_organizer, create_room, create_session
):
    salon = create_room(name="Salon Bleu", capacity=40)
    create_room(name="Salle des Glaces", capacity=300)
    create_session(title="Opening plenary", room=salon)
    create_session(title="Lunch", room=salon, starts_at=brussels(2, 12), ends_at=brussels(2, 13))
    text = table_of(as_organizer.get("/organizer/rooms"))
    assert "<td>Salon Bleu</td><td>40</td><td>2</td>" in text
    assert "<td>Salle des Glaces</td><td>300</td><td>0</td>" in text


def test_room_list_costs_the_same_queries_however_many_rooms(
    app, as_organizer, create_room, create_session
):
    def queries_for_the_list():
        statements = []

        def count(*args):
            statements.append(args[2])

        sqlalchemy_event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert as_organizer.get("/organizer/rooms").status_code == 200
        finally:
            sqlalchemy_event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    room = create_room(name="Room 1")
    create_session(room=room)
    with_one = queries_for_the_list()
    for number in range(2, 8):
        create_room(name=f"Room {number}")
    assert queries_for_the_list() == with_one


# Rooms: create


def test_organizer_adds_a_room(as_organizer, event):
    response = as_organizer.post(
        "/organizer/rooms/new", data={"name": "  Salon Bleu ", "capacity": "40", "notes": ""}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/organizer/rooms")
    room = room_named("Salon Bleu")
    assert (room.capacity, room.event_id) == (40, event.id)
    assert last_audit().action == "room.create"
    assert last_audit().details == {"name": "Salon Bleu", "capacity": 40}


def test_room_name_already_used_in_the_event_is_a_form_error(as_organizer, create_room):
    create_room(name="Salon Bleu")
    response = as_organizer.post(
        "/organizer/rooms/new", data={"name": "Salon Bleu", "capacity": "10"}
    )
    assert response.status_code == 200
    assert "There is already a room called “Salon Bleu”." in page(response)
    assert db.session.query(Room).count() == 1


def test_room_names_differing_only_in_case_are_refused(as_organizer, create_room):
    create_room(name="Salon Bleu")
    response = as_organizer.post(
        "/organizer/rooms/new", data={"name": "salon bleu", "capacity": "10"}
    )
    assert "There is already a room called “salon bleu”." in page(response)


def test_the_same_room_name_is_free_in_another_event(as_organizer, event, other_event):
    db.session.add(Room(event_id=other_event.id, name="Salon Bleu", capacity=40))
    db.session.commit()
    response = as_organizer.post(
        "/organizer/rooms/new", data={"name": "Salon Bleu", "capacity": "10"}
    )
    assert response.status_code == 302


def test_duplicate_name_caught_only_by_the_database_is_still_a_form_error(
    as_organizer, create_room, monkeypatch
):
    # Another organizer's commit can land between the name check and ours: without the
    # check, the unique constraint must still turn into the same clear message.
    create_room(name="Salon Bleu")
    monkeypatch.setattr(catalogue, "_check_name", lambda record, name: None)
    response = as_organizer.post(
        "/organizer/rooms/new", data={"name": "Salon Bleu", "capacity": "10"}
    )
    assert response.status_code == 200
    assert "There is already a room called “Salon Bleu”." in page(response)


def test_room_name_longer_than_120_characters_is_a_form_error(as_organizer, event):
    response = as_organizer.post("/organizer/rooms/new", data={"name": "x" * 121, "capacity": "10"})
    assert response.status_code == 200
    assert "At most 120 characters." in page(response)
    assert db.session.query(Room).count() == 0


def test_room_needs_a_name(as_organizer, event):
    response = as_organizer.post("/organizer/rooms/new", data={"name": "   ", "capacity": "10"})
    assert "Give it a name." in page(response)
    assert db.session.query(Room).count() == 0


@pytest.mark.parametrize(
    ("capacity", "message"),
    [
        ("-1", "Between 0 and 100,000 places."),
        ("100001", "Between 0 and 100,000 places."),
        ("many", "Not a valid integer value."),
        ("", "Give the number of places, e.g. 120."),
    ],
)
def test_room_capacity_must_be_a_number_of_places(as_organizer, event, capacity, message):
    response = as_organizer.post(
        "/organizer/rooms/new", data={"name": "Salon", "capacity": capacity}
    )
    assert response.status_code == 200
    assert message in page(response)
    assert db.session.query(Room).count() == 0


def test_a_room_may_have_no_places(as_organizer, event):
    response = as_organizer.post("/organizer/rooms/new", data={"name": "Storage", "capacity": "0"})
    assert response.status_code == 302


# Rooms: edit


def test_edit_form_shows_the_room(as_organizer, create_room):
    room = create_room(name="Salon Bleu", capacity=40, notes="Second floor")
    text = page(as_organizer.get(f"/organizer/rooms/{room.id}/edit"))
    assert 'value="Salon Bleu"' in text and 'value="40"' in text and "Second floor" in text


def test_organizer_edits_a_room_and_the_audit_log_keeps_old_and_new(as_organizer, create_room):
    room = create_room(name="Salon Bleu", capacity=40)
    response = as_organizer.post(
        f"/organizer/rooms/{room.id}/edit", data={"name": "Salon Bleu", "capacity": "60"}
    )
    assert response.status_code == 302
    db.session.refresh(room)
    assert room.capacity == 60
    entry = last_audit()
    assert entry.action == "room.update"
    assert entry.details["changed"] == {"capacity": {"old": 40, "new": 60}}


def test_renaming_a_room_to_another_rooms_name_is_a_form_error(as_organizer, create_room):
    create_room(name="Salle des Glaces")
    room = create_room(name="Salon Bleu")
    response = as_organizer.post(
        f"/organizer/rooms/{room.id}/edit", data={"name": "Salle des Glaces", "capacity": "40"}
    )
    assert "There is already a room called “Salle des Glaces”." in page(response)
    db.session.refresh(room)
    assert room.name == "Salon Bleu"


def test_room_capacity_cannot_drop_below_a_session_held_in_it(
    as_organizer, create_room, create_session
):
    room = create_room(name="Salon Bleu", capacity=100)
    create_session(title="Opening plenary", room=room, capacity=80)
    response = as_organizer.post(
        f"/organizer/rooms/{room.id}/edit", data={"name": "Salon Bleu", "capacity": "50"}
    )
    assert response.status_code == 200
    assert "“Opening plenary” (Mon 2 Feb, 09:30) with 80 places" in page(response)
    db.session.refresh(room)
    assert room.capacity == 100


def test_cancelled_session_does_not_hold_the_room_capacity(
    as_organizer, create_room, create_session
):
    room = create_room(name="Salon Bleu", capacity=100)
    create_session(room=room, capacity=80, status=SessionStatus.CANCELLED)
    response = as_organizer.post(
        f"/organizer/rooms/{room.id}/edit", data={"name": "Salon Bleu", "capacity": "50"}
    )
    assert response.status_code == 302


def test_renaming_a_room_updates_the_calendars_of_its_published_sessions(
    as_organizer, create_room, create_session
):
    room = create_room(name="Salon Bleu")
    session = create_session(title="Meeting with the Prime Minister", room=room)
    response = as_organizer.post(
        f"/organizer/rooms/{room.id}/edit", data={"name": "Salon Rubens", "capacity": "100"}
    )
    assert response.status_code == 302
    db.session.refresh(session)
    assert session.sequence == 1
    change = db.session.scalar(select(SessionChange))
    assert change.fields == {"room": {"old": "Salon Bleu", "new": "Salon Rubens"}}
    text = page(as_organizer.get("/changes"))
    assert "Meeting with the Prime Minister" in text
    assert "Salon Bleu" in text and "Salon Rubens" in text


def test_renaming_a_room_leaves_its_drafts_unversioned(as_organizer, create_room, create_session):
    room = create_room(name="Salon Bleu")
    draft = create_session(room=room, status=SessionStatus.DRAFT)
    as_organizer.post(
        f"/organizer/rooms/{room.id}/edit", data={"name": "Salon Rubens", "capacity": "100"}
    )
    db.session.refresh(draft)
    assert draft.sequence == 0
    assert db.session.scalar(select(SessionChange)) is None


def test_changing_only_room_capacity_leaves_calendars_alone(
    as_organizer, create_room, create_session
):
    room = create_room(name="Salon Bleu", capacity=100)
    session = create_session(room=room)
    as_organizer.post(
        f"/organizer/rooms/{room.id}/edit", data={"name": "Salon Bleu", "capacity": "200"}
    )
    db.session.refresh(session)
    assert session.sequence == 0


def test_room_of_another_event_is_not_found(as_organizer, event, other_event):
    room = Room(event_id=other_event.id, name="Elsewhere", capacity=10)
    db.session.add(room)
    db.session.commit()
    assert as_organizer.get(f"/organizer/rooms/{room.id}/edit").status_code == 404
    assert as_organizer.post(f"/organizer/rooms/{room.id}/delete").status_code == 404
    assert db.session.get(Room, room.id) is not None


def test_unknown_room_is_not_found(as_organizer, event):
    assert as_organizer.get("/organizer/rooms/999/edit").status_code == 404
    assert as_organizer.get("/organizer/rooms/abc/edit").status_code == 404


# Rooms: delete


def test_room_in_use_is_not_deleted_and_its_sessions_are_named(
    as_organizer, create_room, create_session
):
    room = create_room(name="Salon Bleu")
    create_session(title="Opening plenary", room=room)
    create_session(title="Lunch", room=room, starts_at=brussels(3, 12), ends_at=brussels(3, 13))
    response = as_organizer.post(f"/organizer/rooms/{room.id}/delete", follow_redirects=True)
    assert (
        "Salon Bleu is used by 2 sessions: “Opening plenary” (Mon 2 Feb, 09:30), "
        "“Lunch” (Tue 3 Feb, 12:00)." in page(response)
    )
    assert db.session.get(Room, room.id) is not None
    assert "room.delete" not in actions()


def test_confirmation_page_of_a_room_in_use_says_where_instead_of_offering_to_delete(
    as_organizer, create_room, create_session
):
    room = create_room(name="Salon Bleu")
    create_session(title="Opening plenary", room=room)
    text = page(as_organizer.get(f"/organizer/rooms/{room.id}/delete"))
    assert "Salon Bleu is used by 1 session: “Opening plenary” (Mon 2 Feb, 09:30)." in text
    assert "Yes, delete it" not in text


# Organisations


def test_organisation_list_shows_sessions_partnered_and_speakers(
    as_organizer, create_organisation, create_speaker, create_session
):
    enabel = create_organisation(name="Enabel")
    create_speaker(name="Jean Van Wetter", organisation_id=enabel.id)
    create_session(organisations=[enabel])
    text = table_of(as_organizer.get("/organizer/organisations"))
    assert "<td>Enabel</td><td>—</td><td>Development agency</td><td>1</td><td>1</td>" in text


def test_organizer_adds_an_organisation(as_organizer, event):
    response = as_organizer.post(
        "/organizer/organisations/new",
        data={
            "name": "Belgian Investment Company",
            "short_name": "BIO",
            "kind": "development_finance",
        },
    )
    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation))
    assert (organisation.short_name, organisation.kind) == (
        "BIO",
        OrganisationKind.DEVELOPMENT_FINANCE,
    )
    assert last_audit().action == "organisation.create"


def test_unknown_organisation_kind_is_a_form_error(as_organizer, event):
    response = as_organizer.post(
        "/organizer/organisations/new", data={"name": "Enabel", "kind": "secret_service"}
    )
    assert response.status_code == 200
    assert "Not a valid choice" in page(response)


def test_organisation_name_already_used_is_a_form_error(as_organizer, create_organisation):
    create_organisation(name="Enabel")
    response = as_organizer.post(
        "/organizer/organisations/new", data={"name": "Enabel", "kind": "other"}
    )
    assert "There is already an organisation called “Enabel”." in page(response)


def test_short_name_longer_than_40_characters_is_a_form_error(as_organizer, event):
    response = as_organizer.post(
        "/organizer/organisations/new",
        data={"name": "Enabel", "short_name": "x" * 41, "kind": "other"},
    )
    assert "At most 40 characters." in page(response)


def test_organizer_edits_an_organisation(as_organizer, create_organisation):
    organisation = create_organisation(name="Enabel")
    as_organizer.post(
        f"/organizer/organisations/{organisation.id}/edit",
        data={"name": "Enabel", "short_name": "ENA", "kind": "federal_government"},
    )
    db.session.refresh(organisation)
    assert organisation.kind == OrganisationKind.FEDERAL_GOVERNMENT
    assert last_audit().details["changed"] == {
        "short_name": {"old": "", "new": "ENA"},
        "kind": {"old": "development_agency", "new": "federal_government"},
    }


def test_organisation_in_use_is_not_deleted_and_its_sessions_and_speakers_are_named(
    as_organizer, create_organisation, create_speaker, create_session
):
    enabel = create_organisation(name="Enabel")
    create_speaker(name="Jean Van Wetter", organisation_id=enabel.id)
    create_session(title="Development breakfast", organisations=[enabel])
    response = as_organizer.post(
        f"/organizer/organisations/{enabel.id}/delete", follow_redirects=True
    )
    assert (
        "Enabel is used by 1 session: “Development breakfast” (Mon 2 Feb, 09:30) "
        "and 1 speaker: Jean Van Wetter." in page(response)
    )
    assert db.session.get(Organisation, enabel.id) is not None


def test_speaker_list_shows_organisation_and_sessions(
    as_organizer, create_organisation, create_speaker, create_session
):
    enabel = create_organisation(name="Enabel", short_name="ENA")
    speaker = create_speaker(name="Jean Van Wetter", function="CEO", organisation_id=enabel.id)
    create_session(speakers=[speaker])
    text = table_of(as_organizer.get("/organizer/speakers"))
    assert "<td>Jean Van Wetter</td><td>CEO</td><td>ENA</td><td>1</td>" in text


def test_organizer_adds_a_speaker_of_an_organisation(as_organizer, create_organisation):
    enabel = create_organisation(name="Enabel")
    response = as_organizer.post(
        "/organizer/speakers/new",
        data={"name": "Jean Van Wetter", "function": "CEO", "organisation_id": str(enabel.id)},
    )
    assert response.status_code == 302
    speaker = db.session.scalar(select(Speaker))
    assert speaker.organisation == enabel
    assert last_audit().details == {
        "name": "Jean Van Wetter",
        "function": "CEO",
        "organisation": "Enabel",
    }


def test_speaker_may_belong_to_no_organisation(as_organizer, event):
    response = as_organizer.post(
        "/organizer/speakers/new", data={"name": "Guest", "organisation_id": ""}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Speaker)).organisation is None


def test_speaker_cannot_belong_to_another_events_organisation(as_organizer, event, other_event):
    elsewhere = Organisation(event_id=other_event.id, name="Elsewhere", kind="other")
    db.session.add(elsewhere)
    db.session.commit()
    response = as_organizer.post(
        "/organizer/speakers/new", data={"name": "Guest", "organisation_id": str(elsewhere.id)}
    )
    assert response.status_code == 200
    assert "Not a valid choice" in page(response)
    assert db.session.scalar(select(Speaker)) is None


def test_speaker_name_already_used_is_a_form_error(as_organizer, create_speaker):
    create_speaker(name="Maxime Prévot")
    response = as_organizer.post("/organizer/speakers/new", data={"name": "Maxime Prévot"})
    assert "There is already a speaker called “Maxime Prévot”." in page(response)


def test_renaming_a_speaker_updates_the_calendars_of_their_published_sessions(
    as_organizer, create_speaker, create_session
):
    speaker = create_speaker(name="The Prime Minister")
    session = create_session(title="Strategic orientations", speakers=[speaker])
    as_organizer.post(
        f"/organizer/speakers/{speaker.id}/edit",
        data={"name": "Bart De Wever", "function": "Prime Minister", "organisation_id": ""},
    )
    db.session.refresh(session)
    assert session.sequence == 1
    change = db.session.scalar(select(SessionChange))
    assert change.fields == {"speakers": {"old": "The Prime Minister", "new": "Bart De Wever"}}
    assert last_audit().details["calendars_updated"] == 1


def test_changing_a_speakers_function_leaves_calendars_alone(
    as_organizer, create_speaker, create_session
):
    speaker = create_speaker(name="Maxime Prévot", function="Minister")
    session = create_session(speakers=[speaker])
    as_organizer.post(
        f"/organizer/speakers/{speaker.id}/edit",
        data={"name": "Maxime Prévot", "function": "Deputy Prime Minister"},
    )
    db.session.refresh(session)
    assert session.sequence == 0
    assert db.session.get(Speaker, speaker.id).function == "Deputy Prime Minister"


def test_speaker_in_a_session_is_not_deleted_and_the_session_is_named(
    as_organizer, create_speaker, create_session
):
    speaker = create_speaker(name="Maxime Prévot")
    create_session(title="Strategic orientations", speakers=[speaker])
    response = as_organizer.post(f"/organizer/speakers/{speaker.id}/delete", follow_redirects=True)
    assert (
        "Maxime Prévot is used by 1 session: “Strategic orientations” (Mon 2 Feb, 09:30)."
        in page(response)
    )
    assert db.session.get(Speaker, speaker.id) is not None


def test_catalogue_only_lists_the_current_event(as_organizer, event, other_event):
    db.session.add(Speaker(event_id=other_event.id, name="Someone from 2025"))
    db.session.commit()
    assert "Someone from 2025" not in page(as_organizer.get("/organizer/speakers"))


# Two organizers at once


def test_two_organizers_adding_the_same_room_at_once_cannot_both_succeed(app, event, organizer):
    event_id, organizer_id = event.id, organizer.id
    barrier = threading.Barrier(2)
    outcomes = []

    def add_room():
        with app.app_context():
            this_event = db.session.get(Event, event_id)
            by = db.session.get(User, organizer_id)
            barrier.wait()
            try:
                catalogue.create_room(this_event, name="Salon Bleu", capacity=40, by=by)
                outcomes.append("saved")
            except catalogue.NameTaken:
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=add_room) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused", "saved"]
    assert db.session.query(Room).count() == 1
