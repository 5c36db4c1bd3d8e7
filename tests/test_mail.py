"""Mail goes out through a real SMTP server, once the change it reports is committed."""

import logging
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from eventapp.extensions import db
from eventapp.mail import queue_mail


class Inbox:
    def __init__(self):
        self.messages = []
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    yield inbox
    controller.stop()


def queue_reset_mail(user, link="https://example.org/x"):
    queue_mail(user.email, "password_reset", user.language, user=user, link=link, minutes=60)


def test_mails_of_one_commit_go_out_over_one_smtp_connection(app, smtp_server, create_user):
    users = [create_user(language=language) for language in ("en", "fr", "nl")]
    with app.test_request_context():
        for user in users:
            queue_reset_mail(user)
        db.session.commit()
    assert [message.rcpt_tos for message in smtp_server.messages] == [[u.email] for u in users]
    assert smtp_server.connections == 1
    french = message_from_bytes(smtp_server.messages[1].content, policy=policy.default)
    assert french["Subject"] == "Votre mot de passe pour les Journées de contact diplomatique"
    assert "Bonjour" in french.get_content()
    assert french["From"] == "Diplomatic Contact Days <contactdays@example.org>"


def test_rolled_back_change_sends_nothing(app, smtp_server, diplomat):
    with app.test_request_context():
        queue_reset_mail(diplomat)
        db.session.rollback()
        db.session.commit()
    assert smtp_server.messages == []


def test_unreachable_mail_server_does_not_undo_the_committed_change(app, diplomat, caplog):
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    with app.test_request_context(), caplog.at_level(logging.ERROR, logger="eventapp.mail"):
        diplomat.first_name = "Changed"
        queue_reset_mail(diplomat, link="https://example.org/secret-token")
        db.session.commit()
    db.session.refresh(diplomat)
    assert diplomat.first_name == "Changed"
    assert "mails not sent" in caplog.text
    assert "secret-token" not in caplog.text
