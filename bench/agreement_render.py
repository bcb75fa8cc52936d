"""Median and p95 time of rendering one typical agreement PDF (no app, no database).

python -m bench.agreement_render [--runs 200] [--out /tmp/agreement_sample.pdf]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, date, datetime
from io import BytesIO

from pypdf import PdfReader

from placement.agreements.content import AgreementContent, AgreementDocument, ConfirmationLine
from placement.agreements.pdf import render

WARM_UP = 5  # the first render registers the fonts; later ones are what a request pays


def typical_document() -> AgreementDocument:
    """An internship of 13 weeks with the usual amount of text: two pages."""
    content = AgreementContent(
        kind="internship",
        citizen_name="Łukasz Østergård-Şahin",
        citizen_birth_date=date(1990, 3, 3),
        company_name="Viborg Køkken & Kantine ApS",
        company_cvr="29384756",
        company_p_number="1012345678",
        company_address="Vestergade 4, 8800 Viborg",
        company_contact="Lene Holm, tlf. 86 12 34 56, lene@vkk.dk",
        jobcenter="Jobcenter Viborg",
        consultant="Mette Jensen, mette.jensen@viborg.dk",
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
    return AgreementDocument(
        content=content,
        number="791-000123",
        version=1,
        author="Viborg Kommune",
        confirmations=(
            ConfirmationLine(
                "consultant", "Mette Jensen", datetime(2026, 11, 23, 13, 5, tzinfo=UTC)
            ),
            ConfirmationLine(
                "citizen",
                "Mette Jensen",
                datetime(2026, 11, 24, 9, 30, tzinfo=UTC),
                on_paper=True,
                note="Underskrevet ved mødet på jobcentret.",
            ),
        ),
    )


def timed(document: AgreementDocument, runs: int) -> tuple[float, float, bytes]:
    """Median and p95 in milliseconds, and the last PDF rendered."""
    for _ in range(WARM_UP):
        pdf = render(document)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = render(document)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--out", help="also write the PDF here, to look at")
    args = parser.parse_args()
    median, p95, pdf = timed(typical_document(), args.runs)
    pages = len(PdfReader(BytesIO(pdf)).pages)
    print(
        f"typical agreement PDF   median {median:6.1f} ms   p95 {p95:6.1f} ms"
        f"   ({args.runs} runs, {pages} pages, {len(pdf) // 1024} KiB)"
    )
    if args.out:
        with open(args.out, "wb") as file:
            file.write(pdf)


if __name__ == "__main__":
    main()
