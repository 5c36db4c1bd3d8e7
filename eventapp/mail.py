"""Outgoing mail: written to the outbox in the transaction of the change it reports.

Services call `queue_mail(...)` inside their unit of work (eventapp/unit_of_work.py):
the mail, rendered in the recipient's language, becomes an `OutboxMail` row of that
transaction, so a rolled-back change leaves no mail and a committed one never loses its
mail, whatever the mail server does. Nothing here talks to a mail server: delivery
(claims, retries, the backends `smtp`, `log` and `memory`) is eventapp/mail_delivery.py,
run after the commit (MAIL_DELIVERY = "after_commit", development and tests) or by
`eventapp mail work` (MAIL_DELIVERY = "worker", production).
"""

from datetime import datetime

from flask import render_template
from flask_babel import force_locale

from . import limits
from .extensions import db
from .mail_delivery import Mail, deliver_after_commit, outbox
from .models import MailStatus, OutboxMail, User, utcnow
from .models.outbox import new_message_id
from .unit_of_work import after_commit, transaction_state

__all__ = ["Mail", "outbox", "queue_mail"]

PENDING = "mail"


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
    badge_registration_id: int | None = None,
    **context,
) -> OutboxMail:
    """Render `templates/mail/<template>.txt` in `language` and write it to the outbox.

    The template's first line is the subject; the rest is the body. The row is added to
    the current transaction: a rolled-back change leaves no mail. `user` and `event`
    (also given to the template) tie the mail to a person and an edition (the event is
    taken from a `session` or `registration` in the context when not given); `kind`
    defaults to the template's name; `due_at` holds the mail back until then (digests);
    `badge_registration_id` attaches that registration's badge QR code when sent.
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
        badge_registration_id=badge_registration_id,
    )
    db.session.add(row)
    state = transaction_state()
    if PENDING not in state:
        state[PENDING] = True
        after_commit(deliver_after_commit)
    return row


def _event_id(event, context) -> int | None:
    if event is not None:
        return getattr(event, "id", None)
    for name in ("session", "registration", "invitation"):
        event_id = getattr(context.get(name), "event_id", None)
        if event_id is not None:
            return event_id
    return None
