"""The kiosk window: the screens in order, the bars around them, idle reset, and kiosk lock.

It talks to the register and the printer only through the operations of :mod:`kiosk.app`
(the citizen's visit, the slips), run on the workers of ``ui.tasks``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QMetaMethod, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QMouseEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.validation import VisitorGroup
from ui import i18n
from ui.card_reader import CardReader
from ui.screens.base import Screen
from ui.screens.summary import Draft, SummaryScreen
from ui.screens.welcome import WelcomeScreen
from ui.tasks import Op, TaskManager
from ui.theme import Theme
from ui.widgets.button import TouchButton
from ui.widgets.overlay import ConfirmRestart, IdleCountdown, PinPad
from ui.widgets.stack import PageStack
from ui.widgets.tapguard import TapGuard
from ui.widgets.windowfilter import ActivityFilter

if TYPE_CHECKING:
    from kiosk.app import Context
    from kiosk.app.slips import SlipResult
    from kiosk.app.visit import Registration, ServiceChoice, WelcomeInfo
    from kiosk.idcard import CardError, CardIdentity
    from kiosk.register import VisitorDetails
    from ui.screens.details import DetailsScreen
    from ui.screens.identify import IdentifyScreen
    from ui.screens.privacy import PrivacyScreen
    from ui.screens.rating import RatingScreen
    from ui.screens.service_picker import ServicePickerScreen
    from ui.screens.ticket import TicketScreen
    from ui.screens.visitor_group import VisitorGroupScreen

log = logging.getLogger(__name__)

CORNER_PX = 160  # the hidden corner, top right, that opens the PIN pad
CORNER_TAPS = 5
CORNER_WINDOW_S = 3.0
RATINGS_REMEMBERED = 500  # visits already invited to rate: none is invited twice
SCREENS_AFTER_MS = 100  # after the window shows, the screens not built yet are built one by one
# Each screen's name and the window's attribute that builds it when first wanted, in the order a visit meets them.
SCREENS: Final = {
    "welcome": "welcome",
    "services": "picker",
    "group": "group",
    "identify": "identify",
    "details": "details",
    "privacy": "privacy",
    "summary": "summary",
    "ticket": "ticket",
    "rating": "rating",
}


@dataclass(frozen=True)
class Timing:
    """How long things wait; tests shrink them, the kiosk reads ``[ui]`` of kiosk.toml.

    ``idle_seconds`` of silence bring the warning "ยังใช้งานอยู่หรือไม่?", which then counts
    ``countdown_seconds`` down before the kiosk goes back to the welcome screen. An invitation to rate
    that nobody answers has no one to warn: it goes back quietly after ``rating_seconds`` of silence.
    """

    idle_seconds: float = 30.0
    countdown_seconds: int = 10
    tick_seconds: float = 1.0  # one step of the visible countdown
    ticket_seconds: float = 20.0
    thanks_seconds: float = 4.0
    rating_seconds: float = 60.0
    pad_seconds: float = 45.0  # the supervisor's PIN pad, opened by the corner taps, closes when left alone


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
    # The look every citizen starts with (``[ui]`` of kiosk.toml): a visitor's choice ends with the visit.
    language: str = "th"
    large_text: bool = False
    high_contrast: bool = False


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
        self._ratings: deque[tuple[uuid.UUID, str]] = deque()  # visitors waiting to be invited, in order
        self._invited: deque[uuid.UUID] = deque(maxlen=RATINGS_REMEMBERED)
        self._rating_visit: uuid.UUID | None = None
        self._field: QLineEdit | None = None  # the field the visitor typed in last, and where the cursor was
        self._cursor = 0
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
        self.banner_text.setObjectName("banner-text")
        self.banner_text.setWordWrap(False)
        self.staff_alert_text = ""  # what the banner is about, for staff (the banner itself says "tell the officer")
        banner_row.addWidget(self.banner_text, 1)
        self.banner.hide()
        layout.addWidget(self.banner)

        self.stack = PageStack()
        layout.addWidget(self.stack, 1)
        # The welcome screen is built now; every other screen when it is first wanted, or one an event-loop
        # turn once the window shows (``_build_next_screen``): the kiosk takes a tap ~0.1 s sooner.
        self._screens: dict[str, Screen] = {}
        self._keyboard = keyboard
        self._picker: ServicePickerScreen | None = None
        self._group: VisitorGroupScreen | None = None
        self._identify: IdentifyScreen | None = None
        self._details: DetailsScreen | None = None
        self._privacy: PrivacyScreen | None = None
        self._summary: SummaryScreen | None = None
        self._ticket: TicketScreen | None = None
        self._rating: RatingScreen | None = None
        self.welcome = WelcomeScreen(
            theme,
            clock=options.clock,
            zone=options.zone,
            centre_name=options.centre_name,
            district=options.district,
            privacy_url=options.privacy_url,
        )
        self._back_of = {
            "services": "welcome",
            "group": "services",
            "identify": "group",
            "details": "identify",
            "summary": "identify",
        }
        self._add_screen("welcome", self.welcome)

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
        self.restart = ConfirmRestart(self, theme)
        self.restart.keep.connect(self._on_restart_keep)
        self.restart.restart.connect(lambda: self.go_home(same_visitor=True))
        self._pin_pad: PinPad | None = None  # built when the corner taps first open it
        self.tapguard = TapGuard(self, intercept=self._countdown_takes_tap)
        # Presses, touches and keys on the window's QWindow (an application-wide filter ran Python for every
        # event of every object); attached after the guard, so called before it: a swallowed tap counts too.
        self._activity = ActivityFilter(self, self._on_input)

        self.welcome.start.connect(self._on_welcome_start)
        self.welcome.refresh_wanted.connect(self.refresh_welcome)

        self._idle = QTimer(self)  # silence before the warning (idle_seconds); the countdown comes after it
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._on_idle_timeout)
        self._pad_idle = QTimer(self)
        self._pad_idle.setSingleShot(True)
        self._pad_idle.setInterval(max(1, int(t.pad_seconds * 1000)))
        self._pad_idle.timeout.connect(self._on_pin_pad_closed)
        self._tick = QTimer(self)
        self._tick.setInterval(max(1, int(t.tick_seconds * 1000)))
        self._tick.timeout.connect(self._on_tick_timeout)
        self._left = 0
        app = QApplication.instance()
        assert isinstance(app, QApplication), "a QApplication comes before any window"
        app.focusChanged.connect(self._on_focus_changed)
        theme.changed.connect(self._on_theme_changed)
        self._apply_style()
        self.retranslate()
        self.show_screen("welcome")

    # The screens ----------------------------------------------------------------------------

    def _add_screen(self, name: str, screen: Screen) -> None:
        self.stack.addWidget(screen)
        screen.home.connect(self._on_start_over)
        if name in self._back_of:
            screen.back.connect(lambda: self.show_screen(self._back_of[name]))
        self._screens[name] = screen

    @property
    def picker(self) -> ServicePickerScreen:
        if self._picker is None:
            from ui.screens.service_picker import ServicePickerScreen

            self._picker = ServicePickerScreen(self.theme)
            self._picker.chosen.connect(self._on_service_chosen)
            self._picker.page_turned.connect(self.tapguard.quiet)  # new cards under the finger, as a new screen
            if self.services:
                self._picker.set_services(self.services)
            self._add_screen("services", self._picker)
        return self._picker

    @property
    def group(self) -> VisitorGroupScreen:
        if self._group is None:
            from ui.screens.visitor_group import VisitorGroupScreen

            self._group = VisitorGroupScreen(self.theme)
            self._group.chosen.connect(self._on_group_chosen)
            self._add_screen("group", self._group)
        return self._group

    @property
    def identify(self) -> IdentifyScreen:
        if self._identify is None:
            from ui.screens.identify import IdentifyScreen

            self._identify = IdentifyScreen(self.theme)
            self._identify.type_name.connect(lambda: self.show_screen("details"))
            self._identify.thaid.connect(lambda: self._on_identified("thaid", None))
            self._identify.officer.connect(lambda: self._on_identified("officer", None))
            self._identify.set_card_reader_ready(self.card_reader is not None and self.card_reader.ready)
            self._add_screen("identify", self._identify)
        return self._identify

    @property
    def details(self) -> DetailsScreen:
        if self._details is None:
            from ui.screens.details import DetailsScreen

            self._details = DetailsScreen(self.theme, self._keyboard)
            self._details.submitted.connect(
                lambda details: self._on_identified("card" if self.details.card is not None else "typed", details)
            )
            self._add_screen("details", self._details)
        return self._details

    @property
    def privacy(self) -> PrivacyScreen:
        if self._privacy is None:
            o = self.options
            from ui.screens.privacy import PrivacyScreen

            self._privacy = PrivacyScreen(self.theme, notice_url=o.privacy_url, retention_days=o.retention_days)
            self._privacy.acknowledged.connect(self._on_privacy_acknowledged)
            self._privacy.back.connect(self._on_privacy_back)
            self._add_screen("privacy", self._privacy)
        return self._privacy

    @property
    def summary(self) -> SummaryScreen:
        if self._summary is None:
            self._summary = SummaryScreen(self.theme)
            self._summary.confirmed.connect(self._on_summary_confirmed)
            self._add_screen("summary", self._summary)
        return self._summary

    @property
    def ticket(self) -> TicketScreen:
        if self._ticket is None:
            from ui.screens.ticket import TicketScreen

            self._ticket = TicketScreen(self.theme, return_ms=int(self.options.timing.ticket_seconds * 1000))
            self._ticket.done.connect(self.go_home)
            self._add_screen("ticket", self._ticket)
        return self._ticket

    @property
    def rating(self) -> RatingScreen:
        if self._rating is None:
            from ui.screens.rating import RatingScreen

            self._rating = RatingScreen(self.theme, thanks_ms=int(self.options.timing.thanks_seconds * 1000))
            self._rating.rated.connect(self._on_rating_rated)
            self._rating.finished.connect(self.go_home)
            self._add_screen("rating", self._rating)
        return self._rating

    def page(self, name: str) -> Screen:
        """The screen of that name (``services`` is :attr:`picker`), built if it was not yet."""
        screen = getattr(self, SCREENS[name])
        assert isinstance(screen, Screen)
        return screen

    def _build_next_screen(self) -> None:
        """One screen not built yet, then the next on a later turn of the event loop: a tap in between is
        answered at once (and builds the screen it needs itself)."""
        name = next((name for name in SCREENS if name not in self._screens), None)
        if name is not None:
            self.page(name)
            QTimer.singleShot(0, self, self._build_next_screen)

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
        if self._picker is not None:  # otherwise it gets them when it is built
            self._picker.set_services(services)

    def _on_background_error(self, error: BaseException) -> None:
        log.error("background task failed: %s", error, exc_info=error)

    # Navigation -------------------------------------------------------------------------

    @property
    def current(self) -> str:
        widget = self.stack.currentWidget()
        return next(name for name, screen in self._screens.items() if screen is widget)

    def show_screen(self, name: str) -> None:
        self.stack.setCurrentWidget(self.page(name))
        self.tapguard.quiet()  # the rest of a double tap must not land on what the visitor has not seen yet
        self._stop_countdown()
        self.restart.hide()
        self._arm_idle()
        self.screen_changed.emit(name)

    def _arm_idle(self) -> None:
        """The welcome screen waits for ever, unless a visitor left it in another language or look: then
        it goes back to the kiosk's own once the time a visit would be warned and counted down is over."""
        welcome = self.current == "welcome"
        if welcome and self._look_is_default():
            self._idle.stop()
            return
        t = self.options.timing
        silence = t.idle_seconds + (t.countdown_seconds * t.tick_seconds if welcome else 0)
        if self.current == "rating":
            silence = t.rating_seconds
        self._idle.setInterval(max(1, int(silence * 1000)))
        self._idle.start()

    def go_home(self, *, same_visitor: bool = False) -> None:
        """Back to the welcome screen, forgetting everything the visitor chose or typed.

        The next citizen also gets the kiosk's own language and look back, unless the visitor at the
        screen started over (``same_visitor``).
        """
        self.draft = Draft()
        self._registering = False
        self._rating_visit = None
        for screen in self._screens.values():  # those not built yet have nothing to forget
            screen.reset()
        self._field = None
        if self._pin_pad is not None:
            self._pin_pad.hide()
        self._pad_idle.stop()
        if not same_visitor:
            self.reset_look()
        self.show_screen("welcome")
        self.refresh_welcome()
        self.load_services()
        if not self.cards_to_staff:
            self._invite_next()

    def _on_start_over(self) -> None:
        """The "เริ่มใหม่" button: straight away while nothing was chosen; otherwise the visitor confirms first."""
        if self._visit_has_input():
            self.restart.open()
            self.tapguard.quiet()
        else:
            self.go_home(same_visitor=True)

    def _visit_has_input(self) -> bool:
        details = self._details
        typed = details is not None and (
            any(f.text().strip() for f in details.fields.values()) or details.card is not None
        )
        return typed or (self.current not in ("welcome", "services") and self.draft.service is not None)

    def _on_restart_keep(self) -> None:
        self.restart.hide()
        self.tapguard.quiet()
        self._restore_field()

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
        if self._identify is not None:  # otherwise it asks when it is built
            self._identify.set_card_reader_ready(self.card_reader is not None and self.card_reader.ready)
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
            self.raise_staff_alert(f"เครื่องพิมพ์: {result.staff_th} — บัตรคิว {self.ticket.number.text()} อยู่ในรายการพิมพ์ซ้ำ")

    # Staff banner -----------------------------------------------------------------------

    def raise_staff_alert(self, text: str) -> None:
        """Something for staff to see to (``text``, in Thai, is shown in the staff area). The citizen in front
        of the screen reads only that the kiosk needs an officer: never a device's state or an error."""
        self.staff_alert_text = text
        self._retranslate_banner()
        self.banner.show()
        self.staff_alert.emit(text)

    def clear_staff_alert(self) -> None:
        self.staff_alert_text = ""
        if self.banner.isVisible():
            self.banner.hide()
            self.staff_alert.emit("")

    def _retranslate_banner(self) -> None:
        self.banner_text.setText(self.tr("ตู้นี้ต้องการการดูแลจากเจ้าหน้าที่ หากมีปัญหาในการใช้งาน กรุณาแจ้งเจ้าหน้าที่"))

    # Quick rating -----------------------------------------------------------------------

    def invite_rating(self, visit_id: uuid.UUID, ticket_label: str) -> None:
        """The officer ended a service: invite that visitor to rate it, when the screen is free.

        Visitors whose services end while the screen is busy wait in turn: each is invited once.
        """
        if not self.options.quick_rating:
            return
        if visit_id in self._invited or any(visit_id == waiting for waiting, _ in self._ratings):
            return
        self._ratings.append((visit_id, ticket_label))
        if self.current == "welcome" and not self.cards_to_staff:
            self._invite_next()

    @property
    def ratings_waiting(self) -> list[str]:
        """The tickets of the visitors still to be invited, in turn."""
        return [label for _, label in self._ratings]

    def _invite_next(self) -> None:
        if not self._ratings:
            return
        visit_id, label = self._ratings.popleft()
        self._invited.append(visit_id)
        self._rating_visit = visit_id
        self.rating.invite(label)
        self.show_screen("rating")

    def hand_to_staff(self) -> None:
        """The staff area covers the screen: a visitor invited and not answered yet waits for it to close."""
        if self.current == "rating" and self._rating_visit is not None and not self.rating.thanked:
            self._ratings.appendleft((self._rating_visit, self.rating.label))
            self._invited.remove(self._rating_visit)
        self.cards_to_staff = True  # a card read now is for the officer's panels, not a citizen's visit
        self.go_home()

    def hand_back(self) -> None:
        """The staff area closed: the citizen's screens again, and the visitors waiting to rate."""
        self.cards_to_staff = False
        self.go_home()

    def _on_rating_rated(self, score: int) -> None:
        from kiosk.app import visit

        app, visit_id = self.app, self._rating_visit
        if app is None or visit_id is None:
            return
        Op(visit.record_rating, app, visit_id, score).failure(self._on_background_error).run(self.tasks)

    # Idle reset -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.tapguard.attach()  # the QWindow exists now (and is a new one after a change of window flags)
        self._activity.attach()
        if len(self._screens) < len(SCREENS):  # once the welcome screen is painted and takes taps
            QTimer.singleShot(SCREENS_AFTER_MS, self, self._build_next_screen)

    def _on_input(self, event: QEvent) -> None:
        """A press, touch or key anywhere on the window (ActivityFilter): the visitor, or the supervisor, is there."""
        if self._idle.isActive():
            self._idle.start()
        if self._pad_idle.isActive():
            self._pad_idle.start()
        if event.type() == QEvent.Type.KeyPress and self._tick.isActive():
            self._on_countdown_keep()  # a key of a real keyboard: the visitor is there, and types on

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A press no widget took (a double click comes here too): the hidden corner counts it."""
        self._count_corner_tap(event)
        super().mousePressEvent(event)

    def _countdown_takes_tap(self) -> bool:
        """A tap anywhere on the warning keeps the visitor's work, and does nothing else."""
        if not self.countdown.isVisible():
            return False
        self._on_countdown_keep()
        return True

    def _on_idle_timeout(self) -> None:
        if self.current == "welcome":  # no visit to keep: only the look goes back to the kiosk's own
            self.reset_look()
            return
        if self.current == "rating":  # an invitation nobody answered: no visit to keep, no one to warn
            self.go_home()  # and the next visitor waiting to rate is invited
            return
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
        self.tapguard.quiet()
        self._idle.start()
        self._restore_field()

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None and old is self._field:
            self._cursor = self._field.cursorPosition()
        if isinstance(new, QLineEdit) and self.isAncestorOf(new):
            self._field = new

    def _restore_field(self) -> None:
        """The field the visitor was typing in gets the keyboard back, the cursor where it was."""
        field = self._field
        if field is None or not field.isVisible() or field.hasFocus():
            return
        cursor = self._cursor
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.setCursorPosition(cursor)

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
                self.open_pin_pad()

    @property
    def pin_pad(self) -> PinPad:
        if self._pin_pad is None:
            self._pin_pad = PinPad(self, self.theme)
            self._pin_pad.entered.connect(self._on_pin_pad_entered)
            self._pin_pad.cancelled.connect(self._on_pin_pad_closed)
        return self._pin_pad

    def open_pin_pad(self) -> None:
        """The supervisor's PIN pad; left alone, it closes again (a visitor's curious taps opened it)."""
        self.pin_pad.open()
        self.tapguard.quiet()
        self._pad_idle.start()

    def _on_pin_pad_closed(self) -> None:
        self._pad_idle.stop()
        if self._pin_pad is not None and self._pin_pad.isVisible():
            self._pin_pad.hide()
        self.tapguard.quiet()

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
        self._on_pin_pad_closed()
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
        self._pad_idle.stop()
        super().closeEvent(event)

    # Language and look ------------------------------------------------------------------

    def _on_language_clicked(self) -> None:
        self.tapguard.quiet()  # every text changes under the finger: a double tap is one change, not two
        i18n.set_language("en" if i18n.language() == "th" else "th")

    def _look_is_default(self) -> bool:
        o, theme = self.options, self.theme
        return (i18n.language(), theme.large_text, theme.high_contrast) == (o.language, o.large_text, o.high_contrast)

    def reset_look(self) -> None:
        """The kiosk's own language, text size and contrast (Thai, normal, unless kiosk.toml says otherwise)."""
        o = self.options
        if i18n.language() != o.language:
            i18n.set_language(o.language)
        self.large_button.setChecked(o.large_text)
        self.contrast_button.setChecked(o.high_contrast)

    def retranslate(self) -> None:
        # The button says the other language, in that language, so either reader finds it.
        self.language_button.set_text("English" if i18n.language() == "th" else "ภาษาไทย")
        if self.card_reader is not None:  # the next card gives the name in the visitor's language
            self.card_reader.set_language(i18n.language())
        self.large_button.set_text(self.tr("ตัวอักษรใหญ่"))
        self.contrast_button.set_text(self.tr("สีตัดกันชัด"))
        self._retranslate_banner()
        if self._picker is not None:
            self._picker.set_services(self.services)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.tapguard.quiet()  # the new words are in place now (taps made while they were set were queued)
            self._arm_idle()
        super().changeEvent(event)

    def _on_theme_changed(self) -> None:
        self._apply_style()
        self.tapguard.quiet()  # larger text or new colours move everything under the finger
        if self._tick.isActive():
            return
        self._arm_idle()

    def _apply_style(self) -> None:
        self.setStyleSheet(self.theme.style_sheet())

    def resizeEvent(self, event: QResizeEvent) -> None:
        size = event.size()
        self.theme.fit(size.width(), size.height())
        super().resizeEvent(event)
