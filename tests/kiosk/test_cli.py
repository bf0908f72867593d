"""The ``kiosk`` command line, run in-process against a temporary data directory."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main

ROOT = Path(__file__).resolve().parents[2]


def kiosk(home: Path, *args: str) -> int:
    return main(["--home", str(home), *args])


def test_fresh_home_upgrade_then_list_prints_the_22_services_in_thai(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert kiosk(tmp_path, "db", "upgrade") == 0
    assert (tmp_path / "kiosk.toml").exists() and (tmp_path / "register.sqlite3").exists()
    assert (tmp_path / "kiosk.toml").stat().st_mode & 0o077 == 0  # it will hold the sync password
    capsys.readouterr()
    assert kiosk(tmp_path, "services", "list") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "22 services"
    assert "ลงทะเบียนใช้งานแอปพลิเคชัน ThaID" in out[0]
    assert kiosk(tmp_path, "services", "list", "--json") == 0
    entries = json.loads(capsys.readouterr().out)
    assert len(entries) == 22 and all(not e["verified"] for e in entries)
    assert {e["owner_th"] for e in entries} >= {"กรมการปกครอง", "กรมสรรพากร", "การไฟฟ้าส่วนภูมิภาค"}


def test_python_dash_m_kiosk_works(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "--home", str(tmp_path), "services", "list", "--active"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("22 services")


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('[station]\ntimezone = "Mars/Olympus"\n', "station.timezone"),
        ('[sync]\ntime = "25:00"\n', "sync.time"),
        ("[printer]\ndots = 500\n", "printer.dots"),
        ('[ui]\nidle_seconds = "30"\n', "ui.idle_seconds"),
        ('[survey]\nurl = "ftp://x"\n', "survey.url"),
        ("[privacy]\nretention = 3\n", "privacy.retention"),
        ("[nonsense]\n", "nonsense"),
        ("station = [", "(file)"),
    ],
)
def test_a_bad_configuration_value_names_its_key_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], toml: str, key: str
) -> None:
    (tmp_path / "kiosk.toml").write_text(toml, encoding="utf-8")
    assert kiosk(tmp_path, "services", "list") == 2
    err = capsys.readouterr().err
    assert f"kiosk.toml: {key}" in err
    assert err.count("\n") == 1  # one precise message, no traceback


def test_kiosk_home_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "station"))
    assert main(["db", "upgrade"]) == 0
    assert (tmp_path / "station" / "register.sqlite3").exists()


def test_services_import_checks_everything_and_changes_nothing_on_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kiosk(tmp_path, "db", "upgrade")
    good = tmp_path / "more.csv"
    good.write_text(
        "\ufeffcode,name_th,name_en,owner_th,url,active\n"
        "thaid,ลงทะเบียน ThaID,ThaID sign-up,กรมการปกครอง,https://www.dopa.go.th,yes\n"
        "new-service,บริการใหม่,New service,อำเภอ,https://example.go.th,no\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[service]]\ncode = "x1"\nname_th = "ก"\nname_en = "a"\nowner_th = "ข"\nurl = "https://a.go.th"\n'
        '[[service]]\ncode = "Bad Code"\nname_th = "ก"\nname_en = "a"\nowner_th = "ข"\nurl = "javascript:1"\n'
        '[[service]]\ncode = "x1"\nname_th = "😀"\nname_en = "a"\nowner_th = "ข"\nurl = "https://a.go.th"\n',
        encoding="utf-8",
    )
    assert kiosk(tmp_path, "services", "import", str(bad)) == 1
    err = capsys.readouterr().err
    assert "nothing imported" in err and "service #2: code 'Bad Code'" in err and "url 'javascript:1'" in err
    assert "service #3: name_th" in err
    kiosk(tmp_path, "services", "list", "--json")
    assert len(json.loads(capsys.readouterr().out)) == 22
    assert kiosk(tmp_path, "services", "import", str(good)) == 0
    assert "1 added, 1 updated" in capsys.readouterr().out
    kiosk(tmp_path, "services", "list", "--json")
    entries = {e["code"]: e for e in json.loads(capsys.readouterr().out)}
    assert len(entries) == 23 and entries["thaid"]["name_th"] == "ลงทะเบียน ThaID"
    assert entries["new-service"]["active"] is False


def test_register_import_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_file = tmp_path / "paper.csv"
    csv_file.write_text(
        "date,time,name,national_id,phone,group,service_code,result,officer,note\n"
        "2567-02-23,09:15,ปิ่น รักไทย,1101700203728,,general,thaid,,,\n",
        encoding="utf-8",
    )
    assert kiosk(tmp_path, "register", "import", str(csv_file)) == 1
    assert "line 2: national_id: National ID check digit does not match" in capsys.readouterr().err
    csv_file.write_text(
        csv_file.read_text(encoding="utf-8").replace("1101700203728", "1101700203727"), encoding="utf-8"
    )
    assert kiosk(tmp_path, "register", "import", str(csv_file)) == 0
    assert kiosk(tmp_path, "register", "import", str(tmp_path / "missing.csv")) == 1
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "register", "import", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    assert "Buddhist Era" in done.stdout


def test_backup_is_consistent_and_keeps_the_last_n(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kiosk(tmp_path, "db", "upgrade")
    target = tmp_path / "backups"
    for _ in range(4):
        assert kiosk(tmp_path, "db", "backup", str(target), "--keep", "2") == 0
    copies = sorted(target.glob("register-*.sqlite3"))
    assert len(copies) == 2 and not list(target.glob("*.partial"))
    with sqlite3.connect(copies[-1]) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM service").fetchone() == (22,)
    assert kiosk(tmp_path, "db", "status") == 0
    assert "integrity: ok" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["register", "export", "--from", "2026-13-01", "--to", "2026-12-01"], "--from: no such date: '2026-13-01'"),
        (
            ["register", "export", "--from", "2026-12-01", "--to", "2569-02-30"],
            "--to: no such date: '2569-02-30' (day is out of range",
        ),
        (["register", "export", "--from", "1/12/2026", "--to", "2026-12-01"], "--from: not a date in the form"),
        (["roster", "add", "x", "--day", "2026-02-29"], "--day: no such date: '2026-02-29'"),
    ],
)
def test_a_bad_date_names_its_option_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "register.pdf"
    extra = ["-o", str(out)] if args[0] == "register" else []
    with pytest.raises(SystemExit) as exited:
        kiosk(tmp_path / "home", *args, *extra)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()
