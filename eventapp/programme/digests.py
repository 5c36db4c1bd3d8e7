"""Digests of programme changes: one mail for the changes made to a diplomat's agenda
within a few minutes, not one mail per edit.

An organizer rearranging the programme moves a session, then its neighbour, then the
first one again: without digests each diplomat holding them gets three mails, the
first already wrong. Instead each change joins the diplomat's *waiting digest*, an
outbox mail (kind "agenda_digest", digest key "agenda:<user id>") held back until
MAIL_DIGEST_MINUTES after the first change it reports:

- the window is measured from the first change, never pushed back by later ones, so a
  busy organizer cannot postpone the mail forever: a diplomat learns of a change at
  most one window late;
- the digest's body is rendered again, in the diplomat's language, from the change
  records it reports (`AgendaDigestChange`) each time one joins. Per session it says
  where each field went from and to over the whole window (first old → latest new): a
  diplomat needs where to be, not the steps in between. A field back where it started
  is left out, a session back where it started too, and a digest left with nothing to
  say is withdrawn;
- a cancellation is mailed at once, on its own (`notify_agenda_holders`); the session
  is taken out of the waiting digests, which would otherwise announce a new time for a
  session that no longer takes place.

A digest the delivery has started on (no longer waiting, or tried once) is never
touched again: later changes start a new one. With MAIL_DIGEST_MINUTES = 0 every
change is mailed at once, as before digests. Everything here runs in the transaction
of the change: a rolled-back edit leaves its digest as it was.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import limits
from ..extensions import db
from ..mail import queue_mail
from ..models import MailStatus, OutboxMail, Session, SessionChange, User, utcnow
from ..models.digests import AgendaDigestChange

DIGEST_KIND = "agenda_digest"
DIGEST_TEMPLATE = "agenda_digest"
# The fields a digest lists for a session (its status goes by a cancellation mail).
LISTED_FIELDS = ("starts_at", "ends_at", "room")
# Digest keys asked per statement: well under SQLite's limit of bound parameters.
KEY_BATCH = 500


def digest_window() -> timedelta:
    """MAIL_DIGEST_MINUTES as a duration; zero (or less) means no digests."""
    minutes = float(current_app.config.get("MAIL_DIGEST_MINUTES") or 0)
    return timedelta(minutes=max(minutes, 0))


def digest_key(user: User) -> str:
    return f"agenda:{user.id}"


@dataclass(frozen=True)
class DigestItem:
    """One session in a digest: its title in the reader's language and its net changes
    [(field, {"old": ..., "new": ...})], in the order of LISTED_FIELDS."""

    session: Session
    title: str
    changes: list[tuple[str, dict]]


def add_to_digests(
    holders: Iterable[User], change: SessionChange, link: str | None, now: datetime | None = None
) -> None:
    """Report `change` to each of `holders` in their waiting digest, or in a new one due
    MAIL_DIGEST_MINUTES from now. Digests being extended are locked (FOR UPDATE on
    PostgreSQL) so that a delivery worker cannot send one half-updated. Does not commit.
    """
    if not any(name in change.fields for name in LISTED_FIELDS):
        return  # a status alone (published again): nothing a digest lists
    holders = list(holders)
    now = now or utcnow()
    waiting = _waiting_digests([digest_key(user) for user in holders], now)
    extended = []
    for user in holders:
        mail = waiting.get(digest_key(user))
        if mail is None:
            mail = queue_mail(
                user.email,
                DIGEST_TEMPLATE,
                user.language,
                kind=DIGEST_KIND,
                user=user,
                event=change.session.event,
                due_at=now + digest_window(),
                digest_key=digest_key(user),
                sessions=report([change], user.language),
                link=link,
            )
        else:
            extended.append((mail, user))
        db.session.add(AgendaDigestChange(outbox_mail=mail, session_change=change))
    if extended:
        db.session.flush()
        _render_again(extended, link)


def withdraw_from_digests(session: Session, link: str | None) -> None:
    """Take a cancelled session out of the waiting digests that report it (its
    cancellation has a mail of its own); a digest left with nothing to say is deleted.
    Does not commit."""
    mails = db.session.scalars(
        select(OutboxMail)
        .join(AgendaDigestChange, AgendaDigestChange.outbox_mail_id == OutboxMail.id)
        .join(SessionChange, SessionChange.id == AgendaDigestChange.session_change_id)
        .where(SessionChange.session_id == session.id, *_still_open())
        .order_by(OutboxMail.id)
        .with_for_update(of=OutboxMail)
    ).unique()
    _render_again([(mail, db.session.get(User, mail.user_id)) for mail in mails], link)


def report(changes: Iterable[SessionChange], language: str) -> list[DigestItem]:
    """What a digest says about these changes: per session still taking place, in time
    order, each listed field's first old and latest new value, when they differ."""
    by_session: dict[int, list[SessionChange]] = {}
    for change in sorted(changes, key=lambda change: change.id):
        by_session.setdefault(change.session_id, []).append(change)
    items = []
    for session_changes in by_session.values():
        session = session_changes[0].session
        if session.is_cancelled:
            continue
        net = []
        for name in LISTED_FIELDS:
            steps = [change.fields[name] for change in session_changes if name in change.fields]
            if steps and steps[0]["old"] != steps[-1]["new"]:
                net.append((name, {"old": steps[0]["old"], "new": steps[-1]["new"]}))
        if net:
            items.append(DigestItem(session, session.text_in("title", language), net))
    return sorted(items, key=lambda item: (item.session.starts_at, item.session.id))


def _still_open():
    """Conditions on OutboxMail: a digest the delivery has not started on."""
    return (
        OutboxMail.kind == DIGEST_KIND,
        OutboxMail.status == MailStatus.WAITING,
        OutboxMail.attempts == 0,
    )


def _waiting_digests(keys: list[str], now: datetime) -> dict[str, OutboxMail]:
    """The digests of these keys still gathering changes (not due yet), locked."""
    found = {}
    for start in range(0, len(keys), KEY_BATCH):
        for mail in db.session.scalars(
            select(OutboxMail)
            .where(
                OutboxMail.digest_key.in_(keys[start : start + KEY_BATCH]),
                OutboxMail.due_at > now,
                *_still_open(),
            )
            .order_by(OutboxMail.id)
            .with_for_update()
        ):
            found.setdefault(mail.digest_key, mail)
    return found


def _render_again(mails: list[tuple[OutboxMail, User | None]], link: str | None) -> None:
    """Write each digest's subject and body again from all the changes it reports, in its
    reader's language now; delete those left with nothing to say."""
    if not mails:
        return
    reported: dict[int, list[SessionChange]] = {}
    for row in db.session.scalars(
        select(AgendaDigestChange)
        .where(AgendaDigestChange.outbox_mail_id.in_([mail.id for mail, _user in mails]))
        .options(
            selectinload(AgendaDigestChange.session_change)
            .selectinload(SessionChange.session)
            .selectinload(Session.room)
        )
    ):
        reported.setdefault(row.outbox_mail_id, []).append(row.session_change)
    for mail, user in mails:
        language = user.language if user is not None else mail.language
        sessions = report(reported.get(mail.id, []), language)
        if user is None or not sessions:
            _withdraw(mail)
            continue
        subject, body = _render(language, user=user, sessions=sessions, link=link)
        mail.language, mail.subject, mail.body = str(language), subject, body


def _withdraw(mail: OutboxMail) -> None:
    """Delete a digest that was never sent and has nothing left to say (a mail, not a
    record: nobody was told anything)."""
    # The links first: SQLite does not enforce the foreign key's ON DELETE CASCADE.
    for link in db.session.scalars(
        select(AgendaDigestChange).where(AgendaDigestChange.outbox_mail_id == mail.id)
    ):
        db.session.delete(link)
    db.session.delete(mail)


def _render(language: str, **context) -> tuple[str, str]:
    """The digest's subject and body, as `queue_mail` renders a mail template."""
    with force_locale(language):
        text = render_template(f"mail/{DIGEST_TEMPLATE}.txt", **context)
    subject, _, body = text.strip().partition("\n")
    return subject.strip()[: limits.MAIL_SUBJECT], body.strip() + "\n"
