"""The outbox: mail written in the transaction, delivered later, retried, never lost.

Against a real SMTP server (aiosmtpd). Delivery runs as `eventapp mail work` does
(MAIL_DELIVERY = "worker": nothing is sent after the commit); time is driven through
`deliver_due(now=...)`, never slept.
"""

import threading
from collections import Counter
from datetime import timedelta
from email import message_from_bytes, policy
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update

from eventapp.extensions import db
from eventapp.mail import queue_mail
from eventapp.mail_delivery import Mail, _connect, _message, deliver_all, deliver_due
from eventapp.models import MailStatus, OutboxMail, utcnow
from eventapp.unit_of_work import unit_of_work

from .test_mail import free_port


@pytest.fixture
def app_overrides():
    return {"MAIL_DELIVERY": "worker", "MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1"}


class Inbox:
    """An SMTP server's side: what it accepted, per Message-ID; addresses it refuses."""

    def __init__(self, refuse=None):
        self.refuse = refuse or {}  # address → answer, e.g. "550 5.1.1 no such user"
        self.message_ids = []
        self.connections = 0
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.message_ids.append(message["Message-ID"])
        return "250 OK"


class MailServer:
    """An aiosmtpd server on a fixed port, which a test can start late (it was down)."""

    def __init__(self, port, inbox):
        self.port, self.inbox, self.controller = port, inbox, None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def mail_server(app):
    """Not started: call `.start()` (or start it later, to play a server that was down)."""
    server = MailServer(free_port(), Inbox())
    app.config["MAIL_PORT"] = server.port
    yield server
    server.stop()


def queue(count, *, prefix="diplomat", language="en"):
    """Queue `count` password mails in one committed transaction; their Message-IDs."""
    with unit_of_work():
        rows = [
            queue_mail(
                f"{prefix}{number}@example.org",
                "password_reset",
                language,
                user=SimpleNamespace(full_name=f"Diplomat {number}"),
                link=f"https://example.org/reset/{number}",
                minutes=60,
            )
            for number in range(count)
        ]
    return [row.message_id for row in rows]


def rows():
    db.session.expire_all()
    return db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()


def statuses():
    return Counter(row.status for row in rows())


def test_queued_mail_is_a_row_of_the_transaction_with_its_own_message_id(app, diplomat):
    with app.test_request_context(), unit_of_work():
        queue_mail(diplomat.email, "password_reset", "fr", user=diplomat, link="x", minutes=60)
    (row,) = rows()
    assert (row.recipient, row.language, row.kind, row.user_id) == (
        diplomat.email,
        "fr",
        "password_reset",
        diplomat.id,
    )
    assert row.status == MailStatus.WAITING and row.attempts == 0
    assert row.subject == "Votre mot de passe pour les Journées de contact diplomatique"
    assert row.message_id.endswith("@test.eventapp.local>")


def test_rolled_back_change_leaves_no_mail(app, diplomat):
    with app.test_request_context(), pytest.raises(RuntimeError), unit_of_work():
        diplomat.first_name = "Changed"
        queue_mail(diplomat.email, "password_reset", "en", user=diplomat, link="x", minutes=60)
        raise RuntimeError("the change fails")
    assert rows() == []


def test_mail_server_down_when_queued_and_up_later_delivers_each_mail_once(app, mail_server):
    with app.test_request_context():
        message_ids = queue(3)
    start = utcnow()
    report = deliver_all(now=start)
    assert (report.sent, report.retried) == (0, 3)
    assert {(row.status, row.attempts) for row in rows()} == {(MailStatus.WAITING, 1)}
    assert all(row.due_at == start + timedelta(seconds=60) for row in rows())
    assert "unreachable" in rows()[0].last_error
    # Not due yet: nothing is tried.
    assert deliver_all(now=start + timedelta(seconds=30)).handled == 0

    mail_server.start()  # five minutes later
    report = deliver_all(now=start + timedelta(minutes=5))
    assert report.sent == 3
    assert deliver_all(now=start + timedelta(days=1)).handled == 0
    assert sorted(mail_server.inbox.message_ids) == sorted(message_ids)
    assert statuses() == {MailStatus.SENT: 3}
    assert all(row.sent_at and row.last_error is None for row in rows())


def test_retries_wait_longer_each_time_then_the_mail_fails(app, mail_server):
    app.config["MAIL_RETRY_DELAYS"] = "60,300"
    with app.test_request_context():
        queue(1)
    start = utcnow()
    deliver_all(now=start)
    assert rows()[0].due_at == start + timedelta(seconds=60)
    deliver_all(now=start + timedelta(seconds=60))
    assert rows()[0].due_at == start + timedelta(seconds=360)
    deliver_all(now=start + timedelta(seconds=360))
    (row,) = rows()
    assert (row.status, row.attempts) == (MailStatus.FAILED, 3)
    assert "unreachable" in row.last_error


def test_a_permanently_refused_recipient_fails_with_the_reason_and_the_rest_go(app, mail_server):
    mail_server.inbox.refuse = {
        "diplomat1@example.org": "550 5.1.1 no such user",
        "diplomat3@example.org": "451 4.3.0 mailbox busy, try later",
    }
    mail_server.start()
    with app.test_request_context():
        message_ids = queue(5)
    report = deliver_all()
    assert (report.sent, report.retried, report.failed) == (3, 1, 1)
    by_recipient = {row.recipient: row for row in rows()}
    refused = by_recipient["diplomat1@example.org"]
    assert refused.status == MailStatus.FAILED
    assert "550" in refused.last_error and "no such user" in refused.last_error
    busy = by_recipient["diplomat3@example.org"]
    assert (busy.status, busy.attempts) == (MailStatus.WAITING, 1)
    assert "451" in busy.last_error
    assert sorted(mail_server.inbox.message_ids) == sorted(
        message_ids[number] for number in (0, 2, 4)
    )
    assert mail_server.inbox.connections == 1  # one connection served the batch


def test_worker_killed_mid_batch_loses_nothing_and_resends_only_the_one_in_flight(app, mail_server):
    mail_server.start()
    with app.test_request_context():
        message_ids = queue(5)
    # A worker claimed the five, sent the first (recorded), had the second accepted by the
    # server, and died before recording it.
    start = utcnow()
    claimed = start - timedelta(minutes=20)
    db.session.execute(update(OutboxMail).values(status=MailStatus.SENDING, claimed_at=claimed))
    db.session.commit()
    first, second = rows()[:2]
    with _connect(app.config) as client:
        for row in (first, second):
            client.send_message(
                _message(Mail(row.recipient, row.subject, row.body, row.message_id), app.config)
            )
    first.status, first.sent_at, first.claimed_at = MailStatus.SENT, claimed, None
    db.session.commit()
    # Another worker's fresh claim is not taken from it.
    assert deliver_all(now=claimed + timedelta(minutes=5)).handled == 0

    report = deliver_all(now=start)  # the claim is now older than MAIL_CLAIM_TIMEOUT
    assert report.sent == 4
    assert statuses() == {MailStatus.SENT: 5}
    received = Counter(mail_server.inbox.message_ids)
    assert received == Counter(
        {message_ids[1]: 2, **{m: 1 for m in message_ids if m != message_ids[1]}}
    )


def test_two_workers_drain_500_mails_sending_each_once(app, mail_server):
    mail_server.start()
    app.config["MAIL_BATCH_SIZE"] = 25
    with app.test_request_context():
        message_ids = queue(500)
    reports, errors = [], []

    def work():
        try:
            with app.app_context():
                reports.append(deliver_all())
        except Exception as error:  # pragma: no cover - shown by the assertion below
            errors.append(error)

    workers = [threading.Thread(target=work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert errors == []
    assert sum(report.sent for report in reports) == 500
    assert Counter(mail_server.inbox.message_ids) == Counter(message_ids)
    assert statuses() == {MailStatus.SENT: 500}
    if db.engine.dialect.name == "postgresql":
        # Both took part (SKIP LOCKED: neither waited for the other's batch).
        assert all(report.sent > 0 for report in reports)


def test_mail_send_command_delivers_1000_mails(app, mail_server, runner):
    mail_server.start()
    with app.test_request_context():
        message_ids = queue(1000)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "Mails sent: 1000; to be retried: 0; failed: 0." in result.output
    assert Counter(mail_server.inbox.message_ids) == Counter(message_ids)
    assert statuses() == {MailStatus.SENT: 1000}
    assert mail_server.inbox.connections == 1000 // app.config["MAIL_BATCH_SIZE"]


def test_mail_work_stops_when_told(app, mail_server):
    from eventapp.mail_delivery import Worker

    mail_server.start()
    app.config["MAIL_POLL_SECONDS"] = 0.05
    with app.test_request_context():
        queue(2)
    worker = Worker(app)
    thread = threading.Thread(target=lambda: reports.append(worker.run()))
    reports = []
    thread.start()
    try:
        for _ in range(200):
            if statuses() == {MailStatus.SENT: 2}:
                break
            threading.Event().wait(0.02)
    finally:
        worker.stop()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert reports[0].sent == 2


def test_after_commit_delivery_sends_once_the_change_is_committed(app, mail_server, diplomat):
    app.config["MAIL_DELIVERY"] = "after_commit"
    mail_server.start()
    with app.test_request_context(), unit_of_work():
        row = queue_mail(
            diplomat.email, "password_reset", "en", user=diplomat, link="x", minutes=60
        )
        assert mail_server.inbox.message_ids == []
    assert mail_server.inbox.message_ids == [row.message_id]
    assert statuses() == {MailStatus.SENT: 1}


def test_development_server_delivers_a_mail_falling_due_later_without_another_commit(
    app, mail_server, diplomat
):
    """`scripts/demo`: no `eventapp mail work` runs, yet a digest (or a retry) due later
    goes out then, from the thread the first request starts."""
    from eventapp import mail_delivery

    app.config.update(MAIL_DELIVERY="after_commit", MAIL_POLL_SECONDS=0.05)
    app.testing = False
    mail_delivery.register(app)
    mail_server.start()
    with app.test_request_context(), unit_of_work():
        row = queue_mail(
            diplomat.email,
            "password_reset",
            "en",
            due_at=utcnow() + timedelta(seconds=0.5),
            user=diplomat,
            link="x",
            minutes=60,
        )
    assert mail_server.inbox.message_ids == []  # not due when its commit was delivered
    try:
        app.test_client().get("/healthz")  # the first request starts the poll
        # The server holds the mail a moment before the worker commits it as sent: wait for
        # both.
        for _ in range(250):
            if mail_server.inbox.message_ids and statuses() == {MailStatus.SENT: 1}:
                break
            threading.Event().wait(0.02)
        assert mail_server.inbox.message_ids == [row.message_id]
        assert statuses() == {MailStatus.SENT: 1}
        # One poll per app, however many requests.
        app.test_client().get("/healthz")
        assert mail_delivery.start_background_poll(app) is None
    finally:
        app.extensions["mail_poll"].stop()


def test_mail_due_later_waits_until_then(app, mail_server):
    mail_server.start()
    later = utcnow() + timedelta(minutes=10)
    with app.test_request_context(), unit_of_work():
        queue_mail(
            "someone@example.org",
            "password_reset",
            "en",
            due_at=later,
            digest_key="user:1",
            user=SimpleNamespace(full_name="Someone"),
            link="x",
            minutes=60,
        )
    assert deliver_due().handled == 0
    assert deliver_due(now=later).sent == 1
    assert rows()[0].digest_key == "user:1"


# Data protection


def test_purge_empties_the_editions_mail_addresses_and_bodies_and_keeps_the_counts(
    app, event, diplomat
):
    from datetime import date

    from eventapp import datasafety

    with app.test_request_context(), unit_of_work():
        for template in ("password_reset", "password_reset", "password_reset"):
            queue_mail(
                diplomat.email, template, "en", user=diplomat, event=event, link="x", minutes=60
            )
    sent, failed, waiting = rows()
    sent.status, failed.status = MailStatus.SENT, MailStatus.FAILED
    failed.last_error = f"550 <{diplomat.email}>: no such user"
    db.session.commit()

    report = datasafety.purge_personal_data(today=date(2026, 3, 1))
    assert report.changed["mails"] == 3
    for row in rows():
        assert (row.recipient, row.body, row.kind) == ("purged", "", "password_reset")
        assert diplomat.email not in (row.last_error or "")
    assert statuses() == {MailStatus.SENT: 1, MailStatus.FAILED: 2}  # never sent to "purged"
    assert datasafety.purge_personal_data(today=date(2026, 3, 1)).changed["mails"] == 0


def test_export_carries_the_outbox(app, diplomat):
    from eventapp import datasafety

    with app.test_request_context():
        message_ids = queue(2)
    archive = datasafety.export_data()
    table = next(table for table in archive["tables"] if table["name"] == "outbox_mails")
    column = table["columns"].index("message_id")
    assert sorted(row[column] for row in table["rows"]) == sorted(message_ids)
