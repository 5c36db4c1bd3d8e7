"""What organizers do with mail: open one (audited, its body may hold a personal link),
send a failed one again, and write to a group of people.

Each function is one unit of work: the audit entry, the message and every recipient's
outbox row are written together or not at all.
"""

from dataclasses import dataclass

from .. import audit
from ..extensions import db
from ..mail import queue_mail
from ..models import GroupMessage, GroupMessageRecipient, MailStatus, OutboxMail, utcnow
from ..models.programme import LANGUAGES
from ..unit_of_work import use_case


class NotFailed(Exception):
    """Only a failed mail can be sent again."""


class NoRecipients(Exception):
    """The group chosen reaches nobody."""


class NoText(Exception):
    """No language has both a subject and a body."""


@dataclass(frozen=True)
class MessageText:
    """What an organizer wrote: subject and body per language ("" when not written)."""

    subjects: dict[str, str]
    bodies: dict[str, str]

    @property
    def languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if self.subjects.get(lang) and self.bodies.get(lang)]

    def language_for(self, language: str) -> str:
        """The language a recipient reading `language` gets: theirs, else English, else
        the first written (as GroupMessage.language_for)."""
        written = self.languages
        return next((lang for lang in (language, "en", *written) if lang in written), "en")


@use_case
def open_mail(mail: OutboxMail, *, by) -> None:
    """Record that `by` opened `mail` (its body is shown: it may hold a personal link)."""
    audit.record("message.viewed", by, mail, recipient=mail.recipient, kind=mail.kind)


@use_case
def resend_mail(mail: OutboxMail, *, by) -> None:
    """Put a failed mail back in the queue, due now, its attempts counted from zero.

    Raises NotFailed for a mail in any other status (sent twice by a double click, or
    waiting already).
    """
    if mail.status != MailStatus.FAILED:
        raise NotFailed
    audit.record(
        "message.resent", by, mail, recipient=mail.recipient, kind=mail.kind, error=mail.last_error
    )
    mail.status = MailStatus.WAITING
    mail.attempts = 0
    mail.due_at = utcnow()
    mail.claimed_at = None
    mail.last_error = None


@use_case
def send_group_message(event, text: MessageText, recipients, audience: dict, *, by):
    """Keep the message and queue one mail per recipient, in their language (theirs,
    else English, else the first written), all in one transaction.

    Raises NoText when no language has both a subject and a body, NoRecipients when the
    group is empty.
    """
    if not text.languages:
        raise NoText
    if not recipients:
        raise NoRecipients
    message = GroupMessage(
        event_id=event.id,
        sender_id=by.id,
        created_at=utcnow(),
        recipient_count=len(recipients),
        audience=audience,
        **{f"subject_{lang}": text.subjects.get(lang, "") for lang in LANGUAGES},
        **{f"body_{lang}": text.bodies.get(lang, "") for lang in LANGUAGES},
    )
    for lang in LANGUAGES:
        if lang not in text.languages:
            setattr(message, f"subject_{lang}", "")
            setattr(message, f"body_{lang}", "")
    db.session.add(message)
    for user in recipients:
        language = message.language_for(user.language)
        mail = queue_mail(
            user.email,
            "group_message",
            language,
            kind="group_message",
            user=user,
            event=event,
            subject=message.subject_in(language),
            body=message.body_in(language),
        )
        message.recipients.append(GroupMessageRecipient(user=user, outbox_mail=mail))
    db.session.flush()  # the message's id, for the audit entry
    audit.record(
        "message.sent_to_group",
        by,
        message,
        subject=message.subject_in(message.language_for("en")),
        recipients=len(recipients),
        audience=audience.get("kind", ""),
    )
    return message
