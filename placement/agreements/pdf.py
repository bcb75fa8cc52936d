"""The agreement PDF: an AgreementDocument in, A4 PDF bytes out (ReportLab; no Flask, no DB)."""

from __future__ import annotations

import copy
import threading
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

import font_source_sans_pro
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]  # not in the stubs
    cleanBlockQuotedText,
    textTransformFrags,
)
from reportlab.platypus.paraparser import ParaParser

from placement.agreements.content import AgreementContent, AgreementDocument, ConfirmationLine
from placement.common import clock
from placement.common.policy import (
    NET_GROWTH_AVERAGE_MONTHS,
    NET_GROWTH_NEW_HIRES,
    NET_GROWTH_SOURCE,
)
from placement.placements.duration_limits import weeks_between

KIND_TITLES = {
    "internship": "Aftale om virksomhedspraktik",
    "wage_subsidy": "Aftale om ansættelse med løntilskud",
    "flexjob": "Aftale om fleksjob",
    "sheltered_job": "Aftale om skånejob",
    "supported_job": "Aftale om ordinære timer med støtte (IPS)",
    "apprenticeship": "Aftale om elev- eller lærlingeplads",
    "education": "Aftale om uddannelsesforløb",
}
# The same words as placement.models.kinds.KIND_LABELS, kept here as plain text because that
# module needs Flask-Babel and this one must render without an app.
KIND_LABELS = {
    "internship": "Virksomhedspraktik",
    "wage_subsidy": "Løntilskud",
    "flexjob": "Fleksjob",
    "sheltered_job": "Skånejob",
    "supported_job": "Job med støtte (IPS)",
    "apprenticeship": "Elev- eller lærlingeplads",
    "education": "Uddannelsesforløb",
}
PARTIES = (("consultant", "Jobkonsulent"), ("employer", "Virksomhed"), ("citizen", "Borger"))
MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)

# One embedded TrueType family for everything: the base-14 fonts have no ł, ş or ő, and an
# unembedded font would leave the glyphs to whatever the reader's machine has.
REGULAR, BOLD = "SourceSansPro", "SourceSansPro-Bold"
_fonts_lock = threading.Lock()
# Style name → the parser's fragment for plain text in it (_paragraph).
_plain_fragments: dict[str, Any] = {}
_fonts_ready = False

INK = colors.HexColor("#1d3557")
GREY = colors.HexColor("#5a6270")
RULE = colors.HexColor("#c9ced6")
SHADE = colors.HexColor("#eef1f5")
MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN
LABEL_WIDTH = 48 * mm

BODY = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13.5)
TITLE = ParagraphStyle(
    "title", parent=BODY, fontName=BOLD, fontSize=19, leading=23, textColor=INK, spaceAfter=3
)
SUBTITLE = ParagraphStyle("subtitle", parent=BODY, textColor=GREY, spaceAfter=6)
HEADING = ParagraphStyle(
    "heading",
    parent=BODY,
    fontName=BOLD,
    fontSize=12.5,
    leading=16,
    textColor=INK,
    spaceBefore=11,
    spaceAfter=4,
)
SUBHEADING = ParagraphStyle("subheading", parent=BODY, fontName=BOLD, spaceBefore=5, spaceAfter=1)
FACT = ParagraphStyle(
    "fact",
    parent=BODY,
    leftIndent=LABEL_WIDTH,
    bulletIndent=0,
    bulletFontName=REGULAR,
    bulletColor=GREY,
    spaceAfter=3.5,
)
BULLET = ParagraphStyle(
    "bullet", parent=BODY, leftIndent=11, bulletIndent=1, spaceAfter=2.5, bulletFontName=REGULAR
)

# A table sets its cell font even around paragraphs, so name ours or Helvetica gets pulled in.
GRID_STYLE = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), BODY.fontSize),
        ("LEADING", (0, 0), (-1, -1), BODY.leading),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
)


def render(document: AgreementDocument) -> bytes:
    """The agreement as PDF bytes; the same document always gives the same pages."""
    _register_fonts()
    content = document.content
    title = KIND_TITLES.get(content.kind, "Aftale")
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=27 * mm,  # room for the footer and, on the last page, the SHA-256 line
        title=f"{title} nr. {document.number}, version {document.version}",
        author=document.author,
        subject=title,
        creator="Placement",
        lang="da-DK",
        # ReportLab would otherwise open every page in Helvetica, a base-14 font.
        initialFontName=REGULAR,
    )
    story = [
        _paragraph(escape(title), TITLE),
        _paragraph(
            escape(
                f"Aftale nr. {document.number} · version {document.version} · {content.jobcenter}"
            ),
            SUBTITLE,
        ),
        HRFlowable(width="100%", thickness=0.8, color=INK, spaceAfter=2),
        *_parties(content),
        *_course(content),
        *_tasks(content),
        *_support(content),
        *_mentor_support(content),
        *_wage_subsidy(content),
        *_net_growth(content),
        *_followup(content),
        *_terms(content),
        *_confirmations(document.confirmations),
        *_representative(document.representative),
    ]
    doc.build(story, canvasmaker=partial(_FooterCanvas, document=document))
    return buffer.getvalue()


def _register_fonts() -> None:
    """Parse the TTF files once per process: parsing both costs about half a render."""
    global _fonts_ready
    if _fonts_ready:
        return
    with _fonts_lock:
        if not _fonts_ready:
            files = font_source_sans_pro.font_files_ttf
            pdfmetrics.registerFont(TTFont(REGULAR, files["SourceSansPro"]))
            pdfmetrics.registerFont(TTFont(BOLD, files["SourceSansProBold"]))
            pdfmetrics.registerFontFamily(
                REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
            )
            _fonts_ready = True


# --- sections ---------------------------------------------------------------------------------


def _parties(content: AgreementContent) -> list:
    numbers = f"CVR {content.company_cvr}" + (
        f" · P-nummer {content.company_p_number}" if content.company_p_number else ""
    )
    company = "<br/>".join(
        escape(line)
        for line in (
            content.company_name,
            numbers,
            content.company_address,
            f"Kontaktperson: {content.company_contact}" if content.company_contact else "",
        )
        if line
    )
    return [
        *_heading("Parterne"),
        *_facts(
            [
                # The birth date says who the citizen is; a CPR number never goes on paper.
                (
                    "Borger",
                    f"{escape(content.citizen_name)}, født {_date(content.citizen_birth_date)}",
                ),
                ("Virksomhed", company),
                ("Jobcenter", escape(content.jobcenter)),
                ("Ansvarlig jobkonsulent", escape(content.consultant)),
            ]
        ),
    ]


def _course(content: AgreementContent) -> list:
    rows = [("Type", KIND_LABELS.get(content.kind, escape(content.kind)))]
    if content.purpose:
        rows.append(("Formål", escape(content.purpose)))
    rows.append(("Periode", _period(content.start_date, content.end_date)))
    if content.hours_per_week is not None:
        rows.append(("Timer om ugen", f"{content.hours_per_week} timer"))
    if content.working_times:
        rows.append(("Arbejdstider", escape(content.working_times)))
    plan: Flowable
    if content.hours_plan:
        plan = _grid(
            ["Fra uge", "Timer om ugen"],
            [[f"Uge {week}", f"{hours} timer"] for week, hours in content.hours_plan],
            [LABEL_WIDTH, WIDTH - LABEL_WIDTH],
        )
    else:
        plan = _paragraph("Ingen optrapning planlagt.", BODY)
    return [*_heading("Forløbet"), *_facts(rows), *_heading("Optrapning af timer"), plan]


def _tasks(content: AgreementContent) -> list:
    return [
        *_heading("Arbejdsopgaver"),
        *_bullets(content.tasks, "Arbejdsopgaverne er ikke beskrevet endnu."),
    ]


def _support(content: AgreementContent) -> list:
    if content.mentor_name:
        mentor = ", ".join(part for part in (content.mentor_name, content.mentor_role) if part)
    else:
        mentor = "Ingen mentor aftalt."
    return [
        *_heading("Tilpasninger"),
        *_bullets(content.adaptations, "Ingen særlige tilpasninger aftalt."),
        *_heading("Mentor"),
        _paragraph(escape(mentor), BODY),
    ]


def _mentor_support(content: AgreementContent) -> list:
    story = [*_heading("Mentorstøtte")]
    if not content.mentor_support:
        return [*story, _paragraph("Ingen mentorstøtte bevilget.", BODY)]
    for number, grant in enumerate(content.mentor_support, 1):
        if len(content.mentor_support) > 1:
            story += _heading(f"Periode {number}", SUBHEADING)
        story += _facts(
            [
                ("Mentor", escape(grant.mentor)),
                ("Intern eller ekstern", escape(grant.kind)),
                ("Timer om ugen", f"{escape(grant.hours)} timer"),
                ("Periode", f"{_date(grant.start_date)} – {_date(grant.end_date)}"),
                ("Betales af", escape(grant.paid_by)),
            ]
        )
    return story


def _wage_subsidy(content: AgreementContent) -> list:
    if content.kind != "wage_subsidy":
        return []
    employees = content.full_time_employees
    cost = content.monthly_wage_cost
    return [
        *_heading("Løntilskud"),
        *_facts(
            [
                ("Antal fuldtidsansatte", "Ikke oplyst" if employees is None else str(employees)),
                ("Tillidsrepræsentant", escape(content.staff_representative) or "Ingen"),
                ("Samlet lønudgift pr. måned", "Ikke oplyst" if cost is None else _kroner(cost)),
            ]
        ),
    ]


def _net_growth(content: AgreementContent) -> list:
    """A wage subsidy's net growth declaration: the figures, the rule's verdict, who and when.
    The rule is the one in placement/placements/net_growth.py, in plain numbers here, as this
    module renders without an app."""
    if content.kind != "wage_subsidy":
        return []
    story = [*_heading("Erklæring om merbeskæftigelse")]
    growth = content.net_growth
    if growth is None:
        return [*story, _paragraph("Virksomheden har ikke afgivet erklæringen.", BODY)]
    average = Decimal(growth.average_12_months)
    with_new = growth.employees_last_month + NET_GROWTH_NEW_HIRES
    first = _month(_months_back(growth.month, NET_GROWTH_AVERAGE_MONTHS))
    last = _month(_months_back(growth.month, 1))
    verdict = (
        f"Opfyldt: {with_new} ansatte med den nye er flere end gennemsnittet"
        if with_new > average
        else f"Ikke opfyldt: {with_new} ansatte med den nye er ikke flere end gennemsnittet"
    )
    return [
        *story,
        *_facts(
            [
                (
                    f"Almindelige ansatte i {_month(growth.month)}",
                    str(growth.employees_last_month),
                ),
                (
                    "Gennemsnit for de 12 måneder før",
                    f"{_decimal(average)} ({first} – {last})",
                ),
                ("Krav om nettoudvidelse", f"{verdict} ({escape(NET_GROWTH_SOURCE)})"),
                (
                    "Erklæret af",
                    f"{escape(growth.declared_by) or 'Virksomheden'}, "
                    f"{local_time(growth.declared_at)}",
                ),
            ]
        ),
    ]


def _followup(content: AgreementContent) -> list:
    if not content.followup_dates:
        return [*_heading("Opfølgning"), _paragraph("Datoerne aftales med jobkonsulenten.", BODY)]
    return [
        *_heading("Opfølgning"),
        _paragraph("Jobkonsulenten følger op på forløbet på disse datoer:", BODY),
        *_bullets([_date(day) for day in content.followup_dates], ""),
    ]


def _terms(content: AgreementContent) -> list:
    if not content.terms:
        return []
    story = [*_heading("Vilkår")]
    for heading, text in content.terms:
        story += [*_heading(escape(heading), SUBHEADING), _paragraph(_lines(text), BODY)]
    return story


def _confirmations(confirmations: tuple[ConfirmationLine, ...]) -> list:
    by_party = {line.party: line for line in confirmations}
    rows: list[list[str | Paragraph]] = []
    for party, label in PARTIES:
        line = by_party.get(party)
        if line is None:
            rows.append([label, "Ikke bekræftet endnu", ""])
            continue
        said = escape(line.name)
        if line.on_paper:
            said = f"Bekræftet på papir, noteret af {said}"
            if line.note:
                said += f"<br/>{_lines(line.note)}"
        rows.append([label, _paragraph(said, BODY), local_time(line.at)])
    return [
        *_heading("Bekræftelser"),
        _grid(
            ["Part", "Bekræftet af", "Tidspunkt"],
            rows,
            [LABEL_WIDTH - 10 * mm, WIDTH - LABEL_WIDTH - 42 * mm, 52 * mm],
        ),
    ]


def _representative(line: str) -> list:
    if not line:
        return []
    return [*_heading("Tillidsrepræsentant"), _paragraph(escape(line), BODY)]


# --- building blocks --------------------------------------------------------------------------


def _paragraph(text: str, style: ParagraphStyle, bulletText: str | None = None) -> Paragraph:
    """Paragraph(text, style, bulletText), without ReportLab's markup parser for text that has
    no markup: most of an agreement's paragraphs, and the parser (Python's HTMLParser) was a
    sixth of a render. Such text is one fragment in the style's font, a copy of the style's
    own, which is what the parser makes of it too; text with a tag or an entity is parsed."""
    cleaned = cleanBlockQuotedText(text)
    if "<" in cleaned or "&" in cleaned:
        return Paragraph(text, style, bulletText)
    frags = []
    if cleaned:
        frag = copy.copy(_plain_fragment(style))
        frag.text = cleaned
        frag.link, frag.us_lines = [], []  # the parser gives each paragraph its own lists
        frags.append(frag)
        textTransformFrags(frags, style)
    return Paragraph(cleaned, style, bulletText, frags=frags)


def _plain_fragment(style: ParagraphStyle):
    """The fragment the parser makes of a plain word in this style (made once per style)."""
    fragment = _plain_fragments.get(style.name)
    if fragment is None:
        parser = ParaParser()
        parser.caseSensitive = 1
        _parsed_style, frags, _bullet = parser.parse("x", style)
        fragment = _plain_fragments[style.name] = frags[0]
    return fragment


def _heading(text: str, style: ParagraphStyle = HEADING) -> list:
    # A heading never ends a page alone: start a new page unless its first lines fit too.
    # keepWithNext would do the same, but lays the next flowable out twice (a tenth of a render).
    return [CondPageBreak(28 * mm if style is HEADING else 18 * mm), _paragraph(text, style)]


def _facts(rows: list[tuple[str, str]]) -> list[Paragraph]:
    """Label and value side by side. The label is the paragraph's "bullet", hung in the left
    margin: it looks like a two-column table at a fraction of a Table's layout cost."""
    return [_paragraph(value, FACT, bulletText=label) for label, value in rows]


def _grid(header: list[str], rows: list[list], widths: list[float]) -> Table:
    """A table whose header row is repeated on each page it runs onto. Short cells are plain
    strings, which cost far less to lay out than paragraphs; pass a Paragraph to wrap."""
    return Table([header, *rows], colWidths=widths, style=GRID_STYLE, repeatRows=1, hAlign="LEFT")


def _bullets(items, empty: str) -> list:
    # One paragraph per item rather than a ListFlowable: long lists then break between (and
    # within) items like any text, and cost less to lay out.
    if not items:
        return [_paragraph(empty, BODY)]
    return [_paragraph(_lines(item), BULLET, bulletText="•") for item in items]


def _lines(text: str) -> str:
    return escape(text.strip()).replace("\n", "<br/>")


def _date(day: date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def local_time(at: datetime) -> str:
    """A stored moment in Danish time, as the agreement prints it."""
    if at.tzinfo is None:  # the project stores UTC; a naive value has lost only its label
        at = at.replace(tzinfo=UTC)
    local = at.astimezone(clock.COPENHAGEN)
    return f"{_date(local.date())} kl. {local:%H.%M}"


def _period(start: date | None, end: date | None) -> str:
    if start is None:
        return "Aftales senere"
    if end is None:
        return f"Fra {_date(start)}, ingen slutdato"
    weeks = weeks_between(start, end)
    return f"{_date(start)} – {_date(end)} ({weeks} {'uge' if weeks == 1 else 'uger'})"


def _month(month: date) -> str:
    return f"{MONTHS[month.month - 1]} {month.year}"


def _months_back(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def _decimal(value: Decimal) -> str:
    return f"{value:.1f}".replace(".", ",")


def _kroner(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " kr."


class _FooterCanvas(Canvas):
    """Holds every page back until the document is complete, so each footer can say
    "Side N af M" and only the last page carries the content's SHA-256."""

    def __init__(self, *args, document: AgreementDocument, **kwargs):
        super().__init__(*args, **kwargs)
        self._document = document
        self._held: list[dict] = []

    def showPage(self):
        self._held.append(dict(self.__dict__))
        # What Canvas.showPage does after drawing the page; private, so not in ReportLab's stubs.
        self._startPage()  # type: ignore[attr-defined]

    def save(self):
        total = len(self._held)
        for number, state in enumerate(self._held, 1):
            self.__dict__.update(state)
            self._footer(number, total)
            super().showPage()
        super().save()

    def _footer(self, number: int, total: int) -> None:
        document = self._document
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, 21 * mm, A4[0] - MARGIN, 21 * mm)
        self.setFillColor(GREY)
        self.setFont(REGULAR, 8.5)
        self.drawString(
            MARGIN, 11 * mm, f"Aftale nr. {document.number} · version {document.version}"
        )
        self.drawRightString(A4[0] - MARGIN, 11 * mm, f"Side {number} af {total}")
        if number == total:
            # One drawString, so the 64 characters are extracted (and compared) as one word.
            self.drawString(MARGIN, 16 * mm, f"SHA-256 af aftalens indhold: {document.sha256}")
        self.restoreState()
