"""The region of a post proposed from its country: the names it knows, and the
invitation form that fills an empty region from it."""

import pytest
from sqlalchemy import select

from eventapp.demo.data import HEADS_OF_POST
from eventapp.extensions import db
from eventapp.models import Region, User
from eventapp.regions import region_of_country

from .test_invitations import app_overrides, as_organizer, new_invitation_form  # noqa: F401


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("Germany", Region.EUROPE),
        ("Allemagne", Region.EUROPE),
        ("Duitsland", Region.EUROPE),
        ("  kenya ", Region.AFRICA),
        ("cote d'ivoire", Region.AFRICA),
        ("Ivoorkust", Region.AFRICA),
        ("DR Congo", Region.AFRICA),
        ("Maroc", Region.MIDDLE_EAST_NORTH_AFRICA),
        ("États-Unis", Region.AMERICAS),
        ("Bosnia and Herzegovina", Region.EUROPE),
        ("Myanmar", Region.ASIA_OCEANIA),
        ("Viet Nam", Region.ASIA_OCEANIA),
        ("NATO", Region.MULTILATERAL),
        ("Nations unies", Region.MULTILATERAL),
        ("FAO, IFAD and WFP", Region.MULTILATERAL),
    ],
)
def test_region_is_known_from_the_country_in_three_languages(country, region):
    assert region_of_country(country) == region


@pytest.mark.parametrize("country", ["", "Atlantis", "Europe"])
def test_an_unknown_country_proposes_no_region(country):
    assert region_of_country(country) is None


def test_every_demo_head_of_post_gets_the_region_the_demo_gives():
    wrong = [
        (country, region)
        for *_, country, region in HEADS_OF_POST
        if region_of_country(country) != Region(region)
    ]
    assert wrong == []


def invited_region(email="jan.peeters@example.org"):
    return db.session.scalar(select(User).where(User.email == email)).profile.region


def test_invitation_without_a_region_takes_the_countrys(as_organizer, event):  # noqa: F811
    form = new_invitation_form(post_city="Kinshasa", post_country="RD Congo", region="")
    response = as_organizer.post("/organizer/invitations/new", data=form)
    assert response.status_code == 302
    assert invited_region() == Region.AFRICA


def test_region_chosen_by_the_organizer_wins_over_the_countrys(as_organizer, event):  # noqa: F811
    form = new_invitation_form(post_city="Rome", post_country="Holy See", region="multilateral")
    as_organizer.post("/organizer/invitations/new", data=form)
    assert invited_region() == Region.MULTILATERAL


def test_invitation_form_asks_for_the_region_of_an_unknown_country(as_organizer, event):  # noqa: F811
    form = new_invitation_form(post_country="Atlantis", region="")
    page = as_organizer.post("/organizer/invitations/new", data=form).get_data(as_text=True)
    assert "We cannot tell the region from this country: choose it." in page
    assert db.session.scalar(select(User).where(User.email == "jan.peeters@example.org")) is None


def test_invitation_form_offers_the_region_from_the_country_first(as_organizer, event):  # noqa: F811
    page = as_organizer.get("/organizer/invitations/new").get_data(as_text=True)
    assert '<option value="">— From the country of the post —</option>' in page
    assert "data-regions=" in page and "&#34;allemagne&#34;: &#34;europe&#34;" in page
