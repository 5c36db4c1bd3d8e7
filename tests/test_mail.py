"""Mail goes out through a real SMTP server, once the change it reports is committed."""

import logging
import os
import socket
import subprocess
import sys
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


# The development backend: mails on the server's output

# A fresh process configures no logging, as `flask run` and gunicorn do not: what it
# writes is what a developer sees in their terminal.
LOG_BACKEND_SCRIPT = """
import sys
from types import SimpleNamespace
from eventapp import create_app
from eventapp.mail import queue_mail
from eventapp.unit_of_work import unit_of_work

from eventapp.extensions import db

app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "MAIL_BACKEND": "log"})
with app.app_context():
    db.create_all()
with app.test_request_context(), unit_of_work():
    queue_mail(
        "jan.peeters@example.org",
        "password_reset",
        "en",
        user=SimpleNamespace(full_name="Jan Peeters"),
        link="http://127.0.0.1:5000/password/reset/the-secret-token",
        minutes=60,
    )
"""


def test_log_backend_writes_each_mail_with_its_link_on_the_servers_output(tmp_path):
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("EVENTAPP_")
    }
    environment["EVENTAPP_INSTANCE_PATH"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", LOG_BACKEND_SCRIPT, f"sqlite:///{tmp_path / 'mail.sqlite'}"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    output = result.stdout + result.stderr
    assert "Mail to jan.peeters@example.org" in output
    assert "Subject: Your password for the Diplomatic Contact Days" in output
    assert "Dear Jan Peeters," in output
    assert "http://127.0.0.1:5000/password/reset/the-secret-token" in output
