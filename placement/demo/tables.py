"""The demo data set's tables: companies, openings, citizens, placements (loaded by demo.py)."""
from __future__ import annotations

from typing import NamedTuple, Optional

from placement.models import Answer, OpeningStatus, PlacementStatus

MUNICIPALITIES = [("791", "Viborg"), ("740", "Silkeborg")]

POSTCODES = {
    "8800": "Viborg", "8830": "Tjele", "8832": "Skals", "8840": "Rødkærsbro",
    "8850": "Bjerringbro", "7470": "Karup J.", "7850": "Stoholm Jyll",
    "8600": "Silkeborg", "8620": "Kjellerup", "8632": "Lemming", "8643": "Ans By",
    "8653": "Them", "8654": "Bryrup", "8680": "Ry",
}
# The first postcode of each municipality is its main town, which every citizen can reach.
LOCAL_POSTCODES = {
    "791": ["8800", "8830", "8832", "8840", "8850", "7470", "7850"],
    "740": ["8600", "8620", "8632", "8643", "8653", "8654", "8680"],
}

STAFF = [  # e-mail, name, role, municipality code
    ("admin@demo.dk", "Anne Administrator", "admin", None),
    ("leder@demo.dk", "Lars Leder", "manager", "791"),
    ("leder.silkeborg@demo.dk", "Susanne Leder", "manager", "740"),
    ("konsulent@demo.dk", "Mette Konsulent", "consultant", "791"),
    ("konsulent2@demo.dk", "Peter Konsulent", "consultant", "791"),
    ("konsulent.silkeborg@demo.dk", "Sanne Konsulent", "consultant", "740"),
    ("konsulent2.silkeborg@demo.dk", "Ib Konsulent", "consultant", "740"),
]
DEMO_COMPANY = "hald"
EMPLOYER_USER = ("virksomhed@demo.dk", "Lone Mikkelsen")
CITIZEN_USER = ("borger@demo.dk", "Mikkel Holm Sørensen")


class E(NamedTuple):
    key: str
    name: str
    address: str
    postcode: str
    industry: str
    employees: int
    contact: str
    status: str
    p_unit: bool  # registered with a P-number


EMPLOYERS = [
    E("hald", "Hald Lager & Logistik ApS", "Lundborgvej 12", "8800", "Lager og logistik", 85,
      "Lone Mikkelsen", "approved", True),
    E("kobmand", "Bjerringbro Købmandsgård", "Storegade 21", "8850", "Detailhandel", 18,
      "Susanne Krog", "approved", True),
    E("tjele", "Tjele Økogård I/S", "Tjelevej 40", "8830", "Landbrug", 6,
      "Anders Lyngsø", "approved", False),
    E("madhus", "Viborg Madhus – kantine og catering", "Tingvej 7", "8800", "Kantine og køkken",
      24, "Hanne Bisgaard", "approved", True),
    E("sondersoe", "Plejecenter Søndersø", "Søndersøparken 3", "8800", "Pleje og omsorg", 120,
      "Gitte Holm", "approved", True),
    E("karup", "Karup Tømrer & Snedker ApS", "Hovedgaden 52", "7470", "Håndværk", 11,
      "Jesper Nygaard", "approved", False),
    E("skals", "Skals Anlæg & Have", "Ålborgvej 18", "8832", "Grøn pleje", 7,
      "Kim Bruun", "pending", False),
    E("mosaik", "Genbrugsbutikken Mosaik", "Sct. Mathias Gade 60", "8800", "Genbrug", 4,
      "Inge Lauritsen", "approved", False),
    E("kontorhuset", "Kontorhuset Viborg ApS", "Gothersgade 12", "8800",
      "Kontor og administration", 40, "Birgitte Frost", "approved", True),
    E("metal", "Bjerringbro Metalværk A/S", "Industrivej 3", "8850", "Industri og produktion",
      140, "Torben Riis", "approved", True),
    E("pakkeri", "Silkeborg Pakkeri A/S", "Gl. Kongevej 80", "8600", "Lager og logistik", 250,
      "Dorte Kjær", "approved", True),
    E("auto", "Kjellerup Auto & Service", "Vestergade 31", "8620", "Håndværk", 9,
      "Brian Sørensen", "approved", False),
    E("ry", "Ry Madhus & Kantine", "Skanderborgvej 4", "8680", "Kantine og køkken", 14,
      "Mona Laustsen", "approved", False),
    E("planteskole", "Them Planteskole", "Horsensvej 101", "8653", "Grøn pleje", 22,
      "Erik Dahl", "approved", True),
    E("regnskab", "Regnskabsstuen Silkeborg ApS", "Vestergade 12", "8600",
      "Kontor og administration", 3, "Tina Mølgaard", "pending", False),
    E("lemming", "Lemming Transport ApS", "Lemmingvej 8", "8632", "Lager og logistik", 30,
      "Flemming Bach", "suspended", True),
    E("bryrup", "Bryrup Købmand", "Vestergade 2", "8654", "Detailhandel", 12,
      "Lise Skou", "approved", False),
    E("genbrug", "Søhøjlandets Genbrug", "Århusvej 92", "8600", "Genbrug", 16,
      "Kurt Enevoldsen", "approved", False),
    E("lyngbo", "Plejehjemmet Lyngbo", "Lyngbovej 5", "8600", "Pleje og omsorg", 65,
      "Rikke Damgaard", "approved", True),
]
# Municipal care homes: public employers have other wage-subsidy limits than private ones.
PUBLIC_EMPLOYERS = {"sondersoe", "lyngbo"}

CONTACTS = [  # company, consultant, days ago, note
    ("hald", "konsulent@demo.dk", 4,
     "Talt med Lone om flere praktikpladser på lageret. Bo Hansen kan være mentor."),
    ("hald", "konsulent@demo.dk", 25, "Opfølgning på Sørens praktik: første uge er gået godt."),
    ("metal", "konsulent2@demo.dk", 12,
     "Besøg i produktionen. De vil gerne have en mere i løntilskud til foråret."),
    ("tjele", "konsulent2@demo.dk", 45,
     "Anders kan tage en i praktik, hvis vi hjælper med transporten."),
    ("skals", "konsulent@demo.dk", 2,
     "Ny virksomhed. Vi har gennemgået reglerne for praktik; godkendelsen afventer."),
    ("pakkeri", "konsulent.silkeborg@demo.dk", 7,
     "Møde med Dorte om IPS: faste samtaler hver uge den første måned."),
    ("planteskole", "konsulent2.silkeborg@demo.dk", 20,
     "Sæsonen starter snart. De søger to i løntilskud."),
    ("lemming", "konsulent.silkeborg@demo.dk", 55,
     "Suspenderet: mange praktikforløb i træk, og ingen er blevet ansat."),
]


class O(NamedTuple):
    key: str
    employer: str
    kind: str
    status: str
    title: str
    hours: tuple[int, int]
    seats: int
    start: Optional[int]  # days from today; None for a rolling start
    weeks: Optional[int]
    purpose: Optional[str]  # internships only
    adaptations: str
    mentor: str  # "name, role"
    skills: str
    description: str
    tasks: str


OPENINGS = [
    O("hald_praktik", "hald", "internship", "published", "Praktik som lagermedarbejder",
      (10, 30), 3, None, 13, "skills",
      "gradual_step_up fixed_routines written_instructions mentor consultant_visits",
      "Bo Hansen, lagerformand", "lager, pakning, plukning, håndscanner",
      "Vi pakker og sender varer til butikker i hele Jylland. Du starter med få timer og får "
      "en fast makker på lageret.",
      "Plukke ordrer med håndscanner, pakke varer og holde orden på reolerne."),
    O("hald_truck", "hald", "wage_subsidy", "published", "Truckfører med løntilskud",
      (25, 37), 1, 21, 26, None, "flexible_start adjusted_tasks mentor",
      "Bo Hansen, lagerformand", "truck, lager, varemodtagelse",
      "Vi søger en truckfører til varemodtagelsen. Du får oplæring og en fast kollega at spørge.",
      "Køre truck, tage imod varer, tjekke følgesedler og sætte paller på plads."),
    O("hald_ips", "hald", "supported_job", "published", "Pakkemedarbejder med støtte (IPS)",
      (15, 25), 2, None, None, None,
      "fixed_routines extra_breaks written_instructions consultant_visits", "",
      "pakning, kvalitetskontrol",
      "Et almindeligt job med løn. Din jobkonsulent støtter både dig og os undervejs.",
      "Pakke varer, tjekke kvaliteten og gøre pakkebordet klar til næste hold."),
    O("hald_fleks", "hald", "flexjob", "published", "Fleksjob på lagerkontoret",
      (10, 20), 1, None, None, None,
      "reduced_hours flexible_start extra_breaks quiet_workspace step_free_access "
      "accessible_toilet", "", "kontor, lagersystem, telefon",
      "Et roligt kontor ved siden af lageret. Du holder pauser, når du har brug for det.",
      "Registrere varer i lagersystemet, tage telefonen og hjælpe med følgesedler."),
    O("hald_amu", "hald", "education", "published", "Lagerforløb med truckcertifikat (AMU)",
      (20, 30), 4, 35, 8, None, "written_instructions mentor transport_support",
      "Pia Nørby, uddannelsesansvarlig", "lager, truck, AMU",
      "Otte uger, hvor du tager truckcertifikat og AMU-kurset i lager og prøver det af hos os.",
      "Undervisning to dage om ugen og arbejde på lageret de andre dage."),
    O("hald_elev", "hald", "apprenticeship", "draft", "Lagerelev på logistikuddannelsen",
      (37, 37), 1, 90, 104, None, "mentor written_instructions",
      "Pia Nørby, uddannelsesansvarlig", "logistik, lager, elev",
      "Elevplads på logistikuddannelsen. Du bliver uddannet lagerassistent på to år.",
      "Alle opgaver på et lager: modtagelse, pluk, pakning og forsendelse."),
    O("kobmand_praktik", "kobmand", "internship", "published", "Praktik i butik",
      (8, 20), 1, None, 8, "job_goal", "gradual_step_up flexible_start mentor",
      "Susanne Krog, souschef", "butik, varer, kundeservice",
      "En lokal købmand med faste kunder. Her finder du ud af, om butik er noget for dig.",
      "Fylde varer på hylder, tjekke datoer og hjælpe kunder med at finde varer."),
    O("kobmand_skaane", "kobmand", "sheltered_job", "filled", "Skånejob med opfyldning",
      (6, 12), 1, None, None, None, "reduced_hours extra_breaks fixed_routines adjusted_tasks",
      "", "butik, opfyldning",
      "Få timer om ugen med faste opgaver i et roligt tempo.",
      "Fylde op i mejeriafdelingen og tømme returautomaten for flasker og dåser."),
    O("tjele_praktik", "tjele", "internship", "published", "Praktik på en økologisk gård",
      (10, 30), 1, 14, 10, "ordinary_hours",
      "flexible_start adjusted_tasks mentor transport_support", "Anders Lyngsø, ejer",
      "landbrug, dyrepasning, traktor",
      "En gård med køer, høns og grøntsager. Du arbejder udenfor det meste af dagen.",
      "Fodre dyr, muge ud, hjælpe i marken og pakke grøntsager til gårdbutikken."),
    O("madhus_praktik", "madhus", "internship", "published", "Køkkenpraktik i et storkøkken",
      (10, 25), 2, None, 6, "skills",
      "gradual_step_up written_instructions fixed_routines mentor",
      "Hanne Bisgaard, køkkenleder", "køkken, opvask, hygiejne",
      "Vi laver frokost til 400 mennesker hver dag. Du lærer køkkenet at kende trin for trin.",
      "Skylle grøntsager, smøre sandwich, tage opvask og gøre rent efter frokosten."),
    O("madhus_loen", "madhus", "wage_subsidy", "closed", "Køkkenmedhjælper med løntilskud",
      (30, 37), 1, -220, 26, None, "fixed_routines mentor", "Hanne Bisgaard, køkkenleder",
      "køkken, kantine, anretning",
      "Løntilskud i seks måneder i et travlt kantinekøkken.",
      "Forberede råvarer, anrette salatbaren og holde køkkenet rent."),
    O("sondersoe_praktik", "sondersoe", "internship", "published",
      "Praktik som servicemedarbejder på plejecenter", (10, 25), 2, None, 13, "job_goal",
      "gradual_step_up mentor consultant_visits step_free_access accessible_toilet",
      "Gitte Holm, social- og sundhedsassistent", "service, ældre, samvær",
      "Plejecentret har 80 beboere. Du gør hverdagen rarere for dem, men giver ikke pleje.",
      "Dække bord, servere kaffe, gå ture med beboerne og hjælpe med vasketøj."),
    O("sondersoe_loen", "sondersoe", "wage_subsidy", "filled", "Pedelmedhjælper med løntilskud",
      (30, 37), 1, -75, 39, None, "adjusted_tasks mentor", "Kaj Pedersen, pedel",
      "pedel, vedligehold, værktøj",
      "Løntilskud i ni måneder sammen med plejecentrets pedel.",
      "Små reparationer, skifte pærer, holde udearealerne og hente varer."),
    O("sondersoe_sosu", "sondersoe", "education", "published", "Forløb: vejen til SOSU-hjælper",
      (25, 37), 3, 45, 20, None,
      "mentor written_instructions consultant_visits step_free_access",
      "Gitte Holm, social- og sundhedsassistent", "SOSU, pleje, uddannelse",
      "Et forløb, der gør dig klar til SOSU-hjælperuddannelsen, med skole og praktik.",
      "Dansk og faglig læsning på skolen tre dage om ugen og praktik hos os to dage."),
    O("sondersoe_fleks", "sondersoe", "flexjob", "expired", "Fleksjob som aktivitetsmedarbejder",
      (10, 20), 1, None, None, None,
      "reduced_hours extra_breaks flexible_start accessible_toilet", "",
      "aktiviteter, ældre, musik",
      "Du hjælper beboerne med at komme ud og være sammen.",
      "Planlægge sang, spil og gåture og hjælpe beboerne med at være med."),
    O("karup_elev", "karup", "apprenticeship", "published", "Tømrerlærling",
      (37, 37), 1, 75, 208, None, "mentor written_instructions",
      "Jesper Nygaard, tømrermester", "tømrer, lærling, byggeri",
      "Lærlingeplads i et lille tømrerfirma med opgaver i hele Karup-området.",
      "Tage, vinduer, døre og tilbygninger sammen med en erfaren svend."),
    O("karup_praktik", "karup", "internship", "filled", "Praktik på snedkerværkstedet",
      (15, 30), 1, -30, 8, "skills", "mentor adjusted_tasks consultant_visits",
      "Jesper Nygaard, tømrermester", "træ, værksted, værktøj",
      "Praktik på værkstedet, hvor vi laver trapper og vinduer.",
      "Afkorte træ, slibe, holde værkstedet ryddeligt og hjælpe med at læsse bilen."),
    O("skals_praktik", "skals", "internship", "draft", "Praktik hos en anlægsgartner",
      (15, 30), 1, 30, 8, "job_goal", "flexible_start mentor", "Kim Bruun, anlægsgartner",
      "have, anlæg, udendørs",
      "Vi passer private haver og grønne områder omkring Skals.",
      "Slå græs, klippe hække, lægge fliser og køre trillebør."),
    O("skals_fleks", "skals", "flexjob", "draft", "Fleksjob med græsslåning og beskæring",
      (10, 20), 1, None, None, None, "reduced_hours extra_breaks fixed_routines", "",
      "græsslåning, beskæring, havetraktor",
      "Faste ruter og faste dage, så du ved, hvad ugen byder på.",
      "Slå græs med havetraktor, beskære buske og holde maskinerne rene."),
    O("mosaik_skaane", "mosaik", "sheltered_job", "published", "Skånejob med sortering",
      (4, 12), 2, None, None, None,
      "reduced_hours quiet_workspace fixed_routines extra_breaks adjusted_tasks "
      "step_free_access", "", "sortering, genbrug, prismærkning",
      "En lille genbrugsbutik med et stille baglokale til sortering.",
      "Sortere tøj og ting, sætte pris på og hænge tøj op i butikken."),
    O("mosaik_praktik", "mosaik", "internship", "expired", "Praktik i genbrugsbutik",
      (6, 15), 1, None, 8, "ordinary_hours", "gradual_step_up reduced_hours fixed_routines", "",
      "genbrug, butik, sortering",
      "Her kan du komme i gang med få timer om ugen og trappe op i dit eget tempo.",
      "Tage imod ting, sortere, fylde hylder op og stå ved kassen sammen med en kollega."),
    O("kontorhuset_fleks", "kontorhuset", "flexjob", "published", "Fleksjob som kontorassistent",
      (12, 20), 1, None, None, None,
      "reduced_hours flexible_start quiet_workspace remote_work assistive_technology", "",
      "kontor, Excel, bogføring",
      "Eget kontor i et stille kontorfællesskab og mulighed for at arbejde hjemme.",
      "Bogføre bilag, svare på mails og holde kunderegistret opdateret."),
    O("kontorhuset_ips", "kontorhuset", "supported_job", "filled", "Scanning og arkiv med støtte",
      (8, 15), 1, None, None, None,
      "quiet_workspace fixed_routines written_instructions consultant_visits", "",
      "scanning, arkiv, computer",
      "Et almindeligt job med løn i et stille scanningsrum, med støtte fra en IPS-konsulent.",
      "Scanne papirer, navngive filer og lægge dem i det rigtige arkiv."),
    O("kontorhuset_praktik", "kontorhuset", "internship", "draft", "Kontorpraktik i receptionen",
      (10, 20), 1, None, 4, "skills", "written_instructions mentor step_free_access",
      "Birgitte Frost, kontorchef", "kontor, reception, post",
      "Fire uger, hvor du prøver de daglige opgaver i en reception.",
      "Sortere post, scanne, tage imod gæster og tage telefonen."),
    O("metal_loen", "metal", "wage_subsidy", "published", "Produktionsmedarbejder med løntilskud",
      (30, 37), 2, None, 26, None, "mentor written_instructions adjusted_tasks",
      "Torben Riis, værkfører", "produktion, maskiner, måling",
      "Vi laver dele i stål til landbrugsmaskiner. Du arbejder på dagholdet.",
      "Betjene bukkemaskiner, måle emner og pakke færdige dele."),
    O("metal_ips", "metal", "supported_job", "published", "Maskinpasser med støtte (IPS)",
      (20, 37), 1, None, None, None, "consultant_visits written_instructions", "",
      "CNC, maskinpasser, metal",
      "Et almindeligt job som maskinpasser. Din IPS-konsulent må gerne komme på besøg.",
      "Passe CNC-maskiner, skifte værktøj og tjekke kvaliteten."),
    O("pakkeri_praktik", "pakkeri", "internship", "published", "Praktik i pakkeriet",
      (10, 30), 4, None, 13, "ordinary_hours",
      "gradual_step_up mentor written_instructions fixed_routines", "Dorte Kjær, teamleder",
      "pakning, fødevarer, hygiejne",
      "Vi pakker fødevarer til supermarkeder. Du får en fast makker og en plan for dine timer.",
      "Pakke varer, sætte etiketter på og stable kasser på paller."),
    O("pakkeri_loen", "pakkeri", "wage_subsidy", "published", "Lagermedarbejder med løntilskud",
      (25, 37), 2, None, 26, None, "adjusted_tasks flexible_start mentor",
      "Jonas Lund, lagerchef", "lager, palleløfter, pluk",
      "Løntilskud i seks måneder på vores lager.",
      "Plukke ordrer, køre palleløfter og gøre klar til bilerne."),
    O("pakkeri_ips", "pakkeri", "supported_job", "published", "Ordreplukker med støtte (IPS)",
      (15, 30), 2, None, None, None, "consultant_visits fixed_routines flexible_start", "",
      "ordrepluk, lager, håndscanner",
      "Et almindeligt job. Din IPS-konsulent og din leder taler sammen hver uge den første måned.",
      "Plukke ordrer efter lister og med håndscanner."),
    O("pakkeri_fleks", "pakkeri", "flexjob", "closed", "Fleksjob i kvalitetskontrollen",
      (10, 18), 1, None, None, None,
      "reduced_hours extra_breaks adjusted_tasks step_free_access", "",
      "kvalitet, kontrol, computer",
      "Et fleksjob, hvor du kan sidde ned det meste af dagen.",
      "Tjekke vægt og mærkning, tage prøver og skrive resultaterne ind."),
    O("auto_elev", "auto", "apprenticeship", "published", "Automekanikerlærling",
      (37, 37), 1, 60, 208, None, "mentor written_instructions",
      "Brian Sørensen, værkstedsleder", "automekaniker, værksted, biler",
      "Lærlingeplads i et værksted med fem mekanikere.",
      "Service, reparationer og fejlfinding på personbiler."),
    O("auto_praktik", "auto", "internship", "published", "Praktik som klargører",
      (15, 30), 1, None, 6, "skills", "mentor fixed_routines",
      "Brian Sørensen, værkstedsleder", "bilpleje, dækskift, værksted",
      "Du gør bilerne klar, før kunderne henter dem.",
      "Vaske og støvsuge biler, skifte dæk og holde værkstedet rent."),
    O("ry_praktik", "ry", "internship", "published", "Praktik i café og kantine",
      (8, 20), 2, None, 8, "job_goal", "gradual_step_up fixed_routines mentor",
      "Mona Laustsen, køkkenchef", "café, køkken, service",
      "En café og kantine ved Ry Station. Travlt ved middag og roligt om eftermiddagen.",
      "Smøre sandwich, brygge kaffe, tage opvask og tørre borde af."),
    O("ry_skaane", "ry", "sheltered_job", "published", "Skånejob i køkkenet",
      (6, 15), 1, None, None, None, "reduced_hours extra_breaks fixed_routines quiet_workspace",
      "", "opvask, køkken",
      "Faste opgaver og få timer i et lille køkken.",
      "Tage opvask, fylde opvaskemaskinen og gøre klar til næste dag."),
    O("planteskole_loen", "planteskole", "wage_subsidy", "published",
      "Gartnerimedhjælper med løntilskud", (25, 37), 2, 10, 26, None,
      "flexible_start adjusted_tasks transport_support", "", "planter, gartneri, udendørs",
      "Sæsonen starter, og vi har brug for flere hænder i planteskolen.",
      "Potte planter, vande, pakke ordrer og hjælpe kunderne på pladsen."),
    O("planteskole_praktik", "planteskole", "internship", "filled", "Praktik i planteskolen",
      (10, 25), 1, -28, 10, "ordinary_hours",
      "gradual_step_up written_instructions mentor transport_support", "Erik Dahl, gartner",
      "gartneri, planter, udendørs",
      "Du kommer op på flere timer i dit eget tempo, blandt planter og rolige kolleger.",
      "Vande, luge, flytte planter og gøre bede klar."),
    O("planteskole_fgu", "planteskole", "education", "published", "Grønt forløb med FGU",
      (20, 30), 2, 30, 20, None,
      "mentor written_instructions consultant_visits transport_support", "Erik Dahl, gartner",
      "FGU, grøn, gartneri",
      "Skole to dage og planteskole tre dage om ugen, sammen med den lokale FGU-skole.",
      "Lære om planter og maskiner og arbejde med i planteskolen."),
    O("regnskab_praktik", "regnskab", "internship", "draft", "Praktik med bilag og arkiv",
      (8, 15), 1, None, 4, "skills", "quiet_workspace written_instructions remote_work", "",
      "bilag, bogføring, scanning",
      "Et lille regnskabskontor med rolige omgivelser.",
      "Sortere bilag, scanne og lægge dem ind i regnskabsprogrammet."),
    O("lemming_loen", "lemming", "wage_subsidy", "closed", "Chaufførmedhjælper med løntilskud",
      (30, 37), 1, None, 26, None, "mentor adjusted_tasks", "Flemming Bach, vognmand",
      "transport, læsning, levering",
      "Løntilskud på vores lastbiler i det midtjyske.",
      "Læsse og losse, hjælpe chaufføren og tjekke leverancer."),
    O("bryrup_praktik", "bryrup", "internship", "expired", "Praktik hos købmanden",
      (10, 20), 1, None, 4, "job_goal", "gradual_step_up mentor", "Lise Skou, købmand",
      "butik, kasse, varer",
      "Fire uger i den lokale købmandsbutik.",
      "Fylde varer op, tjekke datoer og hjælpe ved kassen."),
    O("genbrug_skaane", "genbrug", "sheltered_job", "published", "Skånejob på værkstedet",
      (5, 15), 2, None, None, None,
      "reduced_hours quiet_workspace extra_breaks step_free_access accessible_toilet", "",
      "cykler, møbler, reparation",
      "Vi gør cykler og møbler klar til salg i et værksted med plads til alle.",
      "Pudse og male møbler, lappe cykler og gøre rent på værkstedet."),
    O("genbrug_praktik", "genbrug", "internship", "published", "Praktik i genbrugsbutikken",
      (6, 20), 2, None, 8, "ordinary_hours",
      "gradual_step_up quiet_workspace fixed_routines mentor",
      "Kurt Enevoldsen, butiksleder", "genbrug, sortering, butik",
      "En stor genbrugsbutik med faste kolleger og et stille sorteringsrum.",
      "Sortere, sætte pris på og stille varer frem i butikken."),
    O("lyngbo_fleks", "lyngbo", "flexjob", "filled", "Fleksjob som pedelmedhjælper",
      (10, 20), 1, None, None, None, "reduced_hours extra_breaks adjusted_tasks", "",
      "pedel, vedligehold, have",
      "Et fleksjob på plejehjemmet, hvor du selv lægger dine timer.",
      "Holde haven og p-pladsen, flytte møbler og skifte pærer."),
]

# What a citizen might say about themselves, per line of work: sampled, so profiles vary.
AREAS = {
    "lager": (
        ["Har erfaring med pakning og plukning.", "Har truckcertifikat.",
         "Er grundig og holder orden.", "Kan bruge håndscanner.",
         "Er stærk og kan lide at bruge kroppen."],
        ["Vil gerne arbejde på et lager.", "Kan lide faste opgaver og et tydeligt ansvar.",
         "Drømmer om at køre truck.", "Arbejder helst på et lille hold."]),
    "butik": (
        ["Har fyldt varer op i et supermarked.", "Er god til at tale med kunder.",
         "Kan betjene en kasse.", "Møder altid til tiden.",
         "Har styr på datomærkning."],
        ["Vil gerne arbejde i en butik.", "Kan lide mange forskellige opgaver.",
         "Vil gerne møde mennesker i løbet af dagen."]),
    "koekken": (
        ["Har arbejdet i et storkøkken.", "Kender hygiejnereglerne.",
         "Er hurtig til opvask og rengøring.", "Kan følge en opskrift.", "Har hygiejnebevis."],
        ["Drømmer om at lave mad til andre.", "Kan lide travlhed i et køkken.",
         "Vil gerne lære mere om sund mad."]),
    "pleje": (
        ["Har passet sin mor i flere år.", "Er rolig og god til at lytte.",
         "Har taget et kursus i førstehjælp.", "Har været hjemmehjælper.",
         "Er god til ældre mennesker."],
        ["Vil gerne arbejde med mennesker.", "Overvejer SOSU-uddannelsen.",
         "Kan lide at gøre en forskel for andre."]),
    "groen": (
        ["Kan køre traktor og havetraktor.", "Har passet dyr på en gård.",
         "Er vant til at arbejde udenfor i al slags vejr.", "Kender mange planter.",
         "Er god med hækkeklipper og buskrydder."],
        ["Vil gerne være udenfor hele dagen.", "Holder af dyr.",
         "Drømmer om at arbejde i en planteskole."]),
    "haandvaerk": (
        ["Har arbejdet som håndværkermedhjælper.", "Er god med værktøj.",
         "Kan læse en tegning.", "Skifter selv dæk og olie på sin bil.", "Har kørekort."],
        ["Vil gerne lære et håndværk.", "Kan lide at se, hvad jeg har lavet.",
         "Overvejer at blive lærling."]),
    "kontor": (
        ["Er god til Word og Excel.", "Har arbejdet med arkiv og scanning.",
         "Skriver præcist og overskueligt.", "Kan passe en telefon.",
         "Har styr på tal og bilag."],
        ["Vil gerne arbejde ved en computer.", "Arbejder bedst et roligt sted.",
         "Kan lide faste opgaver med orden i."]),
    "genbrug": (
        ["Er kreativ og god med hænderne.", "Har repareret cykler.",
         "Er god til at sortere og sætte pris på ting.",
         "Har været frivillig i en genbrugsbutik."],
        ["Kan lide at give ting et nyt liv.", "Vil gerne have faste kolleger.",
         "Kan lide at ordne og reparere ting."]),
}

NEED_NOTES = {
    "reduced_hours": "Kan arbejde få timer ad gangen og bliver hurtigt træt.",
    "flexible_start": "Har svært ved at komme op om morgenen på grund af medicin.",
    "extra_breaks": "Har brug for en kort pause hver time.",
    "gradual_step_up": "Skal starte med få timer og trappe op, når det går godt.",
    "quiet_workspace": "Bliver overvældet af støj og mange mennesker og har brug for et roligt "
                       "sted at trække sig tilbage.",
    "step_free_access": "Bruger kørestol.",
    "accessible_toilet": "Har brug for et handicaptoilet.",
    "adjusted_tasks": "Kan ikke løfte tungt på grund af ryggen.",
    "written_instructions": "Husker bedst, når opgaverne står på skrift eller vises med billeder.",
    "fixed_routines": "Trives med faste rutiner og besked i god tid om ændringer.",
    "mentor": "Har brug for en fast kollega at spørge.",
    "consultant_visits": "Vil gerne have besøg af jobkonsulenten de første uger.",
    "assistive_technology": "Bruger skærmlæser og forstørrelse på computeren.",
    "transport_support": "Har ikke kørekort og har brug for hjælp til transport.",
    "remote_work": "Kan arbejde hjemmefra nogle dage, når angsten fylder meget.",
}


class C(NamedTuple):
    name: str
    municipality: str
    age: int
    postcode: str
    area: str
    kinds: str
    needs: str  # adaptation codes; "!" marks a must-have
    max_hours: int
    status: str
    job_ready: bool = False


CANDIDATES = [
    C("Mikkel Holm Sørensen", "791", 24, "8800", "lager", "internship supported_job",
      "gradual_step_up! fixed_routines written_instructions", 25, "looking"),
    C("Søren Ærø", "791", 41, "8800", "lager", "internship wage_subsidy",
      "gradual_step_up! extra_breaks consultant_visits", 25, "looking"),
    C("Łukasz Nowak", "791", 35, "8850", "lager", "wage_subsidy supported_job",
      "written_instructions", 37, "looking", True),
    C("Camilla Bech", "791", 29, "8800", "pleje", "internship education",
      "gradual_step_up! mentor", 25, "looking"),
    C("Ahmad Rahimi", "791", 22, "8800", "lager", "supported_job internship",
      "written_instructions! mentor", 25, "looking"),
    C("Karina Lund Pedersen", "791", 47, "8830", "pleje", "flexjob",
      "reduced_hours! extra_breaks adjusted_tasks", 15, "paused"),
    C("Jens Peter Nørgaard", "791", 58, "7470", "haandvaerk", "flexjob sheltered_job",
      "reduced_hours! adjusted_tasks", 12, "looking"),
    C("Sofie Dam", "791", 19, "8800", "koekken", "internship education apprenticeship",
      "flexible_start fixed_routines", 20, "looking"),
    C("Rasmus Kjær", "791", 33, "8850", "haandvaerk", "internship",
      "consultant_visits mentor", 30, "looking"),
    C("Zoë Müller", "791", 27, "8800", "kontor", "supported_job",
      "quiet_workspace! fixed_routines", 15, "looking"),
    C("Bente Thomsen", "791", 61, "8832", "butik", "sheltered_job",
      "reduced_hours! extra_breaks", 10, "looking"),
    C("Mads Vestergaard", "791", 26, "8840", "groen", "internship wage_subsidy",
      "transport_support!", 30, "looking"),
    C("Fatima Haidari", "791", 38, "8800", "koekken", "internship wage_subsidy",
      "written_instructions flexible_start", 25, "paused"),
    C("Kasper Bundgaard", "791", 21, "7850", "lager", "education apprenticeship",
      "transport_support mentor", 30, "looking"),
    C("Lene Østergaard", "791", 52, "8800", "kontor", "flexjob",
      "reduced_hours! quiet_workspace remote_work", 12, "looking"),
    C("Nikolaj Friis", "791", 30, "8830", "koekken", "internship", "extra_breaks", 25, "looking"),
    C("Helle Krogh", "791", 44, "8850", "koekken", "wage_subsidy", "", 37, "closed", True),
    C("Oliver Mikkelsen", "791", 19, "8800", "haandvaerk", "apprenticeship education",
      "written_instructions", 37, "looking"),
    C("Jytte Andersen", "791", 63, "8800", "groen", "internship sheltered_job",
      "reduced_hours transport_support!", 12, "looking"),
    C("Tobias Lauridsen", "791", 25, "7470", "lager", "supported_job wage_subsidy",
      "fixed_routines", 30, "looking"),
    C("Nadia Jensen", "791", 36, "8800", "butik", "internship supported_job",
      "flexible_start mentor", 20, "looking"),
    C("Dennis Poulsen", "791", 42, "8800", "haandvaerk", "wage_subsidy", "adjusted_tasks", 37,
      "looking", True),
    C("Maja Søgaard", "791", 23, "8832", "genbrug", "sheltered_job internship",
      "quiet_workspace! fixed_routines written_instructions", 15, "looking"),
    C("Henrik Bak", "791", 55, "8840", "kontor", "flexjob",
      "step_free_access! accessible_toilet! assistive_technology", 16, "paused"),
    C("Emma Højgaard", "791", 20, "8800", "butik", "internship education", "", 30, "closed",
      True),
    C("Viktor Nielsen", "791", 31, "8850", "haandvaerk", "wage_subsidy internship",
      "flexible_start", 37, "paused"),
    C("Ayşe Yılmaz", "740", 34, "8600", "lager", "internship wage_subsidy",
      "written_instructions mentor", 30, "looking"),
    C("Anders Bæk", "740", 45, "8600", "lager", "wage_subsidy", "adjusted_tasks", 37, "looking",
      True),
    C("Maria Gonçalves", "740", 39, "8620", "groen", "internship",
      "written_instructions! transport_support", 25, "looking"),
    C("Christian Holm", "740", 28, "8600", "groen", "wage_subsidy", "", 37, "looking", True),
    C("Line Skov", "740", 32, "8680", "lager", "supported_job",
      "quiet_workspace consultant_visits! flexible_start", 25, "looking"),
    C("Thomas Mørch", "740", 50, "8653", "haandvaerk", "flexjob",
      "reduced_hours! extra_breaks adjusted_tasks", 15, "looking"),
    C("Ida Rasmussen", "740", 21, "8600", "koekken", "internship education", "fixed_routines",
      20, "looking"),
    C("Morten Kristiansen", "740", 57, "8620", "haandvaerk", "internship wage_subsidy", "", 37,
      "closed"),
    C("Signe Laursen", "740", 26, "8600", "genbrug", "internship",
      "quiet_workspace! extra_breaks", 20, "looking"),
    C("Ali Hassan", "740", 24, "8600", "haandvaerk", "supported_job apprenticeship",
      "written_instructions", 37, "looking"),
    C("Pernille Winther", "740", 43, "8680", "lager", "wage_subsidy", "", 37, "closed", True),
    C("Frederik Juhl", "740", 19, "8654", "groen", "education apprenticeship",
      "mentor transport_support!", 30, "looking"),
    C("Anne-Mette Bruun", "740", 60, "8600", "genbrug", "sheltered_job",
      "reduced_hours! quiet_workspace fixed_routines", 10, "looking"),
    C("Simon Eriksen", "740", 35, "8632", "lager", "wage_subsidy", "flexible_start", 37,
      "looking"),
    C("Sara Møller", "740", 27, "8600", "butik", "internship education", "gradual_step_up", 20,
      "closed"),
    C("Jonas Dalgaard", "740", 30, "8653", "kontor", "flexjob supported_job",
      "quiet_workspace remote_work!", 15, "paused"),
    C("Hanne Vinther", "740", 49, "8643", "pleje", "flexjob", "reduced_hours! step_free_access",
      15, "looking"),
    C("Patrick Olsen", "740", 22, "8600", "lager", "internship supported_job",
      "quiet_workspace!", 25, "looking"),
    C("Louise Brandt", "740", 37, "8620", "koekken", "internship wage_subsidy",
      "flexible_start extra_breaks", 25, "looking"),
    C("Daniel Toft", "740", 29, "8600", "haandvaerk", "apprenticeship", "", 37, "looking", True),
    C("Katrine Ørum", "740", 40, "8680", "koekken", "sheltered_job",
      "reduced_hours! extra_breaks fixed_routines", 8, "looking"),
    C("Ole Kjeldsen", "740", 62, "8600", "genbrug", "sheltered_job",
      "adjusted_tasks step_free_access!", 12, "paused"),
]

# Identity matters for their agreements (wage subsidy, flex job); most profiles need no CPR.
CPR_HOLDERS = {"Søren Ærø", "Helle Krogh", "Anders Bæk", "Thomas Mørch"}


class P(NamedTuple):
    candidate: str
    opening: str
    status: str
    answers: str  # citizen then employer: y(es), n(o) or - (not yet)
    ago: int  # days since the consultant proposed it
    start: Optional[int]  # days from today
    weeks: Optional[int]
    hours: int
    plan: str = ""  # "from_week:hours ..."
    end: Optional[int] = None  # actual last day, days from today, when it ended early
    outcome: Optional[str] = None
    note: str = ""  # why it was declined, cancelled or ended early


PLACEMENTS = [
    # The citizen's offer and the company's inbox: the same placement seen from both sides.
    P("Mikkel Holm Sørensen", "hald_praktik", "proposed", "--", 3, 14, 13, 20, "1:10 5:15 9:20"),
    P("Ahmad Rahimi", "hald_ips", "proposed", "y-", 5, 21, None, 20),
    P("Łukasz Nowak", "hald_truck", "proposed", "--", 2, 21, 26, 30),
    P("Ayşe Yılmaz", "pakkeri_praktik", "proposed", "-y", 6, 14, 13, 20, "1:12 5:16 9:20"),
    P("Ida Rasmussen", "ry_praktik", "proposed", "--", 1, 14, 8, 15),
    P("Sofie Dam", "madhus_praktik", "accepted", "yy", 12, 10, 6, 15, "1:10 3:15"),
    P("Christian Holm", "planteskole_loen", "accepted", "yy", 9, 10, 26, 30),
    P("Camilla Bech", "sondersoe_praktik", "agreed", "yy", 20, 7, 13, 20, "1:12 5:16 9:20"),
    P("Line Skov", "pakkeri_ips", "agreed", "yy", 25, 7, None, 20),
    P("Kasper Bundgaard", "hald_amu", "agreed", "yy", 18, 35, 8, 25),
    P("Søren Ærø", "hald_praktik", "active", "yy", 50, -30, 13, 20, "1:10 5:15 9:20"),
    P("Rasmus Kjær", "karup_praktik", "active", "yy", 55, -30, 8, 25),
    P("Bente Thomsen", "kobmand_skaane", "active", "yy", 120, -90, None, 10),
    P("Zoë Müller", "kontorhuset_ips", "active", "yy", 70, -45, None, 12, "1:8 5:10 9:12"),
    P("Anders Bæk", "pakkeri_loen", "active", "yy", 80, -60, 26, 30),
    P("Maria Gonçalves", "planteskole_praktik", "active", "yy", 45, -28, 10, 20, "1:10 4:15 7:20"),
    P("Thomas Mørch", "lyngbo_fleks", "active", "yy", 200, -150, None, 15),
    P("Dennis Poulsen", "sondersoe_loen", "active", "yy", 100, -75, 39, 37),
    P("Nikolaj Friis", "madhus_praktik", "awaiting_evaluation", "yy", 70, -50, 6, 20),
    P("Signe Laursen", "genbrug_praktik", "awaiting_evaluation", "yy", 80, -60, 8, 15,
      "1:8 4:12 6:15"),
    P("Mikkel Holm Sørensen", "mosaik_praktik", "completed", "yy", 200, -180, 8, 10, "1:6 4:10",
      outcome="other"),
    P("Helle Krogh", "madhus_loen", "completed", "yy", 250, -220, 26, 30, outcome="ordinary_job"),
    P("Pernille Winther", "lemming_loen", "completed", "yy", 330, -300, 26, 37,
      outcome="ordinary_job"),
    P("Emma Højgaard", "kobmand_praktik", "completed", "yy", 150, -130, 4, 20,
      outcome="education"),
    P("Morten Kristiansen", "auto_praktik", "completed", "yy", 140, -120, 6, 30,
      outcome="ordinary_job"),
    P("Sara Møller", "bryrup_praktik", "completed", "yy", 160, -140, 4, 15, outcome="education"),
    P("Viktor Nielsen", "metal_loen", "ended_early", "yy", 110, -90, 26, 30, end=-40,
      note="Viktor blev sygemeldt og kunne ikke fortsætte. Vi finder et nyt forløb med færre "
           "timer, når han er klar."),
    P("Patrick Olsen", "pakkeri_praktik", "ended_early", "yy", 75, -60, 13, 20, end=-45,
      note="Støjen i pakkeriet blev for meget. Patrick vil gerne prøve en mindre arbejdsplads."),
    P("Jytte Andersen", "tjele_praktik", "declined", "n-", 30, 14, 10, 12,
      note="Selv med hjælp til transport er turen til Tjele for lang."),
    P("Ali Hassan", "metal_ips", "declined", "yn", 40, None, None, 30,
      note="Virksomheden har valgt en anden kandidat."),
    P("Tobias Lauridsen", "hald_ips", "declined", "yn", 35, None, None, 20,
      note="Vi har ingen ledig mentor på aftenholdet lige nu."),
    P("Simon Eriksen", "lemming_loen", "cancelled", "yy", 60, -30, 26, 30,
      note="Virksomheden er suspenderet, så forløbet kan ikke begynde."),
    P("Karina Lund Pedersen", "sondersoe_fleks", "cancelled", "--", 100, None, None, 12,
      note="Karina er blevet syg. Forslaget er trukket tilbage."),
]

INTERESTS = [  # citizens who pressed "Jeg er interesseret": candidate, opening, days ago
    ("Mikkel Holm Sørensen", "hald_ips", 2),
    ("Oliver Mikkelsen", "karup_elev", 3),
    ("Lene Østergaard", "kontorhuset_fleks", 6),
    ("Maja Søgaard", "mosaik_skaane", 5),
    ("Frederik Juhl", "planteskole_fgu", 2),
    ("Daniel Toft", "auto_elev", 4),
    ("Anne-Mette Bruun", "genbrug_skaane", 8),
]

GOALS = [  # candidate, goal, target (days from today), steps with days since done
    ("Mikkel Holm Sørensen", "Få et fast job på et lager med 20 timer om ugen", 180,
     [("Arbejde 10 timer om ugen i praktik", 150), ("Tage truckcertifikat", 60),
      ("Komme op på 20 timer om ugen", None), ("Søge job på tre lagre", None)]),
    ("Søren Ærø", "Vende tilbage til arbejde efter min sygemelding", 90,
     [("Møde ind tre dage om ugen", 25), ("Arbejde 20 timer om ugen", None)]),
    ("Camilla Bech", "Begynde på SOSU-hjælperuddannelsen", 240,
     [("Besøge SOSU-skolen", 40), ("Prøve arbejdet på et plejecenter", None),
      ("Søge optagelse", None)]),
    ("Zoë Müller", "Have en fast hverdag med arbejde", None,
     [("Sige til, når noget er svært", 30), ("Møde til tiden hver dag i en måned", 15)]),
    ("Ayşe Yılmaz", "Tale mere dansk på arbejdet", 120,
     [("Gå til dansk to gange om ugen", 30), ("Spise frokost med kollegerne", None)]),
    ("Thomas Mørch", "Blive i fleksjobbet med 15 timer om ugen", None,
     [("Aftale faste pauser med lederen", 120), ("Tale med konsulenten hver tredje måned", 20)]),
    ("Kasper Bundgaard", "Få truckcertifikat og et job på et lager", 150,
     [("Melde mig til AMU-forløbet", 10), ("Bestå truckprøven", None)]),
    ("Line Skov", "Arbejde uden at blive stresset", None,
     [("Lave en plan for de svære dage", 20), ("Prøve 20 timer om ugen", None)]),
    ("Frederik Juhl", "Finde en uddannelse med planter eller dyr", 200,
     [("Tale med vejlederen fra FGU", None), ("Besøge planteskolen i Them", None)]),
]

ANSWERS = {"y": Answer.YES, "n": Answer.NO, "-": None}
S = PlacementStatus
# The statuses a placement passes through after being proposed, to reach each status.
PATHS = {
    S.PROPOSED: [],
    S.ACCEPTED: [S.ACCEPTED],
    S.AGREED: [S.ACCEPTED, S.AGREED],
    S.ACTIVE: [S.ACCEPTED, S.AGREED, S.ACTIVE],
    S.AWAITING_EVALUATION: [S.ACCEPTED, S.AGREED, S.ACTIVE, S.AWAITING_EVALUATION],
    S.COMPLETED: [S.ACCEPTED, S.AGREED, S.ACTIVE, S.AWAITING_EVALUATION, S.COMPLETED],
    S.ENDED_EARLY: [S.ACCEPTED, S.AGREED, S.ACTIVE, S.ENDED_EARLY],
    S.DECLINED: [S.DECLINED],
    S.CANCELLED: [S.CANCELLED],
}
EVENT_NOTES = {
    S.PROPOSED: "Foreslået af jobkonsulenten.",
    S.ACCEPTED: "Borger og virksomhed har begge sagt ja.",
    S.AGREED: "Aftalen er underskrevet.",
    S.ACTIVE: "Første arbejdsdag.",
    S.AWAITING_EVALUATION: "Slutdatoen er nået.",
    S.COMPLETED: "Evalueringen er holdt.",
}
# An opening stays published this many days (range) before its status changed.
PUBLISHED_DAYS_AGO = {
    OpeningStatus.PUBLISHED: (3, 60), OpeningStatus.FILLED: (40, 90),
    OpeningStatus.CLOSED: (150, 260), OpeningStatus.EXPIRED: (45, 90),
}


# What a consultant writes after a follow-up: wellbeing 1-5, what works, what does not, next step.
FOLLOW_UP_NOTES = [
    (4, "Møder stabilt og til tiden. Godt samarbejde med mentoren.",
     "Trætheden sidst på dagen.", "Fortsæt som aftalt."),
    (5, "Er glad for opgaverne og kollegerne.", "",
     "Tal om flere timer ved næste opfølgning."),
    (3, "Klarer opgaverne, når der er ro omkring.", "Mange afbrydelser i travle perioder.",
     "Aftal et fast sted at arbejde med virksomheden."),
    (4, "Pauserne hjælper. Mentoren er let at spørge.", "Lang transport om morgenen.",
     "Se på en senere mødetid."),
    (2, "Har været der de fleste dage.", "Usikker på opgaverne; savner en fast plan.",
     "Lav en skriftlig dagsplan sammen med mentoren."),
]
