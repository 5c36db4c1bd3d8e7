"""The door's forms: a badge code typed or scanned (or a person picked by name), and the
undo of a check-in. The fields are read leniently: a code that cannot be one is the
door's answer "Unknown or replaced badge", not a form error (eventapp/door/checkin.py)."""

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField

from .. import limits


class CheckInForm(FlaskForm):
    code = StringField(_l("Badge code"))
    registration_id = HiddenField()
    # An offline scan sent when the network is back: the phone's key, and when it was made.
    client_key = HiddenField()
    offline = HiddenField()
    scanned_at = HiddenField()

    @property
    def typed_code(self) -> str | None:
        """The code as sent (None when none was): its length is the service's concern."""
        code = self.code.data
        return code if isinstance(code, str) and code.strip() else None

    @property
    def picked(self) -> str | None:
        value = self.registration_id.data
        return value if isinstance(value, str) and value.strip() else None

    @property
    def key(self) -> str | None:
        value = self.client_key.data
        if not isinstance(value, str) or not value.strip():
            return None
        return value.strip()[: limits.CHECK_IN_CLIENT_KEY]

    @property
    def is_offline(self) -> bool:
        return self.offline.data in ("1", "true", "on")

    @property
    def scan_time(self) -> datetime | None:
        """The offline scan's time (ISO 8601 with an offset, as the phone's toISOString
        writes it), or None for anything else."""
        value = self.scanned_at.data
        if not isinstance(value, str) or not value or len(value) > 40:
            return None
        try:
            moment = datetime.fromisoformat(value.strip())
            return moment.astimezone(UTC) if moment.tzinfo is not None else None
        except (ValueError, OverflowError):  # year 1 with an offset east of UTC
            return None


class UndoForm(FlaskForm):
    check_in_id = HiddenField()
    # Sent by the confirmation page's button; without it the confirmation is shown.
    confirm = HiddenField()
