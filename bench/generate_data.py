"""Names, places and short texts the benchmark data generator (bench/generate.py) draws from,
and how it draws them."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from placement.common.identifiers import is_valid_cvr
from placement.models import Kind

K = Kind
# The data covers the three years up to the day it is made for.
HISTORY_DAYS = 3 * 365

# The 98 municipalities: official code, name, inhabitants (approximate, about 2020; used only
# to share citizens and companies out). Christiansø (411) is not a municipality and is left out.
MUNICIPALITIES = (
    ("101", "København", 623_404),
    ("147", "Frederiksberg", 103_960),
    ("151", "Ballerup", 48_458),
    ("153", "Brøndby", 35_397),
    ("155", "Dragør", 14_270),
    ("157", "Gentofte", 75_176),
    ("159", "Gladsaxe", 69_681),
    ("161", "Glostrup", 22_615),
    ("163", "Herlev", 28_786),
    ("165", "Albertslund", 27_877),
    ("167", "Hvidovre", 53_416),
    ("169", "Høje-Taastrup", 50_686),
    ("173", "Lyngby-Taarbæk", 55_790),
    ("175", "Rødovre", 40_052),
    ("183", "Ishøj", 22_946),
    ("185", "Tårnby", 42_984),
    ("187", "Vallensbæk", 16_654),
    ("190", "Furesø", 41_069),
    ("201", "Allerød", 25_646),
    ("210", "Fredensborg", 40_819),
    ("217", "Helsingør", 62_567),
    ("219", "Hillerød", 50_998),
    ("223", "Hørsholm", 25_007),
    ("230", "Rudersdal", 56_509),
    ("240", "Egedal", 43_335),
    ("250", "Frederikssund", 45_332),
    ("253", "Greve", 50_267),
    ("259", "Køge", 60_675),
    ("260", "Halsnæs", 31_271),
    ("265", "Roskilde", 87_577),
    ("269", "Solrød", 23_065),
    ("270", "Gribskov", 41_195),
    ("306", "Odsherred", 33_122),
    ("316", "Holbæk", 71_297),
    ("320", "Faxe", 36_513),
    ("326", "Kalundborg", 48_681),
    ("329", "Ringsted", 34_725),
    ("330", "Slagelse", 79_073),
    ("336", "Stevns", 22_782),
    ("340", "Sorø", 29_834),
    ("350", "Lejre", 27_775),
    ("360", "Lolland", 41_615),
    ("370", "Næstved", 82_991),
    ("376", "Guldborgsund", 60_930),
    ("390", "Vordingborg", 45_816),
    ("400", "Bornholm", 39_572),
    ("410", "Middelfart", 38_553),
    ("420", "Assens", 41_212),
    ("430", "Faaborg-Midtfyn", 51_809),
    ("440", "Kerteminde", 23_773),
    ("450", "Nyborg", 32_042),
    ("461", "Odense", 204_182),
    ("479", "Svendborg", 58_599),
    ("480", "Nordfyns", 29_693),
    ("482", "Langeland", 12_560),
    ("492", "Ærø", 6_058),
    ("510", "Haderslev", 55_857),
    ("530", "Billund", 26_629),
    ("540", "Sønderborg", 74_561),
    ("550", "Tønder", 37_587),
    ("561", "Esbjerg", 115_652),
    ("563", "Fanø", 3_404),
    ("573", "Varde", 50_129),
    ("575", "Vejen", 42_863),
    ("580", "Aabenraa", 59_035),
    ("607", "Fredericia", 51_427),
    ("615", "Horsens", 90_370),
    ("621", "Kolding", 92_893),
    ("630", "Vejle", 114_830),
    ("657", "Herning", 88_917),
    ("661", "Holstebro", 58_504),
    ("665", "Lemvig", 19_998),
    ("671", "Struer", 21_143),
    ("706", "Syddjurs", 42_768),
    ("707", "Norddjurs", 37_680),
    ("710", "Favrskov", 48_374),
    ("727", "Odder", 22_675),
    ("730", "Randers", 97_909),
    ("740", "Silkeborg", 93_054),
    ("741", "Samsø", 3_684),
    ("746", "Skanderborg", 61_974),
    ("751", "Aarhus", 345_332),
    ("756", "Ikast-Brande", 41_282),
    ("760", "Ringkøbing-Skjern", 56_930),
    ("766", "Hedensted", 46_747),
    ("773", "Morsø", 20_403),
    ("779", "Skive", 46_224),
    ("787", "Thisted", 43_660),
    ("791", "Viborg", 97_113),
    ("810", "Brønderslev", 36_370),
    ("813", "Frederikshavn", 59_987),
    ("820", "Vesthimmerlands", 37_121),
    ("825", "Læsø", 1_806),
    ("840", "Rebild", 29_916),
    ("846", "Mariagerfjord", 42_055),
    ("849", "Jammerbugt", 38_460),
    ("851", "Aalborg", 215_312),
    ("860", "Hjørring", 64_665),
)
# Parts of a municipality whose postcodes are made up (only Viborg's and Silkeborg's are real).
DISTRICTS = ("", " Nord", " Syd", " Øst", " Vest", " Land", " By", " Strand")

# Share of each kind among openings and placements: internships and flex jobs dominate a
# municipality's supported-employment caseload.
KIND_SHARES = {
    K.INTERNSHIP: 30,
    K.WAGE_SUBSIDY: 12,
    K.FLEXJOB: 25,
    K.SHELTERED_JOB: 8,
    K.SUPPORTED_JOB: 15,
    K.EDUCATION: 5,
    K.APPRENTICESHIP: 5,
}
# Planned length in weeks (shortest, longest) of the kinds with an end; the others run on.
DURATION_WEEKS = {
    K.INTERNSHIP: (4, 13),
    K.WAGE_SUBSIDY: (13, 52),
    K.EDUCATION: (26, 104),
    K.APPRENTICESHIP: (104, 208),
}
# How long an open-ended placement typically runs before it ends (days, the mean).
OPEN_ENDED_MEAN_DAYS = {K.FLEXJOB: 900, K.SHELTERED_JOB: 900, K.SUPPORTED_JOB: 300}

FIRST_NAMES = (
    "Anne",
    "Mette",
    "Søren",
    "Jens",
    "Line",
    "Mads",
    "Ida",
    "Ahmad",
    "Fatima",
    "Łukasz",
    "Birthe",
    "Kasper",
    "Sofie",
    "Bo",
    "Nanna",
    "Jørgen",
    "Aisha",
    "Rasmus",
    "Peter",
    "Hanne",
    "Lars",
    "Susanne",
    "Michael",
    "Camilla",
    "Thomas",
    "Louise",
    "Henrik",
    "Maria",
    "Niels",
    "Kirsten",
    "Morten",
    "Julie",
    "Christian",
    "Emma",
    "Martin",
    "Pia",
    "Anders",
    "Signe",
    "Frederik",
    "Lone",
    "Jesper",
    "Helle",
    "Mikkel",
    "Tina",
    "Jonas",
    "Karina",
    "Mohammed",
    "Yasmin",
    "Ali",
    "Leyla",
    "Tomasz",
    "Agnieszka",
    "Dragan",
    "Ana",
    "Ole",
    "Inge",
    "Brian",
    "Dorte",
    "Kim",
    "Rikke",
    "Torben",
    "Gitte",
    "Emil",
    "Freja",
    "Oliver",
    "Clara",
    "Mathias",
    "Laura",
    "Hassan",
    "Zainab",
    "Erik",
    "Bodil",
    "Ib",
    "Grethe",
    "Sune",
    "Malene",
)
MIDDLE_NAMES = ("Holm", "Bach", "Munk", "Lund", "Krog", "Skov", "Dahl", "Vinther", "Kjær")
LAST_NAMES = (
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Mikkelsen",
    "Østergaard",
    "Frederiksen",
    "Laursen",
    "Henriksen",
    "Lund",
    "Schmidt",
    "Eriksen",
    "Holm",
    "Kristiansen",
    "Clausen",
    "Simonsen",
    "Svendsen",
    "Andreasen",
    "Iversen",
    "Jeppesen",
    "Vestergaard",
    "Bæk",
    "Kaya",
    "Nowak",
    "Ali",
    "Hussein",
    "Yilmaz",
    "Kowalski",
    "Ahmed",
    "Nguyen",
    "Petrović",
    "Lauritsen",
    "Dam",
    "Bisgaard",
    "Mølgaard",
)
STREETS = (
    "Industrivej",
    "Storegade",
    "Vestergade",
    "Østergade",
    "Nørregade",
    "Søndergade",
    "Hovedgaden",
    "Jernbanegade",
    "Kirkevej",
    "Møllevej",
    "Skolevej",
    "Stationsvej",
    "Fabriksvej",
    "Håndværkervej",
    "Erhvervsvej",
    "Lundvej",
    "Engvej",
    "Havnevej",
    "Torvet",
    "Bygaden",
    "Åvej",
    "Parkvej",
    "Banegårdspladsen",
    "Grønnegade",
    "Smedevej",
)
# Industry, the words a company's name is made of, and whether it is often public.
INDUSTRIES = (
    ("Lager og logistik", ("Lager", "Logistik", "Transport", "Distribution"), False),
    ("Detailhandel", ("Købmand", "Supermarked", "Byggemarked", "Tøjbutik"), False),
    ("Kantine og køkken", ("Madhus", "Kantine", "Catering", "Køkken"), False),
    ("Pleje og omsorg", ("Plejecenter", "Plejehjem", "Bosted", "Hjemmepleje"), True),
    ("Håndværk", ("Tømrer", "Murer", "VVS", "Auto", "Maler"), False),
    ("Grøn pleje", ("Anlæg & Have", "Planteskole", "Gartneri", "Park og Vej"), True),
    ("Kontor og administration", ("Kontorhus", "Regnskab", "Administration", "Service"), True),
    ("Industri og produktion", ("Metal", "Plast", "Træ", "Emballage", "Fødevarer"), False),
    ("Rengøring", ("Rengøring", "Facility", "Vinduespolering"), False),
    ("Genbrug", ("Genbrug", "Genbrugsbutik", "Loppemarked"), False),
    ("Landbrug", ("Gård", "Økogård", "Maskinstation", "Svineproduktion"), False),
    ("Hotel og restaurant", ("Hotel", "Kro", "Restaurant", "Café"), False),
    ("Undervisning", ("Skole", "Daginstitution", "Fritidscenter"), True),
)
COMPANY_FORMS = ("ApS", "A/S", "I/S", "", "ApS", "A/S")
TITLES = {
    K.INTERNSHIP: (
        "Praktik som lagermedarbejder",
        "Køkkenmedhjælper i praktik",
        "Praktik i butik",
        "Gartnermedhjælper i praktik",
        "Praktik på kontoret",
        "Praktik som pedelmedhjælper",
        "Praktik i rengøring",
    ),
    K.WAGE_SUBSIDY: (
        "Pedelmedhjælper med løntilskud",
        "Kontormedhjælper med løntilskud",
        "Chauffør med løntilskud",
        "Truckfører med løntilskud",
    ),
    K.FLEXJOB: (
        "Rengøringsassistent i fleksjob",
        "Kantinemedarbejder i fleksjob",
        "Administrativ medarbejder i fleksjob",
        "Lagermedarbejder i fleksjob",
        "Servicemedarbejder i fleksjob",
    ),
    K.SHELTERED_JOB: (
        "Værkstedsmedarbejder i skånejob",
        "Pakkeri, skånejob",
        "Vaskerimedarbejder i skånejob",
    ),
    K.SUPPORTED_JOB: (
        "Lagerarbejder",
        "Servicemedarbejder",
        "Opvasker",
        "Butiksmedarbejder",
        "Produktionsmedarbejder",
    ),
    K.EDUCATION: (
        "Uddannelsesforløb, social- og sundhed",
        "Uddannelsesforløb, landbrug",
        "Uddannelsesforløb, lager og logistik",
    ),
    K.APPRENTICESHIP: (
        "Elev, detail",
        "Lærling, tømrer",
        "Elev, kontor",
        "Lærling, maler",
        "Elev, ernæringsassistent",
    ),
}
TASKS = (
    "Plukke ordrer med håndscanner",
    "Pakke varer",
    "Holde orden på reolerne",
    "Fylde varer op i butikken",
    "Hjælpe kunderne",
    "Forberede frokost",
    "Tage opvask",
    "Ordne bede og hække",
    "Slå græs",
    "Sortere post",
    "Scanne dokumenter",
    "Tage telefonen",
    "Gøre rent i fællesarealer",
    "Køre varer ud",
    "Tage imod varer",
    "Passe maskinen på linje 2",
    "Hjælpe beboerne til og fra spisesalen",
    "Sortere tøj",
)
SKILLS = (
    "lager",
    "truckcertifikat",
    "kørekort",
    "kasse",
    "kundeservice",
    "madlavning",
    "rengøring",
    "havearbejde",
    "computer",
    "excel",
    "pakning",
    "dyr",
    "maskiner",
    "håndværk",
    "pleje",
    "engelsk",
    "tysk",
    "regnskab",
    "lagerstyring",
    "montage",
)
INTERESTS = (
    "at arbejde med hænderne",
    "at være udenfor",
    "faste rutiner",
    "at møde mennesker",
    "dyr",
    "mad",
    "biler",
    "computere",
    "at holde orden",
    "at hjælpe andre",
    "musik",
)
ADAPTATION_NOTES = (
    "Har brug for at kende dagens opgaver, når dagen starter.",
    "Kan ikke løfte tungt på grund af ryggen.",
    "Bliver hurtigt træt; korte dage i starten.",
    "Har angst i store grupper.",
    "Skal kunne tage medicin på faste tider.",
    "Taler bedst engelsk.",
)
# Popularity of each catalogue adaptation among citizens' needs and openings' offers.
ADAPTATION_WEIGHTS = {
    "reduced_hours": 10,
    "flexible_start": 8,
    "extra_breaks": 7,
    "gradual_step_up": 9,
    "quiet_workspace": 5,
    "step_free_access": 2,
    "accessible_toilet": 1,
    "adjusted_tasks": 6,
    "written_instructions": 4,
    "fixed_routines": 5,
    "mentor": 8,
    "consultant_visits": 6,
    "assistive_technology": 2,
    "transport_support": 3,
    "remote_work": 1,
}
DECLINE_REASONS_CITIZEN = (
    "Det er for langt væk.",
    "Jeg kan ikke møde så tidligt.",
    "Det er ikke noget for mig.",
    "Jeg vil hellere noget med dyr.",
    "",
)
DECLINE_REASONS_EMPLOYER = (
    "Vi har ikke tid til oplæring lige nu.",
    "Pladsen er besat.",
    "Vi søger en med kørekort.",
    "Der mangler en mentor i perioden.",
    "",
)
END_REASONS = (
    "Borgeren blev syg.",
    "Det gik ikke med samarbejdet.",
    "Borgeren fik ordinært arbejde.",
    "Virksomheden lukkede afdelingen.",
    "Opgaverne passede ikke.",
    "Borgeren flyttede.",
)
CANCEL_REASONS = ("Borgeren er blevet syg.", "Virksomheden har trukket pladsen.", "")
WORKING_TIMES = (
    "Mandag–torsdag kl. 9–13",
    "Mandag–fredag kl. 8–12",
    "Tirsdag–torsdag kl. 8–15",
    "Mandag–fredag kl. 7–15",
    "Efter aftale",
)
MENTOR_ROLES = (
    "lagerformand",
    "køkkenchef",
    "butiksleder",
    "gartner",
    "kontorchef",
    "teamleder",
    "værkstedsleder",
    "afdelingsleder",
)
FOLLOWUP_WORKS = (
    "Kommer til tiden og er glad for kollegerne.",
    "Opgaverne passer godt.",
    "Har fået mere selvtillid.",
    "Makkerordningen fungerer.",
    "",
)
FOLLOWUP_DOES_NOT_WORK = (
    "For mange opgaver på én gang.",
    "Transporten er svær.",
    "Trætheden om eftermiddagen.",
    "",
    "",
    "",
)
FOLLOWUP_NEXT = (
    "Flere timer fra næste måned.",
    "Fortsætter som aftalt.",
    "Mentor og borger aftaler faste pauser.",
    "Næste opfølgning som planlagt.",
    "",
)
EMPLOYER_VIEWS = (
    "Det går rigtig godt.",
    "Vi er glade for samarbejdet.",
    "Der er brug for mere støtte i starten.",
)
CONTACT_NOTES = (
    "Talt med virksomheden om flere praktikpladser.",
    "Besøg i produktionen.",
    "Opfølgning på en borgers forløb.",
    "Ny virksomhed; gennemgået reglerne for praktik.",
    "Virksomheden søger en i løntilskud til foråret.",
    "Møde om IPS og faste samtaler.",
    "Telefonsamtale om mulige fleksjob.",
)
JOURNAL_TEXTS = (
    "Samtale om ønsker til arbejde og timer.",
    "Borgeren har været til lægen; ny vurdering.",
    "Aftalt at prøve en praktik i en butik.",
    "Borgeren er glad for forløbet.",
    "Aflyst møde; ny tid aftalt.",
    "Talt om transport til arbejdspladsen.",
    "Ressourceforløb drøftet med rehabiliteringsteamet.",
)
GOALS = (
    ("Komme i job på 15 timer om ugen", ("Prøve en praktik", "Øge timerne", "Søge job")),
    ("Få en hverdag med faste rutiner", ("Møde til tiden", "Tage bussen selv", "Faste pauser")),
    ("Starte på en uddannelse", ("Besøge skolen", "Tale med studievejleder", "Søge optagelse")),
    ("Få et fleksjob", ("Afklare skånehensyn", "Finde en virksomhed", "Aftale timer")),
)


# --- drawing from the lists ------------------------------------------------------------------


def at(day: date, rng: random.Random) -> datetime:
    """A time on a working day's hours (08-15 Danish time, as UTC)."""
    return datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(6, 13),
        rng.randrange(60),
        rng.randrange(60),
        tzinfo=UTC,
    )


def weighted(rng: random.Random, items: list, cum_weights: list, k: int) -> list:
    return rng.choices(items, cum_weights=cum_weights, k=k)


def person_name(rng: random.Random) -> str:
    middle = f" {rng.choice(MIDDLE_NAMES)}" if rng.random() < 0.2 else ""
    return f"{rng.choice(FIRST_NAMES)}{middle} {rng.choice(LAST_NAMES)}"


def phone(rng: random.Random) -> str:
    digits = f"{rng.randint(20_000_000, 99_999_999)}"
    return " ".join(digits[i : i + 2] for i in range(0, 8, 2))


def cvr_numbers(count: int, rng: random.Random) -> list[str]:
    """Distinct CVR numbers that pass modulus 11, spread over the range."""
    numbers = []
    for base in sorted(rng.sample(range(10_000, 99_999), count)):
        number = base * 1_000
        while not is_valid_cvr(str(number)):  # one in every 11 or so passes
            number += 1
        numbers.append(str(number))
    return numbers
