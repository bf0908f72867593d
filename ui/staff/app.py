"""Where the staff area lives: over the kiosk (hidden gesture), or in its own window (``kiosk desk``).

Inside the kiosk the staff area is a layer over the kiosk window, opened by five taps in the
top-right corner; it shares the kiosk's register, printer and workers, and a finished service
invites the visitor to the quick rating as soon as the officer closes the layer.

``kiosk desk`` shows it in a window of its own, for the officer's second screen. With
``--with-kiosk`` one process runs both windows: the kiosk fullscreen on the first screen and the
desk on the second, one printer, one database writer, and the rating shown to the visitor at once.
Alone, it opens the register and the printer itself (use a network printer if the kiosk also prints).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QCloseEvent, QGuiApplication, QResizeEvent, QScreen
from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget

from kiosk.config import sqlite_path
from ui import tasks
from ui.theme import Theme

if TYPE_CHECKING:
    # Imported when the staff area first opens: the kiosk starts without the staff area's modules.
    from kiosk.app import Context
    from kiosk.config import Config
    from ui.card_reader import CardReader
    from ui.staff.area import StaffArea
    from ui.staff.common import StaffContext
    from ui.window import KioskWindow

log = logging.getLogger(__name__)

EXPORTS_DIR = "exports"


def context(
    app: Context,
    manager: tasks.TaskManager,
    theme: Theme,
    *,
    card_reader: CardReader | None = None,
) -> StaffContext:
    """What the staff pages share, on the register's context (its config, printer and all)."""
    from ui.staff.common import StaffContext

    return StaffContext(
        app=app,
        tasks=manager,
        theme=theme,
        export_dir=Path(app.config.home) / EXPORTS_DIR,
        idle_seconds=app.config.ui.staff_idle_seconds,
        card_reader=card_reader,
    )


# Over the kiosk ----------------------------------------------------------------------------


class KioskStaffLayer(QObject):
    """The staff area as a layer over the kiosk window, opened by the hidden gesture."""

    def __init__(self, kiosk: KioskWindow) -> None:
        super().__init__(kiosk)
        self.kiosk = kiosk
        self.area: StaffArea | None = None
        kiosk.installEventFilter(self)

    def open(self) -> None:
        """Show the sign-in over the kiosk; before the register is ready, the supervisor's PIN pad."""
        kiosk = self.kiosk
        if kiosk.app is None:
            kiosk.open_pin_pad()
            return
        if self.area is None:
            from ui.staff.area import StaffArea

            ctx = context(kiosk.app, kiosk.tasks, kiosk.theme, card_reader=kiosk.card_reader)
            self.area = StaffArea(ctx, embedded=True, parent=kiosk)
            self.area.leave.connect(self.close)
            # The officer is using the kiosk's own screen: the visitors rate, in turn, once it is handed back.
            self.area.service_ended.connect(kiosk.invite_rating)
            self.area.exit_kiosk.connect(kiosk.unlock)
            self.area.signed_out.connect(lambda _reason: self.close())  # officers' names never wait on a public screen
            kiosk.staff_alert.connect(self.area.show_kiosk_alert)
        self.area.show_kiosk_alert(kiosk.staff_alert_text)
        kiosk.hand_to_staff()
        self.area.setGeometry(kiosk.rect())
        self.area.raise_()
        self.area.show()
        self.area.start()

    @property
    def is_open(self) -> bool:
        return self.area is not None and self.area.isVisible()

    def close(self) -> None:
        """Back to the citizen's screens; visitors whose service ended are invited to rate it, each in turn."""
        if self.area is None or not self.area.isVisible():
            return
        self.area.hide()  # before the sign-out, whose signal comes back here
        self.area.sign_out("manual")
        self.area.signin.reset()
        self.kiosk.hand_back()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.kiosk and event.type() == QEvent.Type.Resize and self.area is not None:
            assert isinstance(event, QResizeEvent)
            self.area.setGeometry(0, 0, event.size().width(), event.size().height())
        return False


# In a window of its own --------------------------------------------------------------------


class StaffWindow(QWidget):
    """``kiosk desk``: the staff area as a top-level window, e.g. on the officer's second screen."""

    def __init__(self, area: StaffArea) -> None:
        super().__init__()
        self.setWindowTitle("ส่วนเจ้าหน้าที่ · e-Service")
        self.area = area
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(area)

    def resizeEvent(self, event: QResizeEvent) -> None:
        size = event.size()
        self.area.ctx.theme.fit(size.width(), size.height())
        super().resizeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.area.sign_out("manual")
        super().closeEvent(event)


def second_screen() -> QScreen | None:
    primary = QGuiApplication.primaryScreen()
    others = [s for s in QGuiApplication.screens() if s is not primary]
    return others[0] if others else None


def show_staff_window(window: StaffWindow, screen: QScreen | None) -> None:
    """Show the staff window maximised on ``screen`` (the primary one when None)."""
    screen = screen or QGuiApplication.primaryScreen()
    if screen is not None:
        fit_staff_window(window, screen.availableGeometry())
    window.showMaximized()


def fit_staff_window(window: StaffWindow, area: QRect) -> None:
    """Lay the staff window out for ``area`` before it shows.

    The theme's scale comes from the area first: laid out at the full-HD scale, the window would
    ask for more width than a 1280-pixel screen has and be cut off at the right.
    """
    window.area.ctx.theme.fit(area.width(), area.height())
    window.setGeometry(area)


def register_failed_box(error: BaseException, config: Config, *, then: Callable[[], None]) -> QMessageBox:
    """Say on screen that the register could not be opened (a desktop icon shows no log); ``then`` once read.

    In Thai, as the staff area's banner says a storage fault (:func:`kiosk.faults.explain`): what failed,
    where, and what to do. The English detail is a tooltip for a technician's mouse, and in the log.
    """
    from kiosk.faults import explain  # imports SQLAlchemy's errors: only when something failed

    register = sqlite_path(config.db_url)
    fault = explain(error, register=register)
    why = fault.th if fault is not None else "ระบบขัดข้อง"  # a bug: its detail is in the log
    where = f"ไฟล์ทะเบียน: {register}" if register is not None else f"ฐานข้อมูลตามที่อยู่ที่ตั้งไว้ในไฟล์ตั้งค่า {config.config_path}"
    box = QMessageBox(QMessageBox.Icon.Critical, "ฐานข้อมูลเปิดไม่ได้", "เปิดทะเบียนผู้มาขอรับบริการไม่ได้")
    box.setInformativeText(
        f"สาเหตุ: {why}\n{where}\n\n"
        "กด “ปิด” แล้วแจ้งผู้ดูแลระบบให้แก้ไข (รายละเอียดอยู่ในบันทึกของระบบ) "
        "เมื่อแก้ไขแล้วจึงเปิดส่วนเจ้าหน้าที่อีกครั้ง"
    )
    box.setToolTip(fault.en if fault is not None else f"{type(error).__name__}: {error}")
    _staff_look(box)
    box.addButton("ปิด", QMessageBox.ButtonRole.AcceptRole)  # not Qt's own "OK": the officer reads Thai
    box.setObjectName("register-failed")
    box.finished.connect(lambda _result: then())
    box.open()
    return box


def _staff_look(box: QMessageBox) -> None:
    """The staff area's type and buttons for a box shown before the staff area exists."""
    from ui.staff.common import staff_style

    theme = Theme()
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        theme.fit(screen.availableGeometry().width(), screen.availableGeometry().height())
    box.setProperty("role", "staff")
    # Wide enough that the reason and the path are read in a few lines, not a narrow column.
    box.setStyleSheet(
        staff_style(theme)
        + f"""
QMessageBox QLabel#qt_msgbox_label, QMessageBox QLabel#qt_msgbox_informativelabel {{ min-width: {theme.px(760)}px; }}
QMessageBox QLabel#qt_msgbox_label {{ font-weight: 700; }}
QMessageBox QPushButton {{ min-width: {theme.px(160)}px; }}
"""
    )
