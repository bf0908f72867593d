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
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QCloseEvent, QGuiApplication, QResizeEvent, QScreen
from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget

from kiosk.config import Config
from ui import tasks
from ui.theme import Theme

if TYPE_CHECKING:
    # Imported when the staff area first opens: the kiosk starts without the desk's modules.
    from kiosk.counter import Counter
    from kiosk.desk import Desk
    from kiosk.printing import TicketPrinter
    from ui.app import Kiosk
    from ui.staff.area import StaffArea
    from ui.staff.common import StaffContext
    from ui.window import KioskWindow

log = logging.getLogger(__name__)

EXPORTS_DIR = "exports"


def desk_for(config: Config, counter: Counter) -> Desk:
    """The staff desk on the kiosk's own register and station."""
    from kiosk.desk import Desk, DeskOptions

    return Desk(counter.db, counter.station, DeskOptions.from_config(config))


def context(
    config: Config,
    desk: Desk,
    manager: tasks.TaskManager,
    theme: Theme,
    *,
    printer: Callable[[], TicketPrinter | None],
    invite_rating: Callable[[uuid.UUID, str], None] | None,
) -> StaffContext:
    from ui.staff.common import StaffContext

    return StaffContext(
        desk=desk,
        tasks=manager,
        theme=theme,
        printer=printer,
        invite_rating=invite_rating,
        export_dir=Path(config.home) / EXPORTS_DIR,
        idle_seconds=config.ui.staff_idle_seconds,
    )


# Over the kiosk ----------------------------------------------------------------------------


class KioskStaffLayer(QObject):
    """The staff area as a layer over the kiosk window, opened by the hidden gesture."""

    def __init__(self, kiosk: KioskWindow, config: Config) -> None:
        super().__init__(kiosk)
        self.kiosk = kiosk
        self.config = config
        self.area: StaffArea | None = None
        self._ratings: list[tuple[uuid.UUID, str]] = []
        kiosk.installEventFilter(self)

    def open(self) -> None:
        """Show the sign-in over the kiosk; before the register is ready, the supervisor's PIN pad."""
        kiosk = self.kiosk
        if kiosk.counter is None:
            kiosk.pin_pad.open()
            return
        if self.area is None:
            from ui.staff.area import StaffArea

            ctx = context(
                self.config,
                desk_for(self.config, kiosk.counter),
                kiosk.tasks,
                kiosk.theme,
                printer=lambda: kiosk.printer,
                invite_rating=self._invite_later,
            )
            self.area = StaffArea(ctx, embedded=True, parent=kiosk)
            self.area.leave.connect(self.close)
            self.area.exit_kiosk.connect(kiosk.unlock)
            self.area.signed_out.connect(self._on_signed_out)
        kiosk.go_home()
        self.area.setGeometry(kiosk.rect())
        self.area.raise_()
        self.area.show()
        self.area.start()

    @property
    def is_open(self) -> bool:
        return self.area is not None and self.area.isVisible()

    def close(self) -> None:
        """Back to the citizen's screens; visitors whose service ended are invited to rate it."""
        if self.area is None:
            return
        self.area.sign_out("manual")
        self.area.hide()
        self.kiosk.go_home()
        ratings, self._ratings = self._ratings, []
        for visit_id, label in ratings[-1:]:  # the screen can ask one visitor: the last served
            self.kiosk.invite_rating(visit_id, label)

    def _on_signed_out(self, reason: str) -> None:
        if reason == "idle":
            self.close()

    def _invite_later(self, visit_id: uuid.UUID, label: str) -> None:
        # The officer is using the kiosk's own screen: the visitor rates once it is handed back.
        self._ratings.append((visit_id, label))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.kiosk and event.type() == QEvent.Type.Resize and self.area is not None:
            assert isinstance(event, QResizeEvent)
            self.area.setGeometry(0, 0, event.size().width(), event.size().height())
        return False


def install(kiosk: Kiosk, config: Config) -> KioskStaffLayer:
    """Let the hidden gesture of the kiosk window open the staff area."""
    layer = KioskStaffLayer(kiosk.window, config)
    kiosk.window.staff_entry = layer.open
    return layer


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
        self.area.ctx.theme.set(scale=round(min(size.width() / 1920, size.height() / 1080), 2))
        super().resizeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.area.sign_out("manual")
        super().closeEvent(event)


def _second_screen() -> QScreen | None:
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
    window.area.ctx.theme.set(scale=round(min(area.width() / 1920, area.height() / 1080), 2))
    window.setGeometry(area)


def register_failed_box(error: BaseException, *, then: Callable[[], None]) -> QMessageBox:
    """Say on screen that the register could not be opened (a desktop icon shows no log); ``then`` once read."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "ฐานข้อมูลเปิดไม่ได้",
        f"เปิดทะเบียนผู้มาขอรับบริการไม่ได้ กรุณาติดต่อผู้ดูแลระบบ\n\nThe register could not be opened:\n{error}",
    )
    box.setObjectName("register-failed")
    box.finished.connect(lambda _result: then())
    box.open()
    return box


def run(config: Config, *, with_kiosk: bool = False) -> int:
    """Show the staff window (and, with ``with_kiosk``, the kiosk beside it) until it is closed."""
    from ui import app

    if with_kiosk:
        return _run_with_kiosk(config)
    qapp = app.application()
    manager = tasks.TaskManager()
    tasks.set_default(manager)
    theme = Theme()
    found: dict[str, TicketPrinter | None] = {"printer": None}
    window: StaffWindow | None = None
    holder: dict[str, QMessageBox] = {}  # keeps the failure message alive while it is shown

    def opened(counter: Counter) -> None:
        from ui.staff.area import StaffArea

        nonlocal window
        ctx = context(
            config, desk_for(config, counter), manager, theme, printer=lambda: found["printer"], invite_rating=None
        )
        window = StaffWindow(StaffArea(ctx))
        show_staff_window(window, _second_screen())
        window.area.start()

    def failed(error: BaseException) -> None:
        log.critical("the register could not be opened: %s", error, exc_info=error)
        holder["box"] = register_failed_box(error, then=lambda: qapp.exit(1))

    def printer_opened(printer: TicketPrinter) -> None:
        found["printer"] = printer

    tasks.Op(lambda: app.open_counter(config)).success(opened).failure(failed).run(manager)
    tasks.Op(lambda: app.open_configured_printer(config), lane="printer").success(printer_opened).failure(
        lambda e: log.error("printer: %s", e)
    ).run(manager)
    try:
        return qapp.exec()
    finally:
        manager.shutdown(wait=True)
        tasks.set_default(None)


def _run_with_kiosk(config: Config) -> int:
    """One process, two screens: the kiosk (locked) on the first, the staff desk on the second."""
    from ui import app

    holder: dict[str, StaffWindow] = {}

    def ready(kiosk: Kiosk) -> None:
        from ui.staff.area import StaffArea

        window = kiosk.window
        counter = window.counter
        if counter is None:
            return
        screen = _second_screen()
        if screen is None:
            # A desk window on the kiosk's only screen would cover it: the corner gesture opens the staff area.
            log.warning(
                "kiosk desk --with-kiosk: only one screen; the staff area opens with the kiosk's corner gesture"
            )
            return
        theme = Theme()
        ctx = context(
            config,
            desk_for(config, counter),
            kiosk.tasks,
            theme,
            printer=lambda: window.printer,
            invite_rating=window.invite_rating,
        )
        staff = holder["window"] = StaffWindow(StaffArea(ctx))
        show_staff_window(staff, screen)
        staff.area.start()

    kiosk = app.start(config, kiosk_mode=True, on_ready=ready)
    try:
        return kiosk.app.exec()
    finally:
        kiosk.shutdown()
