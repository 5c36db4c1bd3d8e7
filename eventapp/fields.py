"""Form fields every blueprint's forms share, so a rule about them is written once.

(The organizer's own choices and checkbox lists are in organizer/fields.py.)
"""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField
from wtforms.validators import DataRequired, Email, Length, Optional

from . import limits


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class EmailAddressField(EmailField):
    """An e-mail address as a person types it: the spaces around it dropped, at most
    `limits.EMAIL` characters, and, unless `check_format=False`, shaped like an address
    (its domain is not looked up: a form does no DNS). `required=False` lets it be left
    empty. The services still lower-case it (`normalise_email`) before storing or
    comparing.

    The login form passes `check_format=False`: an address that cannot exist simply
    finds no account, with the same answer as any wrong address.
    """

    def __init__(
        self,
        label=None,
        validators=(),
        *,
        required=True,
        check_format=True,
        message=None,
        filters=(),
        **kwargs,
    ):
        rules = [DataRequired() if required else Optional(), Length(max=limits.EMAIL)]
        if check_format:
            message = message or _l("Enter an e-mail address, e.g. name@example.org.")
            rules.append(Email(message, check_deliverability=False))
        super().__init__(
            _l("E-mail address") if label is None else label,
            validators=[*rules, *validators],
            filters=[_strip, *filters],
            **kwargs,
        )
