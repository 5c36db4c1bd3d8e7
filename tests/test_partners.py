"""Partner representatives (issue 21): organizers invite them (one by one, or from a CSV
file previewed first), they register with their single-use link, land on their meetings,
and find the heads of post who said partners may ask them in the directory."""

import html
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.mail import outbox
from eventapp.models import (
    Invitation,
    Meeting,
    MeetingStatus,
    PartnerProfile,
    Region,
    RegistrationStatus,
    Role,
    User,
    utcnow,
)

PASSWORD = "a long enough passphrase"
HEADER = "email,first_name,last_name,language,organisation"
HOSTILE = "<script>alert('hx')</script>"


@pytest.fixture
def app_overrides():
    # Before the edition's registration deadline (heads of post may still change theirs).
    return {"DEMO_NOW": "2026-01-12T10:00"}


@pytest.fixture
def enabel(create_organisation):
    return create_organisation(name="Enabel")


@pytest.fixture
def awex(create_organisation):
    from eventapp.models import OrganisationKind

    return create_organisation(
        name="Wallonia Export & Investment Agency",
        short_name="AWEX",
        kind=OrganisationKind.REGIONAL_GOVERNMENT,
    )


@pytest.fixture
def as_organizer(client, organizer, login):
    login(organizer)
    return client


def invite_form(chosen, **values):
    data = {
        "first_name": "Sofie",
        "last_name": "Claes",
        "email": "sofie.claes@example.org",
        "language": "nl",
        "organisation": str(chosen.id),
    }
    data.update(values)
    return data


def registration_form(**values):
    data = {
        "first_name": "Sofie",
        "last_name": "Claes",
        "function": "Head of export",
        "mobile_phone": "+32 478 12 34 56",
        "language": "nl",
        "sectors": ["energy", "maritime"],
        "countries": ["Kenya"],
        "password": PASSWORD,
        "confirm_password": PASSWORD,
        "consent": "y",
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def upload(client, data: bytes):
    return client.post(
        "/organizer/partners/import",
        data={"file": (io.BytesIO(data), "partners.csv")},
        content_type="multipart/form-data",
    )


def csv_bytes(*rows, header=HEADER) -> bytes:
    return ("\r\n".join((header, *rows)) + "\r\n").encode()


def problems(page: str) -> list[tuple[str, str]]:
    table = re.search(r'<table id="import-problems">(.*?)</table>', page, re.S)
    if table is None:
        return []
    cells = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", table[1], re.S)
    return [(line.strip(), html.unescape(column.strip())) for line, column, _ in cells]


def signed_rows(page: str) -> str:
    return html.unescape(re.search(r'name="rows" type="hidden" value="([^"]*)"', page)[1])


def link_path(mail) -> str:
    return re.search(r"http://localhost(/partner/invitation/[\w-]+)", mail.body)[1]


def partners_count() -> int:
    return db.session.scalar(select(func.count(User.id)).where(User.role == Role.PARTNER))


def user_of(email) -> User:
    return db.session.scalar(select(User).where(User.email == email))


@pytest.fixture
def invited(as_organizer, enabel, client):
    """A partner invited by the organizer page; returns their link's path, logged out."""
    as_organizer.post("/organizer/partners/new", data=invite_form(enabel))
    [mail] = outbox()
    outbox().clear()
    client.post("/logout")
    return link_path(mail)


# Inviting


def test_organizer_invites_a_partner_who_is_mailed_a_link_in_their_language(
    as_organizer, enabel, event
):
    response = as_organizer.post("/organizer/partners/new", data=invite_form(enabel))
    assert response.status_code == 302
    user = user_of("sofie.claes@example.org")
    assert user.role == Role.PARTNER and user.password_hash is None
    assert user.partner_profile.organisation_id == enabel.id
    assert user.partner_profile.event_id == event.id
    assert user.partner_profile.registered_at is None
    [mail] = outbox()
    assert mail.to == "sofie.claes@example.org"
    assert "/partner/invitation/" in mail.body
    assert "Bilaterale" in mail.subject or "Bilateral" in mail.subject
    page = as_organizer.get("/organizer/partners").get_data(as_text=True)
    assert "Sofie Claes" in page and "Enabel" in page and "Invited" in page


def test_the_partner_list_is_not_the_heads_of_posts_invitation_list(as_organizer, enabel):
    as_organizer.post("/organizer/partners/new", data=invite_form(enabel))
    page = as_organizer.get("/organizer/invitations").get_data(as_text=True)
    assert 'id="invitation-' not in page


def test_inviting_an_address_that_has_an_account_saves_nothing(as_organizer, enabel, organizer):
    response = as_organizer.post(
        "/organizer/partners/new", data=invite_form(enabel, email=organizer.email)
    )
    assert response.status_code == 200
    assert "already has an account" in response.get_data(as_text=True)
    assert partners_count() == 0 and outbox() == []


def test_an_organisation_of_another_edition_is_refused(as_organizer, enabel):
    response = as_organizer.post(
        "/organizer/partners/new", data=invite_form(enabel, organisation="999999")
    )
    assert response.status_code == 200
    assert partners_count() == 0


def test_partner_list_has_an_empty_state(as_organizer, event):
    page = as_organizer.get("/organizer/partners").get_data(as_text=True)
    assert "No partner representatives yet" in page


def test_partner_list_counts_requests_and_meetings(as_organizer, event, create_partner, attending):
    partner = create_partner(email="p@example.org")
    for status in (MeetingStatus.REQUESTED, MeetingStatus.DECLINED):
        diplomat = attending().user
        db.session.add(
            Meeting(
                event_id=event.id,
                partner_id=partner.id,
                diplomat_id=diplomat.id,
                status=status,
                subject="Ports",
            )
        )
    db.session.commit()
    page = as_organizer.get("/organizer/partners").get_data(as_text=True)
    row = re.search(rf'<tr id="partner-{partner.id}">(.*?)</tr>', page, re.S)[1]
    assert "Registered" in row
    assert re.search(r"Requests'?\"?>2</td>", row.replace("data-label=", ""))
    assert re.search(r"Meetings'?\"?>0</td>", row.replace("data-label=", ""))


# CSV import


def test_csv_preview_reports_bad_lines_and_saves_nothing(as_organizer, enabel, awex):
    data = csv_bytes(
        "sofie@example.org,Sofie,Claes,nl,Enabel",
        "marc@example.org,Marc,Dubois,fr,awex",  # the short name, any case
        "bad-address,Ann,Peeters,nl,Enabel",
        "jo@example.org,Jo,Maes,klingon,Enabel",
        "li@example.org,Li,Wang,en,Nobody Incorporated",
    )
    response = upload(as_organizer, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert problems(page) == [("4", "e-mail"), ("5", "language"), ("6", "organisation")]
    assert "sofie@example.org" in page and "marc@example.org" in page
    assert partners_count() == 0 and outbox() == []


def test_confirming_a_preview_invites_its_valid_rows_together(as_organizer, enabel, awex):
    page = upload(
        as_organizer,
        csv_bytes(
            "sofie@example.org,Sofie,Claes,nl,Enabel", "marc@example.org,Marc,Dubois,fr,AWEX"
        ),
    ).get_data(as_text=True)
    response = as_organizer.post(
        "/organizer/partners/import/confirm", data={"rows": signed_rows(page)}
    )
    assert response.status_code == 302
    assert partners_count() == 2
    assert user_of("marc@example.org").partner_profile.organisation_id == awex.id
    assert sorted(mail.to for mail in outbox()) == ["marc@example.org", "sofie@example.org"]


def test_a_file_with_no_valid_line_offers_nothing_to_confirm(as_organizer, enabel):
    page = upload(as_organizer, csv_bytes("nobody,,,xx,Unknown")).get_data(as_text=True)
    assert 'name="rows"' not in page
    assert partners_count() == 0


def test_a_file_without_the_columns_is_refused(as_organizer, enabel):
    page = upload(as_organizer, csv_bytes("a@example.org", header="email")).get_data(as_text=True)
    assert ("1", "organisation") in problems(page)
    assert partners_count() == 0


def test_a_tampered_preview_saves_nothing(as_organizer, enabel):
    response = as_organizer.post("/organizer/partners/import/confirm", data={"rows": "x.y"})
    assert response.status_code == 302
    assert partners_count() == 0


def test_a_preview_whose_people_got_an_account_meanwhile_saves_nobody(
    as_organizer, enabel, create_user
):
    page = upload(
        as_organizer,
        csv_bytes(
            "sofie@example.org,Sofie,Claes,nl,Enabel", "marc@example.org,Marc,Dubois,fr,Enabel"
        ),
    ).get_data(as_text=True)
    create_user(email="marc@example.org")
    response = as_organizer.post(
        "/organizer/partners/import/confirm", data={"rows": signed_rows(page)}
    )
    assert response.status_code == 409
    assert partners_count() == 0 and outbox() == []


# Registering with the link


def test_partner_registers_with_the_link_and_lands_on_their_meetings(
    client, invited, event, attending
):
    attending()  # a head of post posted in Kenya: a country partners may choose
    form = client.get(invited)
    assert form.status_code == 200
    assert "Enabel" in form.get_data(as_text=True)
    response = client.post(invited, data=registration_form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/partner")
    user = user_of("sofie.claes@example.org")
    profile = user.partner_profile
    assert profile.registered_at is not None and profile.consent_at is not None
    assert profile.mobile_phone == "+32478123456"
    assert profile.function == "Head of export"
    assert profile.sectors == ["energy", "maritime"]
    assert user.check_password(PASSWORD)
    assert client.get("/partner").status_code == 200  # logged in


def test_registration_without_consent_saves_nothing(client, invited):
    response = client.post(invited, data=registration_form(consent=None))
    assert response.status_code == 200
    assert "Without your agreement" in response.get_data(as_text=True)
    assert user_of("sofie.claes@example.org").partner_profile.registered_at is None


@pytest.mark.parametrize("phone", ["12", "not a phone", "0478 12 34 56"])
def test_registration_refuses_a_phone_not_written_internationally(client, invited, phone):
    response = client.post(invited, data=registration_form(mobile_phone=phone))
    assert response.status_code == 200
    assert user_of("sofie.claes@example.org").partner_profile.registered_at is None


def test_the_link_works_once(client, invited, attending):
    attending()
    client.post(invited, data=registration_form())
    client.post("/logout")
    assert client.get(invited).status_code == 404
    assert client.post(invited, data=registration_form(first_name="Other")).status_code == 404
    assert user_of("sofie.claes@example.org").first_name == "Sofie"


def test_an_expired_link_does_not_work(client, invited):
    invitation = db.session.scalar(select(Invitation))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get(invited).status_code == 404
    assert client.post(invited, data=registration_form()).status_code == 404
    assert user_of("sofie.claes@example.org").partner_profile.registered_at is None


def test_a_partner_link_does_not_open_the_heads_of_posts_form(client, invited):
    token = invited.rsplit("/", 1)[1]
    assert client.get(f"/invitation/{token}").status_code == 404


def test_partner_changes_their_details(client, partner, login):
    login(partner)
    response = client.post(
        "/partner/profile",
        data={
            "first_name": "Anna",
            "last_name": "Partner",
            "function": "CEO",
            "mobile_phone": "+32 470 00 00 01",
            "language": "fr",
            "sectors": ["digital"],
        },
    )
    assert response.status_code == 302
    db.session.refresh(partner)
    assert partner.first_name == "Anna" and partner.language == "fr"
    assert partner.partner_profile.function == "CEO"
    assert partner.partner_profile.sectors == ["digital"]


# Where partners go and may not go


def test_partner_lands_on_their_meetings_after_login(client, partner, login):
    response = login(partner)
    assert response.headers["Location"].endswith("/partner")


@pytest.mark.parametrize(
    "path",
    [
        "/agenda",
        "/registration",
        "/organizer/partners",
        "/organizer/invitations",
        "/organizer/attendees",
    ],
)
def test_partner_is_refused_other_peoples_pages(client, partner, login, path):
    login(partner)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ["/partner", "/partner/directory", "/partner/profile"])
def test_partner_pages_are_refused_to_diplomats_and_organizers(
    client, diplomat, organizer, login, path
):
    for user in (diplomat, organizer):
        login(user)
        assert client.get(path).status_code == 403
        client.post("/logout")


def test_partner_menu_shows_their_pages_not_the_diplomats(client, partner, login):
    login(partner)
    page = client.get("/partner/directory").get_data(as_text=True)
    nav = re.search(r'<nav class="site-nav".*?</nav>', page, re.S)[0]
    assert "My meetings" in nav and "Directory" in nav and "Programme" in nav
    assert "My agenda" not in nav and "My registration" not in nav


def test_partner_home_has_an_empty_state_pointing_to_the_directory(client, partner, login):
    login(partner)
    page = client.get("/partner").get_data(as_text=True)
    assert "No requests yet" in page and 'href="/partner/directory"' in page


def test_partner_home_groups_their_own_meetings_by_status(
    client, event, partner, create_partner, attending, login
):
    other = create_partner(email="other@example.org", organisation_name="Other Co")
    mine = attending(first_name="Amina", last_name=HOSTILE).user
    theirs = attending(first_name="Bruno", last_name="Theirs").user
    db.session.add_all(
        [
            Meeting(
                event_id=event.id,
                partner_id=partner.id,
                diplomat_id=mine.id,
                status=MeetingStatus.REQUESTED,
                subject=HOSTILE,
            ),
            Meeting(
                event_id=event.id,
                partner_id=other.id,
                diplomat_id=theirs.id,
                status=MeetingStatus.REQUESTED,
                subject="Not yours",
            ),
        ]
    )
    db.session.commit()
    login(partner)
    page = client.get("/partner").get_data(as_text=True)
    assert 'id="meetings-requested"' in page
    assert "Amina" in page and "Not yours" not in page and "Bruno" not in page
    assert HOSTILE not in page and "&lt;script&gt;" in page


# Heads of post's opt-in


def test_head_of_post_opts_in_on_their_registration(client, attending, login):
    registration = attending(status=RegistrationStatus.REGISTERED)
    registration.mobile_phone = "+32478123456"
    db.session.commit()
    login(registration.user)
    page = client.get("/registration").get_data(as_text=True)
    assert "Partners may ask me for a bilateral meeting" in page
    assert (
        'name="accepts_meetings"' in page
        and "checked" not in re.search(r'<input[^>]*name="accepts_meetings"[^>]*>', page)[0]
    )
    response = client.post(
        "/registration",
        data={
            "first_name": "Person",
            "last_name": "Opting",
            "function": "ambassador",
            "post_city": "Nairobi",
            "post_country": "Kenya",
            "days": ["2026-02-02"],
            "arrival_at": "2026-02-01T18:30",
            "departure_at": "2026-02-06T17:00",
            "language": "en",
            "mobile_phone": "+32 478 12 34 56",
            "dietary": "",
            "accessibility": "",
            "remarks": "",
            "accepts_meetings": "y",
            "meeting_topics": "Ports, green hydrogen",
            "meeting_sectors": ["energy", "maritime"],
        },
    )
    assert response.status_code == 302
    db.session.refresh(registration)
    assert registration.accepts_meetings is True
    assert registration.meeting_topics == "Ports, green hydrogen"
    assert registration.meeting_sectors == ["energy", "maritime"]


# The directory


@pytest.fixture
def heads_of_post(attending, create_user):
    """Four heads of post: two opted in and attending, one opted in but only invited, one
    attending who did not opt in."""

    def head(first, last, city, country, region, status, accepts, topics="", sectors=()):
        user = create_user(first_name=first, last_name=last, region=region)
        user.profile.post_city, user.profile.post_country = city, country
        registration = attending(user=user, status=status)
        registration.accepts_meetings = accepts
        registration.meeting_topics = topics
        registration.meeting_sectors = list(sectors)
        db.session.commit()
        return user

    return {
        "helene": head(
            "Hélène",
            "Lefèvre",
            "São Paulo",
            "Brazil",
            Region.AMERICAS,
            RegistrationStatus.CONFIRMED,
            True,
            "Énergie renouvelable",
            ["energy"],
        ),
        "jan": head(
            "Jan",
            "Peeters",
            "Nairobi",
            "Kenya",
            Region.AFRICA,
            RegistrationStatus.REGISTERED,
            True,
            HOSTILE,
            ["maritime", "logistics"],
        ),
        "invited": head(
            "Ivo", "Invited", "Oslo", "Norway", Region.EUROPE, RegistrationStatus.INVITED, True
        ),
        "shy": head(
            "Sam", "Shy", "Lima", "Peru", Region.AMERICAS, RegistrationStatus.CONFIRMED, False
        ),
    }


def directory_names(client, query="") -> list[str]:
    page = client.get(f"/partner/directory{query}").get_data(as_text=True)
    return re.findall(r'<tr id="diplomat-\d+">\s*<td>([^<]*)<br>', page)


def test_directory_lists_only_attending_heads_of_post_who_opted_in(
    client, partner, login, heads_of_post
):
    login(partner)
    assert directory_names(client) == ["Hélène Lefèvre", "Jan Peeters"]


def test_directory_shows_post_region_topics_sectors_and_days(client, partner, login, heads_of_post):
    login(partner)
    page = client.get("/partner/directory").get_data(as_text=True)
    assert "São Paulo, Brazil" in page and "Americas" in page
    assert "Énergie renouvelable" in page and "Energy and climate" in page
    assert HOSTILE not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?region=africa", ["Jan Peeters"]),
        ("?country=Brazil", ["Hélène Lefèvre"]),
        ("?sector=maritime", ["Jan Peeters"]),
        ("?sector=health", []),
        ("?q=helene", ["Hélène Lefèvre"]),
        ("?q=LEFEVRE", ["Hélène Lefèvre"]),
        ("?q=sao+paulo", ["Hélène Lefèvre"]),
        ("?q=energie", ["Hélène Lefèvre"]),
        ("?q=nairobi", ["Jan Peeters"]),
        ("?q=shy", []),
        ("?region=not-a-region", ["Hélène Lefèvre", "Jan Peeters"]),
    ],
)
def test_directory_filters_and_accent_blind_search(
    client, partner, login, heads_of_post, query, expected
):
    login(partner)
    assert directory_names(client, query) == expected


def test_directory_says_when_nobody_matches(client, partner, login, heads_of_post):
    login(partner)
    page = client.get("/partner/directory?q=zzz").get_data(as_text=True)
    assert "Nobody matches" in page


def test_directory_has_an_empty_state(client, partner, login, event):
    login(partner)
    page = client.get("/partner/directory").get_data(as_text=True)
    assert "Nobody in the directory yet" in page


def test_directory_costs_the_same_queries_whatever_the_number_of_people(
    client, partner, login, attending, count_queries
):
    def opted_in():
        registration = attending()
        registration.accepts_meetings = True
        db.session.commit()

    login(partner)
    opted_in()
    client.get("/partner/directory")
    with count_queries() as few:
        client.get("/partner/directory")
    for _ in range(5):
        opted_in()
    with count_queries() as many:
        client.get("/partner/directory")
    assert len(many) == len(few), str(many)


def test_directory_links_to_the_request_form_only_when_it_exists(
    app, client, partner, login, heads_of_post
):
    login(partner)
    page = client.get("/partner/directory").get_data(as_text=True)
    has_form = "partners.request_meeting" in app.view_functions
    assert ("Ask for a meeting" in page) == has_form


def test_hostile_names_are_escaped_in_the_organizers_list(as_organizer, enabel):
    as_organizer.post("/organizer/partners/new", data=invite_form(enabel, last_name=HOSTILE))
    page = as_organizer.get("/organizer/partners").get_data(as_text=True)
    assert HOSTILE not in page and "&lt;script&gt;" in page
    assert db.session.scalar(select(func.count(PartnerProfile.user_id))) == 1
