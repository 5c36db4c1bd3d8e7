"""Logging in and out."""

from sqlalchemy import select

from ..extensions import db
from ..models import User, normalise_email, utcnow


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, else None (never says which was wrong)."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    db.session.commit()
    return user
