"""The forms of the Messages pages: the outbox's filters, and a message to a group, built
for an event (`GroupMessageForm(event=...)`), which offers the edition's days, sessions
and diplomats and turns itself into the service's input (text, audience, description).
"""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, SearchField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from .. import limits
from ..i18n import current_language, date_day, date_short
from ..messages import queries as messages
from ..messages.queries import Audience, MailFilters
from ..messages.services import MessageText
from ..models import LANGUAGES, DiplomatFunction, MailStatus, Region
from . import queries
from .fields import MultiCheckboxField, day_choices, none_choice, optional_int

LANGUAGE_NAMES = {"en": _l("in English"), "fr": _l("in French"), "nl": _l("in Dutch")}

AUDIENCE_LABELS = {
    "registered": _l("Everyone registered"),
    "confirmed": _l("Confirmed attendees only"),
    "day": _l("Attending a given day"),
    "function": _l("By function"),
    "region": _l("By region"),
    "session_confirmed": _l("Signed up for a session"),
    "session_waitlist": _l("On the waitlist of a session"),
    "named": _l("Named people"),
}


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class MailFilterForm(Form):
    """The Messages page's filters. Submitted by GET and changing nothing: no CSRF token."""

    status = SelectField(_l("Status"))
    kind = SelectField(_l("Kind"))
    q = SearchField(_l("Recipient"), render_kw={"maxlength": limits.SEARCH})

    def show(self, kinds: list[str]) -> "MailFilterForm":
        """Offer the choices; a value that is not one of them is dropped."""
        statuses = [(status.value, status.label) for status in MailStatus]
        self.status.choices = _choices([("", _("All statuses")), *statuses])
        self.kind.choices = _choices([("", _("All kinds")), *((kind, kind) for kind in kinds)])
        for select in (self.status, self.kind):
            if select.data not in {choice.value for choice in select.choices}:
                select.data = ""
        self.q.data = (self.q.data or "").strip()[: limits.SEARCH]
        return self

    def filters(self) -> MailFilters:
        return MailFilters(
            status=MailStatus(self.status.data) if self.status.data else None,
            kind=self.kind.data or "",
            recipient=self.q.data or "",
        )


def _text_fields(cls):
    for lang in LANGUAGES:
        name = LANGUAGE_NAMES[lang]
        setattr(
            cls,
            f"subject_{lang}",
            StringField(
                _l("Subject (%(language)s)", language=name),
                validators=[Optional(), Length(max=limits.MAIL_SUBJECT)],
                filters=[lambda value: " ".join((value or "").split())],
            ),
        )
        setattr(
            cls,
            f"body_{lang}",
            TextAreaField(
                _l("Message (%(language)s)", language=name),
                validators=[Optional(), Length(max=limits.GROUP_MESSAGE_BODY)],
                filters=[lambda value: (value or "").replace("\r\n", "\n").strip()],
                render_kw={"rows": 8},
            ),
        )
    return cls


@_text_fields
class GroupMessageForm(FlaskForm):
    """A message to a group, for one event: `GroupMessageForm(event=event)`."""

    audience = SelectField(_l("Recipients"), choices=_choices(AUDIENCE_LABELS.items()))
    # Checked in `validate`, and only for the group that uses them.
    day = SelectField(_l("Day"), validate_choice=False)
    functions = MultiCheckboxField(_l("Functions"), choices=DiplomatFunction.choices())
    regions = MultiCheckboxField(_l("Regions"), choices=Region.choices())
    session_id = SelectField(_l("Session"), coerce=optional_int, validate_choice=False)
    member_ids = SelectMultipleField(_l("People"), coerce=int)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.day.choices = [none_choice(_("— Choose a day —")), *_choices(day_choices(event))]
        language = current_language()
        self.session_labels = {
            session.id: f"{date_short(session.starts_at, time=True)} · "
            f"{session.text_in('title', language)}"
            for session in messages.sessions_of(event)
        }
        self.session_id.choices = [
            none_choice(_("— Choose a session —")),
            *_choices(self.session_labels.items()),
        ]
        self.member_ids.choices = _choices(
            (
                user.id,
                f"{user.last_name}, {user.first_name}"
                + (f" — {user.profile.post}" if user.profile else ""),
            )
            for user in queries.diplomats()
        )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        written = False
        for lang in LANGUAGES:
            subject, body = self[f"subject_{lang}"], self[f"body_{lang}"]
            if subject.data and not body.data:
                body.errors.append(_("Write the message too, or leave its subject empty."))
            elif body.data and not subject.data:
                subject.errors.append(_("Write a subject too, or leave the message empty."))
            written = written or bool(subject.data and body.data)
        if not written and not self.errors:
            self.subject_en.errors.append(
                _("Write a subject and a message in at least one language.")
            )
        needed = {
            "day": (self.day, _("Choose the day.")),
            "function": (self.functions, _("Choose at least one function.")),
            "region": (self.regions, _("Choose at least one region.")),
            "session_confirmed": (self.session_id, _("Choose the session.")),
            "session_waitlist": (self.session_id, _("Choose the session.")),
            "named": (self.member_ids, _("Choose at least one person.")),
        }
        if self.audience.data in needed:
            field, message = needed[self.audience.data]
            known = {str(value) for value, *_rest in field.iter_choices() if value != ""}
            if not field.data or (
                field in (self.day, self.session_id) and str(field.data) not in known
            ):
                field.errors = [*field.errors, message]
        return valid and not self.errors

    def text(self) -> MessageText:
        return MessageText(
            subjects={lang: self[f"subject_{lang}"].data or "" for lang in LANGUAGES},
            bodies={lang: self[f"body_{lang}"].data or "" for lang in LANGUAGES},
        )

    def audience_choice(self) -> Audience:
        return Audience(
            kind=self.audience.data,
            day=date.fromisoformat(self.day.data) if self.audience.data == "day" else None,
            functions=tuple(DiplomatFunction(value) for value in self.functions.data or ()),
            regions=tuple(Region(value) for value in self.regions.data or ()),
            session_id=self.session_id.data,
            user_ids=tuple(self.member_ids.data or ()),
        )

    def description(self) -> dict:
        """Who the message was for, as kept with it: the choice and a sentence saying it."""
        kind = self.audience.data
        text = str(AUDIENCE_LABELS[kind])
        detail = {"kind": kind}
        if kind == "day":
            detail["day"] = self.day.data
            text += f": {date_day(date.fromisoformat(self.day.data))}"
        elif kind in ("function", "region"):
            values = self.functions.data if kind == "function" else self.regions.data
            enum = DiplomatFunction if kind == "function" else Region
            detail[kind] = list(values)
            text += ": " + ", ".join(str(enum(value).label) for value in values)
        elif kind.startswith("session_"):
            detail["session_id"] = self.session_id.data
            text += ": " + self.session_labels.get(self.session_id.data, "")
        elif kind == "named":
            detail["people"] = len(self.member_ids.data)
        detail["description"] = text
        return detail
