"""Badge codes: what a badge's QR code holds, and how the door finds the registration.

A code is 160 random-looking bits written in base32 (32 characters, A–Z and 2–7: QR's
compact alphanumeric mode, and easy to type from a printout). It says nothing by itself:
no name, no id. It is HMAC-SHA256(SECRET_KEY, "badge:" + seed) cut to 20 bytes, the seed
(32 random bytes) stored on the registration, like a personal feed link
(eventapp/calendar/services.py): a badge can be printed again at any time, the database
alone holds no working code, and the door looks codes up by sha256(code). Re-issuing
makes a new seed: the old code finds nothing from that moment.

Every attending registration (registered or confirmed) gets a code the first time one
is asked for (badge, agenda, confirmation mail); a cancelled registration keeps its hash
so that its badge is answered "Registration cancelled", not "unknown".
"""

import base64
import hashlib
import hmac
import re
import secrets

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from .. import audit, limits
from ..extensions import db
from ..models import Registration, User
from ..unit_of_work import unit_of_work

CODE_LENGTH = 32
CODE_PATTERN = re.compile(r"[A-Z2-7]{32}")


def ensure_badge_code(registration: Registration) -> str:
    """The registration's badge code; makes its seed the first time (commits then), and
    stores the hash again when SECRET_KEY has changed."""
    if registration.badge_seed is None:
        with unit_of_work():
            return _new_code(registration)
    code = code_from(registration.badge_seed)
    if registration.badge_code_hash != code_hash(code):
        with unit_of_work():
            registration.badge_code_hash = code_hash(code)
    return code


def ensure_badge_codes(registrations: list[Registration]) -> dict[int, str]:
    """Codes for many registrations (a sheet of badges): one transaction for the new ones."""
    codes = {}
    with unit_of_work():
        for registration in registrations:
            if registration.badge_seed is None:
                codes[registration.id] = _new_code(registration)
            else:
                code = code_from(registration.badge_seed)
                if registration.badge_code_hash != code_hash(code):
                    registration.badge_code_hash = code_hash(code)
                codes[registration.id] = code
    return codes


def reissue_badge_code(registration: Registration, by: User) -> str:
    """A new code for the registration; the old one stops working at once. Audited."""
    with unit_of_work():
        code = _new_code(registration)
        audit.record(
            "badge.reissue",
            by,
            registration,
            name=registration.user.full_name,
            email=registration.user.email,
        )
    return code


def normalise_code(typed: str) -> str | None:
    """A code as scanned or typed (spaces, dashes and lower case allowed), or None when it
    cannot be one (wrong length or characters): no database look-up for those."""
    if not typed or len(typed) > limits.BADGE_CODE_INPUT:
        return None
    code = re.sub(r"[\s-]", "", typed).upper()
    return code if CODE_PATTERN.fullmatch(code) else None


# Built once: every scan at the door asks.
REGISTRATION_BY_CODE = (
    select(Registration)
    .where(Registration.badge_code_hash == bindparam("code_hash"))
    .options(joinedload(Registration.user).joinedload(User.profile))
)


def registration_for_code(typed: str) -> Registration | None:
    """The registration whose badge carries this code (any edition, any status: the
    caller says "cancelled" or "another edition"), or None for an unknown, malformed or
    replaced code."""
    code = normalise_code(typed)
    if code is None:
        return None
    registration = db.session.scalar(REGISTRATION_BY_CODE, {"code_hash": code_hash(code)})
    if registration is None or registration.badge_seed is None:
        return None
    # The hash matched; the code must also come from the current SECRET_KEY and seed.
    if not hmac.compare_digest(code_from(registration.badge_seed), code):
        return None
    return registration


def code_from(seed: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"badge:" + bytes.fromhex(seed), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode()  # 160 bits: 32 characters, no padding


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _new_code(registration: Registration) -> str:
    registration.badge_seed = secrets.token_hex(32)
    code = code_from(registration.badge_seed)
    registration.badge_code_hash = code_hash(code)
    return code
