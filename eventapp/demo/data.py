"""The content of the 2026 demo week, as plain data; `eventapp.demo.loader` stores it.

Times are Brussels local time, as the organizers write them: `when=(day, "09:30", 90)`
is a session starting at 09:30 that lasts 90 minutes. Rooms, organisations and speakers
are named by the short keys of the dictionaries below. Facts and wording follow the FPS
announcement of 30 January 2026; every speaker except the minister it names is given by
function only.
"""

from datetime import date

MON, TUE, WED, THU, FRI = "2026-02-02", "2026-02-03", "2026-02-04", "2026-02-05", "2026-02-06"

# Published sessions all carry this date (UTC), so a second load compares equal.
FIRST_PUBLISHED_AT = "2026-01-15T09:00:00+00:00"

EVENT = {
    "slug": "dcd-2026",
    "name_en": "Diplomatic Contact Days 2026",
    "name_fr": "Journées de contact diplomatique 2026",
    "name_nl": "Diplomatieke Contactdagen 2026",
    "theme_en": (
        "Global influence through economic and political diplomacy. How can we use and adapt"
        " our instruments to increase the impact of our policy?"
    ),
    "theme_fr": (
        "L'influence mondiale par la diplomatie économique et politique. Comment pouvons-nous"
        " utiliser et adapter nos instruments pour accroître l'impact de notre politique ?"
    ),
    "theme_nl": (
        "Wereldwijde invloed via economische en politieke diplomatie. Hoe kunnen we onze"
        " instrumenten inzetten en aanpassen om de impact van ons beleid te vergroten?"
    ),
    "venue": "Egmont Palace",
    "venue_fr": "Palais d’Egmont",
    "venue_nl": "Egmontpaleis",
    "address": "Place du Petit Sablon 8, 1000 Brussels",
    "timezone": "Europe/Brussels",
    "first_day": date(2026, 2, 2),
    "last_day": date(2026, 2, 6),
    "contact_email": "contactdays@example.org",
}
REGISTRATION_DEADLINE = ("2026-01-23", "17:00")  # Brussels time

# key: (name, capacity, notes)
ROOMS = {
    "glaces": (
        "Salle des Glaces",
        250,
        "Hall of Mirrors, first floor. Stage, interpretation booths (EN/FR/NL), livestream.",
    ),
    "arenberg": (
        "Salle Arenberg",
        80,
        "Former ballroom. Theatre layout, or twenty tables for bilateral meetings.",
    ),
    "louis": ("Salon Louis XVI", 60, "Boardroom or theatre layout; screen and microphones."),
    "tapisseries": ("Salon des Tapisseries", 40, "U-shaped table under the Flemish tapestries."),
    "petit": ("Petit Salon", 20, "Round table for small groups; used for press points."),
    "sablon": (
        "Salle Sablon",
        14,
        "Meeting room overlooking the Petit Sablon; cleared for restricted briefings.",
    ),
    "orangerie": (
        "Orangerie",
        180,
        "Catering space opening onto the Egmont Park: coffee, lunches, standing receptions.",
    ),
}

# key: (name, short_name, kind)
ORGANISATIONS = {
    "fps": (
        "FPS Foreign Affairs, Foreign Trade and Development Cooperation",
        "FPS Foreign Affairs",
        "foreign_affairs",
    ),
    "federal": (
        "Federal Government (Chancellery of the Prime Minister)",
        "Federal Government",
        "federal_government",
    ),
    "flanders": ("Flemish Government", "", "regional_government"),
    "wallonia": ("Walloon Government", "", "regional_government"),
    "brussels": (
        "Government of the Brussels-Capital Region",
        "Brussels-Capital Region",
        "regional_government",
    ),
    "fwb": (
        "Government of the French Community (Fédération Wallonie-Bruxelles)",
        "Fédération Wallonie-Bruxelles",
        "regional_government",
    ),
    "ostbelgien": (
        "Government of the German-speaking Community",
        "German-speaking Community",
        "regional_government",
    ),
    # The trade agencies are public bodies of the regions, not businesses.
    "fit": ("Flanders Investment & Trade", "FIT", "regional_government"),
    "awex": ("Wallonia Export-Investment Agency", "AWEX", "regional_government"),
    "hub": (
        "hub.brussels – Brussels Agency for Business Support",
        "hub.brussels",
        "regional_government",
    ),
    "enabel": ("Enabel – Belgian development agency", "Enabel", "development_agency"),
    "bio": (
        "BIO – Belgian Investment Company for Developing Countries",
        "BIO",
        "development_finance",
    ),
    "wbg": ("World Bank Group", "", "financial_institution"),
    "imf": ("International Monetary Fund", "IMF", "financial_institution"),
    "eib": ("European Investment Bank", "EIB", "financial_institution"),
    "ebrd": ("European Bank for Reconstruction and Development", "EBRD", "financial_institution"),
    "afdb": ("African Development Bank", "AfDB", "financial_institution"),
    "feb": ("Federation of Belgian Enterprises (FEB/VBO)", "FEB/VBO", "business"),
    # Belgium's public export credit insurer: it serves companies, so it sits with business.
    "credendo": ("Credendo", "", "business"),
    "port": ("Port of Antwerp-Bruges", "", "business"),
    "agoria": ("Agoria", "", "business"),
    "essenscia": ("essenscia", "", "business"),
    # Companies that send representatives to the bilateral meetings (issue 21).
    "deme": ("DEME Group", "DEME", "business"),
    "ucb": ("UCB", "", "business"),
    "elia": ("Elia Group", "", "business"),
    "egmont": (
        "Egmont – Royal Institute for International Relations",
        "Egmont Institute",
        "other",
    ),
}

# French and Dutch names of the organisations, key: (name, short name); "" for no short
# name in that language. Brand names (FIT, Agoria, Credendo...) are the same in all three.
ORGANISATIONS_FR = {
    "fps": (
        "SPF Affaires étrangères, Commerce extérieur et Coopération au développement",
        "SPF Affaires étrangères",
    ),
    "federal": ("Gouvernement fédéral (Chancellerie du Premier ministre)", "Gouvernement fédéral"),
    "flanders": ("Gouvernement flamand", ""),
    "wallonia": ("Gouvernement wallon", ""),
    "brussels": (
        "Gouvernement de la Région de Bruxelles-Capitale",
        "Région de Bruxelles-Capitale",
    ),
    "fwb": (
        "Gouvernement de la Communauté française (Fédération Wallonie-Bruxelles)",
        "Fédération Wallonie-Bruxelles",
    ),
    "ostbelgien": ("Gouvernement de la Communauté germanophone", "Communauté germanophone"),
    "fit": ("Flanders Investment & Trade", "FIT"),
    "awex": ("Agence wallonne à l’Exportation et aux Investissements étrangers", "AWEX"),
    "hub": (
        "hub.brussels – Agence bruxelloise pour l’accompagnement de l’entreprise",
        "hub.brussels",
    ),
    "enabel": ("Enabel – Agence belge de développement", "Enabel"),
    "bio": ("BIO – Société belge d’investissement pour les pays en développement", "BIO"),
    "wbg": ("Groupe de la Banque mondiale", ""),
    "imf": ("Fonds monétaire international", "FMI"),
    "eib": ("Banque européenne d’investissement", "BEI"),
    "ebrd": ("Banque européenne pour la reconstruction et le développement", "BERD"),
    "afdb": ("Banque africaine de développement", "BAD"),
    "feb": ("Fédération des Entreprises de Belgique (FEB)", "FEB"),
    "credendo": ("Credendo", ""),
    "port": ("Port of Antwerp-Bruges", ""),
    "agoria": ("Agoria", ""),
    "essenscia": ("essenscia", ""),
    "deme": ("DEME Group", "DEME"),
    "ucb": ("UCB", ""),
    "elia": ("Elia Group", ""),
    "egmont": ("Egmont – Institut royal des relations internationales", "Institut Egmont"),
}
ORGANISATIONS_NL = {
    "fps": (
        "FOD Buitenlandse Zaken, Buitenlandse Handel en Ontwikkelingssamenwerking",
        "FOD Buitenlandse Zaken",
    ),
    "federal": ("Federale regering (Kanselarij van de Eerste Minister)", "Federale regering"),
    "flanders": ("Vlaamse Regering", ""),
    "wallonia": ("Waalse Regering", ""),
    "brussels": ("Brusselse Hoofdstedelijke Regering", "Brussels Hoofdstedelijk Gewest"),
    "fwb": (
        "Regering van de Franse Gemeenschap (Federatie Wallonië-Brussel)",
        "Federatie Wallonië-Brussel",
    ),
    "ostbelgien": ("Regering van de Duitstalige Gemeenschap", "Duitstalige Gemeenschap"),
    "fit": ("Flanders Investment & Trade", "FIT"),
    "awex": ("Waals Agentschap voor Export en Buitenlandse Investeringen", "AWEX"),
    "hub": ("hub.brussels – Brussels Agentschap voor de Onderneming", "hub.brussels"),
    "enabel": ("Enabel – Belgisch ontwikkelingsagentschap", "Enabel"),
    "bio": ("BIO – Belgische Investeringsmaatschappij voor Ontwikkelingslanden", "BIO"),
    "wbg": ("Wereldbankgroep", ""),
    "imf": ("Internationaal Monetair Fonds", "IMF"),
    "eib": ("Europese Investeringsbank", "EIB"),
    "ebrd": ("Europese Bank voor Wederopbouw en Ontwikkeling", "EBWO"),
    "afdb": ("Afrikaanse Ontwikkelingsbank", "AfDB"),
    "feb": ("Verbond van Belgische Ondernemingen (VBO)", "VBO"),
    "credendo": ("Credendo", ""),
    "port": ("Port of Antwerp-Bruges", ""),
    "agoria": ("Agoria", ""),
    "essenscia": ("essenscia", ""),
    "deme": ("DEME Group", "DEME"),
    "ucb": ("UCB", ""),
    "elia": ("Elia Group", ""),
    "egmont": (
        "Egmont – Koninklijk Instituut voor Internationale Betrekkingen",
        "Egmont Instituut",
    ),
}

_FPS = "FPS Foreign Affairs"
_CONSTITUENCY = "for the constituency that includes Belgium"

# key: (name, function, organisation key). A speaker given by function only is named
# by a title that their function says in full ("The Prime Minister": "Prime Minister of
# Belgium"), so that pages write the function alone, in the reader's language
# (`Speaker.described`).
SPEAKERS = {
    "prevot": (
        "Maxime Prévot",
        "Deputy Prime Minister and Minister of Foreign Affairs, European Affairs and"
        " Development Cooperation",
        "fps",
    ),
    "pm": ("The Prime Minister", "Prime Minister of Belgium", "federal"),
    "chairman": (
        "The Chairman of the Board of Directors",
        f"Chairman of the Board of Directors of the {_FPS}",
        "fps",
    ),
    "sg": ("The Secretary-General", f"Secretary-General of the {_FPS}", "fps"),
    "dg_bilateral": (
        "The Director-General for Bilateral Affairs",
        f"Director-General for Bilateral Affairs, {_FPS}",
        "fps",
    ),
    "dg_multilateral": (
        "The Director-General for Multilateral Affairs",
        f"Director-General for Multilateral Affairs and Globalisation, {_FPS}",
        "fps",
    ),
    "dg_european": (
        "The Director-General for European Affairs",
        f"Director-General for European Affairs and Coordination, {_FPS}",
        "fps",
    ),
    "dg_development": (
        "The Director-General for Development Cooperation",
        f"Director-General for Development Cooperation and Humanitarian Aid, {_FPS}",
        "fps",
    ),
    "dg_consular": (
        "The Director-General for Consular Affairs",
        f"Director-General for Consular Affairs, {_FPS}",
        "fps",
    ),
    "crisis_head": ("The Head of the Crisis Centre", f"Head of the Crisis Centre, {_FPS}", "fps"),
    "hr_head": (
        "The Director of Human Resources",
        f"Director of Human Resources, {_FPS}",
        "fps",
    ),
    "ciso": (
        "The Chief Information Security Officer",
        f"Chief Information Security Officer, {_FPS}",
        "fps",
    ),
    "communication_head": (
        "The Director of External Communication",
        f"Director of External Communication, {_FPS}",
        "fps",
    ),
    "spokesperson": ("The Spokesperson", f"Spokesperson of the {_FPS}", "fps"),
    "perm_rep_eu": (
        "The Permanent Representative to the European Union",
        "Belgium’s Permanent Representative to the European Union",
        "fps",
    ),
    "minister_defence": ("The Minister of Defence", "Federal Minister of Defence", "federal"),
    "minister_finance": ("The Minister of Finance", "Federal Minister of Finance", "federal"),
    "minister_economy": ("The Minister of Economy", "Federal Minister of Economy", "federal"),
    "minister_migration": (
        "The Minister of Asylum and Migration",
        "Federal Minister of Asylum and Migration",
        "federal",
    ),
    "mp_flanders": (
        "The Minister-President of the Flemish Government",
        "Minister-President of the Flemish Government",
        "flanders",
    ),
    "mp_wallonia": (
        "The Minister-President of the Walloon Government",
        "Minister-President of the Walloon Government",
        "wallonia",
    ),
    "mp_brussels": (
        "The Minister-President of the Brussels-Capital Region",
        "Minister-President of the Brussels-Capital Region Government",
        "brussels",
    ),
    "mp_fwb": (
        "The Minister-President of the Fédération Wallonie-Bruxelles",
        "Minister-President of the Fédération Wallonie-Bruxelles (the French Community)",
        "fwb",
    ),
    "mp_ostbelgien": (
        "The Minister-President of the German-speaking Community",
        "Minister-President of the German-speaking Community",
        "ostbelgien",
    ),
    "enabel_ceo": (
        "The CEO of Enabel",
        "CEO of Enabel, the Belgian development agency",
        "enabel",
    ),
    "bio_ceo": (
        "The CEO of BIO",
        "CEO of BIO, the Belgian Investment Company for Developing Countries",
        "bio",
    ),
    "credendo_ceo": ("The CEO of Credendo", "CEO of Credendo", "credendo"),
    "feb_president": (
        "The President of the FEB/VBO",
        "President of the FEB/VBO, the Federation of Belgian Enterprises",
        "feb",
    ),
    "feb_ceo": (
        "The CEO of the FEB/VBO",
        "CEO of the FEB/VBO, the Federation of Belgian Enterprises",
        "feb",
    ),
    "port_ceo": (
        "The CEO of Port of Antwerp-Bruges",
        "CEO of Port of Antwerp-Bruges",
        "port",
    ),
    "agoria_ceo": (
        "The CEO of Agoria",
        "CEO of Agoria, the technology industry federation",
        "agoria",
    ),
    "essenscia_ceo": (
        "The CEO of essenscia",
        "CEO of essenscia, the chemical and life sciences industry federation",
        "essenscia",
    ),
    "fit_ceo": (
        "The CEO of Flanders Investment & Trade",
        "CEO of Flanders Investment & Trade",
        "fit",
    ),
    "awex_head": (
        "The Administrator-General of AWEX",
        "Administrator-General of AWEX, the Wallonia Export-Investment Agency",
        "awex",
    ),
    "hub_head": (
        "The Director-General of hub.brussels",
        "Director-General of hub.brussels, the Brussels Agency for Business Support",
        "hub",
    ),
    "wb_ed": (
        "The World Bank Group Executive Director",
        f"World Bank Group Executive Director {_CONSTITUENCY}",
        "wbg",
    ),
    "imf_ed": (
        "The IMF Executive Director",
        f"IMF Executive Director {_CONSTITUENCY}",
        "imf",
    ),
    "eib_vp": (
        "The Vice-President of the European Investment Bank",
        "Vice-President of the European Investment Bank",
        "eib",
    ),
    "ebrd_director": (
        "The EBRD Director",
        f"EBRD Director on the Board {_CONSTITUENCY}",
        "ebrd",
    ),
    "afdb_ed": (
        "The African Development Bank Executive Director",
        f"African Development Bank Executive Director {_CONSTITUENCY}",
        "afdb",
    ),
    "egmont_director": (
        "The Director-General of the Egmont Institute",
        "Director-General of the Egmont Institute, the Royal Institute for International Relations",
        "egmont",
    ),
}

_SPF = "SPF Affaires étrangères"
_CIRCONSCRIPTION = "pour la circonscription dont fait partie la Belgique"
_FOD = "FOD Buitenlandse Zaken"
_KIESGROEP = "voor de kiesgroep waartoe België behoort"

# The speakers' functions in French and in Dutch, key: (French, Dutch).
FUNCTIONS = {
    "prevot": (
        "Vice-Premier ministre et ministre des Affaires étrangères, des Affaires européennes"
        " et de la Coopération au développement",
        "Vicepremier en minister van Buitenlandse Zaken, Europese Zaken en"
        " Ontwikkelingssamenwerking",
    ),
    "pm": ("Premier ministre de Belgique", "Eerste minister van België"),
    "chairman": (
        f"Président du Comité de direction du {_SPF}",
        f"Voorzitter van het Directiecomité van de {_FOD}",
    ),
    "sg": (f"Secrétaire général du {_SPF}", f"Secretaris-generaal van de {_FOD}"),
    "dg_bilateral": (
        f"Directeur général des Affaires bilatérales, {_SPF}",
        f"Directeur-generaal Bilaterale Zaken, {_FOD}",
    ),
    "dg_multilateral": (
        f"Directeur général des Affaires multilatérales et de la Mondialisation, {_SPF}",
        f"Directeur-generaal Multilaterale Zaken en Mondialisering, {_FOD}",
    ),
    "dg_european": (
        f"Directeur général des Affaires européennes et de la Coordination, {_SPF}",
        f"Directeur-generaal Europese Zaken en Coördinatie, {_FOD}",
    ),
    "dg_development": (
        f"Directeur général de la Coopération au développement et de l’Aide humanitaire, {_SPF}",
        f"Directeur-generaal Ontwikkelingssamenwerking en Humanitaire Hulp, {_FOD}",
    ),
    "dg_consular": (
        f"Directeur général des Affaires consulaires, {_SPF}",
        f"Directeur-generaal Consulaire Zaken, {_FOD}",
    ),
    "crisis_head": (f"Chef du Centre de crise, {_SPF}", f"Hoofd van het Crisiscentrum, {_FOD}"),
    "hr_head": (
        f"Directeur des Ressources humaines, {_SPF}",
        f"Directeur Personeelszaken, {_FOD}",
    ),
    "ciso": (
        f"Responsable de la sécurité de l’information, {_SPF}",
        f"Verantwoordelijke voor de informatiebeveiliging, {_FOD}",
    ),
    "communication_head": (
        f"Directeur de la Communication externe, {_SPF}",
        f"Directeur Externe Communicatie, {_FOD}",
    ),
    "spokesperson": (f"Porte-parole du {_SPF}", f"Woordvoerder van de {_FOD}"),
    "perm_rep_eu": (
        "Représentant permanent de la Belgique auprès de l’Union européenne",
        "Permanent vertegenwoordiger van België bij de Europese Unie",
    ),
    "minister_defence": ("Ministre fédéral de la Défense", "Federaal minister van Defensie"),
    "minister_finance": ("Ministre fédéral des Finances", "Federaal minister van Financiën"),
    "minister_economy": ("Ministre fédéral de l’Économie", "Federaal minister van Economie"),
    "minister_migration": (
        "Ministre fédéral de l’Asile et de la Migration",
        "Federaal minister van Asiel en Migratie",
    ),
    "mp_flanders": (
        "Ministre-président du Gouvernement flamand",
        "Minister-president van de Vlaamse Regering",
    ),
    "mp_wallonia": (
        "Ministre-président du Gouvernement wallon",
        "Minister-president van de Waalse Regering",
    ),
    "mp_brussels": (
        "Ministre-président du Gouvernement de la Région de Bruxelles-Capitale",
        "Minister-president van de Brusselse Hoofdstedelijke Regering",
    ),
    "mp_fwb": (
        "Ministre-président de la Fédération Wallonie-Bruxelles",
        "Minister-president van de Federatie Wallonië-Brussel (de Franse Gemeenschap)",
    ),
    "mp_ostbelgien": (
        "Ministre-président de la Communauté germanophone",
        "Minister-president van de Duitstalige Gemeenschap",
    ),
    "enabel_ceo": (
        "Directeur général d’Enabel, l’agence belge de développement",
        "Algemeen directeur van Enabel, het Belgische ontwikkelingsagentschap",
    ),
    "bio_ceo": (
        "Directeur général de BIO, la Société belge d’investissement pour les pays en"
        " développement",
        "Algemeen directeur van BIO, de Belgische Investeringsmaatschappij voor"
        " Ontwikkelingslanden",
    ),
    "credendo_ceo": ("Directeur général de Credendo", "Algemeen directeur van Credendo"),
    "feb_president": (
        "Président de la FEB, la Fédération des Entreprises de Belgique",
        "Voorzitter van het VBO, het Verbond van Belgische Ondernemingen",
    ),
    "feb_ceo": (
        "Administrateur délégué de la FEB, la Fédération des Entreprises de Belgique",
        "Gedelegeerd bestuurder van het VBO, het Verbond van Belgische Ondernemingen",
    ),
    "port_ceo": (
        "Directeur général de Port of Antwerp-Bruges",
        "Algemeen directeur van Port of Antwerp-Bruges",
    ),
    "agoria_ceo": (
        "Administrateur délégué d’Agoria, la fédération de l’industrie technologique",
        "Gedelegeerd bestuurder van Agoria, de federatie van de technologische industrie",
    ),
    "essenscia_ceo": (
        "Administrateur délégué d’essenscia, la fédération de l’industrie chimique et des"
        " sciences de la vie",
        "Gedelegeerd bestuurder van essenscia, de federatie van de chemische industrie en"
        " de levenswetenschappen",
    ),
    "fit_ceo": (
        "Administrateur délégué de Flanders Investment & Trade",
        "Gedelegeerd bestuurder van Flanders Investment & Trade",
    ),
    "awex_head": (
        "Administrateur général de l’AWEX, l’Agence wallonne à l’Exportation et aux"
        " Investissements étrangers",
        "Administrateur-generaal van AWEX, het Waals Agentschap voor Export en Buitenlandse"
        " Investeringen",
    ),
    "hub_head": (
        "Directeur général de hub.brussels, l’Agence bruxelloise pour l’accompagnement de"
        " l’entreprise",
        "Directeur-generaal van hub.brussels, het Brussels Agentschap voor de Onderneming",
    ),
    "wb_ed": (
        f"Administrateur au Groupe de la Banque mondiale {_CIRCONSCRIPTION}",
        f"Bewindvoerder bij de Wereldbankgroep {_KIESGROEP}",
    ),
    "imf_ed": (
        f"Administrateur au Fonds monétaire international {_CIRCONSCRIPTION}",
        f"Bewindvoerder bij het Internationaal Monetair Fonds {_KIESGROEP}",
    ),
    "eib_vp": (
        "Vice-président de la Banque européenne d’investissement",
        "Vicevoorzitter van de Europese Investeringsbank",
    ),
    "ebrd_director": (
        f"Administrateur à la Banque européenne pour la reconstruction et le développement"
        f" {_CIRCONSCRIPTION}",
        f"Bewindvoerder bij de Europese Bank voor Wederopbouw en Ontwikkeling {_KIESGROEP}",
    ),
    "afdb_ed": (
        f"Administrateur à la Banque africaine de développement {_CIRCONSCRIPTION}",
        f"Bewindvoerder bij de Afrikaanse Ontwikkelingsbank {_KIESGROEP}",
    ),
    "egmont_director": (
        "Directeur général de l’Institut Egmont, l’Institut royal des relations internationales",
        "Directeur-generaal van het Egmont Instituut, het Koninklijk Instituut voor"
        " Internationale Betrekkingen",
    ),
}


# The accounts the demo logs in with. The passwords are public by design.
ORGANIZER = {
    "email": "organizer@example.org",
    "password": "demo-organizer",
    "first_name": "Contact Days",
    "last_name": "Secretariat",
    "language": "en",
}
AMBASSADOR = {
    "email": "ambassador@example.org",
    "password": "demo-diplomat",
    "first_name": "Claire",
    "last_name": "Vanderlinden",
    "language": "en",
    "function": "ambassador",
    "post_city": "Nairobi",
    "post_country": "Kenya",
    "region": "africa",
}
# Checks guests in at the palace door (eventapp/door): the check-in page, nothing else.
DOOR_STAFF = {
    "email": "door@example.org",
    "password": "demo-door",
    "first_name": "Luc",
    "last_name": "Janssens",
    "language": "en",
}
# The demo ambassador's registration: confirmed, for every day of the week.
AMBASSADOR_REGISTRATION = {
    "status": "confirmed",
    "arrival": ("2026-02-01", "18:40"),
    "departure": ("2026-02-06", "19:15"),
    "consent": ("2026-01-12", "10:05"),
    "dietary": "Vegetarian",
    # The first of the fictional numbers (PHONE_AREA_CODES); the heads of post follow.
    "mobile_phone": "+12025550100",
}

# Fictional heads of post, who have no password: nobody logs in as them. What they did
# with their invitation is in ANSWERS, below the sessions.
# For multilateral posts the organisation stands where the country would, since the
# profile has no field for it and "Brussels, Belgium" would not tell NATO from the EU.
# (first_name, last_name, language, function, post_city, post_country, region)
HEADS_OF_POST = [
    # Europe
    ("Annelies", "Vermeulen", "nl", "ambassador", "Berlin", "Germany", "europe"),
    ("Frédéric", "Lambert", "fr", "ambassador", "Paris", "France", "europe"),
    ("Pieter", "De Smet", "nl", "ambassador", "The Hague", "Netherlands", "europe"),
    ("Catherine", "Dupont", "fr", "ambassador", "Luxembourg", "Luxembourg", "europe"),
    ("Jeroen", "Peeters", "nl", "ambassador", "London", "United Kingdom", "europe"),
    ("Isabelle", "Renard", "fr", "ambassador", "Dublin", "Ireland", "europe"),
    ("Tom", "Janssens", "nl", "ambassador", "Madrid", "Spain", "europe"),
    ("Marie", "Lejeune", "fr", "ambassador", "Lisbon", "Portugal", "europe"),
    ("Giulia", "Lombardo", "en", "ambassador", "Rome", "Italy", "europe"),
    ("Bernard", "Collard", "fr", "ambassador", "Rome", "Holy See", "europe"),
    ("Els", "Wouters", "nl", "ambassador", "Bern", "Switzerland", "europe"),
    ("Olivier", "Delvaux", "fr", "ambassador", "Vienna", "Austria", "europe"),
    ("Liesbeth", "Claes", "nl", "ambassador", "Prague", "Czechia", "europe"),
    ("Anna", "Nowak", "en", "ambassador", "Warsaw", "Poland", "europe"),
    ("Wim", "Goossens", "nl", "ambassador", "Budapest", "Hungary", "europe"),
    ("Sophie", "Gérard", "fr", "ambassador", "Bucharest", "Romania", "europe"),
    ("Dimitri", "Papadopoulos", "fr", "ambassador", "Athens", "Greece", "europe"),
    ("Hilde", "Maes", "nl", "ambassador", "Sofia", "Bulgaria", "europe"),
    ("Thomas", "Fontaine", "fr", "ambassador", "Zagreb", "Croatia", "europe"),
    ("Nathalie", "Leclercq", "fr", "ambassador", "Belgrade", "Serbia", "europe"),
    ("Bart", "Willems", "nl", "ambassador", "Copenhagen", "Denmark", "europe"),
    ("Inge", "Jacobs", "nl", "ambassador", "Stockholm", "Sweden", "europe"),
    ("Laurent", "Mathieu", "fr", "ambassador", "Oslo", "Norway", "europe"),
    ("Karolien", "Hermans", "nl", "ambassador", "Helsinki", "Finland", "europe"),
    ("Stefan", "Van Damme", "nl", "ambassador", "Kyiv", "Ukraine", "europe"),
    ("Valérie", "Denis", "fr", "ambassador", "Moscow", "Russia", "europe"),
    ("Elif", "Yilmaz", "en", "ambassador", "Ankara", "Türkiye", "europe"),
    ("Geert", "Michiels", "nl", "ambassador", "Nicosia", "Cyprus", "europe"),
    ("Aurélie", "Piron", "fr", "ambassador", "Pristina", "Kosovo", "europe"),
    ("Jan", "Segers", "nl", "ambassador", "Bratislava", "Slovakia", "europe"),
    ("Caroline", "Charlier", "fr", "ambassador", "Ljubljana", "Slovenia", "europe"),
    ("Kristof", "Verstraete", "nl", "ambassador", "Vilnius", "Lithuania", "europe"),
    ("Emmanuel", "Thiry", "fr", "ambassador", "Sarajevo", "Bosnia and Herzegovina", "europe"),
    ("Sofie", "De Backer", "nl", "ambassador", "Tbilisi", "Georgia", "europe"),
    ("Mehmet", "Aydin", "nl", "consul_general", "Istanbul", "Türkiye", "europe"),
    # Sub-Saharan Africa
    ("Patrick", "Mukendi", "fr", "ambassador", "Kinshasa", "DR Congo", "africa"),
    ("Ann", "Lenaerts", "nl", "ambassador", "Kigali", "Rwanda", "africa"),
    ("Philippe", "Henrard", "fr", "ambassador", "Bujumbura", "Burundi", "africa"),
    ("Joke", "Aerts", "nl", "ambassador", "Kampala", "Uganda", "africa"),
    ("Christophe", "Lecomte", "fr", "ambassador", "Addis Ababa", "Ethiopia", "africa"),
    ("Lien", "Coppens", "nl", "ambassador", "Dar es Salaam", "Tanzania", "africa"),
    ("Michel", "Marchal", "fr", "ambassador", "Maputo", "Mozambique", "africa"),
    ("Eva", "Smets", "nl", "ambassador", "Pretoria", "South Africa", "africa"),
    ("Nadia", "Kabamba", "fr", "ambassador", "Luanda", "Angola", "africa"),
    ("Dirk", "Stevens", "nl", "ambassador", "Abuja", "Nigeria", "africa"),
    ("Anne-Sophie", "Dethier", "fr", "ambassador", "Dakar", "Senegal", "africa"),
    ("Benoît", "Bodart", "fr", "ambassador", "Abidjan", "Côte d'Ivoire", "africa"),
    ("Griet", "Pauwels", "nl", "ambassador", "Bamako", "Mali", "africa"),
    ("Julien", "Hubert", "fr", "ambassador", "Niamey", "Niger", "africa"),
    ("Charlotte", "François", "fr", "ambassador", "Ouagadougou", "Burkina Faso", "africa"),
    ("Maarten", "Hendrickx", "nl", "ambassador", "Cotonou", "Benin", "africa"),
    ("Cécile", "Masson", "fr", "ambassador", "Conakry", "Guinea", "africa"),
    ("David", "Cools", "en", "ambassador", "Accra", "Ghana", "africa"),
    ("Pascale", "Noël", "fr", "ambassador", "Yaoundé", "Cameroon", "africa"),
    ("Hans", "Vandenberghe", "nl", "ambassador", "Lusaka", "Zambia", "africa"),
    ("Jean-Pierre", "Kalonji", "fr", "consul_general", "Lubumbashi", "DR Congo", "africa"),
    ("Veerle", "Declercq", "nl", "charge_d_affaires", "Juba", "South Sudan", "africa"),
    # Middle East and North Africa
    ("Karim", "Benali", "fr", "ambassador", "Rabat", "Morocco", "middle_east_north_africa"),
    ("Hélène", "Lefèvre", "fr", "ambassador", "Algiers", "Algeria", "middle_east_north_africa"),
    ("Nicolas", "Gillet", "fr", "ambassador", "Tunis", "Tunisia", "middle_east_north_africa"),
    ("Lotte", "Verhoeven", "nl", "ambassador", "Cairo", "Egypt", "middle_east_north_africa"),
    ("Yasmina", "El Khattabi", "fr", "ambassador", "Amman", "Jordan", "middle_east_north_africa"),
    ("Frank", "Wuyts", "nl", "ambassador", "Beirut", "Lebanon", "middle_east_north_africa"),
    ("Sarah", "Rosenberg", "en", "ambassador", "Tel Aviv", "Israel", "middle_east_north_africa"),
    (
        "Vincent",
        "Leroy",
        "fr",
        "ambassador",
        "Riyadh",
        "Saudi Arabia",
        "middle_east_north_africa",
    ),
    (
        "Nele",
        "Van de Velde",
        "nl",
        "ambassador",
        "Abu Dhabi",
        "United Arab Emirates",
        "middle_east_north_africa",
    ),
    ("Marc", "Poncelet", "fr", "ambassador", "Doha", "Qatar", "middle_east_north_africa"),
    (
        "Ruben",
        "Claessens",
        "nl",
        "ambassador",
        "Kuwait City",
        "Kuwait",
        "middle_east_north_africa",
    ),
    ("Mathilde", "Rousseau", "fr", "ambassador", "Tehran", "Iran", "middle_east_north_africa"),
    ("Ahmed", "Haddou", "nl", "ambassador", "Baghdad", "Iraq", "middle_east_north_africa"),
    ("Tine", "Lemmens", "nl", "ambassador", "Muscat", "Oman", "middle_east_north_africa"),
    (
        "Sami",
        "Amrani",
        "fr",
        "consul_general",
        "Casablanca",
        "Morocco",
        "middle_east_north_africa",
    ),
    (
        "Kevin",
        "Desmedt",
        "en",
        "consul_general",
        "Dubai",
        "United Arab Emirates",
        "middle_east_north_africa",
    ),
    (
        "Gaëlle",
        "Bastin",
        "fr",
        "charge_d_affaires",
        "Tripoli",
        "Libya",
        "middle_east_north_africa",
    ),
    # Americas
    ("Alexandre", "Dumont", "fr", "ambassador", "Washington", "United States", "americas"),
    ("Ellen", "Maertens", "nl", "ambassador", "Ottawa", "Canada", "americas"),
    ("Carmen", "Fernández", "fr", "ambassador", "Mexico City", "Mexico", "americas"),
    ("Joris", "Vercammen", "nl", "ambassador", "Havana", "Cuba", "americas"),
    ("Amélie", "Lhoest", "fr", "ambassador", "Bogotá", "Colombia", "americas"),
    ("Bram", "Van Acker", "nl", "ambassador", "Lima", "Peru", "americas"),
    ("Luc", "Mottet", "fr", "ambassador", "Brasília", "Brazil", "americas"),
    ("Katrien", "Verbeke", "nl", "ambassador", "Buenos Aires", "Argentina", "americas"),
    ("Sébastien", "Closset", "fr", "ambassador", "Santiago", "Chile", "americas"),
    ("Diego", "Morales", "en", "ambassador", "Panama City", "Panama", "americas"),
    ("Emma", "Vanderstraeten", "en", "consul_general", "New York", "United States", "americas"),
    ("Xavier", "Leonard", "fr", "consul_general", "Los Angeles", "United States", "americas"),
    ("Mieke", "Bogaert", "nl", "consul_general", "São Paulo", "Brazil", "americas"),
    ("Lucas", "Renson", "fr", "consul_general", "Rio de Janeiro", "Brazil", "americas"),
    ("Géraldine", "Lambotte", "fr", "consul_general", "Montreal", "Canada", "americas"),
    ("Pablo", "García", "en", "charge_d_affaires", "Caracas", "Venezuela", "americas"),
    # Asia and Oceania
    ("Lieven", "De Clercq", "nl", "ambassador", "Beijing", "China", "asia_oceania"),
    ("Véronique", "Delhaye", "fr", "ambassador", "Tokyo", "Japan", "asia_oceania"),
    ("Hendrik", "Bauwens", "nl", "ambassador", "Seoul", "Republic of Korea", "asia_oceania"),
    ("Priya", "Sharma", "en", "ambassador", "New Delhi", "India", "asia_oceania"),
    ("Damien", "Jacquet", "fr", "ambassador", "Jakarta", "Indonesia", "asia_oceania"),
    ("Evelien", "Martens", "nl", "ambassador", "Bangkok", "Thailand", "asia_oceania"),
    ("Quentin", "Wilmotte", "fr", "ambassador", "Hanoi", "Viet Nam", "asia_oceania"),
    ("Leen", "Van Hecke", "nl", "ambassador", "Kuala Lumpur", "Malaysia", "asia_oceania"),
    ("Guillaume", "Lemaire", "fr", "ambassador", "Singapore", "Singapore", "asia_oceania"),
    ("Hanne", "Geerts", "nl", "ambassador", "Manila", "Philippines", "asia_oceania"),
    ("Matthew", "Claeys", "en", "ambassador", "Canberra", "Australia", "asia_oceania"),
    ("Arnaud", "Degraeve", "fr", "ambassador", "Islamabad", "Pakistan", "asia_oceania"),
    ("Marleen", "Ceulemans", "nl", "ambassador", "Dhaka", "Bangladesh", "asia_oceania"),
    ("Didier", "Bertrand", "fr", "ambassador", "Astana", "Kazakhstan", "asia_oceania"),
    ("Mei", "Chen", "en", "consul_general", "Shanghai", "China", "asia_oceania"),
    ("Toon", "Verlinden", "nl", "consul_general", "Guangzhou", "China", "asia_oceania"),
    ("Florence", "Gilson", "fr", "consul_general", "Hong Kong", "China", "asia_oceania"),
    ("Ilse", "Vanhove", "nl", "consul_general", "Mumbai", "India", "asia_oceania"),
    ("Maxime", "Lefebvre", "fr", "consul_general", "Ho Chi Minh City", "Viet Nam", "asia_oceania"),
    ("Nina", "Verbruggen", "nl", "charge_d_affaires", "Yangon", "Myanmar", "asia_oceania"),
    # The Belgian Office in Taipei is not an embassy: its head is "other".
    ("Jonas", "Baert", "nl", "other", "Taipei", "Taiwan", "asia_oceania"),
    # Multilateral posts
    (
        "Astrid",
        "Van Hoof",
        "nl",
        "permanent_representative",
        "New York",
        "United Nations",
        "multilateral",
    ),
    (
        "Pierre",
        "Delcourt",
        "fr",
        "permanent_representative",
        "Geneva",
        "United Nations",
        "multilateral",
    ),
    (
        "Marianne",
        "Van Rompaey",
        "nl",
        "permanent_representative",
        "Brussels",
        "European Union",
        "multilateral",
    ),
    ("Georges", "Lambrechts", "fr", "permanent_representative", "Brussels", "NATO", "multilateral"),
    ("Kathleen", "Vervaet", "en", "permanent_representative", "Paris", "OECD", "multilateral"),
    ("Antoine", "Dewez", "fr", "permanent_representative", "Paris", "UNESCO", "multilateral"),
    (
        "Saskia",
        "Van Gorp",
        "nl",
        "permanent_representative",
        "Strasbourg",
        "Council of Europe",
        "multilateral",
    ),
    ("Rik", "Van Laere", "nl", "permanent_representative", "Vienna", "OSCE", "multilateral"),
    (
        "Chantal",
        "Wéry",
        "fr",
        "permanent_representative",
        "Rome",
        "FAO, IFAD and WFP",
        "multilateral",
    ),
]

# Sessions. Optional keys and their defaults: room=None, speakers=[] as (key, role),
# organisations=[], status="published", visibility="public", audience="all",
# regions=[], functions=[], members=[] (e-mails), capacity=None, signup=False, group=None.
SESSIONS = [
    # Monday 2 February: opening and strategic orientations
    dict(
        when=(MON, "08:30", 60),
        kind="networking",
        room="orangerie",
        title=(
            "Welcome coffee and badge collection",
            "Café d'accueil et retrait des badges",
            "Onthaalkoffie en afhaling van de badges",
        ),
        description=(
            "Collect your badge and conference folder and meet colleagues from the network"
            " before the opening session.",
            "Retirez votre badge et votre dossier, et retrouvez vos collègues du réseau avant"
            " la séance d'ouverture.",
            "Haal uw badge en conferentiemap op en ontmoet collega's uit het netwerk vóór de"
            " openingszitting.",
        ),
    ),
    dict(
        when=(MON, "09:30", 30),
        kind="plenary",
        room="glaces",
        title=(
            "Opening of the Diplomatic Contact Days 2026",
            "Ouverture des Journées de contact diplomatique 2026",
            "Opening van de Diplomatieke Contactdagen 2026",
        ),
        description=(
            "Welcome to the ambassadors, permanent representatives and consuls general, and"
            " introduction to this year's theme: global influence through economic and"
            " political diplomacy.",
            "Accueil des ambassadeurs, représentants permanents et consuls généraux, et"
            " présentation du thème de cette année : l'influence mondiale par la diplomatie"
            " économique et politique.",
            "Verwelkoming van de ambassadeurs, permanente vertegenwoordigers en"
            " consuls-generaal, en inleiding op het thema van dit jaar: wereldwijde invloed"
            " via economische en politieke diplomatie.",
        ),
        speakers=[("chairman", "speaker"), ("sg", "speaker")],
        organisations=["fps"],
    ),
    dict(
        when=(MON, "10:00", 75),
        kind="address",
        room="glaces",
        title=(
            "Strategic orientations of Belgian foreign policy",
            "Orientations stratégiques de la politique étrangère belge",
            "Strategische oriëntaties van het Belgische buitenlands beleid",
        ),
        description=(
            "The Deputy Prime Minister and Minister of Foreign Affairs presents the strategic"
            " orientations of the Minister and of the federal government to the heads of post."
            " In a world where some choose to withdraw, Belgium chooses engagement.",
            "Le Vice-Premier ministre et ministre des Affaires étrangères présente aux chefs de"
            " poste les orientations stratégiques du ministre et du gouvernement fédéral. Dans"
            " un monde où certains choisissent le repli, la Belgique choisit l'engagement.",
            "De vicepremier en minister van Buitenlandse Zaken stelt de strategische"
            " oriëntaties van de minister en van de federale regering voor aan de posthoofden."
            " In een wereld waarin sommigen voor terugplooiing kiezen, kiest België voor"
            " engagement.",
        ),
        speakers=[("chairman", "chair"), ("prevot", "speaker")],
        organisations=["fps", "federal"],
    ),
    dict(
        when=(MON, "11:30", 60),
        kind="panel",
        room="glaces",
        title=(
            "Belgian diplomacy in a time of deep uncertainty",
            "La diplomatie belge dans une période d'incertitude profonde",
            "Belgische diplomatie in een tijd van diepe onzekerheid",
        ),
        description=(
            "The rules that guaranteed stability for decades are being called into question"
            " and the balance of power is shifting. How does a country that is open,"
            " export-driven and rooted in multilateralism keep its influence?",
            "Les règles qui ont garanti la stabilité pendant des décennies sont remises en"
            " question et les rapports de force évoluent. Comment un pays ouvert, exportateur"
            " et ancré dans le multilatéralisme garde-t-il son influence ?",
            "De regels die decennialang stabiliteit waarborgden, staan ter discussie en de"
            " machtsverhoudingen verschuiven. Hoe behoudt een open, exportgericht en in het"
            " multilateralisme verankerd land zijn invloed?",
        ),
        speakers=[
            ("sg", "moderator"),
            ("dg_bilateral", "speaker"),
            ("dg_multilateral", "speaker"),
            ("egmont_director", "speaker"),
        ],
        organisations=["fps", "egmont"],
    ),
    dict(
        when=(MON, "11:30", 45),
        kind="press",
        room="petit",
        title=(
            "Press point with the Minister of Foreign Affairs",
            "Point presse avec le ministre des Affaires étrangères",
            "Persmoment met de minister van Buitenlandse Zaken",
        ),
        description=(
            "Short press briefing at the start of the Contact Days. Accredited journalists can"
            " contact the spokespersons of the FPS Foreign Affairs.",
            "Court point presse à l'ouverture des Journées de contact. Les journalistes"
            " accrédités peuvent s'adresser aux porte-parole du SPF Affaires étrangères.",
            "Korte persbriefing bij de start van de Contactdagen. Geaccrediteerde journalisten"
            " kunnen contact opnemen met de woordvoerders van de FOD Buitenlandse Zaken.",
        ),
        speakers=[("spokesperson", "moderator"), ("prevot", "speaker")],
        organisations=["fps"],
    ),
    dict(
        when=(MON, "12:30", 90),
        kind="meal",
        room="orangerie",
        title=("Lunch", "Déjeuner", "Lunch"),
        description=(
            "Buffet lunch for all participants in the Orangerie.",
            "Déjeuner-buffet pour tous les participants, à l'Orangerie.",
            "Lunchbuffet voor alle deelnemers in de Orangerie.",
        ),
    ),
    dict(
        when=(MON, "14:00", 90),
        kind="meeting",
        room="glaces",
        visibility="attendees",
        title=(
            "Meeting with the Prime Minister",
            "Rencontre avec le Premier ministre",
            "Ontmoeting met de Eerste Minister",
        ),
        description=(
            "The Prime Minister sets out the federal government's priorities abroad and"
            " discusses with the heads of post how the diplomatic network can serve them.",
            "Le Premier ministre expose les priorités du gouvernement fédéral à l'étranger et"
            " échange avec les chefs de poste sur la manière dont le réseau diplomatique peut"
            " les servir.",
            "De Eerste Minister licht de prioriteiten van de federale regering in het"
            " buitenland toe en bespreekt met de posthoofden hoe het diplomatieke netwerk die"
            " kan ondersteunen.",
        ),
        speakers=[("prevot", "chair"), ("pm", "speaker")],
        organisations=["federal", "fps"],
    ),
    dict(
        when=(MON, "15:45", 90),
        kind="meeting",
        room="arenberg",
        group="mon-pm-regional-meetings",
        visibility="attendees",
        audience="regions",
        regions=["europe"],
        title=(
            "Regional meeting: Europe",
            "Réunion régionale : Europe",
            "Regionale vergadering: Europa",
        ),
        description=(
            "Heads of post in Europe share their analyses with the directorates in Brussels:"
            " enlargement of the Union, the war against Ukraine and bilateral priorities.",
            "Les chefs de poste en Europe partagent leurs analyses avec les directions à"
            " Bruxelles : élargissement de l'Union, guerre contre l'Ukraine et priorités"
            " bilatérales.",
            "De posthoofden in Europa delen hun analyses met de directies in Brussel:"
            " uitbreiding van de Unie, de oorlog tegen Oekraïne en bilaterale prioriteiten.",
        ),
        speakers=[("dg_european", "chair")],
        organisations=["fps"],
    ),
    dict(
        when=(MON, "15:45", 90),
        kind="meeting",
        room="louis",
        group="mon-pm-regional-meetings",
        visibility="attendees",
        audience="regions",
        regions=["africa", "middle_east_north_africa"],
        title=(
            "Regional meeting: Africa, the Middle East and North Africa",
            "Réunion régionale : Afrique, Moyen-Orient et Afrique du Nord",
            "Regionale vergadering: Afrika, het Midden-Oosten en Noord-Afrika",
        ),
        description=(
            "The posts in Sub-Saharan Africa, the Middle East and North Africa and the"
            " geographic directorates discuss security, migration and economic partnerships.",
            "Les postes en Afrique subsaharienne, au Moyen-Orient et en Afrique du Nord et les"
            " directions géographiques échangent sur la sécurité, la migration et les"
            " partenariats économiques.",
            "De posten in Afrika ten zuiden van de Sahara, het Midden-Oosten en Noord-Afrika"
            " en de geografische directies bespreken veiligheid, migratie en economische"
            " partnerschappen.",
        ),
        speakers=[("dg_bilateral", "chair")],
        organisations=["fps"],
    ),
    dict(
        when=(MON, "15:45", 90),
        kind="meeting",
        room="tapisseries",
        group="mon-pm-regional-meetings",
        visibility="attendees",
        audience="regions",
        regions=["americas", "asia_oceania"],
        title=(
            "Regional meeting: Americas, Asia and Oceania",
            "Réunion régionale : Amériques, Asie et Océanie",
            "Regionale vergadering: Amerika, Azië en Oceanië",
        ),
        description=(
            "Heads of post in the Americas, Asia and Oceania discuss trade tensions, supply"
            " chains and Belgium's visibility in fast-growing markets.",
            "Les chefs de poste des Amériques, d'Asie et d'Océanie discutent des tensions"
            " commerciales, des chaînes d'approvisionnement et de la visibilité de la Belgique"
            " sur des marchés en forte croissance.",
            "De posthoofden in Amerika, Azië en Oceanië bespreken handelsspanningen,"
            " toeleveringsketens en de zichtbaarheid van België op snelgroeiende markten.",
        ),
        organisations=["fps"],
    ),
    dict(
        when=(MON, "15:45", 90),
        kind="meeting",
        room="petit",
        group="mon-pm-regional-meetings",
        visibility="attendees",
        audience="regions",
        regions=["multilateral"],
        title=(
            "Regional meeting: multilateral posts",
            "Réunion régionale : postes multilatéraux",
            "Regionale vergadering: multilaterale posten",
        ),
        description=(
            "The permanent representatives coordinate Belgium's positions in the United"
            " Nations, NATO, the OSCE, the OECD and the Council of Europe for the year ahead.",
            "Les représentants permanents coordonnent les positions de la Belgique aux Nations"
            " unies, à l'OTAN, à l'OSCE, à l'OCDE et au Conseil de l'Europe pour l'année à"
            " venir.",
            "De permanente vertegenwoordigers stemmen de Belgische standpunten in de Verenigde"
            " Naties, de NAVO, de OVSE, de OESO en de Raad van Europa af voor het komende jaar.",
        ),
        speakers=[("dg_multilateral", "chair")],
        organisations=["fps"],
    ),
    dict(
        when=(MON, "18:30", 120),
        kind="reception",
        room="glaces",
        title=("Welcome reception", "Réception de bienvenue", "Welkomstreceptie"),
        description=(
            "Reception offered by the Minister of Foreign Affairs to the heads of post and"
            " their guests.",
            "Réception offerte par le ministre des Affaires étrangères aux chefs de poste et à"
            " leurs invités.",
            "Receptie aangeboden door de minister van Buitenlandse Zaken aan de posthoofden en"
            " hun gasten.",
        ),
        speakers=[("prevot", "speaker")],
        organisations=["fps"],
    ),
    # Tuesday 3 February: economic diplomacy
    dict(
        when=(TUE, "09:00", 90),
        kind="panel",
        room="glaces",
        title=(
            "Economic diplomacy: Team Belgium abroad",
            "Diplomatie économique : la Team Belgium à l'étranger",
            "Economische diplomatie: Team Belgium in het buitenland",
        ),
        description=(
            "The federal government, the regions and business on working as one team abroad:"
            " economic missions, trade promotion and attracting investment.",
            "Le gouvernement fédéral, les régions et les entreprises sur la manière de"
            " travailler en une seule équipe à l'étranger : missions économiques, promotion"
            " commerciale et attraction des investissements.",
            "De federale regering, de gewesten en het bedrijfsleven over samenwerken als één"
            " team in het buitenland: economische missies, handelspromotie en het aantrekken"
            " van investeringen.",
        ),
        speakers=[
            ("dg_bilateral", "moderator"),
            ("minister_economy", "speaker"),
            ("feb_ceo", "speaker"),
            ("fit_ceo", "speaker"),
            ("awex_head", "speaker"),
            ("hub_head", "speaker"),
        ],
        organisations=["federal", "feb", "fit", "awex", "hub"],
    ),
    dict(
        when=(TUE, "10:45", 90),
        kind="workshop",
        room="louis",
        group="tue-am-breakouts",
        capacity=40,
        signup=True,
        title=(
            "Workshop: export credit and political risk with Credendo",
            "Atelier : crédit à l'exportation et risque politique avec Credendo",
            "Workshop: exportkrediet en politiek risico met Credendo",
        ),
        description=(
            "How posts can help Belgian exporters and investors manage political and"
            " commercial risk, with practical cases from recent files.",
            "Comment les postes peuvent aider les exportateurs et investisseurs belges à"
            " maîtriser les risques politiques et commerciaux, à partir de cas concrets"
            " récents.",
            "Hoe posten Belgische exporteurs en investeerders kunnen helpen politieke en"
            " commerciële risico's te beheersen, aan de hand van concrete recente dossiers.",
        ),
        speakers=[("credendo_ceo", "speaker")],
        organisations=["credendo"],
    ),
    dict(
        when=(TUE, "10:45", 90),
        kind="workshop",
        room="arenberg",
        group="tue-am-breakouts",
        capacity=60,
        signup=True,
        title=(
            "Workshop: working with FIT, AWEX and hub.brussels",
            "Atelier : travailler avec FIT, l'AWEX et hub.brussels",
            "Workshop: samenwerken met FIT, AWEX en hub.brussels",
        ),
        description=(
            "The regional trade and investment agencies explain how embassies and their"
            " economic and trade attachés can best work together.",
            "Les agences régionales du commerce extérieur et des investissements expliquent"
            " comment les ambassades et leurs attachés économiques et commerciaux peuvent"
            " collaborer au mieux.",
            "De gewestelijke agentschappen voor handel en investeringen lichten toe hoe de"
            " ambassades en hun economische en handelsattachés het best samenwerken.",
        ),
        speakers=[("fit_ceo", "speaker"), ("awex_head", "speaker"), ("hub_head", "speaker")],
        organisations=["fit", "awex", "hub"],
    ),
    dict(
        when=(TUE, "10:45", 90),
        kind="workshop",
        room="petit",
        group="tue-am-breakouts",
        capacity=18,
        signup=True,
        title=(
            "Workshop: economic reporting that companies can use",
            "Atelier : des rapports économiques utiles aux entreprises",
            "Workshop: economische rapportering waar bedrijven iets aan hebben",
        ),
        description=(
            "A small-group session with the Federation of Belgian Enterprises on turning"
            " political and economic reporting into information companies can act on.",
            "Séance en petit groupe avec la Fédération des Entreprises de Belgique sur la"
            " manière de transformer les rapports politiques et économiques en informations"
            " exploitables par les entreprises.",
            "Sessie in kleine groep met het Verbond van Belgische Ondernemingen over hoe"
            " politieke en economische rapportering bruikbare informatie voor bedrijven wordt.",
        ),
        speakers=[("feb_ceo", "speaker")],
        organisations=["feb"],
    ),
    dict(
        when=(TUE, "12:15", 30),
        kind="press",
        room="petit",
        status="draft",
        title=(
            "Press briefing: Belgium's economic missions in 2026",
            "Briefing presse : les missions économiques belges en 2026",
            "Persbriefing: de Belgische economische missies in 2026",
        ),
        description=(
            "Briefing for the press on the economic missions planned for 2026. To be confirmed.",
            "Briefing pour la presse sur les missions économiques prévues en 2026. À confirmer.",
            "Briefing voor de pers over de economische missies die voor 2026 gepland zijn."
            " Nog te bevestigen.",
        ),
        speakers=[("spokesperson", "moderator"), ("minister_economy", "speaker")],
        organisations=["federal", "fps"],
    ),
    dict(
        when=(TUE, "12:30", 90),
        kind="meal",
        room="orangerie",
        title=(
            "Networking lunch with business leaders",
            "Déjeuner de réseautage avec des chefs d'entreprise",
            "Netwerklunch met bedrijfsleiders",
        ),
        description=(
            "Lunch with the heads of Belgian companies and sector federations active on"
            " foreign markets.",
            "Déjeuner avec des dirigeants d'entreprises belges et de fédérations sectorielles"
            " actives sur les marchés étrangers.",
            "Lunch met topmanagers van Belgische bedrijven en sectorfederaties die actief zijn"
            " op buitenlandse markten.",
        ),
        speakers=[("feb_president", "guest_of_honour")],
        organisations=["feb"],
    ),
    dict(
        when=(TUE, "14:00", 60),
        kind="meeting",
        room="glaces",
        title=(
            "Meeting with the Minister of Finance",
            "Rencontre avec le ministre des Finances",
            "Ontmoeting met de minister van Financiën",
        ),
        description=(
            "Public finances, international taxation and sanctions: what the Minister of"
            " Finance expects from the diplomatic network.",
            "Finances publiques, fiscalité internationale et sanctions : ce que le ministre"
            " des Finances attend du réseau diplomatique.",
            "Overheidsfinanciën, internationale fiscaliteit en sancties: wat de minister van"
            " Financiën van het diplomatieke netwerk verwacht.",
        ),
        speakers=[("sg", "chair"), ("minister_finance", "speaker")],
        organisations=["federal"],
    ),
    dict(
        when=(TUE, "15:15", 90),
        kind="panel",
        room="glaces",
        title=(
            "Panel: what Belgian companies expect from the diplomatic network",
            "Panel : ce que les entreprises belges attendent du réseau diplomatique",
            "Panel: wat Belgische bedrijven van het diplomatieke netwerk verwachten",
        ),
        description=(
            "Business leaders from the port, technology, chemical and life sciences sectors"
            " on market access, economic security and the support they need abroad.",
            "Des chefs d'entreprise des secteurs portuaire, technologique, de la chimie et des"
            " sciences de la vie évoquent l'accès aux marchés, la sécurité économique et le"
            " soutien dont ils ont besoin à l'étranger.",
            "Bedrijfsleiders uit de haven-, technologie-, chemie- en life-sciencessector over"
            " markttoegang, economische veiligheid en de steun die ze in het buitenland nodig"
            " hebben.",
        ),
        speakers=[
            ("dg_bilateral", "moderator"),
            ("feb_president", "speaker"),
            ("port_ceo", "speaker"),
            ("agoria_ceo", "speaker"),
            ("essenscia_ceo", "speaker"),
        ],
        organisations=["feb", "port", "agoria", "essenscia"],
    ),
    dict(
        when=(TUE, "17:00", 90),
        kind="bilateral",
        room="arenberg",
        visibility="attendees",
        capacity=60,
        signup=True,
        title=(
            "Bilateral meetings with companies",
            "Rencontres bilatérales avec des entreprises",
            "Bilaterale ontmoetingen met bedrijven",
        ),
        description=(
            "Twenty-minute one-to-one meetings between heads of post and companies interested"
            " in their country. Sign up to receive your schedule.",
            "Entretiens individuels de vingt minutes entre chefs de poste et entreprises"
            " intéressées par leur pays. Inscrivez-vous pour recevoir votre planning.",
            "Individuele gesprekken van twintig minuten tussen posthoofden en bedrijven die"
            " interesse hebben in hun land. Schrijf u in om uw planning te ontvangen.",
        ),
        organisations=["feb", "port", "agoria", "essenscia"],
    ),
    dict(
        when=(TUE, "19:00", 120),
        kind="reception",
        room="glaces",
        title=(
            "Reception with the business community",
            "Réception avec le monde des entreprises",
            "Receptie met het bedrijfsleven",
        ),
        description=(
            "Evening reception offered by the Federation of Belgian Enterprises to heads of"
            " post and business leaders.",
            "Réception offerte par la Fédération des Entreprises de Belgique aux chefs de"
            " poste et aux chefs d'entreprise.",
            "Avondreceptie aangeboden door het Verbond van Belgische Ondernemingen aan de"
            " posthoofden en bedrijfsleiders.",
        ),
        speakers=[("feb_president", "speaker")],
        organisations=["feb"],
    ),
    # Wednesday 4 February: security, international cooperation, consular affairs
    dict(
        when=(WED, "09:00", 60),
        kind="meeting",
        room="glaces",
        title=(
            "Meeting with the Minister of Defence",
            "Rencontre avec le ministre de la Défense",
            "Ontmoeting met de minister van Defensie",
        ),
        description=(
            "European security, support for Ukraine and Belgium's commitments within NATO:"
            " the Minister of Defence in conversation with the heads of post.",
            "Sécurité européenne, soutien à l'Ukraine et engagements de la Belgique au sein de"
            " l'OTAN : le ministre de la Défense échange avec les chefs de poste.",
            "Europese veiligheid, steun aan Oekraïne en de Belgische engagementen binnen de"
            " NAVO: de minister van Defensie in gesprek met de posthoofden.",
        ),
        speakers=[("sg", "chair"), ("minister_defence", "speaker")],
        organisations=["federal"],
    ),
    dict(
        when=(WED, "10:15", 90),
        kind="panel",
        room="glaces",
        title=(
            "International cooperation as an instrument of influence",
            "La coopération internationale, instrument d'influence",
            "Internationale samenwerking als instrument van invloed",
        ),
        description=(
            "With Enabel and BIO: how development cooperation and investment in the private"
            " sector of partner countries strengthen Belgium's partnerships and impact.",
            "Avec Enabel et BIO : comment la coopération au développement et l'investissement"
            " dans le secteur privé des pays partenaires renforcent les partenariats et"
            " l'impact de la Belgique.",
            "Met Enabel en BIO: hoe ontwikkelingssamenwerking en investeringen in de"
            " privésector van partnerlanden de partnerschappen en de impact van België"
            " versterken.",
        ),
        speakers=[
            ("dg_development", "moderator"),
            ("prevot", "speaker"),
            ("enabel_ceo", "speaker"),
            ("bio_ceo", "speaker"),
        ],
        organisations=["fps", "enabel", "bio"],
    ),
    dict(
        when=(WED, "12:00", 60),
        kind="meeting",
        room="louis",
        group="wed-noon-development",
        visibility="invited_only",
        audience="regions",
        regions=["africa"],
        title=(
            "Enabel in Sub-Saharan Africa: closed session",
            "Enabel en Afrique subsaharienne : séance à huis clos",
            "Enabel in Afrika ten zuiden van de Sahara: besloten sessie",
        ),
        description=(
            "The CEO of Enabel meets the heads of post in Sub-Saharan Africa to discuss the"
            " portfolio in partner countries and the security of teams in the field.",
            "Le CEO d'Enabel rencontre les chefs de poste en Afrique subsaharienne pour"
            " discuter du portefeuille dans les pays partenaires et de la sécurité des équipes"
            " sur le terrain.",
            "De CEO van Enabel ontmoet de posthoofden in Afrika ten zuiden van de Sahara om de"
            " portefeuille in de partnerlanden en de veiligheid van de teams ter plaatse te"
            " bespreken.",
        ),
        speakers=[("enabel_ceo", "speaker")],
        organisations=["enabel"],
    ),
    dict(
        when=(WED, "12:00", 60),
        kind="meeting",
        room="tapisseries",
        group="wed-noon-development",
        capacity=35,
        signup=True,
        title=(
            "BIO: investing in the private sector of developing countries",
            "BIO : investir dans le secteur privé des pays en développement",
            "BIO: investeren in de privésector van ontwikkelingslanden",
        ),
        description=(
            "How BIO finances local businesses, microfinance and infrastructure, and how posts"
            " can flag promising projects.",
            "Comment BIO finance les entreprises locales, la microfinance et les"
            " infrastructures, et comment les postes peuvent signaler des projets prometteurs.",
            "Hoe BIO lokale ondernemingen, microfinanciering en infrastructuur financiert, en"
            " hoe posten veelbelovende projecten kunnen aanbrengen.",
        ),
        speakers=[("bio_ceo", "speaker")],
        organisations=["bio"],
    ),
    dict(
        when=(WED, "13:00", 60),
        kind="meal",
        room="orangerie",
        title=("Lunch", "Déjeuner", "Lunch"),
        description=(
            "Buffet lunch in the Orangerie.",
            "Déjeuner-buffet à l'Orangerie.",
            "Lunchbuffet in de Orangerie.",
        ),
    ),
    dict(
        when=(WED, "14:15", 90),
        kind="workshop",
        room="louis",
        group="wed-pm-workshops",
        title=(
            "Workshop: crisis management and consular assistance",
            "Atelier : gestion de crise et assistance consulaire",
            "Workshop: crisisbeheer en consulaire bijstand",
        ),
        description=(
            "Lessons from recent evacuations and crises: crisis plans for posts, cooperation"
            " with EU partners and support for Belgians abroad.",
            "Les leçons des évacuations et crises récentes : plans de crise des postes,"
            " coopération avec les partenaires européens et aide aux Belges à l'étranger.",
            "Lessen uit recente evacuaties en crisissen: crisisplannen van de posten,"
            " samenwerking met Europese partners en hulp aan Belgen in het buitenland.",
        ),
        speakers=[("dg_consular", "speaker"), ("crisis_head", "speaker")],
        organisations=["fps"],
    ),
    dict(
        when=(WED, "14:15", 90),
        kind="workshop",
        room="tapisseries",
        group="wed-pm-workshops",
        capacity=30,
        signup=True,
        title=(
            "Workshop: public diplomacy and digital communication",
            "Atelier : diplomatie publique et communication numérique",
            "Workshop: publieksdiplomatie en digitale communicatie",
        ),
        description=(
            "Telling Belgium's story online and in the local media: planning campaigns,"
            " countering disinformation and working with the spokespersons.",
            "Raconter la Belgique en ligne et dans les médias locaux : planifier des"
            " campagnes, contrer la désinformation et travailler avec les porte-parole.",
            "Het verhaal van België online en in de lokale media brengen: campagnes plannen,"
            " desinformatie counteren en samenwerken met de woordvoerders.",
        ),
        speakers=[("communication_head", "speaker"), ("spokesperson", "speaker")],
        organisations=["fps"],
    ),
    dict(
        when=(WED, "14:15", 90),
        kind="workshop",
        room="sablon",
        group="wed-pm-workshops",
        capacity=12,
        signup=True,
        title=(
            "Workshop: information security at post",
            "Atelier : sécurité de l'information au poste",
            "Workshop: informatiebeveiliging op de post",
        ),
        description=(
            "Hands-on session on protecting classified information, devices and"
            " communications against espionage and cyberattacks.",
            "Séance pratique sur la protection des informations classifiées, des appareils et"
            " des communications contre l'espionnage et les cyberattaques.",
            "Praktijksessie over de bescherming van geclassificeerde informatie, toestellen en"
            " communicatie tegen spionage en cyberaanvallen.",
        ),
        speakers=[("ciso", "speaker")],
        organisations=["fps"],
    ),
    dict(
        when=(WED, "14:15", 90),
        kind="workshop",
        room="petit",
        group="wed-pm-workshops",
        capacity=18,
        signup=True,
        title=(
            "Workshop: leading a post – people, well-being and integrity",
            "Atelier : diriger un poste – personnes, bien-être et intégrité",
            "Workshop: een post leiden – mensen, welzijn en integriteit",
        ),
        description=(
            "Heads of post exchange practice on leading mixed teams of seconded and local"
            " staff, on well-being and on integrity.",
            "Échange de pratiques entre chefs de poste sur la direction d'équipes composées"
            " d'agents détachés et de personnel local, le bien-être et l'intégrité.",
            "Posthoofden wisselen praktijken uit over het leiden van gemengde teams van"
            " uitgezonden en lokaal personeel, over welzijn en over integriteit.",
        ),
        speakers=[("hr_head", "speaker")],
        organisations=["fps"],
    ),
    dict(
        when=(WED, "16:00", 60),
        kind="meeting",
        room="arenberg",
        visibility="invited_only",
        audience="functions",
        functions=["consul_general"],
        title=(
            "Consuls general: visas, migration and consular cooperation",
            "Consuls généraux : visas, migration et coopération consulaire",
            "Consuls-generaal: visa, migratie en consulaire samenwerking",
        ),
        description=(
            "Closed meeting of the consuls general with the Minister of Asylum and Migration"
            " on visa policy, return and readmission, and cooperation with local authorities.",
            "Réunion à huis clos des consuls généraux avec le ministre de l'Asile et de la"
            " Migration sur la politique des visas, le retour et la réadmission, et la"
            " coopération avec les autorités locales.",
            "Besloten vergadering van de consuls-generaal met de minister van Asiel en Migratie"
            " over het visumbeleid, terugkeer en overname, en de samenwerking met de lokale"
            " overheden.",
        ),
        speakers=[("dg_consular", "chair"), ("minister_migration", "speaker")],
        organisations=["federal", "fps"],
    ),
    dict(
        when=(WED, "16:00", 90),
        kind="panel",
        room="glaces",
        title=(
            "The European Union in 2026: priorities and Belgian influence",
            "L'Union européenne en 2026 : priorités et influence belge",
            "De Europese Unie in 2026: prioriteiten en Belgische invloed",
        ),
        description=(
            "Competitiveness, enlargement, defence and the next multiannual budget: how"
            " Belgium weighs on European decisions and how bilateral posts can help.",
            "Compétitivité, élargissement, défense et prochain cadre financier pluriannuel :"
            " comment la Belgique pèse sur les décisions européennes et comment les postes"
            " bilatéraux peuvent y contribuer.",
            "Concurrentievermogen, uitbreiding, defensie en het volgende meerjarig financieel"
            " kader: hoe België weegt op de Europese besluitvorming en hoe de bilaterale posten"
            " daartoe kunnen bijdragen.",
        ),
        speakers=[("dg_european", "moderator"), ("perm_rep_eu", "speaker")],
        organisations=["fps"],
    ),
    dict(
        when=(WED, "19:00", 180),
        kind="meal",
        # Several restaurants in town, none of them a room of the palace.
        room=None,
        visibility="attendees",
        title=("Regional dinners", "Dîners régionaux", "Regionale diners"),
        description=(
            "Heads of post dine with their geographic directorate in restaurants around the"
            " Sablon. Each directorate sends the address of its restaurant.",
            "Les chefs de poste dînent avec leur direction géographique dans des restaurants"
            " autour du Sablon. Chaque direction communique l'adresse de son restaurant.",
            "De posthoofden dineren met hun geografische directie in restaurants rond de"
            " Zavel. Elke directie bezorgt het adres van haar restaurant.",
        ),
        organisations=["fps"],
    ),
    # Thursday 5 February: international financial institutions, regions and communities
    dict(
        when=(THU, "09:00", 90),
        kind="meeting",
        room="arenberg",
        group="thu-am-ifi-roundtables",
        capacity=50,
        signup=True,
        title=(
            "Round table: World Bank Group and IMF",
            "Table ronde : Groupe de la Banque mondiale et FMI",
            "Rondetafel: Wereldbankgroep en IMF",
        ),
        description=(
            "Procurement opportunities for Belgian companies, country programmes and the"
            " macroeconomic outlook, with the Executive Directors of Belgium's constituencies.",
            "Marchés publics ouverts aux entreprises belges, programmes par pays et"
            " perspectives macroéconomiques, avec les administrateurs des groupes de vote de la"
            " Belgique.",
            "Aanbestedingskansen voor Belgische bedrijven, landenprogramma's en"
            " macro-economische vooruitzichten, met de bewindvoerders van de kiesgroepen van"
            " België.",
        ),
        speakers=[("dg_multilateral", "moderator"), ("wb_ed", "speaker"), ("imf_ed", "speaker")],
        organisations=["wbg", "imf"],
    ),
    dict(
        when=(THU, "09:00", 90),
        kind="meeting",
        room="louis",
        group="thu-am-ifi-roundtables",
        capacity=40,
        signup=True,
        title=(
            "Round table: European Investment Bank and EBRD",
            "Table ronde : Banque européenne d'investissement et BERD",
            "Rondetafel: Europese Investeringsbank en EBWO",
        ),
        description=(
            "Financing Ukraine's reconstruction, the energy transition and the EU's"
            " neighbourhood, and how posts can connect Belgian companies to these projects.",
            "Le financement de la reconstruction de l'Ukraine, de la transition énergétique et"
            " du voisinage de l'Union, et comment les postes peuvent y associer les entreprises"
            " belges.",
            "De financiering van de wederopbouw van Oekraïne, de energietransitie en het"
            " nabuurschap van de Unie, en hoe posten Belgische bedrijven bij die projecten"
            " kunnen betrekken.",
        ),
        speakers=[("eib_vp", "speaker"), ("ebrd_director", "speaker")],
        organisations=["eib", "ebrd"],
    ),
    dict(
        when=(THU, "09:00", 90),
        kind="meeting",
        room="tapisseries",
        group="thu-am-ifi-roundtables",
        capacity=25,
        signup=True,
        title=(
            "Round table: African Development Bank",
            "Table ronde : Banque africaine de développement",
            "Rondetafel: Afrikaanse Ontwikkelingsbank",
        ),
        description=(
            "Infrastructure, agriculture and energy programmes in Africa, and the part Belgian"
            " expertise and companies can play in them.",
            "Programmes d'infrastructure, d'agriculture et d'énergie en Afrique, et le rôle"
            " que peuvent y jouer l'expertise et les entreprises belges.",
            "Programma's voor infrastructuur, landbouw en energie in Afrika, en de rol die"
            " Belgische expertise en bedrijven daarin kunnen spelen.",
        ),
        speakers=[("dg_development", "moderator"), ("afdb_ed", "speaker")],
        organisations=["afdb"],
    ),
    dict(
        when=(THU, "10:45", 75),
        kind="panel",
        room="glaces",
        title=(
            "Panel: international financial institutions as a lever for Belgian interests",
            "Panel : les institutions financières internationales, levier des intérêts belges",
            "Panel: internationale financiële instellingen als hefboom voor Belgische belangen",
        ),
        description=(
            "How Belgium can use its shareholding in the international financial institutions"
            " to increase the impact of its policy and open doors for its companies.",
            "Comment la Belgique peut utiliser sa participation dans les institutions"
            " financières internationales pour accroître l'impact de sa politique et ouvrir des"
            " portes à ses entreprises.",
            "Hoe België zijn aandeelhouderschap in de internationale financiële instellingen"
            " kan inzetten om de impact van zijn beleid te vergroten en deuren te openen voor"
            " zijn bedrijven.",
        ),
        speakers=[
            ("dg_multilateral", "moderator"),
            ("wb_ed", "speaker"),
            ("eib_vp", "speaker"),
            ("afdb_ed", "speaker"),
            ("credendo_ceo", "speaker"),
        ],
        organisations=["wbg", "eib", "afdb", "credendo"],
    ),
    dict(
        when=(THU, "12:15", 75),
        kind="meal",
        room="orangerie",
        title=("Lunch", "Déjeuner", "Lunch"),
        description=(
            "Seated lunch in the Orangerie, with tables by region.",
            "Déjeuner assis à l'Orangerie, avec des tables par région.",
            "Zittende lunch in de Orangerie, met tafels per regio.",
        ),
    ),
    dict(
        when=(THU, "13:30", 120),
        kind="meeting",
        room="glaces",
        visibility="attendees",
        title=(
            "Meeting with the Minister-Presidents of the regions and communities",
            "Rencontre avec les ministres-présidents des régions et des communautés",
            "Ontmoeting met de minister-presidenten van de gewesten en gemeenschappen",
        ),
        description=(
            "The Minister-Presidents present the international priorities of their"
            " governments and discuss cooperation between the embassies and the"
            " representations of the regions and communities abroad.",
            "Les ministres-présidents présentent les priorités internationales de leurs"
            " gouvernements et échangent sur la coopération entre les ambassades et les"
            " représentations des régions et des communautés à l'étranger.",
            "De minister-presidenten stellen de internationale prioriteiten van hun regeringen"
            " voor en bespreken de samenwerking tussen de ambassades en de vertegenwoordigingen"
            " van de gewesten en gemeenschappen in het buitenland.",
        ),
        speakers=[
            ("chairman", "chair"),
            ("mp_flanders", "speaker"),
            ("mp_wallonia", "speaker"),
            ("mp_brussels", "speaker"),
            ("mp_fwb", "speaker"),
            ("mp_ostbelgien", "speaker"),
        ],
        organisations=["flanders", "wallonia", "brussels", "fwb", "ostbelgien"],
    ),
    dict(
        when=(THU, "15:45", 90),
        kind="bilateral",
        room="arenberg",
        visibility="attendees",
        capacity=60,
        signup=True,
        title=(
            "Bilateral meetings with the regional trade agencies",
            "Rencontres bilatérales avec les agences régionales du commerce extérieur",
            "Bilaterale ontmoetingen met de gewestelijke handelsagentschappen",
        ),
        description=(
            "One-to-one meetings between heads of post and Flanders Investment & Trade, AWEX"
            " and hub.brussels to prepare the year's trade missions and fairs.",
            "Entretiens individuels entre les chefs de poste et Flanders Investment & Trade,"
            " l'AWEX et hub.brussels pour préparer les missions commerciales et les salons de"
            " l'année.",
            "Individuele gesprekken tussen de posthoofden en Flanders Investment & Trade, AWEX"
            " en hub.brussels om de handelsmissies en beurzen van het jaar voor te bereiden.",
        ),
        speakers=[("fit_ceo", "speaker"), ("awex_head", "speaker"), ("hub_head", "speaker")],
        organisations=["fit", "awex", "hub"],
    ),
    dict(
        when=(THU, "15:45", 90),
        kind="meeting",
        room="sablon",
        visibility="invited_only",
        audience="named",
        members=[
            "stefan.vandamme@example.org",
            "valerie.denis@example.org",
            "anna.nowak@example.org",
            "kristof.verstraete@example.org",
            "georges.lambrechts@example.org",
            "rik.vanlaere@example.org",
        ],
        title=(
            "Closed briefing: the security situation on Europe's eastern flank",
            "Briefing à huis clos : la situation sécuritaire sur le flanc est de l'Europe",
            "Besloten briefing: de veiligheidssituatie op de oostflank van Europa",
        ),
        description=(
            "Restricted briefing for the heads of post most directly concerned by the war"
            " against Ukraine and by hybrid threats on Europe's eastern flank.",
            "Briefing restreint pour les chefs de poste les plus directement concernés par la"
            " guerre contre l'Ukraine et par les menaces hybrides sur le flanc est de l'Europe.",
            "Briefing in beperkte kring voor de posthoofden die het meest rechtstreeks"
            " betrokken zijn bij de oorlog tegen Oekraïne en bij de hybride dreigingen op de"
            " oostflank van Europa.",
        ),
        speakers=[("dg_bilateral", "chair"), ("minister_defence", "speaker")],
        organisations=["federal", "fps"],
    ),
    dict(
        when=(THU, "17:30", 45),
        kind="meeting",
        room="louis",
        status="draft",
        title=(
            "Welcome session for newly appointed heads of post",
            "Séance d'accueil des chefs de poste nouvellement nommés",
            "Onthaalsessie voor pas benoemde posthoofden",
        ),
        description=(
            "Informal session with the Secretary-General for heads of post who took up their"
            " duties in the past year. Programme to be confirmed.",
            "Séance informelle avec le secrétaire général pour les chefs de poste entrés en"
            " fonction au cours de l'année écoulée. Programme à confirmer.",
            "Informele sessie met de secretaris-generaal voor de posthoofden die het voorbije"
            " jaar in functie zijn getreden. Programma nog te bevestigen.",
        ),
        speakers=[("sg", "speaker")],
        organisations=["fps"],
    ),
    dict(
        when=(THU, "18:30", 120),
        kind="reception",
        room="glaces",
        title=(
            "Reception offered by the regions and communities",
            "Réception offerte par les régions et les communautés",
            "Receptie aangeboden door de gewesten en gemeenschappen",
        ),
        description=(
            "Evening reception offered jointly by the governments of the regions and"
            " communities to the heads of post.",
            "Réception offerte conjointement par les gouvernements des régions et des"
            " communautés aux chefs de poste.",
            "Avondreceptie die de regeringen van de gewesten en gemeenschappen samen aanbieden"
            " aan de posthoofden.",
        ),
        speakers=[
            ("mp_brussels", "speaker"),
            ("mp_flanders", "guest_of_honour"),
            ("mp_wallonia", "guest_of_honour"),
            ("mp_fwb", "guest_of_honour"),
            ("mp_ostbelgien", "guest_of_honour"),
        ],
        organisations=["flanders", "wallonia", "brussels", "fwb", "ostbelgien"],
    ),
    # Friday 6 February: a more resilient diplomacy, conclusions
    dict(
        when=(FRI, "09:00", 90),
        kind="panel",
        room="glaces",
        title=(
            "A more resilient diplomacy: network, people and tools",
            "Une diplomatie plus résiliente : réseau, personnes et outils",
            "Een veerkrachtigere diplomatie: netwerk, mensen en instrumenten",
        ),
        description=(
            "How to make the diplomatic network more resilient: the shape of the network,"
            " careers and staffing of posts, consular services and digital tools.",
            "Comment rendre le réseau diplomatique plus résilient : configuration du réseau,"
            " carrières et effectifs des postes, services consulaires et outils numériques.",
            "Hoe maken we het diplomatieke netwerk veerkrachtiger: de configuratie van het"
            " netwerk, loopbanen en personeelsbezetting van de posten, consulaire"
            " dienstverlening en digitale instrumenten.",
        ),
        speakers=[
            ("sg", "moderator"),
            ("dg_bilateral", "speaker"),
            ("dg_consular", "speaker"),
            ("hr_head", "speaker"),
        ],
        organisations=["fps"],
    ),
    dict(
        when=(FRI, "10:45", 60),
        kind="meeting",
        room="glaces",
        visibility="attendees",
        title=(
            "Open dialogue with the Board of Directors",
            "Dialogue ouvert avec le Comité de direction",
            "Open dialoog met het Directiecomité",
        ),
        description=(
            "Questions from the heads of post to the Chairman of the Board of Directors and"
            " the Secretary-General on how the FPS works.",
            "Questions des chefs de poste au président du Comité de direction et au secrétaire"
            " général sur le fonctionnement du SPF.",
            "Vragen van de posthoofden aan de voorzitter van het Directiecomité en de"
            " secretaris-generaal over de werking van de FOD.",
        ),
        speakers=[("chairman", "speaker"), ("sg", "speaker")],
        organisations=["fps"],
    ),
    dict(
        when=(FRI, "12:00", 45),
        kind="address",
        room="glaces",
        title=("Closing address", "Discours de clôture", "Slottoespraak"),
        description=(
            "The Deputy Prime Minister and Minister of Foreign Affairs draws the conclusions of"
            " the week and sets the course for the year ahead.",
            "Le Vice-Premier ministre et ministre des Affaires étrangères tire les conclusions"
            " de la semaine et fixe le cap pour l'année à venir.",
            "De vicepremier en minister van Buitenlandse Zaken trekt de conclusies van de week"
            " en zet de koers uit voor het komende jaar.",
        ),
        speakers=[("chairman", "chair"), ("prevot", "speaker")],
        organisations=["fps"],
    ),
    dict(
        when=(FRI, "12:45", 30),
        kind="press",
        room="petit",
        title=(
            "Closing press conference",
            "Conférence de presse de clôture",
            "Afsluitende persconferentie",
        ),
        description=(
            "The Minister of Foreign Affairs answers questions from the press at the end of"
            " the Contact Days.",
            "Le ministre des Affaires étrangères répond aux questions de la presse à l'issue"
            " des Journées de contact.",
            "De minister van Buitenlandse Zaken beantwoordt vragen van de pers na afloop van"
            " de Contactdagen.",
        ),
        speakers=[("spokesperson", "moderator"), ("prevot", "speaker")],
        organisations=["fps"],
    ),
    dict(
        when=(FRI, "13:00", 90),
        kind="meal",
        room="orangerie",
        title=("Farewell lunch", "Déjeuner d'adieu", "Afscheidslunch"),
        description=(
            "A last lunch for all participants before they return to their posts.",
            "Un dernier déjeuner pour tous les participants avant le retour aux postes.",
            "Een laatste lunch voor alle deelnemers vóór de terugkeer naar de posten.",
        ),
    ),
    dict(
        when=(FRI, "14:45", 105),
        kind="bilateral",
        room="arenberg",
        visibility="attendees",
        capacity=40,
        signup=True,
        title=(
            "Bilateral meetings with the FPS services",
            "Rencontres bilatérales avec les services du SPF",
            "Bilaterale ontmoetingen met de diensten van de FOD",
        ),
        description=(
            "Individual appointments with the directorates and services of the FPS Foreign"
            " Affairs: human resources, budget, ICT, buildings and consular matters.",
            "Rendez-vous individuels avec les directions et services du SPF Affaires"
            " étrangères : ressources humaines, budget, TIC, bâtiments et affaires consulaires.",
            "Individuele afspraken met de directies en diensten van de FOD Buitenlandse Zaken:"
            " personeelszaken, begroting, ICT, gebouwen en consulaire zaken.",
        ),
        organisations=["fps"],
    ),
    dict(
        when=(FRI, "15:00", 60),
        kind="networking",
        room="glaces",
        status="draft",
        title=(
            "Guided tour of the Egmont Palace",
            "Visite guidée du Palais d'Egmont",
            "Rondleiding in het Egmontpaleis",
        ),
        description=(
            "A guided tour of the palace's history and state rooms. To be confirmed.",
            "Visite guidée consacrée à l'histoire du palais et à ses salons d'apparat. À"
            " confirmer.",
            "Rondleiding over de geschiedenis van het paleis en zijn staatsiezalen. Nog te"
            " bevestigen.",
        ),
        organisations=["fps"],
    ),
]

# The week as organizers see it a few days before it starts (Brussels time): who was
# invited, who answered, who is confirmed, and how the sessions with limited places
# filled up. Every date below comes before it.
SNAPSHOT = ("2026-01-29", "12:00")

# Every diplomat was invited in one import; the links of those who had not answered by
# mid-January were sent again (a new link, valid INVITATION_VALID_DAYS from then on).
INVITATIONS_SENT = ("2025-12-15", "10:00")
INVITATIONS_RESENT = ("2026-01-12", "10:00")
INVITATION_VALID_DAYS = 30
# Organizers confirm registrations in rounds; later registrations still wait for one.
CONFIRMATION_ROUNDS = [("2025-12-19", "11:00"), ("2026-01-09", "11:00"), ("2026-01-16", "11:00")]

# What the heads of post did with their invitation, by e-mail. Everyone not listed here
# registered before the links expired and was confirmed.
ANSWERS = {
    # Registered after the last confirmation round (with the link sent again).
    "registered": [
        "elif.yilmaz@example.org",
        "mehmet.aydin@example.org",
        "liesbeth.claes@example.org",
        "aurelie.piron@example.org",
        "jean-pierre.kalonji@example.org",
        "hans.vandenberghe@example.org",
        "nicolas.gillet@example.org",
        "sami.amrani@example.org",
        "kevin.desmedt@example.org",
        "diego.morales@example.org",
        "xavier.leonard@example.org",
        "mieke.bogaert@example.org",
        "geraldine.lambotte@example.org",
        "mei.chen@example.org",
        "florence.gilson@example.org",
        "ilse.vanhove@example.org",
        "maxime.lefebvre@example.org",
        "chantal.wery@example.org",
    ],
    # No answer yet; the link sent again on 12 January still works.
    "invited": [
        "michel.marchal@example.org",
        "lucas.renson@example.org",
        "toon.verlinden@example.org",
    ],
    # No answer, and the December link expired: not sent again.
    "invited, expired": [
        "dimitri.papadopoulos@example.org",
        "marc.poncelet@example.org",
        "gaelle.bastin@example.org",
        "bram.vanacker@example.org",
        "didier.bertrand@example.org",
    ],
    "declined": [
        "griet.pauwels@example.org",
        "julien.hubert@example.org",
        "veerle.declercq@example.org",
        "frank.wuyts@example.org",
        "mathilde.rousseau@example.org",
        "pablo.garcia@example.org",
        "nina.verbruggen@example.org",
    ],
    # Registered and confirmed, then cancelled before the deadline.
    "cancelled": ["cecile.masson@example.org", "ahmed.haddou@example.org"],
    # Registered; the Belgian Office in Taipei is not a diplomatic post, so organizers
    # rejected the registration.
    "rejected": ["jonas.baert@example.org"],
}

# Days of those who do not come all week.
ATTENDANCE = {
    "alexandre.dumont@example.org": (MON, TUE),
    "pierre.delcourt@example.org": (MON, TUE),
    "georges.lambrechts@example.org": (MON, THU),
    "marianne.vanrompaey@example.org": (MON, WED),
    "saskia.vangorp@example.org": (MON, FRI),
    "kathleen.vervaet@example.org": (THU, FRI),
    "chantal.wery@example.org": (THU, FRI),
    "mehmet.aydin@example.org": (TUE, WED),
    "astrid.vanhoof@example.org": (MON, TUE, WED),
    "priya.sharma@example.org": (MON, TUE, WED),
    "lieven.declercq@example.org": (MON, TUE, WED),
    "emma.vanderstraeten@example.org": (TUE, WED, THU),
    "kevin.desmedt@example.org": (TUE, WED, THU),
    "eva.smets@example.org": (WED, THU, FRI),
    "mei.chen@example.org": (WED, THU, FRI),
    "matthew.claeys@example.org": (TUE, WED, THU, FRI),
    "ahmed.haddou@example.org": (MON, TUE),
}
# Arrival and departure around the days attended: (days before the first day, time) and
# (days after the last day, time), taken in turn.
ARRIVALS = [(1, "18:40"), (1, "21:05"), (0, "07:45"), (1, "15:20"), (1, "19:55"), (1, "22:30")]
DEPARTURES = [(0, "18:30"), (1, "10:25"), (0, "20:10"), (0, "17:45"), (1, "13:05")]

# What some diplomats wrote in the registration form, as they wrote it.
NEEDS = {
    "annelies.vermeulen@example.org": {"dietary": "Vegetarian"},
    "isabelle.renard@example.org": {"dietary": "Végétarienne"},
    "priya.sharma@example.org": {"dietary": "Vegetarian, no eggs"},
    "tom.janssens@example.org": {"dietary": "Vegan"},
    "karim.benali@example.org": {"dietary": "Halal"},
    "yasmina.elkhattabi@example.org": {"dietary": "Halal"},
    "sami.amrani@example.org": {"dietary": "Halal"},
    "anna.nowak@example.org": {"dietary": "Gluten-free (coeliac disease)"},
    "kristof.verstraete@example.org": {"dietary": "Glutenvrij"},
    "ann.lenaerts@example.org": {"dietary": "Lactose intolerant"},
    "mei.chen@example.org": {"dietary": "No shellfish (allergy)"},
    "cecile.masson@example.org": {"dietary": "Vegetarian"},
    "christophe.lecomte@example.org": {
        "accessibility": "Wheelchair user: step-free access, and a place at the end of a row."
    },
    "hilde.maes@example.org": {
        "accessibility": "Reduced mobility after knee surgery: lift access, and a chair at"
        " receptions."
    },
    "olivier.delvaux@example.org": {
        "accessibility": "Hearing aid: a seat near the front, and the induction loop if there"
        " is one."
    },
    "catherine.dupont@example.org": {
        "remarks": "I come by car from Luxembourg: is there parking near the Egmont Palace?"
    },
    "dirk.stevens@example.org": {
        "remarks": "If possible, a short meeting with Credendo about Nigerian projects."
    },
}

# Mobile numbers from the North American range kept for fiction (555-0100 to 555-0199),
# which phone-number validation accepts; no Belgian range is reserved for fiction.
PHONE_AREA_CODES = ("202", "212", "312", "415", "617")

# Sign-ups open when the programme is published (FIRST_PUBLISHED_AT); a diplomat signs up
# some time after both that and their own registration. For each session that needs
# sign-up, by English title: how many heads of post signed up (places first, in the order
# they signed up, then the waitlist) and whom its subject draws first. The sessions of a
# parallel group are filled in the order given, each diplomat choosing one of them at most.
SIGNUPS = {
    # Tuesday morning: three workshops, one of them small.
    "Workshop: economic reporting that companies can use": dict(
        wanted=23, functions=["consul_general"]
    ),
    "Workshop: export credit and political risk with Credendo": dict(
        wanted=27, regions=["africa", "middle_east_north_africa"]
    ),
    "Workshop: working with FIT, AWEX and hub.brussels": dict(
        wanted=38, regions=["europe", "americas"]
    ),
    "Bilateral meetings with companies": dict(wanted=47),
    # Heads of post in Sub-Saharan Africa have Enabel's closed session at the same time.
    "BIO: investing in the private sector of developing countries": dict(
        wanted=24, regions=["asia_oceania", "americas"]
    ),
    # Wednesday afternoon: the crisis workshop needs no sign-up.
    "Workshop: information security at post": dict(
        wanted=17, functions=["charge_d_affaires"], regions=["europe"]
    ),
    "Workshop: leading a post – people, well-being and integrity": dict(
        wanted=21, regions=["africa"]
    ),
    "Workshop: public diplomacy and digital communication": dict(
        wanted=24, regions=["americas", "asia_oceania", "multilateral"]
    ),
    # Thursday morning: the round tables with the financial institutions.
    "Round table: African Development Bank": dict(
        wanted=28, regions=["africa", "middle_east_north_africa"]
    ),
    "Round table: European Investment Bank and EBRD": dict(
        wanted=31, regions=["europe", "middle_east_north_africa"]
    ),
    "Round table: World Bank Group and IMF": dict(
        wanted=36, regions=["americas", "asia_oceania", "multilateral"]
    ),
    "Bilateral meetings with the regional trade agencies": dict(wanted=52),
    "Bilateral meetings with the FPS services": dict(wanted=44),
}
# The demo ambassador's sign-ups and when she made them: early enough for a place at the
# round table, too late for one in the security workshop, where she is on the waitlist.
AMBASSADOR_SIGNUPS = {
    "Round table: African Development Bank": ("2026-01-15", "10:42"),
    "Workshop: information security at post": ("2026-01-18", "16:20"),
}

# Bilateral meetings (issue 21). The demo partner logs in; the other partner
# representatives have no password, like the heads of post.
PARTNER = {
    "email": "partner@example.org",
    "password": "demo-partner",
    "first_name": "Marc",
    "last_name": "Delcourt",
    "language": "fr",
}
# (first_name, last_name, language, organisation key, function, sectors, countries); the
# first is the demo partner. Countries are written as the heads of post's posts are.
PARTNERS = [
    (
        "Marc",
        "Delcourt",
        "fr",
        "awex",
        "Export director, sub-Saharan Africa",
        ["agrifood", "construction", "energy"],
        ["Kenya", "DR Congo", "Senegal", "Côte d'Ivoire", "South Africa"],
    ),
    (
        "Ilse",
        "Van den Broeck",
        "nl",
        "fit",
        "Head of the Africa desk",
        ["agrifood", "logistics", "digital"],
        ["Kenya", "Tanzania", "Uganda", "Ethiopia"],
    ),
    (
        "Koen",
        "Deprez",
        "nl",
        "fit",
        "Sector manager, life sciences",
        ["health", "chemicals_pharma"],
        ["Germany", "Japan", "Mexico", "South Africa"],
    ),
    (
        "Aline",
        "Gobert",
        "fr",
        "awex",
        "Director, Middle East and North Africa",
        ["construction", "energy", "agrifood"],
        ["Morocco", "Algeria", "United Arab Emirates"],
    ),
    (
        "Samir",
        "Haddad",
        "fr",
        "hub",
        "International business advisor",
        ["digital", "education_research"],
        ["France", "Morocco", "United Arab Emirates"],
    ),
    (
        "Charlotte",
        "Vinck",
        "en",
        "hub",
        "Head of trade missions",
        ["digital", "finance"],
        ["Singapore", "Egypt", "United Kingdom"],
    ),
    (
        "Bram",
        "Lauwers",
        "nl",
        "enabel",
        "Portfolio manager, Great Lakes",
        ["development", "agrifood", "health"],
        ["DR Congo", "Rwanda", "Uganda"],
    ),
    (
        "Fatou",
        "Ndiaye",
        "fr",
        "enabel",
        "Resident representative, Senegal",
        ["development", "education_research"],
        ["Senegal", "Ethiopia"],
    ),
    (
        "Pieter-Jan",
        "Wauters",
        "nl",
        "bio",
        "Senior investment officer",
        ["finance", "agrifood", "energy"],
        ["Kenya", "Nigeria", "Ethiopia"],
    ),
    (
        "Hélène",
        "Marchand",
        "fr",
        "credendo",
        "Country risk analyst",
        ["finance"],
        ["Ukraine", "Kenya"],
    ),
    (
        "Stijn",
        "Verhaegen",
        "nl",
        "port",
        "Business development manager, Asia",
        ["logistics", "maritime"],
        ["Viet Nam", "Singapore", "Kenya"],
    ),
    (
        "Laura",
        "Dierckx",
        "en",
        "deme",
        "Tender manager, offshore energy",
        ["maritime", "energy", "construction"],
        ["Poland", "Netherlands"],
    ),
    (
        "Julie",
        "Leroux",
        "fr",
        "ucb",
        "Head of market access, emerging markets",
        ["chemicals_pharma", "health"],
        ["Brazil", "Mexico"],
    ),
    (
        "Jonas",
        "Wyckmans",
        "nl",
        "elia",
        "International affairs manager",
        ["energy", "digital"],
        ["Norway", "United Kingdom"],
    ),
    (
        "Amara",
        "Okafor",
        "en",
        "afdb",
        "Senior investment officer, Brussels liaison",
        ["finance", "energy", "development"],
        ["Ghana", "Nigeria", "Côte d'Ivoire", "DR Congo"],
    ),
]
# When the partners registered: one a day from this moment (Brussels).
PARTNERS_REGISTERED = ("2026-01-14", "09:20")

# key: (Brussels day, start, end, room key, tables, meeting minutes, changeover). Both
# open for requests. They sit where the programme leaves heads of post free: from the end
# of Wednesday's EU panel to the regional dinners, and on Thursday afternoon beside the
# bilateral meetings with the regional trade agencies (sign-up only), before the
# reception.
MEETING_WINDOWS = {
    "wed": (WED, "17:30", "19:00", "arenberg", 12, 20, 5),
    "thu": (THU, "15:45", "18:15", "tapisseries", 8, 20, 5),
}

# Heads of post who accept meeting requests, by (first name, last name):
# (topics, sectors). The demo ambassador is one of them.
MEETING_HOSTS = {
    ("Claire", "Vanderlinden"): (
        "Kenya's agri-food and horticulture exports, the Mombasa–Nairobi logistics corridor,"
        " renewable energy",
        ["agrifood", "logistics", "energy"],
    ),
    ("Annelies", "Vermeulen"): (
        "Life sciences, the energy transition, German Mittelstand investors",
        ["health", "energy", "chemicals_pharma"],
    ),
    ("Frédéric", "Lambert"): (
        "Start-ups et numérique, Choose France, coopération transfrontalière",
        ["digital", "education_research"],
    ),
    ("Pieter", "De Smet"): (
        "Havens, baggerwerken en waterbeheer; Noordzee-energie",
        ["maritime", "construction", "energy"],
    ),
    ("Jeroen", "Peeters"): (
        "Interconnectors, financial services after Brexit",
        ["energy", "finance"],
    ),
    ("Anna", "Nowak"): (
        "Offshore wind in the Baltic, defence industry",
        ["energy", "defence_space"],
    ),
    ("Stefan", "Van Damme"): (
        "Heropbouw, exportkredietverzekering, energie-infrastructuur",
        ["construction", "finance", "energy"],
    ),
    ("Laurent", "Mathieu"): (
        "Interconnexions, hydrogène, industrie maritime",
        ["energy", "maritime"],
    ),
    ("Patrick", "Mukendi"): (
        "Agriculture, santé, infrastructures et mines responsables",
        ["agrifood", "health", "development"],
    ),
    ("Ann", "Lenaerts"): ("Digitale gezondheidszorg, onderwijs", ["health", "digital"]),
    ("Joke", "Aerts"): ("Landbouwcoöperaties, koffie", ["agrifood", "development"]),
    ("Christophe", "Lecomte"): (
        "Formation professionnelle, parcs industriels, agro-industrie",
        ["education_research", "agrifood", "development"],
    ),
    ("Eva", "Smets"): ("Mijnbouw, hernieuwbare energie, farma", ["energy", "chemicals_pharma"]),
    ("Lien", "Coppens"): ("Havencorridor van Dar es Salaam, landbouw", ["logistics", "agrifood"]),
    ("Dirk", "Stevens"): ("Off-grid solar, agri-processing, Lagos port", ["energy", "agrifood"]),
    ("Anne-Sophie", "Dethier"): (
        "Port de Dakar, formation, économie numérique",
        ["logistics", "education_research", "digital"],
    ),
    ("Benoît", "Bodart"): ("Cacao, BTP, énergie solaire", ["agrifood", "construction", "energy"]),
    ("David", "Cools"): (
        "Development finance, cocoa and gold value chains",
        ["finance", "development"],
    ),
    ("Karim", "Benali"): (
        "Hydrogène vert, dessalement, start-ups",
        ["energy", "construction", "digital"],
    ),
    ("Lotte", "Verhoeven"): ("Suez Canal logistics, tourism, ICT", ["logistics", "digital"]),
    ("Nele", "Van de Velde"): (
        "Lucht- en ruimtevaart, logistiek, fintech",
        ["defence_space", "finance"],
    ),
    ("Luc", "Mottet"): (
        "Santé et biotechnologies, agro-industrie, ports",
        ["health", "agrifood", "maritime"],
    ),
    ("Carmen", "Fernández"): (
        "Pharmaceutical manufacturing, automotive supply chains",
        ["chemicals_pharma", "health"],
    ),
    ("Véronique", "Delhaye"): (
        "Investissements japonais en Belgique, pharma",
        ["chemicals_pharma"],
    ),
    ("Quentin", "Wilmotte"): ("Ports et logistique, énergie éolienne", ["logistics", "energy"]),
    ("Guillaume", "Lemaire"): ("Fintech, transshipment, smart cities", ["finance", "logistics"]),
}

# The requests and meetings, as they stand a few days before the week. Partners and heads
# of post by last name; windows by key: those asked for, and for "proposed" the one the
# head of post offered instead. "accepted" meetings get a slot (the loader picks the first
# where both are free, nothing on the head of post's agenda, and a table is free) unless
# `slot=False`; a cancelled one keeps the slot it had. `by` says who cancelled.
# (partner, head of post, status, subject, note, windows, extra)
MEETINGS = [
    # Accepted, with a table
    (
        "Delcourt",
        "Vanderlinden",
        "accepted",
        "Agri-food exporters' mission to Nairobi in May",
        "Twelve Walloon companies, mostly food processing and cold chain.",
        ["wed", "thu"],
        {},
    ),
    (
        "Van den Broeck",
        "Coppens",
        "accepted",
        "The Dar es Salaam port corridor",
        "",
        ["wed", "thu"],
        {},
    ),
    (
        "Deprez",
        "Vermeulen",
        "accepted",
        "Flemish biotech in Berlin and Munich",
        "With two CEOs of Ghent spin-offs.",
        ["thu"],
        {},
    ),
    (
        "Gobert",
        "Benali",
        "accepted",
        "Hydrogène vert et dessalement : projets à Dakhla",
        "",
        ["wed"],
        {},
    ),
    (
        "Haddad",
        "Lambert",
        "accepted",
        "Brussels start-ups at VivaTech 2026",
        "",
        ["wed", "thu"],
        {},
    ),
    (
        "Vinck",
        "Lemaire",
        "accepted",
        "A fintech mission to Singapore in the autumn",
        "",
        ["wed"],
        {},
    ),
    (
        "Lauwers",
        "Mukendi",
        "accepted",
        "Het landbouwprogramma van Enabel in Kongo-Centraal",
        "",
        ["wed", "thu"],
        {},
    ),
    (
        "Ndiaye",
        "Dethier",
        "accepted",
        "Formation professionnelle et emploi des jeunes",
        "",
        ["thu"],
        {},
    ),
    (
        "Wauters",
        "Stevens",
        "accepted",
        "BIO's pipeline: off-grid solar companies in Lagos",
        "",
        ["wed", "thu"],
        {"sequence": 1},
    ),
    (
        "Marchand",
        "Van Damme",
        "accepted",
        "Couverture Credendo des contrats de reconstruction",
        "",
        ["wed", "thu"],
        {},
    ),
    (
        "Verhaegen",
        "Wilmotte",
        "accepted",
        "Containerlijnen tussen Antwerpen-Brugge en Hai Phong",
        "",
        ["thu"],
        {},
    ),
    (
        "Dierckx",
        "Nowak",
        "accepted",
        "Baltic offshore wind: installation vessels, local content",
        "",
        ["wed", "thu"],
        {},
    ),
    (
        "Leroux",
        "Mottet",
        "accepted",
        "Accès au marché des médicaments biologiques (ANVISA)",
        "",
        ["thu"],
        {},
    ),
    (
        "Wyckmans",
        "Mathieu",
        "accepted",
        "Interconnectoren in de Noordzee en het energie-eiland",
        "",
        ["wed"],
        {},
    ),
    # Accepted, the slot still to be placed by the organizers
    (
        "Okafor",
        "Cools",
        "accepted",
        "Co-financing with Belgian development actors",
        "",
        ["wed", "thu"],
        {"slot": False},
    ),
    (
        "Delcourt",
        "Bodart",
        "accepted",
        "Équipements de transformation du cacao",
        "Trois PME wallonnes, dont une à Gembloux.",
        ["wed", "thu"],
        {"slot": False},
    ),
    (
        "Deprez",
        "Delhaye",
        "accepted",
        "Japanese investors in Flanders' pharma logistics",
        "",
        ["wed"],
        {"slot": False},
    ),
    # Requested, waiting for an answer
    (
        "Van den Broeck",
        "Vanderlinden",
        "requested",
        "Kenyan horticulture and the cold chain",
        "Our delegation to Naivasha in March.",
        ["wed", "thu"],
        {},
    ),
    (
        "Wauters",
        "Vanderlinden",
        "requested",
        "Financing Kenyan agri-processing SMEs",
        "",
        ["thu"],
        {},
    ),
    (
        "Delcourt",
        "Dethier",
        "requested",
        "Entreprises wallonnes de construction et le port de Dakar",
        "",
        ["wed", "thu"],
        {},
    ),
    (
        "Gobert",
        "Van de Velde",
        "requested",
        "Walloon aerospace suppliers at the Dubai Airshow",
        "",
        ["wed"],
        {},
    ),
    (
        "Haddad",
        "Benali",
        "requested",
        "Partenariats entre incubateurs Bruxelles–Casablanca",
        "",
        ["thu"],
        {},
    ),
    (
        "Verhaegen",
        "Lemaire",
        "requested",
        "Transshipment and port community systems",
        "",
        ["wed", "thu"],
        {},
    ),
    (
        "Okafor",
        "Stevens",
        "requested",
        "Desert to Power and Belgian engineering firms",
        "",
        ["wed", "thu"],
        {},
    ),
    ("Leroux", "Fernández", "requested", "Clinical trial partnerships in Mexico", "", ["thu"], {}),
    (
        "Lauwers",
        "Lenaerts",
        "requested",
        "Digitale gezondheid in de districtsziekenhuizen",
        "",
        ["wed"],
        {},
    ),
    # Proposed: the head of post offered another window; the partner has not answered
    (
        "Delcourt",
        "Smets",
        "proposed",
        "Machines agricoles pour le Cap-Occidental",
        "",
        ["wed"],
        {"proposed": "thu"},
    ),
    (
        "Ndiaye",
        "Lecomte",
        "proposed",
        "Programme de formation des enseignants",
        "",
        ["wed"],
        {"proposed": "thu"},
    ),
    (
        "Dierckx",
        "De Smet",
        "proposed",
        "Dredging for the Maasvlakte expansion",
        "",
        ["thu"],
        {"proposed": "wed"},
    ),
    (
        "Wyckmans",
        "Peeters",
        "proposed",
        "Interconnector capacity after Nautilus",
        "",
        ["thu"],
        {"proposed": "wed"},
    ),
    # Declined, with a message
    (
        "Marchand",
        "Vanderlinden",
        "declined",
        "Political risk outlook for Kenya",
        "",
        ["wed"],
        {
            "message": "Our economic counsellor in Nairobi is better placed: I have passed on your"
            " request and she will write to you."
        },
    ),
    (
        "Vinck",
        "Verhoeven",
        "declined",
        "Brussels tech week in Cairo",
        "",
        ["wed", "thu"],
        {"message": "My days in Brussels are full; the embassy's trade attaché will contact you."},
    ),
    (
        "Delcourt",
        "Aerts",
        "declined",
        "Walloon agri-tech for Ugandan cooperatives",
        "",
        ["thu"],
        {
            "message": "Oeganda is dit jaar geen prioritaire markt voor deze producten; graag op de"
            " volgende Contactdagen."
        },
    ),
    (
        "Okafor",
        "Mukendi",
        "declined",
        "Financing the Inga hydropower programme",
        "",
        ["wed"],
        {"message": "Merci de passer d'abord par le desk RDC du SPF Affaires étrangères."},
    ),
    # Withdrawn by the partner
    ("Haddad", "Van de Velde", "withdrawn", "Brussels fintechs in Abu Dhabi", "", ["wed"], {}),
    (
        "Lauwers",
        "Aerts",
        "withdrawn",
        "Koffiecoöperaties in het westen van Oeganda",
        "",
        ["thu"],
        {},
    ),
    (
        "Delcourt",
        "Lenaerts",
        "withdrawn",
        "Transformation agroalimentaire au Rwanda",
        "",
        ["wed"],
        {},
    ),
    # Accepted, then cancelled with a reason
    (
        "Wauters",
        "Lecomte",
        "cancelled",
        "BIO's investments in Ethiopian industrial parks",
        "",
        ["wed", "thu"],
        {"by": "diplomat", "message": "I am called back to Addis Ababa on Thursday morning."},
    ),
    (
        "Verhaegen",
        "Vanderlinden",
        "cancelled",
        "Mombasa and the Antwerp-Bruges shipping lines",
        "",
        ["wed", "thu"],
        {"by": "partner", "message": "Our delegation's visit is postponed to June."},
    ),
    (
        "Deprez",
        "Smets",
        "cancelled",
        "Vaccine production in South Africa",
        "",
        ["wed"],
        {
            "by": "organizer",
            "message": "The speaker's schedule changed; please send a new request for Thursday.",
        },
    ),
]
# When the requests were made: one every few hours from this moment (Brussels), answers
# a day later, all before the snapshot.
MEETINGS_REQUESTED = ("2026-01-19", "09:00")

# Briefing documents (issue 22), uploaded by the demo organizer through the same checks as
# any upload; the files are made by eventapp.documents.samples. By the English title of the
# session; times are Brussels time. `file` is (kind, file name, content): a PDF's lines, a
# Word document's paragraphs or a workbook's rows. `later` is a second version uploaded
# after the demo ambassador last looked (DOCUMENT_VISITS): her next visit marks it.
DOCUMENTS = [
    dict(
        session="Strategic orientations of Belgian foreign policy",
        title=(
            "Speaking points: strategic orientations",
            "Éléments de langage : orientations stratégiques",
            "Spreekpunten: strategische oriëntaties",
        ),
        language="en",
        note="For use in contacts with the authorities of your country of residence.",
        file=(
            "pdf",
            "Speaking points – strategic orientations.pdf",
            [
                "1. In a world where some choose to withdraw, Belgium chooses engagement.",
                "2. Economic and political diplomacy are two sides of one influence.",
                "3. Team Belgium: the federal government, the regions and our companies.",
                "4. Multilateralism that delivers: the EU, the UN and NATO.",
            ],
        ),
        uploaded=("2026-01-30", "16:00"),
    ),
    dict(
        session="Regional meeting: Africa, the Middle East and North Africa",
        title=(
            "Country fact sheets: posts in Africa and the MENA region",
            "Fiches pays : postes en Afrique et dans la région MENA",
            "Landenfiches: posten in Afrika en de MENA-regio",
        ),
        language="en",
        note=None,
        file=(
            "xlsx",
            "Country fact sheets – Africa and MENA.xlsx",
            [
                ["Country", "Post", "Belgian exports 2025 (EUR m)", "Partner country"],
                ["Kenya", "Nairobi", 312, "no"],
                ["DR Congo", "Kinshasa", 540, "yes"],
                ["Senegal", "Dakar", 205, "yes"],
                ["Morocco", "Rabat", 1480, "yes"],
                ["Egypt", "Cairo", 1120, "no"],
            ],
        ),
        uploaded=("2026-01-29", "11:20"),
    ),
    dict(
        session="Round table: African Development Bank",
        title=(
            "Pre-reading: the AfDB's programmes and Belgian expertise",
            "Lecture préalable : les programmes de la BAD et l'expertise belge",
            "Voorbereidende lectuur: de programma's van de AfDB en Belgische expertise",
        ),
        language="fr",
        note="Version 2: the figures of the AfDB's 2025 annual report.",
        participants_only=True,
        file=(
            "docx",
            "Lecture préalable – BAD.docx",
            [
                "Table ronde : Banque africaine de développement",
                "Les programmes d'infrastructure, d'agriculture et d'énergie en cours.",
                "Chiffres provisoires de 2025.",
            ],
        ),
        uploaded=("2026-01-28", "14:00"),
        later=(
            "docx",
            "Lecture préalable – BAD.docx",
            [
                "Table ronde : Banque africaine de développement",
                "Les programmes d'infrastructure, d'agriculture et d'énergie en cours.",
                "Chiffres du rapport annuel 2025 de la BAD.",
            ],
            ("2026-02-02", "17:40"),
        ),
    ),
    dict(
        session="Enabel in Sub-Saharan Africa: closed session",
        title=(
            "Briefing: Enabel's portfolio and the security of teams in the field",
            "Note : le portefeuille d'Enabel et la sécurité des équipes sur le terrain",
            "Briefing: de portefeuille van Enabel en de veiligheid van de teams ter plaatse",
        ),
        language="nl",
        note="Restricted: for the heads of post in Sub-Saharan Africa.",
        participants_only=True,
        file=(
            "pdf",
            "Briefing Enabel – Afrika.pdf",
            [
                "Portefeuille in de partnerlanden: lopende programma's per land.",
                "Veiligheid van de teams ter plaatse: afspraken met de posten.",
            ],
        ),
        uploaded=("2026-01-30", "10:30"),
    ),
    dict(
        session="Economic diplomacy: Team Belgium abroad",
        title=(
            "Trade missions in 2026 (provisional calendar)",
            "Missions commerciales en 2026 (calendrier provisoire)",
            "Handelsmissies in 2026 (voorlopige kalender)",
        ),
        language="en",
        note=None,
        file=(
            "pdf",
            "Trade missions 2026 – provisional.pdf",
            ["Provisional calendar of the 2026 economic missions, for discussion."],
        ),
        uploaded=("2026-01-27", "15:10"),
        # Withdrawn: the calendar is announced at the press briefing instead.
        withdrawn=("2026-02-02", "09:10"),
    ),
]
# When the demo ambassador last looked at a session's documents, by session title.
DOCUMENT_VISITS = {"Round table: African Development Bank": ("2026-01-31", "21:15")}
