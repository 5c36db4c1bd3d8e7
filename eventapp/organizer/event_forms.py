"""The edition's settings that organizers change: the registration deadline, the contact."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, TimeField
from wtforms.validators import Email, Length, Optional, ValidationError


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
    contact_email = EmailField(
        _l("Contact e-mail for diplomats"),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            Optional(),
            Email(_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
        description=_l("Shown to diplomats who need to change something after the deadline."),
    )

    def validate_deadline_time(self, field):
        if field.data is not None and self.deadline_day.data is None:
            raise ValidationError(_l("Give the day of the deadline too."))
