"""The supervisor's duty roster: who is on duty (officer, date, shift, weekly repeat), two weeks at a time."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from kiosk.app import roster
from kiosk.roster import SHIFTS
from kiosk.thai import format_date
from ui.staff.common import StaffContext, StaffPage, button, card, heading
from ui.tasks import Op
from ui.widgets.thaidate import ThaiDateEdit
from ui.widgets.thaiinput import thai_input

if TYPE_CHECKING:
    from kiosk.app.roster import RosterView
    from kiosk.roster import ShiftEntry

DAYS = 14
WEEKDAYS_TH = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")


class RosterPage(StaffPage):
    """The next two weeks of duty and the lines of the duty order; add, end or remove a line."""

    def __init__(self, ctx: StaffContext) -> None:
        super().__init__(ctx)
        px = ctx.theme.px
        self.view: RosterView | None = None
        self.start = ctx.app.station.today()
        top = QHBoxLayout()
        self.title = heading(role="staff-title")
        self.prev_weeks = button("‹ ก่อนหน้า")
        self.next_weeks = button("ถัดไป ›")
        top.addWidget(self.title, 1)
        top.addWidget(self.prev_weeks)
        top.addWidget(self.next_weeks)
        self.outer.addLayout(top)

        body = QHBoxLayout()
        self.duties = QTableWidget(0, 3)
        self.duties.setObjectName("duties")
        self.lines = QTableWidget(0, 4)
        self.lines.setObjectName("lines")
        for table in (self.duties, self.lines):
            table.verticalHeader().hide()
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.verticalHeader().setDefaultSectionSize(max(44, px(48)))
        left, right = heading(), heading()
        self.duties_title, self.lines_title = left, right
        lbox, rbox = QVBoxLayout(), QVBoxLayout()
        lbox.addWidget(left)
        lbox.addWidget(self.duties, 1)
        rbox.addWidget(right)
        rbox.addWidget(self.lines, 1)
        line_actions = QHBoxLayout()
        self.end_line = button()
        self.remove_line = button(role="danger")
        self.remove_line.setObjectName("remove-line")
        line_actions.addWidget(self.end_line)
        line_actions.addWidget(self.remove_line)
        line_actions.addStretch(1)
        rbox.addLayout(line_actions)
        body.addLayout(lbox, 1)
        body.addLayout(rbox, 1)
        self.outer.addLayout(body, 1)

        frame, box = card()
        box.setContentsMargins(px(18), px(10), px(18), px(10))
        self.form_title = heading()
        box.addWidget(self.form_title)
        form = QHBoxLayout()
        self.officer = QComboBox()
        self.officer.setObjectName("officer")
        self.officer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.officer.setMinimumWidth(px(300))
        self.day = ThaiDateEdit(self.start)
        self.day.setObjectName("day")
        self.shift = QComboBox()
        self.shift.setObjectName("shift")
        for code, name in SHIFTS.items():
            self.shift.addItem(name, code)
        self.weekly = QCheckBox()
        self.weekly.setObjectName("weekly")
        self.order_ref = QLineEdit()
        self.order_ref.setObjectName("order-ref")
        thai_input(self.order_ref)  # the order's number, e.g. ที่ ๑๒๓/๒๕๖๙
        self.add = button(role="primary")
        self.add.setObjectName("add-shift")
        for w in (self.officer, self.day, self.shift, self.weekly, self.order_ref, self.add):
            form.addWidget(w, 1 if w is self.order_ref else 0)
        box.addLayout(form)
        self.outer.addWidget(frame)

        self.prev_weeks.clicked.connect(lambda: self._move(-DAYS))
        self.next_weeks.clicked.connect(lambda: self._move(DAYS))
        self.add.clicked.connect(self._on_add_clicked)
        self.end_line.clicked.connect(self._on_end_clicked)
        self.remove_line.clicked.connect(self._on_remove_clicked)
        self.retranslate()

    def retranslate(self) -> None:
        end = self.start + dt.timedelta(days=DAYS - 1)
        self.title.setText(f"เวรเจ้าหน้าที่ {format_date(self.start, short=True)} – {format_date(end, short=True)}")
        self.duties_title.setText("ผู้ปฏิบัติหน้าที่เวร")
        self.lines_title.setText("รายการในคำสั่งมอบหมาย")
        self.duties.setHorizontalHeaderLabels(["วันที่", "ช่วงเวลา", "เจ้าหน้าที่"])
        self.lines.setHorizontalHeaderLabels(["เจ้าหน้าที่", "เริ่ม", "ทำซ้ำ", "คำสั่งที่"])
        self.end_line.setText("สิ้นสุดเวรประจำสัปดาห์ก่อนวันนี้")
        self.remove_line.setText("ลบรายการ")
        self.form_title.setText("เพิ่มเวร")
        self.weekly.setText("ทุกสัปดาห์")
        self.order_ref.setPlaceholderText("เลขที่คำสั่งอำเภอ เช่น ที่ 123/2569")
        self.add.setText("เพิ่มเวร")

    def _move(self, days: int) -> None:
        self.start += dt.timedelta(days=days)
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        start = self.start
        self.run(Op(roster.view, self.ctx.app, start, start + dt.timedelta(days=DAYS - 1)), self.show_roster)

    def show_roster(self, view: RosterView) -> None:
        self.view = view
        self.duties.setRowCount(len(view.duties))
        for i, duty in enumerate(view.duties):
            day = f"{WEEKDAYS_TH[duty.day.weekday()]} {format_date(duty.day, short=True)}"
            for j, text in enumerate((day, SHIFTS.get(duty.shift, duty.shift), duty.officer_name)):
                self.duties.setItem(i, j, QTableWidgetItem(text))
        self.lines.setRowCount(len(view.lines))
        for i, line in enumerate(view.lines):
            weekly = "ทุกสัปดาห์" if line.repeat_weekly else "ครั้งเดียว"
            if line.repeat_weekly and line.until:
                weekly += f" ถึง {format_date(line.until, short=True)}"
            cells = (
                line.officer_name,
                f"{format_date(line.day, short=True)} · {line.shift_th}",
                weekly,
                line.order_ref,
            )
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, line)
                self.lines.setItem(i, j, item)
        for table in (self.duties, self.lines):
            table.resizeColumnsToContents()
            table.horizontalHeader().setStretchLastSection(True)
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        keep = self.officer.currentData()
        self.officer.clear()
        for person in view.officers:
            self.officer.addItem(person.name, str(person.id))
        self.officer.setCurrentIndex(max(0, self.officer.findData(keep)))

    def selected_line(self) -> ShiftEntry | None:
        rows = self.lines.selectionModel().selectedRows()
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def _on_add_clicked(self) -> None:
        who, chosen = self.ctx.who, self.officer.currentData()
        if who is None or not chosen:
            return
        officer_id = uuid.UUID(chosen)
        day = self.day.day()
        app, shift, weekly, ref = (
            self.ctx.app,
            self.shift.currentData(),
            self.weekly.isChecked(),
            self.order_ref.text(),
        )

        def added(entry: ShiftEntry) -> None:
            self.say(f"เพิ่มเวร {entry.officer_name} {format_date(entry.day, short=True)} แล้ว")
            self.refresh()

        self.run(
            Op(
                roster.add_shift,
                app,
                who,
                officer_id=officer_id,
                day=day,
                shift=shift,
                repeat_weekly=weekly,
                order_ref=ref,
            ),
            added,
        )

    def _on_end_clicked(self) -> None:
        line, who = self.selected_line(), self.ctx.who
        if line is None or who is None:
            return
        app = self.ctx.app
        last = max(line.day, app.station.today() - dt.timedelta(days=1))
        self.run(Op(roster.end_weekly_shift, app, who, line.id, last), lambda _e: self.refresh())

    def _on_remove_clicked(self) -> None:
        line, who = self.selected_line(), self.ctx.who
        if line is None or who is None:
            return
        self.run(Op(roster.remove_shift, self.ctx.app, who, line.id), lambda _e: self.refresh())
