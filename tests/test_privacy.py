"""No page, export or error message shows a diplomat another diplomat's personal data.

Every GET route of the app is requested by diplomat A, with the ids of diplomat B's
records wherever a route takes an id, and no answer may contain anything B gave. New
routes are covered automatically.
"""

import itertools

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter

from eventapp.extensions import db
from eventapp.models import Invitation, SignUp
from eventapp.signups import services as signups

from .support import brussels
from .test_registration import invited, registration_form  # noqa: F401  (fixture)

# What B types into the registration form, each unlikely to appear anywhere else.
B_DETAILS = {
    "first_name": "Zenobia",
    "last_name": "Quarterfield",
    "post_city": "Ulaanbaatar",
    "post_country": "Mongolia",
    "dietary": "No quinces whatsoever",
    "accessibility": "Needs a lectern at 80 cm",
    "mobile_phone": "+32 470 98 76 54",
    "remarks": "Arriving with the honorary consul",
}
B_EMAIL = "zenobia.quarterfield@example.org"
# How B's data could show: as typed, the phone as stored, the address.
B_TRACES = [*B_DETAILS.values(), "+32470987654", B_EMAIL]
B_TRACES.remove("Mongolia")  # a country name may appear on its own in a programme


@pytest.fixture
def b_records(app, client, invited, create_session):  # noqa: F811
    """B registers through their link, signs up for a session; then logs out."""
    link = invited(email=B_EMAIL)
    response = client.post(link, data=registration_form(language="en", **B_DETAILS))
    assert response.status_code == 302, "B's registration failed"
    from .test_registration import registration_of

    registration = registration_of(B_EMAIL)
    breakout = create_session(
        title="Breakout: mining and minerals",
        starts_at=brussels(2, 14),
        ends_at=brussels(2, 15),
        capacity=10,
        signup_required=True,
    )
    with app.test_request_context():
        signups.sign_up(breakout, registration.user)
    client.post("/logout")
    invitation = db.session.scalar(
        db.select(Invitation).where(Invitation.user_id == registration.user_id)
    )
    signup = db.session.scalar(db.select(SignUp).where(SignUp.user_id == registration.user_id))
    return {registration.user_id, registration.id, invitation.id, breakout.id, signup.id}


def urls_for_every_get_route(app, ids):
    """One or more concrete URLs per GET route: each id argument takes each of `ids`."""
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        choices = {}
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                choices[name] = sorted(ids)
            elif isinstance(converter, AnyConverter):
                choices[name] = sorted(converter.items)
            else:
                choices[name] = ["a-token-nobody-has"]
        names = list(choices)
        for values in itertools.product(*(choices[name] for name in names)):
            built = rule.build(dict(zip(names, values, strict=True)), append_unknown=False)
            yield rule.endpoint, built[1]


def test_diplomat_a_never_sees_diplomat_bs_personal_data(app, client, b_records, diplomat, login):
    login(diplomat)
    seen = []
    for endpoint, url in urls_for_every_get_route(app, b_records):
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        # Bytes, not text: exports are answers too. (An XLSX is compressed; diplomats
        # are refused every export, which the status codes here show.)
        leaks = [trace for trace in B_TRACES if trace.encode() in response.data]
        assert not leaks, f"{url} ({endpoint}) shows B's {leaks}"
        seen.append(endpoint)
    # The walk did reach the diplomat's own pages and the session B signed up for.
    assert {"programme.agenda", "programme.session", "invitations.registration"} <= set(seen)


def test_the_walk_would_notice_a_leak(app, client, b_records, organizer, login):
    # The same walk as an organizer finds B's data (on the attendee pages): the check
    # above is able to fail.
    login(organizer)
    leaking = set()
    for endpoint, url in urls_for_every_get_route(app, b_records):
        body = client.get(url).data
        if any(trace.encode() in body for trace in B_TRACES):
            leaking.add(endpoint)
    assert {"organizer.attendee", "organizer.export_attendees"} <= leaking
