"""PySide6 decides after every import whether the module uses PySide6, without keeping its source
(ui/pyside_sources.py): the kiosk at rest held ~20 MB of source lines in linecache before."""

from __future__ import annotations

import linecache
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui import pyside_sources  # importing ui installs the check

feature = sys.modules["PySide6.support.feature"]


@pytest.fixture
def modules(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "uses_qt_here.py").write_text("from PySide6.QtCore import QObject\nTHING = QObject\n")
    (tmp_path / "plain_here.py").write_text("THING = 'ไม่มี Qt'\n")
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in ("uses_qt_here", "plain_here"):
        sys.modules.pop(name, None)
        feature.pyside_feature_dict.pop(name, None)


def test_the_check_is_installed() -> None:
    assert feature._mod_uses_pyside is pyside_sources.mentions_pyside6


def test_a_module_imported_is_judged_as_pyside6_judges_it_and_its_source_not_kept(modules: Path) -> None:
    __import__("uses_qt_here")  # through the import statement's hook, as PySide6 replaced it
    __import__("plain_here")

    assert feature.pyside_feature_dict["uses_qt_here"] == 0  # uses PySide: "no feature" selected
    assert feature.pyside_feature_dict["plain_here"] == -1  # ignored by the feature machinery
    assert str(modules / "uses_qt_here.py") not in linecache.cache
    assert str(modules / "plain_here.py") not in linecache.cache


def test_modules_without_a_source_file_are_not_pyside_users(tmp_path: Path) -> None:
    assert not pyside_sources.mentions_pyside6(sys)  # built in: no __file__
    gone = type(sys)("gone")
    gone.__file__ = str(tmp_path / "gone.py")  # the file removed since
    assert not pyside_sources.mentions_pyside6(gone)
