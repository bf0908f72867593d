"""What keeps a change of screen cheap (issue 10's tap-to-repaint; figures in benchmarks/test_bench_touch.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.helpers import settle
from ui.theme import Theme
from ui.widgets.button import TouchButton
from ui.window import KioskWindow

ROOT = Path(__file__).resolve().parents[2]


class LayoutRequests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_a_button_given_its_own_text_and_flag_again_lays_nothing_out(qtbot: QtBot) -> None:
    """The service picker sets every tile's texts and flag at each start: unchanged, they cost nothing."""
    host = QWidget()
    qtbot.addWidget(host)
    button = TouchButton(Theme(), role="tile", icon="other")
    QVBoxLayout(host).addWidget(button)
    button.set_text("ตรวจสอบสิทธิหลักประกันสุขภาพ", "สปสช.")
    button.set_flag("unavailable", False)
    host.show()
    qtbot.waitExposed(host)
    qtbot.wait(50)  # the first layout done
    requests = LayoutRequests()
    host.installEventFilter(requests)
    polished: list[QWidget] = []
    style = button.style()
    original = style.polish

    def polish(widget: QWidget) -> None:
        polished.append(widget)
        original(widget)

    style.polish = polish  # type: ignore[method-assign,assignment]
    try:
        button.set_text("ตรวจสอบสิทธิหลักประกันสุขภาพ", "สปสช.")
        button.set_flag("unavailable", False)
        qtbot.wait(20)
        assert requests.count == 0 and polished == []
        button.set_text("ชำระภาษีรถประจำปีออนไลน์", "กรมการขนส่งทางบก")
        button.set_flag("unavailable", True)
        qtbot.wait(20)
        assert requests.count >= 1 and button in polished  # a change still restyles and lays out
        assert button.property("unavailable") == "true" and button.text_of() == "ชำระภาษีรถประจำปีออนไลน์"
    finally:
        del style.polish


class CountingPage(QWidget):
    """A page that counts how often the layouts ask it for its height at a width."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        self.asked += 1
        return 100


def test_a_change_inside_the_shown_screen_asks_no_hidden_screen(qtbot: QtBot, window: KioskWindow) -> None:
    """A QStackedWidget asks every page for its height at its width whenever anything inside changes
    its geometry: nine screens of wrapped Thai text laid out again at each change of screen."""
    hidden = CountingPage()
    window.stack.addWidget(hidden)
    window.show_screen("services")
    settle(qtbot, window)
    hidden.asked = 0
    window.picker.page_label.setText("หน้า 1 / 9 (ข้อความที่ยาวขึ้น)")  # the shown screen lays out again
    window.show_screen("group")
    settle(qtbot, window)
    assert hidden.asked == 0
    assert window.stack.minimumSizeHint() == window.group.minimumSizeHint()


SCRIPT = r"""
import json, time
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtQuick import QQuickItem
from kiosk.config import load_config
from ui import app
home = __import__("pathlib").Path(__import__("sys").argv[1])
kiosk = app.build(load_config(home), kiosk_mode=False, size=(1920, 1080))
kiosk.window.show()
app.add_keyboard_later(kiosk)
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    QCoreApplication.processEvents()
    panel = kiosk.window.details.keyboard
    if panel is not None and panel.rootObject() is not None and panel.rootObject().width() > 0:
        break
    time.sleep(0.01)
for _ in range(50):
    QCoreApplication.processEvents()
    time.sleep(0.01)
panel = kiosk.window.details.keyboard
root = panel.rootObject() if panel is not None else None
keys = [i for i in root.findChildren(QQuickItem) if i.metaObject().className() == "KeyFace"] if root else []
print(json.dumps({
    "shown": kiosk.window.current,
    "details_visible": kiosk.window.details.isVisible(),
    "panel": [panel.width(), panel.height()] if panel is not None else None,
    "root": [root.width(), root.height()] if root is not None else None,
    "keys": len(keys),
}))
kiosk.window.unlock()
"""


def test_the_keyboard_has_its_keys_before_the_first_name_screen(tmp_path: Path) -> None:
    """Qt Virtual Keyboard makes its keys when its scene first gets a size: at rest after start-up,
    not on the first visitor's name screen."""
    (tmp_path / "kiosk.toml").write_text('[ui]\ncard_reader = false\n[display]\nlisten = ""\n')
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_IM_MODULE="qtvirtualkeyboard", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)], env=env, capture_output=True, text=True, timeout=90, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["shown"] == "welcome" and not result["details_visible"]
    width, height = result["panel"]
    assert width > 1500 and height > 300, result  # the size the name screen gives it, not a hidden widget's
    assert result["root"] == [width, height]
    assert result["keys"] > 40, result
