"""The programme as people read it: day by day, a page per session, sign-ups, the personal
agenda, and the list of programme changes.

What a page shows follows `visible_to(current_user)`; a session the viewer may not see
answers 404, so its existence is not given away. Each page costs a fixed number of
queries, whatever the number of sessions.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, partial

from flask import (
    abort,
    current_app,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import aliased, selectinload
from wtforms.fields.choices import SelectChoice

from ..calendar import services as calendar_services
from ..events import current_event
from ..extensions import db
from ..i18n import current_language, date_range
from ..models import (
    SESSION_DETAILS,
    Event,
    Organisation,
    Session,
    SessionChange,
    SessionKind,
    SessionStatus,
    SignUp,
    SignUpStatus,
)
from ..readonly import reads_only
from ..record_ids import parse_id
from ..signups import services as signups
from ..signups import statements as signup_statements
from ..signups.services import SignUpError, SwitchNeeded
from ..visibility import BoundViewer, audience_includes, viewer_kind_and_values, visible_to
from . import agenda as agenda_service
from . import bp
from .agenda import (
    ACTIVE_SIGNUP,
    AgendaItem,
    Place,
    agenda_rows,
    attended_days,
    changes_since,
    day_bounds,
    mark_agenda_seen,
    mark_now_and_next,
)
from .cards import agenda_list, cards_for, kept, organisation_choices, programme_list
from .forms import ProgrammeFilterForm, SignUpForm, SwitchForm

CHANGE_LIMIT = 200
# A day's title on the agenda ("Monday 2 February 2026").
DAY_TITLE = "EEEE d MMMM y"

FIELD_LABELS = {
    "title_en": _l("Title (English)"),
    "title_fr": _l("Title (French)"),
    "title_nl": _l("Title (Dutch)"),
    "description_en": _l("Description (English)"),
    "description_fr": _l("Description (French)"),
    "description_nl": _l("Description (Dutch)"),
    "starts_at": _l("Start"),
    "ends_at": _l("End"),
    "room": _l("Room"),
    "speakers": _l("Speakers"),
    "status": _l("Status"),
}


# The programme, day by day


@dataclass(frozen=True)
class ProgrammeFilters:
    kind: SessionKind | None = None
    organisation_id: int | None = None

    @property
    def active(self) -> bool:
        return self.kind is not None or self.organisation_id is not None

    def query_args(self) -> dict[str, str]:
        args = {
            "kind": self.kind.value if self.kind else None,
            "organisation": self.organisation_id,
        }
        return {name: str(value) for name, value in args.items() if value is not None}

    def apply(self, statement):
        if self.kind is not None:
            statement = statement.where(Session.kind == self.kind)
        if self.organisation_id is not None:
            statement = statement.where(
                Session.organisations.any(Organisation.id == self.organisation_id)
            )
        return statement


@dataclass(frozen=True)
class DayTab:
    day: date
    url: str
    current: bool


@bp.get("/programme")
@reads_only
def programme():
    """One day of the programme (`?day=YYYY-MM-DD`), filtered by kind and organisation.

    The sessions' details come from the cards this worker rendered for the current
    programme version (`cards.py`); what the viewer may see, places left and the
    viewer's own places are asked on every request, in one statement.
    """
    event = current_event()
    if event is None:
        return render_template("programme/programme.html", event=None)
    form = ProgrammeFilterForm(request.args)
    organisations = organisation_choices(event)
    filters = _read_filters(form, organisations)
    day = _day_from(request.args.get("day", ""), event) or _default_day(event)
    found = _day_sessions(event, day, filters)
    cards = cards_for(event, [session_id for session_id, _confirmed, _place in found])
    sessions = programme_list(
        event,
        [
            (cards[session_id], confirmed, place)
            for session_id, confirmed, place in found
            # Deleted (a draft) since the first statement: gone from this page too.
            if session_id in cards
        ],
    )
    language, site = current_language(), request.script_root
    controls = kept(
        event,
        ("controls", language, site, event.first_day, event.last_day, day, filters),
        lambda: _programme_controls(event, day, form, filters, organisations),
    )
    return render_template(
        "programme/programme.html",
        event=event,
        dates=kept(
            event,
            ("dates", language, event.first_day, event.last_day),
            lambda: date_range(event.first_day, event.last_day),
        ),
        day=day,
        controls=controls,
        filters=filters,
        clear_url=url_for("programme.programme", day=day.isoformat()),
        sessions=sessions,
        has_any_session=bool(found) or _event_has_visible_sessions(event),
    )


def _day_sessions(event: Event, day: date, filters: ProgrammeFilters):
    """[(session id, confirmed places, the viewer's Place or None)] of the sessions of
    `day` the viewer may see, in programme order: one statement."""
    viewer, values = viewer_kind_and_values(current_user)
    diplomat = current_user.is_authenticated and current_user.is_diplomat
    statement = _day_statement(
        viewer, diplomat, filters.kind is not None, filters.organisation_id is not None
    )
    start, end = day_bounds(day, event.tz)
    values |= {"event_id": event.id, "start": start, "end": end}
    if filters.kind is not None:
        values["kind"] = filters.kind
    if filters.organisation_id is not None:
        values["organisation_id"] = filters.organisation_id
    rows = db.session.execute(statement, values)
    if not diplomat:
        return [(session_id, count, None) for session_id, count in rows]
    return [
        (session_id, count, Place(status, position) if status else None)
        for session_id, count, status, position in rows
    ]


@cache
def _day_statement(viewer, diplomat: bool, by_kind: bool, by_organisation: bool):
    """The statement of `_day_sessions` for one kind of viewer and of filters, built once
    (building it costs more than running it) with the values as bound parameters."""
    confirmed = (
        select(func.count())
        .select_from(SignUp)
        .where(SignUp.session_id == Session.id, SignUp.status == SignUpStatus.CONFIRMED)
        .correlate(Session)
        .scalar_subquery()
    )
    statement = select(Session.id, confirmed)
    if diplomat:
        mine = aliased(SignUp)
        statement = statement.add_columns(mine.status, mine.position).outerjoin(
            mine,
            and_(
                mine.session_id == Session.id,
                mine.user_id == bindparam("viewer_id"),
                mine.status.in_(ACTIVE_SIGNUP),
            ),
        )
    filters = ProgrammeFilters(
        kind=bindparam("kind") if by_kind else None,
        organisation_id=bindparam("organisation_id") if by_organisation else None,
    )
    return filters.apply(
        statement.where(
            Session.event_id == bindparam("event_id"),
            visible_to(BoundViewer(*viewer)),
            Session.starts_at >= bindparam("start"),
            Session.starts_at < bindparam("end"),
        )
    ).order_by(Session.starts_at, Session.ends_at, Session.id)


def _read_filters(form: ProgrammeFilterForm, organisations) -> ProgrammeFilters:
    """Keep what the request chose among the event's kinds and organisations, if anything.

    `organisations`: (id, display name) pairs, as `organisation_choices` gives them.
    """
    if form.kind.data not in {kind.value for kind in SessionKind}:
        form.kind.data = ""
    if form.organisation.data not in {str(organisation_id) for organisation_id, _ in organisations}:
        form.organisation.data = ""
    return ProgrammeFilters(
        kind=SessionKind(form.kind.data) if form.kind.data else None,
        organisation_id=int(form.organisation.data) if form.organisation.data else None,
    )


def _programme_controls(event: Event, day: date, form, filters: ProgrammeFilters, organisations):
    """The day tabs, the filter form (offering the event's choices) and the day's title."""
    form.kind.choices = [SelectChoice("", _("All kinds"))] + [
        SelectChoice(kind.value, kind.label) for kind in SessionKind
    ]
    form.organisation.choices = [SelectChoice("", _("All organisations"))] + [
        SelectChoice(str(organisation_id), name) for organisation_id, name in organisations
    ]
    filter_args = filters.query_args()
    tabs = [
        DayTab(
            day=each,
            url=url_for("programme.programme", day=each.isoformat(), **filter_args),
            current=each == day,
        )
        for each in event.days
    ]
    return get_template_attribute("programme/_cards.html", "programme_controls")(
        tabs=tabs,
        day=day,
        form=form,
        filters=filters,
        clear_url=url_for("programme.programme", day=day.isoformat()),
    )


def _day_from(value: str, event: Event) -> date | None:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if event.first_day <= day <= event.last_day else None


def _default_day(event: Event) -> date:
    """Today while the event is on, its first day otherwise."""
    today = _now().astimezone(event.tz).date()
    return today if event.first_day <= today <= event.last_day else event.first_day


def _event_has_visible_sessions(event: Event) -> bool:
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(Session)
            .where(Session.event_id == event.id, visible_to(current_user))
        )
    )


def _with_details(statement):
    """Load what programme pages show with each session, in a fixed number of queries."""
    return statement.options(*SESSION_DETAILS)


def _confirmed_counts(session_ids: list[int]) -> dict[int, int]:
    """Confirmed places per session, for "N places left"."""
    if not session_ids:
        return {}
    rows = db.session.execute(
        select(SignUp.session_id, func.count())
        .where(SignUp.session_id.in_(session_ids), SignUp.status == SignUpStatus.CONFIRMED)
        .group_by(SignUp.session_id)
    )
    return dict(rows.all())


def _my_signups(session_ids: list[int]) -> dict[int, SignUp]:
    """The viewer's places and waitlist positions among these sessions."""
    if not session_ids or not current_user.is_authenticated or not current_user.is_diplomat:
        return {}
    return {
        signup.session_id: signup
        for signup in db.session.scalars(
            select(SignUp).where(
                SignUp.user_id == current_user.id,
                SignUp.status.in_(ACTIVE_SIGNUP),
                SignUp.session_id.in_(session_ids),
            )
        )
    }


# One session


def visible_session_or_404(session_id: int, *, details: bool = True) -> Session:
    """The session if the viewer may see it; 404 otherwise, as if it did not exist.

    With `details`, its room, speakers and organisations are loaded with it (for its
    page); sign-up actions need none of them (a confirmation page loads its room lazily).
    """
    statement, parameters = signup_statements.visible_session(session_id, current_user)
    session = db.session.scalar(_with_details(statement) if details else statement, parameters)
    if session is None:
        abort(404)
    return session


@bp.get("/sessions/<int:session_id>", endpoint="session")
@reads_only
def session_page(session_id):
    session = visible_session_or_404(session_id)
    my_signup = _my_signups([session.id]).get(session.id)
    in_audience = None
    if current_user.is_authenticated and current_user.is_diplomat:
        in_audience = bool(
            db.session.scalar(
                select(func.count())
                .select_from(Session)
                .where(Session.id == session.id, audience_includes(current_user))
            )
        )
    return render_template(
        "programme/session.html",
        session=session,
        confirmed=_confirmed_counts([session.id]).get(session.id, 0),
        my_signup=my_signup,
        in_audience=in_audience,
        form=SignUpForm(),
    )


# Sign-ups


@bp.post("/sessions/<int:session_id>/sign-up")
@login_required
def sign_up(session_id):
    session = visible_session_or_404(session_id, details=False)
    if not SignUpForm().validate_on_submit():
        abort(400)
    # The messages below are in the page's language, which Flask-Babel decides once per
    # request: decide it now, while the user is loaded, not after the commit expired it.
    get_locale()
    try:
        signup = signups.sign_up(session, current_user)
    except SwitchNeeded as offer:
        return redirect(
            url_for("programme.switch", session_id=session_id, **{"from": offer.current.id})
        )
    except SignUpError as error:
        flash(str(error), "error")
    else:
        flash(_place_message(signup), "success")
    return redirect(url_for("programme.session", session_id=session_id))


@bp.route("/sessions/<int:session_id>/switch", methods=["GET", "POST"])
@login_required
def switch(session_id):
    """Confirm leaving the other session of the parallel group for this one."""
    wanted = visible_session_or_404(session_id, details=False)
    form = SwitchForm()
    if request.method == "GET":
        form.current_session_id.data = request.args.get("from", type=int)
    current = _signed_up_session(form.current_session_id.data)
    if current is None or current.id == wanted.id:
        flash(_("There is no place to switch from. Sign up again if you still want to."), "error")
        return redirect(url_for("programme.session", session_id=session_id))
    if form.validate_on_submit():
        get_locale()  # while the user is loaded (see sign_up)
        try:
            signup = signups.switch(current, wanted, current_user)
        except SignUpError as error:
            flash(str(error), "error")
        else:
            flash(_place_message(signup), "success")
        return redirect(url_for("programme.session", session_id=session_id))
    return render_template("programme/switch.html", current=current, wanted=wanted, form=form)


@bp.route("/sessions/<int:session_id>/cancel-sign-up", methods=["GET", "POST"])
@login_required
def cancel_sign_up(session_id):
    """Give up a place or a waitlist position, after a confirmation page."""
    session = visible_session_or_404(session_id, details=False)
    signup = _my_signups([session.id]).get(session.id)
    form = SignUpForm()
    if form.validate_on_submit():
        was_waitlisted = signup is not None and signup.status == SignUpStatus.WAITLISTED
        try:
            signups.cancel(session, current_user)
        except SignUpError as error:
            flash(str(error), "error")
        else:
            flash(
                _("You have left the waitlist.")
                if was_waitlisted
                else _("Your place is cancelled. Thank you for freeing it for someone else."),
                "success",
            )
        return redirect(url_for("programme.session", session_id=session_id))
    if signup is None:
        flash(_("You are not signed up for this session."), "info")
        return redirect(url_for("programme.session", session_id=session_id))
    return render_template(
        "programme/cancel_sign_up.html", session=session, signup=signup, form=form
    )


def _signed_up_session(session_id: int | None) -> Session | None:
    """A session the viewer may see and holds a place (or waitlist position) in."""
    # From a hidden field or the query string: anything but an id in range matches nothing.
    session_id = parse_id(session_id)
    if session_id is None or not current_user.is_diplomat:
        return None
    return db.session.scalar(
        select(Session)
        .join(SignUp, SignUp.session_id == Session.id)
        .where(
            Session.id == session_id,
            visible_to(current_user),
            SignUp.user_id == current_user.id,
            SignUp.status.in_(ACTIVE_SIGNUP),
        )
    )


def _place_message(signup: SignUp) -> str:
    if signup.status == SignUpStatus.WAITLISTED:
        return _(
            "The session is full: you are number %(position)d on the waitlist. "
            "You will get an e-mail if a place becomes free.",
            position=signup.position,
        )
    return _("You have a place. The session is on your agenda.")


# The personal agenda


@bp.get("/agenda")
@login_required
def agenda():
    """The diplomat's sessions, day by day on the days they attend, changes marked.

    Which sessions, the diplomat's places and what changed are asked on every request;
    the sessions' details come from the cards of the current programme version.
    """
    event = current_event()
    if not current_user.is_diplomat:
        return render_template("programme/agenda_organizer.html")
    days = attended_days(current_user, event) if event is not None else []
    if not days:
        return render_template(
            "programme/agenda_unregistered.html",
            event=event,
            registration_url=_registration_url(),
        )
    found = agenda_rows(current_user, days, event)
    cards = cards_for(event, [row.session_id for row in found])
    changes = changes_since(
        [row.session_id for row in found if row.changed], current_user.agenda_seen_at
    )
    items = [
        AgendaItem(
            session=cards[row.session_id],
            day=cards[row.session_id].day,
            signup=row.place,
            changes=changes.get(row.session_id, []),
        )
        for row in found
        if row.session_id in cards  # else deleted (a draft) since: gone from this page too
    ]
    now = _now()
    mark_now_and_next(items, now, event.tz)
    today = now.astimezone(event.tz).date()
    language = current_language()
    page = render_template(
        "programme/agenda.html",
        event=event,
        days=[
            (
                day,
                kept(event, ("day title", language, day), partial(format_date, day, DAY_TITLE)),
                agenda_list(event, [item for item in items if item.day == day]),
            )
            for day in days
        ],
        today=today if today in days else None,
        changed_count=sum(item.is_changed for item in items),
        calendar_links=calendar_services.subscription_links(current_user),
    )
    # Rendered first: what the diplomat was shown is what now counts as seen.
    mark_agenda_seen(current_user)
    return page


def _registration_url() -> str:
    # The invitations blueprint owns the registration form; until it is wired in, its
    # documented address stands in rather than a page that fails to build the link.
    if "invitations.registration" in current_app.view_functions:
        return url_for("invitations.registration")
    return request.script_root + "/registration"


def _now() -> datetime:
    """The current time; in tests `?now=2026-02-03T10:15` (Brussels time) stands in."""
    if current_app.testing and request.args.get("now"):
        try:
            value = datetime.fromisoformat(request.args["now"])
        except ValueError:
            pass
        else:
            if value.tzinfo is None:
                event = current_event()
                value = value.replace(tzinfo=event.tz if event else None)
            if value.tzinfo is not None:
                return value
    return agenda_service.current_time()


# Programme changes


@bp.get("/changes")
@reads_only
def changes():
    """Programme changes, newest first: all for organizers, visible ones for others."""
    event = current_event()
    entries = []
    if event is not None:
        entries = db.session.scalars(
            select(SessionChange)
            .join(Session, SessionChange.session_id == Session.id)
            .where(Session.event_id == event.id, visible_to(current_user))
            .options(
                selectinload(SessionChange.session).selectinload(Session.room),
                selectinload(SessionChange.changed_by),
            )
            .order_by(SessionChange.changed_at.desc(), SessionChange.id.desc())
            .limit(CHANGE_LIMIT)
        ).all()
    return render_template("programme/changes.html", changes=entries, event=event)


@bp.app_template_filter("change_field")
def change_field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


@bp.app_template_filter("change_value")
def change_value(value, name: str) -> str:
    """A recorded old or new value as people read it (times in Brussels)."""
    if value is None or value == "":
        return "—"
    if name in ("starts_at", "ends_at"):
        return format_datetime(datetime.fromisoformat(value), "EEE d MMM y, HH:mm")
    if name == "status":
        return str(SessionStatus(value).label)
    return str(value)
