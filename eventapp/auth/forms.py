from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from .. import limits
from ..fields import EmailAddressField

PASSWORD_RULES = [
    DataRequired(),
    Length(
        min=limits.PASSWORD_MIN,
        max=limits.PASSWORD,
        message=_l("Use between 10 and 200 characters."),
    ),
]


class LoginForm(FlaskForm):
    email = EmailAddressField(check_format=False)
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=limits.PASSWORD)]
    )
    remember = BooleanField(_l("Remember me on this device"))
    next = HiddenField()


class LogoutForm(FlaskForm):
    pass


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=limits.PASSWORD)]
    )
    new_password = PasswordField(_l("New password"), validators=PASSWORD_RULES)
    confirm_password = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password", _l("The two passwords differ."))],
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailAddressField()


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField(_l("New password"), validators=PASSWORD_RULES)
    confirm_password = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password", _l("The two passwords differ."))],
    )
