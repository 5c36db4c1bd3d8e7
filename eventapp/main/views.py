from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..auth.services import change_language
from ..events import current_event
from ..extensions import db
from ..i18n import current_language
from ..models import Language
from ..readonly import reads_only
from ..redirects import safe_next_url
from . import bp
from .forms import LanguageForm


@bp.get("/")
@reads_only
def home():
    return render_template("main/home.html", event=current_event())


@bp.get("/favicon.ico")
def favicon():
    # Browsers and calendar clients ask for it whatever the page says.
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/healthz")
@reads_only
def healthz():
    """For load balancers and monitoring: 200 after a database round trip, else 503."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}


@bp.post("/language")
def set_language():
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session["language"] = form.language.data
    if current_user.is_authenticated:
        change_language(current_user, form.language.data)
    return redirect(safe_next_url(form.next.data) or url_for("main.home"))


# Fragments of the layout kept per app; more keys than this are rendered, not kept (the
# site address in a key comes from the request).
FRAGMENT_LIMIT = 256


@bp.app_template_global()
def cached_fragment(name: str, *key, caller) -> Markup:
    """What a `{% call cached_fragment(name, *key) %}...{% endcall %}` block renders,
    rendered once per language, site address (the URL prefix) and `key`, then reused.

    For the parts of the layout that depend on nothing else (links, labels, the menu of
    a kind of user): rendering them costs dozens of translations and URL lookups on every
    page. Whatever varies with the request or the user goes outside the block, or into
    `key`. Not kept in debug mode, where templates are edited while the app runs.
    """
    if current_app.debug:
        return caller()
    fragments = current_app.extensions.setdefault("eventapp.fragments", {})
    full_key = (name, current_language(), request.script_root if request else "", *key)
    html = fragments.get(full_key)
    if html is None:
        html = caller()
        if len(fragments) < FRAGMENT_LIMIT:
            fragments[full_key] = html
    return html


# The switcher's choices: each language named in itself, the same on every page.
LANGUAGE_CHOICES = Language.choices()


@bp.app_context_processor
def language_switcher():
    """What the language switcher at the top of every page shows: the choices, and the
    page to come back to. The form posts to `set_language`, which validates it as a
    LanguageForm; building one here for every page cost more than the rest of the layout."""
    return {
        "language_choices": LANGUAGE_CHOICES,
        "language_next": request.full_path.rstrip("?") if request else "/",
    }
