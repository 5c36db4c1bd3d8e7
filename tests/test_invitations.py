"""Organizers invite heads of post, one by one or from a CSV file (a preview first), and
resend or revoke invitations; each link works once, for a while, for one person."""

import html
import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.invitations import inviting, links
from eventapp.invitations.csv_import import Invitee
from eventapp.mail import outbox
from eventapp.models import (
    DiplomatFunction,
    Invitation,
    Region,
    Registration,
    RegistrationStatus,
    Role,
    User,
    utcnow,
)

HEADER = "first name,last name,e-mail,function,post city,post country,region,language"
HELENE = (
    "Hélène,Lefèvre,helene.lefevre@example.org,consul_general,New York,United States,americas,fr"
)
BRUSSELS = ZoneInfo("Europe/Brussels")
JAN = "Jan,Peeters,jan.peeters@example.org,Ambassador,Nairobi,Kenya,Sub-Saharan Africa,nl"
INVITING_SEASON = "2026-01-12T10:00"  # Brussels time


# Helpers


@pytest.fixture
def app_overrides():
    """Invitations go out in the weeks before the Contact Days (the demo clock): after
    the deadline or the week, inviting someone asks for confirmation first."""
    return {"DEMO_NOW": INVITING_SEASON}


@pytest.fixture
def as_organizer(client, organizer, login):
    login(organizer)
    return client


def invite_through_service(app, event, organizer, **values) -> str:
    """Invite someone as the organizer pages do; returns the path of their link."""
    fields = {
        "first_name": "Hélène",
        "last_name": "Lefèvre",
        "email": "consul@example.org",
        "function": DiplomatFunction.CONSUL_GENERAL,
        "post_city": "New York",
        "post_country": "United States",
        "region": Region.AMERICAS,
        "language": "fr",
    }
    fields.update(values)
    tokens = []

    def link_for(token):
        tokens.append(token)
        return f"http://localhost/invitation/{token}"

    with app.test_request_context():
        inviting.invite(event, Invitee(**fields), organizer, link_for)
    return f"/invitation/{tokens[0]}"


@pytest.fixture
def invite(app, event, organizer):
    return lambda **values: invite_through_service(app, event, organizer, **values)


def csv_bytes(*rows, header=HEADER, separator=",", bom=False, encoding="utf-8") -> bytes:
    lines = [line.replace(",", separator) for line in (header, *rows)]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def upload(client, data: bytes):
    return client.post(
        "/organizer/invitations/import",
        data={"file": (io.BytesIO(data), "heads-of-post.csv")},
        content_type="multipart/form-data",
    )


def problems(page: str) -> list[tuple[str, str, str]]:
    """The preview's problem report: (line, field, reason) per row."""
    table = re.search(r'<table id="import-problems">(.*?)</table>', page, re.S)
    if table is None:
        return []
    cells = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", table[1], re.S)
    return [tuple(html.unescape(cell.strip()) for cell in row) for row in cells]


def previewed_emails(page: str) -> list[str]:
    table = re.search(r'<table id="import-rows">(.*?)</table>', page, re.S)
    return re.findall(r"<td>([^<@\s]+@[^<\s]+)</td>", table[1]) if table else []


def signed_rows(page: str) -> str:
    return html.unescape(re.search(r'name="rows" type="hidden" value="([^"]*)"', page)[1])


def link_path(mail) -> str:
    return re.search(r"http://localhost(/invitation/[\w-]+)", mail.body)[1]


def people_count() -> int:
    return db.session.scalar(select(func.count(User.id)).where(User.role == Role.DIPLOMAT))


def invitation_of(email: str) -> Invitation:
    return db.session.scalar(select(Invitation).join(Invitation.user).where(User.email == email))


# Who may enter


@pytest.mark.parametrize(
    "path",
    ["/organizer/invitations", "/organizer/invitations/new", "/organizer/invitations/import"],
)
def test_invitation_pages_are_refused_to_diplomats(client, event, diplomat, login, path):
    login(diplomat)
    assert client.get(path).status_code == 403


def test_invitation_pages_send_visitors_to_the_login_page(client, event):
    response = client.get("/organizer/invitations")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


# The list


def test_empty_list_explains_how_to_invite(as_organizer, event):
    page = as_organizer.get("/organizer/invitations").get_data(as_text=True)
    assert "Nobody is invited yet" in page
    assert 'href="/organizer/invitations/new"' in page
    assert 'href="/organizer/invitations/import"' in page


def test_list_shows_each_invitation_with_post_function_language_and_states(as_organizer, invite):
    invite(email="consul@example.org", language="nl")
    page = as_organizer.get("/organizer/invitations").get_data(as_text=True)
    assert "Hélène Lefèvre" in page
    assert "consul@example.org" in page
    assert "New York, United States" in page
    assert "Consul general" in page
    assert "Nederlands" in page
    assert ">Sent<" in page
    assert ">Invited<" in page


def test_list_search_finds_people_by_name_or_post(as_organizer, invite):
    invite(email="consul@example.org")
    invite(email="jan@example.org", first_name="Jan", last_name="Peeters", post_city="Nairobi")
    by_name = as_organizer.get("/organizer/invitations?q=peet").get_data(as_text=True)
    assert "jan@example.org" in by_name and "consul@example.org" not in by_name
    by_post = as_organizer.get("/organizer/invitations?q=new+york").get_data(as_text=True)
    assert "consul@example.org" in by_post and "jan@example.org" not in by_post
    nothing = as_organizer.get("/organizer/invitations?q=zzz").get_data(as_text=True)
    assert "No invitations match" in nothing


def search_invitations(client, search: str) -> str:
    return client.get("/organizer/invitations", query_string={"q": search}).get_data(as_text=True)


def test_list_search_without_accents_or_capitals_finds_an_accented_name(as_organizer, invite):
    # SQLite's lower() and LIKE fold ASCII letters only: the search must not rely on them.
    invite(email="e.dubois@example.org", first_name="Élodie", last_name="Dubois")
    invite(email="jan@example.org", first_name="Jan", last_name="Peeters", post_city="Genève")
    for search in ("elodie", "élodie", "ELODIE dubois", "Élo"):
        page = search_invitations(as_organizer, search)
        assert "e.dubois@example.org" in page, search
        assert "jan@example.org" not in page, search
    by_post = search_invitations(as_organizer, "geneve")
    assert "jan@example.org" in by_post and "e.dubois@example.org" not in by_post


def test_list_search_in_accented_capitals_finds_a_name_written_without(as_organizer, invite):
    invite(email="e.martin@example.org", first_name="elodie", last_name="Martin")
    invite(email="jan@example.org", first_name="Jan", last_name="Peeters")
    for search in ("ÉLODIE", "Élodie MARTIN", "ÉLO"):
        page = search_invitations(as_organizer, search)
        assert "e.martin@example.org" in page, search
        assert "jan@example.org" not in page, search
    assert "No invitations match" in search_invitations(as_organizer, "ÉLODIE Peeters")


def test_list_costs_the_same_queries_whatever_the_number_of_invitations(as_organizer, invite):
    def queries_of_the_list(path="/organizer/invitations") -> int:
        statements = []

        def count(*args):
            statements.append(args[2])

        sa_event.listen(db.engine, "before_cursor_execute", count)
        as_organizer.get(path)
        sa_event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    invite(email="first@example.org")
    with_one = queries_of_the_list()
    searching_one = queries_of_the_list("/organizer/invitations?q=%C3%89LODIE+example")
    for number in range(5):
        invite(email=f"person{number}@example.org", first_name="Élodie")
    assert queries_of_the_list() == with_one
    # The search folds accents in Python, on the rows the list reads anyway.
    assert queries_of_the_list("/organizer/invitations?q=%C3%89LODIE+example") == searching_one


# Adding one person


def new_invitation_form(**values):
    data = {
        "first_name": "Jan",
        "last_name": "Peeters",
        "email": "Jan.Peeters@Example.org",
        "function": "ambassador",
        "post_city": "Nairobi",
        "post_country": "Kenya",
        "region": "africa",
        "language": "nl",
    }
    data.update(values)
    return data


def test_organizer_adds_one_invitee_with_account_profile_invitation_and_registration(
    as_organizer, event, organizer
):
    response = as_organizer.post("/organizer/invitations/new", data=new_invitation_form())
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "jan.peeters@example.org"))
    assert user.password_hash is None
    assert user.role == Role.DIPLOMAT and user.language == "nl"
    assert user.profile.function == DiplomatFunction.AMBASSADOR
    assert user.profile.post == "Nairobi, Kenya" and user.profile.region == Region.AFRICA
    invitation = invitation_of(user.email)
    assert invitation.created_by_id == organizer.id
    assert invitation.sent_at is not None and len(invitation.token_hash) == 64
    assert invitation.expires_at - utcnow() > timedelta(days=29)
    registration = db.session.scalar(select(Registration).where(Registration.user_id == user.id))
    assert registration.status == RegistrationStatus.INVITED


def test_invitation_mail_is_in_the_invitees_language_with_a_working_link(
    as_organizer, event, client
):
    as_organizer.post("/organizer/invitations/new", data=new_invitation_form(language="fr"))
    [mail] = outbox()
    assert mail.to == "jan.peeters@example.org"
    assert "Journées de contact diplomatique 2026" in mail.subject
    assert "2 février – 6 février 2026" in mail.body
    assert "Egmont Palace" in mail.body
    client.post("/logout")
    form = client.get(link_path(mail))
    assert form.status_code == 200
    assert 'name="password"' in form.get_data(as_text=True)


def test_invitation_mail_says_until_when_the_link_works_and_whom_to_write_to(as_organizer, event):
    event.contact_email = "dcd@diplobel.example"
    db.session.commit()
    as_organizer.post("/organizer/invitations/new", data=new_invitation_form(language="en"))
    [mail] = outbox()
    expires_at = invitation_of("jan.peeters@example.org").expires_at
    # The date is the invitation's own: one worked out here from the clock could fall
    # after midnight when the mail's did not.
    assert timedelta(days=29, hours=23) < expires_at - utcnow() <= timedelta(days=30)
    expiry = expires_at.astimezone(BRUSSELS).strftime("%A %-d %B %Y")  # date_long
    assert f"until {expiry}" in mail.body
    assert "dcd@diplobel.example" in mail.body


def test_token_is_stored_only_as_its_hash(as_organizer, event):
    as_organizer.post("/organizer/invitations/new", data=new_invitation_form())
    token = link_path(outbox()[0]).rsplit("/", 1)[1]
    invitation = invitation_of("jan.peeters@example.org")
    assert token not in invitation.token_hash
    assert invitation.token_hash == links.hash_token(token)


def test_adding_someone_whose_address_has_an_account_is_refused(as_organizer, event, diplomat):
    page = as_organizer.post(
        "/organizer/invitations/new", data=new_invitation_form(email="Ambassador@Example.org")
    ).get_data(as_text=True)
    assert "ambassador@example.org already has an account here" in page
    assert people_count() == 1
    assert outbox() == []


def test_adding_someone_with_a_bad_address_is_refused(as_organizer, event):
    page = as_organizer.post(
        "/organizer/invitations/new", data=new_invitation_form(email="not an address")
    ).get_data(as_text=True)
    assert "Enter an e-mail address" in page
    assert people_count() == 0


# Late: after the registration deadline or the last day, confirm first


def at_brussels(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=BRUSSELS)


@pytest.mark.parametrize(
    ("now", "late"),
    [("2026-01-09T16:59", False), ("2026-01-09T17:00", True)],
    ids=["a-minute-before", "at-the-deadline"],
)
def test_an_invitation_is_late_from_the_registration_deadline_on(event, now, late):
    event.registration_deadline = at_brussels("2026-01-09T17:00")
    reasons = inviting.late_invitation_reasons(event, now=at_brussels(now))
    assert bool(reasons) == late


@pytest.mark.parametrize(
    ("now", "late"),
    [("2026-02-06T23:59", False), ("2026-02-07T00:00", True)],
    ids=["on-the-last-day", "the-day-after"],
)
def test_an_invitation_is_late_once_the_last_day_has_passed_in_brussels(event, now, late):
    reasons = inviting.late_invitation_reasons(event, now=at_brussels(now))
    assert bool(reasons) == late


def test_inviting_after_the_deadline_asks_for_confirmation_with_the_date(as_organizer, event):
    event.registration_deadline = at_brussels("2026-01-09T17:00")
    db.session.commit()
    response = as_organizer.post("/organizer/invitations/new", data=new_invitation_form())
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Send the invitation anyway?" in page
    assert "The registration deadline was Friday 9 January 2026, 17:00" in page
    assert people_count() == 0
    assert outbox() == []


def test_inviting_after_the_last_day_asks_for_confirmation_with_the_date(
    as_organizer, create_event
):
    create_event(first_day=date(2026, 1, 5), last_day=date(2026, 1, 9))
    response = as_organizer.post("/organizer/invitations/new", data=new_invitation_form())
    page = html.unescape(response.get_data(as_text=True))
    assert "The Contact Days ended on Friday 9 January 2026." in page
    assert people_count() == 0


def test_a_confirmed_late_invitation_is_sent(as_organizer, event):
    event.registration_deadline = at_brussels("2026-01-09T17:00")
    db.session.commit()
    confirmation = as_organizer.post("/organizer/invitations/new", data=new_invitation_form())
    carried = dict(
        re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', confirmation.text)
    )
    response = as_organizer.post("/organizer/invitations/new", data=carried)
    assert response.status_code == 302
    assert invitation_of("jan.peeters@example.org").sent_at is not None
    [mail] = outbox()
    assert mail.to == "jan.peeters@example.org"


def test_back_from_the_late_confirmation_shows_the_form_as_typed(as_organizer, event):
    event.registration_deadline = at_brussels("2026-01-09T17:00")
    db.session.commit()
    response = as_organizer.post(
        "/organizer/invitations/new",
        data=new_invitation_form(late_confirmed="y", back_to_form="No, back to the form"),
    )
    page = response.get_data(as_text=True)
    assert 'name="first_name"' in page and 'value="Peeters"' in page
    assert "Send the invitation anyway?" not in page
    assert people_count() == 0


def test_import_preview_after_the_deadline_says_so(as_organizer, event):
    event.registration_deadline = at_brussels("2026-01-09T17:00")
    db.session.commit()
    page = html.unescape(upload(as_organizer, csv_bytes(HELENE)).get_data(as_text=True))
    assert "The registration deadline was Friday 9 January 2026, 17:00" in page


# CSV import: the preview


def test_csv_preview_lists_the_valid_rows_and_saves_nothing(as_organizer, event):
    response = upload(as_organizer, csv_bytes(HELENE, JAN))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Preview: nothing is saved yet" in page
    assert previewed_emails(page) == ["helene.lefevre@example.org", "jan.peeters@example.org"]
    assert "Invite these 2 people" in page
    assert problems(page) == []
    assert people_count() == 0
    assert outbox() == []


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        pytest.param(
            "Ana,Diaz,ana@,ambassador,Lima,Peru,americas,en",
            "e-mail",
            "“ana@” is not a valid e-mail address.",
            id="bad-email",
        ),
        pytest.param(
            "Ana,Diaz,ana@example.org,minister,Lima,Peru,americas,en",
            "function",
            "Unknown value “minister”.",
            id="unknown-function",
        ),
        pytest.param(
            "Ana,Diaz,ana@example.org,ambassador,Lima,Peru,antarctica,en",
            "region",
            "Unknown value “antarctica”.",
            id="unknown-region",
        ),
        pytest.param(
            "Ana,Diaz,ana@example.org,ambassador,Lima,Peru,americas,es",
            "language",
            "Unknown value “es”.",
            id="unknown-language",
        ),
        pytest.param(
            "Ana,Diaz,ana@example.org,ambassador,,Peru,americas,en",
            "post city",
            "This value is missing.",
            id="missing-field",
        ),
        pytest.param(
            "Ana," + "D" * 101 + ",ana@example.org,ambassador,Lima,Peru,americas,en",
            "last name",
            "Too long: 101 characters, at most 100.",
            id="too-long",
        ),
        pytest.param(
            "Ana,Di\x00az,ana@example.org,ambassador,Lima,Peru,americas,en",
            "last name",
            "Contains a character that cannot be stored",
            id="nul-character",
        ),
    ],
)
def test_csv_preview_reports_a_bad_row_with_line_field_and_reason(
    as_organizer, event, row, field, reason
):
    page = upload(as_organizer, csv_bytes(HELENE, row)).get_data(as_text=True)
    [(line, reported_field, reported_reason)] = problems(page)
    assert (line, reported_field) == ("3", field)
    assert reported_reason.startswith(reason)
    assert previewed_emails(page) == ["helene.lefevre@example.org"]


def test_csv_preview_reports_a_duplicate_within_the_file(as_organizer, event):
    again = HELENE.replace("helene.lefevre@", "Helene.Lefevre@")
    page = upload(as_organizer, csv_bytes(HELENE, JAN, again)).get_data(as_text=True)
    [(line, field, reason)] = problems(page)
    assert (line, field) == ("4", "e-mail")
    assert "already on line 2 of this file" in reason
    assert previewed_emails(page) == ["helene.lefevre@example.org", "jan.peeters@example.org"]


def test_csv_preview_reports_a_person_who_already_has_an_account(as_organizer, event, create_user):
    create_user(email="jan.peeters@example.org")
    page = upload(as_organizer, csv_bytes(HELENE, JAN.upper().replace("AFRICA", "africa")))
    [(line, field, reason)] = problems(page.get_data(as_text=True))
    assert (line, field) == ("3", "e-mail")
    assert "jan.peeters@example.org already has an account here" in reason


def test_csv_preview_reports_a_file_that_is_not_utf8_with_its_line(as_organizer, event):
    latin1 = csv_bytes(JAN, HELENE, encoding="latin-1")
    page = upload(as_organizer, latin1).get_data(as_text=True)
    [(line, field, reason)] = problems(page)
    assert line == "3"
    assert "not in UTF-8" in reason
    assert previewed_emails(page) == []
    assert "Invite these" not in page


def test_csv_preview_reports_a_missing_column(as_organizer, event):
    header = HEADER.replace(",region", "")
    row = JAN.replace(",Sub-Saharan Africa", "")
    [(line, field, reason)] = problems(
        upload(as_organizer, csv_bytes(row, header=header)).get_data(as_text=True)
    )
    assert (line, field) == ("1", "region")
    assert "no “region” column" in reason


def test_csv_with_semicolons_as_excel_writes_in_belgium_is_accepted(as_organizer, event):
    page = upload(as_organizer, csv_bytes(HELENE, JAN, separator=";")).get_data(as_text=True)
    assert problems(page) == []
    assert previewed_emails(page) == ["helene.lefevre@example.org", "jan.peeters@example.org"]


def test_csv_with_a_byte_order_mark_is_accepted(as_organizer, event):
    page = upload(as_organizer, csv_bytes(HELENE, bom=True)).get_data(as_text=True)
    assert problems(page) == []
    assert previewed_emails(page) == ["helene.lefevre@example.org"]
    assert "Hélène Lefèvre" in page


def test_csv_accepts_english_labels_in_any_case(as_organizer, event):
    row = "Ana,Diaz,ana@example.org,CHARGÉ D'AFFAIRES,Lima,Peru,middle east and north africa,French"
    page = upload(as_organizer, csv_bytes(row)).get_data(as_text=True)
    assert problems(page) == []
    assert previewed_emails(page) == ["ana@example.org"]


def test_csv_upload_without_a_file_is_refused(as_organizer, event):
    response = as_organizer.post("/organizer/invitations/import", data={})
    assert response.status_code == 400
    assert "Choose the file to import." in response.get_data(as_text=True)


# CSV import: the confirmation


def test_confirm_saves_the_valid_rows_together_and_mails_each_in_their_language(
    as_organizer, event, client
):
    bad = "Ana,Diaz,ana@,ambassador,Lima,Peru,americas,en"
    preview = upload(as_organizer, csv_bytes(HELENE, bad, JAN)).get_data(as_text=True)
    response = as_organizer.post(
        "/organizer/invitations/import/confirm", data={"rows": signed_rows(preview)}
    )
    assert response.status_code == 302
    assert people_count() == 2
    mails = {mail.to: mail for mail in outbox()}
    assert set(mails) == {"helene.lefevre@example.org", "jan.peeters@example.org"}
    assert "Journées de contact diplomatique 2026" in mails["helene.lefevre@example.org"].subject
    assert "Diplomatieke Contactdagen 2026" in mails["jan.peeters@example.org"].subject
    assert "2 februari – 6 februari 2026" in mails["jan.peeters@example.org"].body
    client.post("/logout")
    for mail in mails.values():
        assert client.get(link_path(mail)).status_code == 200
    jan = invitation_of("jan.peeters@example.org").user
    assert jan.profile.region == Region.AFRICA and jan.language == "nl"


def test_confirm_with_a_tampered_preview_saves_nothing(as_organizer, event):
    preview = upload(as_organizer, csv_bytes(HELENE)).get_data(as_text=True)
    tampered = signed_rows(preview).replace("a", "b", 1)
    response = as_organizer.post(
        "/organizer/invitations/import/confirm", data={"rows": tampered}, follow_redirects=True
    )
    assert "This preview could not be read" in response.get_data(as_text=True)
    assert people_count() == 0


def test_confirm_when_someone_was_added_meanwhile_saves_nothing_and_offers_the_others(
    as_organizer, event, create_user
):
    preview = upload(as_organizer, csv_bytes(HELENE, JAN)).get_data(as_text=True)
    create_user(email="jan.peeters@example.org")
    response = as_organizer.post(
        "/organizer/invitations/import/confirm", data={"rows": signed_rows(preview)}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Nothing was saved" in page
    assert [row[:2] for row in problems(page)] == [("3", "e-mail")]
    assert people_count() == 1 and outbox() == []
    again = as_organizer.post(
        "/organizer/invitations/import/confirm", data={"rows": signed_rows(page)}
    )
    assert again.status_code == 302
    assert [mail.to for mail in outbox()] == ["helene.lefevre@example.org"]


def test_confirm_racing_another_save_of_the_same_address_gives_a_message_not_an_error(
    as_organizer, event, create_user, monkeypatch
):
    preview = upload(as_organizer, csv_bytes(HELENE, JAN)).get_data(as_text=True)
    create_user(email="jan.peeters@example.org")
    # The other save lands between the check and the insert: the check sees nobody.
    real = inviting.emails_taken
    calls = []

    def taken_after_the_first_check(emails):
        calls.append(emails)
        return set() if len(calls) == 1 else real(emails)

    monkeypatch.setattr(inviting, "emails_taken", taken_after_the_first_check)
    response = as_organizer.post(
        "/organizer/invitations/import/confirm", data={"rows": signed_rows(preview)}
    )
    assert response.status_code == 409
    assert "Nothing was saved" in response.get_data(as_text=True)
    assert people_count() == 1


def test_confirming_the_same_preview_twice_invites_nobody_twice(as_organizer, event):
    preview = upload(as_organizer, csv_bytes(HELENE)).get_data(as_text=True)
    rows = signed_rows(preview)
    as_organizer.post("/organizer/invitations/import/confirm", data={"rows": rows})
    second = as_organizer.post("/organizer/invitations/import/confirm", data={"rows": rows})
    assert second.status_code == 409
    assert people_count() == 1
    assert len(outbox()) == 1


# The link: once, for a while, until resent or revoked


def test_unknown_token_gets_a_404_page(client, event):
    response = client.get("/invitation/not-a-token-we-made")
    assert response.status_code == 404
    assert "This invitation link does not work" in response.get_data(as_text=True)


def test_expired_link_is_refused(client, invite):
    link = invite()
    invitation = invitation_of("consul@example.org")
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 404
    assert "This invitation link has expired" in response.get_data(as_text=True)


def test_used_link_is_refused_and_says_to_log_in(client, invite):
    link = invite()
    invitation = invitation_of("consul@example.org")
    invitation.accepted_at = utcnow()
    db.session.commit()
    response = client.get(link)
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "This invitation has already been used" in page
    assert 'href="/login"' in page


def test_resend_mails_a_new_link_and_kills_the_old_one(as_organizer, invite, client):
    old_link = invite()
    invitation = invitation_of("consul@example.org")
    invitation.expires_at = utcnow() + timedelta(days=1)
    db.session.commit()
    response = as_organizer.post(f"/organizer/invitations/{invitation.id}/resend")
    assert response.status_code == 302
    new_mail = outbox()[-1]
    assert new_mail.to == "consul@example.org"
    new_link = link_path(new_mail)
    assert new_link != old_link
    assert invitation_of("consul@example.org").expires_at - utcnow() > timedelta(days=29)
    client.post("/logout")
    assert client.get(old_link).status_code == 404
    assert client.get(new_link).status_code == 200


def test_revoke_asks_for_confirmation_then_kills_the_link(as_organizer, invite, client):
    link = invite()
    invitation = invitation_of("consul@example.org")
    confirm_page = as_organizer.get(f"/organizer/invitations/{invitation.id}/revoke")
    assert "Revoke the invitation of Hélène Lefèvre?" in confirm_page.get_data(as_text=True)
    assert invitation_of("consul@example.org").revoked_at is None
    as_organizer.post(f"/organizer/invitations/{invitation.id}/revoke")
    assert invitation_of("consul@example.org").revoked_at is not None
    client.post("/logout")
    response = client.get(link)
    assert response.status_code == 404
    assert "This invitation has been withdrawn" in response.get_data(as_text=True)


def test_revoked_invitation_is_listed_as_revoked_and_can_be_sent_again(as_organizer, invite):
    invite()
    invitation = invitation_of("consul@example.org")
    as_organizer.post(f"/organizer/invitations/{invitation.id}/revoke")
    page = as_organizer.get("/organizer/invitations").get_data(as_text=True)
    assert ">Revoked<" in page
    as_organizer.post(f"/organizer/invitations/{invitation.id}/resend")
    assert invitation_of("consul@example.org").revoked_at is None


def test_an_answered_invitation_cannot_be_resent_or_revoked(as_organizer, invite):
    invite()
    invitation = invitation_of("consul@example.org")
    registration = db.session.scalar(
        select(Registration).where(Registration.user_id == invitation.user_id)
    )
    registration.status = RegistrationStatus.DECLINED
    db.session.commit()
    token_hash = invitation.token_hash
    resent = as_organizer.post(
        f"/organizer/invitations/{invitation.id}/resend", follow_redirects=True
    )
    assert "has already answered this invitation" in resent.get_data(as_text=True)
    revoked = as_organizer.post(
        f"/organizer/invitations/{invitation.id}/revoke", follow_redirects=True
    )
    assert "it cannot be revoked" in revoked.get_data(as_text=True)
    invitation = invitation_of("consul@example.org")
    assert invitation.token_hash == token_hash and invitation.revoked_at is None


def test_invitation_pages_keep_the_token_out_of_referer_headers(client, invite):
    page = client.get(invite()).get_data(as_text=True)
    assert '<meta name="referrer" content="no-referrer">' in page


def test_resending_an_invitation_of_another_event_is_not_found(as_organizer, invite, create_event):
    invite()
    invitation = invitation_of("consul@example.org")
    other = create_event(slug="dcd-2025", name_en="Contact Days 2025")
    invitation.event_id = other.id
    db.session.commit()
    assert as_organizer.post(f"/organizer/invitations/{invitation.id}/resend").status_code == 404
