"""What the staff pages share: the application context, a denser style, progress from workers, messages."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.context import Job
from kiosk.errors import thai_message
from kiosk.models import IdMethod, VisitStatus
from kiosk.thai import format_date, format_time
from ui.resources import icon_file
from ui.tasks import Op, TaskManager
from ui.theme import Theme
from ui.widgets.thailabel import ThaiLabel

if TYPE_CHECKING:
    from kiosk.app import Context
    from kiosk.register import VisitRecord
    from kiosk.staff import StaffSession
    from ui.card_reader import CardReader

T = TypeVar("T")

log = logging.getLogger(__name__)

MIN_BUTTON_PX = 48  # touch targets stay at least this high whatever the window's scale

STATUS_TH = {
    VisitStatus.WAITING: "รอเรียก",
    VisitStatus.CALLED: "เรียกแล้ว",
    VisitStatus.SERVING: "กำลังให้บริการ",
    VisitStatus.DONE: "เสร็จสิ้น",
    VisitStatus.NO_SHOW: "ไม่มาตามเรียก",
}
OUTCOME_TH = {
    "success": "สำเร็จ",
    "failed": "ไม่สำเร็จ",
    "referred": "ส่งต่อ",
    "no_show": "ไม่มาตามเรียก",
    "open": "ยังไม่เสร็จ",
}


@dataclass
class StaffContext:
    """Everything a staff page needs, given by the composition root (the kiosk or ``kiosk desk``).

    ``app`` is the register's context that the operations of :mod:`kiosk.app` run with; the
    printer is in it, owned by the slips, and no page holds it.
    """

    app: Context
    tasks: TaskManager
    theme: Theme
    export_dir: Path = field(default_factory=Path.cwd)
    idle_seconds: int = 300
    signin_idle_seconds: int = 45  # over the kiosk, the sign-in page (officers' names) closes when left alone
    who: StaffSession | None = None  # the officer signed in
    card_reader: CardReader | None = None  # the ID-card reader, when this machine has one

    @property
    def zone(self) -> dt.tzinfo:
        return self.app.station.zone

    def local(self, moment: dt.datetime | None) -> str:
        """``14:05 น.`` in the station's zone, or a dash."""
        return format_time(moment.astimezone(self.zone)) if moment else "–"

    def local_datetime(self, moment: dt.datetime | None) -> str:
        if moment is None:
            return "–"
        local = moment.astimezone(self.zone)
        return f"{format_date(local.date(), short=True)} {format_time(local)}"


def describe(error: BaseException) -> str:
    """A message for staff, in Thai; the precise English of the error goes to the log."""
    log.info("shown to staff: %s", error, exc_info=error if not getattr(error, "th", "") else None)
    return thai_message(error)


def shown_name(visit: VisitRecord) -> str:
    """The visitor's name, or what the kiosk knows instead: a ThaID user (the name is on the app, for the
    officer to fill in), a name left to the officer, or none (erased after the retention period)."""
    if visit.full_name:
        return visit.full_name
    if visit.purged:
        return "(ลบข้อมูลแล้ว)"
    if visit.id_method is IdMethod.THAID:
        return "ผู้ใช้ ThaID"
    return "(รอเจ้าหน้าที่กรอกชื่อ)" if visit.needs_completion else "(ไม่ระบุชื่อ)"


def visit_line(visit: VisitRecord) -> str:
    """``P001 · ผู้สูงอายุ · ตรวจสอบสิทธิ… · มาลี บุญมา``"""
    name = shown_name(visit)
    return " · ".join(part for part in (visit.ticket or "—", visit.group.label_th, visit.service_name_th, name) if part)


class Relay(QObject):
    """Carries progress from a worker to the main thread (a signal emitted off the UI thread is queued).

    Signals:
        fraction(float): 0…1 done.
    """

    fraction = Signal(float)


class StaffPage(QWidget):
    """A page of the staff area: built in ``__init__``, text set in ``retranslate()``, data loaded by ``refresh()``.

    Signals:
        message(str, bool): a line for the message bar; True when it reports a failure.
        changed(): the page changed the register (other pages may refresh).
    """

    message = Signal(str, bool)
    changed = Signal()

    def __init__(self, ctx: StaffContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setProperty("role", "staff-page")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.outer = QVBoxLayout(self)
        px = ctx.theme.px
        self.outer.setContentsMargins(px(24), px(16), px(24), px(16))
        self.outer.setSpacing(px(14))

    def run(
        self,
        op: Op[T],
        on_success: Callable[[T], None] | None = None,
        *,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """``op`` on the worker of its kind; errors go to the message bar unless ``on_failure`` takes them."""
        if on_success is not None:
            op.success(on_success)
        op.failure(on_failure or self.fail).run(self.ctx.tasks)

    def fail(self, error: BaseException) -> None:
        log.warning("staff action failed: %s", error, exc_info=error)
        self.message.emit(describe(error), True)

    def say(self, text: str) -> None:
        self.message.emit(text, False)

    def refresh(self) -> None:
        """Load the page's data on the database worker, then show it."""

    def retranslate(self) -> None:
        """Set every visible string again."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class SourceChoice(QWidget):
    """Whose register a supervisor's export or report reads: this station's, or the district hub's.

    The district choice is enabled only when the configuration has a hub URL to read (``$KIOSK_DISTRICT_URL``).

    Signals:
        changed(): the choice changed.
    """

    changed = Signal()

    def __init__(self, *, available: bool, spacing: int = 24) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.setSpacing(spacing)
        self.local = QRadioButton()
        self.local.setObjectName("source-local")
        self.district = QRadioButton()
        self.district.setObjectName("source-district")
        self.group = QButtonGroup(self)
        for radio in (self.local, self.district):
            self.group.addButton(radio)
            buttons.addWidget(radio)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.hint = heading(role="staff-muted")
        self.hint.setObjectName("source-hint")
        layout.addWidget(self.hint)
        self.local.setChecked(True)
        self.district.setEnabled(available)
        self.hint.setVisible(not available)
        self.district.toggled.connect(lambda _on: self.changed.emit())
        self.retranslate()

    def retranslate(self) -> None:
        self.local.setText("เฉพาะจุดบริการนี้")
        self.district.setText("ทั้งอำเภอ (จากฐานข้อมูลอำเภอ)")
        self.hint.setText("อ่านข้อมูลทั้งอำเภอได้เมื่อผู้ดูแลระบบตั้งค่าที่อยู่ฐานข้อมูลอำเภอให้เครื่องนี้แล้ว")

    def is_district(self) -> bool:
        return self.district.isEnabled() and self.district.isChecked()


def button(text: str = "", *, role: str = "", checkable: bool = False) -> QPushButton:
    b = QPushButton(text)
    if role:
        b.setProperty("role", role)
    b.setCheckable(checkable)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    return b


def heading(text: str = "", role: str = "staff-heading") -> QLabel:
    label = ThaiLabel(text)
    label.setProperty("role", role)
    label.setWordWrap(True)
    return label


STATUS_ROLES = {"error": "staff-error", "done": "staff-success", "busy": "staff-muted"}


def show_status(label: QLabel, text: str, kind: str, *, error: BaseException | None = None) -> None:
    """Say how an action went, in its colour: ``done`` in the theme's success colour, ``error`` in its error
    colour, ``busy`` (working…, cancelled) muted. An ``error``'s English detail is only a tooltip, for a
    technician with a mouse; staff read the Thai."""
    label.setToolTip(str(getattr(error, "en", "") or error or "") if error is not None else "")
    label.setProperty("role", STATUS_ROLES[kind])
    label.style().unpolish(label)
    label.style().polish(label)
    label.setText(text)


def card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setProperty("role", "staff-card")
    layout = QVBoxLayout(frame)
    return frame, layout


def row(*widgets: QWidget, stretch_at: int | None = None) -> QHBoxLayout:
    layout = QHBoxLayout()
    for i, w in enumerate(widgets):
        layout.addWidget(w, 1 if i == stretch_at else 0)
    if stretch_at is None:
        layout.addStretch(1)
    return layout


def staff_style(theme: Theme) -> str:
    """Denser than the citizen's screens (staff read at arm's length) but every button ≥ 48 px high."""
    p = theme.palette
    px = theme.px
    f = theme.font_px

    def touch(design: int) -> int:
        return max(MIN_BUTTON_PX, px(design))

    border = px(3) if theme.high_contrast else max(1, px(2))
    # A combo box's drop-down: a whole arrow as tall as a capital letter, in a box of its own at the right.
    arrow = max(16, f(26))
    arrow_box = max(40, arrow + px(28))
    return f"""
QWidget[role="staff"], QWidget[role="staff-page"] {{ background: {p.window}; color: {p.text}; }}
QWidget[role="staff"] QLabel {{ font-size: {max(16, f(24))}px; }}
QWidget[role="staff"] QLabel[role="staff-title"] {{ font-size: {max(20, f(34))}px; font-weight: 700; }}
QWidget[role="staff"] QLabel[role="staff-heading"] {{ font-size: {max(18, f(28))}px; font-weight: 700; }}
QWidget[role="staff"] QLabel[role="staff-big"] {{ font-size: {max(28, f(60))}px; font-weight: 700;
    color: {p.primary}; }}
QWidget[role="staff"] QLabel[role="staff-muted"] {{ font-size: {max(15, f(22))}px; color: {p.muted}; }}
QWidget[role="staff"] QLabel[role="staff-error"] {{ font-size: {max(16, f(24))}px; color: {p.error};
    font-weight: 600; }}
QWidget[role="staff"] QLabel[role="staff-success"] {{ font-size: {max(16, f(24))}px; color: {p.success};
    font-weight: 600; }}
QWidget[role="staff"] QLabel[role="staff-locked"] {{ font-size: {max(18, f(30))}px; color: {p.error}; font-weight: 700;
    background: {p.error_bg}; border: {border}px solid {p.error}; border-radius: {px(10)}px; padding: {px(12)}px; }}
QWidget[role="staff"] QFrame[role="staff-card"] {{ background: {p.card}; border: {border}px solid {p.border};
    border-radius: {px(14)}px; }}
QWidget[role="staff"] QFrame[role="overlay"] {{ background: rgba(0, 0, 0, 170); }}
QWidget[role="staff"] QFrame[role="card"] {{ background: {p.card}; border: {border}px solid {p.border};
    border-radius: {px(18)}px; }}
QWidget[role="staff"] QScrollArea, QWidget[role="staff"] QScrollArea > QWidget > QWidget {{ background: transparent;
    border: none; }}
QWidget[role="staff"] QFrame[role="staff-topbar"] {{ background: {p.primary}; }}
QWidget[role="staff"] QFrame[role="staff-topbar"] QLabel {{ color: {p.on_primary}; }}
QWidget[role="staff"] QFrame[role="staff-message"] {{ background: {p.pressed};
    border-bottom: {border}px solid {p.border}; }}
QWidget[role="staff"] QFrame[role="staff-message"][error="true"] {{ background: {p.error_bg}; }}
QWidget[role="staff"] QFrame[role="staff-message"][error="true"] QLabel {{ color: {p.error}; }}
QWidget[role="staff"] QPushButton {{ font-size: {max(16, f(24))}px; font-weight: 600; min-height: {touch(60)}px;
    padding: {px(4)}px {px(18)}px; border-radius: {px(10)}px; background: {p.card}; color: {p.primary};
    border: {border}px solid {p.border}; }}
QWidget[role="staff"] QPushButton:disabled {{ background: {p.disabled_bg}; color: {p.disabled_text};
    border-color: {p.disabled_text}; border-style: dashed; }}
QWidget[role="staff"] QPushButton:checked {{ background: {p.primary}; color: {p.on_primary}; }}
QWidget[role="staff"] QPushButton[role="primary"] {{ background: {p.primary}; color: {p.on_primary}; }}
QWidget[role="staff"] QPushButton[role="confirm"] {{ background: {p.confirm}; color: {p.on_confirm};
    border-color: {p.confirm}; }}
QWidget[role="staff"] QPushButton[role="danger"] {{ color: {p.error}; border-color: {p.error}; }}
QWidget[role="staff"] QPushButton[role="primary"]:disabled, QWidget[role="staff"] QPushButton[role="confirm"]:disabled,
QWidget[role="staff"] QPushButton[role="danger"]:disabled, QWidget[role="staff"] QPushButton[role="big"]:disabled {{
    background: {p.disabled_bg}; color: {p.disabled_text}; border-color: {p.disabled_text}; border-style: dashed; }}
QWidget[role="staff"] QPushButton[role="big"] {{ font-size: {max(20, f(34))}px; font-weight: 700;
    min-height: {touch(96)}px;
    background: {p.primary}; color: {p.on_primary}; }}
QWidget[role="staff"] QPushButton[role="tab"] {{ min-height: {touch(64)}px; border-radius: 0;
    border-width: 0 0 {px(5)}px 0;
    border-color: transparent; background: transparent; color: {p.on_primary}; }}
QWidget[role="staff"] QPushButton[role="tab"]:checked {{ border-color: {p.warning_bg};
    background: rgba(255,255,255,40); }}
QWidget[role="staff"] QPushButton[role="key"] {{ font-size: {max(20, f(36))}px; min-height: {touch(84)}px;
    min-width: {touch(110)}px; }}
QWidget[role="staff"] QLineEdit, QWidget[role="staff"] QComboBox, QWidget[role="staff"] QDateEdit,
QWidget[role="staff"] QSpinBox, QWidget[role="staff"] QDoubleSpinBox {{
    font-size: {max(16, f(24))}px; min-height: {touch(56)}px; padding: 0 {px(10)}px;
    background: {p.card}; color: {p.text}; border: {border}px solid {p.border}; border-radius: {px(8)}px; }}
QWidget[role="staff"] QLineEdit[invalid="true"] {{ border-color: {p.error}; background: {p.error_bg}; }}
QWidget[role="staff"] QComboBox, QWidget[role="staff"] QDateEdit, QWidget[role="staff"] QSpinBox,
QWidget[role="staff"] QDoubleSpinBox {{ padding-right: {arrow_box + px(10)}px; }}
QWidget[role="staff"] QComboBox::drop-down, QWidget[role="staff"] QDateEdit::drop-down {{ subcontrol-origin: border;
    subcontrol-position: top right; width: {arrow_box}px; border: none; border-left: {border}px solid {p.border}; }}
QWidget[role="staff"] QAbstractSpinBox::up-button, QWidget[role="staff"] QAbstractSpinBox::down-button {{
    subcontrol-origin: border; width: {arrow_box}px; border: none; border-left: {border}px solid {p.border}; }}
QWidget[role="staff"] QAbstractSpinBox::up-button {{ subcontrol-position: top right; }}
QWidget[role="staff"] QAbstractSpinBox::down-button {{ subcontrol-position: bottom right;
    border-top: {border}px solid {p.border}; }}
QWidget[role="staff"] QComboBox::down-arrow, QWidget[role="staff"] QDateEdit::down-arrow,
QWidget[role="staff"] QAbstractSpinBox::down-arrow {{ image: url("{icon_file("chevron-down", p.text)}");
    width: {arrow}px; height: {arrow}px; }}
QWidget[role="staff"] QAbstractSpinBox::up-arrow {{ image: url("{icon_file("chevron-up", p.text)}");
    width: {arrow}px; height: {arrow}px; }}
QWidget[role="staff"] QComboBox::down-arrow:disabled, QWidget[role="staff"] QDateEdit::down-arrow:disabled,
QWidget[role="staff"] QAbstractSpinBox::down-arrow:disabled {{
    image: url("{icon_file("chevron-down", p.disabled_text)}"); }}
QWidget[role="staff"] QAbstractSpinBox::up-arrow:disabled {{
    image: url("{icon_file("chevron-up", p.disabled_text)}"); }}
QWidget[role="staff"] QCalendarWidget {{ min-width: {touch(660)}px; min-height: {touch(420)}px; }}
QWidget[role="staff"] QCalendarWidget QAbstractItemView {{ font-size: {max(16, f(24))}px;
    selection-background-color: {p.primary}; selection-color: {p.on_primary}; }}
QWidget[role="staff"] QCalendarWidget QToolButton {{ font-size: {max(16, f(24))}px; min-height: {touch(48)}px;
    min-width: {touch(48)}px; color: {p.on_primary}; }}
QWidget[role="staff"] QComboBox QAbstractItemView {{ font-size: {max(16, f(24))}px; }}
QWidget[role="staff"] QCheckBox, QWidget[role="staff"] QRadioButton {{ font-size: {max(16, f(24))}px;
    spacing: {px(12)}px; min-height: {touch(48)}px; }}
QWidget[role="staff"] QCheckBox::indicator, QWidget[role="staff"] QRadioButton::indicator {{
    width: {touch(36)}px; height: {touch(36)}px; }}
QWidget[role="staff"] QTableView, QWidget[role="staff"] QListWidget {{ font-size: {max(15, f(22))}px;
    background: {p.card}; color: {p.text}; border: {border}px solid {p.border}; gridline-color: {p.disabled_bg};
    selection-background-color: {p.primary}; selection-color: {p.on_primary}; }}
QWidget[role="staff"] QListWidget::item {{ min-height: {touch(52)}px; padding: {px(6)}px {px(8)}px;
    border-bottom: 1px solid {p.disabled_bg}; color: {p.text}; }}
QWidget[role="staff"] QListWidget::item:selected {{ background: {p.primary}; color: {p.on_primary}; }}
QWidget[role="staff"] QHeaderView::section {{ font-size: {max(15, f(22))}px; font-weight: 700; background: {p.pressed};
    color: {p.text}; padding: {px(6)}px; border: none; border-right: 1px solid {p.window}; }}
QWidget[role="staff"] QProgressBar {{ font-size: {max(15, f(22))}px; min-height: {touch(40)}px;
    border: {border}px solid {p.border};
    border-radius: {px(8)}px; text-align: center; background: {p.card}; }}
QWidget[role="staff"] QProgressBar::chunk {{ background: {p.confirm}; }}
QWidget[role="staff"] QScrollBar:vertical {{ width: {touch(28)}px; background: {p.window}; border: none; }}
QWidget[role="staff"] QScrollBar::handle:vertical {{ background: {p.border}; border-radius: {px(8)}px;
    min-height: {touch(48)}px; }}
QWidget[role="staff"] QScrollBar:horizontal {{ height: {touch(24)}px; background: {p.window}; border: none; }}
QWidget[role="staff"] QScrollBar::handle:horizontal {{ background: {p.border}; border-radius: {px(8)}px;
    min-width: {touch(48)}px; }}
QWidget[role="staff"] QScrollBar::add-line, QWidget[role="staff"] QScrollBar::sub-line {{ width: 0; height: 0; }}
"""


class CancellableRun(QObject):
    """A progress bar and a cancel button for one long job on a worker (export, report, sync).

    ``begin()`` shows them and returns the :class:`kiosk.app.Job` to hand to the operation: its
    progress comes back through a queued signal, the button's click cancels it; ``finish()``
    hides them again.
    """

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.relay = Relay(self)  # owned by this object in C++, never by a worker
        self.progress = QProgressBar()
        self.progress.setObjectName(f"{name}-progress")
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.cancel = button()
        self.cancel.setObjectName(f"cancel-{name}")
        self.cancel.hide()
        self._job: Job | None = None
        self.relay.fraction.connect(self._on_relay_fraction)
        self.cancel.clicked.connect(self._on_cancel_clicked)

    def begin(self) -> Job:
        job = self._job = Job(on_progress=self.relay.fraction.emit)
        self.cancel.setEnabled(True)
        self.cancel.show()
        self.progress.setValue(0)
        self.progress.show()
        return job

    def finish(self) -> None:
        self.cancel.hide()
        self.cancel.setEnabled(True)
        self.progress.hide()

    def _on_relay_fraction(self, fraction: float) -> None:
        self.progress.setValue(round(fraction * 1000))

    def _on_cancel_clicked(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.cancel.setEnabled(False)
