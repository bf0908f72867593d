"""``kiosk desk`` started from a desktop icon: a register that cannot be opened is said on screen, in Thai."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from kiosk.app import visit
from kiosk.config import Config, config_from_dict
from tests.ui.test_thai_only import english_in
from ui.staff.app import register_failed_box


def _failure(config: Config) -> BaseException:
    with pytest.raises(Exception) as caught:
        visit.open_register(config)
    return caught.value


def _shown(box: QMessageBox) -> tuple[str, list[str]]:
    """Every word of the box (its labels) and its buttons' texts."""
    labels = "\n".join(label.text() for label in box.findChildren(QLabel) if label.text())
    return labels, [button.text() for button in box.findChildren(QAbstractButton) if button.isVisible()]


def test_a_register_that_cannot_be_opened_is_said_on_screen_before_the_desk_exits(qtbot: QtBot, tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")  # a data disk not mounted: the register's folder cannot be made
    config = config_from_dict({}, home=blocker / "kiosk")
    done: list[bool] = []
    box = register_failed_box(_failure(config), config, then=lambda: done.append(True))
    qtbot.addWidget(box)
    assert box.isVisible() and box.windowTitle() == "ฐานข้อมูลเปิดไม่ได้"
    assert box.text() == "เปิดทะเบียนผู้มาขอรับบริการไม่ได้"
    register = blocker / "kiosk" / "register.sqlite3"
    assert box.informativeText().splitlines()[:2] == [
        "สาเหตุ: ไม่พบที่เก็บข้อมูลของเครื่อง กรุณาติดต่อผู้ดูแลระบบ",
        f"ไฟล์ทะเบียน: {register}",
    ]
    assert "แจ้งผู้ดูแลระบบ" in box.informativeText() and "เปิดส่วนเจ้าหน้าที่อีกครั้ง" in box.informativeText()
    labels, buttons = _shown(box)
    assert english_in(labels.replace(str(register), "")) == []  # the path is the only Latin
    assert buttons == ["ปิด"]  # not Qt's own "OK"
    assert f"its folder {register.parent} does not exist" in box.toolTip()  # for a technician's mouse
    assert not done  # the desk waits until the officer has read it
    box.accept()
    assert done == [True]


def test_a_damaged_register_is_named_with_what_to_do(qtbot: QtBot, tmp_path: Path) -> None:
    config = config_from_dict({}, home=tmp_path)
    (tmp_path / "register.sqlite3").write_bytes(b"not a database, but not empty either" * 200)
    box = register_failed_box(_failure(config), config, then=lambda: None)
    qtbot.addWidget(box)
    assert box.informativeText().startswith(
        f"สาเหตุ: ฐานข้อมูลทะเบียนเสียหาย กรุณาติดต่อผู้ดูแลระบบ\nไฟล์ทะเบียน: {tmp_path / 'register.sqlite3'}\n"
    )
    assert "restore the newest backup" in box.toolTip()


def test_an_unexpected_error_is_said_in_thai_and_its_english_kept_for_the_technician(
    qtbot: QtBot, tmp_path: Path
) -> None:
    config = config_from_dict({"database_url": "postgresql://station@district-host/register"}, home=tmp_path)
    box = register_failed_box(RuntimeError("the pool is closed"), config, then=lambda: None)
    qtbot.addWidget(box)
    assert box.informativeText().splitlines()[:2] == [
        "สาเหตุ: ระบบขัดข้อง",
        f"ฐานข้อมูลตามที่อยู่ที่ตั้งไว้ในไฟล์ตั้งค่า {tmp_path / 'kiosk.toml'}",
    ]
    labels, _ = _shown(box)
    assert "pool" not in labels and box.toolTip() == "RuntimeError: the pool is closed"
