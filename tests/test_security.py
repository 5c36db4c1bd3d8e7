"""Requests carrying values a database cannot store are handled, never a server error."""

from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Room


def test_nul_in_the_login_email_is_an_ordinary_failed_login(client, diplomat):
    # PostgreSQL refuses NUL in text: before the fix this was a 500 on PostgreSQL.
    response = client.post(
        "/login", data={"email": "nobody\x00@example.org", "password": "correct horse battery"}
    )
    assert response.status_code == 200
    assert "That e-mail address and password do not match." in response.get_data(as_text=True)


def test_nul_in_a_name_is_taken_out_before_saving(client, event, organizer, login):
    login(organizer)
    response = client.post(
        "/organizer/rooms/new", data={"name": "Salon\x00 Bleu", "capacity": "40"}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Room.name)) == "Salon Bleu"
