from flask import Blueprint

from ..extensions import db
from ..models import User

bp = Blueprint("auth", __name__)


def load_user(user_id: str) -> User | None:
    try:
        return db.session.get(User, int(user_id))
    except ValueError:
        return None


from . import views  # noqa: E402, F401
