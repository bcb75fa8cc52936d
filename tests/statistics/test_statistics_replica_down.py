"""A configured statistics replica that refuses connections: the figures come from the primary,
one warning is logged without anything about the person, and the next pages do not try it."""

from __future__ import annotations

import logging

from placement.models import Role
from placement.statistics import replica
from tests.processes import free_port

READ_FROM_COPY = "Tallene er læst fra en kopi af databasen kl."


def test_a_replica_that_refuses_leaves_the_figures_to_the_primary(
    app, client, login, monkeypatch, caplog
):
    # Nothing listens on a free port: every connection is refused at once.
    gone = replica.Replica(f"postgresql+psycopg://reader@127.0.0.1:{free_port()}/placement")
    monkeypatch.setitem(app.extensions, "statistics_replica", gone)
    manager = login(Role.MANAGER, name="Mette Madsen")

    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            response = client.get("/statistik")
            assert response.status_code == 200
            assert READ_FROM_COPY not in response.get_data(as_text=True)
        exported = client.get("/statistik/placements_by_kind.csv")
        assert exported.status_code == 200 and READ_FROM_COPY not in exported.data.decode()

    warnings = [record.getMessage() for record in caplog.records if record.levelno >= 30]
    assert len(warnings) == 1, warnings  # then resting: the next pages do not try it
    assert "statistics replica cannot be read" in warnings[0]
    assert manager.name not in warnings[0] and manager.email not in warnings[0]
    assert gone.resting()
