"""The statistics' "Forløb med mentorstøtte": started placements with a grant in the period."""

from datetime import date

from placement.extensions import db
from placement.models import Kind, MentorGrant, MentorKind, MentorPayer, PlacementStatus, Role
from placement.statistics.aggregates import Filters, dashboard
from placement.statistics.small_numbers import protect
from tests.factories import (
    create_candidate,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)

PERIOD = dict(date_from=date(2027, 1, 1), date_to=date(2027, 3, 31))
TODAY = date(2027, 6, 15)


def placement_with(municipality, kind, status, *grants):
    consultant = create_user(Role.CONSULTANT, municipality=municipality)
    placement = create_placement(
        candidate=create_candidate(municipality, consultant=consultant),
        opening=create_opening(kind=kind),
        consultant=consultant,
        status=status,
        start_date=date(2026, 11, 2),
        end_date=date(2027, 6, 30),
    )
    for start, end, mentor_kind in grants:
        db.session.add(
            MentorGrant(
                placement=placement,
                mentor_name="Lene Holm",
                mentor_kind=mentor_kind,
                hours_tenths=50,
                start_date=start,
                end_date=end,
                paid_by=MentorPayer.JOBCENTER,
            )
        )
    db.session.commit()
    return placement


def table(**filters):
    found = {t.key: t for t in dashboard(Filters(**{**PERIOD, **filters}), TODAY)}
    return found["mentor_support"]


def test_placements_with_a_grant_overlapping_the_period_are_counted_once_per_kind(app):
    viborg, skive = create_municipality(), create_municipality("Skive", "779")
    internal, external = MentorKind.INTERNAL, MentorKind.EXTERNAL
    active, done = PlacementStatus.ACTIVE, PlacementStatus.COMPLETED
    # Counted: overlapping the period's first day, its last day, and two grants in one.
    placement_with(viborg, Kind.INTERNSHIP, active, (date(2026, 12, 1), date(2027, 1, 1), internal))
    placement_with(viborg, Kind.INTERNSHIP, done, (date(2027, 3, 31), date(2027, 4, 30), external))
    placement_with(
        viborg,
        Kind.FLEXJOB,
        active,
        (date(2027, 1, 4), date(2027, 1, 31), internal),
        (date(2027, 2, 1), date(2027, 2, 28), external),
    )
    # Not counted: support only outside the period, none at all, a placement cancelled before
    # it began, and another municipality's.
    placement_with(viborg, Kind.INTERNSHIP, active, (date(2027, 4, 1), date(2027, 4, 30), internal))
    placement_with(viborg, Kind.INTERNSHIP, active)
    placement_with(
        viborg,
        Kind.INTERNSHIP,
        PlacementStatus.CANCELLED,
        (date(2027, 1, 4), date(2027, 2, 1), internal),
    )
    placement_with(skive, Kind.INTERNSHIP, active, (date(2027, 1, 4), date(2027, 2, 1), internal))

    mine = table(municipality_id=viborg.id)
    rows = {row[0]: row[1:] for row in mine.rows}
    assert rows["Virksomhedspraktik"] == [2, 1, 1]
    assert rows["Fleksjob"] == [1, 1, 1]
    assert rows["I alt"] == [3, 2, 2]
    assert rows["Løntilskud"] == [0, 0, 0]
    # Everyone's figures (an admin's): Skive's placement too.
    assert {row[0]: row[1] for row in table().rows}["I alt"] == 4
    # The kind filter leaves one kind and its total.
    assert [row[0] for row in table(kind=Kind.FLEXJOB).rows] == ["Fleksjob", "I alt"]
    # Shown with the small-number rule, as every table is: counts of 1-4 are hidden.
    shown = {row[0]: row[1:] for row in protect(mine)}
    assert shown["Virksomhedspraktik"] == ["<5", "<5", "<5"] and shown["Løntilskud"] == [0, 0, 0]
