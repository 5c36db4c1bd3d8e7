"""Accounts: logging in, changing and resetting passwords, the language preference,
creating organizers."""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..extensions import db
from ..mail import queue_mail
from ..models import LANGUAGES, Role, User, normalise_email, utcnow
from ..unit_of_work import unit_of_work, use_case


class AccountError(Exception):
    """An account action that cannot be done; the message says why, for people."""


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, else None (never says which was wrong).

    Records the time of a successful login; a failed one writes nothing.
    """
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.active or not user.check_password(password):
        return None
    with unit_of_work():
        user.last_login_at = utcnow()
    return user


@use_case
def change_password(user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one; raises AccountError."""
    if not user.check_password(current):
        raise AccountError("current")
    user.set_password(new)
    audit.record("account.password_change", user, user)


@use_case
def change_language(user: User, language: str) -> None:
    """Remember the user's language: the pages they see once logged in and the mail
    they are sent use it.

    Raises ValueError for a language the app does not offer (the form offers no other).
    """
    if language not in LANGUAGES:
        raise ValueError(f"not a language of the app: {language!r}")
    user.language = language


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _fingerprint(user: User) -> str:
    # Changes with the password hash, so a used link (or one sent before another reset)
    # stops working: each link works once.
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def request_password_reset(email: str, reset_url_for) -> None:
    """Mail a reset link to the account with this e-mail, if there is an active one.

    Says nothing either way, so the answer never reveals whether an address exists.
    `reset_url_for(token)` builds the absolute link.
    """
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    # A diplomat without a password joins through their invitation; door staff, created
    # without one by an organizer, may ask here once their first link has expired.
    if user is None or not user.active or not (user.password_hash or user.is_door_staff):
        return
    with unit_of_work():  # the mail goes when it commits
        queue_mail(
            user.email,
            "password_reset",
            user.language,
            user=user,
            link=password_link(user, reset_url_for),
            minutes=password_link_minutes(),
        )


def password_link(user: User, reset_url_for) -> str:
    """A one-time link for `user` (flushed: it needs the id) to choose a password, valid
    for `password_link_minutes()`; the reset page (`reset_password`) takes it."""
    return reset_url_for(_reset_serializer().dumps({"user": user.id, "fp": _fingerprint(user)}))


def password_link_minutes() -> int:
    return current_app.config["PASSWORD_RESET_MAX_AGE"] // 60


def user_for_reset_token(token: str) -> User | None:
    """The user a reset link is for, or None if it is forged, expired or already used."""
    try:
        payload = _reset_serializer().loads(
            token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"]
        )
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(payload, dict):
        return None
    user = (
        db.session.get(User, payload.get("user")) if isinstance(payload.get("user"), int) else None
    )
    if user is None or not user.active or payload.get("fp") != _fingerprint(user):
        return None
    return user


@use_case
def reset_password(token: str, new: str) -> User:
    """Set a new password through a reset link; raises AccountError if the link is not valid."""
    user = user_for_reset_token(token)
    if user is None:
        raise AccountError("link")
    user.set_password(new)
    audit.record("account.password_reset", user, user)
    return user


def create_organizer(email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """Create an organizer account; raises AccountError if the e-mail is taken."""
    user = User(
        email=normalise_email(email),
        role=Role.ORGANIZER,
        first_name=first_name,
        last_name=last_name,
    )
    user.set_password(password)
    try:
        with unit_of_work():
            db.session.add(user)
            db.session.flush()
            audit.record("account.create_organizer", None, user, email=user.email)
    except IntegrityError as error:
        raise AccountError("taken") from error
    return user
