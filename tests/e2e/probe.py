"""Inside the kiosk under test: answers the test's questions about what is on screen, never touches a widget.

The kiosk runs in a child process on the test's Xvfb (Qt's xcb platform, Qt Virtual Keyboard as its
input method), started by :mod:`tests.e2e.kiosk_main` through the composition root ``ui.app.start``,
as ``kiosk run`` starts it. Every tap comes from the test process as a real X pointer event
(XTEST). This probe only reads: one JSON request a line on one pipe, one JSON answer a line on
another, handled on the kiosk's own event loop (so an answer describes the state after every event
the kiosk has taken so far):

- ``state``: the screen shown (and how long ago it changed), the field with the focus, the details
  form's texts, the idle countdown, the staff area and its page, language and look, whether a
  keyboard is up;
- ``find``: where a visible text (or a widget's object name) is on the screen, and whether a tap
  there lands on it (nothing covers it);
- ``keys``: the keys of the on-screen keyboards shown now, with their text and place;
- ``events``: the screens shown since the last ask, with their times (a double tap that went two
  screens far shows here).
"""

from __future__ import annotations

import json
import os
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QPoint, QPointF, QRect, QSocketNotifier, Qt
from PySide6.QtGui import QGuiApplication, QInputEvent, QWindow
from PySide6.QtQuick import QQuickItem
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ui.widgets.overlay import Overlay

if TYPE_CHECKING:
    from ui.app import Kiosk

# The environment variable that names the probe's pipes: "<read fd>,<write fd>".
FDS_ENV = "KIOSK_E2E_PROBE_FDS"

Json = dict[str, Any]


def _rect(widget: QWidget, local: QRect | None = None) -> Json:
    r = local if local is not None else widget.rect()
    top_left = widget.mapToGlobal(r.topLeft())
    return {"x": top_left.x(), "y": top_left.y(), "w": r.width(), "h": r.height()}


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, QAbstractButton | QLabel | QLineEdit):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QTextEdit):
        return widget.toPlainText()
    return ""


def _describe(widget: QWidget | None) -> Json | None:
    if widget is None:
        return None
    return {
        "class": type(widget).__name__,
        "object": widget.objectName(),
        "text": _text_of(widget),
        "editable": isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox)
        and not getattr(widget, "isReadOnly", lambda: False)(),
        **_rect(widget),
    }


def _target(widget: QWidget) -> QWidget:
    """What a tap on ``widget`` reaches: a label on a button's face is the button."""
    found: QWidget | None = widget
    while found is not None:
        if isinstance(found, QAbstractButton):
            return found
        found = found.parentWidget()
    return widget


TAPPABLE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit)


def _lands_on(target: QWidget, point: QPoint) -> bool:
    """Whether a tap at ``point`` (global) reaches ``target``: the widget there is it or inside it."""
    hit = QApplication.widgetAt(point)
    return hit is not None and (hit is target or target.isAncestorOf(hit))


MIN_TARGET_PX = 24  # less of a button than this in sight, and a finger does not aim at it


def _seen(widget: QWidget) -> QRect:
    """The part of ``widget`` in sight (not scrolled away, not off the window), or all of it when too little is."""
    seen = widget.visibleRegion().boundingRect()
    window = widget.window()
    seen = seen.intersected(QRect(widget.mapFrom(window, QPoint(0, 0)), window.size()))
    return seen if seen.width() >= MIN_TARGET_PX and seen.height() >= MIN_TARGET_PX else widget.rect()


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.window().isVisible() and widget.width() > 0 and widget.height() > 0


def _matches(text: str, wanted: str, exact: bool) -> bool:
    text = " ".join(text.split())  # a wrapped or two-line label matches its words
    return text == wanted if exact else wanted in text


class ReleaseCounter(QObject):
    """Counts the mouse releases that reach a window of the kiosk (before any filter of the kiosk's own)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.releases = 0
        self.presses: list[tuple[int, float]] = []  # the last presses: the X server's time (ms), when taken (s)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            return False
        # A widget window's (the keyboard's Qt Quick window gets the same press again from its QQuickWidget)
        if not isinstance(watched, QWindow) or watched.metaObject().className() != "QWidgetWindow":
            return False
        if kind == QEvent.Type.MouseButtonRelease:
            self.releases += 1
        elif isinstance(event, QInputEvent):
            self.presses = [*self.presses[-5:], (event.timestamp(), time.monotonic())]
        return False


class Probe(QObject):
    """Reads requests from ``read_fd`` and writes answers to ``write_fd``, on the kiosk's event loop."""

    def __init__(self, kiosk: Kiosk, read_fd: int, write_fd: int) -> None:
        super().__init__(kiosk.window)
        self.kiosk = kiosk
        self.window = kiosk.window
        self._read_fd, self._write_fd = read_fd, write_fd
        os.set_blocking(read_fd, False)
        self._buffer = b""
        self._events: list[Json] = []
        self._started = time.monotonic()
        self._changed = self._started  # when the screen last changed
        self._view: tuple[Any, ...] = ()
        self.window.screen_changed.connect(self._on_screen_changed)
        self.window.theme.changed.connect(self._on_view_changed)
        self.window.installEventFilter(self)
        for overlay in self.window.findChildren(Overlay):  # the countdown, "start over?", the PIN pad
            overlay.installEventFilter(self)
        # The releases the kiosk has taken (swallowed or not): the test knows its tap has arrived.
        self._counter = ReleaseCounter(self)
        QApplication.instance().installEventFilter(self._counter)  # type: ignore[union-attr]
        self._notifier = QSocketNotifier(read_fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_readable)

    def _on_screen_changed(self, name: str) -> None:
        self._changed = time.monotonic()
        self._events.append({"screen": name, "t": self._changed - self._started})

    def _on_view_changed(self) -> None:
        self._changed = time.monotonic()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A language, an overlay of the kiosk shown or hidden: the screen changed under the finger too."""
        kind = event.type()
        if (watched is self.window and kind == QEvent.Type.LanguageChange) or (
            watched is not self.window and kind in (QEvent.Type.Show, QEvent.Type.Hide)
        ):
            self._on_view_changed()
        return False

    def _on_readable(self) -> None:
        try:
            chunk = os.read(self._read_fd, 65536)
        except BlockingIOError:
            return
        if not chunk:  # the test went away
            self._notifier.setEnabled(False)
            self._quit()
            return
        self._buffer += chunk
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            request = json.loads(line)
            try:
                answer = {"ok": True, "result": self.answer(request)}
            except Exception as exc:  # the test reads the failure; the kiosk goes on
                answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            data = (json.dumps(answer, ensure_ascii=False) + "\n").encode()
            while data:
                data = data[os.write(self._write_fd, data) :]

    def answer(self, request: Json) -> Any:
        ask = request["ask"]
        if ask == "state":
            return self.state()
        if ask == "find":
            return self.find(request.get("text"), request.get("object"), exact=bool(request.get("exact")))
        if ask == "keys":
            return self.keys()
        if ask == "events":
            events, self._events = self._events, []
            return events
        if ask == "quit":
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self._quit)
            return None
        raise ValueError(f"unknown request {ask!r}")

    def _quit(self) -> None:
        self.window.unlock()
        QApplication.quit()

    # What is on screen ------------------------------------------------------------------------

    def _staff_area(self) -> QWidget | None:
        area = self.window.findChild(QWidget, "StaffArea")
        return area if isinstance(area, QWidget) else None

    def state(self) -> Json:
        window = self.window
        details = window.details
        area = self._staff_area()
        staff: Json | None = None
        if area is not None and area.isVisible():
            ctx = getattr(area, "ctx", None)
            who = getattr(ctx, "who", None)
            staff = {
                "page": getattr(area, "current", ""),
                "signed_in": who.name if who is not None else None,
                "panels": [
                    type(w).__name__
                    for w in area.findChildren(QWidget)
                    if type(w).__name__.endswith("Panel") and w.isVisible()
                ],
            }
        from ui import i18n

        return {
            "screen": window.current,
            "since_change": self._since_change(staff),
            "releases": self._counter.releases,
            "presses": self._counter.presses,
            "ready": window.app is not None and bool(window.services) and details.keyboard is not None,
            "focus": _describe(QApplication.focusWidget()),
            "fields": {name: field.text() for name, field in details.fields.items()},
            "countdown": window.countdown.isVisible(),
            "pin_pad": window.pin_pad.isVisible(),
            "overlays": [type(w).__name__ for w in window.findChildren(Overlay) if w.isVisible()],
            "staff": staff,
            "language": i18n.language(),
            "large_text": window.theme.large_text,
            "high_contrast": window.theme.high_contrast,
            "large_button": window.large_button.isChecked(),
            "contrast_button": window.contrast_button.isChecked(),
            "language_button": window.language_button.text_of(),
            "input_method_visible": QGuiApplication.inputMethod().isVisible(),
            "keyboards": [_rect(w) for w in self._keyboards()],
            "ticket": window.ticket.number.text(),
        }

    def _since_change(self, staff: Json | None) -> float:
        """Seconds since the screen last changed: a screen, an overlay, the language, the look, a staff page."""
        view = (staff and (staff["page"], staff["signed_in"], *staff["panels"]), staff is None)
        if view != self._view:  # the staff area's pages are seen when asked (close enough for a person's pause)
            self._view = view
            self._on_view_changed()
        return time.monotonic() - self._changed

    def find(self, text: str | None, object_name: str | None, *, exact: bool) -> list[Json]:
        """Every visible widget (or item of a list or table) showing ``text``, or named ``object_name``."""
        found: list[Json] = []
        seen: set[int] = set()
        for top in QApplication.topLevelWidgets():
            if not _shown(top):
                continue
            for widget in [top, *top.findChildren(QWidget)]:
                if not _shown(widget):
                    continue
                if isinstance(widget, QAbstractItemView) and text is not None:
                    found += self._items(widget, text, exact)
                    continue
                if object_name is not None:
                    hit = widget.objectName() == object_name
                else:
                    hit = text is not None and _matches(_text_of(widget), text, exact)
                    if not hit and isinstance(widget, QLineEdit) and text is not None:
                        hit = _matches(widget.placeholderText(), text, exact) and not widget.text()
                if not hit:
                    continue
                target = _target(widget)
                if id(target) in seen:
                    continue
                seen.add(id(target))
                place = _rect(target, _seen(target))
                centre = QPoint(place["x"] + place["w"] // 2, place["y"] + place["h"] // 2)
                found.append(
                    {
                        **place,
                        "class": type(target).__name__,
                        "object": target.objectName(),
                        "text": _text_of(widget),
                        "enabled": target.isEnabled(),
                        "tappable": isinstance(target, TAPPABLE),
                        "hit": _lands_on(target, centre),
                    }
                )
        return found

    def _items(self, view: QAbstractItemView, text: str, exact: bool) -> list[Json]:
        model = view.model()
        if model is None:
            return []
        found = []
        viewport = view.viewport()
        # a list model's columnCount is private in PySide: a list has one column
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
        for row in range(model.rowCount(QModelIndex())):
            for column in range(columns):
                index = model.index(row, column, QModelIndex())
                value = index.data(Qt.ItemDataRole.DisplayRole)
                if value is None or not _matches(str(value), text, exact):
                    continue
                local = view.visualRect(index).intersected(viewport.rect())
                if local.isEmpty():
                    continue
                place = _rect(viewport, local)
                centre = QPoint(place["x"] + place["w"] // 2, place["y"] + place["h"] // 2)
                found.append(
                    {
                        **place,
                        "class": type(view).__name__,
                        "object": view.objectName(),
                        "text": str(value),
                        "enabled": view.isEnabled(),
                        "tappable": True,
                        "hit": _lands_on(viewport, centre),
                    }
                )
        return found

    def _keyboards(self) -> list[QQuickWidget]:
        found = []
        for top in QApplication.topLevelWidgets():
            for widget in top.findChildren(QQuickWidget):
                root = widget.rootObject()
                if _shown(widget) and root is not None and root.findChild(QObject, "inputPanel") is not None:
                    found.append(widget)
        return found

    def keys(self) -> list[Json]:
        """The keys of every keyboard on screen: their text (what they type), key code and place."""
        found = []
        for widget in self._keyboards():
            root = widget.rootObject()
            assert root is not None
            for item in root.findChildren(QQuickItem):
                if item.metaObject().indexOfProperty("key") < 0 or not item.isVisible() or item.width() <= 0:
                    continue
                if item.metaObject().indexOfProperty("text") < 0:
                    continue
                top_left = item.mapToScene(QPointF(0, 0)).toPoint()
                place = widget.mapToGlobal(top_left)
                centre = QPoint(place.x() + int(item.width() / 2), place.y() + int(item.height() / 2))
                found.append(
                    {
                        "text": item.property("text"),
                        "key": int(item.property("key") or 0),
                        "x": place.x(),
                        "y": place.y(),
                        "w": int(item.width()),
                        "h": int(item.height()),
                        "hit": _lands_on(widget, centre),
                    }
                )
        return found


def install(kiosk: Kiosk) -> Probe | None:
    """The probe on the pipes named by :data:`FDS_ENV`, or None when the variable is not set."""
    fds = os.environ.get(FDS_ENV)
    if not fds:
        return None
    read_fd, write_fd = (int(fd) for fd in fds.split(","))
    return Probe(kiosk, read_fd, write_fd)
