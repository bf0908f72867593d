"""``kiosk desk`` started from a desktop icon: a register that cannot be opened is said on screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kiosk.config import config_from_dict
from ui.staff.app import run


def test_a_register_that_cannot_be_opened_is_said_on_screen_then_the_desk_exits(qtbot: object, tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    config = config_from_dict({}, home=blocker / "kiosk")
    shown: list[str] = []

    def answer() -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if not boxes:
            QTimer.singleShot(20, answer)
            return
        (box,) = boxes
        shown.append(f"{box.objectName()}|{box.windowTitle()}|{box.text()}")
        box.accept()

    QTimer.singleShot(20, answer)
    assert run(config) == 1
    (message,) = shown
    assert message.startswith("register-failed|ฐานข้อมูลเปิดไม่ได้|เปิดทะเบียนผู้มาขอรับบริการไม่ได้")
    assert "The register could not be opened" in message and "Not a directory" in message
