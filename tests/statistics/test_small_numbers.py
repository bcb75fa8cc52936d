"""Small numbers: counts of 1-4 people are never shown, nor anything that gives them away."""

from __future__ import annotations

from decimal import Decimal

from placement.statistics.aggregates import Column, Table
from placement.statistics.small_numbers import SECONDARY_HIDDEN, configured_threshold, protect
from tests.statistics.test_statistics import tables, world  # noqa: F401  (world is a fixture)


def counts_table(*rows, has_total=False) -> Table:
    return Table(
        key="t",
        title="T",
        explanation="E",
        columns=[Column("label", "Label", "text"), Column("a", "A"), Column("b", "B")],
        rows=[list(row) for row in rows],
        has_total=has_total,
    )


def test_counts_of_one_to_four_are_hidden_zero_and_five_up_are_shown():
    table = counts_table(["x", 0, 1], ["y", 4, 5], ["z", 17, 2])
    assert protect(table, 5) == [["x", 0, "<5"], ["y", "<5", 5], ["z", 17, "<5"]]
    assert table.rows[0] == ["x", 0, 1]  # the raw table is left as it was


def test_a_count_handed_over_as_decimal_is_hidden_too():
    table = counts_table(["x", Decimal(3), Decimal(0)])
    assert protect(table, 5) == [["x", "<5", 0]]


def test_text_and_numbers_not_about_people_are_never_hidden():
    table = Table(
        key="t",
        title="T",
        explanation="E",
        columns=[
            Column("company", "Virksomhed", "text"),
            Column("headroom", "Plads", "number"),
            Column("flag", "Gentagne praktikker", "text"),
        ],
        rows=[["Café", 2, "Ja"], ["Lager", -1, ""]],
    )
    assert protect(table, 5) == [["Café", 2, "Ja"], ["Lager", -1, ""]]


def derived_table(*rows) -> Table:
    return Table(
        key="t",
        title="T",
        explanation="E",
        columns=[
            Column("label", "Label", "text"),
            Column("ended", "Sluttet"),
            Column("good", "Job"),
            Column("share", "Andel", "share", base="ended", numerator="good"),
            Column("days", "Dage", "days", base="ended"),
            Column("hours", "Timer", "hours", base="ended"),
        ],
        rows=[list(r) for r in rows],
    )


def test_shares_medians_and_averages_go_with_their_count():
    table = derived_table(
        ["few", 3, 2, 2 / 3, 12.0, 10.0],  # 3 people: their median and average describe them
        ["many", 12, 7, 7 / 12, 37.25, 15.3333],  # shown, rounded
        ["none", 0, 0, None, None, None],
        ["small part", 20, 3, 0.15, 30.0, 20.0],  # 0.15 of 20 would give the 3 away
    )
    assert protect(table, 5) == [
        ["few", "<5", "<5", "<5", "<5", "<5"],
        ["many", 12, 7, 0.583, 37.2, 15.3],
        ["none", 0, 0, None, None, None],
        ["small part", 20, "<5", "<5", 30.0, 20.0],
    ]


def test_a_derived_figure_with_a_zero_base_is_left_out():
    # A share of nobody is not 0 %; the raw table may hold 0.0 where the base is 0.
    table = derived_table(["x", 0, 0, 0.0, 0.0, 0.0])
    assert protect(table, 5) == [["x", 0, 0, None, None, None]]


def test_one_hidden_part_in_a_column_hides_the_smallest_other_part():
    table = counts_table(["x", 3, 10], ["y", 8, 6], ["z", 9, 0], ["I alt", 20, 16], has_total=True)
    # Column a: 3 is hidden; 20 - 8 - 9 would give it back, so 8 (the smallest other part)
    # is hidden too. Column b: nothing small; untouched.
    assert protect(table, 5) == [
        ["x", "<5", 10],
        ["y", SECONDARY_HIDDEN, 6],
        ["z", 9, 0],
        ["I alt", 20, 16],
    ]


def test_secondary_hiding_skips_zeros_and_is_not_needed_for_two_small_parts():
    table = counts_table(["x", 2, 0], ["y", 0, 1], ["z", 30, 3], ["I alt", 32, 4], has_total=True)
    # Column a: the 0 tells nothing, so the next smallest non-zero part (30) is hidden.
    # Column b: 1 and 3 are both hidden already (and the total 4 is small itself).
    assert protect(table, 5) == [
        ["x", "<5", 0],
        ["y", 0, "<5"],
        ["z", SECONDARY_HIDDEN, "<5"],
        ["I alt", 32, "<5"],
    ]


def test_without_a_total_row_nothing_is_hidden_twice():
    table = counts_table(["x", 3, 10], ["y", 8, 6])
    assert protect(table, 5) == [["x", "<5", 10], ["y", 8, 6]]


def test_a_share_over_a_count_hidden_to_protect_another_is_hidden_too():
    table = Table(
        key="t",
        title="T",
        explanation="E",
        has_total=True,
        columns=[
            Column("label", "Label", "text"),
            Column("ended", "Sluttet"),
            Column("share", "Andel", "share", base="ended"),
        ],
        rows=[["x", 2, 0.5], ["y", 6, 0.5], ["I alt", 8, 0.5]],
    )
    assert protect(table, 5) == [
        ["x", "<5", "<5"],
        ["y", SECONDARY_HIDDEN, SECONDARY_HIDDEN],
        ["I alt", 8, 0.5],
    ]


def test_the_threshold_is_configurable(app, monkeypatch):
    table = counts_table(["x", 2, 3], ["y", 9, 10])
    assert protect(table, 3) == [["x", "<3", 3], ["y", 9, 10]]
    assert configured_threshold() == 5  # the default
    monkeypatch.setitem(app.config, "STATISTICS_MIN_COUNT", 10)
    assert configured_threshold() == 10
    assert protect(table) == [["x", "<10", "<10"], ["y", "<10", 10]]


def test_no_dashboard_table_shows_one_to_four_or_lets_it_be_worked_out(world):
    for table in tables().values():
        shown = protect(table, 5)
        counts = [i for i, c in enumerate(table.columns) if c.kind == "count"]
        for row in shown:
            for i in counts:
                assert not (isinstance(row[i], int) and 1 <= row[i] <= 4), (table.key, row)
        if table.has_total:
            parts, total = shown[:-1], shown[-1]
            for i in counts:
                hidden = [row[i] for row in parts if isinstance(row[i], str)]
                # One hidden part next to a shown total could be worked out by subtraction.
                assert len(hidden) != 1 or isinstance(total[i], str), (table.key, i, shown)
    # The world has small counts, so something really was hidden.
    by_kind = protect(tables()["placements_by_kind"], 5)
    assert by_kind[0][1] == "<5"
