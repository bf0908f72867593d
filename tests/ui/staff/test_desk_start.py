"""``kiosk desk`` started from a desktop icon: a register that cannot be opened is said on screen."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.staff.app import register_failed_box


def test_a_register_that_cannot_be_opened_is_said_on_screen_before_the_desk_exits(qtbot: QtBot) -> None:
    done: list[bool] = []
    box = register_failed_box(NotADirectoryError(20, "Not a directory", "/data/kiosk"), then=lambda: done.append(True))
    qtbot.addWidget(box)
    assert box.isVisible() and box.windowTitle() == "ฐานข้อมูลเปิดไม่ได้"
    assert box.text().startswith("เปิดทะเบียนผู้มาขอรับบริการไม่ได้ กรุณาติดต่อผู้ดูแลระบบ")
    assert "The register could not be opened:\n[Errno 20] Not a directory: '/data/kiosk'" in box.text()
    assert not done  # the desk waits until the officer has read it
    box.accept()
    assert done == [True]
