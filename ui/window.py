"""The kiosk window: the screens in order, the bars around them, idle reset, and kiosk lock.

It talks to the register and the printer only through the operations of :mod:`kiosk.app`
(the citizen's visit, the slips), run on the workers of ``ui.tasks``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QEvent, QMetaMethod, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from kiosk.errors import KioskError
from kiosk.validation import VisitorGroup
from ui import i18n
from ui.card_reader import CardReader
from ui.screens.base import Screen
from ui.screens.details import DetailsScreen
from ui.screens.identify import IdentifyScreen
from ui.screens.privacy import PrivacyScreen
from ui.screens.rating import RatingScreen
from ui.screens.service_picker import ServicePickerScreen
from ui.screens.summary import Draft, SummaryScreen
from ui.screens.ticket import TicketScreen
from ui.screens.visitor_group import VisitorGroupScreen
from ui.screens.welcome import WelcomeScreen
from ui.tasks import Op, TaskManager
from ui.theme import Theme
from ui.widgets.button import TouchButton
from ui.widgets.overlay import IdleCountdown, PinPad

if TYPE_CHECKING:
    from kiosk.app import Context
    from kiosk.app.slips import SlipResult
    from kiosk.app.visit import Registration, ServiceChoice, WelcomeInfo
    from kiosk.idcard import CardError, CardIdentity
    from kiosk.register import VisitorDetails

log = logging.getLogger(__name__)

CORNER_PX = 160  # the hidden corner, top right, that opens the PIN pad
CORNER_TAPS = 5
CORNER_WINDOW_S = 3.0


@dataclass(frozen=True)
class Timing:
    """How long things wait; tests shrink them, the kiosk reads ``[ui]`` of kiosk.toml."""

    idle_seconds: float = 30.0
    countdown_seconds: int = 10
    tick_seconds: float = 1.0  # one step of the visible countdown
    ticket_seconds: float = 20.0
    thanks_seconds: float = 4.0


@dataclass(frozen=True)
class WindowOptions:
    centre_name: str = ""
    district: str = ""
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Bangkok"))
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    privacy_url: str = ""
    retention_days: int = 1095
    quick_rating: bool = True
    kiosk_mode: bool = False
    timing: Timing = field(default_factory=Timing)


class KioskWindow(QWidget):
    """The whole kiosk in one window.

    Signals:
        screen_changed(str): the name of the screen now shown (``welcome``, ``services`` …).
        staff_alert(str): a message for staff was raised ("" when cleared).
        unlocked(): the supervisor's PIN was accepted; the application may quit.
        staff_requested(): the hidden corner gesture; with nothing connected, the supervisor's PIN pad opens.
        card_shown(float): a card's name and masked ID are on screen; the kiosk's own seconds since it went in
            (the time less the chip's answers: the benchmark's figure).
    """

    screen_changed = Signal(str)
    staff_alert = Signal(str)
    unlocked = Signal()
    staff_requested = Signal()
    card_shown = Signal(float)

    def __init__(
        self,
        theme: Theme,
        tasks: TaskManager,
        options: WindowOptions,
        *,
        keyboard: QWidget | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.theme = theme
        self.tasks = tasks
        self.options = options
        self.app: Context | None = None
        self.draft = Draft()
        self.services: list[ServiceChoice] = []
        self._pending_rating: tuple[uuid.UUID, str] | None = None
        self._rating_visit: uuid.UUID | None = None
        self._corner_taps: list[float] = []
        self._allow_close = not options.kiosk_mode
        self._registering = False
        self.card_reader: CardReader | None = None
        self.cards_to_staff = False  # the staff area is open over the window: its panels take the cards
        t = options.timing

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = QFrame()
        self.banner.setProperty("role", "banner")
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(theme.px(40), theme.px(8), theme.px(40), theme.px(8))
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(False)
        banner_row.addWidget(self.banner_text, 1)
        self.banner.hide()
        layout.addWidget(self.banner)

        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.welcome = WelcomeScreen(
            theme,
            clock=options.clock,
            zone=options.zone,
            centre_name=options.centre_name,
            district=options.district,
            privacy_url=options.privacy_url,
        )
        self.picker = ServicePickerScreen(theme)
        self.group = VisitorGroupScreen(theme)
        self.identify = IdentifyScreen(theme)
        self.details = DetailsScreen(theme, keyboard)
        self.privacy = PrivacyScreen(theme, notice_url=options.privacy_url, retention_days=options.retention_days)
        self.summary = SummaryScreen(theme)
        self.ticket = TicketScreen(theme, return_ms=int(t.ticket_seconds * 1000))
        self.rating = RatingScreen(theme, thanks_ms=int(t.thanks_seconds * 1000))
        self.screens: dict[str, Screen] = {
            "welcome": self.welcome,
            "services": self.picker,
            "group": self.group,
            "identify": self.identify,
            "details": self.details,
            "privacy": self.privacy,
            "summary": self.summary,
            "ticket": self.ticket,
            "rating": self.rating,
        }
        for screen in self.screens.values():
            self.stack.addWidget(screen)
            screen.home.connect(self.go_home)
        self._back_of = {
            "services": "welcome",
            "group": "services",
            "identify": "group",
            "details": "identify",
            "summary": "identify",
        }
        for name, screen in self.screens.items():
            if name in self._back_of:
                screen.back.connect(lambda n=name: self.show_screen(self._back_of[n]))
        self.privacy.back.connect(self._on_privacy_back)

        self.bottom = QFrame()
        self.bottom.setProperty("role", "bottombar")
        bar = QHBoxLayout(self.bottom)
        bar.setContentsMargins(theme.px(40), theme.px(10), theme.px(40), theme.px(10))
        bar.setSpacing(theme.px(20))
        self.language_button = TouchButton(theme, icon="globe", role="toolbar", icon_size=44, wrap=False)
        self.large_button = TouchButton(theme, icon="text-size", role="toolbar", icon_size=44, wrap=False)
        self.contrast_button = TouchButton(theme, icon="contrast", role="toolbar", icon_size=44, wrap=False)
        for button in (self.large_button, self.contrast_button):
            button.setCheckable(True)
        self.large_button.setChecked(theme.large_text)
        self.contrast_button.setChecked(theme.high_contrast)
        bar.addWidget(self.language_button)
        bar.addStretch(1)
        bar.addWidget(self.large_button)
        bar.addWidget(self.contrast_button)
        layout.addWidget(self.bottom)
        self.language_button.clicked.connect(self._on_language_clicked)
        self.large_button.toggled.connect(lambda on: self.theme.set(large_text=on))
        self.contrast_button.toggled.connect(lambda on: self.theme.set(high_contrast=on))

        self.countdown = IdleCountdown(self, theme)
        self.countdown.keep.connect(self._on_countdown_keep)
        self.pin_pad = PinPad(self, theme)
        self.pin_pad.entered.connect(self._on_pin_pad_entered)

        self.welcome.start.connect(self._on_welcome_start)
        self.welcome.refresh_wanted.connect(self.refresh_welcome)
        self.picker.chosen.connect(self._on_service_chosen)
        self.group.chosen.connect(self._on_group_chosen)
        self.identify.type_name.connect(lambda: self.show_screen("details"))
        self.identify.thaid.connect(lambda: self._on_identified("thaid", None))
        self.identify.officer.connect(lambda: self._on_identified("officer", None))
        self.details.submitted.connect(
            lambda details: self._on_identified("card" if self.details.card is not None else "typed", details)
        )
        self.privacy.acknowledged.connect(self._on_privacy_acknowledged)
        self.summary.confirmed.connect(self._on_summary_confirmed)
        self.ticket.done.connect(self.go_home)
        self.rating.rated.connect(self._on_rating_rated)
        self.rating.finished.connect(self.go_home)

        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(max(1, int((t.idle_seconds - t.countdown_seconds * t.tick_seconds) * 1000)))
        self._idle.timeout.connect(self._on_idle_timeout)
        self._tick = QTimer(self)
        self._tick.setInterval(max(1, int(t.tick_seconds * 1000)))
        self._tick.timeout.connect(self._on_tick_timeout)
        self._left = 0
        app = QApplication.instance()
        assert app is not None, "a QApplication comes before any window"
        app.installEventFilter(self)
        theme.changed.connect(self._on_theme_changed)
        self._apply_style()
        self.retranslate()
        self.show_screen("welcome")

    # Wiring to the register and the printer --------------------------------------------

    def attach(self, app: Context) -> None:
        """Give the window its register and printer (once the database is ready)."""
        self.app = app
        self.tasks.serve(app.db)
        self.refresh_welcome()
        self.load_services()

    def attach_card_reader(self, reader: CardReader) -> None:
        """An ID-card reader: a card inserted at any time of a visit fills the form, and the visitor confirms."""
        self.card_reader = reader
        reader.set_language(i18n.language())
        reader.inserted.connect(self._on_card_inserted)
        reader.card_read.connect(self._on_card_read)
        reader.failed.connect(self._on_card_failed)
        reader.state_changed.connect(self._on_card_state_changed)
        self._on_card_state_changed(reader.state_th, reader.state_en)

    def refresh_welcome(self) -> None:
        from kiosk.app import visit

        if self.app is not None:
            Op(visit.welcome, self.app).success(self._on_welcome_info).failure(self._on_background_error).run(
                self.tasks
            )

    def load_services(self) -> None:
        from kiosk.app import visit

        if self.app is not None:
            Op(visit.services, self.app).success(self._on_services).failure(self._on_background_error).run(self.tasks)

    def _on_welcome_info(self, info: WelcomeInfo) -> None:
        self.welcome.set_info(info)

    def _on_services(self, services: list[ServiceChoice]) -> None:
        self.services = services
        self.picker.set_services(services)

    def _on_background_error(self, error: BaseException) -> None:
        log.error("background task failed: %s", error, exc_info=error)

    # Navigation -------------------------------------------------------------------------

    @property
    def current(self) -> str:
        widget = self.stack.currentWidget()
        return next(name for name, screen in self.screens.items() if screen is widget)

    def show_screen(self, name: str) -> None:
        self.stack.setCurrentWidget(self.screens[name])
        self._stop_countdown()
        if name in ("welcome",):
            self._idle.stop()
        else:
            self._idle.start()
        self.screen_changed.emit(name)

    def go_home(self) -> None:
        """Back to the welcome screen, forgetting everything the visitor chose or typed."""
        self.draft = Draft()
        self._registering = False
        self._rating_visit = None
        for screen in self.screens.values():
            screen.reset()
        self.pin_pad.hide()
        self.show_screen("welcome")
        self.refresh_welcome()
        self.load_services()
        if self._pending_rating is not None:
            visit_id, label = self._pending_rating
            self._pending_rating = None
            self.invite_rating(visit_id, label)

    def _on_welcome_start(self) -> None:
        self.draft = Draft()
        self.picker.reset()
        self.show_screen("services")

    def _on_service_chosen(self, service: ServiceChoice) -> None:
        self.draft = replace(self.draft, service=service)
        self.show_screen("group")

    def _on_group_chosen(self, group: VisitorGroup) -> None:
        self.draft = replace(self.draft, group=group)
        # A card already read (on an earlier screen) goes straight to its confirmation.
        self.show_screen("details" if self.details.card is not None else "identify")

    def _on_identified(self, method: str, details: VisitorDetails | None) -> None:
        self.draft = replace(self.draft, id_method=method, details=details)
        self.show_screen("privacy")

    # The ID card -------------------------------------------------------------------------

    # Screens where a card joins the visit; on the ticket and rating screens the visit is over.
    _CARD_SCREENS = ("welcome", "services", "group", "identify", "details", "privacy", "summary")

    def _on_card_state_changed(self, th: str, en: str) -> None:
        self.identify.set_card_reader_ready(self.card_reader is not None and self.card_reader.ready)
        if en:
            log.info("card reader: %s", en)

    def _on_card_inserted(self) -> None:
        if self.current in self._CARD_SCREENS and not self.cards_to_staff:
            self.identify.show_card_message(self.tr("กำลังอ่านบัตร… กรุณาเสียบค้างไว้"), error=False)

    def _on_card_read(self, card: CardIdentity) -> None:
        """Fill the form from the card for the visitor to confirm; before the service is chosen, keep it for then."""
        screen = self.current
        if screen not in self._CARD_SCREENS or self._registering or self.cards_to_staff:
            return
        self.identify.show_card_message("", error=False)
        self.details.fill_from_card(card)
        if screen == "welcome":
            self._on_welcome_start()  # a card on the welcome screen starts the visit
        elif screen in ("identify", "details", "privacy", "summary"):
            self.show_screen("details")
        if self.card_reader is not None:
            self.card_shown.emit(self.card_reader.kiosk_seconds())

    def _on_card_failed(self, error: CardError) -> None:
        log.warning("ID card not read: %s", error.en)
        if self.current in self._CARD_SCREENS and not self.cards_to_staff:
            text = i18n.pick(error.th, "The card could not be read: please type your name, or ask the officer.")
            self.identify.show_card_message(text, error=True)
            if self.current not in ("identify", "details"):
                self.show_screen("identify")

    def _on_privacy_back(self) -> None:
        self.show_screen("details" if self.draft.id_method in ("typed", "card") else "identify")

    def _on_privacy_acknowledged(self) -> None:
        self.summary.show_draft(self.draft)
        self.show_screen("summary")

    def _on_summary_confirmed(self) -> None:
        from kiosk.app import visit

        app = self.app
        draft = self.draft
        if self._registering or app is None or draft.service is None or draft.group is None or not draft.id_method:
            return
        from kiosk.models import IdMethod

        self._registering = True
        self.ticket.issuing()
        self.show_screen("ticket")
        Op(
            visit.register_visitor,
            app,
            service_code=draft.service.code,
            group=draft.group,
            id_method=IdMethod(draft.id_method),
            details=draft.details,
        ).success(self._on_registered).failure(self._on_register_failed).run(self.tasks)

    def _on_registered(self, registration: Registration) -> None:
        from kiosk.app import slips

        self._registering = False
        self.draft = Draft()  # the register has it now; the screen keeps nothing typed
        self.details.reset()
        self.ticket.issued(registration)
        if self.app is None:
            return
        # The slip the registration made: its "people ahead" is the number the screen shows.
        Op(slips.print_ticket, self.app, registration.visit_id, registration.slip).success(self._on_printed).failure(
            self._on_background_error
        ).run(self.tasks)

    def _on_register_failed(self, error: BaseException) -> None:
        self._registering = False
        log.error("registration failed: %s", error, exc_info=error)
        th = getattr(error, "th", "")
        self.ticket.failed(th if th and i18n.language() == "th" else "")

    def _on_printed(self, result: SlipResult) -> None:
        if result.printed:
            self.ticket.printed()
            self.clear_staff_alert()
        else:
            self.ticket.print_failed(result.th)
            self.raise_staff_alert(
                QCoreApplication.translate("KioskWindow", "เครื่องพิมพ์: %1 — บัตรคิว %2 อยู่ในรายการพิมพ์ซ้ำ")
                .replace("%1", f"{result.th} ({result.code})")
                .replace("%2", self.ticket.number.text())
            )

    # Staff banner -----------------------------------------------------------------------

    def raise_staff_alert(self, text: str) -> None:
        self.banner_text.setText(text)
        self.banner.show()
        self.staff_alert.emit(text)

    def clear_staff_alert(self) -> None:
        if self.banner.isVisible():
            self.banner.hide()
            self.staff_alert.emit("")

    # Quick rating -----------------------------------------------------------------------

    def invite_rating(self, visit_id: uuid.UUID, ticket_label: str) -> None:
        """The officer ended a service: invite that visitor to rate it, when the screen is free."""
        if not self.options.quick_rating:
            return
        if self.current != "welcome":
            self._pending_rating = (visit_id, ticket_label)
            return
        self._rating_visit = visit_id
        self.rating.invite(ticket_label)
        self.show_screen("rating")

    def _on_rating_rated(self, score: int) -> None:
        from kiosk.app import visit

        app, visit_id = self.app, self._rating_visit
        if app is None or visit_id is None:
            return
        Op(visit.record_rating, app, visit_id, score).failure(self._on_background_error).run(self.tasks)

    # Idle reset -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        press = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)  # quick taps arrive as double clicks
        if kind in (*press, QEvent.Type.TouchBegin, QEvent.Type.KeyPress):
            if self._idle.isActive() or self._tick.isActive():
                self._idle.start()
            if kind in press and isinstance(event, QMouseEvent) and watched is self.window():
                self._count_corner_tap(event)
        return False

    def _on_idle_timeout(self) -> None:
        t = self.options.timing
        self._left = t.countdown_seconds
        if self._left <= 0:
            self.go_home()
            return
        self.countdown.set_seconds(self._left)
        self.countdown.open()
        self._tick.start()

    def _on_tick_timeout(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self._stop_countdown()
            self.go_home()
        else:
            self.countdown.set_seconds(self._left)

    def _on_countdown_keep(self) -> None:
        self._stop_countdown()
        self._idle.start()

    def _stop_countdown(self) -> None:
        self._tick.stop()
        self.countdown.hide()

    # Kiosk lock -------------------------------------------------------------------------

    def _count_corner_tap(self, event: QMouseEvent) -> None:
        pos: QPoint = event.position().toPoint()
        if pos.x() < self.width() - self.theme.px(CORNER_PX) or pos.y() > self.theme.px(CORNER_PX):
            return
        now = time.monotonic()
        self._corner_taps = [t for t in self._corner_taps if now - t <= CORNER_WINDOW_S] + [now]
        if len(self._corner_taps) >= CORNER_TAPS:
            self._corner_taps.clear()
            if self.isSignalConnected(QMetaMethod.fromSignal(self.staff_requested)):
                self.staff_requested.emit()
            else:
                self.pin_pad.open()

    def _on_pin_pad_entered(self, pin: str) -> None:
        from kiosk.app import visit

        app = self.app
        if not pin:
            self.pin_pad.refuse()
            return
        if app is None:  # still opening, or it could not be opened: nothing to check the PIN against
            self.pin_pad.refuse(self.tr("ยังตรวจรหัสไม่ได้: ฐานข้อมูลยังไม่พร้อม"))
            return
        Op(visit.check_supervisor_pin, app, pin).success(self._on_pin_accepted).failure(self._on_pin_refused).run(
            self.tasks
        )

    def _on_pin_accepted(self, supervisor: str) -> None:
        log.info("kiosk mode left by supervisor %s", supervisor)
        self.pin_pad.hide()
        self.unlock()

    def _on_pin_refused(self, error: BaseException) -> None:
        if isinstance(error, KioskError):  # wrong PIN, attempts left, locked until …
            self.pin_pad.refuse(error.th)
            return
        log.error("the supervisor PIN could not be checked: %s", error, exc_info=error)
        self.pin_pad.refuse(self.tr("ตรวจรหัสไม่ได้ กรุณาลองใหม่อีกครั้ง"))

    def unlock(self) -> None:
        """Let the window close (the supervisor's PIN was accepted)."""
        self._allow_close = True
        self.unlocked.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._allow_close:
            event.ignore()  # Alt+F4 and the like: only the supervisor's PIN leaves kiosk mode
            return
        self._idle.stop()
        self._tick.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)

    # Language and look ------------------------------------------------------------------

    def _on_language_clicked(self) -> None:
        i18n.set_language("en" if i18n.language() == "th" else "th")

    def retranslate(self) -> None:
        # The button says the other language, in that language, so either reader finds it.
        self.language_button.set_text("English" if i18n.language() == "th" else "ภาษาไทย")
        if self.card_reader is not None:  # the next card gives the name in the visitor's language
            self.card_reader.set_language(i18n.language())
        self.large_button.set_text(self.tr("ตัวอักษรใหญ่"))
        self.contrast_button.set_text(self.tr("สีตัดกันชัด"))
        self.picker.set_services(self.services)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_theme_changed(self) -> None:
        self._apply_style()

    def _apply_style(self) -> None:
        self.setStyleSheet(self.theme.style_sheet())

    def resizeEvent(self, event: QResizeEvent) -> None:
        size = event.size()
        self.theme.fit(size.width(), size.height())
        super().resizeEvent(event)
