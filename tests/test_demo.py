"""`eventapp seed-demo`: the 2026 demo week, loaded once, and a programme that holds together."""

from collections import defaultdict
from datetime import date
from itertools import combinations

from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.models import Event, Role, Room, Session, SessionStatus, User


def seed(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result


def dump_every_table() -> dict[str, list]:
    dump = {}
    for table in db.metadata.sorted_tables:
        query = select(table).order_by(*table.primary_key.columns)
        dump[table.name] = db.session.execute(query).all()
    # End the read so the next run of the command starts from what is committed.
    db.session.rollback()
    return dump


def overlap(a: Session, b: Session) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def clashes(sessions_by_key: dict[str, list[Session]]) -> list[tuple[str, str, str]]:
    """(key, session, session) for every two sessions under one key that overlap in time."""
    return [
        (key, a.title_en, b.title_en)
        for key, sessions in sessions_by_key.items()
        for a, b in combinations(sessions, 2)
        if overlap(a, b)
    ]


def test_seed_demo_loads_the_2026_week(runner):
    seed(runner)

    event = db.session.scalar(select(Event).where(Event.slug == "dcd-2026"))
    assert (event.first_day, event.last_day) == (date(2026, 2, 2), date(2026, 2, 6))
    assert event.venue == "Egmont Palace"
    assert 40 <= db.session.scalar(select(func.count(Session.id))) <= 60
    assert 5 <= db.session.scalar(select(func.count(Room.id))) <= 8
    diplomats = select(func.count(User.id)).where(User.role == Role.DIPLOMAT)
    assert db.session.scalar(diplomats) >= 110

    organizer = db.session.scalar(select(User).where(User.email == "organizer@example.org"))
    ambassador = db.session.scalar(select(User).where(User.email == "ambassador@example.org"))
    assert organizer.is_organizer and organizer.check_password("demo-organizer")
    assert ambassador.is_diplomat and ambassador.check_password("demo-diplomat")


def test_seed_demo_twice_changes_nothing(runner):
    seed(runner)
    before = dump_every_table()

    second = seed(runner)

    assert dump_every_table() == before
    assert "nothing changed" in second.output


def test_demo_programme_obeys_the_programme_rules(runner):
    seed(runner)
    event = db.session.scalar(select(Event).where(Event.slug == "dcd-2026"))
    sessions = db.session.scalars(
        select(Session).where(Session.status != SessionStatus.CANCELLED)
    ).all()

    outside_the_week = [
        s.title_en
        for s in sessions
        if not (
            s.starts_at < s.ends_at
            and event.first_day <= s.starts_at.astimezone(event.tz).date()
            and s.ends_at.astimezone(event.tz).date() <= event.last_day
        )
    ]
    assert outside_the_week == []

    by_room, by_speaker, by_group = defaultdict(list), defaultdict(list), defaultdict(list)
    for s in sessions:
        if s.room is not None:
            by_room[s.room.name].append(s)
        for link in s.speaker_links:
            by_speaker[link.speaker.name].append(s)
        if s.parallel_group:
            by_group[s.parallel_group].append(s)

    assert clashes(by_room) == []
    assert clashes(by_speaker) == []

    over_capacity = [
        s.title_en for s in sessions if s.room and s.capacity and s.capacity > s.room.capacity
    ]
    assert over_capacity == []

    assert len(by_group) >= 3
    for group, parallel in by_group.items():
        assert 2 <= len(parallel) <= 4, group
        assert all(overlap(a, b) for a, b in combinations(parallel, 2)), group

    untranslated = [
        s.title_en or s.title_fr or s.title_nl
        for s in sessions
        if s.status == SessionStatus.PUBLISHED and not (s.title_en and s.title_fr and s.title_nl)
    ]
    assert untranslated == []
