"""The organizer's session form, built for an event: it offers that event's choices and
turns itself into the service's input (`SessionDetails`) and back. Also the filters of
the grid and the session list, which offer the event's choices and read what was chosen.
"""

from datetime import UTC, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from .. import limits
from ..i18n import current_language, folded
from ..models import (
    LANGUAGES,
    AudienceKind,
    DiplomatFunction,
    Region,
    SessionKind,
    SessionStatus,
    SpeakerRole,
    Visibility,
)
from ..programme.services import RuleViolation, SessionDetails
from . import queries
from .fields import MultiCheckboxField, day_choices, none_choice, optional_int, room_choices
from .queries import Catalogue, SessionFilters

SPEAKER_ROWS = 6


class SpeakerRoleForm(Form):
    speaker_id = SelectField(_l("Speaker"), coerce=optional_int, validate_choice=True)
    role = SelectField(_l("Role"), choices=SpeakerRole.choices(), default=SpeakerRole.SPEAKER)


# The fields a clash can be about (`Clash.field`); the others show only in the list.
CLASH_FIELDS = frozenset(
    {
        "title_en",
        "duration",
        "day",
        "room_id",
        "capacity",
        "parallel_group",
        "organisation_ids",
        "audience_functions",
        "audience_regions",
        "audience_member_ids",
    }
)


class SessionForm(FlaskForm):
    """A session as an organizer enters it, for one event: `SessionForm(event=event)`
    offers that event's days, rooms, speakers and organisations (and the diplomats);
    `fill(details)` shows a session, `details()` reads the entry back, and
    `show(violation)` puts each clash on its field and keeps the list in `clashes`.
    """

    title_en = StringField(_l("Title (English)"), validators=[Length(max=limits.SESSION_TITLE)])
    title_fr = StringField(_l("Title (French)"), validators=[Length(max=limits.SESSION_TITLE)])
    title_nl = StringField(_l("Title (Dutch)"), validators=[Length(max=limits.SESSION_TITLE)])
    description_en = TextAreaField(
        _l("Description (English)"), validators=[Length(max=limits.SESSION_DESCRIPTION)]
    )
    description_fr = TextAreaField(
        _l("Description (French)"), validators=[Length(max=limits.SESSION_DESCRIPTION)]
    )
    description_nl = TextAreaField(
        _l("Description (Dutch)"), validators=[Length(max=limits.SESSION_DESCRIPTION)]
    )
    kind = SelectField(_l("Kind"), choices=SessionKind.choices(), default=SessionKind.PLENARY)
    day = SelectField(_l("Day"), validators=[InputRequired()])
    start_time = TimeField(
        _l("Starts at (Brussels time)"),
        validators=[InputRequired(_l("Give a start time, e.g. 09:30."))],
    )
    duration = IntegerField(
        _l("Duration (minutes)"),
        default=60,
        validators=[
            InputRequired(_l("Give a duration in minutes.")),
            NumberRange(min=5, max=24 * 60, message=_l("Between 5 minutes and 24 hours.")),
        ],
    )
    room_id = SelectField(_l("Room"), coerce=optional_int)
    speakers = FieldList(FormField(SpeakerRoleForm), min_entries=SPEAKER_ROWS)
    organisation_ids = MultiCheckboxField(_l("Partner organisations"), coerce=int)
    visibility = SelectField(
        _l("Visibility"), choices=Visibility.choices(), default=Visibility.PUBLIC
    )
    audience = SelectField(_l("Audience"), choices=AudienceKind.choices(), default=AudienceKind.ALL)
    audience_functions = MultiCheckboxField(
        _l("Functions in the audience"), choices=DiplomatFunction.choices()
    )
    audience_regions = MultiCheckboxField(_l("Regions in the audience"), choices=Region.choices())
    audience_member_ids = SelectMultipleField(_l("Diplomats in the audience"), coerce=int)
    capacity = IntegerField(
        _l("Capacity"),
        validators=[
            Optional(),
            NumberRange(min=0, max=limits.CAPACITY, message=_l("Between 0 and 100,000 places.")),
        ],
    )
    signup_required = BooleanField(_l("Diplomats must sign up (places are limited)"))
    parallel_group = StringField(
        _l("Parallel group"), validators=[Length(max=limits.PARALLEL_GROUP)]
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.clashes = []
        self._offer_choices()

    def _offer_choices(self) -> None:
        self.day.choices = day_choices(self.event)
        self.room_id.choices = room_choices(self.event)
        # Organisations first: each speaker's organisation is then found in the session,
        # without a query per speaker.
        organisations = queries.organisations_of(self.event)
        language = current_language()
        speaker_choices = [none_choice(_("— No speaker —"))] + [
            SelectChoice(
                speaker.id,
                # Name and function as pages write them; the group is the organisation.
                speaker.label(language, organisation=False),
                optgroup=_organisation_group(speaker),
            )
            for speaker in sorted(queries.speakers_of(self.event), key=_by_organisation)
        ]
        while len(self.speakers.entries) < SPEAKER_ROWS:
            self.speakers.append_entry()
        for entry in self.speakers:
            entry.speaker_id.choices = speaker_choices
        self.organisation_ids.choices = [
            (organisation.id, organisation.in_language("name", language).marked(language))
            for organisation in organisations
        ]
        self.audience_member_ids.choices = [
            (
                user.id,
                f"{user.last_name}, {user.first_name}"
                + (f" — {user.profile.post}" if user.profile else ""),
            )
            for user in queries.diplomats()
        ]

    def fill_slot(self, args) -> None:
        """Start at the free slot the grid links to, with `?day=&time=&room=`; a value that
        is not one of the event's is left out."""
        day = args.get("day", "")
        if day in dict(self.day.choices):
            self.day.data = day
        try:
            self.start_time.data = time.fromisoformat(args.get("time", ""))
        except ValueError:
            self.start_time.data = time(9, 0)
        room = args.get("room", "")
        if room.isdigit() and int(room) in {choice[0] for choice in self.room_id.choices[1:]}:
            self.room_id.data = int(room)

    def fill(self, details: SessionDetails) -> None:
        """Show these details, times in the event's time zone."""
        local_start = details.starts_at.astimezone(self.event.tz)
        self.kind.data = details.kind.value
        self.day.data = local_start.date().isoformat()
        self.start_time.data = local_start.time().replace(tzinfo=None)
        self.duration.data = int((details.ends_at - details.starts_at).total_seconds() // 60)
        for lang in LANGUAGES:
            self[f"title_{lang}"].data = details.titles.get(lang) or ""
            self[f"description_{lang}"].data = details.descriptions.get(lang) or ""
        self.room_id.data = details.room_id
        for entry, (speaker_id, role) in zip(self.speakers, details.speakers, strict=False):
            entry.speaker_id.data = speaker_id
            entry.role.data = role.value
        self.organisation_ids.data = details.organisation_ids
        self.visibility.data = details.visibility.value
        self.audience.data = details.audience.value
        self.audience_functions.data = [function.value for function in details.audience_functions]
        self.audience_regions.data = [region.value for region in details.audience_regions]
        self.audience_member_ids.data = details.audience_member_ids
        self.capacity.data = details.capacity
        self.signup_required.data = details.signup_required
        self.parallel_group.data = details.parallel_group or ""

    def details(self) -> SessionDetails:
        """What was entered, as the programme service takes it (times in UTC)."""
        day = datetime.fromisoformat(self.day.data).date()
        local_start = datetime.combine(day, self.start_time.data, tzinfo=self.event.tz)
        starts_at = local_start.astimezone(UTC)
        return SessionDetails(
            kind=SessionKind(self.kind.data),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=self.duration.data),
            titles={lang: self[f"title_{lang}"].data for lang in LANGUAGES},
            descriptions={lang: self[f"description_{lang}"].data for lang in LANGUAGES},
            room_id=self.room_id.data,
            speakers=[
                (entry.speaker_id.data, SpeakerRole(entry.role.data))
                for entry in self.speakers
                if entry.speaker_id.data is not None
            ],
            organisation_ids=self.organisation_ids.data or [],
            visibility=Visibility(self.visibility.data),
            audience=AudienceKind(self.audience.data),
            audience_functions=[
                DiplomatFunction(value) for value in self.audience_functions.data or []
            ],
            audience_regions=[Region(value) for value in self.audience_regions.data or []],
            audience_member_ids=self.audience_member_ids.data or [],
            capacity=self.capacity.data,
            signup_required=self.signup_required.data,
            parallel_group=self.parallel_group.data,
        )

    def show(self, violation: RuleViolation) -> None:
        """Show each clash on its field, and keep the list (with links) for the summary."""
        self.clashes = violation.clashes
        for clash in violation.clashes:
            if clash.field in CLASH_FIELDS:
                field = self[clash.field]
                field.errors = [*field.errors, clash.message]


def _by_organisation(speaker) -> tuple:
    """Speakers grouped by organisation (by the name shown), those without one last."""
    if speaker.organisation is None:
        return (True, "")
    return (False, folded(_organisation_group(speaker)))


def _organisation_group(speaker) -> str:
    """The group a speaker is listed under in the speaker selects: their organisation's
    name in the page's language (another one marked)."""
    if speaker.organisation is None:
        return _("Without an organisation")
    language = current_language()
    return speaker.organisation.shown_name(language).marked(language)


class ConfirmForm(FlaskForm):
    """An empty form: its CSRF token proves the confirmation came from our page."""


class PublishForm(FlaskForm):
    session_ids = FieldList(HiddenField())


class SessionFilterForm(Form):
    """Filters shared by the grid and the list. A plain WTForms form, not a FlaskForm:
    it is submitted by GET and changes nothing, so a CSRF token would only clutter URLs.

    Built with the event's `catalogue`, it offers its organisations and speakers."""

    kind = SelectField(_l("Kind"))
    organisation = SelectField(_l("Organisation"))
    speaker = SelectField(_l("Speaker"))
    status = SelectField(_l("Status"))

    def __init__(self, formdata, *, catalogue: Catalogue):
        super().__init__(formdata)
        self.kind.choices = _choices(
            _("All kinds"), [(kind.value, kind.label) for kind in SessionKind]
        )
        language = current_language()
        self.organisation.choices = _choices(
            _("All organisations"),
            [
                (str(organisation.id), organisation.shown_name(language).marked(language))
                for organisation in catalogue.organisations
            ],
        )
        self.speaker.choices = _choices(
            _("All speakers"), [(str(speaker.id), speaker.name) for speaker in catalogue.speakers]
        )
        self.status.choices = _choices(
            _("All statuses"), [(status.value, status.label) for status in SessionStatus]
        )

    def filters(self) -> SessionFilters:
        """What the request chose among the choices offered, if anything; any other value
        is dropped (and no longer shown as chosen)."""
        for select_field in (self.kind, self.organisation, self.speaker, self.status):
            if select_field.data not in {choice.value for choice in select_field.choices}:
                select_field.data = ""
        return SessionFilters(
            kind=SessionKind(self.kind.data) if self.kind.data else None,
            organisation_id=int(self.organisation.data) if self.organisation.data else None,
            speaker_id=int(self.speaker.data) if self.speaker.data else None,
            status=SessionStatus(self.status.data) if self.status.data else None,
        )


class SessionSearchForm(SessionFilterForm):
    q = SearchField(_l("Search"), render_kw={"maxlength": limits.SEARCH})

    def search(self) -> str:
        """The search text, trimmed and cut to the longest search taken."""
        self.q.data = (self.q.data or "").strip()[: limits.SEARCH]
        return self.q.data


def _choices(everything_label: str, options: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice("", everything_label)] + [
        SelectChoice(value, label) for value, label in options
    ]
