"""No context menu anywhere in the kiosk: a long press or a right click on a field opens nothing.

Qt's own menu of a text field (Undo, Cut, Paste, Select All …) is in English, pastes whatever the
last person at the kiosk copied, and covers the field under a finger that only rested a moment.
The kiosk has no menus of its own, so the application refuses every context-menu event, for the
citizen's screens, the staff area and anything they open, in one place.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject


class NoContextMenus(QObject):
    """An application-wide event filter that swallows ``QEvent.ContextMenu``."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return event.type() == QEvent.Type.ContextMenu


def refuse_context_menus(app: QCoreApplication) -> None:
    """Install the filter on ``app`` (once)."""
    if app.findChild(NoContextMenus) is None:
        app.installEventFilter(NoContextMenus(app))
