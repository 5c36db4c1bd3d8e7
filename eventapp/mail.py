"""Outgoing mail, sent only once the database change it reports is committed.

Services call `queue_mail(...)` inside their unit of work (eventapp/unit_of_work.py).
After its commit the queued messages go out, in one batch; after a rollback they are
dropped, so nobody is told about a change that did not happen. Backends, chosen by MAIL_BACKEND:

- `smtp`: a real server (EVENTAPP_MAIL_SERVER, _PORT, _USERNAME, _PASSWORD,
  _USE_TLS for STARTTLS, _USE_SSL, _DEFAULT_SENDER); the default in production;
- `log`: the development default; each message (recipient, subject, body with its
  links) is written to the `eventapp.mail` log, which shows on the server's output
  (`flask run`, `scripts/demo`, gunicorn's error log). The links are not redacted: they
  are what a developer needs to follow. Never for real people's mail;
- `memory`: tests; messages collect in `app.extensions["mail_outbox"]`.
"""

import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app, render_template
from flask_babel import force_locale

from . import limits
from .extensions import db
from .models import MailStatus, OutboxMail, User, utcnow
from .models.outbox import new_message_id
from .unit_of_work import after_commit, transaction_state

log = logging.getLogger("eventapp.mail")
# The root logger's WARNING (flask run, gunicorn) would drop the `log` backend's mails:
# at INFO they reach the handler Flask gives the app's logger ("eventapp", standard
# error, or gunicorn's error log during a request).
log.setLevel(logging.INFO)
PENDING = "mail"


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def queue_mail(
    to: str,
    template: str,
    language: str,
    *,
    kind: str | None = None,
    user=None,
    event=None,
    due_at: datetime | None = None,
    digest_key: str | None = None,
    **context,
) -> OutboxMail:
    """Render `templates/mail/<template>.txt` in `language` and write it to the outbox.

    The template's first line is the subject; the rest is the body. The row is added to
    the current transaction: a rolled-back change leaves no mail. `user` and `event`
    (also given to the template) tie the mail to a person and an edition (the event is
    taken from a `session` or `registration` in the context when not given); `kind`
    defaults to the template's name; `due_at` holds the mail back until then (digests).
    """
    if user is not None:
        context["user"] = user
    if event is not None:
        context["event"] = event
    with force_locale(language):
        text = render_template(f"mail/{template}.txt", **context)
    subject, _, body = text.strip().partition("\n")
    row = OutboxMail(
        event_id=_event_id(event, context),
        user_id=user.id if isinstance(user, User) else None,
        recipient=to,
        language=str(language),
        kind=kind or template,
        subject=subject.strip()[: limits.MAIL_SUBJECT],
        body=body.strip() + "\n",
        message_id=new_message_id(),
        status=MailStatus.WAITING,
        attempts=0,
        due_at=due_at or utcnow(),
        created_at=utcnow(),
        digest_key=digest_key,
    )
    db.session.add(row)
    state = transaction_state()
    if PENDING not in state:
        batch = state[PENDING] = []
        after_commit(lambda: _send_all(batch))
    state[PENDING].append(Mail(to=row.recipient, subject=row.subject, body=row.body))
    return row


def _event_id(event, context) -> int | None:
    if event is not None:
        return getattr(event, "id", None)
    for name in ("session", "registration", "invitation"):
        event_id = getattr(context.get(name), "event_id", None)
        if event_id is not None:
            return event_id
    return None


def outbox() -> list[Mail]:
    """The messages the `memory` backend has sent (tests)."""
    return current_app.extensions.setdefault("mail_outbox", [])


def _send_all(mails: list[Mail]) -> None:
    """Send what a commit queued.

    The change is committed: a mail server hiccup must not turn it into an error page,
    so failures are logged (without the body, which may hold a personal link) and the
    other mails still go out.
    """
    config = current_app.config
    backend = config["MAIL_BACKEND"]
    if backend == "memory":
        outbox().extend(mails)
    elif backend == "log":
        for mail in mails:
            log.info(
                "Mail to %s (MAIL_BACKEND=log: written here, not sent)\nSubject: %s\n\n%s",
                mail.to,
                mail.subject,
                mail.body,
            )
    elif backend == "smtp":
        _send_smtp(mails, config)
    else:
        log.error("unknown MAIL_BACKEND %r: %d mails not sent", backend, len(mails))


def _send_smtp(mails: list[Mail], config) -> None:
    # One connection for the whole batch: a programme change can mail a hundred people.
    host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    timeout = config["MAIL_TIMEOUT"]
    try:
        if config["MAIL_USE_SSL"]:
            context = ssl.create_default_context()
            client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=timeout)
        with client:
            if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
                client.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                client.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            for mail in mails:
                try:
                    client.send_message(_message(mail, config))
                except smtplib.SMTPException as error:
                    # Neither the address nor the server's answer (which repeats it):
                    # the log is no place for personal data. The domain tells where.
                    log.error(
                        "could not send mail %r to an address at %s: %s %s",
                        mail.subject,
                        mail.to.rpartition("@")[2],
                        type(error).__name__,
                        getattr(error, "smtp_code", ""),
                    )
    except (OSError, smtplib.SMTPException):
        log.exception("mail server %s:%s unreachable: %d mails not sent", host, port, len(mails))


def _message(mail: Mail, config) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((config["MAIL_SENDER_NAME"], config["MAIL_DEFAULT_SENDER"]))
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain=config["SERVER_DOMAIN"])
    message.set_content(mail.body)
    return message
