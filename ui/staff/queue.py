"""The officer's day: today's queue (waiting, called, being served, done) and what to do with each visitor."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from kiosk.app import queue
from kiosk.models import VisitStatus
from ui.staff.common import (
    OUTCOME_TH,
    STATUS_TH,
    StaffContext,
    StaffPage,
    button,
    card,
    heading,
    shown_name,
    visit_line,
)
from ui.tasks import Op
from ui.widgets.thailabel import wrapped

if TYPE_CHECKING:
    from kiosk.app.queue import QueueView
    from kiosk.app.slips import SlipResult
    from kiosk.register import VisitRecord

REFRESH_MS = 15_000  # the kiosk adds visitors on its own: look again now and then


class QueuePage(StaffPage):
    """Today's queue with call next (lane rule), recall, start, no-show, outcome, completion, correction.

    Signals:
        outcome_wanted(VisitRecord): open the outcome panel for this visitor.
        complete_wanted(VisitRecord): open the panel that fills in who the visitor is.
        correct_wanted(uuid.UUID): open the correction panel for this entry.
        service_ended(uuid.UUID, str): a visitor's service ended (visit id, ticket): the kiosk may invite a rating.
    """

    outcome_wanted = Signal(object)
    complete_wanted = Signal(object)
    correct_wanted = Signal(object)
    service_ended = Signal(object, str)

    def __init__(self, ctx: StaffContext) -> None:
        super().__init__(ctx)
        px = ctx.theme.px
        self.view: QueueView | None = None
        self.selected: VisitRecord | None = None

        top = QHBoxLayout()
        self.call_next = button(role="big")
        self.call_next.setObjectName("call-next")
        self.call_next.setMinimumWidth(px(460))
        self.waiting_count = heading(role="staff-heading")
        self.slips = heading(role="staff-muted")
        self.closed = heading(role="staff-error")
        counts = QVBoxLayout()
        counts.addWidget(self.waiting_count)
        counts.addWidget(self.slips)
        counts.addWidget(self.closed)
        top.addWidget(self.call_next)
        top.addSpacing(px(24))
        top.addLayout(counts, 1)
        self.outer.addLayout(top)

        lists = QGridLayout()
        lists.setHorizontalSpacing(px(16))
        self.lists: dict[str, QListWidget] = {}
        self.list_titles: dict[str, QLabel] = {}
        for col, name in enumerate(("now", "waiting", "done")):
            title = heading()
            widget = QListWidget()
            widget.setObjectName(f"list-{name}")
            widget.setWordWrap(True)
            widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            widget.setResizeMode(QListWidget.ResizeMode.Adjust)
            widget.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
            widget.currentItemChanged.connect(lambda cur, _prev, n=name: self._on_list_current(n, cur))
            self.lists[name] = widget
            self.list_titles[name] = title
            lists.addWidget(title, 0, col)
            lists.addWidget(widget, 1, col)
        lists.setColumnStretch(0, 4)
        lists.setColumnStretch(1, 4)
        lists.setColumnStretch(2, 3)
        self.outer.addLayout(lists, 1)

        frame, box = card()
        box.setContentsMargins(px(18), px(12), px(18), px(12))
        self.subject = heading(role="staff-heading")
        self.subject_detail = heading(role="staff-muted")
        box.addWidget(self.subject)
        box.addWidget(self.subject_detail)
        actions = QHBoxLayout()
        self.buttons = {
            "recall": button(),
            "start": button(role="primary"),
            "outcome": button(role="confirm"),
            "no_show": button(role="danger"),
            "complete": button(),
            "correct": button(),
        }
        for name, b in self.buttons.items():
            b.setObjectName(f"action-{name}")
            actions.addWidget(b)
        actions.addStretch(1)
        box.addLayout(actions)
        self.outer.addWidget(frame)

        self.call_next.clicked.connect(self._on_call_next_clicked)
        self.buttons["recall"].clicked.connect(self._on_recall_clicked)
        self.buttons["start"].clicked.connect(self._on_start_clicked)
        self.buttons["no_show"].clicked.connect(self._on_no_show_clicked)
        self.buttons["outcome"].clicked.connect(lambda: self.selected and self.outcome_wanted.emit(self.selected))
        self.buttons["complete"].clicked.connect(lambda: self.selected and self.complete_wanted.emit(self.selected))
        self.buttons["correct"].clicked.connect(lambda: self.selected and self.correct_wanted.emit(self.selected.id))
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.retranslate()
        self._select(None)

    def retranslate(self) -> None:
        self.call_next.setText("เรียกคิวถัดไป")
        self.list_titles["now"].setText("กำลังเรียก / กำลังให้บริการ")
        self.list_titles["waiting"].setText("รอเรียก (ตามลำดับการเรียก)")
        self.list_titles["done"].setText("เสร็จแล้ววันนี้")
        labels = {
            "recall": "เรียกซ้ำ",
            "start": "เริ่มให้บริการ",
            "outcome": "บันทึกผล",
            "no_show": "ไม่มาตามเรียก",
            "complete": "กรอกข้อมูลผู้รับบริการ",
            "correct": "แก้ไขรายการ",
        }
        for name, text in labels.items():
            self.buttons[name].setText(text)
        if self.view is not None:
            self.show_view(self.view)

    # Loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.run(Op(queue.view, self.ctx.app), self._on_loaded)

    def _on_loaded(self, view: QueueView) -> None:
        self.show_view(view)

    def show_view(self, view: QueueView) -> None:
        self.view = view
        keep = self.selected.id if self.selected else None
        waiting_priority = sum(1 for v in view.waiting if v.lane is not None and v.lane.value == "P")
        self.waiting_count.setText(f"รอเรียก {len(view.waiting)} คิว (ช่องบริการพิเศษ {waiting_priority})")
        self.slips.setText(f"สลิปรอพิมพ์ซ้ำ {view.pending_slips} รายการ · รอเจ้าหน้าที่กรอกชื่อ {len(view.to_complete)} ราย")
        self.closed.setText(f"ปิดวันแล้วโดย {view.closed.actor}" if view.closed else "")
        self.call_next.setEnabled(bool(view.waiting))
        self._fill("now", [*view.serving, *view.called])
        self._fill("waiting", list(view.waiting))
        self._fill("done", list(view.done))
        everyone = {v.id: v for v in (*view.waiting, *view.called, *view.serving, *view.done)}
        self._select(everyone.get(keep) if keep else None)

    def _fill(self, name: str, visits: list[VisitRecord]) -> None:
        widget = self.lists[name]
        widget.blockSignals(True)
        widget.clear()
        # lines broken where a Thai line may end (the list's own wrapping splits words), for the list's width
        widget.ensurePolished()
        width = widget.viewport().width() - 2 * self.ctx.theme.px(8) - self.ctx.theme.px(12)
        for v in visits:
            # The name on a line of its own: a long service name may wrap, a name should not.
            text = f"{v.ticket or '—'} · {v.group.label_th} · {v.service_name_th}\n{shown_name(v)}"
            if v.status is VisitStatus.DONE and v.result is not None:
                text += f"\n{OUTCOME_TH[v.result.value]} · {v.officer_name or ''} · {self.ctx.local(v.finished_at)}"
            elif v.status is VisitStatus.NO_SHOW:
                text += f"\n{STATUS_TH[v.status]} · {self.ctx.local(v.finished_at)}"
            elif v.status in (VisitStatus.CALLED, VisitStatus.SERVING):
                text += f"\n{STATUS_TH[v.status]} · {v.officer_name or ''} · เรียกเมื่อ {self.ctx.local(v.called_at)}"
            else:
                text += f"\nมาถึง {self.ctx.local(v.created_at)}"
            if v.needs_completion:
                text += " · ⚠\u00a0รอกรอกชื่อ"  # the sign stays with its words
            if width > 0:
                text = "\n".join(wrapped(line, width, widget.font()) for line in text.split("\n"))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, v)
            widget.addItem(item)
        widget.blockSignals(False)

    # Selection and actions ----------------------------------------------------------------

    def _on_list_current(self, name: str, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        for other, widget in self.lists.items():
            if other != name:
                widget.blockSignals(True)
                widget.clearSelection()
                widget.setCurrentRow(-1)
                widget.blockSignals(False)
        self._select(item.data(Qt.ItemDataRole.UserRole))

    def select_visit(self, visit_id: uuid.UUID) -> None:
        """Select a visitor wherever they are in the lists (after a call, for instance)."""
        for widget in self.lists.values():
            for i in range(widget.count()):
                item = widget.item(i)
                record = item.data(Qt.ItemDataRole.UserRole)
                if record.id == visit_id:
                    widget.setCurrentItem(item)
                    return

    def _select(self, visit: VisitRecord | None) -> None:
        self.selected = visit
        if visit is None:
            self.subject.setText("เลือกผู้รับบริการจากรายการ หรือกด “เรียกคิวถัดไป”")
            self.subject_detail.setText("")
        else:
            self.subject.setText(visit_line(visit))
            detail = f"สถานะ: {STATUS_TH[visit.status]}"
            if visit.result is not None:
                detail += f" · ผล: {OUTCOME_TH[visit.result.value]}"
                if visit.result_reason:
                    detail += f" ({visit.result_reason})"
            if visit.national_id_masked:
                detail += f" · เลขประจำตัว {visit.national_id_masked}"
            if visit.note:
                detail += f" · หมายเหตุ: {visit.note}"
            self.subject_detail.setText(detail)
        status = visit.status if visit else None
        self.buttons["recall"].setEnabled(status in (VisitStatus.CALLED, VisitStatus.NO_SHOW))
        self.buttons["start"].setEnabled(status in (VisitStatus.WAITING, VisitStatus.CALLED))
        self.buttons["outcome"].setEnabled(status in (VisitStatus.WAITING, VisitStatus.CALLED, VisitStatus.SERVING))
        self.buttons["no_show"].setEnabled(status in (VisitStatus.WAITING, VisitStatus.CALLED))
        self.buttons["complete"].setEnabled(bool(visit and visit.needs_completion and not visit.purged))
        self.buttons["correct"].setEnabled(bool(visit and not visit.purged))

    def _after(self, record: object) -> None:
        self.changed.emit()
        self.refresh_then_select(record)

    def refresh_then_select(self, record: object) -> None:
        visit_id = getattr(record, "id", None)

        def loaded(view: QueueView) -> None:
            self.show_view(view)
            if visit_id is not None:
                self.select_visit(visit_id)

        self.run(Op(queue.view, self.ctx.app), loaded)

    def _on_call_next_clicked(self) -> None:
        who = self.ctx.who
        if who is None:
            return
        app = self.ctx.app
        self.call_next.setEnabled(False)

        def called(record: VisitRecord | None) -> None:
            if record is None:
                self.say("ไม่มีผู้รอรับบริการ")
            else:
                self.say(f"เรียกคิว {record.ticket} แล้ว ({record.group.label_th})")
            self._after(record)

        def failed(error: BaseException) -> None:
            self.call_next.setEnabled(True)
            self.fail(error)

        self.run(Op(queue.call_next, app, who), called, on_failure=failed)

    def _on_recall_clicked(self) -> None:
        visit = self.selected
        if visit is not None:
            app = self.ctx.app
            self.run(Op(queue.recall, app, visit.id), self._after)
            self.say(f"เรียกคิว {visit.ticket} อีกครั้ง")

    def _on_start_clicked(self) -> None:
        visit, who = self.selected, self.ctx.who
        if visit is not None and who is not None:
            app = self.ctx.app
            self.run(Op(queue.start, app, who, visit.id), self._after)

    def _on_no_show_clicked(self) -> None:
        visit = self.selected
        if visit is not None:
            app = self.ctx.app
            self.run(Op(queue.no_show, app, visit.id), self._after)

    # After an outcome: the survey slip and the quick rating ------------------------------

    def outcome_recorded(self, record: VisitRecord) -> None:
        """The service ended: print the survey slip on the printer's worker and invite the rating."""
        self.say(f"บันทึกผลคิว {record.ticket}: {OUTCOME_TH[record.result.value if record.result else 'open']}")
        self._after(record)
        from kiosk.app import slips

        if self.ctx.app.config.printer.print_survey_slip:
            self.run(Op(slips.print_survey, self.ctx.app, record.id), self._on_survey_printed)
        self.service_ended.emit(record.id, record.ticket)

    def _on_survey_printed(self, result: SlipResult) -> None:
        if result.printed:
            self.say("พิมพ์สลิปแบบสำรวจความพึงพอใจแล้ว")
        elif not result.skipped:
            self.message.emit(f"พิมพ์สลิปแบบสำรวจไม่ได้: {result.staff_th} — อยู่ในรายการพิมพ์ซ้ำ", True)
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.view is not None:
            self.show_view(self.view)  # the lines of the lists are laid out for their width

    # Timers -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)
