"""The grid's move form: another day, start and room for a session, its duration kept.

The same form serves three ways of moving: the page an organizer reaches from a card
(keyboard, no JavaScript), the grid's drag and drop (which posts it with fetch) and
"Undo" (which posts the previous place, with `undo=1`).
"""

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TimeField
from wtforms.validators import InputRequired

from ..models import Session
from ..programme.rules import Clash
from ..programme.services import RuleViolation
from .fields import day_choices, optional_int, room_choices

# The fields a clash can be about (`Clash.field`); the others show only in the list.
CLASH_FIELDS = frozenset({"day", "room_id"})


class MoveForm(FlaskForm):
    """Where a session goes, for one session: `MoveForm(session=session)` offers the
    event's days and rooms; `fill()` shows where it is now, `starts_at()` and
    `room_id.data` are what `move_session` takes, and `show(violation)` or
    `refuse(message)` keep the refusals (`clashes`) and put each on its field."""

    day = SelectField(_l("Day"), validators=[InputRequired()])
    start_time = TimeField(
        _l("Starts at (Brussels time)"),
        validators=[InputRequired(_l("Give a start time, e.g. 09:30."))],
    )
    room_id = SelectField(_l("Room"), coerce=optional_int)
    undo = HiddenField()

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.event = session.event
        self.clashes: list[Clash] = []
        self.day.choices = day_choices(self.event)
        self.room_id.choices = room_choices(self.event)

    @property
    def undoing(self) -> bool:
        """Whether this is the grid's "Undo" of the last move."""
        return self.undo.data == "1"

    @property
    def day_now(self) -> str:
        """The day the session is on now (YYYY-MM-DD), the grid's day to go back to."""
        return self.session.starts_at.astimezone(self.event.tz).date().isoformat()

    def fill(self) -> None:
        """Show where the session is now, in the event's time zone."""
        local_start = self.session.starts_at.astimezone(self.event.tz)
        self.day.data = self.day_now
        self.start_time.data = local_start.time().replace(tzinfo=None)
        self.room_id.data = self.session.room_id

    def starts_at(self) -> datetime:
        """The new start, entered in the event's time zone, in UTC."""
        day = datetime.fromisoformat(self.day.data).date()
        return datetime.combine(day, self.start_time.data, tzinfo=self.event.tz).astimezone(UTC)

    def show(self, violation: RuleViolation) -> None:
        """Keep the clashes (with links, for the summary) and put each on its field."""
        self.clashes = violation.clashes
        for clash in violation.clashes:
            if clash.field in CLASH_FIELDS:
                field = self[clash.field]
                field.errors = [*field.errors, clash.message]

    def refuse(self, message: str) -> None:
        """A refusal that is about the session, not a field (e.g. it is cancelled)."""
        self.clashes = [Clash(message)]

    def problems(self) -> list[Clash]:
        """Everything that stopped the move: the clashes, then the errors of fields
        that no clash explains (a day that is not offered, a time that is not one)."""
        explained = {clash.field for clash in self.clashes}
        return self.clashes + [
            Clash(f"{field.label.text}: {error}", name)
            for name, field in self._fields.items()
            if name not in explained
            for error in field.errors
        ]
