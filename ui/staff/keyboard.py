"""The on-screen keyboard of the staff area over the kiosk, where there may be no other keyboard.

The kiosk's touchscreen often has no keyboard of its own, yet the officer types there: a name
left to them, a reason, a note, a correction. While a text field of the staff area has the
focus, Qt Virtual Keyboard's panel (``ui.widgets.keyboard``) lies along the bottom of the area,
above everything else, and what it covers is moved out of its way: the page shrinks above it
and scrolls, and an open panel (outcome, completion, correction) keeps its card where it was,
its fields scrolling in the space left. It is the kiosk's one panel, borrowed from the citizen's
details screen and given back when the area closes. It goes only once the finger that took the
focus from the field is lifted: the tap that hid it lands where it was aimed.
``kiosk desk`` at the officer's own desk has a real keyboard and no panel.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QScrollArea, QWidget

from ui.widgets.overlay import Overlay

# At 1920×1080: five rows of keys about 70 px high; scaled with the staff area's theme.
HEIGHT = 400


def takes_text(widget: QWidget | None) -> bool:
    """Whether ``widget`` is something typed into: a line edit, an editable box, a number field.

    A date field has its calendar to tap, so it brings no keyboard.
    """
    if widget is None or not widget.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled):
        return False
    field = widget.parentWidget() if isinstance(widget.parentWidget(), QDateTimeEdit) else widget
    return not (isinstance(field, QDateTimeEdit) and field.calendarPopup())


class StaffKeyboard(QObject):
    """Shows a keyboard along the bottom of ``area`` while one of its text fields has the focus.

    ``make_panel`` builds the panel, in :meth:`prepare` once the area is on screen (Qt Virtual
    Keyboard takes about half a second to load); ``height`` gives its height in pixels for the
    area's current scale.
    """

    def __init__(self, area: QWidget, make_panel: Callable[[], QWidget], height: Callable[[], int]) -> None:
        super().__init__(area)
        self.area = area
        self._make_panel = make_panel
        self._height = height
        self.panel: QWidget | None = None
        self._hide_after_release = False
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._app = app
        app.focusChanged.connect(self._on_focus_changed)
        # The keyboard's own "hide" key asks the input method to hide.
        QGuiApplication.inputMethod().visibleChanged.connect(self._on_input_method_visible_changed)
        area.installEventFilter(self)

    def prepare(self) -> None:
        """Have the panel built now: built only once a field has the focus, it would not know that field.

        Over the kiosk it is the process's one panel (``ui.widgets.keyboard.shared``), at home in the
        citizen's details screen: it is only taken from there when a field of the area needs it.
        """
        if self.panel is None:
            self.panel = self._make_panel()

    @property
    def held(self) -> bool:
        """Whether the area holds the panel now (lent by the citizen's screen)."""
        return self.panel is not None and self.panel.parentWidget() is self.area

    @property
    def shown(self) -> bool:
        return self.held and self.panel is not None and self.panel.isVisible()

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.area.isVisible() and self.area.isAncestorOf(new) and takes_text(new):
            self.show()
        elif new is not None and new is not self.panel and self.shown:
            self._hide_when_untouched()  # a button or a list took the focus: nothing to type into

    def _on_input_method_visible_changed(self) -> None:
        focus = QApplication.focusWidget()
        if not QGuiApplication.inputMethod().isVisible():
            # Qt hides its input method as soon as a press takes the focus from the field: the
            # same press that must still become the click on "บันทึก".
            self._hide_when_untouched()
        elif focus is not None and self.area.isVisible() and self.area.isAncestorOf(focus) and takes_text(focus):
            self.show()  # a tap on the field that kept the focus after the keyboard was put away

    def _hide_when_untouched(self) -> None:
        """Hide now, or, while a finger is down, once it is lifted and its click has landed.

        Hiding under the finger would move what it pressed (the page grows, the panel's card has
        more room): the release would land elsewhere and the tap be lost.
        """
        if not self.shown:
            return
        if QApplication.mouseButtons() == Qt.MouseButton.NoButton:
            self.hide()
        elif not self._hide_after_release:
            self._hide_after_release = True
            self._app.installEventFilter(self)  # until the release

    def show(self) -> None:
        self.prepare()
        panel = self.panel
        assert panel is not None
        if not self.held:
            lend = getattr(panel, "lend", None)
            if lend is not None:
                lend(self.area)
            else:
                panel.setParent(self.area)
            panel.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a tap on a key leaves the field its focus
        panel.show()
        self._place()

    def hide(self) -> None:
        if self.shown:
            assert self.panel is not None
            self.panel.hide()
            self._place()

    def give_back(self) -> None:
        """The area closes: the panel goes home, to the citizen's screen, where it types again."""
        self.hide()
        panel = self.panel
        if panel is not None and self.held:
            give_back = getattr(panel, "give_back", None)
            if give_back is not None:
                give_back()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._hide_after_release and event.type() in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd):
            self._hide_after_release = False
            self._app.removeEventFilter(self)
            QTimer.singleShot(0, self._hide_unless_typing)  # after the release has made its click
        if watched is self.area and event.type() == QEvent.Type.Resize:
            # after the overlays have followed the area's new size themselves
            QTimer.singleShot(0, self._place)
        elif watched is self.area and event.type() == QEvent.Type.Hide:
            self.give_back()
        return False

    def _hide_unless_typing(self) -> None:
        focus = QApplication.focusWidget()
        typing = focus is not None and takes_text(focus) and self.area.isAncestorOf(focus)
        if not (typing and QGuiApplication.inputMethod().isVisible()):
            self.hide()

    def _place(self) -> None:
        """The keyboard along the bottom; the page and any open panel in the space above it."""
        area = self.area
        height = self._height() if self.shown else 0
        layout = area.layout()
        if layout is not None:
            margins = layout.contentsMargins()
            layout.setContentsMargins(margins.left(), margins.top(), margins.right(), height)
        for overlay in area.findChildren(Overlay, options=Qt.FindChildOption.FindDirectChildrenOnly):
            overlay.setGeometry(0, 0, area.width(), area.height() - height)
        if self.panel is not None and height and self.held:
            self.panel.setGeometry(0, area.height() - height, area.width(), height)
            self.panel.raise_()
            QTimer.singleShot(0, self._bring_focus_into_view)  # once the page has its new height

    def _bring_focus_into_view(self) -> None:
        focus = QApplication.focusWidget()
        parent = focus.parentWidget() if focus is not None else None
        while parent is not None and parent is not self.area:
            if isinstance(parent, QScrollArea) and focus is not None:
                parent.ensureWidgetVisible(focus)
                return
            parent = parent.parentWidget()
