"""Speakers' functions and organisations' names in the reader's language, another one
marked, and a speaker whose name is their function written once."""

import re

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import AuditLog, Organisation, OrganisationKind, Speaker


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def plain(response) -> str:
    """The page's text with tags taken out (not replaced by spaces), on one line."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.get_data(as_text=True)))


def speaker_items(response) -> list[str]:
    """The text of each speaker of a session page, as written."""
    html = response.get_data(as_text=True)
    items = re.findall(r'<ul class="speaker-list">(.*?)</ul>', html, re.S)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
        for block in items
        for item in re.findall(r"<li>(.*?)</li>", block, re.S)
    ]


def in_language(client, language: str) -> None:
    assert client.post("/language", data={"language": language}).status_code == 302


@pytest.fixture
def enabel(create_organisation):
    return create_organisation(
        "Enabel – Belgian development agency",
        name_fr="Enabel – Agence belge de développement",
        name_nl="Enabel – Belgisch ontwikkelingsagentschap",
        short_name="Enabel BE",
        short_name_fr="Enabel FR",
    )


@pytest.fixture
def session_with(create_session):
    """A published session with these speakers and partner organisations."""

    def session_with(speakers=(), organisations=()):
        session = create_session(title="Development finance", speakers=speakers)
        session.organisations = list(organisations)
        db.session.commit()
        return session

    return session_with


# The reader's language


def test_french_page_shows_the_french_function_and_organisation_name(
    client, enabel, create_speaker, session_with
):
    speaker = create_speaker(
        "Jean Van Wetter",
        "Managing Director",
        function_fr="Directeur général",
        function_nl="Algemeen directeur",
        organisation=enabel,
    )
    session = session_with([speaker], [enabel])
    in_language(client, "fr")

    page = client.get(f"/sessions/{session.id}")

    assert speaker_items(page)[0].startswith("Jean Van Wetter, Directeur général (Enabel FR)")
    assert "Managing Director" not in text_of(page) and "Enabel BE" not in text_of(page)


def test_dutch_programme_card_shows_the_dutch_function(
    client, enabel, create_speaker, session_with
):
    speaker = create_speaker(
        "Jean Van Wetter", "Managing Director", function_nl="Algemeen directeur"
    )
    session_with([speaker])
    in_language(client, "nl")
    page = plain(client.get("/programme?day=2026-02-02"))
    assert "Jean Van Wetter, Algemeen directeur" in page
    assert "Managing Director" not in page


def test_a_function_missing_in_the_readers_language_falls_back_marked(
    client, create_speaker, session_with
):
    speaker = create_speaker(
        "Jean Van Wetter", "Managing Director", function_fr="Directeur général"
    )
    session = session_with([speaker])
    in_language(client, "nl")

    html = client.get(f"/sessions/{session.id}").get_data(as_text=True)

    marked = r'<span lang="en">Managing Director</span> <abbr class="language-marker"[^>]*>\(EN\)<'
    assert re.search(marked, html)


def test_an_organisation_missing_in_the_readers_language_falls_back_marked(
    client, create_organisation, session_with
):
    agoria = create_organisation("Agoria trade federation", OrganisationKind.BUSINESS)
    session = session_with(organisations=[agoria])
    in_language(client, "fr")

    html = client.get(f"/sessions/{session.id}").get_data(as_text=True)

    assert re.search(
        r'<span lang="en">Agoria trade federation</span> <abbr class="language-marker"', html
    )


def test_a_name_in_the_readers_language_comes_before_a_short_name_in_another(
    client, create_organisation, session_with
):
    fps = create_organisation(
        "FPS Foreign Affairs, Foreign Trade and Development Cooperation",
        short_name="FPS Foreign Affairs",
        name_nl="FOD Buitenlandse Zaken",
    )
    session = session_with(organisations=[fps])
    in_language(client, "nl")
    page = text_of(client.get(f"/sessions/{session.id}"))
    assert "FOD Buitenlandse Zaken" in page and "FPS Foreign Affairs" not in page


def test_programme_filter_offers_organisations_in_the_readers_language(
    client, enabel, session_with
):
    session_with(organisations=[enabel])
    in_language(client, "fr")
    html = client.get("/programme?day=2026-02-02").get_data(as_text=True)
    assert f'<option value="{enabel.id}">Enabel FR</option>' in html
    in_language(client, "nl")
    html = client.get("/programme?day=2026-02-02").get_data(as_text=True)
    # No Dutch short name: the Dutch full name, rather than a short name in another language.
    assert f'<option value="{enabel.id}">Enabel – Belgisch ontwikkelingsagentschap</option>' in (
        html
    )


def test_calendar_download_gives_the_function_in_the_diplomats_language(
    client, login, diplomat, enabel, create_speaker, session_with
):
    speaker = create_speaker(
        "Jean Van Wetter",
        "Managing Director",
        function_fr="Directeur général",
        organisation=enabel,
    )
    session = session_with([speaker], [enabel])
    diplomat.language = "fr"
    db.session.commit()
    login(diplomat)

    ics = client.get(f"/sessions/{session.id}.ics").get_data(as_text=True).replace("\r\n ", "")

    assert "Jean Van Wetter\\, Directeur général (Enabel FR)" in ics
    assert "Managing Director" not in ics


def test_organizer_session_page_shows_the_organizers_language(
    client, login, organizer, enabel, create_speaker, session_with
):
    speaker = create_speaker(
        "Jean Van Wetter", "Managing Director", function_fr="Directeur général"
    )
    session = session_with([speaker], [enabel])
    organizer.language = "fr"
    db.session.commit()
    login(organizer)
    page = plain(client.get(f"/organizer/sessions/{session.id}"))
    assert "Jean Van Wetter, Directeur général" in page
    assert "Enabel – Agence belge de développement" in page


# Written once


def test_a_speaker_named_by_their_function_is_written_once_by_the_function(
    client, create_organisation, create_speaker, session_with
):
    fps = create_organisation("FPS Foreign Affairs", short_name="FPS Foreign Affairs")
    chairman = create_speaker(
        "The Chairman of the Board of Directors",
        "Chairman of the Board of Directors of the FPS Foreign Affairs",
        organisation=fps,
    )
    session = session_with([chairman])
    [written] = speaker_items(client.get(f"/sessions/{session.id}"))
    assert written.startswith("Chairman of the Board of Directors of the FPS Foreign Affairs —")


def test_a_speaker_named_by_their_function_reads_in_the_readers_language(
    client, create_speaker, session_with
):
    chairman = create_speaker(
        "The Chairman of the Board of Directors",
        "Chairman of the Board of Directors of the FPS Foreign Affairs",
        function_fr="Président du Comité de direction du SPF Affaires étrangères",
    )
    session = session_with([chairman])
    in_language(client, "fr")
    [written] = speaker_items(client.get(f"/sessions/{session.id}"))
    assert written.startswith("Président du Comité de direction du SPF Affaires étrangères —")
    assert "Chairman" not in written


def test_a_name_that_already_says_the_function_is_written_alone(
    client, create_speaker, session_with
):
    speaker = create_speaker("Prime Minister Bart De Wever", "prime minister")
    session = session_with([speaker])
    [written] = speaker_items(client.get(f"/sessions/{session.id}"))
    assert written.startswith("Prime Minister Bart De Wever —")


def test_case_and_accents_are_ignored_when_comparing_name_and_function(
    client, create_speaker, session_with
):
    speaker = create_speaker("Le Président de la Fédération", "president de la federation, FEB")
    session = session_with([speaker])
    [written] = speaker_items(client.get(f"/sessions/{session.id}"))
    assert written.startswith("president de la federation, FEB —")


def test_a_name_sharing_only_some_letters_with_the_function_is_kept(
    client, create_speaker, session_with
):
    # "Ma" is in "Managing", but not one of its words.
    speaker = create_speaker("Ma", "Managing Director")
    session = session_with([speaker])
    [written] = speaker_items(client.get(f"/sessions/{session.id}"))
    assert written.startswith("Ma, Managing Director —")


def test_the_organisation_is_left_out_when_the_function_names_it_in_that_language(
    client, enabel, create_speaker, session_with
):
    speaker = create_speaker(
        "Jean Van Wetter",
        "Managing Director of Enabel BE",
        function_fr="Directeur général d’Enabel FR",
        organisation=enabel,
    )
    session = session_with([speaker])
    in_language(client, "fr")
    [written] = speaker_items(client.get(f"/sessions/{session.id}"))
    assert written.startswith("Jean Van Wetter, Directeur général d’Enabel FR —")


def test_the_calendar_writes_a_speaker_named_by_their_function_once(
    client, create_speaker, session_with
):
    speaker = create_speaker("The Prime Minister", "Prime Minister of Belgium")
    session = session_with([speaker])
    ics = client.get(f"/sessions/{session.id}.ics").get_data(as_text=True).replace("\r\n ", "")
    assert "- Prime Minister of Belgium — " in ics
    assert "The Prime Minister" not in ics


# Entering them


def test_organizer_enters_a_speakers_function_in_three_languages(client, login, organizer, event):
    login(organizer)
    response = client.post(
        "/organizer/speakers/new",
        data={
            "name": "Jean Van Wetter",
            "function": "Managing Director",
            "function_fr": " Directeur général ",
            "function_nl": "",
            "organisation_id": "",
        },
    )
    assert response.status_code == 302
    speaker = db.session.scalar(select(Speaker))
    assert (speaker.function, speaker.function_fr, speaker.function_nl) == (
        "Managing Director",
        "Directeur général",
        None,
    )


def test_organizer_enters_an_organisations_names_in_three_languages(
    client, login, organizer, event
):
    login(organizer)
    response = client.post(
        "/organizer/organisations/new",
        data={
            "name": "Enabel – Belgian development agency",
            "name_fr": "Enabel – Agence belge de développement",
            "name_nl": "Enabel – Belgisch ontwikkelingsagentschap",
            "short_name": "Enabel",
            "short_name_fr": "",
            "short_name_nl": "Enabel NL",
            "kind": "development_agency",
        },
    )
    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation))
    assert (organisation.name_fr, organisation.name_nl) == (
        "Enabel – Agence belge de développement",
        "Enabel – Belgisch ontwikkelingsagentschap",
    )
    assert (organisation.short_name_fr, organisation.short_name_nl) == (None, "Enabel NL")


def test_the_edit_form_shows_the_french_and_dutch_values(client, login, organizer, enabel):
    login(organizer)
    html = client.get(f"/organizer/organisations/{enabel.id}/edit").get_data(as_text=True)
    assert 'value="Enabel – Agence belge de développement"' in html
    assert 'value="Enabel FR"' in html


def test_a_french_function_that_is_too_long_is_a_form_error(client, login, organizer, event):
    login(organizer)
    response = client.post(
        "/organizer/speakers/new",
        data={"name": "Jean Van Wetter", "function_fr": "x" * 301, "organisation_id": ""},
    )
    assert response.status_code == 200
    assert "At most 300 characters." in text_of(response)
    assert db.session.scalar(select(Speaker)) is None


def test_changing_a_dutch_function_is_in_the_audit_log(client, login, organizer, create_speaker):
    speaker = create_speaker("Jean Van Wetter", "Managing Director")
    login(organizer)
    client.post(
        f"/organizer/speakers/{speaker.id}/edit",
        data={
            "name": "Jean Van Wetter",
            "function": "Managing Director",
            "function_nl": "Algemeen directeur",
            "organisation_id": "",
        },
    )
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "speaker.update"))
    assert entry.details["changed"] == {"function_nl": {"old": None, "new": "Algemeen directeur"}}


def test_speaker_list_shows_the_function_in_the_organizers_language(
    client, login, organizer, create_speaker
):
    create_speaker("Jean Van Wetter", "Managing Director", function_fr="Directeur général")
    organizer.language = "fr"
    db.session.commit()
    login(organizer)
    page = text_of(client.get("/organizer/speakers"))
    assert "Directeur général" in page and "Managing Director" not in page


def test_session_form_offers_speakers_and_partners_in_the_organizers_language(
    client, login, organizer, enabel, create_speaker
):
    create_speaker(
        "Jean Van Wetter",
        "Managing Director",
        function_fr="Directeur général",
        organisation=enabel,
    )
    organizer.language = "fr"
    db.session.commit()
    login(organizer)
    html = client.get("/organizer/sessions/new").get_data(as_text=True)
    assert ">Jean Van Wetter, Directeur général</option>" in html
    assert "Enabel – Agence belge de développement" in html
    assert "Managing Director" not in html
