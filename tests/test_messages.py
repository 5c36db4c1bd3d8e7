"""The organizers' Messages pages: every mail with its status, one mail's text (audited),
a failed mail sent again, and messages to groups (preview, send, kept and shown)."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import (
    AuditLog,
    DiplomatFunction,
    GroupMessage,
    MailStatus,
    OutboxMail,
    Region,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    SignUp,
    SignUpStatus,
    utcnow,
)


@pytest.fixture
def as_organizer(client, login, organizer):
    login(organizer)
    return client


def add_mail(recipient="ana@example.org", status=MailStatus.SENT, kind="invitation", **values):
    now = utcnow()
    fields = {
        "recipient": recipient,
        "language": "en",
        "kind": kind,
        "subject": f"Subject for {recipient}",
        "body": "Open https://example.org/secret-link-123\n",
        "status": status,
        "attempts": 1 if status != MailStatus.WAITING else 0,
        "due_at": now,
        "created_at": now,
    }
    fields.update(values)
    mail = OutboxMail(**fields)
    db.session.add(mail)
    db.session.commit()
    return mail


def register(event, user, status=RegistrationStatus.REGISTERED, days=()):
    registration = Registration(event_id=event.id, user_id=user.id, status=status)
    registration.day_rows = [RegistrationDay(day=day) for day in days]
    db.session.add(registration)
    db.session.commit()
    return registration


def sign_up(session, user, status=SignUpStatus.CONFIRMED, position=None):
    db.session.add(SignUp(session_id=session.id, user_id=user.id, status=status, position=position))
    db.session.commit()


# The Messages page ------------------------------------------------------------------


def test_messages_page_lists_mails_with_status_and_counts(as_organizer, event):
    add_mail("ana@example.org", MailStatus.SENT)
    add_mail("bea@example.org", MailStatus.WAITING)
    add_mail("cem@example.org", MailStatus.FAILED, last_error="550 mailbox unavailable")
    page = as_organizer.get("/organizer/messages").get_data(as_text=True)
    for address in ("ana@example.org", "bea@example.org", "cem@example.org"):
        assert address in page
    assert "550 mailbox unavailable" in page
    assert re.search(r'data-status="sent">1<', page)
    assert re.search(r'data-status="waiting">1<', page)
    assert re.search(r'data-status="failed">1<', page)
    # Bodies stay on each mail's own page.
    assert "secret-link-123" not in page


def test_messages_page_filters_by_status_kind_and_recipient(as_organizer, event, create_user):
    elodie = create_user(email="elodie@example.org", first_name="Élodie", last_name="Dupré")
    add_mail("ana@example.org", MailStatus.SENT, kind="invitation")
    add_mail("bea@example.org", MailStatus.FAILED, kind="password_reset")
    add_mail("elodie@example.org", MailStatus.SENT, kind="session_changed", user_id=elodie.id)

    failed = as_organizer.get("/organizer/messages?status=failed").get_data(as_text=True)
    assert "bea@example.org" in failed and "ana@example.org" not in failed
    kind = as_organizer.get("/organizer/messages?kind=invitation").get_data(as_text=True)
    assert "ana@example.org" in kind and "bea@example.org" not in kind
    # Accents and case ignored, by name or address.
    found = as_organizer.get("/organizer/messages?q=ELODIE dupre").get_data(as_text=True)
    assert "elodie@example.org" in found and "ana@example.org" not in found
    assert "elodie@example.org" in as_organizer.get("/organizer/messages?q=élodie@").get_data(
        as_text=True
    )
    # A status that does not exist is ignored, not an error.
    assert as_organizer.get("/organizer/messages?status=nonsense&page=-3").status_code == 200


def test_messages_page_is_paged_fifty_at_a_time(as_organizer, event):
    for number in range(51):
        add_mail(f"p{number:02d}@example.org")
    first = as_organizer.get("/organizer/messages").get_data(as_text=True)
    assert first.count('id="mail-') == 50
    assert first.index("p50@example.org") < first.index("p49@example.org")  # newest first
    second = as_organizer.get("/organizer/messages?page=2").get_data(as_text=True)
    assert second.count('id="mail-') == 1 and "p00@example.org" in second
    filtered = as_organizer.get("/organizer/messages?kind=invitation&page=2").get_data(as_text=True)
    assert filtered.count('id="mail-') == 1
    searched = as_organizer.get("/organizer/messages?q=P0").get_data(as_text=True)
    assert searched.count('id="mail-') == 10


def test_mail_page_shows_the_body_and_writes_the_audit_log(as_organizer, event, organizer):
    mail = add_mail()
    page = as_organizer.get(f"/organizer/messages/{mail.id}").get_data(as_text=True)
    assert "secret-link-123" in page
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "message.viewed")).one()
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        organizer.id,
        "OutboxMail",
        mail.id,
    )
    assert as_organizer.get("/organizer/messages/99999").status_code == 404


def test_failed_mail_is_queued_again_after_confirmation(as_organizer, event):
    mail = add_mail(
        status=MailStatus.FAILED,
        attempts=5,
        last_error="timed out",
        due_at=utcnow() - timedelta(days=1),
    )
    confirm = as_organizer.get(f"/organizer/messages/{mail.id}/resend")
    assert confirm.status_code == 200 and "timed out" in confirm.get_data(as_text=True)
    response = as_organizer.post(f"/organizer/messages/{mail.id}/resend")
    assert response.status_code == 302
    db.session.refresh(mail)
    assert (mail.status, mail.attempts) == (MailStatus.WAITING, 0)
    assert mail.due_at > utcnow() - timedelta(minutes=1)
    assert db.session.scalars(select(AuditLog).where(AuditLog.action == "message.resent")).one()


def test_only_a_failed_mail_can_be_sent_again(as_organizer, event):
    mail = add_mail(status=MailStatus.SENT)
    response = as_organizer.post(f"/organizer/messages/{mail.id}/resend", follow_redirects=True)
    assert "Only a failed mail can be sent again" in response.get_data(as_text=True)
    db.session.refresh(mail)
    assert mail.status == MailStatus.SENT


def test_diplomats_cannot_see_messages(client, login, diplomat, event):
    mail = add_mail()
    login(diplomat)
    for url in (
        "/organizer/messages",
        f"/organizer/messages/{mail.id}",
        "/organizer/messages/new",
        "/organizer/messages/groups",
    ):
        assert client.get(url).status_code == 403
    assert client.post(f"/organizer/messages/{mail.id}/resend").status_code == 403


# Messages to groups -----------------------------------------------------------------


def message(audience, **values):
    data = {
        "subject_en": "Bus at 18:30",
        "body_en": "The bus leaves at 18:30.",
        "audience": audience,
    }
    data.update(values)
    return data


def preview(client, data):
    response = client.post("/organizer/messages/new", data=data)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def count_in(page):
    match = re.search(r'id="recipient-count">It goes to (\d+) (?:person|people)', page)
    return int(match.group(1)) if match else None


@pytest.fixture
def people(event, create_user, create_session):
    """Five diplomats: registered, confirmed (Monday), confirmed (Tuesday, Africa,
    consul), declined, and one never registered; a session with one place taken and one
    on its waitlist."""
    monday, tuesday = date(2026, 2, 2), date(2026, 2, 3)
    names = {}
    names["reg"] = create_user(first_name="Rita", last_name="Registered")
    names["conf"] = create_user(first_name="Carl", last_name="Confirmed", language="fr")
    names["consul"] = create_user(
        first_name="Cora",
        last_name="Consul",
        function=DiplomatFunction.CONSUL_GENERAL,
        region=Region.AFRICA,
        language="nl",
    )
    names["declined"] = create_user(first_name="Dan", last_name="Declined")
    names["outsider"] = create_user(first_name="Olga", last_name="Outsider")
    register(event, names["reg"], days=[monday])
    register(event, names["conf"], RegistrationStatus.CONFIRMED, days=[monday])
    register(event, names["consul"], RegistrationStatus.CONFIRMED, days=[tuesday])
    register(event, names["declined"], RegistrationStatus.DECLINED, days=[monday])
    session = create_session(capacity=1)
    sign_up(session, names["conf"])
    sign_up(session, names["consul"], SignUpStatus.WAITLISTED, position=1)
    names["session"] = session
    return names


@pytest.mark.parametrize(
    ("audience", "extra", "expected"),
    [
        ("registered", {}, {"reg", "conf", "consul"}),
        ("confirmed", {}, {"conf", "consul"}),
        ("day", {"day": "2026-02-02"}, {"reg", "conf"}),
        ("function", {"functions": ["consul_general"]}, {"consul"}),
        ("region", {"regions": ["africa", "americas"]}, {"consul"}),
        ("session_confirmed", {"session_id": "SESSION"}, {"conf"}),
        ("session_waitlist", {"session_id": "SESSION"}, {"consul"}),
        ("named", {"member_ids": ["OUTSIDER", "REG"]}, {"outsider", "reg"}),
    ],
)
def test_preview_counts_and_lists_each_kind_of_group(
    as_organizer, people, audience, extra, expected
):
    values = {name: _resolved(value, people) for name, value in extra.items()}
    page = preview(as_organizer, message(audience, **values))
    assert count_in(page) == len(expected)
    for key in ("reg", "conf", "consul", "declined", "outsider"):
        assert (people[key].email in page) == (key in expected), key
    # Nothing is sent by a preview.
    assert db.session.scalar(select(db.func.count(OutboxMail.id))) == 0


def _resolved(value, people):
    """ "SESSION" is the session's id, "REG" a person's id; anything else as written."""
    if value == "SESSION":
        return str(people["session"].id)
    if isinstance(value, list):
        return [str(people[v.lower()].id) if v.isupper() else v for v in value]
    return value


def test_sending_queues_one_mail_per_recipient_in_their_language(as_organizer, people, organizer):
    data = message(
        "registered",
        subject_fr="Bus à 18h30",
        body_fr="Le bus part à 18h30.",
        send="1",
    )
    response = as_organizer.post("/organizer/messages/new", data=data)
    assert response.status_code == 302
    mails = {mail.recipient: mail for mail in db.session.scalars(select(OutboxMail))}
    assert set(mails) == {people[k].email for k in ("reg", "conf", "consul")}
    assert mails[people["reg"].email].subject == "Bus at 18:30"
    # French for the French reader; Dutch not written: English for the Dutch reader.
    assert (mails[people["conf"].email].language, mails[people["conf"].email].subject) == (
        "fr",
        "Bus à 18h30",
    )
    assert mails[people["conf"].email].body.strip() == "Le bus part à 18h30."
    assert (mails[people["consul"].email].language, mails[people["consul"].email].subject) == (
        "en",
        "Bus at 18:30",
    )
    assert {mail.kind for mail in mails.values()} == {"group_message"}
    sent = db.session.scalars(select(GroupMessage)).one()
    assert (sent.sender_id, sent.recipient_count) == (organizer.id, 3)
    audit = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "message.sent_to_group")
    ).one()
    assert audit.target_id == sent.id
    # Kept and shown: the list, and the message's page with each recipient's mail.
    listed = as_organizer.get("/organizer/messages/groups").get_data(as_text=True)
    assert "Bus at 18:30" in listed and "Everyone registered" in listed
    shown = as_organizer.get(response.headers["Location"]).get_data(as_text=True)
    assert people["consul"].email in shown and "Le bus part" in shown


def test_fallback_without_english_is_the_first_language_written(as_organizer, people):
    data = {
        "audience": "registered",
        "subject_nl": "Bus om 18.30 uur",
        "body_nl": "De bus vertrekt.",
        "send": "1",
    }
    as_organizer.post("/organizer/messages/new", data=data)
    languages = {mail.recipient: mail.language for mail in db.session.scalars(select(OutboxMail))}
    assert set(languages.values()) == {"nl"}


def test_group_without_recipients_is_refused(as_organizer, people):
    for data in (
        message("day", day="2026-02-05"),
        message("day", day="2026-02-05", send="1"),
    ):
        page = preview(as_organizer, data)
        assert "Nobody is in this group" in page
    assert db.session.scalar(select(db.func.count(OutboxMail.id))) == 0
    assert db.session.scalar(select(db.func.count(GroupMessage.id))) == 0


@pytest.mark.parametrize(
    "texts",
    [
        {"subject_en": "", "body_en": ""},
        {"subject_en": "Only a subject", "body_en": ""},
        {"subject_en": "", "body_en": "Only a body"},
        {"subject_en": "   ", "body_en": " \r\n "},
    ],
)
def test_message_without_subject_or_body_is_refused(as_organizer, people, texts):
    page = preview(as_organizer, {**message("registered", send="1"), **texts})
    assert "Please correct the highlighted fields." in page
    assert db.session.scalar(select(db.func.count(OutboxMail.id))) == 0


def test_group_kind_needs_its_choice(as_organizer, people):
    page = preview(as_organizer, message("session_waitlist"))
    assert "Choose the session." in page
    page = preview(as_organizer, message("function"))
    assert "Choose at least one function." in page


def test_change_from_preview_shows_the_form_again_filled(as_organizer, people):
    page = preview(as_organizer, message("registered", edit="1"))
    assert "Bus at 18:30" in page and 'name="preview"' in page
