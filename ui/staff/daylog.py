"""Day review: the day's log as a sortable table with filters, totals by service, group and outcome; close the day."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
)

from kiosk.app import records
from kiosk.app.records import OUTCOME_KEYS, outcome_key, totals
from kiosk.thai import format_date
from kiosk.validation import VisitorGroup
from ui.staff.common import OUTCOME_TH, STATUS_TH, StaffContext, StaffPage, button, card, heading, shown_name
from ui.tasks import Op

if TYPE_CHECKING:
    from kiosk.app.records import DayClosure, DayReview
    from kiosk.register import VisitRecord

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    ("ticket", "คิว"),
    ("time", "เวลา"),
    ("name", "ชื่อ–สกุล"),
    ("id", "เลขประจำตัว"),
    ("group", "กลุ่ม"),
    ("service", "งานบริการ"),
    ("status", "สถานะ"),
    ("outcome", "ผล"),
    ("officer", "เจ้าหน้าที่"),
    ("survey", "สลิปสำรวจ"),
    ("note", "หมายเหตุ"),
)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole


class DayLogModel(QAbstractTableModel):
    """The register lines of one day; display text for the table, sort keys that sort right."""

    def __init__(self, ctx: StaffContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.visits: list[VisitRecord] = []

    def set_visits(self, visits: list[VisitRecord]) -> None:
        self.beginResetModel()
        self.visits = visits
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.visits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        v = self.visits[index.row()]
        key = COLUMNS[index.column()][0]
        if role == RECORD_ROLE:
            return v
        if role == SORT_ROLE:
            return self._sort_key(v, key)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(v, key)
        if role == Qt.ItemDataRole.ToolTipRole and key in ("name", "service", "note", "outcome"):
            return self._text(v, key)
        return None

    def _text(self, v: VisitRecord, key: str) -> str:
        if key == "ticket":
            return v.ticket or "–"
        if key == "time":
            return self.ctx.local(v.created_at)
        if key == "name":
            return shown_name(v)
        if key == "id":
            return v.national_id_masked or "–"
        if key == "group":
            return v.group.label_th
        if key == "service":
            return v.service_name_th
        if key == "status":
            return STATUS_TH[v.status]
        if key == "outcome":
            text = OUTCOME_TH[outcome_key(v)]
            return f"{text} ({v.result_reason})" if v.result_reason else text
        if key == "officer":
            return v.officer_name or "–"
        if key == "survey":
            return "พิมพ์แล้ว" if v.survey_slip_printed else "–"
        return v.note

    def _sort_key(self, v: VisitRecord, key: str) -> Any:
        if key == "time":
            return v.created_at.timestamp()
        if key == "ticket":
            return (v.lane.value if v.lane else "", v.ticket)
        return self._text(v, key)


class DayLogFilter(QSortFilterProxyModel):
    """Keeps the lines of one service, one group and one outcome (None: all)."""

    def __init__(self) -> None:
        super().__init__()
        self.service: str | None = None
        self.group: VisitorGroup | None = None
        self.outcome: str | None = None
        self.setSortRole(SORT_ROLE)

    def set_filters(self, *, service: str | None, group: VisitorGroup | None, outcome: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateRowsFilter() is deprecated there
            self.beginFilterChange()
            self.service, self.group, self.outcome = service, group, outcome
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.service, self.group, self.outcome = service, group, outcome
            self.invalidateRowsFilter()

    def accepts(self, v: VisitRecord) -> bool:
        return (
            (self.service is None or v.service_code == self.service)
            and (self.group is None or v.group is self.group)
            and (self.outcome is None or outcome_key(v) == self.outcome)
        )

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, DayLogModel)
        return self.accepts(model.visits[source_row])

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        return bool(a < b) if type(a) is type(b) else str(a) < str(b)

    def visible(self) -> list[VisitRecord]:
        return [self.index(r, 0).data(RECORD_ROLE) for r in range(self.rowCount())]


class DayLogPage(StaffPage):
    """The day's log: previous/next day, filters, a sortable table, totals, and close the day.

    Signals:
        correct_wanted(uuid.UUID): open the correction panel for the selected entry.
    """

    correct_wanted = Signal(object)

    def __init__(self, ctx: StaffContext) -> None:
        super().__init__(ctx)
        px = ctx.theme.px
        self.day: dt.date = ctx.app.station.today()
        self.review: DayReview | None = None

        top = QHBoxLayout()
        self.prev_day = button("‹ วันก่อน")
        self.next_day = button("วันถัดไป ›")
        self.today = button("วันนี้")
        self.day_label = heading(role="staff-title")
        self.closed_label = heading(role="staff-muted")
        day_box = QVBoxLayout()
        day_box.addWidget(self.day_label)
        day_box.addWidget(self.closed_label)
        top.addWidget(self.prev_day)
        top.addLayout(day_box, 1)
        top.addWidget(self.today)
        top.addWidget(self.next_day)
        self.outer.addLayout(top)

        filters = QHBoxLayout()
        self.service_filter = QComboBox()
        self.service_filter.setObjectName("filter-service")
        self.group_filter = QComboBox()
        self.group_filter.setObjectName("filter-group")
        self.group_filter.addItem("ทุกกลุ่ม", None)
        for g in VisitorGroup:
            self.group_filter.addItem(g.label_th, g.value)
        self.outcome_filter = QComboBox()
        self.outcome_filter.setObjectName("filter-outcome")
        self.outcome_filter.addItem("ทุกผล", None)
        for key in OUTCOME_KEYS:
            self.outcome_filter.addItem(OUTCOME_TH[key], key)
        self.service_filter.setMinimumWidth(px(520))
        choices = (("งานบริการ", self.service_filter), ("กลุ่ม", self.group_filter), ("ผล", self.outcome_filter))
        for label, combo in choices:
            filters.addWidget(QLabel(label))
            filters.addWidget(combo, 1 if combo is self.service_filter else 0)
        filters.addStretch(0)
        self.outer.addLayout(filters)

        body = QHBoxLayout()
        self.model = DayLogModel(ctx)
        self.proxy = DayLogFilter()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("day-log")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(max(44, px(52)))
        self.table.verticalHeader().hide()
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        widths = (80, 100, 220, 200, 130, 330, 150, 170, 220, 110)
        for col, width in enumerate(widths):
            header.resizeSection(col, px(width))
        body.addWidget(self.table, 1)

        frame, box = card()
        frame.setMinimumWidth(px(340))
        frame.setMaximumWidth(px(400))
        box.setContentsMargins(px(16), px(12), px(16), px(12))
        self.totals_title = heading()
        self.totals_text = QLabel()
        self.totals_text.setObjectName("totals")
        self.totals_text.setWordWrap(True)
        self.totals_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.totals_text)
        box.addWidget(self.totals_title)
        box.addWidget(scroll, 1)
        body.addWidget(frame)
        self.outer.addLayout(body, 1)

        actions = QHBoxLayout()
        self.correct = button()
        self.correct.setObjectName("correct")
        self.close_day = button(role="danger")
        self.close_day.setObjectName("close-day")
        self.confirm_close = button(role="confirm")
        self.confirm_close.setObjectName("confirm-close-day")
        self.confirm_close.hide()
        actions.addWidget(self.correct)
        actions.addStretch(1)
        actions.addWidget(self.confirm_close)
        actions.addWidget(self.close_day)
        self.outer.addLayout(actions)

        self.prev_day.clicked.connect(lambda: self.show_day(self.day - dt.timedelta(days=1)))
        self.next_day.clicked.connect(lambda: self.show_day(self.day + dt.timedelta(days=1)))
        self.today.clicked.connect(lambda: self.show_day(ctx.app.station.today()))
        for combo in (self.service_filter, self.group_filter, self.outcome_filter):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.correct.clicked.connect(self._on_correct_clicked)
        self.close_day.clicked.connect(self._on_close_day_clicked)
        self.confirm_close.clicked.connect(self._on_confirm_close_clicked)
        self.table.doubleClicked.connect(lambda _i: self._on_correct_clicked())
        self.set_services([])
        self.retranslate()

    def retranslate(self) -> None:
        self.totals_title.setText("ยอดรวม (ตามตัวกรอง)")
        self.correct.setText("แก้ไขรายการที่เลือก")
        self.close_day.setText("ปิดวัน")
        self.confirm_close.setText("ยืนยันปิดวัน: คิวที่ยังรอจะถือว่าไม่มาตามเรียก")
        self._show_day_label()

    def set_services(self, services: list[tuple[str, str]]) -> None:
        current = self.service_filter.currentData()
        self.service_filter.blockSignals(True)
        self.service_filter.clear()
        self.service_filter.addItem("ทุกงานบริการ", None)
        for code, name in services:
            self.service_filter.addItem(name, code)
        self.service_filter.setCurrentIndex(max(0, self.service_filter.findData(current)))
        self.service_filter.blockSignals(False)

    # Loading ------------------------------------------------------------------------------

    def show_day(self, day: dt.date) -> None:
        self.day = day
        self.refresh()

    def refresh(self) -> None:
        self.run(Op(records.day_review, self.ctx.app, self.day), self.show_review)

    def show_review(self, review: DayReview) -> None:
        """Put a loaded day into the table (the benchmark measures from the query to here)."""
        self.review = review
        self.day = review.day
        self.model.set_visits(list(review.visits))
        self._show_day_label()
        self._show_totals()
        self.next_day.setEnabled(self.day < self.ctx.app.station.today())
        self.confirm_close.hide()

    def _show_day_label(self) -> None:
        self.day_label.setText(f"ทะเบียนประจำวันที่ {format_date(self.day)}")
        closed: DayClosure | None = self.review.closed if self.review else None
        if closed is not None:
            self.closed_label.setText(
                f"ปิดวันแล้วเมื่อ {self.ctx.local_datetime(closed.at)} โดย {closed.actor}"
                f" ({closed.visits} ราย, ไม่มาตามเรียก {closed.marked_no_show})"
            )
        else:
            self.closed_label.setText("ยังไม่ได้ปิดวัน")

    def _on_filter_changed(self) -> None:
        self.proxy.set_filters(
            service=self.service_filter.currentData(),
            group=VisitorGroup(group) if (group := self.group_filter.currentData()) else None,
            outcome=self.outcome_filter.currentData(),
        )
        self._show_totals()

    def _show_totals(self) -> None:
        t = totals(self.proxy.visible())
        lines = [f"<b>ทั้งหมด {t.total} ราย</b>", "<br><b>ตามผล</b>"]
        lines += [f"{OUTCOME_TH[k]}: {n}" for k, n in t.by_outcome] or ["–"]
        lines.append("<br><b>ตามกลุ่ม</b>")
        lines += [f"{g.label_th}: {n}" for g, n in t.by_group] or ["–"]
        lines.append("<br><b>ตามงานบริการ</b>")
        lines += [f"{name}: {n}" for name, n in t.by_service] or ["–"]
        self.totals_text.setText(f'<div style="line-height: 135%">{"<br>".join(lines)}</div>')

    # Actions ------------------------------------------------------------------------------

    def selected(self) -> VisitRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(RECORD_ROLE) if rows else None

    def _on_correct_clicked(self) -> None:
        visit = self.selected()
        if visit is None:
            self.message.emit("เลือกรายการในตารางก่อน", True)
            return
        self.correct_wanted.emit(visit.id)

    def _on_close_day_clicked(self) -> None:
        self.confirm_close.setVisible(not self.confirm_close.isVisible())

    def _on_confirm_close_clicked(self) -> None:
        who = self.ctx.who
        if who is None:
            return
        app, day = self.ctx.app, self.day
        self.confirm_close.hide()

        def closed(closure: DayClosure) -> None:
            self.say(f"ปิดวันที่ {format_date(closure.day)} แล้ว: {closure.visits} ราย")
            self.changed.emit()
            self.refresh()

        self.run(Op(records.close_day, app, who, day), closed)
