"""Panels over the staff area: record an outcome, complete a registration, correct an entry with its trail."""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.models import VisitResult
from kiosk.validation import VisitorGroup
from ui.staff.common import OUTCOME_TH, StaffContext, button, describe, heading, show_status, visit_line
from ui.staff.reasons import ReasonPicker
from ui.widgets.idfield import IdField, id_field
from ui.widgets.messageline import MessageLine
from ui.widgets.overlay import Overlay
from ui.widgets.thaiinput import thai_input
from ui.widgets.thailabel import ThaiLabel

if TYPE_CHECKING:
    from kiosk.app.records import VisitDetail
    from kiosk.idcard import CardIdentity
    from kiosk.register import AuditRecord, VisitRecord

CARD_HINT = "หรือเสียบบัตรประชาชนของผู้รับบริการที่เครื่องอ่านบัตร: ชื่อและเลขประจำตัวจะกรอกให้"

REASONS_FAILED = ("ระบบของหน่วยงานขัดข้อง", "เอกสารไม่ครบ", "ผู้รับบริการไม่มีโทรศัพท์/อีเมล", "ข้อมูลไม่ตรงกับฐานข้อมูล")
REASONS_REFERRED = ("ต้องติดต่อหน่วยงานโดยตรง", "ส่งต่อที่ว่าการอำเภอ", "ส่งต่อหน่วยงานเจ้าของบริการ")

FIELD_TH = {
    "full_name": "ชื่อ–สกุล",
    "national_id": "เลขประจำตัวประชาชน",
    "phone": "โทรศัพท์",
    "group": "กลุ่มผู้รับบริการ",
    "service_code": "งานบริการ",
    "result": "ผลการให้บริการ",
    "result_reason": "เหตุผล",
    "note": "หมายเหตุ",
    "survey_answered": "ตอบแบบสำรวจ",
    "completed_by_officer": "เจ้าหน้าที่กรอกข้อมูลแทน",
    "from_id_card": "อ่านจากบัตรประชาชน",
}
ACTION_TH = {"correct": "แก้ไข", "close_day": "ปิดวัน", "export": "ส่งออก", "export_full_id": "ส่งออกเลขเต็ม"}


class Panel(Overlay):
    """An overlay with a title, a message line and Save/Cancel; subclasses fill ``self.form``.

    Signals:
        closed(): the panel was closed (saved or cancelled).
    """

    closed = Signal()

    def __init__(self, parent: QWidget, ctx: StaffContext) -> None:
        super().__init__(parent, ctx.theme)
        self.ctx = ctx
        px = ctx.theme.px
        # The card hangs from the top of the area and stays there when the on-screen keyboard comes
        # or goes (centred, it jumped half the keyboard's height, from under a finger about to tap
        # "บันทึก"). With the keyboard up, what does not fit above it scrolls; nothing is squeezed.
        outer = self.layout()
        assert outer is not None
        outer.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        outer.setAlignment(self.card, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        outer.setContentsMargins(px(20), px(16), px(20), px(16))
        self.body.setContentsMargins(px(40), px(20), px(40), px(20))
        self.body.setSpacing(px(14))
        self.card.setMinimumWidth(px(1100))
        self.content = FullHeight()
        self.content.setObjectName("panel-content")
        self.content.setAutoFillBackground(False)
        column = QVBoxLayout(self.content)
        column.setContentsMargins(0, 0, px(8), 0)
        column.setSpacing(px(14))
        self.scroller = FittingScroll()
        self.scroller.setObjectName("panel-scroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setWidget(self.content)
        self.scroller.viewport().setAutoFillBackground(False)
        self.title = heading(role="staff-title")
        self.subject = heading(role="staff-heading")
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(px(20))
        self.form.setVerticalSpacing(px(10))
        self.error = MessageLine(lines=2, role="staff-error")  # its height kept: Save stays put
        self.save = button(role="confirm")
        self.cancel = button()
        self.save.clicked.connect(self._on_save_clicked)
        self.cancel.clicked.connect(self.close_panel)
        actions = QHBoxLayout()
        actions.addWidget(self.cancel)
        actions.addStretch(1)
        actions.addWidget(self.save)
        for w in (self.title, self.subject):
            column.addWidget(w)
        column.addLayout(self.form)
        column.addStretch(1)
        self.body.addWidget(self.scroller, 1)
        # Below the scrolled part, always in sight above the keyboard: what the save said, and the buttons.
        self.body.addWidget(self.error)
        self.body.addLayout(actions)
        self.visit: VisitRecord | None = None
        self.id_card: CardIdentity | None = None  # the visitor's ID card, read while the panel was open
        self.cancel.setText("ยกเลิก")
        self.save.setText("บันทึก")

    def show_error(self, error: BaseException) -> None:
        show_status(self.error, describe(error), "error", error=error)
        for problem in getattr(error, "problems", ()):
            widget = self.findChild(QLineEdit, problem.field)
            if widget is not None:
                widget.setProperty("invalid", True)
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def clear_error(self) -> None:
        show_status(self.error, "", "error")
        for edit in self.findChildren(QLineEdit):
            if edit.property("invalid"):
                edit.setProperty("invalid", False)
                edit.style().unpolish(edit)
                edit.style().polish(edit)

    def _on_save_clicked(self) -> None:
        self.clear_error()
        self.submit()

    def submit(self) -> None:
        raise NotImplementedError

    def take_card(self, card: CardIdentity) -> None:
        """The visitor's ID card was read while this panel was open (the panels that take a name fill it)."""

    def add_card_hint(self) -> None:
        if self.ctx.card_reader is None:
            return
        hint = ThaiLabel(CARD_HINT)
        hint.setObjectName("card-hint")
        hint.setWordWrap(True)
        column = self.content.layout()
        assert isinstance(column, QVBoxLayout)
        column.insertWidget(column.indexOf(self.subject) + 1, hint)

    def close_panel(self) -> None:
        self.hide()
        self.closed.emit()


class FullHeight(QWidget):
    """A panel's fields: never squeezed below the height they ask for (the scroll area scrolls instead)."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self.sizeHint().height()))


class FittingScroll(QScrollArea):
    """A scroll area as big as its content wants, that may be made shorter (then it scrolls)."""

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the content asks for another size: so does the scroll area
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:
        widget = self.widget()
        if widget is None:
            return super().sizeHint()
        frame = 2 * self.frameWidth()
        bar = self.verticalScrollBar().sizeHint().width()  # the content never hides under the scroll bar
        return widget.sizeHint() + QSize(frame + bar, frame)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.fontMetrics().height() * 3)


def _edit(name: str, *, thai: bool = True) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    return thai_input(edit) if thai else edit


class OutcomePanel(Panel):
    """ผลการให้บริการ: success, failed or referred; a reason for the last two; a note.

    Signals:
        recorded(VisitRecord): the outcome is in the register.
    """

    recorded = Signal(object)

    def __init__(self, parent: QWidget, ctx: StaffContext) -> None:
        super().__init__(parent, ctx)
        self.choices: dict[VisitResult, Any] = {}
        choice_row = QHBoxLayout()
        self.group = QButtonGroup(self)
        for result in VisitResult:
            b = button(OUTCOME_TH[result.value], checkable=True)
            b.setObjectName(f"result-{result.value}")
            self.group.addButton(b)
            self.choices[result] = b
            choice_row.addWidget(b)
        self.reason = ReasonPicker(ctx.theme)
        self.note = _edit("note")
        self.form.addRow(heading("ผลการให้บริการ"), choice_row)
        self.form.addRow(heading("เหตุผล"), self.reason)
        self.form.addRow(heading("หมายเหตุ"), self.note)
        self.group.buttonToggled.connect(self._on_group_toggled)
        self.title.setText("บันทึกผลการให้บริการ")

    def open_for(self, visit: VisitRecord) -> None:
        self.visit = visit
        self.subject.setText(visit_line(visit))
        self.group.setExclusive(False)
        for b in self.choices.values():
            b.setChecked(False)
        self.group.setExclusive(True)
        self.choices[VisitResult.SUCCESS].setChecked(True)
        self.reason.setCurrentText("")
        self.note.setText(visit.note)
        self.clear_error()
        self.open()

    def chosen(self) -> VisitResult:
        return next(r for r, b in self.choices.items() if b.isChecked())

    def _on_group_toggled(self, _button: object, checked: bool) -> None:
        if not checked:
            return
        result = self.chosen()
        reasons = {VisitResult.FAILED: REASONS_FAILED, VisitResult.REFERRED: REASONS_REFERRED}
        self.reason.set_reasons(reasons.get(result, ()))
        self.reason.setEnabled(result is not VisitResult.SUCCESS)

    def submit(self) -> None:
        visit, who = self.visit, self.ctx.who
        if visit is None or who is None:
            return
        result, reason, note = self.chosen(), self.reason.currentText(), self.note.text()
        app = self.ctx.app
        self.save.setEnabled(False)

        def done(record: object) -> None:
            self.save.setEnabled(True)
            self.close_panel()
            self.recorded.emit(record)

        def failed(error: BaseException) -> None:
            self.save.setEnabled(True)
            self.show_error(error)

        from kiosk.app import queue
        from ui.tasks import Op

        Op(queue.finish, app, who, visit.id, result=result, reason=reason, note=note).success(done).failure(failed).run(
            self.ctx.tasks
        )


class CompletePanel(Panel):
    """The officer fills in who the visitor is (the visitor left it to the officer).

    Signals:
        completed(VisitRecord): the entry now has a name.
    """

    completed = Signal(object)

    def __init__(self, parent: QWidget, ctx: StaffContext) -> None:
        super().__init__(parent, ctx)
        self.full_name = _edit("full_name")
        self.national_id: IdField = id_field("national_id")
        self.phone = _edit("phone", thai=False)
        self.form.addRow(heading("ชื่อ–สกุล"), self.full_name)
        self.form.addRow(heading("เลขประจำตัวประชาชน (ถ้ามี)"), self.national_id)
        self.form.addRow(heading("โทรศัพท์ (ถ้ามี)"), self.phone)
        self.title.setText("กรอกข้อมูลผู้รับบริการ")
        self.add_card_hint()

    def take_card(self, card: CardIdentity) -> None:
        self.clear_error()
        self.full_name.setText(card.full_name)
        self.national_id.setText(card.national_id)
        self.id_card = card

    def open_for(self, visit: VisitRecord) -> None:
        self.visit = visit
        self.id_card = None
        self.subject.setText(visit_line(visit))
        for edit in (self.full_name, self.national_id, self.phone):
            edit.clear()
        self.clear_error()
        self.open()
        self.full_name.setFocus()

    def submit(self) -> None:
        from kiosk.register import VisitorDetails
        from ui.tasks import Op

        visit, who = self.visit, self.ctx.who
        if visit is None or who is None:
            return
        nid = self.national_id.digits()
        details = VisitorDetails(full_name=self.full_name.text(), national_id=nid or None, phone=self.phone.text())
        app = self.ctx.app

        def done(record: object) -> None:
            self.close_panel()
            self.completed.emit(record)

        from kiosk.app import queue

        card = self.id_card
        from_card = card is not None and (card.full_name, card.national_id) == (self.full_name.text().strip(), nid)
        Op(queue.complete, app, who, visit.id, details, from_card=from_card).success(done).failure(self.show_error).run(
            self.ctx.tasks
        )


class CorrectionPanel(Panel):
    """Correct a register entry; the audit trail of the entry is shown below the fields.

    Signals:
        corrected(VisitDetail): the entry and its trail after the change.
    """

    corrected = Signal(object)

    def __init__(self, parent: QWidget, ctx: StaffContext) -> None:
        super().__init__(parent, ctx)
        self.full_name = _edit("full_name")
        self.national_id = id_field("national_id")
        self.national_id.setPlaceholderText("เว้นว่างไว้ = ไม่เปลี่ยน")
        self.phone = _edit("phone", thai=False)
        self.group_box = QComboBox()
        for g in VisitorGroup:
            self.group_box.addItem(g.label_th, g.value)
        self.service = QComboBox()
        self.result = QComboBox()
        self.result.addItem("–", "")
        for r in VisitResult:
            self.result.addItem(OUTCOME_TH[r.value], r.value)
        self.reason = _edit("result_reason")
        self.note = _edit("note")
        self.survey = QCheckBox("ตอบแบบสำรวจแล้ว")
        grid = QHBoxLayout()
        grid.setSpacing(ctx.theme.px(32))
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setHorizontalSpacing(ctx.theme.px(16))
            form.setVerticalSpacing(ctx.theme.px(8))
        left.addRow(heading("ชื่อ–สกุล"), self.full_name)
        left.addRow(heading("เลขประจำตัว"), self.national_id)
        left.addRow(heading("โทรศัพท์"), self.phone)
        left.addRow(heading("กลุ่ม"), self.group_box)
        right.addRow(heading("งานบริการ"), self.service)
        right.addRow(heading("ผล"), self.result)
        right.addRow(heading("เหตุผล"), self.reason)
        right.addRow(heading("หมายเหตุ"), self.note)
        right.addRow(QLabel(), self.survey)
        grid.addLayout(left, 1)
        grid.addLayout(right, 1)
        self.form.addRow(grid)
        self.trail_title = heading("ประวัติการแก้ไข")
        self.trail = QTableWidget(0, 4)
        self.trail.setObjectName("trail")
        self.trail.setHorizontalHeaderLabels(["เวลา", "ผู้แก้ไข", "รายการ", "รายละเอียด"])
        self.trail.verticalHeader().hide()
        self.trail.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.trail.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.trail.setMinimumHeight(ctx.theme.px(220))
        self.trail.setWordWrap(True)
        self.trail.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.form.addRow(self.trail_title)
        self.form.addRow(self.trail)
        self.title.setText("แก้ไขรายการในทะเบียน")
        self.save.setText("บันทึกการแก้ไข")
        self.cancel.setText("ปิด")
        self._loaded: VisitRecord | None = None
        self.add_card_hint()

    def take_card(self, card: CardIdentity) -> None:
        self.clear_error()
        self.full_name.setText(card.full_name)
        self.national_id.setText(card.national_id)
        self.id_card = card

    def set_services(self, services: list[tuple[str, str]]) -> None:
        self.service.clear()
        for code, name in services:
            self.service.addItem(name, code)

    def open_for(self, visit_id: uuid.UUID) -> None:
        """Load the entry and its trail on the worker, then show them."""
        self.id_card = None
        from ui.tasks import Op

        app = self.ctx.app
        self.clear_error()
        from kiosk.app import records

        Op(records.visit, app, visit_id).success(self.show_detail).failure(self.show_error).run(self.ctx.tasks)
        self.open()

    def show_detail(self, detail: VisitDetail) -> None:
        v = detail.visit
        self.visit = self._loaded = v
        self.subject.setText(f"{visit_line(v)}\nเลขประจำตัวประชาชน {v.national_id_masked or '–'}")
        self.full_name.setText(v.full_name or "")
        self.national_id.clear()
        self.phone.setText(v.phone or "")
        self.group_box.setCurrentIndex(self.group_box.findData(v.group.value))
        index = self.service.findData(v.service_code)
        if index < 0:
            self.service.addItem(v.service_name_th, v.service_code)
            index = self.service.count() - 1
        self.service.setCurrentIndex(index)
        self.result.setCurrentIndex(max(0, self.result.findData(v.result.value if v.result else "")))
        self.reason.setText(v.result_reason)
        self.note.setText(v.note)
        self.survey.setChecked(v.survey_answered)
        self.show_trail(detail.trail)

    def show_trail(self, trail: tuple[AuditRecord, ...]) -> None:
        self.trail.setRowCount(len(trail))
        for i, event in enumerate(trail):
            cells = (
                self.ctx.local_datetime(event.at),
                event.actor,
                ACTION_TH.get(event.action, event.action),
                describe_changes(event.changes),
            )
            for j, text in enumerate(cells):
                self.trail.setItem(i, j, QTableWidgetItem(text))
        self.trail.resizeColumnsToContents()
        self.trail.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.trail.resizeRowsToContents()  # after the stretch, so long details wrap instead of being cut

    def changes(self) -> dict[str, Any]:
        v = self._loaded
        if v is None:
            return {}
        out: dict[str, Any] = {}
        if self.full_name.text().strip() != (v.full_name or ""):
            out["full_name"] = self.full_name.text()
        if self.national_id.digits():
            out["national_id"] = self.national_id.digits()
        if self.phone.text().strip() != (v.phone or ""):
            out["phone"] = self.phone.text()
        if self.group_box.currentData() != v.group.value:
            out["group"] = self.group_box.currentData()
        if self.service.currentData() != v.service_code:
            out["service_code"] = self.service.currentData()
        if self.result.currentData() != (v.result.value if v.result else ""):
            out["result"] = self.result.currentData()
        if self.reason.text() != v.result_reason:
            out["result_reason"] = self.reason.text()
        if self.note.text() != v.note:
            out["note"] = self.note.text()
        if self.survey.isChecked() != v.survey_answered:
            out["survey_answered"] = self.survey.isChecked()
        return out

    def submit(self) -> None:
        from ui.tasks import Op

        v, who = self._loaded, self.ctx.who
        if v is None or who is None:
            return
        changes = self.changes()
        if not changes:
            show_status(self.error, "ไม่มีข้อมูลที่เปลี่ยน", "busy")
            return
        app = self.ctx.app

        def done(detail: VisitDetail) -> None:
            self.show_detail(detail)
            show_status(self.error, "บันทึกการแก้ไขแล้ว", "done")
            self.corrected.emit(detail)

        from kiosk.app import records

        card = self.id_card
        from_card = card is not None and changes.get("national_id") == card.national_id
        Op(records.correct, app, who, v.id, changes, from_card=from_card).success(done).failure(self.show_error).run(
            self.ctx.tasks
        )


def describe_changes(changes: dict[str, Any]) -> str:
    """``ชื่อ–สกุล: สมชาย ใจดี → สมชาย ใจงาม; กลุ่มผู้รับบริการ: ทั่วไป → ผู้สูงอายุ``"""
    parts = []
    for key, change in changes.items():
        label = FIELD_TH.get(key, key)
        if isinstance(change, dict) and "from" in change:
            parts.append(f"{label}: {_shown(key, change['from'])} → {_shown(key, change['to'])}")
        elif change is True:
            parts.append(label)
        else:
            parts.append(f"{label}: {json.dumps(change, ensure_ascii=False)}")
    return "; ".join(parts)


def _shown(key: str, value: Any) -> str:
    if value in (None, ""):
        return "–"
    if key == "group":
        try:
            return VisitorGroup(value).label_th
        except ValueError:
            return str(value)
    if key == "result":
        return OUTCOME_TH.get(str(value), str(value))
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่"
    return str(value)
