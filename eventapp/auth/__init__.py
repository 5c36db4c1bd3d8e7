from flask import Blueprint
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import User

bp = Blueprint("auth", __name__)


# The statement behind every logged-in request, built once (building it each time cost
# more than running it). With the diplomat's profile (function, region) in the same
# query: every page that decides what a diplomat may see asks for it.
USER_BY_ID = (
    select(User)
    .options(joinedload(User.profile))
    .where(User.id == bindparam("user_id"))
    .execution_options(autoflush=False)
)


def load_user(user_id: str) -> User | None:
    try:
        user_id = int(user_id)
    except ValueError:
        return None
    return db.session.execute(USER_BY_ID, {"user_id": user_id}).scalar_one_or_none()


from . import views  # noqa: E402, F401
