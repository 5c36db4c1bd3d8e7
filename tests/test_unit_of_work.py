"""The unit of work: one commit at the end, nothing kept on an error, after-commit work
only after a commit."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eventapp.extensions import db
from eventapp.models import Room
from eventapp.programme.services import lock_programme
from eventapp.unit_of_work import after_commit, transaction_state, unit_of_work, use_case


def room_names(event) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(Room.name).where(Room.event_id == event.id)))


def add_room(event, name):
    db.session.add(Room(event_id=event.id, name=name, capacity=10))


def test_the_block_is_committed_when_it_ends(event):
    with unit_of_work():
        add_room(event, "Salle Arenberg")
    db.session.rollback()  # a commit cannot be undone
    assert room_names(event) == ["Salle Arenberg"]


def test_an_error_in_the_block_keeps_nothing_and_goes_on_to_the_caller(event):
    with pytest.raises(RuntimeError, match="boom"), unit_of_work():
        add_room(event, "Half-written")
        db.session.flush()
        raise RuntimeError("boom")
    assert room_names(event) == []


def test_a_nested_unit_joins_the_outer_one(event):
    with pytest.raises(RuntimeError), unit_of_work():
        with unit_of_work():
            add_room(event, "Inner")
        # The inner block ended, but only the outer one commits: its failure takes both.
        raise RuntimeError("outer fails")
    assert room_names(event) == []


def test_a_dry_run_rolls_back_at_the_end(event):
    with unit_of_work(commit=False):
        add_room(event, "Only tried")
        db.session.flush()
    assert room_names(event) == []


def test_a_commit_the_database_refuses_is_rolled_back(event, create_room):
    create_room(name="Salle des Glaces")
    # Same event and name: the unique constraint refuses it at the commit's flush.
    with pytest.raises(IntegrityError), unit_of_work():
        add_room(event, "Salle des Glaces")
    # The session is usable again and nothing of the refused block was kept.
    assert room_names(event) == ["Salle des Glaces"]


def test_after_commit_work_runs_after_the_commit_only(event):
    seen = []

    with unit_of_work():
        add_room(event, "Salle Arenberg")
        after_commit(lambda: seen.append(room_names(event)))
        assert seen == []
    assert seen == [["Salle Arenberg"]]


def test_after_commit_work_is_dropped_when_the_block_fails(event):
    seen = []
    with pytest.raises(RuntimeError), unit_of_work():
        after_commit(lambda: seen.append("told"))
        transaction_state()["mail"] = ["a mail"]
        raise RuntimeError("boom")
    with unit_of_work():
        add_room(event, "Next")
    assert seen == []
    assert "mail" not in transaction_state()


def test_use_case_runs_a_function_as_one_unit_of_work(event):
    @use_case
    def add_two_rooms(fail: bool):
        lock_programme(event.id)  # as every service that writes the programme does
        add_room(event, "First")
        db.session.flush()
        if fail:
            raise ValueError("second refused")
        add_room(event, "Second")
        return "done"

    with pytest.raises(ValueError):
        add_two_rooms(fail=True)
    assert room_names(event) == []
    assert add_two_rooms(fail=False) == "done"
    assert sorted(room_names(event)) == ["First", "Second"]
