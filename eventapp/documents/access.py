"""Who may read a briefing document.

Organizers read every document, withdrawn ones and every version included. Anyone else
reads a document that is not withdrawn, on a session they may see (`visible_to`:
anonymous visitors, door staff and partner representatives see public sessions;
diplomats also attendee sessions and the invited-only sessions meant for them); a
document narrowed to participants only when they are one: a diplomat with the session
on their agenda (its audience, on a day they attend) holding a place when it needs
sign-up (a waitlist position is not a place). Anyone else is answered 404, as if the
document did not exist.
"""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Document, Session, SignUpStatus
from ..programme.agenda import Place, agenda_rows, attended_days
from ..visibility import visible_to


def is_participant(session: Session, user) -> bool:
    """The diplomat is a registered participant of the session (see the module)."""
    if not getattr(user, "is_authenticated", False) or not user.is_diplomat:
        return False
    event = session.event
    day = session.starts_at.astimezone(event.tz).date()
    if day not in attended_days(user, event):
        return False
    row = next(
        (
            row
            for row in agenda_rows(user, [day], event, with_changes=False)
            if row.session_id == session.id
        ),
        None,
    )
    return row is not None and participant_on_agenda(session.signup_required, row.place)


def participant_on_agenda(signup_required: bool, place: Place | None) -> bool:
    """A diplomat with the session on their agenda is a participant: of a session needing
    sign-up when they hold a place in it (a waitlist position is not one), of any other
    session always (the agenda and the pack decide from their rows with this)."""
    return not signup_required or (place is not None and place.status == SignUpStatus.CONFIRMED)


def session_documents(session: Session, viewer) -> list[Document]:
    """The documents of a session the viewer may read (the viewer may see the session:
    the caller checked), newest first; organizers get withdrawn ones too."""
    statement = (
        select(Document)
        .where(Document.session_id == session.id)
        .options(selectinload(Document.versions))
    )
    if not _is_organizer(viewer):
        statement = statement.where(Document.withdrawn_at.is_(None))
    documents = list(db.session.scalars(statement.order_by(Document.created_at, Document.id)))
    if _is_organizer(viewer) or not any(d.participants_only for d in documents):
        return documents
    participant = is_participant(session, viewer)
    return [d for d in documents if participant or not d.participants_only]


def readable_document(document_id: int, viewer) -> Document | None:
    """The document if the viewer may read it, else None (the caller answers 404)."""
    statement = (
        select(Document)
        .join(Session, Session.id == Document.session_id)
        .where(Document.id == document_id, visible_to(viewer))
    )
    if not _is_organizer(viewer):
        statement = statement.where(Document.withdrawn_at.is_(None))
    document = db.session.scalar(statement)
    if document is None or _is_organizer(viewer) or not document.participants_only:
        return document
    return document if is_participant(document.session, viewer) else None


def _is_organizer(viewer) -> bool:
    return bool(getattr(viewer, "is_authenticated", False) and viewer.is_organizer)
