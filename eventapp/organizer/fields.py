"""Form fields and choices shared by the organizer forms."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget


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
