"""Forms of the meeting pages: a partner's request, the head of post's answers, a
cancellation, and the organizers' booking and placing. Each form built for its meeting
or event fills its own choices (`RequestForm(windows=...)`, `AcceptForm(slots=...)`)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from .. import limits
from ..i18n import date_day, date_short
from ..organizer.fields import MultiCheckboxField
from .slots import parse_slot_key, slot_key


def window_label(window) -> str:
    """'Wednesday 4 February, 14:00–17:30, Salle Arenberg'."""
    from flask_babel import format_time

    from ..i18n import TIME_FORMAT

    room = f", {window.room.name}" if window.room is not None else ""
    end = format_time(window.ends_at, TIME_FORMAT)
    return f"{date_day(window.starts_at, time=True)}–{end}{room}"


def slot_label(slot) -> str:
    """'Wed 4 Feb, 14:25 (3 tables free)'."""
    from flask_babel import ngettext

    return ngettext(
        "%(time)s (%(num)d table free)",
        "%(time)s (%(num)d tables free)",
        len(slot.tables),
        time=date_short(slot.starts_at, time=True),
    )


class RequestForm(FlaskForm):
    """A partner's request: what about, and in which of the open windows."""

    subject = StringField(
        _l("Subject"), validators=[DataRequired(), Length(max=limits.MEETING_SUBJECT)]
    )
    note = TextAreaField(
        _l("Note for the head of post (optional)"),
        validators=[Optional(), Length(max=limits.MEETING_NOTE)],
    )
    windows = MultiCheckboxField(
        _l("Meeting windows"),
        coerce=int,
        validators=[DataRequired(message=_l("Choose at least one meeting window."))],
    )

    def __init__(self, *args, windows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.window_rows = {window.id: window for window in windows}
        self.windows.choices = [(window.id, window_label(window)) for window in windows]

    def chosen_windows(self) -> list:
        return [self.window_rows[window_id] for window_id in self.windows.data or []]


# Accepted without a time: organizers place it (eventapp/meetings/placing.py).
ANY_TIME = "any"


class AcceptForm(FlaskForm):
    """The head of post's choice among the offered slots."""

    # Not checked against the choices: a time offered on the page and taken since must
    # reach the service, which names what took it.
    slot = RadioField(
        _l("Time"),
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose one of the times offered."))],
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slot.choices = [(slot.key, slot_label(slot)) for slot in slots] + [
            (ANY_TIME, _l("Any time in the windows asked for: the organizers choose it"))
        ]

    @property
    def any_time(self) -> bool:
        return self.slot.data == ANY_TIME

    def chosen(self) -> tuple[int, object] | None:
        return parse_slot_key(self.slot.data)


class DeclineForm(FlaskForm):
    message = TextAreaField(
        _l("Message to the partner (optional)"),
        validators=[Optional(), Length(max=limits.MEETING_NOTE)],
    )


class ProposeForm(FlaskForm):
    window = RadioField(
        _l("Meeting window"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose a meeting window."))],
    )

    def __init__(self, *args, windows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.window_rows = {window.id: window for window in windows}
        self.window.choices = [(window.id, window_label(window)) for window in windows]


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"), validators=[DataRequired(), Length(max=limits.MEETING_NOTE)]
    )


class ActionForm(FlaskForm):
    """An empty form (withdraw, accept a proposal): its CSRF token proves it came from
    our page."""


def all_slot_choices(windows) -> list[tuple[str, str]]:
    """Every slot of these windows, for organizers (who may place anywhere)."""
    return [
        (slot_key(window.id, start), f"{date_short(start, time=True)} · {window_label(window)}")
        for window in windows
        for start, _end in window.slots()
    ]


class PlaceForm(FlaskForm):
    """An organizer's slot for a meeting: any slot of the edition's windows, and a table
    (the lowest free one when left empty)."""

    slot = SelectField(_l("Time"), validators=[InputRequired()])
    table = IntegerField(
        _l("Table (optional: the lowest free one)"),
        validators=[Optional(), NumberRange(min=1, max=1000)],
    )

    def __init__(self, *args, windows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.window_rows = {window.id: window for window in windows}
        self.slot.choices = all_slot_choices(windows)

    def chosen(self):
        """(window, start) from the choice, or None."""
        parsed = parse_slot_key(self.slot.data)
        if parsed is None or parsed[0] not in self.window_rows:
            return None
        return self.window_rows[parsed[0]], parsed[1]


class BookForm(PlaceForm):
    """An organizer's booking on both people's behalf."""

    partner = SelectField(_l("Partner representative"), coerce=int, validators=[InputRequired()])
    diplomat = SelectField(_l("Head of post"), coerce=int, validators=[InputRequired()])
    subject = StringField(
        _l("Subject"), validators=[DataRequired(), Length(max=limits.MEETING_SUBJECT)]
    )

    def __init__(self, *args, partners=(), diplomats=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_rows = {person.id: person for person in partners}
        self.diplomat_rows = {person.id: person for person in diplomats}
        self.partner.choices = [(person.id, label) for person, label in _labelled(partners)]
        self.diplomat.choices = [(person.id, label) for person, label in _labelled(diplomats)]


def _labelled(people):
    return [(person, f"{person.full_name} ({person.email})") for person in people]
