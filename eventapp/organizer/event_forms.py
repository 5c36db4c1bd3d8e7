"""The edition's settings that organizers change: the registration deadline, the contact."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, TimeField
from wtforms.validators import Optional, ValidationError

from ..fields import EmailAddressField


class EventSettingsForm(FlaskForm):
    deadline_day = DateField(
        _l("Registration deadline (day)"),
        validators=[Optional()],
        description=_l(
            "After it, diplomats can read their registration but no longer change or "
            "cancel it. Leave empty for no deadline."
        ),
    )
    deadline_time = TimeField(
        _l("Registration deadline (time, Brussels)"),
        validators=[Optional()],
    )
    contact_email = EmailAddressField(
        _l("Contact e-mail for diplomats"),
        required=False,
        message=_l("Enter a valid e-mail address."),
        description=_l("Shown to diplomats who need to change something after the deadline."),
    )

    def validate_deadline_time(self, field):
        if field.data is not None and self.deadline_day.data is None:
            raise ValidationError(_l("Give the day of the deadline too."))
