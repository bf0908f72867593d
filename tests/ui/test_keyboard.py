"""The on-screen Thai keyboard loads inside the window (in a process of its own: it needs QT_IM_MODULE)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
from PySide6.QtCore import QObject
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from PySide6.QtQuickWidgets import QQuickWidget
from ui.resources import load_fonts
from ui.screens.details import DetailsScreen
from ui.theme import Theme
from ui.widgets.keyboard import HEIGHT, VirtualKeyboard, available

app = QApplication([])
load_fonts()
assert available()
panel = VirtualKeyboard()
panel.set_height(HEIGHT)
screen = DetailsScreen(Theme(), panel)
screen.resize(1920, 1080)
screen.show()
screen.fields["full_name"].setFocus()
QTest.qWait(300)
print("STATUS", panel.status() is QQuickWidget.Status.Ready)
print("PANEL", panel.rootObject().findChild(QObject, "inputPanel") is not None)
print("EMBEDDED", panel.parent() is not None and panel.window() is screen.window())
print("HEIGHT", panel.height())
"""


def test_the_thai_keyboard_is_embedded_in_the_details_screen() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_IM_MODULE="qtvirtualkeyboard")
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert lines == {"STATUS": "True", "PANEL": "True", "EMBEDDED": "True", "HEIGHT": "340"}
