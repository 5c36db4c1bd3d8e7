"""The audit log: one entry per organizer action, written in the action's transaction."""

import enum

from .extensions import db
from .models import AuditLog


def record(action: str, by, target=None, **details) -> AuditLog:
    """Add an audit entry to the current transaction (the caller's service commits).

    `target` is the record acted on; its class name and id are kept, and `details`
    holds whatever a reader needs to understand the action later (names, old → new).
    """
    entry = AuditLog(
        actor_id=getattr(by, "id", None),
        action=action,
        target_type=type(target).__name__ if target is not None else "",
        target_id=getattr(target, "id", None),
        details=_plain(details),
    )
    db.session.add(entry)
    return entry


def _plain(value):
    """JSON-friendly copy: enums to their value, datetimes to ISO 8601."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
