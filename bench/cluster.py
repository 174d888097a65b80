"""PostgreSQL servers of our own, on this machine, for the suite and the
multi-node benchmark: a server alone, or a primary and a streaming replica,
in a temporary directory, on ports of their own. The machine's own cluster and its
configuration are never touched."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

PG_BIN = "/usr/lib/postgresql/15/bin"
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    """`manage.py *args` in a process of its own with `env` (another
    database, Redis or settings than the caller's)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def manage(env: dict, *args: str) -> str:
    """As `run_manage`, failing with its error output; returns what it printed."""
    done = run_manage(env, *args)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args[:1])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


class PostgresServer:
    """A PostgreSQL server of its own, in a temporary directory, on a port of
    its own: `initdb` runs as the `postgres` system user (PostgreSQL refuses
    root). The machine's own cluster and its configuration are not touched;
    `stop()` and `start()` take it down and up again, `close()` stops it and
    removes the directory."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="claimtrace-pg-")
        shutil.chown(self.dir, "postgres", "postgres")
        self.primary_port, self.primary = free_port(), f"{self.dir}/primary"
        self._as_postgres(f"{PG_BIN}/initdb", "-D", self.primary, "-U", "postgres", "--auth=trust")
        with open(f"{self.primary}/postgresql.auto.conf", "a") as conf:
            conf.write(
                f"port = {self.primary_port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.dir}'\nwal_level = replica\n"
                "max_wal_senders = 4\nfsync = off\n"
            )
        self.start(self.primary)

    def _as_postgres(self, *command: str) -> None:
        command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)

    def start(self, data: str | None = None) -> None:
        data = data or self.primary
        self._as_postgres(f"{PG_BIN}/pg_ctl", "-D", data, "-l", f"{data}.log", "-w", "start")

    def stop(self, data: str | None = None) -> None:
        data = data or self.primary
        subprocess.run(
            ["runuser", "-u", "postgres", "--", f"{PG_BIN}/pg_ctl", "-D", data, "-m", "fast",
             "-w", "stop"],
            capture_output=True,
        )  # fmt: skip

    def url(self, port: int | None = None, database: str = "claimtrace") -> str:
        return f"postgres://postgres@127.0.0.1:{port or self.primary_port}/{database}"

    def close(self) -> None:
        self.stop(self.primary)
        shutil.rmtree(self.dir, ignore_errors=True)


class PostgresPair(PostgresServer):
    """A primary (the server above) and a streaming replica of its own made
    from it by `pg_basebackup`, on a second port; `close()` stops both."""

    def __init__(self):
        super().__init__()
        self.replica_port, self.replica = free_port(), f"{self.dir}/replica"
        self._as_postgres(
            f"{PG_BIN}/pg_basebackup", "-h", "127.0.0.1", "-p", str(self.primary_port),
            "-U", "postgres", "-D", self.replica, "-R", "-X", "stream",
        )  # fmt: skip
        with open(f"{self.replica}/postgresql.auto.conf", "a") as conf:
            conf.write(f"port = {self.replica_port}\nhot_standby = on\n")
        self.start(self.replica)

    def close(self) -> None:
        self.stop(self.replica)
        super().close()
