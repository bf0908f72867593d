"""Typing through the keys of Qt Virtual Keyboard's panel, as a finger does: a press and a release on the key's centre.

As Qt's own Virtual Keyboard tests do, the key item is found in the panel's layout; the click goes
to the top-level window at the key's place, so the keyboard's input engine sends the text to the
field with the focus. Nothing here calls a field's ``setText`` or sends it key events.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget


def wait_for(condition: Callable[[], object], what: str, timeout_s: float = 20.0) -> None:
    """Turn the event loop until ``condition()`` holds: QML loads and lays out asynchronously."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        QTest.qWait(10)


def keys(panel: QQuickWidget) -> list[QQuickItem]:
    """The keys on show."""
    root = panel.rootObject()
    if root is None or not panel.isVisible():
        return []
    return [
        k
        for k in root.findChildren(QQuickItem)
        if k.metaObject().indexOfProperty("key") >= 0 and k.isVisible() and k.width() > 0
    ]


def labels(panel: QQuickWidget) -> set[str]:
    return {str(k.property("text")) for k in keys(panel) if str(k.property("text")).strip()}


def key(panel: QQuickWidget, label: str) -> QQuickItem:
    matching = [k for k in keys(panel) if k.property("text") == label]
    assert len(matching) == 1, (label, len(matching))
    return matching[0]


def centre_in_window(panel: QQuickWidget, item: QQuickItem) -> QPoint:
    scene = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
    return panel.mapTo(panel.window(), scene)


def tap_at(window: QWidget, where: QPoint) -> None:
    """A press and a release at ``where`` in ``window``, through its QWindow (where a finger's taps come in)."""
    handle = window.windowHandle()
    assert handle is not None
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    QTest.qWait(20)  # a finger rests a moment
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)


def tap_widget(widget: QWidget) -> None:
    """A tap on the middle of ``widget``, as the window receives it."""
    window = widget.window()
    tap_at(window, widget.mapTo(window, widget.rect().center()))


def type_on(panel: QQuickWidget, text: str) -> None:
    """Tap the key of each character of ``text``; each must reach the field with the focus."""
    for ch in text:
        tap_key(panel, ch)


def tap_key(panel: QQuickWidget, label: str) -> None:
    """Tap one key; its text must reach the field with the focus."""
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit), f"no text field has the focus for {label!r}: {field!r}"
    before = field.text()
    tap_at(panel.window(), centre_in_window(panel, key(panel, label)))
    wait_for(lambda: field.text() != before, f"{label!r} typed into {field.objectName() or field!r}", 10)
