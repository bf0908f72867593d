"""What staff read: a ThaID visitor named truthfully, the reason list for a finger, colours that say how it went."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from kiosk.db import Database
from kiosk.models import IdMethod, VisitResult
from kiosk.staff import StaffSession
from kiosk.station import Station
from tests.helpers import settle, tap, type_text, visitor
from tests.ui.staff.conftest import OFFICER_PIN
from tests.ui.staff.test_staff_area import records, sign_in
from ui.staff.area import StaffArea
from ui.staff.reasons import MIN_ROW_PX, OTHER
from ui.theme import NORMAL


def test_a_thaid_visitor_is_a_thaid_user_whose_name_the_officer_fills_in(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], db: Database, station: Station
) -> None:
    vid = visitor(db, station, method=IdMethod.THAID, name=None)
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    waiting = area.queue.lists["waiting"]
    text = waiting.item(0).text()
    assert "ผู้ใช้ ThaID" in text and "ไม่ระบุชื่อ" not in text
    area.queue.select_visit(vid)
    assert "ผู้ใช้ ThaID" in area.queue.subject.text()
    assert area.queue.buttons["complete"].isEnabled()
    tap(qtbot, area.queue.buttons["complete"])
    panel = area.complete_panel
    type_text(panel.full_name, "สมศรี มีสุข")
    tap(qtbot, panel.save)
    settle(qtbot, area)
    assert not panel.isVisible()
    assert records(db, station)[vid].full_name == "สมศรี มีสุข"
    assert "สมศรี มีสุข" in waiting.item(0).text()


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_the_reason_list_opens_on_a_tap_with_big_rows_and_no_keyboard(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], db: Database, station: Station
) -> None:
    vid = visitor(db, station)
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    area.queue.select_visit(vid)
    tap(qtbot, area.queue.buttons["outcome"])
    panel = area.outcome_panel
    tap(qtbot, panel.choices[VisitResult.FAILED])
    choice = panel.reason.choice
    assert not choice.isEditable()  # tapping it brings up no keyboard
    assert not choice.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    # a tap on the text, far from the arrow, opens the list
    qtbot.mouseClick(choice, Qt.MouseButton.LeftButton, pos=QPoint(choice.width() // 5, choice.height() // 2))
    view = choice.view()
    qtbot.waitUntil(view.isVisible, timeout=2000)
    heights = [view.visualRect(choice.model().index(i, 0)).height() for i in range(choice.count())]
    assert min(heights) >= MIN_ROW_PX
    assert min(heights) >= view.fontMetrics().height() * 1.4  # the marks above and below the letters fit
    choice.hidePopup()
    # "other": a line to type the reason in
    assert not panel.reason.other.isVisible()
    choice.setCurrentIndex(choice.findText(OTHER))
    assert panel.reason.other.isVisible()
    type_text(panel.reason.other, "ระบบปิดปรับปรุง")
    tap(qtbot, panel.save)
    settle(qtbot, area)
    assert records(db, station)[vid].result_reason == "ระบบปิดปรับปรุง"


def test_a_correction_saved_is_said_in_green_and_a_failure_in_red(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], db: Database, station: Station
) -> None:
    vid = visitor(db, station)
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    area.queue.select_visit(vid)
    tap(qtbot, area.queue.buttons["correct"])
    settle(qtbot, area)
    panel = area.correction_panel
    panel.note.setText("แก้ตามบัตร")
    tap(qtbot, panel.save)
    settle(qtbot, area)
    assert panel.error.text() == "บันทึกการแก้ไขแล้ว"
    assert panel.error.palette().color(panel.error.foregroundRole()) == QColor(NORMAL.success)
    panel.phone.setText("12")
    tap(qtbot, panel.save)
    settle(qtbot, area)
    assert panel.error.text() and panel.error.text() != "บันทึกการแก้ไขแล้ว"
    assert panel.error.palette().color(panel.error.foregroundRole()) == QColor(NORMAL.error)
    assert "(audit trail)" not in panel.trail_title.text()
