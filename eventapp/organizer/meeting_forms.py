"""Forms of the organizers' meeting pages: a meeting window, the edition's limits, the
overview's filters, and the empty forms that confirm an action."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, TimeField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from ..meetings.windows import MIN_MEETING_MINUTES, Limits, WindowValues
from ..models import MeetingWindow
from .fields import day_choices, optional_int
from .queries import rooms_of

MAX_TABLES = 500
MAX_MEETING_MINUTES = 240
MAX_CHANGEOVER_MINUTES = 120
MAX_LIMIT = 1000


class WindowForm(FlaskForm):
    """A meeting window, built for an edition: its days and its rooms."""

    # The choice is checked by validate_day, which says why.
    day = SelectField(
        _l("Day"), validators=[InputRequired(_l("Choose a day."))], validate_choice=False
    )
    start = TimeField(
        _l("Starts at (Brussels time)"),
        validators=[InputRequired(_l("Give a start time, e.g. 14:00."))],
    )
    end = TimeField(
        _l("Ends at (Brussels time)"),
        validators=[InputRequired(_l("Give an end time, e.g. 17:30."))],
    )
    room_id = SelectField(
        _l("Room"), coerce=optional_int, validators=[InputRequired(_l("Choose a room."))]
    )
    tables = IntegerField(
        _l("Number of tables"),
        default=10,
        validators=[
            InputRequired(_l("Give the number of tables.")),
            NumberRange(
                min=1,
                max=MAX_TABLES,
                message=_l("Between 1 and %(max)d tables.", max=MAX_TABLES),
            ),
        ],
    )
    meeting_minutes = IntegerField(
        _l("Meeting length (minutes)"),
        default=20,
        validators=[
            InputRequired(_l("Give the length of a meeting in minutes.")),
            NumberRange(
                min=MIN_MEETING_MINUTES,
                max=MAX_MEETING_MINUTES,
                message=_l(
                    "Between %(min)d and %(max)d minutes.",
                    min=MIN_MEETING_MINUTES,
                    max=MAX_MEETING_MINUTES,
                ),
            ),
        ],
    )
    changeover_minutes = IntegerField(
        _l("Changeover (minutes)"),
        default=5,
        description=_l("Time between two meetings at a table."),
        validators=[
            InputRequired(_l("Give the changeover in minutes (0 for none).")),
            NumberRange(
                min=0,
                max=MAX_CHANGEOVER_MINUTES,
                message=_l(
                    "Between %(min)d and %(max)d minutes.", min=0, max=MAX_CHANGEOVER_MINUTES
                ),
            ),
        ],
    )

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.day.choices = day_choices(event)
        self.room_id.choices = [("", _l("— Choose a room —"))] + [
            (room.id, room.name) for room in rooms_of(event)
        ]

    def validate_day(self, field):
        if field.data not in {value for value, _label in self.day.choices}:
            raise ValidationError(_l("A meeting window must lie on one of the edition's days."))

    def validate_end(self, field):
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError(_l("The window must end after it starts."))

    def fill_from(self, window: MeetingWindow) -> None:
        starts_at = window.starts_at.astimezone(self.event.tz)
        self.day.data = starts_at.date().isoformat()
        self.start.data = starts_at.time()
        self.end.data = window.ends_at.astimezone(self.event.tz).time()
        self.room_id.data = window.room_id
        self.tables.data = window.tables
        self.meeting_minutes.data = window.meeting_minutes
        self.changeover_minutes.data = window.changeover_minutes

    def values(self) -> WindowValues:
        return WindowValues(
            day=date.fromisoformat(self.day.data),
            start=self.start.data,
            end=self.end.data,
            room_id=self.room_id.data,
            tables=self.tables.data,
            meeting_minutes=self.meeting_minutes.data,
            changeover_minutes=self.changeover_minutes.data,
        )


def _limit_field(label, description):
    return IntegerField(
        label,
        description=description,
        validators=[
            InputRequired(_l("Give a whole number.")),
            NumberRange(
                min=1, max=MAX_LIMIT, message=_l("A whole number from 1 to %(max)d.", max=MAX_LIMIT)
            ),
        ],
    )


class LimitsForm(FlaskForm):
    """The edition's limits on requests and meetings (point 4 of issue 21)."""

    requests_per_partner = _limit_field(
        _l("Open requests per partner representative"),
        _l("Requests waiting for an answer that one partner representative may have at once."),
    )
    meetings_per_diplomat_per_day = _limit_field(_l("Meetings per head of post per day"), None)
    meetings_per_partner_per_day = _limit_field(
        _l("Meetings per partner representative per day"), None
    )

    def fill_from(self, event) -> None:
        self.requests_per_partner.data = event.meeting_requests_per_partner
        self.meetings_per_diplomat_per_day.data = event.meetings_per_diplomat_per_day
        self.meetings_per_partner_per_day.data = event.meetings_per_partner_per_day

    def limits(self) -> Limits:
        return Limits(
            requests_per_partner=self.requests_per_partner.data,
            meetings_per_diplomat_per_day=self.meetings_per_diplomat_per_day.data,
            meetings_per_partner_per_day=self.meetings_per_partner_per_day.data,
        )


class ConfirmForm(FlaskForm):
    """An empty form for open, close, delete and auto-place: its CSRF token proves it
    came from our confirmation page."""
