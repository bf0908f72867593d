"""The composition root: configuration → register, printer, application context, window. Only here are printers
imported.

Start-up is kept short: the window shows first; the database is migrated and the catalogue
seeded on the database worker, the printer opened on the printer worker, and the on-screen
keyboard (Qt Quick, ~0.5 s) built just after the welcome screen is up.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from kiosk.app.context import Work, operation
from kiosk.config import Config, sqlite_path
from ui import i18n, tasks
from ui.garbage import collect_on_main_thread
from ui.resources import load_fonts
from ui.theme import FONT_FAMILY, Theme
from ui.widgets.nomenus import refuse_context_menus
from ui.window import KioskWindow, Timing, WindowOptions

if TYPE_CHECKING:
    from PySide6.QtQuickWidgets import QQuickWidget

    from kiosk.app import Context
    from kiosk.board import BoardPublisher
    from kiosk.printing import TicketPrinter
    from kiosk.station import Station

log = logging.getLogger(__name__)

# Set by the start-up benchmarks: "1" prints "ready" and quits when the welcome screen takes input;
# "idle" then waits for the register, printer and keyboard and prints "idle <resident MB>" before quitting.
READY_ENV = "KIOSK_EXIT_WHEN_READY"


def prepare_environment(*, keyboard: bool = True) -> None:
    """What Qt reads before the QApplication exists."""
    if keyboard:
        os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    # Without this the keyboard may open a desktop window of its own beside the kiosk.
    os.environ.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")
    # The keyboard's Qt Quick drawn by the CPU into the window like any widget. With Qt's default
    # (RHI) a Qt Quick widget makes the whole window composed through OpenGL at every repaint, the
    # full 1920×1080 frame even for a pressed button: on a PC without a GPU driver (Mesa's
    # llvmpipe, as under Xvfb) a tap then took 130–230 ms to show, 30–80 ms drawn this way.
    os.environ.setdefault("QT_QUICK_BACKEND", "software")


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or [sys.argv[0]])
    app.setApplicationName("damrongdhama-kiosk")
    collect_on_main_thread(app)  # never a Qt object freed by the garbage collector on a worker
    refuse_context_menus(app)  # no English "Paste" menu on a long press or a right click
    load_fonts()
    font = app.font()
    font.setFamily(FONT_FAMILY)
    app.setFont(font)
    return app


@dataclass
class Kiosk:
    """Everything the composition root built, to be shut down together."""

    app: QApplication
    window: KioskWindow
    tasks: tasks.TaskManager
    theme: Theme
    board: BoardPublisher | None = None  # the queue board the waiting-room displays follow

    def shutdown(self) -> None:
        if self.board is not None:
            self.board.close()
            self.board = None
        self.tasks.shutdown(wait=True)
        tasks.set_default(None)


def window_options(config: Config, *, kiosk_mode: bool, station: Station | None = None) -> WindowOptions:
    from kiosk.station import system_clock

    ui = config.ui
    return WindowOptions(
        centre_name=config.station.centre_name,
        district=config.station.district,
        zone=config.zone,
        clock=station.clock if station is not None else system_clock,
        privacy_url=config.privacy.notice_url,
        retention_days=config.privacy.retention_days,
        quick_rating=config.survey.quick_rating,
        kiosk_mode=kiosk_mode,
        timing=Timing(
            idle_seconds=ui.idle_seconds, countdown_seconds=ui.countdown_seconds, rating_seconds=ui.rating_seconds
        ),
        language=ui.language,
        large_text=ui.large_text,
        high_contrast=ui.high_contrast,
    )


def build(
    config: Config,
    *,
    kiosk_mode: bool,
    options: WindowOptions | None = None,
    keyboard: bool = True,
    size: tuple[int, int] | None = None,
) -> Kiosk:
    """The application and its window, not shown, with no register attached yet."""
    prepare_environment(keyboard=keyboard)
    app = application()
    manager = tasks.TaskManager()
    tasks.set_default(manager)
    if size is None:
        screen = QGuiApplication.primaryScreen()
        geometry = screen.geometry() if screen else None
        size = (geometry.width(), geometry.height()) if geometry else (1920, 1080)
    theme = Theme(large_text=config.ui.large_text, high_contrast=config.ui.high_contrast)
    theme.fit(*size)
    if config.ui.language != "th":
        i18n.set_language(config.ui.language)
    window = KioskWindow(theme, manager, options or window_options(config, kiosk_mode=kiosk_mode))
    window.resize(*size)
    return Kiosk(app=app, window=window, tasks=manager, theme=theme)


@operation(Work.PRINTER)
def open_configured_printer(config: Config) -> TicketPrinter:
    """The configured printer (runs on the printer worker: escpos is slow to import)."""
    from printers import open_printer

    return open_printer(config.printer, config.printer_uri, state_dir=config.home)


@operation(Work.WRITE)
def open_register_on_worker(config: Config, station: Station | None) -> Context:
    """:func:`kiosk.app.visit.open_register`, imported where it runs: SQLAlchemy, the models and the
    migrations take longer to import than the window takes to show, so the UI thread never does it."""
    from kiosk.app import visit

    return visit.open_register(config, station)


REGISTER_RETRY_FIRST_S = 5.0
REGISTER_RETRY_MAX_S = 300.0


def connect_backend(
    kiosk: Kiosk,
    config: Config,
    *,
    station: Station | None = None,
    printer_factory: Callable[[], TicketPrinter] | None = None,
    on_ready: Callable[[], None] | None = None,
    retry_first_s: float = REGISTER_RETRY_FIRST_S,
) -> None:
    """Open the register and the printer on their workers, then give them to the window.

    A register that cannot be opened (a disk not mounted yet at boot, a file locked by a
    technician's tool, no space left) is tried again, 5 s later, then twice as long each time up
    to 5 minutes, with the reason and the next try in the staff banner; the citizen's screens
    wait on the welcome screen meanwhile.
    """
    window = kiosk.window
    # What the workers opened: the register, and the printer (None when it could not be opened).
    opened_app: Context | None = None
    opened_printer: TicketPrinter | None = None
    printer_tried, printer_error = False, "เครื่องพิมพ์: ยังไม่ได้เปิด"
    delay_s, alert = retry_first_s, ""  # the next retry's wait, and the banner text of the last failure

    def open_register() -> None:
        tasks.Op(open_register_on_worker, config, station).success(register_opened).failure(register_failed).run(
            kiosk.tasks
        )

    def attach_when_both() -> None:
        if opened_app is not None and printer_tried:
            opened_app.printer = opened_printer  # the slips own it from here on
            window.attach(opened_app)
            if opened_printer is None:
                window.raise_staff_alert(printer_error)
            else:
                check_printer(opened_app)
            if on_ready is not None:
                on_ready()

    def check_printer(app: Context) -> None:
        """Out of paper or unplugged: tell staff now, not when the first visitor's ticket fails."""
        from kiosk.app import slips
        from kiosk.printing import PrinterState, state_alert

        def said(state: PrinterState) -> None:
            alert = state_alert(state)
            if alert and not window.banner.isVisible():
                window.raise_staff_alert(alert)

        tasks.Op(slips.printer_state, app).success(said).failure(
            lambda error: log.warning("printer state at start-up: %s", error)
        ).run(kiosk.tasks)

    def register_opened(app: Context) -> None:
        nonlocal opened_app
        if alert and window.staff_alert_text == alert:
            window.clear_staff_alert()
        app.render_apart = True  # a year's PDF renders in a child process: its garbage never stops the writer
        opened_app = app
        attach_when_both()

    def register_failed(error: BaseException) -> None:
        nonlocal delay_s, alert
        from kiosk.faults import explain  # imports SQLAlchemy's errors: only when something failed

        log.critical("the register could not be opened (next try in %.0f s): %s", delay_s, error, exc_info=error)
        fault = explain(error, register=sqlite_path(config.db_url))  # a full disk, a damaged file…
        why = fault.th if fault is not None else ""  # anything else is in the log
        alert = f"ฐานข้อมูลเปิดไม่ได้ จะลองใหม่ใน {delay_s:.0f} วินาที" + (f" ({why})" if why else "")
        window.raise_staff_alert(alert)
        QTimer.singleShot(max(1, int(delay_s * 1000)), window, open_register)
        delay_s = min(delay_s * 2, REGISTER_RETRY_MAX_S)

    def printer_opened(printer: TicketPrinter) -> None:
        nonlocal opened_printer, printer_tried
        opened_printer, printer_tried = printer, True
        attach_when_both()

    def printer_failed(error: BaseException) -> None:
        nonlocal printer_tried, printer_error
        log.error("printer: %s", error)
        from kiosk.printing import fault_th

        printer_tried, printer_error = True, f"เครื่องพิมพ์: {fault_th(str(getattr(error, 'code', '')))}"
        attach_when_both()

    open_register()
    if printer_factory is not None:
        tasks.Op(operation(Work.PRINTER)(printer_factory)).success(printer_opened).failure(printer_failed).run(
            kiosk.tasks
        )
    else:
        tasks.Op(open_configured_printer, config).success(printer_opened).failure(printer_failed).run(kiosk.tasks)


class BoardChanged(QObject):
    """Carries "the queue board changed" from the board's thread to the main thread.

    Signals:
        changed(): queued to the receivers on the main thread.
    """

    changed = Signal()


def publish_board(config: Config, app: Context, *, window: KioskWindow | None = None) -> BoardPublisher | None:
    """The queue board for ``kiosk display`` at display.listen, on threads of this process.

    Binding is immediate; the register is read on the board's own thread. When another process of
    this machine already publishes (``kiosk run`` and ``kiosk desk`` side by side), this one steps
    aside. With ``window``, its "now serving" tile follows the board: a call from ``kiosk desk``
    shows there within the board's 100 ms, not at the tile's next 30-second refresh.
    """
    from kiosk.board import start_publisher

    on_change = None
    if window is not None:
        notice = BoardChanged(window)
        notice.changed.connect(window.refresh_welcome, Qt.ConnectionType.QueuedConnection)
        on_change = lambda _board: notice.changed.emit()  # noqa: E731 (called on the board's thread)
    return start_publisher(
        app.db, app.station, config.display.listen, recent=config.display.recent, on_change=on_change
    )


def add_card_reader(kiosk: Kiosk) -> None:
    """The Thai ID-card reader (PC/SC): watched on its own thread, stopped when the application quits."""
    from ui.card_reader import PcscCardReader

    reader = PcscCardReader(kiosk.window)
    kiosk.window.attach_card_reader(reader)
    reader.start()
    kiosk.app.aboutToQuit.connect(reader.stop)


def add_demo_roster(kiosk: Kiosk) -> None:
    """``kiosk demo``: two sample officers on today's duty, so the welcome screen names them."""
    from kiosk.app import roster

    app = kiosk.window.app
    if app is None:
        return
    tasks.Op(roster.add_demo_roster, app).success(lambda _names: kiosk.window.refresh_welcome()).failure(
        lambda error: log.error("demo roster: %s", error)
    ).run(kiosk.tasks)


def add_keyboard_later(kiosk: Kiosk) -> None:
    """Build the on-screen keyboard after the first paint: it takes about half a second."""
    from ui.widgets import keyboard

    if not keyboard.available():
        return

    def build_keyboard() -> None:
        try:
            panel = keyboard.shared(theme=kiosk.theme)  # its height follows the theme
        except RuntimeError as exc:
            log.error("%s", exc)
            return
        kiosk.window.details.set_keyboard(panel)
        QTimer.singleShot(0, lambda: size_keyboard_now(kiosk.window, panel))

    QTimer.singleShot(200, build_keyboard)


def size_keyboard_now(window: KioskWindow, panel: QQuickWidget) -> None:
    """Give the keyboard its size on the name screen while that screen is hidden, at rest.

    Qt Virtual Keyboard makes its keys (a Loader) when its Qt Quick scene first gets a size; a hidden
    widget's size comes with its showing, so this fell on the visitor's first name screen (about 35 ms
    of a 2-core machine's time). The screens' stack sizes the page shown only: lay the page out here.
    """
    page = window.details
    layout = page.layout()
    if page.isVisible() or layout is None:
        return
    page.resize(window.stack.size())
    layout.activate()
    root = panel.rootObject()
    if root is not None and not panel.size().isEmpty():
        root.setSize(QSizeF(panel.size()))


def start(
    config: Config,
    *,
    kiosk_mode: bool,
    demo: bool = False,
    hide_cursor: bool | None = None,
    on_ready: Callable[[Kiosk], None] | None = None,
) -> Kiosk:
    """Build and show the kiosk with everything it runs: register, printer, staff gesture,
    housekeeping, keyboard. ``on_ready`` runs once the register and printer are attached."""
    started = time.perf_counter()
    kiosk = build(config, kiosk_mode=kiosk_mode, size=None if kiosk_mode else (1280, 800))
    window = kiosk.window
    window.unlocked.connect(kiosk.app.quit)
    if kiosk_mode:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        window.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        if config.ui.hide_cursor if hide_cursor is None else hide_cursor:
            QApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
        window.showFullScreen()
    else:
        window.show()
    from ui import supervision

    supervision.install(kiosk, config)  # READY=1, the watchdog's pings and the last run's alert, under systemd

    bench = os.environ.get(READY_ENV, "")

    def ready() -> None:
        if demo:
            add_demo_roster(kiosk)
        if window.app is not None and kiosk.board is None:
            kiosk.board = publish_board(config, window.app, window=window)
        if on_ready is not None:
            on_ready(kiosk)
        if bench == "idle":  # the register and printer attached, the keyboard built: the kiosk at rest
            QTimer.singleShot(1500, lambda: _report_idle(kiosk))

    if bench:
        _say_when_ready(kiosk, started, quit=bench != "idle")
    # The register and the printer are opened on their workers once the welcome screen is up: a worker
    # importing SQLAlchemy and the migrations holds the GIL that the first paint needs too.
    QTimer.singleShot(0, window, lambda: connect_backend(kiosk, config, on_ready=ready))
    if config.ui.card_reader:  # after the first paint too: importing PC/SC and starting its thread take ~15 ms
        QTimer.singleShot(0, window, lambda: add_card_reader(kiosk))
    from ui.staff.app import KioskStaffLayer

    layer = KioskStaffLayer(window)  # the hidden gesture opens the staff area over the kiosk
    window.staff_requested.connect(layer.open)
    from ui import housekeeping

    housekeeping.install(window)  # the nightly sync and the daily purge, off the UI thread
    if bench != "1":
        add_keyboard_later(kiosk)
    return kiosk


def run(config: Config, *, kiosk_mode: bool, demo: bool = False, hide_cursor: bool | None = None) -> int:
    """Show the kiosk and run until it is closed (in kiosk mode: after the supervisor's PIN)."""
    kiosk = start(config, kiosk_mode=kiosk_mode, demo=demo, hide_cursor=hide_cursor)
    try:
        return kiosk.app.exec()
    finally:
        kiosk.shutdown()


def _say_when_ready(kiosk: Kiosk, started: float, *, quit: bool) -> None:
    """For the start-up benchmark: say when the welcome screen is painted and takes input (the event
    loop idle after the first paint), then quit unless the idle memory is measured next."""

    def ready() -> None:
        if kiosk.window.isVisible() and kiosk.window.current == "welcome":
            print(f"ready {time.perf_counter() - started:.4f}", flush=True)
            if quit:
                kiosk.window.unlock()

    QTimer.singleShot(0, ready)


def _report_idle(kiosk: Kiosk) -> None:
    """For the memory benchmark: the resident memory of the kiosk at rest on the welcome screen, then quit."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    print(f"idle {pages * os.sysconf('SC_PAGE_SIZE') / 2**20:.1f}", flush=True)
    kiosk.window.unlock()


# ``kiosk desk``: the staff area in a window of its own ---------------------------------------


def run_desk(config: Config, *, with_kiosk: bool = False) -> int:
    """Show the staff window (and, with ``with_kiosk``, the kiosk beside it) until it is closed.

    Alone, it opens the register and the printer itself (use a network printer if the kiosk also prints).
    """
    from kiosk.app import visit
    from ui.staff.app import StaffWindow, context, register_failed_box, second_screen, show_staff_window

    if with_kiosk:
        return _run_desk_with_kiosk(config)
    qapp = application()
    manager = tasks.TaskManager()
    tasks.set_default(manager)
    theme = Theme()
    window: StaffWindow | None = None
    opened_app: Context | None = None
    opened_printer: TicketPrinter | None = None
    boxes: list[QMessageBox] = []  # keeps the failure message alive while it is shown
    boards: list[BoardPublisher] = []

    def opened(app: Context) -> None:
        from ui.staff.area import StaffArea

        nonlocal window, opened_app
        app.printer = opened_printer  # None until the printer worker has it open
        app.render_apart = True  # as in the kiosk: a long export never pauses this process
        opened_app = app
        manager.serve(app.db)
        window = StaffWindow(StaffArea(context(app, manager, theme)))
        show_staff_window(window, second_screen())
        window.area.start()
        board = publish_board(config, app)  # unless `kiosk run` on this machine already does
        if board is not None:
            boards.append(board)

    def failed(error: BaseException) -> None:
        log.critical("the register could not be opened: %s", error, exc_info=error)
        boxes.append(register_failed_box(error, config, then=lambda: qapp.exit(1)))

    def printer_opened(printer: TicketPrinter) -> None:
        nonlocal opened_printer
        opened_printer = printer
        if opened_app is not None:
            opened_app.printer = printer  # the slips own it from now on

    tasks.Op(visit.open_register, config).success(opened).failure(failed).run(manager)
    tasks.Op(open_configured_printer, config).success(printer_opened).failure(
        lambda e: log.error("printer: %s", e)
    ).run(manager)
    try:
        return qapp.exec()
    finally:
        for board in boards:
            board.close()
        manager.shutdown(wait=True)
        tasks.set_default(None)


def _run_desk_with_kiosk(config: Config) -> int:
    """One process, two screens: the kiosk (locked) on the first, the staff desk on the second."""
    from ui.outputs import OutputSpan, spans_screens
    from ui.staff.app import StaffWindow, context, fit_staff_window, second_screen, show_staff_window

    holder: dict[str, StaffWindow] = {}
    spans: dict[str, OutputSpan] = {}

    def ready(kiosk: Kiosk) -> None:
        from ui.staff.area import StaffArea

        window = kiosk.window
        if window.app is None:
            return
        screen = second_screen()
        if screen is None:
            # A desk window on the kiosk's only screen would cover it: the corner gesture opens the staff area.
            log.warning(
                "kiosk desk --with-kiosk: only one screen; the staff area opens with the kiosk's corner gesture"
            )
            return
        area = StaffArea(context(window.app, kiosk.tasks, Theme()))
        area.service_ended.connect(window.invite_rating)  # the visitor rates at the kiosk at once
        window.staff_alert.connect(area.show_kiosk_alert)  # the kiosk's screen only says "tell the officer"
        area.show_kiosk_alert(window.staff_alert_text)
        staff = holder["window"] = StaffWindow(area)
        if spans_screens():  # Wayland (the cage session): one window over both screens, ui/outputs.py
            span = spans["span"] = OutputSpan(guard=window)
            span.place(window, QGuiApplication.primaryScreen())
            fit_staff_window(staff, screen.geometry())  # the theme's scale for that screen, before the layout
            span.place(staff, screen)
            span.showFullScreen()
        else:
            show_staff_window(staff, screen)
        staff.area.start()

    kiosk = start(config, kiosk_mode=True, on_ready=ready)
    try:
        return kiosk.app.exec()
    finally:
        kiosk.shutdown()
