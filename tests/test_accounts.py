"""Passwords: change, reset by mail (expires, works once), limits on guessing."""

import re

import pytest
from itsdangerous import URLSafeTimedSerializer

from eventapp.extensions import db
from eventapp.mail import outbox, queue_mail
from eventapp.models import AuditLog, Role, User


def reset_link(mail) -> str:
    return re.search(r"http://localhost(/password/reset/\S+)", mail.body).group(1)


def test_user_changes_their_password(client, diplomat, login):
    login(diplomat)
    response = client.post(
        "/account/password",
        data={
            "current_password": "correct horse battery",
            "new_password": "a brand new passphrase",
            "confirm_password": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    db.session.refresh(diplomat)
    assert diplomat.check_password("a brand new passphrase")


def test_password_change_needs_the_current_password(client, diplomat, login):
    login(diplomat)
    page = client.post(
        "/account/password",
        data={
            "current_password": "not it at all",
            "new_password": "a brand new passphrase",
            "confirm_password": "a brand new passphrase",
        },
    ).get_data(as_text=True)
    assert "That is not your current password." in page
    db.session.refresh(diplomat)
    assert diplomat.check_password("correct horse battery")


def test_new_password_must_be_long_enough_and_typed_twice_alike(client, diplomat, login):
    login(diplomat)
    page = client.post(
        "/account/password",
        data={
            "current_password": "correct horse battery",
            "new_password": "short",
            "confirm_password": "other",
        },
    ).get_data(as_text=True)
    assert "Use between 10 and 200 characters." in page
    assert "The two passwords differ." in page


def test_password_change_page_needs_a_login(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_reset_link_is_mailed_in_the_users_language_and_sets_a_new_password(
    app, client, create_user
):
    user = create_user(email="consul@example.org", language="fr")
    response = client.post("/password/forgot", data={"email": "Consul@Example.org"})
    assert response.status_code == 302
    [mail] = outbox()
    assert mail.to == "consul@example.org"
    assert mail.subject == "Votre mot de passe pour les Journées de contact diplomatique"
    link = reset_link(mail)
    client.post(
        link,
        data={"new_password": "un tout nouveau mot", "confirm_password": "un tout nouveau mot"},
    )
    db.session.refresh(user)
    assert user.check_password("un tout nouveau mot")


def test_reset_link_works_only_once(client, diplomat):
    client.post("/password/forgot", data={"email": diplomat.email})
    link = reset_link(outbox()[0])
    data = {"new_password": "first new password", "confirm_password": "first new password"}
    assert client.post(link, data=data).status_code == 302
    client.post("/logout")
    again = client.post(
        link, data={"new_password": "second try here", "confirm_password": "second try here"}
    )
    assert again.status_code == 404
    assert "This link no longer works" in again.get_data(as_text=True)
    db.session.refresh(diplomat)
    assert diplomat.check_password("first new password")


def test_reset_link_expires(app, client, diplomat):
    client.post("/password/forgot", data={"email": diplomat.email})
    link = reset_link(outbox()[0])
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    assert client.get(link).status_code == 404


def test_forged_reset_link_is_refused(app, client, diplomat):
    forged = URLSafeTimedSerializer("not-our-secret", salt="password-reset").dumps(
        {"user": diplomat.id, "fp": "x"}
    )
    assert client.get(f"/password/reset/{forged}").status_code == 404
    assert client.get("/password/reset/garbage").status_code == 404


def without_email_and_token(response, email: str) -> str:
    """The page with the address typed and the CSRF token taken out.

    The token is signed with the second it was made in, so two pages a second apart
    differ there whatever they say.
    """
    page = response.get_data(as_text=True).replace(email, "")
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+"', r'\1"', page)


def test_forgotten_password_answer_does_not_reveal_whether_an_account_exists(client, diplomat):
    known = client.post("/password/forgot", data={"email": diplomat.email}, follow_redirects=True)
    unknown = client.post(
        "/password/forgot", data={"email": "nobody@example.org"}, follow_redirects=True
    )
    assert known.status_code == unknown.status_code == 200
    assert without_email_and_token(known, diplomat.email) == without_email_and_token(
        unknown, diplomat.email
    )
    assert [mail.to for mail in outbox()] == [diplomat.email]


def test_failed_logins_are_limited_per_account(client, diplomat):
    for _attempt in range(5):
        client.post("/login", data={"email": diplomat.email, "password": "guess"})
    blocked = client.post(
        "/login", data={"email": diplomat.email, "password": "correct horse battery"}
    )
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)


def test_failed_logins_are_limited_per_address_across_accounts(app, client, diplomat):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    for number in range(3):
        client.post("/login", data={"email": f"guess{number}@example.org", "password": "x"})
    blocked = client.post(
        "/login", data={"email": diplomat.email, "password": "correct horse battery"}
    )
    assert blocked.status_code == 429


def test_successful_logins_do_not_count_towards_the_limit(client, diplomat):
    data = {"email": diplomat.email, "password": "correct horse battery"}
    for _attempt in range(8):
        assert client.post("/login", data=data).status_code == 302
        client.post("/logout")


def test_mail_is_sent_after_commit_and_never_for_a_rolled_back_change(app, diplomat):
    with app.test_request_context():
        queue_mail(diplomat.email, "password_reset", "en", user=diplomat, link="x", minutes=60)
        db.session.rollback()
        assert outbox() == []
        queue_mail(diplomat.email, "password_reset", "en", user=diplomat, link="x", minutes=60)
        assert outbox() == []
        db.session.commit()
    assert [mail.to for mail in outbox()] == [diplomat.email]


def test_create_organizer_command(runner):
    result = runner.invoke(
        args=[
            "create-organizer",
            "Chef@Example.org",
            "--first-name",
            "Ana",
            "--password",
            "long enough pass",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.query(User).filter_by(email="chef@example.org").one()
    assert user.role == Role.ORGANIZER and user.check_password("long enough pass")
    assert db.session.query(AuditLog).filter_by(action="account.create_organizer").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["organizer@example.org", "--password", "long enough pass"], "already exists"),
        (["new@example.org", "--password", "short"], "Use between 10"),
    ],
)
def test_create_organizer_refuses_taken_emails_and_short_passwords(
    runner, organizer, args, message
):
    result = runner.invoke(args=["create-organizer", *args])
    assert result.exit_code != 0
    assert message in result.output
