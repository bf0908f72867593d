"""In Thai, every word on every screen is Thai: no developer English, no device state, no exception text.

The citizen's screens and the staff area's pages are walked as the screenshots walk them (the same
``prepare`` steps), and every text a person can read — labels, buttons, placeholders, list and table
cells, combo box entries — is checked for Latin letters. Only names that are Latin in Thai too pass:
ticket labels (A001, P003), ThaID, QR, PDF and the like, and what the sample data itself holds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

# Latin words a Thai reader meets in Thai text, and the sample data's own Latin (a web address, a station id).
ALLOWED = re.compile(
    r"\b(?:[AP]\d{3}|ThaID|QR|PIN|PDF|XLSX|CSV|English|LandsMaps|OSS|e-Service|x{4,5}|x\d|\d?x|"
    r"Excel|DEMO-01|KIOSK-01|https?://\S+|[\w.-]+\.(?:go\.th|or\.th|co\.th|org|pdf|xlsx|csv))\b"
)
LATIN = re.compile(r"[A-Za-z]{2,}")
FILE_PATH = re.compile(r"(?<!\S)/\S+")  # a file's absolute path is Latin in Thai too


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(widget, text) for every text shown under ``root``."""
    found: list[tuple[str, str]] = []

    def add(widget: QWidget, text: str) -> None:
        if text:
            found.append((f"{type(widget).__name__}#{widget.objectName()}", text))

    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            add(widget, re.sub(r"<[^>]+>", " ", widget.text()))
        elif isinstance(widget, QAbstractButton):
            add(widget, widget.text())
        elif isinstance(widget, QLineEdit):
            add(widget, widget.placeholderText())
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                add(widget, widget.itemText(i))
        elif isinstance(widget, QListWidget):
            for i in range(widget.count()):
                add(widget, widget.item(i).text())
        elif isinstance(widget, QTableWidget):
            for c in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(c)
                add(widget, header.text() if header else "")
                for r in range(widget.rowCount()):
                    item = widget.item(r, c)
                    add(widget, item.text() if item else "")
    return found


def english_in(text: str) -> list[str]:
    return LATIN.findall(ALLOWED.sub(" ", FILE_PATH.sub(" ", text)))


class Collector:
    def __init__(self) -> None:
        self.shots = 0
        self.problems: list[str] = []

    def __call__(self, shot: str, root: QWidget) -> None:
        self.shots += 1
        for where, text in visible_texts(root):
            words = english_in(text)
            if words:
                self.problems.append(f"{shot}: {where}: {text!r} ({', '.join(words)})")


def test_the_checker_finds_english() -> None:
    assert english_in("ประวัติการแก้ไข (audit trail)") == ["audit", "trail"]
    assert english_in("เครื่องพิมพ์: กระดาษหมด (printer.paper_out)") == ["printer", "paper", "out"]
    assert english_in("บัตรคิว P003 · ผู้ใช้ ThaID · 3-xxxx-xxxxx-x6-9 · ไฟล์ PDF") == []
    assert english_in("ไฟล์ทะเบียน: /srv/kiosk/register.sqlite3") == []
    assert english_in("เปิดไม่ได้ (unable to open database file)") == ["unable", "to", "open", "database", "file"]


@pytest.mark.slow
def test_every_citizen_screen_is_thai_in_thai(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import screenshots
    from ui.widgets import keyboard

    monkeypatch.setattr(keyboard, "available", lambda: False)  # its QML needs the input method set at start-up

    collector = Collector()
    screenshots.render(
        tmp_path,
        sizes={"1280x800": screenshots.SIZES["1280x800"]},
        variants=[("th", False, False), ("th", True, True)],
        inspect=collector,
    )
    assert collector.shots == 2 * len(screenshots.SHOTS)
    assert collector.problems == []


@pytest.mark.slow
def test_every_staff_page_is_thai(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.staff import area, screenshots

    monkeypatch.setattr(area, "keyboard_available", lambda: False)

    collector = Collector()
    screenshots.render(tmp_path, {"1280x800": screenshots.SIZES["1280x800"]}, inspect=collector)
    assert collector.shots >= 14
    assert collector.problems == []


def test_the_desk_says_in_thai_why_the_register_could_not_be_opened(qtbot: QtBot, tmp_path: Path) -> None:
    """``kiosk desk`` alone: its message box before any staff page exists, for each way the register fails."""
    from kiosk.app import visit
    from kiosk.config import config_from_dict
    from ui.staff.app import register_failed_box

    (tmp_path / "data").write_text("not a folder")  # a data disk not mounted
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "register.sqlite3").write_bytes(b"garbage" * 1000)
    emptied = tmp_path / "emptied"
    emptied.mkdir()
    (emptied / "register.sqlite3").touch()
    collector = Collector()
    for name, home in (("no-disk", tmp_path / "data" / "kiosk"), ("damaged", damaged), ("emptied", emptied)):
        config = config_from_dict({}, home=home)
        with pytest.raises(Exception) as failed:
            visit.open_register(config)
        box = register_failed_box(failed.value, config, then=lambda: None)
        qtbot.addWidget(box)
        collector(f"register-failed-{name}", box)
    hub = config_from_dict({"database_url": "postgresql://station@hub/register"}, home=tmp_path)
    box = register_failed_box(OSError("connection refused"), hub, then=lambda: None)
    qtbot.addWidget(box)
    collector("register-failed-hub", box)
    assert collector.shots == 4
    assert collector.problems == []
