"""The staff area: sign-in, then the officer's pages (and the supervisor's), signed out after idle."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.app import catalogue, officers
from ui.staff.catalogue import CataloguePage
from ui.staff.common import StaffContext, StaffPage, button, show_status, staff_style
from ui.staff.daylog import DayLogPage
from ui.staff.dialogs import CompletePanel, CorrectionPanel, OutcomePanel
from ui.staff.exports import ExportPage
from ui.staff.keyboard import HEIGHT as KEYBOARD_HEIGHT
from ui.staff.keyboard import StaffKeyboard
from ui.staff.officers import OfficersPage
from ui.staff.queue import QueuePage
from ui.staff.report import ReportPage
from ui.staff.reprints import ReprintPage
from ui.staff.roster import RosterPage
from ui.staff.signin import ROLE_TH, SignInPage
from ui.staff.sync import SyncPage
from ui.tasks import Op
from ui.widgets import tapguard
from ui.widgets.keyboard import available as keyboard_available
from ui.widgets.stack import PageStack
from ui.widgets.thailabel import ThaiLabel

if TYPE_CHECKING:
    from kiosk.catalogue import ServiceEntry
    from kiosk.idcard import CardError, CardIdentity
    from kiosk.register import VisitRecord
    from kiosk.staff import StaffSession

OFFICER_PAGES = ("queue", "day", "reprints")
SUPERVISOR_PAGES = ("roster", "officers", "catalogue", "export", "report", "sync")
PAGE_TH = {
    "queue": "คิววันนี้",
    "day": "ทะเบียนประจำวัน",
    "reprints": "พิมพ์ซ้ำ",
    "roster": "เวร",
    "officers": "เจ้าหน้าที่",
    "catalogue": "งานบริการ",
    "export": "ส่งออกทะเบียน",
    "report": "รายงานผล",  # the month and the fiscal year
    "sync": "ส่งข้อมูลอำเภอ",
}
EXIT_CONFIRM_MS = 5000
_INPUT_EVENTS = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,  # the second of two quick taps
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
)


class StaffArea(QWidget):
    """The whole staff area in one widget: a page of the kiosk window, or the centre of ``kiosk staff``.

    Signals:
        leave(): the officer closed the staff area (the kiosk shows its welcome screen again).
        exit_kiosk(): a supervisor asked to leave kiosk mode.
        signed_in(StaffSession): someone signed in.
        signed_out(str): the officer signed out; the reason is ``manual`` or ``idle``.
        service_ended(uuid.UUID, str): a visitor's service ended (visit id, ticket): the kiosk's quick rating.
    """

    leave = Signal()
    exit_kiosk = Signal()
    signed_in = Signal(object)
    signed_out = Signal(str)
    service_ended = Signal(object, str)

    def __init__(self, ctx: StaffContext, *, embedded: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.embedded = embedded
        self.setObjectName("StaffArea")
        self.setProperty("role", "staff")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        px = ctx.theme.px
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        self.topbar = QFrame()
        self.topbar.setProperty("role", "staff-topbar")
        rows = QVBoxLayout(self.topbar)
        rows.setContentsMargins(px(20), px(4), px(20), 0)
        rows.setSpacing(0)
        bar = QHBoxLayout()
        bar.setSpacing(px(12))
        self.title = QLabel()
        self.title.setProperty("role", "staff-heading")
        bar.addWidget(self.title, 1)
        self.card_state = QLabel()
        self.card_state.setObjectName("card-state")
        self.card_state.setVisible(ctx.card_reader is not None)
        bar.addWidget(self.card_state)
        self.who = QLabel()
        self.who.setObjectName("who")
        bar.addWidget(self.who)
        self.exit_kiosk_button = button(role="danger")
        self.exit_kiosk_button.setObjectName("exit-kiosk")
        self.exit_kiosk_button.clicked.connect(self._on_exit_kiosk_clicked)
        # Leaving kiosk mode stops the counter: a second tap within a few seconds confirms it.
        self._exit_armed = QTimer(self)
        self._exit_armed.setSingleShot(True)
        self._exit_armed.setInterval(EXIT_CONFIRM_MS)
        self._exit_armed.timeout.connect(self._disarm_exit)
        self._exit_armed_at = 0.0
        self.sign_out_button = button()
        self.sign_out_button.setObjectName("sign-out")
        self.sign_out_button.clicked.connect(lambda: self.sign_out("manual"))
        bar.addWidget(self.exit_kiosk_button)
        bar.addWidget(self.sign_out_button)
        rows.addLayout(bar)
        tabs = QHBoxLayout()
        tabs.setSpacing(px(4))
        self.tabs: dict[str, QPushButton] = {}
        for name in (*OFFICER_PAGES, *SUPERVISOR_PAGES):
            tab = button(PAGE_TH[name], role="tab", checkable=True)
            tab.setObjectName(f"tab-{name}")
            tab.clicked.connect(lambda _=False, n=name: self.show_page(n))
            self.tabs[name] = tab
            tabs.addWidget(tab)
        tabs.addStretch(1)
        rows.addLayout(tabs)
        layout.addWidget(self.topbar)

        self.message_bar = QFrame()
        self.message_bar.setProperty("role", "staff-message")
        message_row = QHBoxLayout(self.message_bar)
        message_row.setContentsMargins(px(20), px(4), px(8), px(4))
        self.message = ThaiLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message_close = button("×")
        self.message_close.clicked.connect(self.message_bar.hide)
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.message_close)
        self.message_bar.hide()
        layout.addWidget(self.message_bar)
        # What the kiosk needs from staff (printer, sync, a restart): the citizen's screen only says "tell the officer".
        self.alert_bar = QFrame()
        self.alert_bar.setProperty("role", "staff-message")
        self.alert_bar.setProperty("error", True)
        alert_row = QHBoxLayout(self.alert_bar)
        alert_row.setContentsMargins(px(20), px(4), px(8), px(4))
        self.alert = ThaiLabel()
        self.alert.setObjectName("kiosk-alert")
        alert_row.addWidget(self.alert, 1)
        self.alert_bar.hide()
        layout.addWidget(self.alert_bar)

        self.stack = PageStack()  # as tall as the page shown: the sign-in's PIN pad made every page scroll
        # A page scrolls rather than crushes when the on-screen keyboard takes the lower part.
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setWidget(self.stack)
        layout.addWidget(self.page_scroll, 1)
        self.signin = SignInPage(ctx)
        self.queue = QueuePage(ctx)
        self.day = DayLogPage(ctx)
        self.reprints = ReprintPage(ctx)
        self.roster = RosterPage(ctx)
        self.officers = OfficersPage(ctx)
        self.catalogue = CataloguePage(ctx)
        self.export = ExportPage(ctx)
        self.report = ReportPage(ctx)
        self.sync = SyncPage(ctx)
        self.pages: dict[str, StaffPage] = {
            "signin": self.signin,
            "queue": self.queue,
            "day": self.day,
            "reprints": self.reprints,
            "roster": self.roster,
            "officers": self.officers,
            "catalogue": self.catalogue,
            "export": self.export,
            "report": self.report,
            "sync": self.sync,
        }
        for page in self.pages.values():
            self.stack.addWidget(page)
            page.message.connect(self.show_message)
        self.signin.signed_in.connect(self._on_signin_signed_in)
        self.signin.leave.connect(self.leave)
        self.signin.leave_button.setVisible(embedded)

        self.outcome_panel = OutcomePanel(self, ctx)
        self.complete_panel = CompletePanel(self, ctx)
        self.correction_panel = CorrectionPanel(self, ctx)
        self.queue.outcome_wanted.connect(self.outcome_panel.open_for)
        self.queue.complete_wanted.connect(self.complete_panel.open_for)
        self.queue.correct_wanted.connect(self.correction_panel.open_for)
        self.queue.service_ended.connect(self.service_ended)
        self.day.correct_wanted.connect(self.correction_panel.open_for)
        self.outcome_panel.recorded.connect(self._on_outcome_recorded)
        self.complete_panel.completed.connect(self._on_register_changed)
        self.correction_panel.corrected.connect(self._on_register_changed)
        self.catalogue.changed.connect(self.load_services)
        if ctx.card_reader is not None:
            ctx.card_reader.state_changed.connect(self._on_card_reader_state_changed)
            ctx.card_reader.card_read.connect(self._on_card_reader_card_read)
            ctx.card_reader.failed.connect(self._on_card_reader_failed)
            self._on_card_reader_state_changed(ctx.card_reader.state_th, ctx.card_reader.state_en)
        # Over the kiosk, whose touchscreen may have no keyboard, the officer types on the screen.
        self.keyboard: StaffKeyboard | None = None
        if embedded and keyboard_available():
            self.keyboard = StaffKeyboard(self, self._make_keyboard, lambda: ctx.theme.px(KEYBOARD_HEIGHT))

        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(max(1, ctx.idle_seconds) * 1000)
        self._idle.timeout.connect(lambda: self.sign_out("idle"))
        # Over the kiosk the sign-in page lists every officer's name: left alone, it hands the screen back.
        self._signin_idle = QTimer(self)
        self._signin_idle.setSingleShot(True)
        self._signin_idle.setInterval(max(1, ctx.signin_idle_seconds) * 1000)
        self._signin_idle.timeout.connect(self._on_signin_idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        ctx.theme.changed.connect(self._apply_style)
        self._apply_style()
        self.retranslate()
        self._show_signed_out()

    # Signing in and out -------------------------------------------------------------------

    @property
    def current(self) -> str:
        widget = self.stack.currentWidget()
        return next(name for name, page in self.pages.items() if page is widget)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.keyboard is not None:
            QTimer.singleShot(0, self.keyboard.prepare)  # once the area is on screen
        self._arm_signin_idle()

    def hideEvent(self, event: QHideEvent) -> None:
        self._signin_idle.stop()
        super().hideEvent(event)

    def _arm_signin_idle(self) -> None:
        if self.embedded and self.ctx.who is None and self.isVisible():
            self._signin_idle.start()
        else:
            self._signin_idle.stop()

    def _on_signin_idle(self) -> None:
        if self.ctx.who is None and self.isVisible():
            self.signin.reset()
            self.leave.emit()

    def start(self) -> None:
        """Show the sign-in page with fresh names (when the area is opened)."""
        if self.embedded:
            self.message_bar.hide()  # "signed out for idleness (name)" was for that officer, not whoever opens it now
        self._show_signed_out()
        self.signin.refresh()

    def _on_signin_signed_in(self, session: StaffSession) -> None:
        self.ctx.who = session
        self.who.setText(f"{session.name} · {ROLE_TH.get(session.role.value, session.role.value)}")
        self.who.show()
        for name in OFFICER_PAGES:
            self.tabs[name].show()
        for name in SUPERVISOR_PAGES:
            self.tabs[name].setVisible(session.is_supervisor)
        self.exit_kiosk_button.setVisible(self.embedded and session.is_supervisor)
        self.sign_out_button.show()
        self.message_bar.hide()
        self._idle.start()
        self._signin_idle.stop()
        self.load_services()
        self.show_page("queue")
        self.signed_in.emit(session)

    def _make_keyboard(self) -> QWidget:
        from ui.widgets import keyboard

        return keyboard.shared()  # the citizen's panel, lent: a second panel would leave theirs dead

    def sign_out(self, reason: str = "manual") -> None:
        who = self.ctx.who
        if who is None:
            return
        self.ctx.who = None
        self.signin.run(Op(officers.sign_out, self.ctx.app, who, reason=reason))
        for panel in (self.outcome_panel, self.complete_panel, self.correction_panel):
            panel.hide()
        self._show_signed_out()
        if reason == "idle":
            self.show_message(f"ออกจากระบบอัตโนมัติแล้ว เพราะไม่มีการใช้งาน ({who.name})", False)
        else:
            self.message_bar.hide()  # the last officer's messages are not for whoever signs in next
        self.signed_out.emit(reason)
        self.signin.refresh()

    def _on_exit_kiosk_clicked(self) -> None:
        if self._exit_armed.isActive():
            if time.monotonic() - self._exit_armed_at < tapguard.QUIET_S:
                return  # the second tap of a double tap is not the second, deliberate tap
            self._disarm_exit()
            self.exit_kiosk.emit()
            return
        self.exit_kiosk_button.setText("แตะอีกครั้งเพื่อปิดตู้บริการ")
        self._exit_armed.start()
        self._exit_armed_at = time.monotonic()

    def _disarm_exit(self) -> None:
        self._exit_armed.stop()
        self.exit_kiosk_button.setText("ออกจากโหมดตู้บริการ")

    def _show_signed_out(self) -> None:
        self._disarm_exit()
        self._idle.stop()
        for tab in self.tabs.values():
            tab.hide()
        self.who.hide()
        self.sign_out_button.hide()
        self.exit_kiosk_button.hide()
        self.signin.reset()
        self.stack.setCurrentWidget(self.signin)
        self._arm_signin_idle()

    def show_page(self, name: str) -> None:
        who = self.ctx.who
        if who is None or (name in SUPERVISOR_PAGES and not who.is_supervisor):
            return
        page = self.pages[name]
        self.stack.setCurrentWidget(page)
        for tab_name, tab in self.tabs.items():
            tab.setChecked(tab_name == name)
        page.refresh()

    def load_services(self) -> None:
        self.signin.run(Op(catalogue.services, self.ctx.app), self._on_services)

    def _on_services(self, services: list[ServiceEntry]) -> None:
        pairs = [(s.code, s.name_th) for s in services]
        self.day.set_services(pairs)
        self.correction_panel.set_services(pairs)

    # Between pages ------------------------------------------------------------------------

    def _on_outcome_recorded(self, record: VisitRecord) -> None:
        self.queue.outcome_recorded(record)

    def _on_register_changed(self, _what: object) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, StaffPage):
            page.refresh()

    # The ID-card reader --------------------------------------------------------------------

    def _on_card_reader_state_changed(self, th: str, en: str) -> None:
        self.card_state.setText(f"เครื่องอ่านบัตร: {th or 'กำลังตรวจ…'}")
        self.card_state.setToolTip(en)

    def _open_card_panel(self) -> CompletePanel | CorrectionPanel | None:
        return next((p for p in (self.complete_panel, self.correction_panel) if p.isVisible()), None)

    def _on_card_reader_card_read(self, card: CardIdentity) -> None:
        panel = self._open_card_panel()
        if panel is not None:
            panel.take_card(card)

    def _on_card_reader_failed(self, error: CardError) -> None:
        panel = self._open_card_panel()
        if panel is not None:
            show_status(panel.error, f"อ่านบัตรไม่ได้: {error.th}", "error", error=error)

    def show_kiosk_alert(self, text: str) -> None:
        """The kiosk's alert for staff, in Thai, for as long as it stands ("" when it is cleared)."""
        self.alert.setText(text)
        self.alert_bar.setVisible(bool(text))

    def show_message(self, text: str, error: bool) -> None:
        self.message.setText(text)
        self.message_bar.setProperty("error", error)
        self.message_bar.style().unpolish(self.message_bar)
        self.message_bar.style().polish(self.message_bar)
        self.message_bar.show()

    # Idle sign-out ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in _INPUT_EVENTS
            and (self._idle.isActive() or self._signin_idle.isActive())
            and isinstance(watched, QWidget)
            and (watched is self or self.isAncestorOf(watched))
        ):
            timer = self._idle if self._idle.isActive() else self._signin_idle
            timer.start()
        return False

    @property
    def idle_remaining_ms(self) -> int:
        return self._idle.remainingTime() if self._idle.isActive() else -1

    # Look ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        station = self.ctx.app.station
        self.title.setText(f"ส่วนเจ้าหน้าที่ · {station.centre_name}")
        self.sign_out_button.setText("ออกจากระบบ")
        self.exit_kiosk_button.setText("ออกจากโหมดตู้บริการ")
        for name, tab in self.tabs.items():
            tab.setText(PAGE_TH[name])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _apply_style(self) -> None:
        self.setStyleSheet(staff_style(self.ctx.theme))
