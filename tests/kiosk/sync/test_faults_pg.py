"""Fault injection at the district hub: each fault one precise line and its exit code, nothing changed anywhere.

"Nothing changed" is checked on both sides: the register's rows and their acknowledgements,
and the hub's rows of the station (ids, versions and the time each was received).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from kiosk.db import Database
from kiosk.errors import EXIT_FAILED, EXIT_OK
from kiosk.station import Station
from kiosk.sync import SyncBusy, redact, sync_status, sync_to_district
from kiosk.sync import hub as hub_module
from kiosk.sync.hub import hub_visit
from tests.kiosk.faults import run
from tests.kiosk.sync.conftest import Hub, add_visits, pending
from tests.pg import free_port

pytestmark = pytest.mark.postgres


@pytest.fixture
def home(tmp_path: Path, db_path: Path, db: Database) -> Path:
    """The data directory of the ``db`` register (station KIOSK-01)."""
    (tmp_path / "kiosk.toml").write_text('[station]\nid = "KIOSK-01"\n', encoding="utf-8")
    return tmp_path


def local_state(db: Database) -> list[tuple[object, ...]]:
    with db.read() as session:
        return [tuple(r) for r in session.execute(text("SELECT id, version, synced_version FROM visit ORDER BY id"))]


def hub_state(admin: Engine) -> list[tuple[object, ...]]:
    with admin.connect() as conn:
        query = select(hub_visit.c.id, hub_visit.c.version, hub_visit.c.received_at).order_by(hub_visit.c.id)
        return [tuple(r) for r in conn.execute(query)]


def test_hub_errors_of_a_dry_run_and_a_sync_are_one_line(
    home: Path,
    db: Database,
    station: Station,
    hub: Hub,
    admin: Engine,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_visits(db, station, 3)
    cred = hub.stations["KIOSK-01"]
    port = hub.server.port
    server = f"127.0.0.1:{port}/{cred.database}"
    closed = free_port()
    cases = {
        "wrong password": (
            hub.station_url("KIOSK-01", password="not-the-password"),
            f"the district server {server} refused user {cred.role!r}: wrong password or unknown station role "
            "(ask the district for this station's connection settings)",
        ),
        "refused": (
            f"postgresql://{cred.role}:pw@127.0.0.1:{closed}/{cred.database}",
            f"the district server 127.0.0.1:{closed}/{cred.database} refused the connection: is PostgreSQL running "
            "there and the port open?",
        ),
        "dns": (
            f"postgresql://{cred.role}:pw@kiosk-hub.invalid:5432/{cred.database}",
            f"the district server's host name in postgresql://{cred.role}:***@kiosk-hub.invalid:5432/"
            f"{cred.database} cannot be resolved (DNS or network down?)",
        ),
        "tls": (
            hub.station_url("KIOSK-01") + "?sslmode=require",
            f"TLS with the district server {server} failed (check sync.sslmode and sync.sslrootcert): ",
        ),
    }
    before_local, before_hub = local_state(db), hub_state(admin)
    for name, (url, message) in cases.items():
        monkeypatch.setenv("KIOSK_SYNC_URL", url)
        shown = redact(url)
        dry = run(capsys, home, "sync", "--dry-run")
        assert dry.code == EXIT_FAILED, name
        assert dry.message.startswith(f"kiosk: sync to {shown} would fail: {message}"), (name, dry.message)
        real = run(capsys, home, "sync")
        assert real.code == EXIT_FAILED, name
        assert real.message.startswith(f"kiosk: sync to {shown} failed: {message}"), (name, real.message)
        assert "not-the-password" not in dry.err + real.err and cred.password not in dry.err + real.err
    assert local_state(db) == before_local and hub_state(admin) == before_hub


def test_an_unregistered_station_with_the_admin_url_is_told_what_to_ask_for(
    home: Path,
    db: Database,
    hub: Hub,
    admin: Engine,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    clock: object,
) -> None:
    (home / "kiosk.toml").write_text('[station]\nid = "KIOSK-09"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_SYNC_URL", hub.admin_url)
    url = hub.admin_url
    database = url.rsplit("/", 1)[1]
    expected = (
        f"station KIOSK-09 is not registered at the district hub 127.0.0.1:{hub.server.port}/{database} (or the "
        "hub's schema is older than this kiosk's): ask the district to run "
        "`kiosk district init --url ADMIN_URL --station KIOSK-09` and use the settings it prints"
    )
    before_local, before_hub = local_state(db), hub_state(admin)
    dry = run(capsys, home, "sync", "--dry-run")
    assert dry.code == EXIT_FAILED and dry.message.endswith(f"would fail: {expected}")
    real = run(capsys, home, "sync")
    assert real.code == EXIT_FAILED and real.message.endswith(f"failed: {expected}")
    assert local_state(db) == before_local and hub_state(admin) == before_hub


def test_a_superuser_url_works_but_is_warned_about(
    home: Path,
    db: Database,
    station: Station,
    hub: Hub,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_visits(db, station, 2)
    monkeypatch.setenv("KIOSK_SYNC_URL", hub.admin_url)
    done = run(capsys, home, "sync")
    assert done.code == EXIT_OK
    assert done.message == (
        f"kiosk: warning: connected to the hub as superuser {hub.server.superuser!r}: row-level security does not "
        "protect the other stations' rows; use station KIOSK-01's own connection settings "
        "(`kiosk district init --station KIOSK-01`)"
    )
    monkeypatch.setenv("KIOSK_SYNC_URL", hub.station_url("KIOSK-01"))
    assert run(capsys, home, "sync").err == ""


def test_another_station_cannot_stop_this_ones_sync(db: Database, station: Station, hub: Hub, admin: Engine) -> None:
    add_visits(db, station, 4)
    other = hub_module.connect_hub(hub.station_url("KIOSK-02"))
    try:
        with other.connect() as conn:
            # What stopped KIOSK-01 before: its advisory lock key, taken with KIOSK-02's credentials.
            assert conn.scalar(text("SELECT pg_try_advisory_lock(hashtext('kiosk-sync:KIOSK-01'))"))
            # Its lock row is invisible to KIOSK-02: there is nothing to lock.
            rows = conn.execute(text("SELECT * FROM hub_sync_lock WHERE station_id = 'KIOSK-01' FOR UPDATE NOWAIT"))
            assert rows.all() == []
            result = sync_to_district(db, station, hub.station_url("KIOSK-01"))
        assert (result.sent, result.applied, result.pending) == (4, 4, 0)
    finally:
        other.dispose()


def test_skips_are_counted_and_alerted_when_they_last(
    home: Path,
    db: Database,
    station: Station,
    hub: Hub,
    admin: Engine,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_visits(db, station, 2)
    monkeypatch.setenv("KIOSK_SYNC_URL", hub.station_url("KIOSK-01"))
    with admin.connect() as hung:  # stands for a sync that hangs holding the lock
        hung.execute(text("SELECT 1 FROM hub_sync_lock WHERE station_id = 'KIOSK-01' FOR UPDATE"))
        for attempt in range(3):
            done = run(capsys, home, "sync")
            assert done.code == EXIT_OK and done.out.startswith(
                f"sync to {hub.station_url('KIOSK-01').replace(hub.stations['KIOSK-01'].password, '***')}".replace(
                    "postgresql://", "postgresql+psycopg://"
                )
                + " skipped: another sync of station KIOSK-01 is running now"
            ), attempt
            with db.read() as session:
                status = sync_status(session)
            assert status.skips == attempt + 1
            assert status.ok is (attempt < 2)  # the third skip in a row is an alarm for the staff banner
        hung.rollback()
    assert "3 sync runs skipped since" in status.last_error and status.last_error_th
    shown = run(capsys, home, "sync", "--status").out
    assert "skipped:      3 run(s) in a row since" in shown and "last error:   3 sync runs skipped" in shown
    assert pending(db) == 2
    assert run(capsys, home, "sync").code == EXIT_OK
    with db.read() as session:
        status = sync_status(session)
    assert status.ok and status.skips == 0 and pending(db) == 0


def test_a_hub_that_does_not_answer_in_time_is_cut_off(
    db: Database,
    station: Station,
    hub: Hub,
    admin: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_visits(db, station, 3)
    monkeypatch.setattr(hub_module, "LOCK_TIMEOUT_MS", 300)
    monkeypatch.setattr(hub_module, "STATEMENT_TIMEOUT_MS", 600)
    before_local, before_hub = local_state(db), hub_state(admin)
    with admin.connect() as blocker:  # a stuck server, as far as the kiosk can tell
        blocker.execute(text("LOCK TABLE hub_visit IN ACCESS EXCLUSIVE MODE"))
        from kiosk.sync import SyncError

        with pytest.raises(SyncError) as caught:
            sync_to_district(db, station, hub.station_url("KIOSK-01"))
        blocker.rollback()
    assert caught.value.code == "timeout"
    assert local_state(db) == before_local and hub_state(admin) == before_hub
    assert sync_to_district(db, station, hub.station_url("KIOSK-01")).applied == 3


def test_a_register_behind_the_hub_is_refused_with_the_command_to_run(
    home: Path,
    db: Database,
    db_path: Path,
    station: Station,
    hub: Hub,
    admin: Engine,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_visits(db, station, 3)
    url = hub.station_url("KIOSK-01")
    sync_to_district(db, station, url)
    with db.write() as session:  # emptied (a new disk without a pull)
        session.execute(text("DELETE FROM visit"))
    add_visits(db, station, 1)
    monkeypatch.setenv("KIOSK_SYNC_URL", url)
    before_local, before_hub = local_state(db), hub_state(admin)
    expected = (
        "the register is behind what the district holds of station KIOSK-01 (3 visit(s) 3 missing here: restored "
        "from a backup, emptied, or its clock was behind); nothing of them was sent: run `kiosk sync --pull`, then "
        "`kiosk sync`"
    )
    dry = run(capsys, home, "sync", "--dry-run")
    assert dry.code == EXIT_FAILED and dry.message.endswith(f"would fail: {expected}")
    real = run(capsys, home, "sync")
    assert real.code == EXIT_FAILED and real.message.endswith(f"failed: {expected}")
    assert local_state(db) == before_local and hub_state(admin) == before_hub
    assert run(capsys, home, "sync", "--pull").code == EXIT_OK
    assert run(capsys, home, "sync").code == EXIT_OK
    with db.read() as session:
        assert sync_status(session).ok


def test_a_sync_while_an_import_is_written_sends_nothing(
    db: Database, station: Station, hub: Hub, admin: Engine, tmp_path: Path
) -> None:
    from kiosk import register_import

    add_visits(db, station, 1)
    paper = tmp_path / "paper.csv"
    rows = "\n".join(f"2567-02-{d:02d},09:00,ปิ่น รักไทย,,,general,thaid,,," for d in range(1, 29))
    paper.write_text(",".join(register_import.HEADER) + "\n" + rows + "\n", encoding="utf-8")
    seen: list[str] = []

    def sync_in_the_middle(fraction: float) -> None:
        if fraction > 0.5 and not seen:  # the second half: rows are being written
            with pytest.raises(SyncBusy) as caught:
                sync_to_district(db, station, hub.station_url("KIOSK-01"))
            seen.append(caught.value.code)

    register_import.import_file(db, station, paper, progress=sync_in_the_middle, batch=10)
    assert seen == ["sync_import_running"] and hub_state(admin) == []
    assert sync_to_district(db, station, hub.station_url("KIOSK-01")).applied == 29


def test_libpq_short_postgres_urls_work_for_every_mode(
    home: Path,
    db: Database,
    station: Station,
    hub: Hub,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_visits(db, station, 2)
    short = (
        hub.station_url("KIOSK-01")
        .replace("postgresql+psycopg://", "postgres://")
        .replace("postgresql://", "postgres://")
    )
    assert short.startswith("postgres://")
    monkeypatch.setenv("KIOSK_SYNC_URL", short)
    for command in (["sync", "--dry-run"], ["sync"], ["sync", "--pull", "--dry-run"], ["sync", "--pull"]):
        done = run(capsys, home, *command)
        assert (done.code, done.err) == (EXIT_OK, ""), command
