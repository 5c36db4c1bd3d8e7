"""The region of a post, proposed from its country.

Organizers type the country of a post as they say it, in English, French or Dutch
("Germany", "Allemagne", "Duitsland"), with or without accents, and sometimes an older
or shorter name ("DR Congo", "Ivory Coast", "Turkey"). The names come from Babel (CLDR),
the same data that writes dates in the three languages, plus the variants below; the
regions are the ministry's (the `Region` enum): North Africa goes with the Middle East,
the Caucasus and Türkiye with Europe. A permanent representation names its organisation
where the country would be ("NATO", "United Nations"): that is a multilateral post.

A name not known here proposes nothing: the organizer chooses the region. The invitation
form uses `region_of_country` on the server and gives `names_and_regions()` to the small
script (static/js/forms.js) that preselects the region while the country is typed; both
compare names folded the same way (`name_key`).
"""

import re
from functools import cache

from babel import Locale

from .i18n import folded
from .models import Region

# ISO 3166 codes of the states (and the two unions CLDR names) by region.
_CODES = {
    Region.EUROPE: (
        "AD AL AM AT AZ BA BE BG BY CH CY CZ DE DK EE ES FI FR GB GE GR HR HU IE IS IT LI "
        "LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SK SM TR UA VA XK"
    ),
    Region.MIDDLE_EAST_NORTH_AFRICA: (
        "AE BH DZ EG EH IL IQ IR JO KW LB LY MA OM PS QA SA SY TN YE"
    ),
    Region.AFRICA: (
        "AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MR "
        "MU MW MZ NA NE NG RW SC SD SL SN SO SS ST SZ TD TG TZ UG ZA ZM ZW"
    ),
    Region.AMERICAS: (
        "AG AR BB BO BR BS BZ CA CL CO CR CU DM DO EC GD GT GY HN HT JM KN LC MX NI PA PE "
        "PY SR SV TT US UY VC VE"
    ),
    Region.ASIA_OCEANIA: (
        "AF AU BD BN BT CN FJ FM HK ID IN JP KG KH KI KP KR KZ LA LK MH MM MN MO MV MY NP "
        "NR NZ PG PH PK PW SB SG TH TJ TL TM TO TV TW UZ VN VU WS"
    ),
    Region.MULTILATERAL: "EU UN",
}

# Names CLDR does not give (older, shorter or official ones), and the organisations of
# multilateral posts, in the three languages.
_VARIANTS = {
    Region.EUROPE: [
        "Turkey",
        "Czech Republic",
        "République tchèque",
        "Tsjechische Republiek",
        "Holy See",
        "Saint-Siège",
        "Heilige Stoel",
        "Vatican",
        "UK",
        "Great Britain",
        "Grande-Bretagne",
        "Groot-Brittannië",
        "Russian Federation",
        "Fédération de Russie",
        "Russische Federatie",
        "Macedonia",
        "Macédoine",
        "Macedonië",
    ],
    Region.MIDDLE_EAST_NORTH_AFRICA: ["Palestine", "Palestina", "State of Palestine", "UAE"],
    Region.AFRICA: [
        "DR Congo",
        "DRC",
        "Democratic Republic of the Congo",
        "RD Congo",
        "RDC",
        "République démocratique du Congo",
        "Democratische Republiek Congo",
        "DR Kongo",
        "Congo",
        "Republic of the Congo",
        "Ivory Coast",
        "Swaziland",
        "Cabo Verde",
    ],
    Region.AMERICAS: [
        "USA",
        "US",
        "United States of America",
        "Etats-Unis d'Amérique",
        "Verenigde Staten van Amerika",
    ],
    Region.ASIA_OCEANIA: [
        "Republic of Korea",
        "Korea",
        "République de Corée",
        "Republiek Korea",
        "Burma",
        "East Timor",
        "Hong Kong",
        "Macao",
        "Macau",
    ],
    Region.MULTILATERAL: [
        "UN",
        "ONU",
        "EU",
        "UE",
        "NATO",
        "OTAN",
        "NAVO",
        "OECD",
        "OCDE",
        "OESO",
        "UNESCO",
        "OSCE",
        "OVSE",
        "Council of Europe",
        "Conseil de l'Europe",
        "Raad van Europa",
        "WTO",
        "OMC",
        "FAO",
        "IFAD",
        "WFP",
        "IAEA",
        "AIEA",
        "IMF",
        "FMI",
        "World Bank",
        "Banque mondiale",
        "Wereldbank",
        "African Union",
        "Union africaine",
        "Afrikaanse Unie",
        "ASEAN",
    ],
}

# How "&" reads in each language's names ("Bosnia & Herzegovina").
_AND = {"en": "and", "fr": "et", "nl": "en"}


def name_key(name: str) -> str:
    """A country's name as compared: case, accents and punctuation ignored
    ("Côte d’Ivoire" and "cote d'ivoire" give "cote d ivoire")."""
    return " ".join(re.split(r"[\W_]+", folded(name))).strip()


@cache
def names_and_regions() -> dict[str, str]:
    """Every name known, as `name_key` gives it, with its region's value."""
    known = {}
    for region, codes in _CODES.items():
        for code in codes.split():
            for language, word in _AND.items():
                name = Locale(language).territories[code]
                for spelling in (name, name.replace("&", word), name.split(" (")[0]):
                    known[name_key(spelling)] = region.value
    for region, names in _VARIANTS.items():
        for name in names:
            known[name_key(name)] = region.value
    return known


def region_of_country(country: str) -> Region | None:
    """The region of the post in `country`, or None if that name is not known. A list of
    organisations ("FAO, IFAD and WFP") is known by its first."""
    known = names_and_regions()
    for candidate in (country, country.split(",")[0]):
        value = known.get(name_key(candidate))
        if value:
            return Region(value)
    return None
