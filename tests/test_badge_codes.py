"""Badge codes (eventapp/door/badges.py): random, saying nothing, re-printable, and
replaced at once when re-issued."""

from sqlalchemy import select

from eventapp.door import badges
from eventapp.extensions import db
from eventapp.models import AuditLog


def test_a_code_is_160_bits_in_base32_and_says_nothing_about_its_holder(app, attending):
    registration = attending(first_name="Élodie", last_name="Dupré")
    code = badges.ensure_badge_code(registration)
    assert badges.CODE_PATTERN.fullmatch(code)  # 32 × 5 bits = 160 bits
    for told in ("Élodie", "Dupré", "elodie", str(registration.id), registration.user.email):
        assert told.upper() not in code
    # Only its hash is stored, and the seed alone opens nothing without SECRET_KEY.
    assert registration.badge_code_hash == badges.code_hash(code)
    assert code not in (registration.badge_seed, registration.badge_code_hash)


def test_the_same_code_is_given_every_time_so_badges_can_be_printed_again(app, attending):
    registration = attending()
    first = badges.ensure_badge_code(registration)
    assert badges.ensure_badge_code(registration) == first
    assert badges.ensure_badge_codes([registration]) == {registration.id: first}
    other = attending()
    assert badges.ensure_badge_code(other) != first


def test_a_code_finds_its_registration_typed_in_any_case_with_spaces(app, attending):
    registration = attending()
    code = badges.ensure_badge_code(registration)
    assert badges.registration_for_code(code) == registration
    typed = " ".join(code[i : i + 4] for i in range(0, 32, 4)).lower()
    assert badges.registration_for_code(typed) == registration


def test_unknown_malformed_and_very_long_codes_find_nothing(app, attending):
    code = badges.ensure_badge_code(attending())
    changed = ("A" if code[0] != "A" else "B") + code[1:]
    for typed in (changed, code[:-1], code + "A", "", "x" * 10_000, "' OR 1=1 --", "1" * 32):
        assert badges.registration_for_code(typed) is None, typed


def test_reissuing_stops_the_old_code_at_once_and_is_audited(app, attending, organizer):
    registration = attending()
    old = badges.ensure_badge_code(registration)
    new = badges.reissue_badge_code(registration, organizer)
    assert new != old
    assert badges.registration_for_code(old) is None
    assert badges.registration_for_code(new) == registration
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "badge.reissue"))
    assert (entry.actor_id, entry.target_id) == (organizer.id, registration.id)


def test_a_new_secret_key_changes_every_code(app, attending):
    registration = attending()
    old = badges.ensure_badge_code(registration)
    app.config["SECRET_KEY"] = "another secret key for this test only"
    assert badges.registration_for_code(old) is None
    new = badges.ensure_badge_code(registration)
    assert new != old and badges.registration_for_code(new) == registration
