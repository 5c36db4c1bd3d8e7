"""Who may read a briefing document, over HTTP with the exact URL; where documents never
appear; the download's headers and its record; what a session's page and the agenda
show readers ("New", "Updated", "2 documents · 1 new").

Every check goes through the pages and the download a person would use: anyone who may
not read a document gets 404, as if it did not exist, also with its address in hand.
"""

import re
from urllib.parse import quote

import pytest
from sqlalchemy import select

from eventapp.calendar.services import ensure_feed_token
from eventapp.documents import samples, services
from eventapp.extensions import db
from eventapp.models import (
    AudienceKind,
    DocumentDownload,
    DocumentVisit,
    SessionStatus,
    SignUp,
    SignUpStatus,
    User,
    Visibility,
)

from .support import brussels

PASSWORD = "correct horse battery"


@pytest.fixture
def open_as(app):
    """open_as(user or None, path): the response a fresh browser of that person gets
    (None: an anonymous visitor)."""

    def open_as(user, path, **kwargs):
        client = app.test_client()
        if user is not None:
            response = client.post("/login", data={"email": user.email, "password": PASSWORD})
            assert response.status_code == 302, f"login of {user.email} failed"
        return client.get(path, **kwargs)

    return open_as


@pytest.fixture
def attendee(attending):
    """A diplomat attending the days given (every day unless told)."""

    def attendee(days=None, **values) -> User:
        return attending(days=days, **values).user

    return attendee


def download_url(document) -> str:
    return f"/documents/{document.id}/download"


def statuses(open_as, path, **people) -> dict[str, int]:
    return {name: open_as(user, path).status_code for name, user in people.items()}


def text_of(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.get_data(as_text=True), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def at(day, hour, minute=0):
    return {"starts_at": brussels(day, hour, minute), "ends_at": brussels(day, hour + 1, minute)}


MONDAY = brussels(2, 9, 30).date()
TUESDAY = brussels(3, 9, 30).date()


# Who may read what


def test_a_public_sessions_document_is_read_by_everyone(
    open_as, create_session, create_document, attendee, partner, door_staff
):
    document = create_document(create_session(title="Opening"), title="Programme notes")
    found = statuses(
        open_as,
        download_url(document),
        anonymous=None,
        partner=partner,
        door_staff=door_staff,
        diplomat=attendee(),
    )
    assert found == {"anonymous": 200, "partner": 200, "door_staff": 200, "diplomat": 200}


def test_an_attendee_sessions_document_is_read_by_registered_diplomats_only(
    open_as, create_session, create_document, attendee, partner, door_staff
):
    session = create_session(title="Working lunch", visibility=Visibility.ATTENDEES)
    document = create_document(session, title="Menu and seating")
    found = statuses(
        open_as,
        download_url(document),
        anonymous=None,
        partner=partner,
        door_staff=door_staff,
        diplomat=attendee(),
    )
    assert found == {"anonymous": 404, "partner": 404, "door_staff": 404, "diplomat": 200}


def test_an_invited_only_sessions_document_is_read_by_its_audience_only(
    open_as, create_session, create_document, attendee, partner
):
    member, other = attendee(), attendee()
    session = create_session(
        title="Regional meeting Africa",
        visibility=Visibility.INVITED_ONLY,
        audience=AudienceKind.NAMED,
        audience_members=[member],
    )
    document = create_document(session, title="Speaking points")
    found = statuses(
        open_as, download_url(document), member=member, other=other, anonymous=None, partner=partner
    )
    assert found == {"member": 200, "other": 404, "anonymous": 404, "partner": 404}


def test_narrowed_to_participants_a_document_needs_the_session_on_the_diplomats_agenda(
    open_as, create_session, create_document, attendee, partner
):
    """Without sign-up the audience are its participants, on a day they attend."""
    session = create_session(title="Minister's address", **at(2, 9, 30))
    document = create_document(session, title="Draft speech", participants_only=True)
    found = statuses(
        open_as,
        download_url(document),
        there_that_day=attendee(days=[MONDAY]),
        there_another_day=attendee(days=[TUESDAY]),
        anonymous=None,
        partner=partner,
    )
    assert found == {
        "there_that_day": 200,
        "there_another_day": 404,
        "anonymous": 404,
        "partner": 404,
    }


def test_narrowed_on_a_sign_up_session_a_place_is_needed_and_cancelling_loses_it(
    app, open_as, create_session, create_document, attendee
):
    session = create_session(title="Workshop on consular crises", signup_required=True, capacity=1)
    document = create_document(session, title="Case studies", participants_only=True)
    holder, waiting, not_signed_up = attendee(), attendee(), attendee()
    db.session.add_all(
        [
            SignUp(session_id=session.id, user_id=holder.id, status=SignUpStatus.CONFIRMED),
            SignUp(
                session_id=session.id,
                user_id=waiting.id,
                status=SignUpStatus.WAITLISTED,
                position=1,
            ),
        ]
    )
    db.session.commit()
    url = download_url(document)
    assert statuses(open_as, url, holder=holder, waiting=waiting, not_signed_up=not_signed_up) == {
        "holder": 200,
        "waiting": 404,
        "not_signed_up": 404,
    }
    # The holder gives the place up through the page a diplomat uses.
    client = app.test_client()
    client.post("/login", data={"email": holder.email, "password": PASSWORD})
    response = client.post(f"/sessions/{session.id}/cancel-sign-up", follow_redirects=True)
    assert "Your place is cancelled" in text_of(response)
    assert client.get(url).status_code == 404
    # The place went to the first on the waitlist, who now reads it.
    assert open_as(waiting, url).status_code == 200


def test_a_withdrawn_document_is_gone_for_readers_and_kept_for_organizers(
    open_as, create_session, create_document, attendee, organizer
):
    document = create_document(create_session(title="Opening"), title="Old agenda")
    services.withdraw(document, organizer)
    found = statuses(
        open_as, download_url(document), anonymous=None, diplomat=attendee(), organizer=organizer
    )
    assert found == {"anonymous": 404, "diplomat": 404, "organizer": 200}


def test_a_draft_sessions_documents_are_for_organizers_only(
    open_as, create_session, create_document, attendee, organizer
):
    session = create_session(title="Not yet announced", status=SessionStatus.DRAFT)
    document = create_document(session, title="Concept note")
    found = statuses(
        open_as, download_url(document), anonymous=None, diplomat=attendee(), organizer=organizer
    )
    assert found == {"anonymous": 404, "diplomat": 404, "organizer": 200}


def test_a_document_that_does_not_exist_is_404(open_as, attendee):
    assert open_as(attendee(), "/documents/987654/download").status_code == 404


# Where documents never appear


@pytest.fixture
def documented(create_session, create_document):
    """A public session with a document everyone reads and one narrowed to participants."""
    session = create_session(title="Economic diplomacy", **at(2, 9, 30))
    shared = create_document(session, title="Shared fact sheet")
    narrowed = create_document(
        session, title="Confidential speaking points", participants_only=True
    )
    return session, shared, narrowed


def test_documents_are_never_in_the_feeds_the_export_or_the_programme(
    open_as, documented, attendee, organizer
):
    session, shared, narrowed = documented
    diplomat = attendee()
    token = ensure_feed_token(db.session.get(User, diplomat.id))
    pages = {
        "programme feed": open_as(None, "/programme.ics"),
        "personal feed": open_as(None, f"/feeds/{token}.ics"),
        "one session's calendar file": open_as(diplomat, f"/sessions/{session.id}.ics"),
        "programme page": open_as(diplomat, "/programme?day=2026-02-02"),
        "organizers' JSON export": open_as(organizer, "/organizer/exchange/programme.json"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        body = response.get_data(as_text=True)
        assert "Economic diplomacy" in body, f"{name}: the session is there"
        for document in (shared, narrowed):
            assert document.text_in("title", "en") not in body, name
            assert f"/documents/{document.id}/" not in body, name


def test_a_session_page_lists_only_the_documents_its_viewer_may_read(
    open_as, documented, attendee, create_session, create_document
):
    session, shared, narrowed = documented
    anonymous_page = open_as(None, f"/sessions/{session.id}").get_data(as_text=True)
    assert "Shared fact sheet" in anonymous_page
    assert download_url(shared) in anonymous_page
    assert "Confidential speaking points" not in anonymous_page
    assert download_url(narrowed) not in anonymous_page

    participant_page = open_as(attendee(), f"/sessions/{session.id}").get_data(as_text=True)
    assert download_url(shared) in participant_page
    assert download_url(narrowed) in participant_page

    # No document the viewer may read: no section at all.
    other = create_session(title="Reception", **at(2, 18))
    create_document(other, title="Guest list", participants_only=True)
    page = open_as(None, f"/sessions/{other.id}").get_data(as_text=True)
    assert 'id="documents"' not in page and "Guest list" not in page


def test_a_session_page_says_what_each_document_is(
    open_as, create_session, create_document, attendee, organizer
):
    from eventapp.models import FileLanguage

    session = create_session(title="Opening")
    create_document(
        session,
        title="Country fact sheet",
        language=FileLanguage.FR,
        note="Figures of 2025, from the embassy.",
    )
    withdrawn = create_document(session, title="Superseded agenda", content=samples.png())
    services.withdraw(withdrawn, organizer)
    page = text_of(open_as(attendee(), f"/sessions/{session.id}"))
    assert "Documents" in page
    assert re.search(r"Country fact sheet .*PDF · \d+ KB · Language: Français", page), page
    assert "Figures of 2025, from the embassy." in page
    assert "Superseded agenda" not in page
    # Organizers also see the withdrawn one, said to be withdrawn.
    page = text_of(open_as(organizer, f"/sessions/{session.id}"))
    assert "Superseded agenda" in page
    assert "Withdrawn: readers no longer see it" in page


def test_in_french_a_page_gives_the_french_title_and_sizes(
    open_as, create_session, organizer, create_user, attending
):
    from io import BytesIO

    from eventapp.models import FileLanguage

    session = create_session(title="Opening")
    services.attach(
        session,
        services.Upload(BytesIO(samples.pdf("Fiche")), "fiche.pdf"),
        services.DocumentDetails(
            title_en="Country fact sheet",
            title_fr="Fiche pays",
            title_nl=None,
            language=FileLanguage.FR,
            note=None,
            participants_only=False,
        ),
        organizer,
    )
    diplomat = attending(language="fr").user
    page = text_of(open_as(diplomat, f"/sessions/{session.id}"))
    assert "Fiche pays" in page and "Country fact sheet" not in page
    assert "Fiche pays PDF ·" in page


def test_sizes_are_written_the_languages_way(app):
    from flask_babel import force_locale

    from eventapp.i18n import filesize

    with app.test_request_context(), force_locale("fr"):
        assert filesize(1_468_006).startswith("1,4 ")
    with app.test_request_context(), force_locale("en"):
        assert [filesize(size) for size in (200, 348_000, 1_468_006, 20 * 1024 * 1024)] == [
            "1 KB",
            "340 KB",
            "1.4 MB",
            "20 MB",
        ]


# The download


def test_the_download_keeps_accents_in_its_name_and_is_never_shown_inline(
    open_as, create_session, create_document, attendee
):
    name = "Fiche pays — Côte d’Ivoire.pdf"
    document = create_document(create_session(), title="Fiche pays", filename=name)
    response = open_as(attendee(), download_url(document))
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(name)}" in disposition
    fallback = re.search(r'filename="?([^";]+)"?;', disposition + ";").group(1)
    assert fallback.isascii() and fallback.startswith("Fiche pays") and fallback.endswith(".pdf")
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.data.startswith(b"%PDF")


def test_a_png_uploaded_as_pdf_is_sent_as_the_png_it_is(
    open_as, create_session, create_document, attendee
):
    document = create_document(
        create_session(), title="Seating plan", content=samples.png(), filename="x.pdf"
    )
    response = open_as(attendee(), download_url(document))
    assert response.headers["Content-Type"] == "image/png"
    assert 'filename="x.png"' in response.headers["Content-Disposition"] or (
        "filename=x.png" in response.headers["Content-Disposition"]
    )
    assert "text/html" not in response.headers["Content-Type"]


def test_each_download_is_recorded_with_who_when_and_which_version(
    open_as, create_session, create_document, attendee, organizer
):
    session = create_session()
    document = create_document(session, title="Speaking points")
    diplomat = attendee()
    assert open_as(diplomat, download_url(document)).status_code == 200
    assert open_as(None, download_url(document)).status_code == 200
    services.replace(
        document, services.Upload(__import__("io").BytesIO(samples.pdf("v2")), "v2.pdf"), organizer
    )
    assert open_as(diplomat, download_url(document)).status_code == 200
    db.session.expire_all()
    downloads = db.session.scalars(
        select(DocumentDownload)
        .where(DocumentDownload.document_id == document.id)
        .order_by(DocumentDownload.id)
    ).all()
    versions = {version.id: version.number for version in document.versions}
    assert [(d.user_id, versions[d.version_id], d.in_pack) for d in downloads] == [
        (diplomat.id, 1, False),
        (None, 1, False),  # an anonymous visitor: no name
        (diplomat.id, 2, False),
    ]
    assert all(d.downloaded_at is not None for d in downloads)


def test_asking_for_a_document_s_headers_only_records_nothing(
    app, create_session, create_document, attendee
):
    document = create_document(create_session())
    client = app.test_client()
    client.post("/login", data={"email": attendee().email, "password": PASSWORD})
    response = client.head(download_url(document))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert db.session.scalar(select(DocumentDownload.id)) is None


def test_a_refused_download_records_nothing(open_as, create_session, create_document, attendee):
    session = create_session(visibility=Visibility.ATTENDEES)
    document = create_document(session)
    assert open_as(None, download_url(document)).status_code == 404
    assert db.session.scalar(select(DocumentDownload.id)) is None


# What is new since the last visit


def _replace(document, organizer, text):
    from io import BytesIO

    services.replace(document, services.Upload(BytesIO(samples.pdf(text)), "new.pdf"), organizer)


def _marks(page: str) -> dict[str, str | None]:
    """{document title: "New", "Updated" or None} on a session page."""
    section = page.split('id="documents"', 1)[1].split("</section>", 1)[0]
    marks = {}
    for item in re.findall(r"<li class=\"document-list__item.*?</li>", section, flags=re.S):
        title = re.search(r"download>(?:<span[^>]*>)?([^<]+)", item).group(1).strip()
        mark = re.search(r'badge--(?:new|updated)">([^<]+)<', item)
        marks[title] = mark.group(1) if mark else None
    return marks


def test_new_and_updated_are_marked_on_the_next_visit_then_no_more(
    app, create_session, create_document, attendee, organizer
):
    session = create_session(title="Minister's address")
    first = create_document(session, title="Biography")
    diplomat = attendee()
    client = app.test_client()
    client.post("/login", data={"email": diplomat.email, "password": PASSWORD})
    page = f"/sessions/{session.id}"

    # A first visit: everything is new to them, nothing is marked.
    assert _marks(client.get(page).get_data(as_text=True)) == {"Biography": None}
    _replace(first, organizer, "Biography, corrected")
    create_document(session, title="Speech")
    # The next visit marks what changed since the first.
    assert _marks(client.get(page).get_data(as_text=True)) == {
        "Biography": "Updated",
        "Speech": "New",
    }
    # Seen: no more marks.
    assert _marks(client.get(page).get_data(as_text=True)) == {
        "Biography": None,
        "Speech": None,
    }


def test_visits_are_noted_for_diplomats_only_and_only_when_there_are_documents(
    open_as, create_session, create_document, attendee, organizer
):
    with_documents = create_session(title="Opening")
    create_document(with_documents)
    without = create_session(title="Coffee", **at(2, 11))
    diplomat = attendee()
    for user in (None, organizer, diplomat):
        assert open_as(user, f"/sessions/{with_documents.id}").status_code == 200
        assert open_as(user, f"/sessions/{without.id}").status_code == 200
    visits = db.session.execute(select(DocumentVisit.user_id, DocumentVisit.session_id)).all()
    assert visits == [(diplomat.id, with_documents.id)]


# The agenda


def test_the_agenda_counts_the_documents_of_each_session_and_what_is_new(
    app, create_session, create_document, attendee, organizer
):
    address = create_session(title="Minister's address", **at(2, 9, 30))
    create_document(address, title="Biography")
    create_document(address, title="Speech")
    workshop = create_session(title="Workshop", **at(3, 14), signup_required=True, capacity=1)
    create_document(workshop, title="Case studies", participants_only=True)
    create_document(workshop, title="Room plan")
    quiet = create_session(title="Reception", **at(2, 18))
    diplomat, holder = attendee(), attendee()
    db.session.add_all(
        [
            SignUp(session_id=workshop.id, user_id=holder.id, status=SignUpStatus.CONFIRMED),
            SignUp(
                session_id=workshop.id,
                user_id=diplomat.id,
                status=SignUpStatus.WAITLISTED,
                position=1,
            ),
        ]
    )
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": diplomat.email, "password": PASSWORD})

    def documents_on_agenda():
        html = client.get("/agenda").get_data(as_text=True)
        found = {}
        for session in (address, workshop, quiet):
            entry = rf'<li class="agenda-item[^"]*">(?:(?!</li>).)*?/sessions/{session.id}"'
            item = re.search(entry + r"(?:(?!</li>).)*</li>", html, flags=re.S)
            assert item, session.title_en
            line = re.search(r'agenda-item__documents">(.*?)</p>', item.group(0), flags=re.S)
            found[session.title_en] = (
                re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", line.group(1))).strip() if line else None
            )
        return found

    # On the waitlist, the narrowed document is not theirs; never visited: nothing new.
    assert documents_on_agenda() == {
        "Minister's address": "2 documents",
        "Workshop": "1 document",
        "Reception": None,
    }
    assert f'href="/sessions/{address.id}#documents"' in client.get("/agenda").get_data(
        as_text=True
    )
    client.get(f"/sessions/{address.id}")  # the visit that counts
    [biography, _speech] = sorted((d for d in address_documents(address)), key=lambda d: d.id)
    _replace(biography, organizer, "Biography, corrected")
    assert documents_on_agenda()["Minister's address"] == "2 documents · 1 new"
    client.get(f"/sessions/{address.id}")
    assert documents_on_agenda()["Minister's address"] == "2 documents"


def address_documents(session):
    from eventapp.models import Document

    return db.session.scalars(select(Document).where(Document.session_id == session.id)).all()
