"""The programme as people read it: day by day, a page per session, sign-ups, the personal
agenda, and the list of programme changes.

What a page shows follows `visible_to(current_user)`; a session the viewer may not see
answers 404, so its existence is not given away. Each page costs a fixed number of
queries, whatever the number of sessions.
"""

from datetime import date, datetime
from functools import partial

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
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..calendar import services as calendar_services
from ..days import day_tabs, event_day
from ..documents import pack as briefing_pack
from ..documents import reading as document_reading
from ..documents import services as document_services
from ..events import current_event
from ..i18n import current_language, date_long, date_range, date_short
from ..meetings.on_agenda import agenda_meetings_and_requests
from ..meetings.on_agenda import by_day as meetings_by_day
from ..models import Event, Session, SessionStatus, SignUp, SignUpStatus
from ..readonly import leave_read_only, reads_only
from ..record_ids import parse_id
from ..signups import services as signups
from ..signups.services import SignUpError, SwitchNeeded
from . import agenda as agenda_service
from . import badge as badge_on_agenda
from . import bp, queries
from .agenda import (
    AgendaItem,
    agenda_rows,
    changes_since,
    mark_agenda_seen,
    mark_now_and_next,
    mark_overlaps,
)
from .cards import agenda_list, cards_for, kept, organisation_choices, programme_list
from .forms import ProgrammeFilterForm, SignUpForm, SwitchForm
from .queries import ProgrammeFilters

CHANGE_LIMIT = 200
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
    form = ProgrammeFilterForm(request.args, organisations=organisation_choices(event))
    filters = form.filters()
    day = event_day(event, request.args.get("day", "")) or _default_day(event)
    found = queries.day_sessions(event, day, filters, current_user)
    return render_template(
        "programme/programme.html",
        event=event,
        dates=_dates(event),
        day=day,
        controls=_programme_controls(event, day, form, filters),
        filters=filters,
        clear_url=url_for("programme.programme", day=day.isoformat()),
        sessions=_programme_entries(event, found),
        has_any_session=bool(found) or queries.has_visible_sessions(event, current_user),
    )


def _programme_entries(event: Event, found):
    """The day's entries from `queries.day_sessions`: each session's card, with places
    left, the viewer's place and the switch they are offered."""
    cards = cards_for(event, [row.session_id for row in found])
    return programme_list(
        event,
        [
            (cards[row.session_id], row)
            for row in found
            # Deleted (a draft) since the first statement: gone from this page too.
            if row.session_id in cards
        ],
    )


def _dates(event: Event) -> str:
    """The event's dates, as the page's heading gives them."""
    return kept(
        event,
        ("dates", current_language(), event.first_day, event.last_day),
        lambda: date_range(event.first_day, event.last_day),
    )


def _programme_controls(event: Event, day: date, form, filters: ProgrammeFilters):
    """The day tabs, the filter form (offering the event's choices) and the day's title,
    rendered once per programme version for each day, filters and language."""
    language, site = current_language(), request.script_root
    return kept(
        event,
        ("controls", language, site, event.first_day, event.last_day, day, filters),
        lambda: _render_controls(event, day, form, filters),
    )


def _render_controls(event: Event, day: date, form, filters: ProgrammeFilters):
    form.offer_choices()
    return get_template_attribute("programme/_cards.html", "programme_controls")(
        tabs=day_tabs(event, "programme.programme", day, **filters.query_args()),
        day=day,
        form=form,
        filters=filters,
        clear_url=url_for("programme.programme", day=day.isoformat()),
    )


def _default_day(event: Event) -> date:
    """Today while the event is on, its first day otherwise."""
    today = _now().astimezone(event.tz).date()
    return today if event.first_day <= today <= event.last_day else event.first_day


# One session


def visible_session_or_404(session_id: int, *, details: bool = True) -> Session:
    """The session if the viewer may see it; 404 otherwise, as if it did not exist.

    With `details`, its room, speakers and organisations are loaded with it (for its
    page); sign-up actions need none of them (a confirmation page loads its room lazily).
    """
    session = queries.visible_session(session_id, current_user, details=details)
    if session is None:
        abort(404)
    return session


@bp.get("/sessions/<int:session_id>", endpoint="session")
@reads_only
def session_page(session_id):
    """The session, its sign-up and the briefing documents the viewer may read.

    A diplomat's visit of the documents is noted (what is new is marked on the next
    visit) once the page is rendered, and only when there are documents and something
    in them is new to them: a write of its own (eventapp/readonly.py), so every other
    visit of the page stays without a transaction."""
    session = visible_session_or_404(session_id)
    my_signup = queries.my_signups(current_user, [session.id]).get(session.id)
    documents = document_reading.for_session_page(session, current_user, current_language())
    page = render_template(
        "programme/session.html",
        session=session,
        confirmed=queries.confirmed_counts([session.id]).get(session.id, 0),
        my_signup=my_signup,
        in_audience=queries.in_audience(session, current_user),
        # Signing up here would leave this one of the parallel group: a switch.
        leaving=None if my_signup else queries.held_in_group(session, current_user),
        form=SignUpForm(),
        documents=documents.documents,
    )
    if documents.note_visit:
        ids = (session.id, current_user.id)
        with leave_read_only():
            document_services.note_visit(*ids)
    return page


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
    # From a hidden field or the query string: anything but an id in range matches nothing.
    current = queries.signed_up_session(parse_id(form.current_session_id.data), current_user)
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
    signup = queries.my_signups(current_user, [session.id]).get(session.id)
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
    # The days and the badge in one statement (eventapp/programme/badge.py).
    days, badge = badge_on_agenda.attendance(current_user, event) if event else ([], None)
    if not days:
        return _not_registered(event)
    now = _now()
    # Bilateral meetings (issue 21) and the requests waiting for an answer, in one
    # statement; the meetings take part in the overlap marks.
    meetings, requests = agenda_meetings_and_requests(current_user, event, current_language())
    items = _agenda_items(event, days, now, meetings)
    today = now.astimezone(event.tz).date()
    page = render_template(
        "programme/agenda.html",
        event=event,
        days=[(day, _day_title(event, day), _agenda_day(event, items, day)) for day in days],
        today=today if today in days else None,
        changed_count=sum(item.is_changed for item in items),
        calendar_links=calendar_services.subscription_links(current_user),
        badge=badge,
        meetings_by_day=meetings_by_day(meetings),
        meeting_requests=requests,
        # The briefing pack's link: from the documents counted for the items above.
        briefing_pack=briefing_pack.summary_of(item.documents for item in items),
    )
    # Rendered first: what the diplomat was shown is what now counts as seen.
    mark_agenda_seen(current_user)
    return page


def _not_registered(event: Event | None):
    """The agenda of a diplomat who attends no day yet: where to register."""
    return render_template(
        "programme/agenda_unregistered.html",
        event=event,
        registration_url=_registration_url(),
    )


def _agenda_items(event: Event, days: list[date], now: datetime, meetings=()) -> list[AgendaItem]:
    """The diplomat's sessions on these days, with their places, changes since last seen,
    which is on now and next, and their briefing documents; what overlaps what,
    `meetings` included."""
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
    mark_now_and_next(items, now, event.tz)
    mark_overlaps([*items, *meetings])
    # Briefing documents: one statement for every session of the agenda.
    documents = document_reading.on_agenda(current_user, items)
    for item in items:
        item.documents = documents.get(item.session.id)
    return items


def _day_title(event: Event, day: date) -> str:
    language = current_language()
    return kept(event, ("day title", language, day), partial(date_long, day))


def _agenda_day(event: Event, items: list[AgendaItem], day: date):
    return agenda_list(event, [item for item in items if item.day == day])


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
        entries = queries.programme_changes(event, current_user, CHANGE_LIMIT)
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
        return date_short(datetime.fromisoformat(value), time=True)
    if name == "status":
        return str(SessionStatus(value).label)
    return str(value)
