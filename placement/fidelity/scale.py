"""The IPS Supported Employment Fidelity Scale: its 25 items and their 1-5 anchors, in Danish.

Source: the Supported Employment Fidelity Scale, revised edition of 2008 (Becker, Swanson,
Bond & Merrens, Dartmouth Psychiatric Research Center; public domain), the 25-item scale also
called IPS-25. Total 25-125: 115-125 exemplary, 100-114 good, 74-99 fair, 73 or less not
supported employment. The later Supported Employment Fidelity Review Manual, 4th edition
(Becker, Swanson, Reese, Bond & McLeman, IPS Employment Center, 2019) scores the same 25 items;
its wording was not compared here.

Checked against the 2008 scale's own text: items 1 (caseload: 41+, 31-40, 26-30, 21-25, 20 or
fewer clients per employment specialist) and 2 (share of time on employment services: under
60 %, 60-74, 75-89, 90-95, 96 % or more), and anchors 1-2 of item 3 (anchors 3-5 of item 3
follow the earlier 15-item scale's wording). The other items' anchors are short Danish
renderings NOT checked word for word against the scale; the page says so (UNSURE).

The anchors are written in plain Danish. Where the scale describes practice in words, and the
system scores the item from its data all the same, the caveat says which thresholds are the
system's own (proxy). The English names are the scale's own item names, beside the Danish ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

SOURCE = (
    "Supported Employment Fidelity Scale (IPS-25), revideret udgave 2008 (Becker, Swanson, "
    "Bond, Merrens; Dartmouth Psychiatric Research Center), offentlig ejendom"
)
TOTAL_LEVELS = ((115, _l("Eksemplarisk")), (100, _l("God")), (74, _l("Rimelig")))
BELOW_LEVELS = _l("Ikke IPS (under 74)")


@dataclass(frozen=True)
class Item:
    number: int
    key: str
    name: object  # Danish, lazy
    english: str  # the scale's own name
    anchors: tuple[object, object, object, object, object]  # scores 1..5
    computed: bool = False  # scored from the system's data (items.py), not by the reviewer
    caveat: object | None = None  # where the system's count differs from the scale's

    def anchor(self, score: int) -> object:
        return self.anchors[score - 1]


def _a(*texts) -> tuple:
    assert len(texts) == 5
    return tuple(texts)


ITEMS: tuple[Item, ...] = (
    Item(
        1,
        "caseload",
        _l("Sagsstammens størrelse"),
        "Caseload size",
        _a(
            _l("41 borgere eller flere pr. jobkonsulent"),
            _l("31-40 borgere"),
            _l("26-30 borgere"),
            _l("21-25 borgere"),
            _l("20 borgere eller færre pr. jobkonsulent"),
        ),
        computed=True,
        caveat=_l(
            "Systemet tæller borgerne på sagsstammen i dag (det gemmer ikke sagsstammen "
            "bagud i tid). Skalaen tæller fuldtidskonsulenter."
        ),
    ),
    Item(
        2,
        "staff_only_employment",
        _l("Medarbejdere laver kun beskæftigelsesindsats"),
        "Employment services staff",
        _a(
            _l("Jobkonsulenterne bruger under 60 % af tiden på beskæftigelse"),
            _l("60-74 % af tiden"),
            _l("75-89 % af tiden"),
            _l("90-95 % af tiden"),
            _l("96 % af tiden eller mere på beskæftigelse"),
        ),
    ),
    Item(
        3,
        "generalists",
        _l("Jobkonsulenten står for hele forløbet"),
        "Vocational generalists",
        _a(
            _l("Konsulenten henviser kun borgerne til andre tilbud om beskæftigelse"),
            _l("Konsulenten har en sagsstamme, men henviser borgerne til andre tilbud"),
            _l("Konsulenten står for én del af indsatsen (fx jobsøgning eller støtte i job)"),
            _l("Konsulenten står for to eller flere faser, men ikke hele indsatsen"),
            _l(
                "Konsulenten står for alle faser: indslusning, vurdering, jobsøgning, "
                "jobstart og støtte i job"
            ),
        ),
    ),
    Item(
        4,
        "team_assignment",
        _l("Sammenhæng med behandling: tilknyttet behandlingsteam"),
        "Integration of rehabilitation with mental health treatment through team assignment",
        _a(
            _l("Ingen tilknytning til behandlingsteams"),
            _l("Under 50 % af borgerne har et fælles team"),
            _l("50-69 %"),
            _l("70-89 %"),
            _l(
                "Konsulenten hører til 1-2 behandlingsteams, og 90 procent "
                "eller flere borgere deles"
            ),
        ),
    ),
    Item(
        5,
        "team_contact",
        _l("Sammenhæng med behandling: hyppig kontakt med teamet"),
        "Integration of rehabilitation with mental health treatment through frequent team "
        "member contact",
        _a(
            _l("Ét af de fem kendetegn eller intet"),
            _l("To af kendetegnene"),
            _l("Tre af kendetegnene"),
            _l("Fire af kendetegnene"),
            _l("Alle fem: ugentlige møder, fælles beslutninger, fælles journal m.m."),
        ),
    ),
    Item(
        6,
        "vr_collaboration",
        _l("Samarbejde med andre myndigheder om beskæftigelse"),
        "Collaboration between employment specialists and Vocational Rehabilitation counselors",
        _a(
            _l("Sjælden eller ingen kontakt"),
            _l("Kontakt mindre end kvartalsvis"),
            _l("Kontakt mindst kvartalsvis"),
            _l("Kontakt mindst månedligt"),
            _l("Tæt samarbejde med planlagte møder mindst månedligt og delte sager"),
        ),
    ),
    Item(
        7,
        "vocational_unit",
        _l("Samlet enhed af jobkonsulenter"),
        "Vocational unit",
        _a(
            _l("Konsulenterne er ikke en enhed"),
            _l("En enhed, men ingen fælles møder"),
            _l("Fælles møder, men ikke om sager"),
            _l("Mindst to konsulenter, møder om sager mindst hver anden uge"),
            _l("Mindst to konsulenter og en leder, ugentlige sagsmøder, dækker for hinanden"),
        ),
    ),
    Item(
        8,
        "supervisor",
        _l("Lederens rolle"),
        "Role of employment supervisor",
        _a(
            _l("Ingen faglig leder af indsatsen, eller lederen har mere end 10 konsulenter"),
            _l("Ét af de fem kendetegn"),
            _l("To af kendetegnene"),
            _l("Tre eller fire af kendetegnene"),
            _l("Alle fem: sagsmøder, feltoplæring, mål og resultater følges m.m."),
        ),
    ),
    Item(
        9,
        "zero_exclusion",
        _l("Ingen udelukkelse"),
        "Zero exclusion criteria",
        _a(
            _l("Mere end 20 % af borgerne venter eller er sat på pause"),
            _l("11-20 %"),
            _l("6-10 %"),
            _l("1-5 %"),
            _l("Ingen borgere venter over 30 dage på en konsulent eller er sat på pause"),
        ),
        computed=True,
        caveat=_l(
            "Skalaen beskriver praksis i ord (ingen krav om at være 'klar'). Tærsklerne her "
            "er systemets egne: andelen af borgere uden konsulent i over 30 dage eller på pause."
        ),
    ),
    Item(
        10,
        "competitive_focus",
        _l("Fokus på ordinært arbejde"),
        "Agency focus on competitive employment",
        _a(
            _l("Ét af de fire kendetegn eller intet"),
            _l("To af kendetegnene"),
            _l("Tre af kendetegnene"),
            _l("Fire af kendetegnene"),
            _l("Alle kendetegn: borgerne spørges, resultater deles, succeser fejres m.m."),
        ),
    ),
    Item(
        11,
        "executive_support",
        _l("Ledelsens opbakning"),
        "Executive team support for SE",
        _a(
            _l("Højst ét af de fem kendetegn"),
            _l("To af kendetegnene"),
            _l("Tre af kendetegnene"),
            _l("Fire af kendetegnene"),
            _l("Alle fem: ledelsen kender IPS, følger kvaliteten og fjerner barrierer"),
        ),
    ),
    Item(
        12,
        "benefits_planning",
        _l("Vejledning om ydelser og løn"),
        "Work incentives planning",
        _a(
            _l("Ingen vejledning om, hvad et job betyder for ydelsen"),
            _l("Vejledning kun på opfordring"),
            _l("Vejledning til nogle borgere"),
            _l("Vejledning til de fleste før jobstart"),
            _l("Alle borgere får en beregning af, hvad job betyder for deres ydelse"),
        ),
    ),
    Item(
        13,
        "disclosure",
        _l("Åbenhed om helbred over for arbejdsgiver"),
        "Disclosure",
        _a(
            _l("Ingen samtale om, hvad borgeren vil fortælle arbejdsgiveren"),
            _l("Ét af de tre kendetegn"),
            _l("To af kendetegnene"),
            _l("Tre kendetegn, men ikke løbende"),
            _l("Borgeren vælger selv og får vejledning om fordele og ulemper"),
        ),
    ),
    Item(
        14,
        "ongoing_assessment",
        _l("Løbende vurdering gennem arbejde"),
        "Ongoing, work-based vocational assessment",
        _a(
            _l("Vurdering før jobsøgning i test eller beskyttede værksteder"),
            _l("Vurdering i kurser eller test før jobsøgning"),
            _l("Vurdering gennem arbejde, men også forudgående test"),
            _l("Vurdering for det meste i job, løbende"),
            _l("Vurderingen sker løbende i rigtige job og bygger på borgerens erfaringer"),
        ),
    ),
    Item(
        15,
        "rapid_search",
        _l("Hurtig jobsøgning"),
        "Rapid job search for competitive job",
        _a(
            _l("Første arbejdsgiverkontakt i gennemsnit efter 271 dage eller mere"),
            _l("151-270 dage"),
            _l("61-150 dage"),
            _l("31-60 dage"),
            _l("Første arbejdsgiverkontakt i gennemsnit inden for 30 dage efter henvisning"),
        ),
        computed=True,
        caveat=_l(
            "Henvisningen er den dag, borgeren blev oprettet i systemet. Første kontakt er "
            "den første kontakt med en virksomhed for borgeren eller det første forslag om et "
            "forløb. Borgere uden kontakt tæller med de dage, der er gået, når det er over 30."
        ),
    ),
    Item(
        16,
        "individualized_search",
        _l("Jobsøgning efter borgerens ønsker"),
        "Individualized job search",
        _a(
            _l("Under 25 % af kontakterne bygger på borgerens ønsker"),
            _l("25-49 %"),
            _l("50-74 %"),
            _l("75-89 %"),
            _l("Jobsøgningen bygger på borgerens ønsker, styrker og erfaring"),
        ),
    ),
    Item(
        17,
        "contact_frequency",
        _l("Jobudvikling: hyppige arbejdsgiverkontakter"),
        "Job development - Frequent employer contact",
        _a(
            _l("Under 2 arbejdsgiverkontakter pr. uge pr. konsulent"),
            _l("2 kontakter pr. uge"),
            _l("3-4 kontakter pr. uge"),
            _l("5 kontakter pr. uge"),
            _l("6 eller flere personlige arbejdsgiverkontakter pr. uge pr. konsulent"),
        ),
        computed=True,
        caveat=_l(
            "Skalaen tæller kun personlige møder (ansigt til ansigt). Kontaktloggen skelner "
            "ikke, så alle kontakter i loggen tæller."
        ),
    ),
    Item(
        18,
        "contact_quality",
        _l("Jobudvikling: kvaliteten af arbejdsgiverkontakten"),
        "Job development - Quality of employer contact",
        _a(
            _l("Under 20 % af kontakterne nævner borgernes ønsker"),
            _l("20-39 %"),
            _l("40-59 %"),
            _l("60-79 %"),
            _l(
                "80 procent eller flere af kontakterne er for navngivne borgere "
                "og nævner deres ønsker"
            ),
        ),
        computed=True,
        caveat=_l(
            "Skalaen beskriver kvaliteten i ord (relationen til arbejdsgiveren, borgerens "
            "styrker). Tærsklerne her er systemets egne."
        ),
    ),
    Item(
        19,
        "job_types",
        _l("Forskellige slags job"),
        "Diversity of job types",
        _a(
            _l("Under 50 % af jobbene er forskellige"),
            _l("50-64 %"),
            _l("65-74 %"),
            _l("75-84 %"),
            _l("85-100 % af jobbene er forskellige slags job"),
        ),
        computed=True,
        caveat=_l("En slags job er opslagets titel (store og små bogstaver tæller ens)."),
    ),
    Item(
        20,
        "employers",
        _l("Forskellige arbejdsgivere"),
        "Diversity of employers",
        _a(
            _l("Under 50 % af jobbene er hos forskellige arbejdsgivere"),
            _l("50-64 %"),
            _l("65-74 %"),
            _l("75-84 %"),
            _l("85-100 % af jobbene er hos forskellige arbejdsgivere"),
        ),
        computed=True,
    ),
    Item(
        21,
        "competitive_jobs",
        _l("Ordinære job"),
        "Competitive jobs",
        _a(
            _l("Under 64 % af jobbene er ordinære"),
            _l("64-74 %"),
            _l("75-84 %"),
            _l("85-94 %"),
            _l("95 procent eller flere af jobbene er ordinære job"),
        ),
        computed=True,
        caveat=_l(
            "Ordinære job er de typer, kommunen har valgt i IPS_COMPETITIVE_KINDS (som "
            "standard job med støtte og elev- og lærlingepladser)."
        ),
    ),
    Item(
        22,
        "individual_follow_along",
        _l("Individuel støtte i job"),
        "Individualized follow-along supports",
        _a(
            _l("Under 25 % af jobbene har haft opfølgning efter start"),
            _l("25-49 %"),
            _l("50-74 %"),
            _l("75-89 %"),
            _l("90 procent eller flere af jobbene har haft opfølgning efter jobstart"),
        ),
        computed=True,
        caveat=_l(
            "Skalaen beskriver støtten i ord (til borger og arbejdsgiver, efter ønske). "
            "Tærsklerne her er systemets egne: opfølgninger udført efter jobstart."
        ),
    ),
    Item(
        23,
        "time_unlimited",
        _l("Støtte i job uden tidsgrænse"),
        "Time-unlimited follow-along supports",
        _a(
            _l("Halvdelen af jobbene eller flere mistede støtten ved en tidsgrænse"),
            _l("Nogle job mistede støtten ved en tidsgrænse"),
            _l("Ingen tidsgrænse, men ikke opfølgning i første måned i alle job"),
            _l("Ingen tidsgrænse og opfølgning i første måned i alle job"),
            _l("Ingen tidsgrænse og ugentlig opfølgning (4 gange) i første måned i alle job"),
        ),
        computed=True,
        caveat=_l(
            "Et job mistede støtten ved en tidsgrænse, når forløbet sluttede på den planlagte "
            "slutdato. Skalaens trin taler om kontakt før start, ugentligt og månedligt i et "
            "år; systemet tæller opfølgningerne i første måned."
        ),
    ),
    Item(
        24,
        "community_based",
        _l("Indsats ude i samfundet"),
        "Community-based services",
        _a(
            _l("Konsulenten bruger under 30 % af tiden ude"),
            _l("30-39 %"),
            _l("40-49 %"),
            _l("50-64 %"),
            _l("65 % af tiden eller mere ude hos borgere og arbejdsgivere"),
        ),
    ),
    Item(
        25,
        "outreach",
        _l("Opsøgende indsats"),
        "Assertive engagement and outreach by integrated team",
        _a(
            _l("Ingen opsøgende indsats"),
            _l("Ét af kendetegnene"),
            _l("To af kendetegnene"),
            _l("Tre af kendetegnene"),
            _l("Systematisk opsøgende indsats, når en borger ikke dukker op"),
        ),
    ),
)

BY_KEY = {item.key: item for item in ITEMS}
REVIEWED = tuple(item for item in ITEMS if not item.computed)
UNSURE = _l(
    "Skalaens trin er gengivet kort på dansk. Trinene for punkt 1 og 2 er kontrolleret mod "
    "skalaens tekst fra 2008; de øvrige punkters trin er forkortet og ikke kontrolleret ord "
    "for ord. Læs skalaens egen tekst, før du giver point."
)


def level(total: int):
    """The scale's word for a total of all 25 items."""
    for floor, word in TOTAL_LEVELS:
        if total >= floor:
            return word
    return BELOW_LEVELS
