"""Forms that speak and offer real lists (HTTP side; the browser side is in
e2e/test_forms.py): speakers grouped by organisation, the choices of the kinds of
audience not chosen left out, an error summary linking each error to its field, and a
local phone number shown back in its international form before it is saved."""

import re

import pytest

from eventapp.extensions import db
from eventapp.models import RegistrationStatus

from .test_organizer_sessions import form_data, only_session, post_new
from .test_registration import PASSWORD, invited, registration_form, registration_of  # noqa: F401


@pytest.fixture
def as_organizer(client, organizer, login):
    login(organizer)
    return client


def select_html(page: str, name: str) -> str:
    return re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)


def groups(select: str) -> dict[str, list[str]]:
    """The optgroups of a select: label -> the labels of its options."""
    return {
        label: re.findall(r"<option[^>]*>([^<]*)</option>", options)
        for label, options in re.findall(
            r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S
        )
    }


def summary_links(page: str) -> dict[str, str]:
    """The error summary's links: target -> text."""
    summary = re.search(r'<div class="form-summary" id="error-summary".*?</div>', page, re.S)
    assert summary, "no error summary on the page"
    return dict(re.findall(r'<a href="#([^"]+)">([^<]*)</a>', summary.group(0)))


# Speakers grouped by organisation


def test_speakers_are_grouped_by_organisation_in_the_session_form(
    as_organizer, event, create_organisation, create_speaker
):
    fit = create_organisation(name="Flanders Investment & Trade", short_name="FIT")
    enabel = create_organisation(name="Enabel")
    create_speaker(name="Jane Doe", function="CEO", organisation_id=fit.id)
    create_speaker(name="Ann Smith", function="Director", organisation_id=enabel.id)
    create_speaker(name="Bob Brown", function="Trade officer", organisation_id=fit.id)
    create_speaker(name="The Prime Minister", function="")
    page = as_organizer.get("/organizer/sessions/new").get_data(as_text=True)
    assert groups(select_html(page, "speakers-0-speaker_id")) == {
        "Enabel": ["Ann Smith, Director"],
        "FIT": ["Bob Brown, Trade officer", "Jane Doe, CEO"],
        "Without an organisation": ["The Prime Minister"],
    }


def test_a_speaker_chosen_in_a_group_is_saved(
    as_organizer, event, create_organisation, create_speaker
):
    enabel = create_organisation(name="Enabel")
    speaker = create_speaker(name="Ann Smith", organisation_id=enabel.id)
    post_new(as_organizer, speakers=[(speaker.id, "chair")])
    assert [link.speaker for link in only_session().speaker_links] == [speaker]


# The choices of an audience kind not chosen


def test_functions_ticked_for_an_audience_of_all_are_not_kept(as_organizer, event):
    post_new(as_organizer, audience="all", audience_functions=["ambassador"])
    assert only_session().audience_functions == []


# The error summary


def test_session_form_error_summary_links_every_error_to_its_field(as_organizer, event):
    response = as_organizer.post(
        "/organizer/sessions/new",
        data=form_data(start_time="", duration="", audience_functions=["bogus"]),
    )
    links = summary_links(response.get_data(as_text=True))
    assert links["start_time"] == "Starts at (Brussels time): Give a start time, e.g. 09:30."
    assert links["duration"] == "Duration (minutes): Give a duration in minutes."
    assert links["audience_functions-0"].startswith("Functions in the audience: ")


def test_registration_error_summary_links_to_the_first_day_and_the_phone(client, invited):  # noqa: F811
    page = client.post(invited(), data=registration_form(days=None, mobile_phone="12345"))
    links = summary_links(page.get_data(as_text=True))
    assert links["days-0"] == "Days you will attend: Choose at least one day."
    assert links["mobile_phone"].startswith("Mobile phone: Enter a valid phone number")


def test_invitation_form_error_summary_links_to_the_missing_name(as_organizer, event):
    response = as_organizer.post(
        "/organizer/invitations/new",
        data={"first_name": "", "last_name": "Peeters", "email": "jan@example.org"},
    )
    assert "first_name" in summary_links(response.get_data(as_text=True))


def test_a_form_without_errors_has_no_error_summary(as_organizer, event):
    page = as_organizer.get("/organizer/sessions/new").get_data(as_text=True)
    assert 'id="error-summary"' not in page


# A local phone number


def test_local_phone_number_is_shown_back_in_international_form_before_saving(client, invited):  # noqa: F811
    page = client.post(invited(), data=registration_form(mobile_phone="0478 12 34 56"))
    text = page.get_data(as_text=True)
    assert (
        "We wrote your number in its international form: +32 478 12 34 56. "
        "Check it and save again." in text
    )
    assert 'name="mobile_phone" required type="text" value="+32 478 12 34 56"' in text
    assert registration_of().status == RegistrationStatus.INVITED


def test_phone_number_shown_back_is_saved_when_sent_again(client, invited):  # noqa: F811
    link = invited()
    client.post(link, data=registration_form(mobile_phone="0478 12 34 56"))
    client.post(link, data=registration_form(mobile_phone="+32 478 12 34 56"))
    db.session.expire_all()
    registration = registration_of()
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.mobile_phone == "+32478123456"


def test_form_shown_again_asks_for_the_password_again(client, invited):  # noqa: F811
    page = client.post(invited(), data=registration_form(mobile_phone="0478 12 34 56"))
    text = page.get_data(as_text=True)
    assert "Type your password again, in both fields" in text
    assert PASSWORD not in text
