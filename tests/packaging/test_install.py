"""packaging/install.sh into a clean root: the user, the directories, the release, the units (verified by
systemd itself); running it again repairs; an upgrade backs up and migrates; rollback and uninstall."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.db import head_revision
from tests.packaging.installer import (
    APP,
    BACKUPS,
    DATA,
    PREFIX,
    PROJECT,
    UNITS,
    at,
    copy_sources,
    current_release,
    needs_root,
    run_installer,
    set_version,
    verify_units,
)

pytestmark = [needs_root, pytest.mark.slow]


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    base = tmp_path_factory.mktemp("install")
    root = base / "root"
    root.mkdir()
    source = copy_sources(base / "src")
    run_installer(source / "packaging" / "install.sh", root)
    yield root


def _passwd(root: Path) -> dict[str, list[str]]:
    return {line.split(":")[0]: line.split(":") for line in at(root, "/etc/passwd").read_text().splitlines()}


def _groups(root: Path) -> dict[str, list[str]]:
    found = {}
    for line in at(root, "/etc/group").read_text().splitlines():
        name, _x, _gid, members = line.split(":")
        found[name] = members.split(",") if members else []
    return found


def test_the_kiosk_user_and_its_private_directories(staged: Path) -> None:
    kiosk = _passwd(staged)["kiosk"]
    assert kiosk[5:] == [DATA, "/usr/sbin/nologin"]
    uid, gid = int(kiosk[2]), int(kiosk[3])
    assert uid < 1000  # a system user
    groups = _groups(staged)
    for group in ("lp", "video", "input", "render"):
        assert "kiosk" in groups[group], group
    for directory in (DATA, BACKUPS, f"{BACKUPS}/upgrades"):
        info = at(staged, directory).stat()
        assert (stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid) == (0o700, uid, gid), directory
    register = at(staged, f"{DATA}/register.sqlite3")
    assert (register.stat().st_uid, stat.S_IMODE(register.stat().st_mode)) == (uid, 0o600)
    with sqlite3.connect(register) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)
    assert at(staged, f"{DATA}/kiosk.toml").exists()  # the commented template for the officer


def test_the_release_the_units_and_the_system_settings(staged: Path) -> None:
    release = current_release(staged)
    assert release.startswith("0.1.0-s")
    kiosk = at(staged, f"{PREFIX}/current/bin/kiosk")
    help_text = subprocess.run([str(kiosk), "run", "--help"], capture_output=True, text=True, check=True).stdout
    assert "--hide-cursor" in help_text
    assert at(staged, f"{PREFIX}/current/share/packaging/install.sh").stat().st_mode & 0o111
    assert "schema=" + head_revision() in at(staged, f"{PREFIX}/releases/{release}/.complete").read_text()
    for unit in UNITS:
        assert (
            at(staged, f"/etc/systemd/system/{unit}").read_text() == (PROJECT / "packaging/systemd" / unit).read_text()
        )
    wants = {
        "graphical.target.wants": ["kiosk-session.service"],
        "timers.target.wants": ["kiosk-backup.timer", "kiosk-sync.timer"],
    }
    for target, units in wants.items():
        assert sorted(p.name for p in at(staged, f"/etc/systemd/system/{target}").iterdir()) == units
    session = at(staged, "/etc/systemd/system/kiosk-session.service").read_text()
    for line in ("Type=notify", "WatchdogSec=30s", "User=kiosk", "PAMName=damrongdhama-kiosk", "TTYPath=/dev/tty1"):
        assert f"\n{line}\n" in session
    assert "ExecStart=/usr/bin/cage -d -m extend -- " in session
    journald = at(staged, f"/etc/systemd/journald.conf.d/50-{APP}.conf").read_text()
    assert "Storage=persistent" in journald and "SystemMaxUse=" in journald
    assert "IdleAction=ignore" in at(staged, f"/etc/systemd/logind.conf.d/50-{APP}.conf").read_text()
    assert "pam_systemd.so" in at(staged, f"/etc/pam.d/{APP}").read_text()
    assert 'GROUP="lp"' in at(staged, "/etc/udev/rules.d/60-kiosk-thermal-printer.rules").read_text()
    manifest = at(staged, f"{PREFIX}/manifest").read_text().splitlines()
    assert f"current {release}" in manifest
    assert "file /etc/systemd/system/kiosk-session.service" in manifest
    assert at(staged, f"/usr/local/sbin/{APP}-install").is_symlink()


def test_systemd_analyze_verify_passes_for_every_unit_shipped(staged: Path) -> None:
    result = verify_units(staged)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_systemd_analyze_verify_does_fail_a_broken_unit(staged: Path, tmp_path: Path) -> None:
    unit = at(staged, "/etc/systemd/system/kiosk-sync.service")
    good = unit.read_text()
    try:
        unit.write_text(good.replace("/current/bin/kiosk sync", "/current/bin/kiosk-missing sync"))
        result = verify_units(staged)
        assert result.returncode != 0
        assert "kiosk-missing is not executable" in result.stderr
    finally:
        unit.write_text(good)


def _user_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _set_user_version(path: Path, value: int) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {value}")


def _add_migration(source: Path) -> str:
    """A release whose register schema is one step newer."""
    versions = source / "kiosk" / "migrations" / "versions"
    (versions / "9999_install_test.py").write_text(
        f'''"""A table only the upgrade test's release has

Revision ID: 9999
Revises: {head_revision()}
"""

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head_revision()}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("install_test", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("install_test")
'''
    )
    return "9999"


def _revision(register: Path) -> str:
    with sqlite3.connect(register) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_again_upgrade_rollback_and_uninstall_keep_the_register(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    first = copy_sources(tmp_path / "first")
    run_installer(first / "packaging" / "install.sh", root)
    release_a = current_release(root)
    register = at(root, f"{DATA}/register.sqlite3")
    _set_user_version(register, 42)  # stands for the district's visits

    again = run_installer(first / "packaging" / "install.sh", root)
    assert "is installed already: repairing the system files only" in again.stdout
    assert current_release(root) == release_a and _user_version(register) == 42
    assert list(at(root, f"{BACKUPS}/upgrades").iterdir()) == []  # nothing to migrate, nothing backed up

    releases = at(root, f"{PREFIX}/releases")
    for age, name in enumerate(("0.0.7-sold", "0.0.8-sold", "0.0.9-sold"), start=1):  # older releases
        (releases / name).mkdir()
        (releases / name / ".complete").write_text(f"release={name}\n")
        os.utime(releases / name / ".complete", (time.time() - 86400 * (10 - age),) * 2)
    second = copy_sources(tmp_path / "second")
    set_version(second, "0.1.1")
    newer = _add_migration(second)
    upgrade = run_installer(second / "packaging" / "install.sh", root)
    release_b = current_release(root)
    assert release_b.startswith("0.1.1-s") and release_b != release_a
    assert at(root, f"{PREFIX}/releases/{release_a}/.complete").exists()  # side by side
    # the current, the previous and the newest other one stay; older ones go (0.8 GB each)
    assert sorted(p.name for p in releases.iterdir()) == sorted([release_a, release_b, "0.0.9-sold"])
    assert "removing the old release 0.0.7-sold" in upgrade.stdout
    (backup,) = at(root, f"{BACKUPS}/upgrades").iterdir()
    assert f"register backed up before migrating: {BACKUPS}/upgrades/{backup.name}" in upgrade.stdout
    assert (_user_version(backup), _revision(backup)) == (42, head_revision())
    assert _revision(register) == newer and _user_version(register) == 42
    previous = at(root, f"{PREFIX}/releases/{release_b}/.previous").read_text()
    assert previous == f"previous={release_a}\nbackup={BACKUPS}/upgrades/{backup.name}\n"
    _set_user_version(register, 43)  # a visit recorded after the upgrade

    installed = at(root, f"{PREFIX}/current/share/packaging/install.sh")  # no source tree needed
    rollback = run_installer(installed, root, "rollback")
    assert current_release(root) == release_a
    assert (_revision(register), _user_version(register)) == (head_revision(), 42)
    (kept,) = at(root, DATA).glob("register.sqlite3.rolled-back-*Z")
    assert (_revision(kept), _user_version(kept)) == (newer, 43)  # never deleted
    assert f"rolled back from {release_b} to {release_a}" in rollback.stdout

    run_installer(at(root, f"{PREFIX}/current/share/packaging/install.sh"), root, "uninstall")
    assert not at(root, PREFIX).exists()
    assert not at(root, "/etc/systemd/system/kiosk-session.service").exists()
    assert not at(root, "/etc/systemd/system/graphical.target.wants/kiosk-session.service").exists()
    assert _user_version(register) == 42 and "kiosk" in _passwd(root)  # the register stays

    run_installer(first / "packaging" / "install.sh", root)  # installing again finds it
    assert _user_version(register) == 42
    run_installer(first / "packaging" / "install.sh", root, "uninstall", "--purge")
    assert not at(root, DATA).exists() and not at(root, BACKUPS).exists()
    assert "kiosk" not in _passwd(root)
