from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, IntegerField, SelectField
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput


class ProgrammeFilterForm(Form):
    """Filters of the programme page. A plain WTForms form, not a FlaskForm: it is sent by
    GET and changes nothing, so a CSRF token would only clutter bookmarked URLs."""

    kind = SelectField(_l("Kind"))
    organisation = SelectField(_l("Organisation"))


class SignUpForm(FlaskForm):
    """Sign up, or confirm giving up a place: nothing to fill in but the CSRF token."""


class SwitchForm(FlaskForm):
    """Confirm a switch: the session whose place the diplomat gives up for this one."""

    current_session_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
