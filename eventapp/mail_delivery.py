"""Delivery of the outbox (eventapp/models/outbox.py): claim due mails, send, record.

`queue_mail` only writes rows; this module sends them, outside any request:

- `deliver_due()` claims a batch of due mails (status WAITING and `due_at` passed, or
  SENDING with a claim older than MAIL_CLAIM_TIMEOUT: the worker that took it died),
  marks them SENDING in a short transaction of its own, sends them over one SMTP
  connection, and records each outcome in its own transaction right after its send. A
  worker killed mid-batch therefore leaves at most the mail in flight to be sent again,
  and that mail carries the same Message-ID both times.
- On PostgreSQL the claim is `SELECT … FOR UPDATE SKIP LOCKED`: several workers share
  the outbox, each mail going to one of them. The claim's UPDATE also repeats the
  conditions, so on SQLite (one worker; the development server's background thread)
  two claimers never take the same row either.
- A temporary failure (server unreachable, timeout, a 4xx answer) puts the mail back to
  WAITING, due again after the next of MAIL_RETRY_DELAYS; after the last delay, or on a
  permanent failure (a 5xx answer for that address), it is FAILED with the reason. One
  bad address never stops the others.

Each claim and each outcome is its own short transaction in a fresh app context (so its
own database session): delivery runs after a request's unit of work has committed, or in
`eventapp mail send` / `eventapp mail work`, never inside a use case.

MAIL_DELIVERY chooses who calls it: "after_commit" (development and tests: after each
commit that queued mail; synchronously under TESTING or the `memory` backend, in a
background thread otherwise, and every MAIL_POLL_SECONDS from a thread the first request
starts, for retries and digests that fall due with no commit) or "worker" (production:
only `eventapp mail work`).
"""

import io
import logging
import smtplib
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr

import segno
from flask import current_app
from sqlalchemy import and_, or_, select, update

from .door import badges
from .door.badge_pdf import has_badge
from .extensions import db
from .models import MailStatus, OutboxMail, Registration, utcnow
from .unit_of_work import unit_of_work

log = logging.getLogger("eventapp.mail")
# The root logger's WARNING (flask run, gunicorn) would drop the `log` backend's mails:
# at INFO they reach the handler Flask gives the app's logger ("eventapp", standard
# error, or gunicorn's error log during a request).
log.setLevel(logging.INFO)

# The worst a mail server's answer may be in last_error (it can be long, and repeat the
# address; the row holds the address anyway).
ERROR_LENGTH = 1000


@dataclass(frozen=True)
class Mail:
    """What a backend sends: a snapshot of a claimed outbox row."""

    to: str
    subject: str
    body: str
    message_id: str = ""
    id: int = 0
    attempts: int = 0
    # A registration whose badge QR code goes with the mail as a PNG (the confirmation).
    badge_registration_id: int | None = None


@dataclass
class DeliveryReport:
    """What one or more `deliver_due` calls did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed

    def add(self, other: "DeliveryReport") -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed


class TemporaryFailure(Exception):
    """The mail may go through later: retried after a delay."""


class PermanentFailure(Exception):
    """The mail will never go through: marked failed at once."""


def outbox() -> list[Mail]:
    """The messages the `memory` backend has sent (tests)."""
    return current_app.extensions.setdefault("mail_outbox", [])


def retry_delays(config=None) -> list[int]:
    """MAIL_RETRY_DELAYS as seconds: "60,300,900" or a list."""
    value = (config or current_app.config)["MAIL_RETRY_DELAYS"]
    if isinstance(value, str):
        return [int(part) for part in value.replace(" ", "").split(",") if part]
    return [int(part) for part in value]


def deliver_due(limit: int | None = None, *, now: datetime | None = None) -> DeliveryReport:
    """Claim up to `limit` due mails, send them over one connection, record each outcome.

    `now` (tests, the benchmark) stands for the clock: what is due, when a retry is due.
    Returns the counts; raises nothing for a mail server's trouble (that is a retry).
    """
    app = current_app._get_current_object()
    limit = limit or app.config["MAIL_BATCH_SIZE"]
    now = now or utcnow()
    with app.app_context():
        mails = _claim(limit, now)
        report = DeliveryReport()
        if not mails:
            return report

        def record(mail: Mail, error: Exception | None) -> None:
            _record(mail, error, now, report)

        _send(mails, app.config, record)
        return report


def deliver_all(*, now: datetime | None = None) -> DeliveryReport:
    """Deliver batch after batch until nothing due is left (`eventapp mail send`)."""
    total = DeliveryReport()
    while True:
        report = deliver_due(now=now)
        total.add(report)
        if report.handled == 0:
            return total


def _claim(limit: int, now: datetime) -> list[Mail]:
    stale = now - timedelta(seconds=current_app.config["MAIL_CLAIM_TIMEOUT"])
    claimable = or_(
        and_(OutboxMail.status == MailStatus.WAITING, OutboxMail.due_at <= now),
        and_(OutboxMail.status == MailStatus.SENDING, OutboxMail.claimed_at < stale),
    )
    with unit_of_work():
        session = db.session
        query = (
            select(OutboxMail.id).where(claimable).order_by(OutboxMail.due_at, OutboxMail.id)
        ).limit(limit)
        if db.engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        ids = list(session.scalars(query))
        if not ids:
            return []
        # The conditions again: on SQLite another claimer may have taken a row between
        # the select and this update; only the rows this update changed are ours.
        rows = session.execute(
            update(OutboxMail)
            .where(OutboxMail.id.in_(ids), claimable)
            .values(status=MailStatus.SENDING, claimed_at=now)
            .returning(
                OutboxMail.recipient,
                OutboxMail.subject,
                OutboxMail.body,
                OutboxMail.message_id,
                OutboxMail.id,
                OutboxMail.attempts,
                OutboxMail.badge_registration_id,
            )
            .execution_options(synchronize_session=False)
        ).all()
    return sorted((Mail(*row) for row in rows), key=lambda mail: ids.index(mail.id))


def _record(mail: Mail, error: Exception | None, now: datetime, report: DeliveryReport) -> None:
    values: dict = {"claimed_at": None}
    if error is None:
        values.update(status=MailStatus.SENT, sent_at=utcnow(), last_error=None)
        report.sent += 1
    else:
        attempts = mail.attempts + 1
        delays = retry_delays()
        values.update(attempts=attempts, last_error=str(error)[:ERROR_LENGTH])
        if isinstance(error, TemporaryFailure) and attempts <= len(delays):
            values.update(
                status=MailStatus.WAITING, due_at=now + timedelta(seconds=delays[attempts - 1])
            )
            report.retried += 1
        else:
            values.update(status=MailStatus.FAILED)
            report.failed += 1
    with unit_of_work():
        db.session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail.id, OutboxMail.status == MailStatus.SENDING)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def _send(mails: list[Mail], config, record) -> None:
    backend = config["MAIL_BACKEND"]
    if backend == "memory":
        for mail in mails:
            outbox().append(mail)
            record(mail, None)
    elif backend == "log":
        for mail in mails:
            log.info(
                "Mail to %s (MAIL_BACKEND=log: written here, not sent)\nSubject: %s\n\n%s",
                mail.to,
                mail.subject,
                mail.body,
            )
            record(mail, None)
    elif backend == "smtp":
        _send_smtp(mails, config, record)
    else:
        log.error("unknown MAIL_BACKEND %r: %d mails not sent", backend, len(mails))
        for mail in mails:
            record(mail, TemporaryFailure(f"unknown MAIL_BACKEND {backend!r}"))


def _connect(config) -> smtplib.SMTP:
    host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    timeout = config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        context = ssl.create_default_context()
        client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            client.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            client.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except BaseException:
        client.close()
        raise
    return client


def _send_smtp(mails: list[Mail], config, record) -> None:
    # One connection for the whole batch: a programme change can mail a hundred people.
    try:
        client = _connect(config)
    except (OSError, smtplib.SMTPException) as error:
        log.error(
            "mail server %s:%s unreachable (%s): %d mails not sent yet, retried later",
            config["MAIL_SERVER"],
            config["MAIL_PORT"],
            type(error).__name__,
            len(mails),
        )
        failure = TemporaryFailure(f"mail server unreachable: {error}")
        for mail in mails:
            record(mail, failure)
        return
    with client:
        for index, mail in enumerate(mails):
            try:
                client.send_message(_message(mail, config))
            except smtplib.SMTPServerDisconnected as error:
                _connection_lost(mails[index:], error, record)
                return
            except smtplib.SMTPException as error:  # before OSError: it is one
                failure = _classify(error)
                # Neither the address nor the server's answer (which repeats it): the
                # log is no place for personal data. The domain tells where.
                log.error(
                    "could not send mail %d to an address at %s: %s %s",
                    mail.id,
                    mail.to.rpartition("@")[2],
                    type(error).__name__,
                    getattr(failure, "code", ""),
                )
                record(mail, failure)
                continue
            except OSError as error:
                _connection_lost(mails[index:], error, record)
                return
            record(mail, None)


def _connection_lost(mails: list[Mail], error: Exception, record) -> None:
    # The connection is gone: this mail (perhaps received, perhaps not: its Message-ID
    # tells) and the rest of the batch wait for the next try.
    log.error("mail server connection lost (%s): %d mails wait", type(error).__name__, len(mails))
    failure = TemporaryFailure(f"connection lost: {error}")
    for mail in mails:
        record(mail, failure)


def _classify(error: smtplib.SMTPException) -> Exception:
    """A 5xx answer is permanent, anything else (4xx, odd errors) temporary."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, answer = next(iter(error.recipients.values()))
    else:
        code = getattr(error, "smtp_code", None)
        answer = getattr(error, "smtp_error", b"") or str(error)
    if isinstance(answer, bytes):
        answer = answer.decode("utf-8", "replace")
    reason = f"{code} {answer}".strip() if code else str(answer)
    failure = (
        PermanentFailure(reason)
        if isinstance(code, int) and 500 <= code < 600
        else TemporaryFailure(reason)
    )
    failure.code = code
    return failure


def _message(mail: Mail, config) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((config["MAIL_SENDER_NAME"], config["MAIL_DEFAULT_SENDER"]))
    message["To"] = mail.to
    message["Subject"] = mail.subject
    # The row's own: a second send after an uncertain first one can be recognised.
    message["Message-ID"] = mail.message_id
    message.set_content(mail.body)
    if mail.badge_registration_id is not None:
        png = _badge_qr_png(mail)
        if png is not None:
            message.add_attachment(
                png, maintype="image", subtype="png", filename="badge-qr-code.png"
            )
    return message


def _badge_qr_png(mail: Mail) -> bytes | None:
    """The QR code of the registration's badge as a PNG, made now from its seed (a badge
    re-issued since the mail was queued sends the new code; the outbox never holds it).

    A registration with no seed yet gets one here, in its own unit of work: the mail
    promises the code, and the same seed then serves the printed badge and the agenda.
    A registration purged or no longer attending gets nothing attached (logged, without
    personal data); so does any failure to make it, which must not stop the batch: the
    code is on the diplomat's agenda too."""
    try:
        registration = db.session.get(Registration, mail.badge_registration_id)
        if registration is None or not has_badge(registration):
            log.warning("mail %d: no badge QR code attached (no attending registration)", mail.id)
            return None
        buffer = io.BytesIO()
        segno.make(badges.ensure_badge_code(registration), error="m").save(
            buffer, kind="png", scale=8, border=4
        )
    except Exception:
        log.exception("mail %d: the badge QR code could not be made; sent without", mail.id)
        db.session.rollback()
        return None
    return buffer.getvalue()


# Delivery right after a commit (MAIL_DELIVERY = "after_commit")

_background = threading.Lock()


def deliver_after_commit() -> None:
    """Called once a commit that queued mail is done (see eventapp/mail.py)."""
    app = current_app._get_current_object()
    if app.config["MAIL_DELIVERY"] != "after_commit":
        return
    if app.testing or app.config["MAIL_BACKEND"] == "memory":
        # Deterministic for tests: the mail is out when the request returns.
        deliver_all()
        return
    # Not a daemon: a command that queued mail (seed-demo, a shell) exits once it is out.
    threading.Thread(target=_deliver_in_background, args=(app,), daemon=False).start()


def _deliver_in_background(app) -> None:
    # One delivering thread at a time per process: one SMTP connection, no contention.
    with _background, app.app_context():
        try:
            deliver_all()
        except Exception:
            log.exception("mail delivery after a commit failed; the mails wait in the outbox")


def polls_in_background(app) -> bool:
    """Whether this app delivers from a thread of its own (`start_background_poll`): the
    development server, where no `eventapp mail work` runs next to it."""
    return (
        app.config["MAIL_DELIVERY"] == "after_commit"
        and not app.testing
        and app.config["MAIL_BACKEND"] != "memory"
    )


_poll_lock = threading.Lock()


def start_background_poll(app) -> threading.Thread | None:
    """Start, once per app, a `Worker` in a daemon thread of this process: a retry or a
    digest due in ten minutes goes out then, not at the next commit that queues mail.
    Returns the thread (None when it was already running or the app does not poll)."""
    if not polls_in_background(app):
        return None
    with _poll_lock:
        if "mail_poll" in app.extensions:
            return None
        worker = Worker(app)
        thread = threading.Thread(target=worker.run, name="eventapp-mail-poll", daemon=True)
        app.extensions["mail_poll"] = worker
        thread.start()
    return thread


def register(app) -> None:
    """Start the background poll on the first request (never in a command such as
    `db upgrade`, whose tables may not exist yet)."""
    if not polls_in_background(app):
        return

    @app.before_request
    def _start_mail_poll() -> None:
        if "mail_poll" not in app.extensions:
            start_background_poll(app)


# The worker (`eventapp mail work`, and the development server's background poll)


class Worker:
    """Deliver, sleep MAIL_POLL_SECONDS, again, until `stop()` (SIGTERM, SIGINT)."""

    def __init__(self, app):
        self.app = app
        self._stopping = threading.Event()

    def stop(self, *_signal) -> None:
        self._stopping.set()

    def run(self) -> DeliveryReport:
        total = DeliveryReport()
        poll = float(self.app.config["MAIL_POLL_SECONDS"])
        while not self._stopping.is_set():
            started = time.monotonic()
            with self.app.app_context():
                try:
                    report = deliver_due()
                except Exception:
                    # The database away for a moment: try again at the next poll.
                    log.exception("mail delivery failed; trying again")
                    report = DeliveryReport()
            total.add(report)
            if report.handled == 0:
                self._stopping.wait(max(0.0, poll - (time.monotonic() - started)))
        return total
