"""The agreement PDF as its readers get it: text on each page, fonts, metadata, validity."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from placement.agreements.content import AgreementContent, AgreementDocument, ConfirmationLine
from placement.agreements.pdf import KIND_LABELS, KIND_TITLES, render
from tests.conftest import missing

NUMBER = "791-000123"
CONSULTANT = "Mette Jensen"
NAMES = ["Łukasz Østergård-Şahin", "Zoë Nováková", "Ödön Kovács", "Çağla Şeker", "Mikołaj Czyż"]


@pytest.fixture(autouse=True)
def app_context():
    """The renderer needs neither app nor database: this replaces conftest's per-test one."""
    yield


def typical_content(**overrides) -> AgreementContent:
    """A 13-week internship with the usual amount of text; it fills two pages."""
    fields = dict(
        kind="internship",
        citizen_name="Łukasz Østergård-Şahin",
        citizen_birth_date=date(1990, 3, 3),
        company_name="Viborg Køkken & Kantine ApS",
        company_cvr="29384756",
        company_p_number="1012345678",
        company_address="Vestergade 4, 8800 Viborg",
        company_contact="Lene Holm, tlf. 86 12 34 56, lene@vkk.dk",
        jobcenter="Jobcenter Viborg",
        consultant=f"{CONSULTANT}, mette.jensen@viborg.dk",
        purpose="Afklare et jobmål inden for køkken og kantine.",
        start_date=date(2027, 2, 1),
        end_date=date(2027, 4, 30),
        hours_per_week=20,
        working_times="Mandag–torsdag kl. 8–13",
        hours_plan=((1, 10), (4, 15), (8, 20)),
        tasks=(
            "Klargøring af grøntsager og salat til frokostbuffeten",
            "Opvask og oprydning i køkkenet efter frokost",
            "Opfyldning af kølediske og kontrol af datoer",
            "Modtagelse af varer sammen med en fast medarbejder",
            "Enkel madlavning efter opskrift, fx supper og sandwich",
        ),
        adaptations=(
            "Pause på 10 minutter hver time",
            "Fast arbejdsplads tæt på udgangen",
            "Skriftlig dagsplan ved mødetid",
        ),
        mentor_name="Jens Nielsen",
        mentor_role="køkkenchef",
        followup_dates=(date(2027, 2, 8), date(2027, 3, 1), date(2027, 4, 19)),
        terms=(
            (
                "Sygdom og fravær",
                "Ved sygdom ringer borgeren til virksomheden inden kl. 8 og "
                "giver også jobkonsulenten besked samme dag.",
            ),
            (
                "Forsikring",
                "Kommunen har ansvaret for arbejdsskadeforsikring under praktikken. "
                "Virksomheden skal ikke betale løn.",
            ),
            (
                "Ophør",
                "Hver af parterne kan afbryde praktikken, hvis den ikke fungerer. "
                "Giv jobkonsulenten besked, så I sammen kan finde en god løsning.",
            ),
        ),
    )
    fields.update(overrides)
    return AgreementContent(**fields)


def content_for(kind: str) -> AgreementContent:
    """Typical content as the system would write it for that kind."""
    if kind == "internship":
        return typical_content()
    if kind == "wage_subsidy":
        return typical_content(
            kind=kind,
            purpose="",
            full_time_employees=24,
            staff_representative="Anne Krogh",
            monthly_wage_cost=32500,
        )
    return typical_content(kind=kind, purpose="")


CONFIRMED = ConfirmationLine("consultant", CONSULTANT, datetime(2026, 11, 23, 13, 5, tzinfo=UTC))
ON_PAPER = ConfirmationLine(
    "citizen",
    CONSULTANT,
    datetime(2027, 6, 1, 10, 0, tzinfo=UTC),
    on_paper=True,
    note="Underskrevet ved mødet på jobcentret.",
)


def document(content: AgreementContent | None = None, **overrides) -> AgreementDocument:
    fields = dict(
        content=content or typical_content(),
        number=NUMBER,
        version=2,
        author="Viborg Kommune",
        confirmations=(CONFIRMED, ON_PAPER),
    )
    fields.update(overrides)
    return AgreementDocument(**fields)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Whitespace made single spaces, so a phrase wrapped over two lines is still found."""
    return " ".join(text.split())


# --- content ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KIND_TITLES))
def test_every_kind_prints_its_title_and_all_required_fields(kind):
    content = content_for(kind)
    text = flat(" ".join(page_texts(render(document(content)))))

    expected = [
        KIND_TITLES[kind],
        f"Type {KIND_LABELS[kind]}",
        "Parterne",
        "Borger Łukasz Østergård-Şahin, født 3. marts 1990",
        "Viborg Køkken & Kantine ApS",
        "CVR 29384756",
        "P-nummer 1012345678",
        "Vestergade 4, 8800 Viborg",
        "Kontaktperson: Lene Holm, tlf. 86 12 34 56, lene@vkk.dk",
        "Jobcenter Jobcenter Viborg",
        "Ansvarlig jobkonsulent Mette Jensen, mette.jensen@viborg.dk",
        "Periode 1. februar 2027 – 30. april 2027 (13 uger)",
        "Timer om ugen 20 timer",
        "Arbejdstider Mandag–torsdag kl. 8–13",
        "Optrapning af timer",
        "Fra uge Timer om ugen",
        "Uge 1 10 timer",
        "Uge 4 15 timer",
        "Uge 8 20 timer",
        *content.tasks,
        *content.adaptations,
        "Mentor Jens Nielsen, køkkenchef",
        "Opfølgning",
        "8. februar 2027",
        "1. marts 2027",
        "19. april 2027",
        *(heading for heading, _ in content.terms),
        *(flat(text) for _, text in content.terms),
        "Bekræftelser",
    ]
    for phrase in expected:
        assert phrase in text, f"{kind}: {phrase!r} missing"

    wage_subsidy = {
        "Antal fuldtidsansatte": "24",
        "Tillidsrepræsentant": "Anne Krogh",
        "Samlet lønudgift pr. måned": "32.500 kr.",
    }
    for label, value in wage_subsidy.items():
        assert (label in text) == (kind == "wage_subsidy"), label
        assert (f"{label} {value}" in text) == (kind == "wage_subsidy"), label
    assert ("Formål Afklare et jobmål inden for køkken og kantine." in text) == (
        kind == "internship"
    )
    assert ("Formål" in text) == (kind == "internship")


def test_what_is_not_agreed_is_said_in_words():
    content = typical_content(
        kind="flexjob",
        purpose="",
        end_date=None,
        hours_plan=(),
        adaptations=(),
        mentor_name="",
        mentor_role="",
        followup_dates=(),
    )
    text = flat(" ".join(page_texts(render(document(content)))))

    assert "Periode Fra 1. februar 2027, ingen slutdato" in text
    assert "Ingen optrapning planlagt." in text
    assert "Ingen særlige tilpasninger aftalt." in text
    assert "Ingen mentor aftalt." in text
    assert "Datoerne aftales med jobkonsulenten." in text


def test_a_company_without_p_number_or_contact_shows_no_empty_labels():
    content = typical_content(company_p_number="", company_contact="")
    text = flat(" ".join(page_texts(render(document(content)))))
    assert f"CVR {content.company_cvr}" in text
    assert "P-nummer" not in text and "Kontaktperson" not in text


@pytest.mark.parametrize(
    "end, weeks",
    [
        (date(2027, 2, 5), "(1 uge)"),  # Monday to Friday
        (date(2027, 2, 7), "(1 uge)"),  # Monday to Sunday
        (date(2027, 2, 8), "(2 uger)"),  # one day into the next week
        (date(2027, 4, 30), "(13 uger)"),
    ],
)
def test_the_period_counts_every_week_it_touches(end, weeks):
    text = flat(" ".join(page_texts(render(document(typical_content(end_date=end))))))
    assert weeks in text


@pytest.mark.parametrize("name", NAMES)
def test_names_come_out_exactly_as_typed(name):
    content = typical_content(citizen_name=name, mentor_name=name)
    text = " ".join(page_texts(render(document(content))))
    assert f"{name}, født 3. marts 1990" in text
    assert f"{name}, køkkenchef" in text


def test_no_cpr_number_is_printed_though_the_birth_date_is_known():
    content = typical_content()
    pdf = render(document(content))
    text = " ".join(page_texts(pdf))

    assert "født 3. marts 1990" in text
    # The P-number has ten digits by definition and the hash may hold ten in a row: take those
    # out, and nothing shaped like a CPR number (DDMMYY-SSSS) may remain.
    rest = text.replace(content.company_p_number, "").replace(content.sha256, "")
    assert not re.search(r"\d{6}-?\d{4}", rest)
    assert "030390" not in re.sub(r"\s", "", rest)


def test_confirmations_are_printed_per_party_in_danish_time():
    text = flat(page_texts(render(document()))[-1])

    # 13.05 UTC in November is 14.05 in Copenhagen; 10.00 UTC in June is 12.00 (summer time).
    assert "Jobkonsulent Mette Jensen 23. november 2026 kl. 14.05" in text
    assert "Virksomhed Ikke bekræftet endnu" in text
    assert (
        "Borger Bekræftet på papir, noteret af Mette Jensen "
        "Underskrevet ved mødet på jobcentret. 1. juni 2027 kl. 12.00"
    ) in text
    # Printed in the order consultant, employer, citizen.
    order = [text.index(f"{party} ") for party in ("Jobkonsulent", "Virksomhed", "Borger")]
    assert order == sorted(order)


def test_an_agreement_nobody_has_confirmed_says_so_for_each_party():
    text = flat(page_texts(render(document(confirmations=())))[-1])
    assert text.count("Ikke bekræftet endnu") == 3


# --- pages and footer ------------------------------------------------------------------------


def test_a_typical_agreement_has_two_numbered_pages_with_its_number_and_version():
    pages = page_texts(render(document()))

    assert len(pages) == 2
    for number, text in enumerate(pages, 1):
        assert f"Side {number} af 2" in text
        assert f"Aftale nr. {NUMBER} · version 2" in text


def test_the_content_hash_is_printed_whole_on_the_last_page_only():
    content = typical_content()
    pages = page_texts(render(document(content)))

    assert all("SHA-256" not in text for text in pages[:-1])
    found = re.findall(r"SHA-256 af aftalens indhold: ([0-9a-f]+)", pages[-1])
    assert found == [content.sha256]


def test_long_lists_run_over_several_pages_each_item_once_and_numbered():
    tasks = tuple(
        f"Opgave {i:02d}: sortering og registrering af post til afdeling {i:02d}"
        for i in range(1, 61)
    )
    adaptations = tuple(
        f"Tilpasning {i:02d}: hæve-sænke-bord og pause efter behov" for i in range(1, 16)
    )
    pdf = render(document(typical_content(tasks=tasks, adaptations=adaptations)))
    pages = page_texts(pdf)
    total = len(pages)
    text = flat(" ".join(pages))

    assert total >= 3
    for number, page in enumerate(pages, 1):
        assert f"Side {number} af {total}" in page
        assert f"Aftale nr. {NUMBER} · version 2" in page
    for item in tasks + adaptations:
        assert text.count(item) == 1, item
    assert_no_text_in_footer_band(pdf)


@pytest.mark.parametrize("kind", ["internship", "wage_subsidy"])
def test_plain_text_skips_the_markup_parser_and_the_file_is_the_same_byte_for_byte(
    kind, monkeypatch
):
    """Paragraphs without markup are built without ReportLab's parser (a speed-up): the PDF
    is exactly the one the parser gives, with names, ampersands, line breaks and spaces."""
    from reportlab import rl_config
    from reportlab.platypus import Paragraph

    from placement.agreements import pdf

    monkeypatch.setattr(rl_config, "invariant", 1)  # no creation time or random file id
    content = content_for(kind) if kind != "internship" else typical_content()
    content = replace(
        content,
        tasks=("Opvask & oprydning  <i>ikke kursiv</i>", "  to   mellemrum ", "linje 1\nlinje 2"),
        company_name="Ærø & Søn ApS",
    )
    made = render(document(content))
    monkeypatch.setattr(
        pdf, "_paragraph", lambda text, style, bulletText=None: Paragraph(text, style, bulletText)
    )
    assert render(document(content)) == made


def assert_no_text_in_footer_band(pdf: bytes) -> None:
    """Only the footer is drawn below 25 mm from the bottom edge: body text never runs into it."""
    footer = re.compile(r"Aftale nr\.|Side \d+ af \d+|SHA-256")
    for number, page in enumerate(PdfReader(BytesIO(pdf)).pages, 1):
        low = []

        def visit(text, cm, tm, font, size, low=low):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and y < 25 * 72 / 25.4 and not footer.search(text):
                low.append((round(y), text))

        page.extract_text(visitor_text=visit)
        assert not low, f"page {number}: body text in the footer band: {low}"


def test_a_table_that_runs_onto_the_next_page_repeats_its_header():
    plan = tuple((week, 10 + week % 20) for week in range(1, 81))
    pages = page_texts(render(document(typical_content(hours_plan=plan))))
    with_rows = [text for text in pages if re.search(r"Uge \d+\n\d+ timer", text)]

    assert len(with_rows) >= 2
    assert all("Fra uge" in text for text in with_rows)


# --- the file itself -------------------------------------------------------------------------


def test_metadata_names_the_agreement_the_municipality_and_danish():
    reader = PdfReader(BytesIO(render(document())))

    assert reader.metadata.title == (f"Aftale om virksomhedspraktik nr. {NUMBER}, version 2")
    assert reader.metadata.author == "Viborg Kommune"
    assert reader.trailer["/Root"]["/Lang"] == "da-DK"


def test_only_the_embedded_source_sans_pro_is_used():
    pdf = render(document(content_for("wage_subsidy")))
    reader = PdfReader(BytesIO(pdf))

    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(font["/BaseFont"].split("+", 1)[-1])
            assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
    assert names == {"SourceSansPro-Regular", "SourceSansPro-Bold"}
    assert b"Helvetica" not in pdf


@pytest.mark.parametrize("kind", ["internship", "wage_subsidy"])
def test_qpdf_finds_the_file_valid(kind, tmp_path):
    if shutil.which("qpdf") is None:
        missing("qpdf is not installed (apt-get install qpdf)")
    path = tmp_path / "aftale.pdf"
    path.write_bytes(render(document(content_for(kind))))
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# --- the content's identity ------------------------------------------------------------------


def test_content_survives_json_with_the_same_hash():
    content = content_for("wage_subsidy")
    again = AgreementContent.from_json(content.to_json())

    assert again == content
    assert again.sha256 == content.sha256


@pytest.mark.parametrize(
    "change",
    [
        {"citizen_name": "Zoë Nováková"},
        {"end_date": date(2027, 5, 1)},
        {"hours_plan": ((1, 10), (4, 15), (8, 21))},
        {"tasks": ("Opvask",)},
        {"terms": ()},
    ],
)
def test_changing_one_field_changes_the_hash(change):
    content = typical_content()
    assert replace(content, **change).sha256 != content.sha256
