"""Plain Danish: the citizen's and the employer's pages read easily (LIX 35 or less)."""

import pytest

from bench import lix
from placement.demo import loader
from placement.extensions import db


def test_lix_counts_words_sentences_and_long_words_as_bjornsson_does():
    # 9 words, 2 sentences, 2 words longer than six letters ("praktikplads", "virksomhed").
    counts = lix.count(["Du får en praktikplads. Den er hos en virksomhed!"])
    assert (counts.words, counts.sentences, counts.long_words) == (9, 2, 2)
    assert counts.lix == pytest.approx(9 / 2 + 100 * 2 / 9)


def test_numbers_and_dates_are_not_words_and_a_block_ends_a_sentence():
    # A date's "1." and "feb." end no sentence; a heading or a button without a full stop does.
    counts = lix.count(["Start 1. feb. 2027", "10 til 20 timer om ugen", "Gem"])
    assert (counts.words, counts.sentences) == (2 + 4 + 1, 3)


def test_only_the_main_text_is_read_without_fields_values_and_names():
    page = """<header><nav><a href="/">Hovedmenuen med lange ord</a></nav></header>
    <main><h1>Dine ønsker</h1>
      <p>Hej Mette Jensen. Skriv hvad du gerne vil.</p>
      <label for="n">Note</label><textarea id="n">Sammenhængende fortrolige oplysninger</textarea>
      <input name="x" value="Arbejdsmarkedsuddannelse">
      <select><option>Virksomhedspraktik</option></select>
      <p hidden>Usynlige forklaringer</p>
    </main><footer>Sidefoden</footer>"""
    blocks = lix.body_blocks(page, names=["Mette Jensen", "Mette"])
    assert [" ".join(block.split()) for block in blocks] == [
        "Dine ønsker",
        "Hej . Skriv hvad du gerne vil.",
        "Note",
    ]


@pytest.fixture
def demo_data():
    loader.load()
    db.session.commit()


@pytest.mark.parametrize("email", ["borger@demo.dk", "virksomhed@demo.dk"])
def test_every_page_a_citizen_or_an_employer_reaches_reads_at_lix_35_or_less(app, demo_data, email):
    per_page = lix.measure(app, email)
    assert len(per_page) >= 10, "the crawl reached too few pages to judge"
    total = lix.pooled(per_page)
    hardest = sorted(per_page.items(), key=lambda page: -page[1].lix)[:5]
    assert total.lix <= lix.LIMIT, (
        f"{email}: LIX {total.lix:.1f} over {len(per_page)} pages; hardest: "
        + ", ".join(f"{path} {counts.lix:.0f}" for path, counts in hardest)
    )
