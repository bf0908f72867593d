"""Fault injection: every fault a supervisor can meet ends in one precise line, its exit code, and no change.

Each case breaks something for real (a damaged or emptied register, a read-only or full file
system, a bad file or setting), runs the ``kiosk`` command, and asserts the exact message, the
exit code (``kiosk.errors``), that no traceback was printed, and that the data directory is
byte for byte what it was. The hub's faults are in ``tests/kiosk/sync/test_faults_pg.py``.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.db import Database, downgrade, upgrade
from kiosk.errors import EXIT_CONFIG, EXIT_FAILED, EXIT_OK, EXIT_REGISTER, EXIT_STORAGE
from kiosk.faults import RESTORE
from kiosk.register_import import HEADER
from tests.kiosk.faults import fill, remount_read_only, run, settle, small_disk, snapshot

ROOT = Path(__file__).resolve().parents[2]
HEAD = ",".join(HEADER)
ROW = "2567-02-23,09:15,ปิ่น รักไทย,,,general,thaid,,,"


@pytest.fixture
def home(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data directory with a migrated register holding one imported visit."""
    home = tmp_path / "home"
    paper = tmp_path / "paper.csv"
    paper.write_text(f"{HEAD}\n{ROW}\n", encoding="utf-8")
    assert run(capsys, home, "register", "import", str(paper)).code == EXIT_OK
    settle(home / "register.sqlite3")
    return home


def register_of(home: Path) -> Path:
    return home / "register.sqlite3"


# The register ------------------------------------------------------------------------------------


def test_a_corrupted_register_is_named_with_what_to_do(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = register_of(home)
    data = bytearray(path.read_bytes())
    data[0:16] = b"this is garbage!"  # the SQLite header gone: not a database any more
    path.write_bytes(bytes(data))
    before = snapshot(home)

    for command in (["services", "list"], ["register", "import", str(home / "x.csv")], ["db", "upgrade"]):
        if command[0] == "register":
            (home.parent / "x.csv").write_text(f"{HEAD}\n{ROW}\n", encoding="utf-8")
            command[-1] = str(home.parent / "x.csv")
        done = run(capsys, home, *command)
        assert done.code == EXIT_REGISTER, command
        assert done.message == (
            f"kiosk: the register {path} is damaged (file is not a database): nothing was changed; "
            f"keep the file aside and {RESTORE}"
        )
    status = run(capsys, home, "db", "status")
    assert status.code == EXIT_REGISTER
    assert "integrity: file is not a database" in status.out
    assert (
        status.message
        == f"kiosk: the register {path}: damaged (file is not a database): keep the file aside and {RESTORE}"
    )
    assert snapshot(home) == before


def test_a_truncated_register_is_reported_by_db_status_not_crashed_on(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = register_of(home)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # the last pages lost
    before = snapshot(home)
    status = run(capsys, home, "db", "status")
    assert status.code == EXIT_REGISTER
    assert status.message.startswith(f"kiosk: the register {path}: damaged (") and RESTORE in status.message
    listing = run(capsys, home, "register", "import", str(home.parent / "paper.csv"))
    assert listing.code == EXIT_REGISTER
    assert listing.message.startswith(f"kiosk: the register {path} is damaged (database disk image is malformed)")
    assert snapshot(home) == before


def test_an_emptied_register_is_not_taken_for_a_new_one(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = register_of(home)
    path.write_bytes(b"")
    before = snapshot(home)
    done = run(capsys, home, "services", "list")
    assert (done.code, done.message) == (
        EXIT_REGISTER,
        f"kiosk: the register {path} is empty (0 bytes: emptied or truncated, not a new register): {RESTORE}; "
        "to start a new register on purpose, delete the file",
    )
    status = run(capsys, home, "db", "status")
    assert "file:     0 bytes" in status.out
    assert (status.code, status.message) == (
        EXIT_REGISTER,
        f"kiosk: the register {path}: the file is empty (0 bytes: emptied or truncated): {RESTORE}",
    )
    assert snapshot(home) == before
    path.unlink()  # deleting it on purpose is how a new register is started
    assert run(capsys, home, "db", "upgrade").code == EXIT_OK


def test_a_schema_behind_is_reported_with_the_command_to_run(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = register_of(home)
    db = Database(f"sqlite:///{path}")
    downgrade(db.engine, "0003")
    db.dispose()
    settle(path)
    before = snapshot(home)
    status = run(capsys, home, "db", "status")
    assert status.code == EXIT_REGISTER
    assert "revision: 0003" in status.out and "integrity: ok" in status.out
    head = status.out.split("(code expects ")[1].split(")")[0]
    assert (
        status.message == f"kiosk: the register {path}: schema revision 0003 is behind {head}: run `kiosk db upgrade`"
    )
    assert snapshot(home) == before
    db = Database(f"sqlite:///{path}")
    upgrade(db.engine)
    db.dispose()
    assert run(capsys, home, "db", "status").code == EXIT_OK


def test_db_status_of_a_sound_register_exits_0(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = run(capsys, home, "db", "status")
    assert status.code == EXIT_OK and status.err == "" and "integrity: ok" in status.out


def test_a_data_folder_that_cannot_be_made_is_said_as_a_missing_disk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file where the data directory's parent should be: as a data disk not mounted at its mount point."""
    (tmp_path / "data").write_text("not a folder")
    home = tmp_path / "data" / "kiosk"
    done = run(capsys, home, "db", "upgrade")
    assert done.code == EXIT_STORAGE
    assert done.message == (
        f"kiosk: cannot open the register {register_of(home)}: its folder {home} does not exist "
        "(is the data disk mounted? is --home or $KIOSK_HOME right?)"
    )


def test_a_read_only_data_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with small_disk("8m") as disk:
        home = disk / "home"
        paper = tmp_path / "paper.csv"
        paper.write_text(f"{HEAD}\n{ROW}\n", encoding="utf-8")
        assert run(capsys, home, "register", "import", str(paper)).code == EXIT_OK
        settle(register_of(home))
        for leftover in home.glob("register.sqlite3-*"):
            leftover.unlink()
        remount_read_only(disk)
        before = snapshot(home)
        paper.write_text(f"{HEAD}\n{ROW.replace('09:15', '10:15')}\n", encoding="utf-8")
        done = run(capsys, home, "register", "import", str(paper))
        assert done.code == EXIT_STORAGE
        assert done.message.startswith(f"kiosk: cannot write {register_of(home)} (")
        assert done.message.endswith(
            f"): nothing was changed; make {home} and its files writable by user root "
            "(is the disk mounted read-only?), then run the command again"
        )
        status = run(capsys, home, "db", "status")  # reading still works, and says the register is sound
        assert status.code == EXIT_OK and "integrity: ok" in status.out
        backup = run(capsys, home, "db", "backup", str(home / "backups"))
        assert backup.code == EXIT_STORAGE and backup.message.startswith("kiosk: cannot write ")
        assert snapshot(home) == before


def test_a_full_disk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def letters(i: int) -> str:
        return "".join("กขคงจฉชซฌญ"[int(d)] for d in str(i))

    rows = "\n".join(
        f"2567-02-{1 + i % 28:02d},{8 + i % 9:02d}:{i % 60:02d},ปิ่น รัก{letters(i)},,,general,thaid,,,หมายเหตุ {i}"
        for i in range(3000)
    )
    paper = tmp_path / "paper.csv"
    paper.write_text(f"{HEAD}\n{rows}\n", encoding="utf-8")
    with small_disk("3m") as disk:
        home = disk / "home"
        assert run(capsys, home, "db", "upgrade").code == EXIT_OK
        settle(register_of(home))
        fill(disk)  # the checks read and pass; the first write fails
        before = snapshot(home)
        done = run(capsys, home, "register", "import", str(paper))
        assert (done.code, done.message) == (
            EXIT_STORAGE,
            f"kiosk: the disk holding {register_of(home)} is full: nothing was changed; free space there "
            f"(df -h {home}) and run the command again",
        )
        backups = home / "backups"
        backup = run(capsys, home, "db", "backup", str(backups))
        assert backup.code == EXIT_STORAGE and "is full: nothing was changed" in backup.message
        assert not list(backups.glob("*.partial"))  # a half copy of personal data is never left behind
        assert {k: v for k, v in snapshot(home).items() if not k.startswith("backups")} == before

        (disk / "filler").unlink()
        fill(disk, leave=160_000)  # room for a few batches: the disk fills in the middle of the import
        done = run(capsys, home, "register", "import", str(paper))
        assert (done.code, done.message.split(" is full")[0]) == (
            EXIT_STORAGE,
            f"kiosk: the disk holding {register_of(home)}",
        )
        (disk / "filler").unlink()
        assert run(capsys, home, "services", "list").code == EXIT_OK  # opening the register undoes what is left
        with sqlite3.connect(register_of(home)) as conn:
            assert conn.execute("SELECT count(*) FROM visit").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM setting WHERE key LIKE 'register_import%'").fetchone() == (0,)
        status = run(capsys, home, "db", "status")
        assert status.code == EXIT_OK


def test_a_failed_backup_leaves_no_partial_copy(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = register_of(home)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * 3996  # the schema page damaged
    path.write_bytes(bytes(data))
    target = home.parent / "backups"
    target.mkdir()
    (target / "register-20260101T000000000000Z.partial").write_bytes(b"left by a crash")
    done = run(capsys, home, "db", "backup", str(target))
    assert done.code == EXIT_REGISTER and done.message.startswith(f"kiosk: the register {path} is damaged (")
    assert list(target.iterdir()) == []


# Configuration -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[sync]\nurl = "postgresql://st@hub:abc/register"\n', "sync.url: the port 'abc' is not a number"),
        ('[sync]\nurl = "postgresql://st@hub:99999/register"\n', "sync.url: the port 99999 is out of range"),
        ('[sync]\nurl = "mysql://st@hub/register"\n', "sync.url: must be a postgresql:// URL"),
        ('[sync]\nurl = "postgresql://st@hub"\n', "sync.url: names no database"),
    ],
)
def test_a_bad_sync_url_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], toml: str, message: str
) -> None:
    (tmp_path / "kiosk.toml").write_text(toml, encoding="utf-8")
    before = snapshot(tmp_path)
    for command in (["sync", "--dry-run"], ["sync", "--pull"], ["sync"], ["services", "list"]):
        done = run(capsys, tmp_path, *command)
        assert done.code == EXIT_CONFIG
        assert done.message.startswith(f"kiosk: configuration error: {tmp_path / 'kiosk.toml'}: {message}")
    assert snapshot(tmp_path) == before


def test_kiosk_toml_that_is_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "kiosk.toml").mkdir()
    before = snapshot(tmp_path)
    done = run(capsys, tmp_path, "services", "list")
    assert (done.code, done.message) == (
        EXIT_CONFIG,
        f"kiosk: configuration error: {tmp_path / 'kiosk.toml'}: (file): is a directory, not a file: remove it "
        "(an empty kiosk.toml is made)",
    )
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--url", "postgresql://st:hunter2@hub/register"],
            "kiosk: configuration error: --url: carries a password, which every user of this machine sees in `ps`: "
            "put the URL in $KIOSK_SYNC_URL, in sync.url of kiosk.toml, or in a file given with --url-file; "
            "then change that password",
        ),
        (
            ["--pull", "--url", "mysql://st@hub/register"],
            "kiosk: configuration error: --url: must be a postgresql:// URL (the district hub is PostgreSQL), "
            "not mysql://",
        ),
        (
            ["--dry-run", "--url", "postgresql://st@hub:5x/register"],
            "kiosk: configuration error: --url: the port '5x' is not a number (postgresql://station@host:5432/register)",
        ),
    ],
)
def test_sync_urls_given_on_the_command_line(
    home: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = snapshot(home)
    done = run(capsys, home, "sync", *args)
    assert (done.code, done.message) == (EXIT_CONFIG, message)
    assert "hunter2" not in done.err
    assert snapshot(home) == before


def test_sync_url_from_the_environment_is_checked_too(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_SYNC_URL", "postgres://st@hub:port/register")
    done = run(capsys, home, "sync", "--dry-run")
    assert (done.code, done.message) == (
        EXIT_CONFIG,
        "kiosk: configuration error: $KIOSK_SYNC_URL: the port 'port' is not a number "
        "(postgresql://station@host:5432/register)",
    )


# The paper register import -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "0001-01-01,00:00,ปิ่น รักไทย,,,general,thaid,,,",
            "line 2: date: 0001-01-01 is before 2000-01-01: not a date of this register",
        ),
        (
            "1900-01-01,08:00,ปิ่น รักไทย,,,general,thaid,,,",
            "line 2: date: 1900-01-01 is before 2000-01-01: not a date of this register",
        ),
        (
            "2567-02-23,10:00:99,ปิ่น รักไทย,,,general,thaid,,,",
            "line 2: time: must be HH:MM or HH:MM:SS (00:00–23:59), got '10:00:99'",
        ),
        (
            "2567-02-23,10:00,ปิ่น รักไทย,,,general,th\x1b[31maid,,,",
            "line 2: service_code: no service 'th\\\\x1b[31maid' in the catalogue",
        ),
    ],
)
def test_import_refuses_what_it_used_to_take_silently(
    home: Path, capsys: pytest.CaptureFixture[str], row: str, message: str
) -> None:
    paper = home.parent / "bad.csv"
    paper.write_text(f"{HEAD}\n{row}\n", encoding="utf-8")
    before = snapshot(home)
    done = run(capsys, home, "register", "import", str(paper))
    assert done.code == EXIT_FAILED
    assert done.err.splitlines() == [f"kiosk: {paper}: nothing imported, 1 bad row(s):", f"  {message}"]
    assert snapshot(home) == before


def test_import_never_echoes_control_characters(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paper = home.parent / "nul.csv"
    paper.write_bytes(HEAD.replace("name", "na\x00me\x1b[2J").encode() + b"\n" + ROW.encode() + b"\n")
    before = snapshot(home)
    done = run(capsys, home, "register", "import", str(paper))
    assert done.code == EXIT_FAILED
    assert "\x00" not in done.err and "\x1b" not in done.err
    assert "got date,time,na\\x00me\\x1b[2j,national_id" in done.err
    assert snapshot(home) == before


def test_import_of_a_directory_or_a_missing_file(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(home)
    done = run(capsys, home, "register", "import", str(home))
    assert (done.code, done.message) == (
        EXIT_FAILED,
        f"kiosk: {home} is a directory, not a CSV file: give the path of the CSV file to import",
    )
    done = run(capsys, home, "register", "import", str(home / "none.csv"))
    assert (done.code, done.message) == (
        EXIT_FAILED,
        f"kiosk: {home / 'none.csv'} does not exist: give the path of the CSV file to import",
    )
    assert snapshot(home) == before


def test_import_reads_windows_874_when_detected_or_asked(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paper = home.parent / "excel.csv"
    paper.write_bytes(f"{HEAD}\r\n{ROW.replace('09:15', '11:00')}\r\n".encode("cp874"))
    done = run(capsys, home, "register", "import", str(paper))
    assert done.code == EXIT_OK and "(read as Windows-874)" in done.out
    paper.write_bytes(f"{HEAD}\r\n{ROW.replace('09:15', '12:00')}\r\n".encode("cp874"))
    refused = run(capsys, home, "register", "import", "--encoding", "utf-8", str(paper))
    assert refused.code == EXIT_FAILED and "not UTF-8 text (byte" in refused.err
    assert run(capsys, home, "register", "import", "--encoding", "cp874", str(paper)).code == EXIT_OK
    help_text = subprocess.run(
        [sys.executable, "-m", "kiosk", "register", "import", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    ).stdout
    assert "Windows-874 (CP874/TIS-620" in help_text and "--encoding" in help_text


# The service catalogue import -------------------------------------------------------------------

GOOD = 'code = "x-service"\nname_th = "บริการ"\nname_en = "A service"\nowner_th = "กรม"\nurl = "https://x.go.th"\n'


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        (
            "list.toml",
            "service = [1, 2]\n",
            "service #1: must be a table of keys ([[service]] with code = …), got int 1",
        ),
        (
            "huge.toml",
            f"[[service]]\n{GOOD}display_order = 9223372036854775807\n",
            "service #1: display_order must be between 0 and 9999, got 9223372036854775807",
        ),
        (
            "float.toml",
            f"[[service]]\n{GOOD}display_order = 1.7\n",
            "service #1: display_order must be a whole number, got 1.7",
        ),
        (
            "names.toml",
            "[[service]]\n" + GOOD.replace('name_th = "บริการ"', 'name_th = ["a", "b"]'),
            "service #1: name_th must be text, got list ['a', 'b']",
        ),
        (
            "two-codes.csv",
            "code,name_th,name_en,owner_th,url,code\nx,บริการ,A,กรม,https://x.go.th,y\n",
            "line 1: column(s) ['code'] appear more than once: keep one of each",
        ),
        (
            "quote.csv",
            'code,name_th,name_en,owner_th,url\nx,"บริการ,A,กรม,https://x.go.th\ny,บ,B,ก,https://y.go.th\n',
            "line 2: broken CSV: a quote opened here is never closed",
        ),
    ],
)
def test_services_import_edge_cases(
    home: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, problem: str
) -> None:
    path = home.parent / name
    path.write_text(content, encoding="utf-8")
    before = snapshot(home)
    done = run(capsys, home, "services", "import", str(path))
    assert done.code == EXIT_FAILED
    lines = done.err.splitlines()
    assert lines[0].startswith(f"kiosk: {path}: nothing imported, ")
    assert lines[1] == f"  {problem}"
    assert snapshot(home) == before


def test_services_import_of_a_directory(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = home.parent / "catalogue.toml"
    folder.mkdir()
    done = run(capsys, home, "services", "import", str(folder))
    assert (done.code, done.message) == (
        EXIT_FAILED,
        f"kiosk: {folder} is a directory, not a file: give the path of a file",
    )


def test_a_traceback_is_never_what_a_user_sees(home: Path) -> None:
    """The same faults through a real process: one line on stderr, the exit code, nothing else."""
    register_of(home).write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "--home", str(home), "services", "list"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == EXIT_REGISTER
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    shutil.rmtree(home)
    home.mkdir()
    (home / "kiosk.toml").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "--home", str(home), "db", "status"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == EXIT_CONFIG and done.stderr.count("\n") == 1


def test_register_file_unreadable_as_sqlite_is_said_by_status(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    with sqlite3.connect(tmp_path / "other.db") as conn:
        conn.execute("CREATE TABLE t (x)")
    from kiosk.db import check_register

    health = check_register(path)
    assert health.problems and all(RESTORE in p or "kiosk db upgrade" in p for p in health.problems)
