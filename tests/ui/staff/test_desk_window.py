"""``kiosk desk``: the staff window fits the screen it opens on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from pytestqt.qtbot import QtBot

from kiosk.staff import StaffSession
from tests.helpers import settle
from tests.ui.staff.conftest import SUPERVISOR_PIN
from tests.ui.staff.test_staff_area import sign_in
from ui.staff.app import StaffWindow, fit_staff_window
from ui.staff.area import PAGE_TH, StaffArea


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (1366, 768), (1920, 1080)])
def test_the_desk_window_is_laid_out_for_its_screen_and_fits_it(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], width: int, height: int
) -> None:
    area.ctx.theme.set(scale=1.0)  # as a desk starts: full-HD sizes
    window = StaffWindow(area)
    try:
        fit_and_check(qtbot, window, area, officers, width, height)
    finally:
        area.setParent(None)  # the fixture closes the area itself
        window.deleteLater()


def fit_and_check(
    qtbot: QtBot, window: StaffWindow, area: StaffArea, officers: dict[str, StaffSession], width: int, height: int
) -> None:
    fit_staff_window(window, QRect(0, 0, width, height))
    window.show()
    settle(qtbot, area)
    assert area.ctx.theme.scale == round(min(width / 1920, height / 1080), 2)
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)  # every tab of a supervisor shown
    for page in PAGE_TH:
        area.show_page(page)
        settle(qtbot, area)
        hint = window.minimumSizeHint()
        assert hint.width() <= width and hint.height() <= height, (page, hint)
    assert (window.width(), window.height()) == (width, height)
