"""Door-staff accounts (issue 20, point 1): organizers create, deactivate and reactivate
them; `eventapp create-door-staff`; where door staff land and what they may open."""

import re

import pytest
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.mail import outbox
from eventapp.models import AuditLog, OutboxMail, Role, User, Visibility

PASSWORD = "correct horse battery"


def add_door_staff(client, **values):
    data = {
        "first_name": "Jan",
        "last_name": "Peeters",
        "email": "jan.peeters@example.org",
        "language": "nl",
    }
    data.update(values)
    return client.post("/organizer/door-staff/new", data=data)


def user_with(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def link_path(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/password/reset/\S+)", body).group(1)


# Organizers manage door staff


def test_the_list_says_when_there_is_nobody_yet(client, login, organizer, event):
    login(organizer)
    page = client.get("/organizer/door-staff").text
    assert "No door staff yet" in page
    assert 'href="/organizer/door-staff/new"' in page


def test_organizer_creates_door_staff_who_is_mailed_in_their_language(
    client, login, organizer, event
):
    login(organizer)
    response = add_door_staff(client, email=" Jan.Peeters@Example.org ")
    assert response.headers["Location"] == "/organizer/door-staff"
    user = user_with("jan.peeters@example.org")
    assert user.role == Role.DOOR_STAFF and user.password_hash is None and user.active
    assert user.language == "nl"
    [mail] = outbox()
    assert mail.to == "jan.peeters@example.org"
    assert "/password/reset/" in mail.body
    row = db.session.scalar(select(OutboxMail))
    assert (row.kind, row.language, row.user_id) == ("door_staff_welcome", "nl", user.id)
    entry = db.session.scalar(
        select(AuditLog).where(AuditLog.action == "account.create_door_staff")
    )
    assert (entry.actor_id, entry.target_id) == (organizer.id, user.id)
    assert entry.details["email"] == "jan.peeters@example.org"
    page = client.get("/organizer/door-staff").text
    assert "Jan Peeters" in page and "Password not chosen yet" in page


def test_the_welcome_link_sets_the_password_and_opens_the_door(client, login, organizer, event):
    login(organizer)
    add_door_staff(client)
    client.post("/logout")
    path = link_path(outbox()[0].body)
    response = client.post(path, data={"new_password": PASSWORD, "confirm_password": PASSWORD})
    assert response.headers["Location"] == "/door"
    assert user_with("jan.peeters@example.org").check_password(PASSWORD)


def test_door_staff_without_a_password_may_ask_for_a_new_link(client, create_user, event):
    create_user(email="late@example.org", role=Role.DOOR_STAFF, password=None)
    client.post("/password/forgot", data={"email": "late@example.org"})
    [mail] = outbox()
    assert "/password/reset/" in mail.body


def test_a_diplomat_without_a_password_still_gets_no_reset_link(client, create_user, event):
    create_user(email="invited@example.org", password=None)
    client.post("/password/forgot", data={"email": "invited@example.org"})
    assert outbox() == []


def test_an_address_any_account_has_is_refused_on_the_form(
    client, login, organizer, diplomat, event
):
    login(organizer)
    users_before = db.session.scalar(select(func.count()).select_from(User))
    for email in (diplomat.email, organizer.email.upper()):
        response = add_door_staff(client, email=email)
        assert response.status_code == 200
        assert "already has an account here" in response.text
        assert 'class="form-summary"' in response.text
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User)) == users_before
    assert outbox() == []
    assert db.session.scalar(select(func.count()).select_from(AuditLog)) == 0


def test_the_unique_key_refuses_an_address_taken_meanwhile(app, organizer, event, monkeypatch):
    # Two organizers save the same address at once: the courtesy check of each sees
    # nothing, and the unique key turns the second into the same refusal.
    from eventapp.door import staff

    first = staff.NewDoorStaff("A", "One", "race@example.org", "en")
    with app.test_request_context():
        staff.create_door_staff(first, organizer, lambda token: token)
        monkeypatch.setattr(staff, "address_in_use", lambda email: False)
        with pytest.raises(staff.AddressTaken, match="race@example.org"):
            staff.create_door_staff(first, organizer, lambda token: token)
    count = db.session.scalar(
        select(func.count()).select_from(User).where(User.email == "race@example.org")
    )
    assert count == 1


def test_deactivating_asks_first_then_closes_the_account(
    client, login, organizer, door_staff, event
):
    login(organizer)
    url = f"/organizer/door-staff/{door_staff.id}/deactivate"
    page = client.get(url)
    assert page.status_code == 200 and "Deactivate the account of" in page.text
    db.session.refresh(door_staff)
    assert door_staff.active  # the GET only asked
    response = client.post(url)
    assert response.headers["Location"] == "/organizer/door-staff"
    db.session.refresh(door_staff)
    assert not door_staff.active
    actions = db.session.scalars(select(AuditLog.action)).all()
    assert actions == ["account.deactivate"]
    assert "Deactivated" in client.get("/organizer/door-staff").text


def test_deactivated_door_staff_cannot_log_in(client, door_staff, create_user, event):
    door_staff.active = False
    db.session.commit()
    response = client.post("/login", data={"email": door_staff.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "do not match" in response.text


def test_a_deactivated_account_already_logged_in_loses_the_door(client, login, door_staff, event):
    login(door_staff)
    assert client.get("/door").status_code == 200
    door_staff.active = False
    db.session.commit()
    assert client.get("/door").status_code in (302, 403)


def test_reactivating_opens_the_account_again(client, login, organizer, door_staff, event):
    door_staff.active = False
    db.session.commit()
    login(organizer)
    url = f"/organizer/door-staff/{door_staff.id}/reactivate"
    assert "Reactivate the account of" in client.get(url).text
    client.post(url)
    db.session.refresh(door_staff)
    assert door_staff.active
    assert db.session.scalars(select(AuditLog.action)).all() == ["account.reactivate"]


def test_reactivating_an_active_account_changes_nothing(
    client, login, organizer, door_staff, event
):
    login(organizer)
    response = client.post(f"/organizer/door-staff/{door_staff.id}/reactivate")
    assert response.headers["Location"] == "/organizer/door-staff"
    assert db.session.scalar(select(func.count()).select_from(AuditLog)) == 0


def test_only_door_staff_accounts_are_managed_here(client, login, organizer, diplomat, event):
    login(organizer)
    assert client.get(f"/organizer/door-staff/{diplomat.id}/deactivate").status_code == 404
    assert client.post(f"/organizer/door-staff/{organizer.id}/deactivate").status_code == 404
    db.session.refresh(diplomat)
    assert diplomat.active


# Where door staff go and what they see


def test_door_staff_land_on_the_check_in_page_after_login(client, door_staff, event):
    response = client.post("/login", data={"email": door_staff.email, "password": PASSWORD})
    assert response.headers["Location"] == "/door"


def test_a_next_page_door_staff_may_open_is_still_honoured(client, door_staff, event):
    response = client.post(
        "/login",
        data={"email": door_staff.email, "password": PASSWORD, "next": "/account/password"},
    )
    assert response.headers["Location"] == "/account/password"


def test_door_staff_menu_has_check_in_and_no_agenda(client, login, door_staff, event):
    login(door_staff)
    menu = site_menu(client.get("/programme").text)
    assert '<a href="/door">Check-in</a>' in menu
    assert "My agenda" not in menu and "My registration" not in menu
    assert "Organizer area" not in menu
    on_the_door = site_menu(client.get("/door").text)
    assert '<span class="site-nav__current" aria-current="page">Check-in</span>' in on_the_door


def test_a_diplomats_menu_has_no_check_in(client, login, diplomat, event):
    login(diplomat)
    assert "Check-in" not in site_menu(client.get("/programme").text)


def test_organizers_find_door_staff_and_check_in_in_the_people_group(
    client, login, organizer, event
):
    login(organizer)
    page = client.get("/organizer/door-staff").text
    menu = page[page.index('<nav class="area-nav') :]
    assert '<span aria-current="page">Door staff</span>' in menu
    assert '<a href="/door">Check-in</a>' in menu


def test_door_staff_are_refused_the_diplomats_and_organizers_pages(
    client, login, door_staff, event
):
    login(door_staff)
    for url in (
        "/agenda",
        "/registration",
        "/organizer/attendees",
        "/organizer/attendees/export/attendees.csv",
        "/organizer/attendees/export/badges.xlsx",
        "/organizer/exchange/programme.json",
        "/organizer/door-staff",
    ):
        assert client.get(url).status_code == 403, url


def test_door_staff_see_only_public_sessions_in_the_programme(
    client, login, door_staff, create_session
):
    create_session(title="Open to all", visibility=Visibility.PUBLIC)
    create_session(title="For attendees only", visibility=Visibility.ATTENDEES)
    login(door_staff)
    page = client.get("/programme").text
    assert "Open to all" in page
    assert "For attendees only" not in page


def site_menu(html: str) -> str:
    return html[html.index('<nav class="site-nav"') : html.index("</nav>")]


# The command line


def test_the_command_creates_door_staff_and_prints_a_working_link(app, runner, client, event):
    result = runner.invoke(
        args=[
            "create-door-staff",
            "Marie.Dubois@example.org",
            "--first-name",
            "Marie",
            "--last-name",
            "Dubois",
            "--language",
            "fr",
        ]
    )
    assert result.exit_code == 0, result.output
    user = user_with("marie.dubois@example.org")
    assert (user.role, user.language, user.full_name) == (Role.DOOR_STAFF, "fr", "Marie Dubois")
    assert user.password_hash is None
    assert outbox() == []  # the link is printed, not mailed
    path = link_path(result.output)
    response = client.post(path, data={"new_password": PASSWORD, "confirm_password": PASSWORD})
    assert response.headers["Location"] == "/door"
    entry = db.session.scalar(select(AuditLog))
    assert (entry.action, entry.actor_id) == ("account.create_door_staff", None)


def test_the_command_says_when_the_address_has_an_account(runner, organizer):
    result = runner.invoke(args=["create-door-staff", "ORGANIZER@example.org"])
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert user_with("organizer@example.org").role == Role.ORGANIZER


def test_the_command_refuses_what_is_not_an_address(runner, app):
    result = runner.invoke(args=["create-door-staff", "not an address"])
    assert result.exit_code == 2
    assert "e-mail address" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
