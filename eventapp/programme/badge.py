"""The diplomat's badge on the agenda: the days they attend and their badge's QR code.

A diplomat who left the badge at the hotel shows the agenda on a phone at the door. The
agenda already asks which days the diplomat attends; the same statement brings the
registration's badge seed, so the code costs no query. Only a registration that has no
seed yet (its first badge, its first agenda visit) or whose hash was made with another
SECRET_KEY writes, once: `badges.ensure_badge_code` in its own unit of work. The QR code
is an inline SVG made here (no outside service sees the code), with a <title> for
screen readers and CSS classes rather than a style attribute (the CSP forbids those).
"""

from dataclasses import dataclass
from datetime import date

import segno
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import bindparam, select

from ..door import badges
from ..door.badge_pdf import BADGE_STATUSES, grouped
from ..extensions import db
from ..models import Event, Registration, RegistrationDay, User


@dataclass(frozen=True)
class AgendaBadge:
    code: str
    svg: Markup

    @property
    def grouped(self) -> str:
        return grouped(self.code)


# The days and the badge's columns of the diplomat's attending registration, a row a day.
ATTENDANCE = (
    select(
        RegistrationDay.day,
        Registration.id,
        Registration.badge_seed,
        Registration.badge_code_hash,
    )
    .join(Registration, RegistrationDay.registration_id == Registration.id)
    .where(
        Registration.event_id == bindparam("event_id"),
        Registration.user_id == bindparam("user_id"),
        Registration.status.in_(BADGE_STATUSES),
    )
    .order_by(RegistrationDay.day)
)


def attendance(user: User, event: Event) -> tuple[list[date], AgendaBadge | None]:
    """The days the diplomat attends (as `agenda.attended_days`) and their badge, or
    ([], None) when they attend no day. One statement; a write the first time (above)."""
    rows = db.session.execute(ATTENDANCE, {"event_id": event.id, "user_id": user.id}).all()
    if not rows:
        return [], None
    _day, registration_id, seed, stored_hash = rows[0]
    code = badges.code_from(seed) if seed else None
    if code is None or stored_hash != badges.code_hash(code):
        code = badges.ensure_badge_code(db.session.get(Registration, registration_id))
    return [row.day for row in rows], AgendaBadge(code, qr_svg(code))


def qr_svg(code: str) -> Markup:
    """The QR code of `code` as inline SVG: scales to its box (a viewBox, no size), a
    white quiet zone of 4 modules, a <title>, no XML declaration, no style attribute."""
    svg = segno.make(code, error="m").svg_inline(
        scale=1,
        border=4,
        omitsize=True,
        light="#fff",
        title=_("QR code of your badge"),
        svgclass="agenda-badge__image",
        lineclass="agenda-badge__modules",
    )
    # segno escapes the title; role="img" makes it the image's name for screen readers.
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704
