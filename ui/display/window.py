"""The waiting room's "now serving" screen: the number called, where, the last calls and who waits.

Sizes are for a 1920×1080 screen and scale with the window. From 5 m a letter needs about
4 cm of height; on a 43-inch full-HD TV (0.5 mm a pixel) that is a 120 px font, so nothing a
visitor must read is smaller than 56 px and the number called is 300 px.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.board import Board, BoardCall, FeedState
from kiosk.models import CallKind, Lane
from kiosk.thai import MONTHS_TH, WEEKDAYS_TH, be_year
from ui.theme import FONT_FAMILY

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FLASH_MS = 400
FLASHES = 8  # a new call blinks its panel for about three seconds

NAVY = "#17375e"
GOLD = "#f2b705"
CREAM = "#f3f0e8"
INK = "#14202b"
MUTED = "#46525e"

LANE_NAMES = {
    Lane.NORMAL: ("คิวทั่วไป", "General"),
    Lane.PRIORITY: ("คิวพิเศษ", "Priority"),
}


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    """``widget`` with its object name: the style sheet and the tests find it by that."""
    widget.setObjectName(name)
    return widget


def _stylesheet(scale: float) -> str:
    def px(n: float) -> int:
        return max(1, round(n * scale))

    return f"""
    QWidget#board {{ background: {CREAM}; }}
    QLabel {{ color: {INK}; font-family: "{FONT_FAMILY}"; }}
    QFrame#header {{ background: {NAVY}; }}
    QFrame#header QLabel {{ color: #ffffff; }}
    QLabel#centre {{ font-size: {px(60)}px; font-weight: 700; }}
    QLabel#subtitle {{ font-size: {px(34)}px; color: #d7e3f2; }}
    QLabel#date {{ font-size: {px(40)}px; }}
    QLabel#clock {{ font-size: {px(76)}px; font-weight: 700; }}
    QFrame#serving {{ background: #ffffff; border: {px(6)}px solid {NAVY}; border-radius: {px(28)}px; }}
    QFrame#serving[flash="true"] {{ background: {GOLD}; }}
    QLabel#serving_caption {{ font-size: {px(58)}px; font-weight: 700; color: {NAVY}; }}
    QLabel#ticket {{ font-size: {px(270)}px; font-weight: 800; color: {NAVY}; }}
    QLabel#desk {{ font-size: {px(84)}px; font-weight: 700; }}
    QLabel#desk_en {{ font-size: {px(52)}px; font-weight: 600; }}
    QLabel#officer {{ font-size: {px(46)}px; color: {MUTED}; }}
    QFrame#recent {{ background: #ffffff; border-radius: {px(28)}px; }}
    QLabel#recent_caption {{ font-size: {px(52)}px; font-weight: 700; color: {NAVY}; }}
    QLabel[role="recent_ticket"] {{ font-size: {px(80)}px; font-weight: 800; }}
    QLabel[role="recent_where"] {{ font-size: {px(44)}px; }}
    QLabel[role="recent_where"][kind="no_show"] {{ color: {MUTED}; }}
    QLabel[role="recent_time"] {{ font-size: {px(40)}px; color: {MUTED}; }}
    QLabel#recent_empty {{ font-size: {px(48)}px; color: {MUTED}; }}
    QFrame#footer {{ background: {NAVY}; }}
    QFrame#footer QLabel {{ color: #ffffff; }}
    QLabel[role="lane"] {{ font-size: {px(56)}px; font-weight: 700; }}
    QLabel[role="lane_en"] {{ font-size: {px(32)}px; color: #d7e3f2; }}
    QLabel#connection {{ background: {GOLD}; color: {INK}; font-size: {px(56)}px; font-weight: 700;
        padding: {px(10)}px; }}
    QLabel#sound_note {{ font-size: {px(24)}px; color: {MUTED}; }}
    """


class BoardWindow(QWidget):
    """The display's one window; it only shows what it is given (``show_board``, ``set_state``).

    Signals: none (nothing on it is touched).
    """

    def __init__(
        self,
        *,
        zone: ZoneInfo,
        english: bool = True,
        recent: int = 5,
        clock: Callable[[], dt.datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("board")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle("กำลังให้บริการ · Now serving")
        self._zone = zone
        self._english = english
        self._recent_rows = recent
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._board: Board | None = None
        self._state = FeedState.CONNECTING
        self._centre_fallback = ""
        self._flashes_left = 0
        self._scale = 1.0

        outer = QVBoxLayout(self)
        # The window keeps the screen's size whatever the texts want: they are sized to fit it.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        self.connection = _named(QLabel(), "connection")
        self.connection.setAlignment(Qt.AlignmentFlag.AlignCenter)
        header = _named(QFrame(), "header")
        head = QHBoxLayout(header)
        titles = QVBoxLayout()
        self.centre = _named(QLabel(), "centre")
        self.subtitle = _named(QLabel(), "subtitle")
        titles.addWidget(self.centre)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        when = QVBoxLayout()
        self.date = _named(QLabel(), "date")
        self.date.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock = _named(QLabel(), "clock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        when.addWidget(self.clock)
        when.addWidget(self.date)
        head.addLayout(when)
        outer.addWidget(header)
        self._header = header
        outer.addWidget(self.connection)

        body = QHBoxLayout()
        self._body = body
        outer.addLayout(body, 1)

        self.serving = _named(QFrame(), "serving")
        self.serving.setProperty("flash", False)
        serve = QVBoxLayout(self.serving)
        self.serving_caption = _named(QLabel(), "serving_caption")
        self.serving_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ticket = _named(QLabel("–"), "ticket")
        self.ticket.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.desk = _named(QLabel(), "desk")
        self.desk.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.desk_en = _named(QLabel(), "desk_en")
        self.desk_en.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.officer = _named(QLabel(), "officer")
        self.officer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        serve.addWidget(self.serving_caption)
        serve.addStretch(1)
        serve.addWidget(self.ticket)
        serve.addWidget(self.desk)
        serve.addWidget(self.desk_en)
        serve.addWidget(self.officer)
        serve.addStretch(1)
        body.addWidget(self.serving, 5)

        recent_box = _named(QFrame(), "recent")
        self._recent_box = recent_box
        rec = QVBoxLayout(recent_box)
        self.recent_caption = _named(QLabel(), "recent_caption")
        rec.addWidget(self.recent_caption)
        grid = QGridLayout()
        self.recent_tickets: list[QLabel] = []
        self.recent_where: list[QLabel] = []
        self.recent_times: list[QLabel] = []
        for row in range(recent):
            t = _named(QLabel(), f"recent_ticket_{row}")
            t.setProperty("role", "recent_ticket")
            w = _named(QLabel(), f"recent_where_{row}")
            w.setProperty("role", "recent_where")
            w.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            h = _named(QLabel(), f"recent_time_{row}")
            h.setProperty("role", "recent_time")
            h.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(t, row, 0)
            grid.addWidget(w, row, 1)
            grid.addWidget(h, row, 2)
            self.recent_tickets.append(t)
            self.recent_where.append(w)
            self.recent_times.append(h)
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(24)
        rec.addLayout(grid)
        self.recent_empty = _named(QLabel(), "recent_empty")
        self.recent_empty.setWordWrap(True)
        rec.addWidget(self.recent_empty)
        rec.addStretch(1)
        self.sound_note = _named(QLabel(), "sound_note")
        self.sound_note.setWordWrap(True)
        self.sound_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.sound_note.hide()
        rec.addWidget(self.sound_note)
        body.addWidget(recent_box, 4)

        footer = _named(QFrame(), "footer")
        self._footer = footer
        foot = QHBoxLayout(footer)
        self.lanes: dict[Lane, QLabel] = {}
        self.lanes_en: dict[Lane, QLabel] = {}
        for lane in Lane:
            cell = QVBoxLayout()
            cell.setSpacing(0)
            label = _named(QLabel(), f"lane_{lane.value}")
            label.setProperty("role", "lane")
            label_en = _named(QLabel(), f"lane_en_{lane.value}")
            label_en.setProperty("role", "lane_en")
            cell.addWidget(label)
            cell.addWidget(label_en)
            foot.addLayout(cell, 1)
            self.lanes[lane] = label
            self.lanes_en[lane] = label_en
        outer.addWidget(footer)

        for label in (self.centre, self.subtitle, self.desk, self.desk_en, self.officer, self.connection, self.ticket):
            # Long names shrink or wrap inside the screen instead of widening the window.
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)
        self._clock_timer.timeout.connect(self._on_clock_timeout)
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._on_flash_timeout)
        self._apply_scale(1920, 1080)
        self.retranslate()

    # What the feed gives -----------------------------------------------------------------

    def set_centre(self, name: str, district: str = "") -> None:
        """The centre's name to show before the first board arrives."""
        self._centre_fallback = name
        self._district_fallback = district
        self._show_titles()

    def show_board(self, board: Board) -> None:
        self._board = board
        self._show_titles()
        self._show_serving()
        self._show_recent()
        self._show_lanes()

    def set_state(self, state: FeedState, detail: str = "") -> None:
        self._state = state
        self.connection.setVisible(state is FeedState.CONNECTING)
        self.connection.setToolTip(detail)

    def set_sound_note(self, problem: str) -> None:
        """A small note for staff when the calls cannot be heard; empty hides it.

        The waiting room reads this screen: the device's own message stays in the tooltip and the
        log (``kiosk.announce``), the note only tells staff where to look.
        """
        self.sound_note.setText("เสียงประกาศใช้ไม่ได้ เจ้าหน้าที่โปรดตรวจลำโพง / no sound" if problem else "")
        self.sound_note.setToolTip(problem)
        self.sound_note.setVisible(bool(problem))

    def flash(self) -> None:
        """Blink the serving panel: a new number is called."""
        self._flashes_left = FLASHES
        self._flash_timer.start()

    # Texts ---------------------------------------------------------------------------------

    def _both(self, th: str, en: str, sep: str = "  ") -> str:
        return f"{th}{sep}{en}" if self._english and en else th

    def retranslate(self) -> None:
        self.serving_caption.setText(self._both("กำลังให้บริการ", "Now serving"))
        self.recent_caption.setText(self._both("เรียกล่าสุด", "Recently called"))
        self.connection.setText(self._both("กำลังเชื่อมต่อ…", "Connecting…", "   ·   "))
        self.recent_empty.setText(self._both("ยังไม่มีการเรียกคิววันนี้", "No calls yet today", "\n"))
        self._show_titles()
        self.set_state(self._state)
        if self._board is not None:
            self.show_board(self._board)
        else:
            self._show_serving()
            self._show_recent()
            self._show_lanes()
        self._on_clock_timeout()

    def _show_titles(self) -> None:
        board = self._board
        centre = board.centre_name if board else self._centre_fallback
        district = board.district if board else getattr(self, "_district_fallback", "")
        self.centre.setText(centre or "ศูนย์ดำรงธรรม")
        where = f"อำเภอ{district}" if district and district not in centre else ""
        point = "จุดให้บริการ e-Service" + (f" · {where}" if where else "")
        self.subtitle.setText(self._both(point, "Damrongdhama Center e-Service", "  ·  "))

    def _where(self, call: BoardCall) -> str:
        if call.kind is CallKind.NO_SHOW:
            return self._both("ไม่มาแสดงตน", "no-show", " · ")
        if call.desk:
            return self._both(f"ช่อง {call.desk}", f"Counter {call.desk}", " · ")
        return self._both("โต๊ะบริการ", "desk", " · ")

    def _show_serving(self) -> None:
        board = self._board
        current = board.serving[0] if board and board.serving else None
        self.desk_en.setVisible(self._english)
        if current is None:
            self.ticket.setText("–")
            self.desk.setText("รอเรียกคิวถัดไป")
            self.desk_en.setText("Waiting for the next call")
            self.officer.setText("")
            return
        self.ticket.setText(current.ticket)
        if current.desk:
            self.desk.setText(f"เชิญที่ช่องบริการ {current.desk}")
            self.desk_en.setText(f"Please go to counter {current.desk}")
        else:
            self.desk.setText("เชิญที่โต๊ะบริการ")
            self.desk_en.setText("Please go to the service desk")
        self.officer.setText(f"เจ้าหน้าที่ {current.officer}" if current.officer else "")

    def _show_recent(self) -> None:
        board = self._board
        calls = list(board.recent[: self._recent_rows]) if board else []
        for row, (t, w) in enumerate(zip(self.recent_tickets, self.recent_where, strict=True)):
            for label in (t, w, self.recent_times[row]):
                label.setVisible(row < len(calls))
            if row < len(calls):
                call = calls[row]
                t.setText(call.ticket)
                w.setText(self._where(call))
                self.recent_times[row].setText(f"{call.at.astimezone(self._zone):%H:%M}")
                w.setProperty("kind", call.kind.value)
                w.style().unpolish(w)
                w.style().polish(w)
            else:
                t.setText("")
                w.setText("")
                self.recent_times[row].setText("")
        self.recent_empty.setVisible(not calls)

    def _show_lanes(self) -> None:
        counts = {c.lane: c.waiting for c in self._board.waiting} if self._board else {}
        for lane, label in self.lanes.items():
            th, en = LANE_NAMES[lane]
            n = counts.get(lane)
            shown = "–" if n is None else str(n)
            label.setText(f"{th} ({lane.value})  รอ {shown} คน")
            self.lanes_en[lane].setText(f"{en} queue: {shown} waiting")
            self.lanes_en[lane].setVisible(self._english)

    # Clock and flashing -----------------------------------------------------------------

    def _on_clock_timeout(self) -> None:
        now = self._clock().astimezone(self._zone)
        weekday = WEEKDAYS_TH[now.weekday()]
        thai = f"วัน{weekday}ที่ {now.day} {MONTHS_TH[now.month - 1]} พ.ศ. {be_year(now.year)}"
        english = f"{now:%a} {now.day} {MONTHS_EN[now.month - 1]} {now.year}"
        if self._english:  # the English date smaller, after the Thai one
            small = max(1, round(30 * self._scale))
            self.date.setText(f'{thai}&nbsp;&nbsp;<span style="font-size:{small}px; color:#d7e3f2">{english}</span>')
        else:
            self.date.setText(thai)
        self.clock.setText(f"{now:%H:%M} น.")

    def _on_flash_timeout(self) -> None:
        self._flashes_left -= 1
        on = self._flashes_left > 0 and self._flashes_left % 2 == 1
        self.serving.setProperty("flash", on)
        self.serving.style().unpolish(self.serving)
        self.serving.style().polish(self.serving)
        if self._flashes_left <= 0:
            self._flash_timer.stop()

    # Size ----------------------------------------------------------------------------------

    def _apply_scale(self, width: int, height: int) -> None:
        scale = min(width / 1920, height / 1080)
        self._scale = scale
        self.setStyleSheet(_stylesheet(scale))
        m = max(8, round(28 * scale))
        self._body.setContentsMargins(m, m, m, m)
        self._body.setSpacing(m)
        for frame in (self._header, self._footer):
            layout = frame.layout()
            if layout is not None:
                layout.setContentsMargins(m, round(m * 0.6), m, round(m * 0.6))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._apply_scale(event.size().width(), event.size().height())
        self._on_clock_timeout()
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self._on_clock_timeout()
        self._clock_timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._clock_timer.stop()
        super().hideEvent(event)
