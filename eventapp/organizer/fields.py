"""Form fields and choices shared by the organizer forms."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from ..i18n import date_day
from . import queries


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes: easier than a multi-select on a phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def optional_int(value):
    """'' -> None, '12' -> 12 (a SelectField coerce for 'none' choices)."""
    if value in (None, "", "None"):
        return None
    return int(value)


def none_choice(label=None) -> SelectChoice:
    return SelectChoice("", label or _l("— None —"))


def day_choices(event) -> list[tuple[str, str]]:
    """The edition's days for a day select: ISO date, and the day as pages write it."""
    return [(day.isoformat(), date_day(day)) for day in event.days]


def room_choices(event) -> list:
    """The edition's rooms for a room select, with their places, after "no room"."""
    return [none_choice(_l("— No room —"))] + [
        (
            room.id,
            ngettext(
                "%(name)s (%(num)d place)",
                "%(name)s (%(num)d places)",
                room.capacity,
                name=room.name,
            ),
        )
        for room in queries.rooms_of(event)
    ]
