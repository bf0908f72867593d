"""``kiosk district init`` then ``kiosk sync`` as cron or the systemd timer would run them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.catalogue import seed_defaults
from kiosk.cli import main
from kiosk.db import Database, upgrade
from kiosk.district import HUB_SCHEMA_VERSION
from kiosk.station import Station
from kiosk.sync import connect_hub
from tests.kiosk.sync.conftest import add_visits, hub_count
from tests.pg import PgServer, free_port

pytestmark = pytest.mark.postgres


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "kiosk.toml").write_text('[station]\nid = "KIOSK-07"\n', encoding="utf-8")
    database = Database(f"sqlite:///{home / 'register.sqlite3'}")
    upgrade(database.engine)
    with database.write() as session:
        seed_defaults(session)
    database.dispose()
    return home


def station_url(output: str, station_id: str) -> str:
    match = re.search(rf"# station {station_id}: role \S+\n\[sync\]\nurl = \"([^\"]+)\"", output)
    assert match, output
    return match.group(1)


def test_init_then_sync_from_the_command_line(
    home: Path, pg_database: str, pg_server: PgServer, station: Station, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--home", str(home), "district", "init", "--url", pg_database, "--station", "KIOSK-07"]) == 0
    out = capsys.readouterr().out
    assert f"schema migrated from version 0 to {HUB_SCHEMA_VERSION}" in out and "shown only now" in out
    url = station_url(out, "KIOSK-07")
    assert pg_server.password not in out  # the admin's password is never printed
    (home / "kiosk.toml").write_text(f'[station]\nid = "KIOSK-07"\n\n[sync]\nurl = "{url}"\n', encoding="utf-8")
    kiosk = Database(f"sqlite:///{home / 'register.sqlite3'}")
    try:
        add_visits(kiosk, Station(id="KIOSK-07", zone=station.zone, clock=station.clock), 12)
    finally:
        kiosk.dispose()

    assert main(["--home", str(home), "sync", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would send 12 visits in 1 batches" in out and "holds 0 visits" in out
    password = url.split(":")[2].split("@")[0]
    assert password not in out

    assert main(["--home", str(home), "sync", "--batch-size", "5"]) == 0
    out = capsys.readouterr().out
    assert "12 sent, 12 new or newer at the hub, 0 pending" in out and password not in out

    assert main(["--home", str(home), "sync", "--status"]) == 0
    out = capsys.readouterr().out
    assert "rows pending: 0" in out and "last error:   -" in out

    assert main(["--home", str(home), "sync", "--if-due"]) == 0
    assert "not due: next sync at" in capsys.readouterr().out

    assert main(["--home", str(home), "district", "stations", "--url", pg_database]) == 0
    assert re.search(r"KIOSK-07\s+12\s+\d{4}-\d\d-\d\d \d\d:\d\d \(12 rows\)", capsys.readouterr().out)

    admin = connect_hub(pg_database)
    try:
        assert hub_count(admin, "KIOSK-07") == 12
    finally:
        admin.dispose()


def test_sync_failure_exits_1_with_a_precise_message(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"postgresql://st:hunter2-secret@127.0.0.1:{free_port()}/register"
    monkeypatch.setenv("KIOSK_SYNC_URL", url)
    assert main(["--home", str(home), "sync"]) == 1
    err = capsys.readouterr().err
    assert "refused the connection" in err and "hunter2-secret" not in err
    assert main(["--home", str(home), "sync", "--status"]) == 0
    assert "refused the connection" in capsys.readouterr().out


def test_sync_without_a_url_is_a_configuration_error(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIOSK_SYNC_URL", raising=False)
    assert main(["--home", str(home), "sync"]) == 2
    assert "sync.url" in capsys.readouterr().err
