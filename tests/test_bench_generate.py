"""The benchmark data generator: the rows it promises, every reference sound, the same data for
the same seed, and an empty database only. Runs at a tiny scale into its own SQLite files."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bench import _setup, generate
from placement import scheduler
from placement.agreements import representative, versions
from placement.extensions import db
from placement.models import Agreement, Kind, Opening, Placement, PlacementStatus
from placement.placements import net_growth

TODAY = date(2025, 6, 2)
HASHED = (
    "candidates",
    "users",
    "openings",
    "placements",
    "placement_events",
    "followups",
    "agreements",
)


def _run(directory, name: str, seed: int):
    path = directory / f"{name}.sqlite"
    counts = generate.run(
        f"sqlite:///{path}",
        "tiny",
        seed=seed,
        today=TODAY,
        instance_path=str(directory),
        out=lambda *_: None,
    )
    return path, counts


def _query(path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def _digest(path) -> str:
    digest = hashlib.sha256()
    with closing(sqlite3.connect(path)) as connection:
        for table in HASHED:
            for row in connection.execute(f"SELECT * FROM {table} ORDER BY 1"):
                digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    directory = tmp_path_factory.mktemp("bench")
    return {
        name: _run(directory, name, seed)
        for name, seed in (("first", 1), ("again", 1), ("other", 2))
    }


def test_tiny_scale_has_the_promised_rows_and_every_reference_resolves(runs):
    path, counts = runs["first"]
    scale = generate.SCALES["tiny"]
    assert (
        counts["candidates"],
        counts["employers"],
        counts["openings"],
        counts["placements"],
        counts["municipalities"],
    ) == (scale.citizens, scale.companies, scale.openings, scale.placements, 2)
    for table, count in counts.items():
        assert _query(path, f"SELECT count(*) FROM {table}") == [(count,)], table
    assert counts["placement_events"] > counts["placements"]
    assert counts["followups"] > 0 and counts["agreements"] > 0
    # SQLite lists every row whose foreign key points at nothing.
    assert _query(path, "PRAGMA foreign_key_check") == []
    states = {state for (state,) in _query(path, "SELECT DISTINCT status FROM placements")}
    assert {"proposed", "agreed", "active", "completed", "declined", "cancelled"} <= states
    assert len(_query(path, "SELECT DISTINCT kind FROM openings")) == 7
    # A running placement holds a seat: never more of them than the opening has seats.
    assert (
        _query(
            path,
            "SELECT o.id FROM openings o JOIN placements p ON p.opening_id = o.id "
            "AND p.status IN ('agreed', 'active') GROUP BY o.id "
            "HAVING count(*) > o.seats",
        )
        == []
    )
    # Nothing happened after the day the data leads up to.
    assert _query(
        path, f"SELECT count(*) FROM placement_events WHERE at >= '{TODAY.isoformat()}'"
    ) == [(0,)]


def test_agreements_are_the_ones_the_app_would_write(runs):
    """Else the first change to any running placement would make a version 2 of its own."""
    path, _counts = runs["first"]
    app = _setup.app_for(f"sqlite:///{path}", str(path.parent))
    with app.app_context():
        agreements = db.session.scalars(select(Agreement)).all()
        assert agreements
        for agreement in agreements:
            placement = db.session.get(Placement, agreement.placement_id)
            assert placement.status in versions.VERSIONED_STATES
            assert versions.content_for(placement).sha256 == agreement.content_sha256, placement.id
            if placement.status == PlacementStatus.ACTIVE:
                assert versions.missing_parties(placement) == []
        db.session.remove()
        db.engine.dispose()


def test_every_wage_subsidy_agreed_was_declared_net_growth_before_its_agreement(runs):
    """Lifecycle refuses to agree or start a wage subsidy without a declaration that shows net
    growth: every one the data has agreed holds one, made after both said yes and before the
    agreement; one not yet agreed has none (the company declares it later)."""
    path, _counts = runs["first"]
    app = _setup.app_for(f"sqlite:///{path}", str(path.parent))
    with app.app_context():
        wage = db.session.scalars(
            select(Placement).join(Placement.opening).where(Opening.kind == Kind.WAGE_SUBSIDY)
        ).all()
        agreed = [p for p in wage if any(e.to_status == PlacementStatus.AGREED for e in p.events)]
        assert agreed and len(agreed) < len(wage)
        for placement in wage:
            moved = {event.to_status: event.at for event in placement.events}
            if placement not in agreed:
                assert placement.net_growth is None, placement.id
                continue
            assert net_growth.refusal(placement) is None, placement.id
            declared = placement.net_growth.declared_at
            assert moved[PlacementStatus.ACCEPTED] < declared < moved[PlacementStatus.AGREED]
        db.session.remove()
        db.engine.dispose()


def test_every_running_wage_subsidy_has_its_staff_representative_s_approval_or_none(runs):
    """Lifecycle starts a wage subsidy only with the staff representative's approval of the
    agreement, or the company's word that it has no representative."""
    path, _counts = runs["first"]
    app = _setup.app_for(f"sqlite:///{path}", str(path.parent))
    with app.app_context():
        wage = db.session.scalars(
            select(Placement)
            .join(Placement.opening)
            .where(
                Opening.kind == Kind.WAGE_SUBSIDY,
                Placement.status.in_((PlacementStatus.AGREED, PlacementStatus.ACTIVE)),
            )
        ).all()
        running = [p for p in wage if p.status == PlacementStatus.ACTIVE]
        assert running
        for placement in running:
            assert representative.start_refusal(placement) is None, placement.id
        approved = [p for p in wage if representative.current_approval(p) is not None]
        assert approved and all(p.staff_representative_email for p in approved)
        db.session.remove()
        db.engine.dispose()


def test_the_scheduler_finds_the_plans_made_and_nothing_left_on_a_second_tick(runs, tmp_path):
    path = tmp_path / "tick.sqlite"
    shutil.copy(runs["first"][0], path)
    app = _setup.app_for(f"sqlite:///{path}", str(tmp_path))
    now = datetime(TODAY.year, TODAY.month, TODAY.day, 10, tzinfo=UTC)
    with app.app_context():
        first = scheduler.tick(now)
        assert first["plans"].done == 0 and first["openings"].done == 0
        second = scheduler.tick(now)
        assert all(result.done == 0 and not result.notifications for result in second.values()), (
            second
        )
        db.session.remove()
        db.engine.dispose()


def test_the_same_seed_gives_the_same_rows_and_another_seed_others(runs):
    assert _digest(runs["first"][0]) == _digest(runs["again"][0])
    assert _digest(runs["first"][0]) != _digest(runs["other"][0])


def test_a_database_with_data_is_refused(runs, capsys):
    path, _counts = runs["first"]
    before = _query(path, "SELECT count(*) FROM placements")
    url = f"sqlite:///{path}"
    with pytest.raises(_setup.NotEmpty):
        generate.run(url, "tiny", today=TODAY, instance_path=str(path.parent), out=lambda *_: None)
    assert generate.main(["--scale", "tiny", "--database-url", url]) == 2
    assert "already holds data" in capsys.readouterr().err
    assert _query(path, "SELECT count(*) FROM placements") == before
