"""A PostgreSQL server of a test's own, on a free port, to stop and start under a running app."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.processes import free_port


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class PrivatePostgres:
    """initdb into a fresh folder, then pg_ctl start/stop. PostgreSQL refuses to run as root,
    so as root the commands run as the `postgres` user."""

    def __init__(self):
        self.bin = _binaries()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="placement-pg-"))
        self.data = self.folder / "data"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    @classmethod
    def available(cls) -> str | None:
        """Why one cannot be started here, or None."""
        found = _binaries()
        if found is None:
            return "PostgreSQL's server binaries (initdb, pg_ctl) are not installed"
        if not (found / "pg_basebackup").exists():
            return f"pg_basebackup is not installed beside {found / 'initdb'}"
        if os.geteuid() == 0 and shutil.which("runuser") is None:
            return "running as root without runuser to start PostgreSQL as another user"
        return None

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def create(self) -> PrivatePostgres:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        )
        return self

    def replica(self) -> PrivatePostgres:
        """A hot standby of this running server, on a port and in a folder of its own: a base
        backup with -R (standby.signal and primary_conninfo written), which start() starts
        streaming. The default wal_level (replica) and initdb's pg_hba.conf (replication
        from 127.0.0.1, trust) already allow it."""
        standby = PrivatePostgres()
        if os.geteuid() == 0:
            shutil.chown(standby.folder, "postgres")
        self._run(
            str(self.bin / "pg_basebackup"),
            "-D",
            str(standby.data),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-R",  # write the standby's settings
            "-c",  # fast: the default spread checkpoint takes minutes on an idle server
            "fast",
            "--no-sync",
        )
        return standby

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.folder, ignore_errors=True)
