from flask import abort, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..events import current_event
from ..extensions import db
from ..redirects import safe_next_url
from . import bp
from .forms import LanguageForm


@bp.get("/")
def home():
    return render_template("main/home.html", event=current_event())


@bp.get("/favicon.ico")
def favicon():
    # Browsers and calendar clients ask for it whatever the page says.
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/healthz")
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
        current_user.language = form.language.data
        db.session.commit()
    return redirect(safe_next_url(form.next.data) or url_for("main.home"))


@bp.app_context_processor
def language_form():
    form = LanguageForm(formdata=None)
    form.next.data = request.full_path.rstrip("?") if request else "/"
    return {"language_form": form}
