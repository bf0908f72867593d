"""Running packaging/install.sh into a staging root, and reading what it left there."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
APP = "damrongdhama-kiosk"
PREFIX = f"/opt/{APP}"
DATA = f"/var/lib/{APP}"
BACKUPS = f"/var/backups/{APP}"
UNITS = (
    "kiosk-session.service",
    "kiosk-sync.service",
    "kiosk-sync.timer",
    "kiosk-backup.service",
    "kiosk-backup.timer",
)
SOURCES = ("kiosk", "ui", "printers", "resources", "packaging", "pyproject.toml", "README.md", "Makefile")

needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="the installer sets owners and modes as root does (CI runs as root)"
)


def copy_sources(target: Path) -> Path:
    """The project's sources in ``target``, outside git (the installer names the release by their hash)."""
    target.mkdir(parents=True)
    for name in SOURCES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif source.exists():
            shutil.copy2(source, target / name)
    constraints = PROJECT / "constraints.txt"
    if constraints.exists():
        shutil.copy2(constraints, target / "constraints.txt")
    return target


def run_installer(script: Path, root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``script ACTION --root ROOT``, its Python packages taken from this test run's environment."""
    env = {**os.environ, "PYTHON": sys.executable}
    env.pop("KIOSK_HOME", None)
    command = ["bash", str(script), *args, "--root", str(root), "--deps-from", sysconfig.get_path("purelib")]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def set_version(source: Path, version: str) -> None:
    pyproject = source / "pyproject.toml"
    text = re.sub(r'(?m)^version = ".*"$', f'version = "{version}"', pyproject.read_text())
    pyproject.write_text(text)


def current_release(root: Path) -> str:
    return Path(os.readlink(root / PREFIX.lstrip("/") / "current")).name


def at(root: Path, path: str) -> Path:
    return root / path.lstrip("/")


VERIFY = (
    'mount --rbind /usr "$1/usr" && shift && '
    'for unit in "$@"; do systemd-analyze verify --root="$ROOT" "/etc/systemd/system/$unit" || exit 1; done'
)


def verify_units(root: Path) -> subprocess.CompletedProcess[str]:
    """``systemd-analyze verify`` of every shipped unit as installed in ``root``.

    The staging root holds the units and the release, not an operating system: in a private
    mount namespace the host's /usr (systemd's own units, cage, env) is bound into it, so verify
    also finds every ExecStart= binary where the unit names it.
    """
    script = f'ROOT="$1"; {VERIFY}'
    args = ["sh", "-c", script, "sh", str(root), *UNITS]
    last: subprocess.CompletedProcess[str] | None = None
    for namespace in (["unshare", "--mount"], ["unshare", "--user", "--map-root-user", "--mount"]):
        last = subprocess.run([*namespace, *args], capture_output=True, text=True, timeout=120, check=False)
        if "unshare failed" not in last.stderr and "mount:" not in last.stderr:
            return last
    assert last is not None
    pytest.fail(f"no mount namespace to verify the units in: {last.stderr}")
