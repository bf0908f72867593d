"""A stack of pages that is as big as the page it shows, not as its biggest page.

A QStackedWidget answers for all its pages: its minimum height is the tallest page's, and it asks
every page for its size whenever anything inside changes its geometry. Both hurt here:

- the kiosk window has nine screens of wrapped Thai text, laid out again (libthai's word breaks,
  HarfBuzz) on every change of screen, though the window has the screen's size whatever they ask;
- the staff area's pages sit in a scroll area: the sign-in page's PIN pad made every page as tall
  as itself, so the queue page scrolled and its actions fell below a 1920×1080 screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStackedWidget, QWidget


class PageStack(QStackedWidget):
    """A QStackedWidget whose size hints are those of the page shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Its hints change with the page: tell the layout (or the scroll area) around it.
        self.currentChanged.connect(self.updateGeometry)

    def hasHeightForWidth(self) -> bool:
        return False

    def heightForWidth(self, width: int) -> int:
        # A scroll area asks the stack's layout whether any page wraps, then the stack for the
        # height at its width: QStackedLayout would give the tallest page's.
        page = self.currentWidget()
        if page is None:
            return super().heightForWidth(width)
        return page.heightForWidth(width) if page.hasHeightForWidth() else page.minimumSizeHint().height()

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()
