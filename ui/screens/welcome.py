"""The welcome screen: where and when, who is on duty, the queue, one big start button."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout

from kiosk.thai import format_date
from ui import i18n
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.button import TouchButton
from ui.widgets.icon import Icon
from ui.widgets.qr import QrCode
from ui.widgets.thailabel import ThaiLabel

if TYPE_CHECKING:
    from kiosk.app.visit import WelcomeInfo

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class WelcomeScreen(Screen):
    """The first screen, shown again after each visitor.

    Signals:
        start(): the visitor tapped the start button.
        refresh_wanted(): time to fetch the queue figures again (every 30 s while shown).
    """

    start = Signal()
    refresh_wanted = Signal()

    def __init__(
        self,
        theme: Theme,
        *,
        clock: Callable[[], dt.datetime],
        zone: ZoneInfo,
        centre_name: str,
        district: str,
        privacy_url: str,
        refresh_ms: int = 30_000,
    ) -> None:
        super().__init__(theme, title=False, nav=False)
        self._clock = clock
        self._zone = zone
        self._info: WelcomeInfo | None = None
        px = theme.px

        head = QHBoxLayout()
        names = QVBoxLayout()
        self.centre = ThaiLabel(centre_name)
        self.centre.setProperty("role", "display")
        self.centre.setWordWrap(True)
        self._district = district
        self.service_point = ThaiLabel()
        self.service_point.setProperty("role", "subtitle")
        self.service_point.setWordWrap(True)
        for w in (self.centre, self.service_point):
            names.addWidget(w)
        head.addLayout(names, 1)
        when = QVBoxLayout()
        self.time = QLabel()
        self.time.setProperty("role", "display")
        self.time.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.date = QLabel()
        self.date.setProperty("role", "subtitle")
        self.date.setAlignment(Qt.AlignmentFlag.AlignRight)
        when.addWidget(self.time)
        when.addWidget(self.date)
        head.addLayout(when)
        self.content.addLayout(head)

        middle = QHBoxLayout()
        middle.setSpacing(px(32))
        self.start_button = TouchButton(
            theme, icon="start", role="primary", icon_size=150, vertical=True, align=Qt.AlignmentFlag.AlignCenter
        )
        self.start_button.setMinimumHeight(px(380))
        self.start_button.title.setProperty("role", "display")
        self.start_button.clicked.connect(self.start)
        middle.addWidget(self.start_button, 3)

        side = QVBoxLayout()
        side.setSpacing(px(20))
        self.serving_card, self.serving_caption, self.serving_value = self._stat_card()
        self.waiting_card, self.waiting_caption, self.waiting_value = self._stat_card()
        officers_card = QFrame()
        officers_card.setProperty("role", "card")
        officers = QVBoxLayout(officers_card)
        # Tight: with large text, two or three names and the staff banner must still fit 1080 px.
        officers.setContentsMargins(px(28), px(10), px(28), px(10))
        officers.setSpacing(px(4))
        officer_head = QHBoxLayout()
        officer_head.addWidget(Icon("officer", theme, design=48))
        self.officers_caption = QLabel()
        self.officers_caption.setProperty("role", "muted")
        officer_head.addWidget(self.officers_caption, 1)
        officers.addLayout(officer_head)
        self.officers = ThaiLabel()
        self.officers.setProperty("role", "subtitle")
        self.officers.setWordWrap(True)
        officers.addWidget(self.officers)
        stats = QHBoxLayout()
        stats.setSpacing(px(20))
        stats.addWidget(self.serving_card)
        stats.addWidget(self.waiting_card)
        side.addLayout(stats)
        side.addWidget(officers_card)
        middle.addLayout(side, 2)
        self.content.addLayout(middle, 1)

        privacy = QFrame()
        privacy.setProperty("role", "card")
        row = QGridLayout(privacy)
        row.setContentsMargins(px(28), px(14), px(28), px(14))
        row.setHorizontalSpacing(px(24))
        row.addWidget(Icon("privacy", theme, design=56), 0, 0)
        self.privacy = ThaiLabel()
        self.privacy.setProperty("role", "body")
        self.privacy.setWordWrap(True)
        row.addWidget(self.privacy, 0, 1)
        row.setColumnStretch(1, 1)
        self.privacy_qr = QrCode(px(130))
        self.privacy_qr.set_text(privacy_url)
        row.addWidget(self.privacy_qr, 0, 2)
        self.content.addWidget(privacy)

        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)
        self._clock_timer.timeout.connect(self._on_clock_timeout)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(refresh_ms)
        self._refresh_timer.timeout.connect(self.refresh_wanted)
        self.retranslate()
        self._on_clock_timeout()

    def _stat_card(self) -> tuple[QFrame, QLabel, QLabel]:
        card = QFrame()
        card.setProperty("role", "card")
        box = QVBoxLayout(card)
        box.setContentsMargins(self.theme.px(24), self.theme.px(14), self.theme.px(24), self.theme.px(14))
        caption = ThaiLabel()
        caption.setProperty("role", "muted")
        caption.setWordWrap(True)
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        value = QLabel("–")
        value.setProperty("role", "count")
        value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(caption)
        box.addWidget(value)
        return card, caption, value

    def retranslate(self) -> None:
        point = self.tr("จุดให้บริการ e-Service ศูนย์บริการร่วม")
        district = self.tr("อำเภอ%1").replace("%1", self._district)
        self.service_point.setText(f"{point} · {district}" if self._district else point)
        self.start_button.set_text(self.tr("แตะที่นี่ เพื่อรับบัตรคิว"), self.tr("เลือกงานบริการที่ต้องการ"))
        self.serving_caption.setText(self.tr("กำลังให้บริการ"))
        self.waiting_caption.setText(self.tr("รอรับบริการ (คน)"))
        self.officers_caption.setText(self.tr("เจ้าหน้าที่เวรวันนี้"))
        self.privacy.setText(
            self.tr("ข้อมูลของท่านใช้เพื่อบันทึกทะเบียนผู้มารับบริการเท่านั้น สแกน QR เพื่ออ่านประกาศความเป็นส่วนตัวฉบับเต็ม")
            if self.privacy_qr.text()
            else self.tr("ข้อมูลของท่านใช้เพื่อบันทึกทะเบียนผู้มารับบริการเท่านั้น สอบถามรายละเอียดได้ที่เจ้าหน้าที่")
        )
        self._show_info()
        self._on_clock_timeout()

    def set_info(self, info: WelcomeInfo) -> None:
        self._info = info
        self._show_info()

    def _show_info(self) -> None:
        info = self._info
        if info is None:
            return
        self.serving_value.setText(info.now_serving or "–")
        self.waiting_value.setText(str(info.waiting))
        self.officers.setText("\n".join(info.duty_officers) or self.tr("สอบถามเจ้าหน้าที่ที่โต๊ะบริการ"))

    def _on_clock_timeout(self) -> None:
        now = self._clock().astimezone(self._zone)
        self.time.setText(f"{now:%H:%M}")
        if i18n.language() == "en":
            self.date.setText(f"{now.day} {MONTHS_EN[now.month - 1]} {now.year}")
        else:
            self.date.setText(self.tr("วันที่ %1").replace("%1", format_date(now.date())))

    def showEvent(self, event: QShowEvent) -> None:
        self._on_clock_timeout()
        self._clock_timer.start()
        self._refresh_timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._clock_timer.stop()
        self._refresh_timer.stop()
        super().hideEvent(event)
