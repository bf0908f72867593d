"""The staff area over the kiosk: five taps in the corner, a PIN, and the visitor's rating afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from kiosk.db import Database
from kiosk.models import VisitResult
from kiosk.staff import StaffSession
from kiosk.station import Station
from tests.helpers import settle, tap, visitor
from tests.ui.staff.conftest import OFFICER_PIN, SUPERVISOR_PIN
from tests.ui.staff.test_staff_area import sign_in
from ui.staff.app import KioskStaffLayer
from ui.staff.area import StaffArea
from ui.widgets import tapguard
from ui.window import KioskWindow


def open_layer(qtbot: QtBot, window: KioskWindow, tmp_path: Path) -> KioskStaffLayer:
    layer = KioskStaffLayer(window)
    window.staff_requested.connect(layer.open)
    corner = QPoint(window.width() - 20, 20)
    for _ in range(5):
        qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=corner)
    assert layer.is_open
    settle(qtbot, window)
    return layer


def area_of(layer: KioskStaffLayer) -> StaffArea:
    assert layer.area is not None
    return layer.area


def test_hidden_gesture_opens_the_staff_area_and_the_visitor_rates_after(
    qtbot: QtBot,
    window: KioskWindow,
    officers: dict[str, StaffSession],
    db: Database,
    station: Station,
    tmp_path: Path,
) -> None:
    vid = visitor(db, station)
    layer = open_layer(qtbot, window, tmp_path)
    area = area_of(layer)
    assert area.geometry() == window.rect() and area.current == "signin"
    assert not window.pin_pad.isVisible()
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    assert area.current == "queue"
    assert not area.exit_kiosk_button.isVisible()  # an officer cannot leave kiosk mode
    tap(qtbot, area.queue.call_next)
    settle(qtbot, window)
    tap(qtbot, area.queue.buttons["outcome"])
    area.outcome_panel.choices[VisitResult.SUCCESS].setChecked(True)
    tap(qtbot, area.outcome_panel.save)
    settle(qtbot, window)
    assert window.current == "welcome"  # not while the officer uses the screen
    tap(qtbot, area.sign_out_button)
    settle(qtbot, window)
    assert not layer.is_open  # signed out: the screen is the citizens' again, no officer's name left on it
    assert window.current == "rating"
    assert window._rating_visit == vid


def test_leaving_the_sign_in_page_hands_the_screen_back(
    qtbot: QtBot, window: KioskWindow, officers: dict[str, StaffSession], tmp_path: Path
) -> None:
    layer = open_layer(qtbot, window, tmp_path)
    tap(qtbot, area_of(layer).signin.leave_button)
    assert not layer.is_open and window.current == "welcome"


def test_the_sign_in_page_opened_by_curious_taps_closes_by_itself(
    qtbot: QtBot, window: KioskWindow, officers: dict[str, StaffSession], tmp_path: Path
) -> None:
    """Five taps in the corner by a visitor: every officer's name is on screen, but not for long."""
    layer = open_layer(qtbot, window, tmp_path)
    area = area_of(layer)
    assert area._signin_idle.isActive() and area._signin_idle.interval() == 45_000
    area._signin_idle.setInterval(300)
    name = area.signin.name_button(officers["officer"].id)
    assert name is not None
    tap(qtbot, name)  # a name chosen, no PIN: still the sign-in page
    area._signin_idle.start()
    qtbot.waitUntil(lambda: not layer.is_open, timeout=3000)
    assert window.current == "welcome" and area.signin.chosen is None
    # Opened again, it starts afresh, and signing in stops the clock.
    area._signin_idle.setInterval(45_000)  # a PIN check on a loaded machine may take longer than 300 ms
    layer = open_layer_again(qtbot, window, layer)
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    assert area.current == "queue" and not area._signin_idle.isActive()


def open_layer_again(qtbot: QtBot, window: KioskWindow, layer: KioskStaffLayer) -> KioskStaffLayer:
    corner = QPoint(window.width() - 20, 20)
    for _ in range(5):
        qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=corner)
    assert layer.is_open
    settle(qtbot, window)
    return layer


def test_visitors_served_back_to_back_each_rate_in_turn(
    qtbot: QtBot,
    window: KioskWindow,
    officers: dict[str, StaffSession],
    db: Database,
    station: Station,
    tmp_path: Path,
) -> None:
    """One screen: P001 and P002 served while the officer used it; both are invited, P001 first, once each."""
    first, second = visitor(db, station), visitor(db, station)
    layer = open_layer(qtbot, window, tmp_path)
    area = area_of(layer)
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    for _ in range(2):
        tap(qtbot, area.queue.call_next)
        settle(qtbot, window)
        tap(qtbot, area.queue.buttons["outcome"])
        area.outcome_panel.choices[VisitResult.SUCCESS].setChecked(True)
        tap(qtbot, area.outcome_panel.save)
        settle(qtbot, window)
    labels = window.ratings_waiting
    assert len(labels) == 2 and window.current == "welcome"
    tap(qtbot, area.sign_out_button)
    settle(qtbot, window)
    assert window.current == "rating" and window._rating_visit == first
    assert labels[0] in window.rating.title.text()
    tap(qtbot, window.rating.skip)
    assert window.current == "rating" and window._rating_visit == second
    assert labels[1] in window.rating.title.text()
    tap(qtbot, window.rating.skip)
    assert window.current == "welcome" and window.ratings_waiting == []


def test_an_invitation_on_screen_waits_while_the_staff_area_is_open(
    qtbot: QtBot,
    window: KioskWindow,
    officers: dict[str, StaffSession],
    db: Database,
    station: Station,
    tmp_path: Path,
) -> None:
    vid = visitor(db, station)
    window.invite_rating(vid, "A001")
    assert window.current == "rating"
    layer = open_layer(qtbot, window, tmp_path)
    assert window.ratings_waiting == ["A001"]
    tap(qtbot, area_of(layer).signin.leave_button)
    assert window.current == "rating" and window._rating_visit == vid


def test_a_supervisor_can_leave_kiosk_mode_from_the_staff_area(
    qtbot: QtBot, window: KioskWindow, officers: dict[str, StaffSession], tmp_path: Path
) -> None:
    layer = open_layer(qtbot, window, tmp_path)
    area = area_of(layer)
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
    assert area.exit_kiosk_button.isVisible()
    unlocked: list[bool] = []
    window.unlocked.connect(lambda: unlocked.append(True))
    area._exit_armed.setInterval(150)
    tap(qtbot, area.exit_kiosk_button)  # one tap only asks again: a slip of the finger does not stop the counter
    assert area.exit_kiosk_button.text() == "แตะอีกครั้งเพื่อปิดตู้บริการ" and not unlocked
    qtbot.waitUntil(lambda: area.exit_kiosk_button.text() == "ออกจากโหมดตู้บริการ", timeout=2000)
    tap(qtbot, area.exit_kiosk_button)
    assert not unlocked
    with qtbot.waitSignal(window.unlocked, timeout=1000):
        tap(qtbot, area.exit_kiosk_button)  # the second tap in time leaves kiosk mode


def test_a_double_tap_on_leave_kiosk_mode_only_asks(
    qtbot: QtBot,
    window: KioskWindow,
    officers: dict[str, StaffSession],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The confirming tap must be a second decision, not the rest of a double tap."""
    monkeypatch.setattr(tapguard, "QUIET_S", 0.4)
    layer = open_layer(qtbot, window, tmp_path)
    area = area_of(layer)
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
    unlocked: list[bool] = []
    window.unlocked.connect(lambda: unlocked.append(True))
    tap(qtbot, area.exit_kiosk_button)
    tap(qtbot, area.exit_kiosk_button)
    assert not unlocked and area.exit_kiosk_button.text() == "แตะอีกครั้งเพื่อปิดตู้บริการ"
    qtbot.wait(450)
    with qtbot.waitSignal(window.unlocked, timeout=1000):
        tap(qtbot, area.exit_kiosk_button)


def test_idle_sign_out_hands_the_screen_back_to_citizens(
    qtbot: QtBot, window: KioskWindow, officers: dict[str, StaffSession], tmp_path: Path
) -> None:
    layer = open_layer(qtbot, window, tmp_path)
    area = area_of(layer)
    area._idle.setInterval(200)
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    qtbot.waitUntil(lambda: not layer.is_open, timeout=3000)
    assert window.current == "welcome"


def test_the_queue_page_fits_the_screen_once_signed_in(
    qtbot: QtBot, window: KioskWindow, officers: dict[str, StaffSession], db: Database, station: Station, tmp_path: Path
) -> None:
    """The sign-in page's PIN pad is the tallest page; the queue page is not made as tall as it
    (its actions fell below the screen, under a scroll the officer did not know of)."""
    visitor(db, station)
    area = area_of(open_layer(qtbot, window, tmp_path))
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    tap(qtbot, area.queue.call_next)
    settle(qtbot, window)
    viewport = area.page_scroll.viewport()
    assert area.page_scroll.verticalScrollBar().maximum() == 0
    shown = [button for button in area.queue.buttons.values() if button.isVisible()]
    assert shown
    for button in shown:
        top = button.mapTo(viewport, QPoint(0, 0)).y()
        assert top >= 0 and top + button.height() <= viewport.height(), button.text()
