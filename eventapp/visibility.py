"""Which sessions a viewer may see, as SQL conditions usable in any query.

Anonymous visitors see published public sessions; diplomats also see attendee sessions
and the invited-only sessions whose audience includes them; organizers see everything,
drafts included. Cancelled sessions stay visible (with their status) to whoever could see
them before, so nobody silently loses a session from their view.
"""

from types import SimpleNamespace

from sqlalchemy import and_, bindparam, exists, false, or_, select, true

from .models import (
    AudienceKind,
    Role,
    Session,
    SessionAudienceFunction,
    SessionAudienceRegion,
    SessionStatus,
    Visibility,
    session_audience_members,
)


def audience_includes(user):
    """The session's audience takes in this diplomat (by function, region or name)."""
    profile = getattr(user, "profile", None)
    conditions = [
        Session.audience == AudienceKind.ALL,
        and_(
            Session.audience == AudienceKind.NAMED,
            exists(
                select(session_audience_members.c.session_id).where(
                    session_audience_members.c.session_id == Session.id,
                    session_audience_members.c.user_id == user.id,
                )
            ),
        ),
    ]
    if profile is not None:
        conditions += [
            and_(
                Session.audience == AudienceKind.FUNCTIONS,
                exists(
                    select(SessionAudienceFunction.session_id).where(
                        SessionAudienceFunction.session_id == Session.id,
                        SessionAudienceFunction.function == profile.function,
                    )
                ),
            ),
            and_(
                Session.audience == AudienceKind.REGIONS,
                exists(
                    select(SessionAudienceRegion.session_id).where(
                        SessionAudienceRegion.session_id == Session.id,
                        SessionAudienceRegion.region == profile.region,
                    )
                ),
            ),
        ]
    return or_(*conditions)


def visible_to(user):
    """SQL condition: `user` (or an anonymous visitor, when None) may see the session.
    Door staff and partner representatives see what an anonymous visitor sees
    (eventapp/access.py)."""
    if _signed_in_reader(user):
        if user.is_organizer:
            return true()
        if not user.is_active:
            return false()
        return and_(
            Session.status != SessionStatus.DRAFT,
            or_(
                Session.visibility.in_([Visibility.PUBLIC, Visibility.ATTENDEES]),
                and_(Session.visibility == Visibility.INVITED_ONLY, audience_includes(user)),
            ),
        )
    return and_(Session.status != SessionStatus.DRAFT, Session.visibility == Visibility.PUBLIC)


class BoundViewer:
    """A user as `visible_to` and `audience_includes` see it, with values as parameters:
    the conditions are built once per kind of viewer and run with each user's values
    (see eventapp/signups/statements.py)."""

    def __init__(self, is_authenticated: bool, is_organizer: bool, is_active: bool, profile: bool):
        self.is_authenticated = is_authenticated
        self.is_organizer = is_organizer
        self.is_active = is_active
        self.id = bindparam("viewer_id")
        self.profile = (
            SimpleNamespace(
                function=bindparam("viewer_function"), region=bindparam("viewer_region")
            )
            if profile
            else None
        )


def viewer_kind_and_values(user) -> tuple[tuple[bool, bool, bool, bool], dict]:
    """What the conditions ask about the user (None: anonymous), and the values bound in
    place of theirs."""
    profile = getattr(user, "profile", None)
    kind = (
        _signed_in_reader(user),
        bool(getattr(user, "is_organizer", False)),
        bool(getattr(user, "is_active", False)),
        profile is not None,
    )
    values = {}
    if getattr(user, "id", None) is not None:
        values["viewer_id"] = user.id
    if profile is not None:
        values |= {"viewer_function": profile.function, "viewer_region": profile.region}
    return kind, values


def _signed_in_reader(user) -> bool:
    """Logged in as someone who reads the programme as themselves (an organizer or a
    diplomat); door staff and partner representatives read it as an anonymous visitor
    (eventapp/access.py)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    # A BoundViewer has no role: its kind already says whether it reads as itself.
    return getattr(user, "role", Role.DIPLOMAT) in (Role.ORGANIZER, Role.DIPLOMAT)
