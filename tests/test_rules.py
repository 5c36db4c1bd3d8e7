"""The programme rules of eventapp/programme/rules.py, each called directly at its boundaries.

The event runs Monday 2 to Friday 6 February 2026 (no daylight saving time in Brussels
then, so UTC+01:00). The form and the import go through the same rules
(tests/test_organizer_sessions.py, tests/test_exchange.py); here each rule is asked on
its own, one boundary per test.
"""

from datetime import UTC, date, timedelta, timezone

import pytest

from eventapp.extensions import db
from eventapp.models import (
    AudienceKind,
    DiplomatFunction,
    Organisation,
    OrganisationKind,
    Role,
    Room,
    SessionKind,
    SessionStatus,
    Speaker,
    SpeakerRole,
)
from eventapp.programme import rules
from eventapp.programme.services import Clash, SessionDetails, find_clashes
from eventapp.signups.services import PlacesTaken

from .support import brussels

MINUTE = timedelta(minutes=1)


def details(starts_at=None, ends_at=None, **values) -> SessionDetails:
    """What an organizer proposes: by default Monday 10:00–11:00, no room, no speaker."""
    return SessionDetails(
        kind=SessionKind.WORKSHOP,
        starts_at=starts_at or brussels(2, 10),
        ends_at=ends_at or brussels(2, 11),
        titles={"en": "Proposed session"},
        **values,
    )


@pytest.fixture
def room(create_room):
    return create_room(name="Salle des Glaces", capacity=40)


@pytest.fixture
def speaker(create_speaker):
    return create_speaker(name="Maxime Prévot")


@pytest.fixture
def other_event(create_event):
    return create_event(slug="dcd-2027", first_day=date(2027, 2, 1), last_day=date(2027, 2, 5))


def fields(clashes: list[Clash]) -> list[str | None]:
    return [clash.field for clash in clashes]


def speaking(speaker):
    return [(speaker.id, SpeakerRole.SPEAKER)]


# ends_after_start


def test_a_session_ending_a_minute_after_it_starts_ends_after_it_starts(event):
    proposed = details(brussels(2, 10), brussels(2, 10) + MINUTE)
    assert rules.ends_after_start(event, proposed) == []


def test_a_session_ending_when_it_starts_does_not_end_after_it_starts(event):
    clashes = rules.ends_after_start(event, details(brussels(2, 10), brussels(2, 10)))
    assert fields(clashes) == ["duration"]
    assert clashes[0].message == "The session must end after it starts."


def test_a_session_ending_before_it_starts_is_refused_for_that_alone(event, room):
    proposed = details(brussels(9, 11), brussels(9, 10), room_id=room.id, capacity=41)
    assert fields(find_clashes(event, proposed, None)) == ["duration"]


# within_the_week


def test_a_session_starting_at_midnight_on_the_first_day_is_within_the_week(event):
    assert rules.within_the_week(event, details(brussels(2, 0), brussels(2, 1))) == []


def test_a_session_starting_a_minute_before_the_first_day_is_outside_the_week(event):
    clashes = rules.within_the_week(event, details(brussels(2, 0) - MINUTE, brussels(2, 1)))
    assert fields(clashes) == ["day"]
    assert "2 February" in clashes[0].message
    assert "6 February 2026" in clashes[0].message


def test_a_session_ending_at_midnight_after_the_last_day_is_within_the_week(event):
    # 24:00 on Friday 6 February is 00:00 on Saturday 7.
    assert rules.within_the_week(event, details(brussels(6, 23), brussels(7, 0))) == []


def test_a_session_ending_a_minute_after_the_last_day_is_outside_the_week(event):
    proposed = details(brussels(6, 23), brussels(7, 0) + MINUTE)
    assert fields(rules.within_the_week(event, proposed)) == ["day"]


def test_a_first_day_start_written_in_another_utc_offset_is_within_the_week(event):
    # Monday 00:00 in Brussels is Sunday 18:00 in New York: the instant counts, not the
    # date it is written with.
    new_york = timezone(timedelta(hours=-5))
    starts_at = brussels(2, 0).astimezone(new_york)
    assert starts_at.date() == date(2026, 2, 1)
    assert rules.within_the_week(event, details(starts_at, brussels(2, 1))) == []


def test_a_start_before_the_week_written_in_another_utc_offset_is_outside_the_week(event):
    # Sunday 23:59 in Brussels is already Monday 07:59 in Tokyo.
    tokyo = timezone(timedelta(hours=9))
    starts_at = (brussels(2, 0) - MINUTE).astimezone(tokyo)
    assert starts_at.date() == date(2026, 2, 2)
    assert fields(rules.within_the_week(event, details(starts_at, brussels(2, 1)))) == ["day"]


# room_free


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [(brussels(2, 9), brussels(2, 10)), (brussels(2, 11), brussels(2, 12))],
    ids=["ending-when-it-starts", "starting-when-it-ends"],
)
def test_a_session_only_touching_another_leaves_the_room_free(
    event, room, create_session, starts_at, ends_at
):
    create_session(starts_at=brussels(2, 10), ends_at=brussels(2, 11), room=room)
    assert rules.room_free(event, details(starts_at, ends_at, room_id=room.id)) == []


def test_one_minute_of_overlap_finds_the_room_occupied(event, room, create_session):
    other = create_session(
        title="Opening plenary", starts_at=brussels(2, 9), ends_at=brussels(2, 10), room=room
    )
    proposed = details(brussels(2, 10) - MINUTE, brussels(2, 11), room_id=room.id)
    clashes = rules.room_free(event, proposed)
    assert fields(clashes) == ["room_id"]
    assert clashes[0].session == other
    assert "Salle des Glaces" in clashes[0].message
    assert "Opening plenary" in clashes[0].message


def test_a_cancelled_session_holds_no_room(event, room, create_session):
    create_session(status=SessionStatus.CANCELLED, room=room)
    proposed = details(brussels(2, 9, 30), brussels(2, 11), room_id=room.id)
    assert rules.room_free(event, proposed) == []


def test_a_session_in_another_room_leaves_the_room_free(event, room, create_room, create_session):
    create_session(room=create_room(name="Salle Arenberg"))
    proposed = details(brussels(2, 9, 30), brussels(2, 11), room_id=room.id)
    assert rules.room_free(event, proposed) == []


def test_the_session_being_edited_does_not_occupy_its_own_room(event, room, create_session):
    session = create_session(room=room)
    proposed = details(session.starts_at, session.ends_at, room_id=room.id)
    assert rules.room_free(event, proposed, session.id) == []


@pytest.mark.parametrize("offset", [-5, 0, 9])
def test_the_room_is_checked_on_instants_whatever_the_utc_offset(
    event, room, create_session, offset
):
    create_session(starts_at=brussels(2, 10), ends_at=brussels(2, 11), room=room)
    zone = timezone(timedelta(hours=offset))
    touching = details(brussels(2, 9).astimezone(zone), brussels(2, 10).astimezone(zone))
    touching.room_id = room.id
    overlapping = details(
        brussels(2, 9).astimezone(zone), (brussels(2, 10) + MINUTE).astimezone(zone)
    )
    overlapping.room_id = room.id
    assert rules.room_free(event, touching) == []
    assert fields(rules.room_free(event, overlapping)) == ["room_id"]


# speakers_free


def test_a_speaker_ending_one_session_when_the_next_starts_is_free(event, speaker, create_session):
    create_session(starts_at=brussels(2, 9), ends_at=brussels(2, 10), speakers=[speaker])
    proposed = details(brussels(2, 10), brussels(2, 11), speakers=speaking(speaker))
    assert rules.speakers_free(event, proposed) == []


def test_one_minute_of_overlap_finds_the_speaker_elsewhere(event, speaker, create_session):
    other = create_session(
        title="Opening plenary",
        starts_at=brussels(2, 9),
        ends_at=brussels(2, 10),
        speakers=[speaker],
    )
    proposed = details(brussels(2, 10) - MINUTE, brussels(2, 11), speakers=speaking(speaker))
    clashes = rules.speakers_free(event, proposed)
    assert fields(clashes) == ["speakers"]
    assert clashes[0].session == other
    assert "Maxime Prévot" in clashes[0].message
    assert "Opening plenary" in clashes[0].message


def test_a_cancelled_session_holds_no_speaker(event, speaker, create_session):
    create_session(status=SessionStatus.CANCELLED, speakers=[speaker])
    proposed = details(brussels(2, 9, 30), brussels(2, 11), speakers=speaking(speaker))
    assert rules.speakers_free(event, proposed) == []


def test_another_speakers_session_leaves_the_speaker_free(
    event, speaker, create_speaker, create_session
):
    create_session(speakers=[create_speaker(name="Bernard Quintin")])
    proposed = details(brussels(2, 9, 30), brussels(2, 11), speakers=speaking(speaker))
    assert rules.speakers_free(event, proposed) == []


def test_the_session_being_edited_does_not_hold_its_own_speaker(event, speaker, create_session):
    session = create_session(speakers=[speaker])
    proposed = details(session.starts_at, session.ends_at, speakers=speaking(speaker))
    assert rules.speakers_free(event, proposed, session.id) == []


# capacity_fits_room


def test_a_capacity_equal_to_the_rooms_fits(event, room):
    assert rules.capacity_fits_room(event, details(room_id=room.id, capacity=40)) == []


def test_a_capacity_one_above_the_rooms_does_not_fit(event, room):
    clashes = rules.capacity_fits_room(event, details(room_id=room.id, capacity=41))
    assert fields(clashes) == ["capacity"]
    assert clashes[0].message == "Capacity 41 is more than Salle des Glaces holds (40)."


def test_a_session_without_a_capacity_fits_its_room(event, room):
    assert rules.capacity_fits_room(event, details(room_id=room.id, capacity=None)) == []


def test_a_capacity_without_a_room_is_not_limited_by_one(event):
    assert rules.capacity_fits_room(event, details(capacity=5000)) == []


# parallel_group_overlaps


def test_parallel_sessions_overlapping_by_a_minute_overlap(event, create_session):
    create_session(starts_at=brussels(2, 9), ends_at=brussels(2, 10), parallel_group="Track")
    proposed = details(brussels(2, 10) - MINUTE, brussels(2, 11), parallel_group="Track")
    assert rules.parallel_group_overlaps(event, proposed) == []


def test_parallel_sessions_that_only_touch_do_not_overlap(event, create_session):
    other = create_session(
        title="Morning track",
        starts_at=brussels(2, 9),
        ends_at=brussels(2, 10),
        parallel_group="Track",
    )
    proposed = details(brussels(2, 10), brussels(2, 11), parallel_group="Track")
    clashes = rules.parallel_group_overlaps(event, proposed)
    assert fields(clashes) == ["parallel_group"]
    assert clashes[0].session == other
    assert "Track" in clashes[0].message
    assert "Morning track" in clashes[0].message


def test_a_cancelled_session_is_no_longer_in_its_parallel_group(event, create_session):
    create_session(
        status=SessionStatus.CANCELLED,
        starts_at=brussels(3, 9),
        ends_at=brussels(3, 10),
        parallel_group="Track",
    )
    assert rules.parallel_group_overlaps(event, details(parallel_group="Track")) == []


def test_the_session_being_edited_does_not_count_in_its_own_parallel_group(event, create_session):
    session = create_session(parallel_group="Track")
    proposed = details(brussels(3, 9), brussels(3, 10), parallel_group="Track")
    assert rules.parallel_group_overlaps(event, proposed, session.id) == []


def test_a_parallel_group_is_named_without_surrounding_blanks(event, create_session):
    create_session(starts_at=brussels(3, 9), ends_at=brussels(3, 10), parallel_group="Track")
    proposed = details(parallel_group="  Track ")
    assert fields(rules.parallel_group_overlaps(event, proposed)) == ["parallel_group"]


def test_a_session_of_another_group_does_not_count(event, create_session):
    create_session(starts_at=brussels(3, 9), ends_at=brussels(3, 10), parallel_group="Other")
    assert rules.parallel_group_overlaps(event, details(parallel_group="Track")) == []


# capacity_holds_places, signup_off_needs_no_signups: against the places already taken


def test_a_capacity_equal_to_the_places_taken_holds_them(app):
    proposed = details(capacity=3, signup_required=True)
    assert rules.capacity_holds_places(proposed, PlacesTaken(confirmed=3, waiting=2)) == []


def test_a_capacity_one_below_the_places_taken_does_not_hold_them(app):
    proposed = details(capacity=2, signup_required=True)
    clashes = rules.capacity_holds_places(proposed, PlacesTaken(confirmed=3, waiting=0))
    assert fields(clashes) == ["capacity"]
    assert clashes[0].message == (
        "3 places are taken in this session, so its capacity cannot be lower than 3."
    )


def test_a_session_without_a_capacity_holds_any_places_taken(app):
    proposed = details(capacity=None)
    assert rules.capacity_holds_places(proposed, PlacesTaken(confirmed=3, waiting=0)) == []


def test_sign_up_turns_off_when_nobody_holds_a_place(app):
    proposed = details(capacity=10, signup_required=False)
    assert rules.signup_off_needs_no_signups(proposed, PlacesTaken(0, 0)) == []


def test_one_diplomat_on_the_waitlist_keeps_sign_up_on(app):
    proposed = details(capacity=10, signup_required=False)
    clashes = rules.signup_off_needs_no_signups(proposed, PlacesTaken(confirmed=0, waiting=1))
    assert fields(clashes) == ["signup_required"]
    assert clashes[0].message.startswith("1 diplomat holds a place or a waitlist position")


# What the details point at


def test_a_title_in_one_language_is_a_title(event):
    proposed = details()
    proposed.titles = {"en": None, "fr": "Séance", "nl": ""}
    assert rules.has_a_title(event, proposed) == []


def test_blank_titles_are_no_title(event):
    proposed = details()
    proposed.titles = {"en": "  ", "fr": None, "nl": ""}
    assert fields(rules.has_a_title(event, proposed)) == ["title_en"]


def test_a_room_of_another_event_is_refused(event, other_event):
    room = Room(event=other_event, name="Elsewhere", capacity=10)
    db.session.add(room)
    db.session.commit()
    assert fields(rules.room_of_the_event(event, details(room_id=room.id))) == ["room_id"]


def test_a_room_that_does_not_exist_is_refused(event):
    assert fields(rules.room_of_the_event(event, details(room_id=999_999))) == ["room_id"]


def test_a_room_of_the_event_is_accepted(event, room):
    assert rules.room_of_the_event(event, details(room_id=room.id)) == []


def test_a_speaker_listed_twice_is_refused(event, speaker):
    proposed = details(speakers=speaking(speaker) + [(speaker.id, SpeakerRole.MODERATOR)])
    assert fields(rules.speakers_listed_once(event, proposed)) == ["speakers"]


def test_a_speaker_of_another_event_is_refused(event, speaker, other_event):
    stranger = Speaker(event_id=other_event.id, name="Someone else", function="Minister")
    db.session.add(stranger)
    db.session.commit()
    proposed = details(speakers=speaking(speaker) + speaking(stranger))
    assert fields(rules.speakers_of_the_event(event, proposed)) == ["speakers"]


def test_speakers_of_the_event_are_accepted(event, speaker):
    assert rules.speakers_of_the_event(event, details(speakers=speaking(speaker))) == []


def test_an_organisation_of_another_event_is_refused(event, other_event):
    organisation = Organisation(
        event_id=other_event.id, name="Enabel", kind=OrganisationKind.DEVELOPMENT_AGENCY
    )
    db.session.add(organisation)
    db.session.commit()
    proposed = details(organisation_ids=[organisation.id])
    assert fields(rules.organisations_of_the_event(event, proposed)) == ["organisation_ids"]


def test_an_organisation_of_the_event_is_accepted(event, create_organisation):
    proposed = details(organisation_ids=[create_organisation().id])
    assert rules.organisations_of_the_event(event, proposed) == []


def test_a_capacity_of_zero_is_not_negative(event):
    assert rules.capacity_not_negative(event, details(capacity=0)) == []


def test_a_capacity_of_minus_one_is_negative(event):
    assert fields(rules.capacity_not_negative(event, details(capacity=-1))) == ["capacity"]


def test_a_session_needing_sign_up_with_zero_places_has_a_capacity(event):
    proposed = details(signup_required=True, capacity=0)
    assert rules.signup_has_capacity(event, proposed) == []


def test_a_session_needing_sign_up_without_a_capacity_is_refused(event):
    proposed = details(signup_required=True, capacity=None)
    assert fields(rules.signup_has_capacity(event, proposed)) == ["capacity"]


@pytest.mark.parametrize(
    ("audience", "field"),
    [
        (AudienceKind.FUNCTIONS, "audience_functions"),
        (AudienceKind.REGIONS, "audience_regions"),
        (AudienceKind.NAMED, "audience_member_ids"),
    ],
)
def test_a_chosen_audience_names_at_least_one(event, audience, field):
    assert fields(rules.audience_chosen(event, details(audience=audience))) == [field]


def test_an_audience_of_one_function_is_chosen(event):
    proposed = details(
        audience=AudienceKind.FUNCTIONS, audience_functions=[DiplomatFunction.AMBASSADOR]
    )
    assert rules.audience_chosen(event, proposed) == []


def test_an_audience_of_all_heads_of_post_needs_no_choice(event):
    assert rules.audience_chosen(event, details(audience=AudienceKind.ALL)) == []


def test_a_named_audience_of_diplomats_is_accepted(event, diplomat):
    proposed = details(audience=AudienceKind.NAMED, audience_member_ids=[diplomat.id])
    assert rules.audience_members_are_diplomats(event, proposed) == []


def test_an_organizer_in_a_named_audience_is_refused(event, diplomat, organizer):
    assert organizer.role == Role.ORGANIZER
    proposed = details(audience=AudienceKind.NAMED, audience_member_ids=[diplomat.id, organizer.id])
    assert fields(rules.audience_members_are_diplomats(event, proposed)) == ["audience_member_ids"]


# find_clashes: the composition


def test_find_clashes_lists_every_broken_rule_in_order(event, room, speaker, create_session):
    saturday = brussels(7, 10), brussels(7, 11)
    create_session(starts_at=saturday[0], ends_at=saturday[1], room=room, speakers=[speaker])
    create_session(starts_at=brussels(2, 9), ends_at=brussels(2, 10), parallel_group="Track")
    proposed = details(
        *saturday,
        room_id=room.id,
        capacity=41,
        speakers=speaking(speaker),
        parallel_group="Track",
    )
    assert fields(find_clashes(event, proposed, None)) == [
        "day",
        "room_id",
        "capacity",
        "speakers",
        "parallel_group",
    ]


def test_find_clashes_compares_the_same_instant_the_same_way(event, room, create_session):
    create_session(starts_at=brussels(2, 10), ends_at=brussels(2, 11), room=room)
    in_utc = details(brussels(2, 9).astimezone(UTC), brussels(2, 10).astimezone(UTC))
    in_utc.room_id = room.id
    assert find_clashes(event, in_utc, None) == []
