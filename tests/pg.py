"""A real, throw-away PostgreSQL server for the tests: ``pg_server`` (session) and ``pg_database`` (per test).

The server runs as the ``postgres`` user (``initdb`` refuses root), keeps its data and its
unix socket in a temporary directory, and listens on 127.0.0.1 on a free port with password
(SCRAM) authentication, so a wrong password is refused for real. A missing PostgreSQL is a
failure, never a skip: ``make test`` installs the Debian package.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SUPERUSER = "kiosk_admin"
POSTGRES_USER = "postgres"


def find_bin_dir() -> Path:
    """The newest ``/usr/lib/postgresql/*/bin`` with ``initdb``, or ``$PG_BINDIR``."""
    env = os.environ.get("PG_BINDIR")
    candidates = [Path(env)] if env else []
    candidates += sorted(
        (Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    for candidate in candidates:
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    pytest.fail(
        "PostgreSQL is not installed: no initdb under /usr/lib/postgresql/*/bin (or $PG_BINDIR). "
        "Install the Debian package 'postgresql' (make test does it).",
        pytrace=False,
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class PgServer:
    """One running cluster. ``kill()`` SIGKILLs the postmaster; ``start()`` brings it back."""

    bin_dir: Path
    base: Path
    port: int
    password: str
    durable: bool = False
    superuser: str = SUPERUSER
    _as_postgres: list[str] = field(default_factory=list)

    @property
    def data_dir(self) -> Path:
        return self.base / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base / "socket"

    @property
    def log_file(self) -> Path:
        return self.base / "server.log"

    def url(
        self,
        database: str = "postgres",
        *,
        user: str | None = None,
        password: str | None = None,
        port: int | None = None,
    ) -> str:
        """A SQLAlchemy URL over TCP (password auth) to ``database``, as the superuser by default."""
        user = user or self.superuser
        password = self.password if password is None and user == self.superuser else password
        auth = f"{user}:{password}" if password is not None else user
        return f"postgresql+psycopg://{auth}@127.0.0.1:{port or self.port}/{database}"

    def admin_url(self, database: str = "postgres") -> str:
        return self.url(database)

    # Life cycle -----------------------------------------------------------------------------

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self._as_postgres, *args], capture_output=True, text=True, check=check, timeout=60)

    def initdb(self) -> None:
        pwfile = self.base / "pwfile"
        pwfile.write_text(self.password + "\n")
        _give_to_postgres(pwfile)
        result = self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            self.superuser,
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--no-locale",
            "--encoding=UTF8",
            "--no-instructions",
            "--no-sync",
            check=False,
        )
        pwfile.unlink()
        if result.returncode != 0:
            pytest.fail(f"initdb failed:\n{result.stdout}\n{result.stderr}", pytrace=False)

    def options(self) -> str:
        opts = [
            "-c listen_addresses=127.0.0.1",
            f"-c port={self.port}",
            f"-c unix_socket_directories={self.socket_dir}",
            "-c max_connections=60",
            "-c shared_buffers=32MB",
        ]
        if not self.durable:
            # Tests need no durability against power loss; a SIGKILL of the server is still real.
            opts += ["-c fsync=off", "-c full_page_writes=off", "-c synchronous_commit=off"]
        return " ".join(opts)

    def start(self) -> None:
        if self.is_running():
            return
        last = ""
        for _attempt in range(20):
            result = self._run(
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-o",
                self.options(),
                "-w",
                "-t",
                "30",
                "start",
                check=False,
            )
            if result.returncode == 0:
                return
            # After a SIGKILL the old backends may still hold shared memory for a moment.
            last = result.stdout + result.stderr + self.log_tail()
            time.sleep(0.25)
        pytest.fail(f"PostgreSQL did not start:\n{last}", pytrace=False)

    def stop(self) -> None:
        if self.is_running():
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop", check=False)

    def postmaster_pid(self) -> int | None:
        pid_file = self.data_dir / "postmaster.pid"
        try:
            return int(pid_file.read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None

    def is_running(self) -> bool:
        pid = self.postmaster_pid()
        if pid is None:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True

    def kill(self) -> None:
        """SIGKILL the postmaster, as a power cut of the server would, and wait until it is gone."""
        pid = self.postmaster_pid()
        if pid is None:
            raise RuntimeError("the server is not running")
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.02)
        raise RuntimeError(f"postmaster {pid} survived SIGKILL")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    # Databases ------------------------------------------------------------------------------

    def execute(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database).replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self, name: str) -> str:
        self.execute(f'CREATE DATABASE "{name}" STRATEGY FILE_COPY')
        return self.admin_url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres").replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            # Roles are cluster-wide: drop those made for this database (named after it).
            roles = conn.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"{name}\\_%",)).fetchall()
            for (role,) in roles:
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def _give_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        entry = pwd.getpwnam(POSTGRES_USER)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def start_server(*, durable: bool = False) -> PgServer:
    """Init and start a cluster in a new temporary directory (the caller stops it)."""
    bin_dir = find_bin_dir()
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(POSTGRES_USER)
        except KeyError:
            pytest.fail("running as root but there is no 'postgres' user to run PostgreSQL as", pytrace=False)
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.fail("running as root but 'runuser' is missing (util-linux)", pytrace=False)
        as_postgres = [runuser, "-u", POSTGRES_USER, "--"]
    base = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    (base / "socket").mkdir()
    for path in (base, base / "socket"):
        _give_to_postgres(path)
    server = PgServer(
        bin_dir=bin_dir,
        base=base,
        port=free_port(),
        password=secrets.token_urlsafe(16),
        durable=durable,
        _as_postgres=as_postgres,
    )
    server.initdb()
    server.start()
    return server


@contextlib.contextmanager
def running_server(*, durable: bool = False) -> Iterator[PgServer]:
    server = start_server(durable=durable)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server for the whole test session."""
    with running_server() as server:
        yield server


@pytest.fixture
def pg_database(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty database on ``pg_server``; yields its admin URL. Dropped afterwards with its roles."""
    pg_server.start()  # a test before may have killed it
    name = f"t{uuid.uuid4().hex[:10]}"
    url = pg_server.create_database(name)
    yield url
    pg_server.start()
    pg_server.drop_database(name)
