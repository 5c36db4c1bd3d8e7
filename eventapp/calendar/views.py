"""Calendar URLs. They go into mails and calendar clients: they stay as they are.

- `GET /programme.ics`: the public programme (`?lang=fr` or `nl` for its texts);
- `GET /sessions/<id>.ics`: one session, to whoever may see its page, as a download;
- `GET /feeds/<token>.ics`: a diplomat's agenda; 404 for an unknown or reset token.

Every answer carries a strong ETag (a hash of the body) and Last-Modified, and a client
that sends either back gets 304 while nothing changed.
"""

import hashlib

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.http import is_resource_modified

from ..events import current_event
from ..extensions import limiter
from ..i18n import current_language
from ..readonly import reads_only
from . import bp, services
from .forms import ResetFeedLinkForm


@bp.after_request
def keep_links_private(response):
    # A feed's address is its key: no Referer carries it away, no search engine lists it.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/programme.ics")
def programme_feed():
    language = services.feed_language(request.args.get("lang"))
    feed = services.cached_programme_feed(language)
    if feed is None:
        event = current_event()
        if event is None:
            abort(404)
        feed = services.programme_feed(event, language)
    return _calendar_response(feed, "public, max-age=300", compress=True)


@bp.get("/sessions/<int:session_id>.ics")
@reads_only
def session_download(session_id):
    session = services.visible_session(session_id, current_user)
    if session is None:
        abort(404)
    feed = services.session_feed(session, current_language())
    # Whether the session shows, and in which language, depends on who asks.
    return _calendar_response(
        feed,
        "private, no-cache",
        filename=f"session-{session.id}.ics",
        vary=("Cookie", "Accept-Language"),
    )


def _feed_token_key() -> str:
    # The counter is named by a hash: the token itself is a key and stays out of Redis.
    token = (request.view_args or {}).get("token", "")
    return "feed-token:" + hashlib.sha256(token.encode()).hexdigest()[:32]


def _feed_address_key() -> str:
    return "feed-address:" + (request.remote_addr or "unknown")


@bp.get("/feeds/<token>.ics")
@limiter.limit(lambda: current_app.config["FEED_LIMIT_PER_TOKEN"], key_func=_feed_token_key)
@limiter.limit(lambda: current_app.config["FEED_LIMIT_PER_ADDRESS"], key_func=_feed_address_key)
def personal_feed(token):
    user = services.user_for_feed_token(token)
    event = current_event()
    if user is None or event is None:
        abort(404)
    return _calendar_response(services.personal_feed(user, event), "private, max-age=300")


@bp.route("/agenda/calendar-link/reset", methods=["GET", "POST"])
@login_required
def reset_feed_link():
    """Confirm, then replace the diplomat's (or partner's) calendar link; the old one
    stops at once."""
    if not (current_user.is_diplomat or current_user.is_partner):
        abort(404)
    form = ResetFeedLinkForm()
    if form.validate_on_submit():
        services.reset_feed_token(current_user)
        flash(
            _(
                "Your calendar link is reset: the old link no longer works. Subscribe again "
                "with the new link below, and remove the old subscription from your calendar."
            ),
            "success",
        )
        return redirect(_agenda_url())
    return render_template("calendar/reset_link.html", form=form, back=_agenda_url())


def _agenda_url() -> str:
    """The page that shows the user's calendar link: their agenda."""
    endpoint = "partners.agenda" if current_user.is_partner else "programme.agenda"
    return url_for(endpoint, _anchor="calendar")


@bp.app_template_global()
def programme_calendar_url(subscribe: bool = False) -> str:
    """The programme feed in the page's language; `subscribe` gives its webcal:// form."""
    language = current_language()
    default = services.feed_language(None)
    url = services.external_url(
        "calendar.programme_feed", lang=None if language == default else language
    )
    return services.webcal(url) if subscribe else url


def _calendar_response(
    feed: services.Feed, cache_control: str, *, filename=None, vary=(), compress=False
):
    """The feed with its caching headers, or 304 when the client has it already.

    `compress`: send the gzip-compressed body to clients that accept it (calendar
    clients do), as its own representation with its own ETag. Only for a kept feed,
    whose compressed bytes are made once, not per request.

    Whether the client's copy is current is Werkzeug's test (`make_conditional` makes the
    same one), asked before the response is built: calendar clients poll all week and
    most answers are 304s, which then carry only what RFC 9110 asks of them.
    """
    if compress:
        vary = (*vary, "Accept-Encoding")
    gzipped = compress and request.accept_encodings["gzip"] > 0
    etag = feed.etag + "-gzip" if gzipped else feed.etag
    if is_resource_modified(request.environ, etag=etag, last_modified=feed.last_modified):
        response = Response(feed.gzipped if gzipped else feed.body, mimetype="text/calendar")
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
        response.headers["Last-Modified"] = feed.http_last_modified
        if filename:
            response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        response = Response(status=304)
    response.set_etag(etag)
    response.headers["Cache-Control"] = cache_control
    response.vary.update(vary)
    return response
